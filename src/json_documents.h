// json_documents.h (private) — the top-level JSON documents of an input file, streamed.
//
// A file holds one object, a JSON array (the only value in its file), or a sequence of
// objects separated by optional white space (NDJSON). Both are read in bounded chunks: a
// sequence is cut after the last newline between two documents and parsed as a run; a
// top-level array is taken element by element (the reader checks the brackets, commas and
// white space between elements), each element's end found by a small string-aware bracket
// scanner and exactly that slice handed to simdjson's DOM parser, which validates it in
// full (UTF-8 included). Memory: one chunk buffer (grown geometrically for a document
// larger than a chunk, up to kMaxDocumentBytes) plus the parser's tape for one document,
// about 15 times the document at worst (tiny values).
#ifndef DORMANT_JSON_DOCUMENTS_H_
#define DORMANT_JSON_DOCUMENTS_H_

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dormant/error.h"
#include "dormant/timestamp.h"
#include "file_source.h"

namespace dormant {

// Where a document is, for messages.
struct DocumentPosition {
  std::uint64_t offset = 0;  // byte offset of the document's first byte in the file
  std::int64_t index = -1;   // element index inside a top-level array, or -1
  std::uint64_t line = 1;    // the 1-based line of `offset`
};

// Calls `on_document` for each top-level document of the JSON file whose first bytes are
// in `buf` (as read from `source`, from the file's first byte; `start` is the offset of the
// first non-blank byte, which is `{` or `[`). The elements of a top-level array are the
// documents, with their index. The element is valid only during the call. Throws
// Error(kInput) for invalid JSON, naming the file and the line where the error is, and for
// a document larger than kMaxDocumentBytes.
void ForEachDocument(
    FileSource& source, PaddedBuffer& buf, std::size_t start, simdjson::dom::parser& parser,
    const std::function<void(simdjson::dom::element, const DocumentPosition&)>& on_document);

// The offset of the first byte of `text` that cannot continue a valid JSON document, or
// npos when none is found (a problem this check does not look for: UTF-8, number range,
// depth). For messages only, after a parser rejected `text`.
std::size_t JsonSyntaxErrorOffset(std::string_view text);

// The Error(kInput) for the document at `pos`: "FILE:LINE: what", or
// "FILE:LINE: array element N: what" inside a top-level array.
Error InputErrorAt(const std::string& path, const DocumentPosition& pos, const std::string& what);

// Throws InputErrorAt(path, pos, what).
[[noreturn]] void FailAt(const std::string& path, const DocumentPosition& pos,
                         const std::string& what);

// The members a reader takes from its documents. Every message about a document goes
// through DocumentContext::Fail, which places it.

// Where in the file a document is.
struct DocumentContext {
  const std::string& path;
  DocumentPosition pos;
  [[noreturn]] void Fail(const std::string& what) const { FailAt(path, pos, what); }
};

// The members of an object that a reader reads: `value[i]` is that of `names[i]`. A read
// member appearing twice is an error; a null value counts as absent.
template <std::size_t N>
struct Members {
  std::array<simdjson::dom::element, N> value{};
  std::array<bool, N> present{};
};

// Collects `names` from `obj`; `where` prefixes the member name in the message for a member
// that appears twice.
template <std::size_t N>
Members<N> ReadMembers(simdjson::dom::object obj, const std::array<std::string_view, N>& names,
                       const DocumentContext& ctx, std::string_view where) {
  Members<N> out;
  std::array<bool, N> seen{};
  for (const simdjson::dom::key_value_pair field : obj) {
    for (std::size_t i = 0; i < N; ++i) {
      if (field.key != names[i]) continue;
      if (seen[i]) ctx.Fail(std::string(where) + std::string(names[i]) + ": member appears twice");
      seen[i] = true;
      if (!field.value.is_null()) {
        out.value[i] = field.value;
        out.present[i] = true;
      }
    }
  }
  return out;
}

// The value of member `name` as a string, a timestamp, or an object (`what` names it in
// the message); fails through `ctx` otherwise.
std::string_view String(simdjson::dom::element e, const DocumentContext& ctx,
                        const std::string& name);
Instant Timestamp(simdjson::dom::element e, const DocumentContext& ctx, const std::string& name);
simdjson::dom::object Object(simdjson::dom::element e, const DocumentContext& ctx,
                             const std::string& what);

}  // namespace dormant

#endif  // DORMANT_JSON_DOCUMENTS_H_
