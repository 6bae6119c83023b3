// fuzz_support.h — shared by the libFuzzer targets in this directory.
//
// A target feeds one input to a reader. dormant::Error is the expected outcome of bad
// input; anything else (another exception, a sanitizer report, a broken invariant) must
// crash so that libFuzzer records the input. Invariants are checked with Require(), which
// aborts with a message.
#ifndef DORMANT_FUZZ_FUZZ_SUPPORT_H_
#define DORMANT_FUZZ_FUZZ_SUPPORT_H_

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dormant/error.h"

namespace dormant::fuzz {

// Aborts with `what` when `ok` is false.
inline void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "dormant fuzz: invariant broken: %s\n", what);
  std::abort();
}

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Every error of a reader has the expected category and a non-empty message.
inline void CheckError(const Error& e, ErrorKind expected) {
  Require(e.kind() == expected, "an error of an unexpected category");
  Require(!std::string_view(e.what()).empty(), "an error without a message");
}

// An error is one line on standard error. The messages quote input text, so a
// control character in the input may end up in the message. Checked only when
// DORMANT_FUZZ_ONE_LINE is set (see scripts/fuzz.sh): the CLI does not escape messages
// yet, and the check would otherwise stop every run on its first finding.
inline void CheckOneLine(const Error& e) {
  static const bool enabled = std::getenv("DORMANT_FUZZ_ONE_LINE") != nullptr;
  if (!enabled) return;
  for (const char c : e.Describe()) {
    Require(static_cast<unsigned char>(c) >= 0x20 || c == '\t', "a control character in a message");
  }
}

// A file in /dev/shm (memory, no disk traffic) that holds the current input, for the
// readers that take a path. One per target and process; removed at exit.
class ScratchFile {
 public:
  explicit ScratchFile(std::string_view target)
      : path_("/dev/shm/dormant-fuzz-" + std::string(target) + "-" + std::to_string(::getpid())) {}
  ~ScratchFile() { ::unlink(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  // Replaces the file's contents with `bytes`; returns its path.
  const std::string& Write(std::string_view bytes) const {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    Require(fd >= 0, "cannot create the scratch file");
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      Require(n > 0, "cannot write the scratch file");
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return path_;
  }

 private:
  std::string path_;
};

}  // namespace dormant::fuzz

#endif  // DORMANT_FUZZ_FUZZ_SUPPORT_H_
