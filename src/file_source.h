// file_source.h (private) — reading input files: chunked reads, SHA-256 of the stored
// bytes, transparent gzip, and a buffer with the padding simdjson needs.
// Memory: the caller's buffer plus, for gzip files, one 1 MiB input buffer and zlib's state.
#ifndef DORMANT_FILE_SOURCE_H_
#define DORMANT_FILE_SOURCE_H_

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "dormant/error.h"
#include "sha256.h"

namespace dormant {

inline constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
// The most any single document may hold, decompressed: one JSON document of a stream, one
// element of a top-level JSON array, a credential report (CSV or JSON). Parsing needs up to
// about 15 times a document's size, so this also bounds the memory one document can take.
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{256} << 20;
// Readable bytes after the end of a PaddedBuffer (at least simdjson's SIMDJSON_PADDING).
inline constexpr std::size_t kBufferPadding = 64;

// A byte buffer with kBufferPadding zeroed bytes after its end. Grows geometrically, so that
// filling it a chunk at a time copies each byte a bounded number of times; the capacity
// reserved beyond what is written is never touched (it costs address space, not memory).
class PaddedBuffer {
 public:
  char* data() { return data_.get(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::string_view view() const { return {data_.get(), size_}; }
  // Ensures room for `capacity` bytes (plus padding), keeping the contents; grows to at
  // least 1.5 times the old capacity.
  void Reserve(std::size_t capacity);
  // REQUIRES: size <= the reserved capacity. Zeroes the padding after the new end.
  void Resize(std::size_t size);
  // Drops the first `n` bytes.
  void Consume(std::size_t n);
  // Gives back capacity beyond max(size(), `keep`) bytes.
  void Shrink(std::size_t keep);
  // Drops all bytes, keeping the capacity for reuse.
  void Clear() {
    if (data_) Resize(0);
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// Reads a file front to back, hashing every byte of the file as stored. A file that
// starts with the gzip magic bytes is decompressed on the fly (the hash is still of the
// compressed bytes, so it matches `sha256sum` of the file).
class FileSource {
 public:
  // Throws Error(kIo) if the file cannot be opened. Bytes read are added to `progress`
  // when given.
  explicit FileSource(const std::string& path, std::atomic<std::uint64_t>* progress = nullptr);
  ~FileSource();
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  // Appends up to `max` bytes (decompressed) to `buf`. Returns the number of bytes
  // appended; 0 at the end. Throws Error(kIo) on a read error, Error(kInput) on corrupt
  // or cut-off gzip data.
  std::size_t ReadMore(PaddedBuffer& buf, std::size_t max);
  // Appends the rest of the file to `buf`. Throws Error(kInput) once `buf` would hold more
  // than `limit` bytes (decompressed), before buffering more than `limit` + 1 bytes: a gzip
  // file of a few hundred KB can inflate to any size, and /dev/zero never ends.
  void ReadAll(PaddedBuffer& buf, std::size_t limit = kMaxDocumentBytes);
  std::string HexDigest() { return sha_.HexDigest(); }
  const std::string& path() const { return path_; }

 private:
  // Reads raw bytes from the file into `dst`, hashing them. Returns 0 at the end.
  std::size_t ReadRaw(char* dst, std::size_t max);
  std::size_t Inflate(PaddedBuffer& buf, std::size_t max);

  struct Gzip;
  std::string path_;
  int fd_ = -1;
  Sha256 sha_;
  std::unique_ptr<Gzip> gzip_;  // set for gzip files
  std::atomic<std::uint64_t>* progress_;
};

// The bytes of the file at `path`, read whole with plain POSIX reads (a FIFO works; a read
// error is never mistaken for an empty file). `what` names the file in messages, e.g.
// "the policy". Throws Error(kIo), and Error(too_large) for more than `limit` bytes (a link
// to /dev/zero would otherwise take all memory).
std::string ReadFileBytes(const std::string& path, const std::string& what,
                          std::size_t limit = std::numeric_limits<std::size_t>::max(),
                          ErrorKind too_large = ErrorKind::kInput);

// The 1-based line of byte `offset` of the (decompressed) content of `path`. Re-reads the
// file; for messages only. Returns 0 if the file cannot be read.
std::uint64_t LineOfOffset(const std::string& path, std::uint64_t offset);

}  // namespace dormant

#endif  // DORMANT_FILE_SOURCE_H_
