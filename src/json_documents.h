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

#include "dormant/sha256.h"

namespace dormant {

inline constexpr std::size_t kChunkBytes = std::size_t{4} << 20;
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{256} << 20;

// A byte buffer with SIMDJSON_PADDING readable bytes after its end.
class PaddedBuffer {
 public:
  char* data() { return data_.get(); }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_.get(), size_}; }
  // Ensures room for `capacity` bytes (plus padding), keeping the contents.
  void Reserve(std::size_t capacity);
  // REQUIRES: size <= the reserved capacity. Zeroes the padding after the new end.
  void Resize(std::size_t size);
  // Drops the first `n` bytes.
  void Consume(std::size_t n);

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// Reads a file front to back, hashing every byte read.
class FileSource {
 public:
  // Throws Error(kIo) if the file cannot be opened.
  explicit FileSource(const std::string& path);
  ~FileSource();
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  // Appends up to `max` bytes to `buf`. Returns the number of bytes read; 0 at the end.
  // Throws Error(kIo) on a read error.
  std::size_t ReadMore(PaddedBuffer& buf, std::size_t max);
  // Appends the rest of the file to `buf`.
  void ReadAll(PaddedBuffer& buf);
  std::uint64_t bytes_read() const { return bytes_read_; }
  std::string HexDigest() { return sha_.HexDigest(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t bytes_read_ = 0;
  Sha256 sha_;
};

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

// The 1-based line of byte `offset` in `path` (re-reads the file; for messages only).
std::uint64_t LineOfOffset(const std::string& path, std::uint64_t offset);

// Throws Error(kInput) for the document at `pos`: "FILE:LINE: what" for a streamed
// document, "FILE: array element N: what" inside a top-level array.
[[noreturn]] void FailAt(const std::string& path, const DocumentPosition& pos,
                         const std::string& what);

}  // namespace dormant

#endif  // DORMANT_JSON_DOCUMENTS_H_
