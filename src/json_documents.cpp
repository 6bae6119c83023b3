// Streaming of top-level JSON documents (see json_documents.h).
#include "json_documents.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "dormant/error.h"

namespace dormant {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Returns the offset just past the document that starts at `begin` (a `{` or `[`), or
// npos if the buffer ends first. Brackets inside strings are skipped; whether brackets
// match is left to the parser.
std::size_t FindDocumentEnd(std::string_view buf, std::size_t begin) {
  std::size_t depth = 0;
  const char* const p = buf.data();
  const std::size_t n = buf.size();
  for (std::size_t i = begin; i < n; ++i) {
    const char c = p[i];
    if (c == '"') {
      // Skip the string: find the closing quote that is not escaped.
      for (++i;; ++i) {
        const void* q = std::memchr(p + i, '"', n - i);
        if (q == nullptr) return std::string_view::npos;
        i = static_cast<std::size_t>(static_cast<const char*>(q) - p);
        std::size_t backslashes = 0;
        while (i - backslashes > 0 && p[i - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
      }
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

std::string SimdjsonMessage(simdjson::error_code e) { return simdjson::error_message(e); }

}  // namespace

void PaddedBuffer::Reserve(std::size_t capacity) {
  if (capacity <= capacity_ && data_) return;
  std::unique_ptr<char[]> bigger(new char[capacity + simdjson::SIMDJSON_PADDING]);
  if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
  std::memset(bigger.get() + capacity, 0, simdjson::SIMDJSON_PADDING);
  data_ = std::move(bigger);
  capacity_ = capacity;
}

void PaddedBuffer::Resize(std::size_t size) {
  size_ = size;
  std::memset(data_.get() + size_, 0, simdjson::SIMDJSON_PADDING);
}

void PaddedBuffer::Consume(std::size_t n) {
  std::memmove(data_.get(), data_.get() + n, size_ - n);
  Resize(size_ - n);
}

FileSource::FileSource(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) ThrowIo(path, std::string("cannot open: ") + std::strerror(errno));
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::ReadMore(PaddedBuffer& buf, std::size_t max) {
  buf.Reserve(buf.size() + max);
  for (;;) {
    const ssize_t n = ::read(fd_, buf.data() + buf.size(), max);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo(path_, std::string("read error: ") + std::strerror(errno));
    }
    const auto got = static_cast<std::size_t>(n);
    sha_.Update(std::string_view(buf.data() + buf.size(), got));
    buf.Resize(buf.size() + got);
    bytes_read_ += got;
    return got;
  }
}

void FileSource::ReadAll(PaddedBuffer& buf) {
  std::size_t want = kChunkBytes;
  while (ReadMore(buf, want) > 0) {
    if (want < (std::size_t{64} << 20)) want *= 2;
  }
}

std::uint64_t LineOfOffset(const std::string& path, std::uint64_t offset) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::uint64_t line = 1, pos = 0;
  char chunk[1 << 16];
  while (pos < offset) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    const auto got = static_cast<std::uint64_t>(n);
    const std::uint64_t use = std::min(got, offset - pos);
    for (std::uint64_t i = 0; i < use; ++i) line += chunk[i] == '\n';
    pos += got;
  }
  ::close(fd);
  return line;
}

void FailAt(const std::string& path, const DocumentPosition& pos, const std::string& what) {
  if (pos.index >= 0) {
    ThrowInput(path, 0, "array element " + std::to_string(pos.index) + ": " + what);
  }
  ThrowInput(path, LineOfOffset(path, pos.offset), what);
}

void ForEachDocument(FileSource& source, PaddedBuffer& buf, std::size_t start,
                     simdjson::dom::parser& parser,
                     const std::function<void(simdjson::dom::element, const DocumentPosition&)>&
                         on_document) {
  const std::string& path = source.path();
  simdjson::dom::element doc;
  if (buf.data()[start] == '[') {
    // A top-level array is the only value in its file: parse it whole.
    source.ReadAll(buf);
    DocumentPosition pos{start, -1};
    if (const auto e = parser.parse(buf.data() + start, buf.size() - start, false).get(doc)) {
      FailAt(path, pos, "invalid JSON: " + SimdjsonMessage(e));
    }
    simdjson::dom::array array;
    if (doc.get_array().get(array)) FailAt(path, pos, "expected a JSON array");
    DocumentPosition element_pos{start, 0};
    for (simdjson::dom::element element : array) {
      on_document(element, element_pos);
      ++element_pos.index;
    }
    return;
  }
  // A sequence of documents, read chunk by chunk. `consumed` counts the bytes dropped
  // from the front of the buffer, so that offsets are absolute.
  std::uint64_t consumed = 0;
  std::size_t pos = start;
  bool at_end = false;
  for (;;) {
    while (pos < buf.size() && IsBlank(buf.data()[pos])) ++pos;
    if (pos == buf.size()) {
      if (at_end) return;
      consumed += pos;
      buf.Consume(pos);
      pos = 0;
      at_end = source.ReadMore(buf, kChunkBytes) == 0;
      continue;
    }
    const char first = buf.data()[pos];
    const DocumentPosition where{consumed + pos, -1};
    if (first != '{' && first != '[') {
      FailAt(path, where,
             std::string("invalid JSON: expected a document ('{') but found '") + first + "'");
    }
    const std::size_t end = FindDocumentEnd(buf.view(), pos);
    if (end == std::string_view::npos) {
      if (at_end) FailAt(path, where, "invalid JSON: the document is cut off at the end of the file");
      if (buf.size() - pos > kMaxDocumentBytes) {
        FailAt(path, where, "a JSON document is larger than 256 MiB");
      }
      consumed += pos;
      buf.Consume(pos);
      pos = 0;
      at_end = source.ReadMore(buf, std::max(kChunkBytes, buf.size())) == 0;
      continue;
    }
    // The slice is followed by readable bytes (the rest of the buffer and its padding).
    if (const auto e = parser.parse(buf.data() + pos, end - pos, false).get(doc)) {
      FailAt(path, where, "invalid JSON: " + SimdjsonMessage(e));
    }
    on_document(doc, where);
    pos = end;
  }
}

}  // namespace dormant
