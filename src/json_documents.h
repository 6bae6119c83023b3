// json_documents.h (private) — the top-level JSON documents of an input file, streamed.
//
// A file holds one object, a JSON array (the only value in its file), or a sequence of
// objects separated by optional white space (NDJSON). Sequences are read in bounded
// chunks: the reader finds each document's end with a small string-aware bracket scanner
// and hands exactly that slice to simdjson's DOM parser, which validates it in full
// (UTF-8 included). Memory: one chunk buffer (grown only for a document larger than a
// chunk, up to kMaxDocumentBytes) plus the parser's tape for one document. A top-level
// array is loaded and parsed whole.
#ifndef DORMANT_JSON_DOCUMENTS_H_
#define DORMANT_JSON_DOCUMENTS_H_

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dormant/error.h"
#include "file_source.h"

namespace dormant {

inline constexpr std::size_t kMaxDocumentBytes = std::size_t{256} << 20;

// Where a document is, for messages.
struct DocumentPosition {
  std::uint64_t offset = 0;  // byte offset of the document's first byte in the file
  std::int64_t index = -1;   // element index inside a top-level array, or -1
};

// Calls `on_document` for each top-level document of the JSON file whose first bytes are
// in `buf` (as read from `source`; `start` is the offset of the first non-blank byte,
// which is `{` or `[`). The element is valid only during the call. Throws Error(kInput)
// for invalid JSON, naming the file and line.
void ForEachDocument(FileSource& source, PaddedBuffer& buf, std::size_t start,
                     simdjson::dom::parser& parser,
                     const std::function<void(simdjson::dom::element, const DocumentPosition&)>&
                         on_document);

// The Error(kInput) for the document at `pos`: "FILE:LINE: what" for a streamed
// document, "FILE: array element N: what" inside a top-level array.
Error InputErrorAt(const std::string& path, const DocumentPosition& pos, const std::string& what);

// Throws InputErrorAt(path, pos, what).
[[noreturn]] void FailAt(const std::string& path, const DocumentPosition& pos,
                         const std::string& what);

}  // namespace dormant

#endif  // DORMANT_JSON_DOCUMENTS_H_
