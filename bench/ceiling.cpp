// The ceiling (docs/performance.md): the least work dormant must do on access-advisor NDJSON files,
// written as plainly and fast as possible, single-threaded. For every file: SHA-256 of
// every byte (OpenSSL), simdjson's DOM parse_many validating every document in full, and
// reading every `Arn` and every `LastAuthenticated`. Files are read in 2 MiB chunks (the
// fastest of 1, 2, 4 and 8 MiB here) into one reused padded buffer, each chunk cut after its
// last newline (one document per line, as bench/generate.py writes them). Prints totals so
// that nothing is optimised away.
//
//   ceiling FILE...
#include <fcntl.h>
#include <openssl/evp.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

constexpr std::size_t kChunk = std::size_t{2} << 20;

struct Totals {
  std::size_t documents = 0, services = 0, arn_bytes = 0, time_bytes = 0;
};

bool ParseRun(simdjson::dom::parser& parser, const char* data, std::size_t len, Totals& t) {
  simdjson::dom::document_stream stream;
  if (parser.parse_many(data, len, std::max<std::size_t>(len, 1 << 20)).get(stream)) return false;
  for (auto doc : stream) {
    simdjson::dom::object obj;
    if (doc.get_object().get(obj)) return false;
    std::string_view arn;
    if (obj["Arn"].get_string().get(arn)) return false;
    t.arn_bytes += arn.size();
    simdjson::dom::array list;
    if (!obj["ServicesLastAccessed"].get_array().get(list)) {
      for (simdjson::dom::element s : list) {
        std::string_view time;
        if (!s["LastAuthenticated"].get_string().get(time)) t.time_bytes += time.size();
        ++t.services;
      }
    }
    ++t.documents;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  simdjson::dom::parser parser;
  Totals totals;
  std::size_t capacity = 2 * kChunk;
  std::unique_ptr<char[]> buf(new char[capacity + simdjson::SIMDJSON_PADDING]);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  for (int f = 1; f < argc; ++f) {
    const int fd = ::open(argv[f], O_RDONLY);
    if (fd < 0) {
      std::perror(argv[f]);
      return 1;
    }
    EVP_MD_CTX* sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(sha, EVP_sha256(), nullptr);
    std::size_t size = 0;  // bytes in buf
    for (;;) {
      if (capacity - size < kChunk) {  // a line longer than a chunk: grow
        std::unique_ptr<char[]> bigger(new char[2 * capacity + simdjson::SIMDJSON_PADDING]);
        std::memcpy(bigger.get(), buf.get(), size);
        buf = std::move(bigger);
        capacity *= 2;
      }
      const ssize_t n = ::read(fd, buf.get() + size, kChunk);
      if (n < 0) return 1;
      EVP_DigestUpdate(sha, buf.get() + size, static_cast<std::size_t>(n));
      size += static_cast<std::size_t>(n);
      const void* nl = n == 0 ? buf.get() + size - 1 : ::memrchr(buf.get(), '\n', size);
      if (size == 0) break;
      if (nl == nullptr) continue;
      const std::size_t cut =
          static_cast<std::size_t>(static_cast<const char*>(nl) - buf.get()) + 1;
      if (!ParseRun(parser, buf.get(), cut, totals)) {
        std::fprintf(stderr, "%s: invalid JSON\n", argv[f]);
        return 2;
      }
      std::memmove(buf.get(), buf.get() + cut, size - cut);
      size -= cut;
      if (n == 0) break;
    }
    ::close(fd);
    EVP_DigestFinal_ex(sha, digest, &digest_size);
    EVP_MD_CTX_free(sha);
  }
  std::printf("%zu documents, %zu services, %zu arn bytes, %zu time bytes, digest %02x\n",
              totals.documents, totals.services, totals.arn_bytes, totals.time_bytes,
              digest_size ? digest[0] : 0);
  return 0;
}
