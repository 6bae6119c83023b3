// Input file reading with hashing and transparent gzip (see file_source.h).
#include "file_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dormant/error.h"

namespace dormant {
namespace {

constexpr std::size_t kGzipInputBytes = std::size_t{1} << 20;

}  // namespace

void PaddedBuffer::Reserve(std::size_t capacity) {
  if (capacity <= capacity_ && data_) return;
  capacity = std::max(capacity, capacity_ + capacity_ / 2);
  // Only the padding is zeroed: pages beyond it stay untouched until written.
  std::unique_ptr<char[]> bigger(new char[capacity + kBufferPadding]);
  if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
  std::memset(bigger.get() + size_, 0, kBufferPadding);
  data_ = std::move(bigger);
  capacity_ = capacity;
}

void PaddedBuffer::Resize(std::size_t size) {
  size_ = size;
  std::memset(data_.get() + size_, 0, kBufferPadding);
}

void PaddedBuffer::Shrink(std::size_t keep) {
  const std::size_t capacity = std::max(size_, keep);
  if (capacity >= capacity_) return;
  std::unique_ptr<char[]> smaller(new char[capacity + kBufferPadding]);
  std::memcpy(smaller.get(), data_.get(), size_ + kBufferPadding);
  data_ = std::move(smaller);
  capacity_ = capacity;
}

void PaddedBuffer::Consume(std::size_t n) {
  std::memmove(data_.get(), data_.get() + n, size_ - n);
  Resize(size_ - n);
}

// zlib state and the compressed input not yet inflated.
struct FileSource::Gzip {
  z_stream zs{};
  std::unique_ptr<unsigned char[]> input{new unsigned char[kGzipInputBytes]};
  bool input_at_end = false;
  bool stream_ended = false;  // the current gzip member is complete
  Gzip() {
    // 15 + 16: a gzip wrapper, the largest window.
    if (inflateInit2(&zs, 15 + 16) != Z_OK) throw Error(ErrorKind::kIo, "", 0, "zlib init failed");
  }
  ~Gzip() { inflateEnd(&zs); }
};

FileSource::FileSource(const std::string& path, std::atomic<std::uint64_t>* progress)
    : path_(path), progress_(progress) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) ThrowIo(path, std::string("cannot open: ") + std::strerror(errno));
  // Sniff the gzip magic bytes 1f 8b without moving the file offset (and without hashing:
  // every byte is hashed once, when read for real).
  unsigned char magic[2] = {0, 0};
  if (::pread(fd_, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    gzip_ = std::make_unique<Gzip>();
  }
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::ReadRaw(char* dst, std::size_t max) {
  for (;;) {
    const ssize_t n = ::read(fd_, dst, max);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo(path_, std::string("read error: ") + std::strerror(errno));
    }
    const auto got = static_cast<std::size_t>(n);
    sha_.Update(std::string_view(dst, got));
    if (progress_ != nullptr) progress_->fetch_add(got, std::memory_order_relaxed);
    return got;
  }
}

std::size_t FileSource::ReadMore(PaddedBuffer& buf, std::size_t max) {
  buf.Reserve(buf.size() + max);
  if (gzip_) return Inflate(buf, max);
  // Fill the request: a pipe or FIFO (`<(zcat ...)`) returns at most 64 KiB per read(), and
  // callers that grow the buffer geometrically would otherwise rescan and reallocate it
  // for every such sliver (quadratic time on a large document).
  std::size_t got = 0;
  while (got < max) {
    const std::size_t n = ReadRaw(buf.data() + buf.size() + got, max - got);
    if (n == 0) break;
    got += n;
  }
  buf.Resize(buf.size() + got);
  return got;
}

std::size_t FileSource::Inflate(PaddedBuffer& buf, std::size_t max) {
  Gzip& g = *gzip_;
  g.zs.next_out = reinterpret_cast<unsigned char*>(buf.data() + buf.size());
  g.zs.avail_out = static_cast<uInt>(max);
  while (g.zs.avail_out > 0) {
    if (g.zs.avail_in == 0 && !g.input_at_end) {
      const std::size_t n = ReadRaw(reinterpret_cast<char*>(g.input.get()), kGzipInputBytes);
      g.input_at_end = n == 0;
      g.zs.next_in = g.input.get();
      g.zs.avail_in = static_cast<uInt>(n);
    }
    if (g.zs.avail_in == 0 && g.input_at_end) {
      if (!g.stream_ended) ThrowInput(path_, 0, "the gzip data is cut off");
      break;
    }
    if (g.stream_ended) {
      // Another gzip member follows (concatenated .gz files are one stream of bytes).
      inflateReset(&g.zs);
      g.stream_ended = false;
    }
    const int rc = inflate(&g.zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      g.stream_ended = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      ThrowInput(path_, 0, std::string("invalid gzip data: ") + (g.zs.msg ? g.zs.msg : "corrupt"));
    }
  }
  const std::size_t got = max - g.zs.avail_out;
  buf.Resize(buf.size() + got);
  return got;
}

void FileSource::ReadAll(PaddedBuffer& buf, std::size_t limit) {
  // Each read asks for as much as the buffer holds (geometric growth), but never for more
  // than one byte past the limit.
  for (;;) {
    const std::size_t room = limit + 1 - std::min(buf.size(), limit + 1);
    if (room == 0) {
      ThrowInput(path_, 0,
                 "more than " + std::to_string(limit) + " bytes" + (gzip_ ? " decompressed" : "") +
                     ": a credential report is read whole and may not be larger");
    }
    std::size_t want = std::max(kChunkBytes, buf.size());
    if (want >= room / 2) want = room;  // the last step: no copy for the one byte past the limit
    if (ReadMore(buf, want) == 0) return;
  }
}

std::string ReadFileBytes(const std::string& path, const std::string& what, std::size_t limit,
                          ErrorKind too_large) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowIo(path, "cannot open " + what + ": " + std::strerror(errno));
  std::string text;
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      ThrowIo(path, "cannot read " + what + ": " + std::strerror(error));
    }
    if (n == 0) break;
    if (static_cast<std::size_t>(n) > limit - text.size()) {
      ::close(fd);
      throw Error(too_large, path, 0,
                  what + " is larger than " + std::to_string(limit) + " bytes: not a real one");
    }
    text.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

std::uint64_t LineOfOffset(const std::string& path, std::uint64_t offset) {
  try {
    FileSource source(path);
    PaddedBuffer buf;
    buf.Reserve(std::size_t{1} << 20);
    std::uint64_t line = 1, pos = 0;
    while (pos < offset) {
      buf.Resize(0);
      const std::size_t got = source.ReadMore(buf, std::size_t{1} << 20);
      if (got == 0) break;
      const std::uint64_t use = std::min<std::uint64_t>(got, offset - pos);
      for (std::uint64_t i = 0; i < use; ++i) line += buf.data()[i] == '\n';
      pos += got;
    }
    return line;
  } catch (const Error&) {
    return 0;
  }
}

}  // namespace dormant
