// dormant/error.h — the one error type of dormant.
//
// Every failure ends the run: there is nothing to recover from in the middle of an
// evaluation. Readers and loaders throw `Error`; the CLI entry point catches it exactly
// once, maps its category to its exit code and prints one line
// `dormant: FILE:LINE: message`.
#ifndef DORMANT_ERROR_H_
#define DORMANT_ERROR_H_

#include <cstdint>
#include <stdexcept>
#include <string>

namespace dormant {

// What kind of failure this is; each maps to one exit code.
enum class ErrorKind {
  kUsage = 2,  // bad flags, missing input path, invalid policy, as-of problems
  kInput = 4,  // invalid input data; nothing is written
  kIo = 5,     // a file that exists but cannot be read, an output that cannot be written
};

class Error : public std::runtime_error {
 public:
  // `file` may be empty (no file involved); `line` 0 means "no line applies".
  Error(ErrorKind kind, std::string file, std::uint64_t line, const std::string& message)
      : std::runtime_error(message), kind_(kind), file_(std::move(file)), line_(line) {}

  ErrorKind kind() const { return kind_; }
  const std::string& file() const { return file_; }
  std::uint64_t line() const { return line_; }

  // The one-line message without the "dormant: " prefix: "FILE:LINE: what", "FILE: what"
  // or "what".
  std::string Describe() const {
    std::string out;
    if (!file_.empty()) {
      out += file_;
      if (line_ != 0) out += ":" + std::to_string(line_);
      out += ": ";
    }
    out += what();
    return out;
  }

 private:
  ErrorKind kind_;
  std::string file_;
  std::uint64_t line_;
};

// Shorthands for the common cases.
[[noreturn]] inline void ThrowInput(const std::string& file, std::uint64_t line,
                                    const std::string& message) {
  throw Error(ErrorKind::kInput, file, line, message);
}
[[noreturn]] inline void ThrowUsage(const std::string& file, const std::string& message) {
  throw Error(ErrorKind::kUsage, file, 0, message);
}
[[noreturn]] inline void ThrowIo(const std::string& file, const std::string& message) {
  throw Error(ErrorKind::kIo, file, 0, message);
}

}  // namespace dormant

#endif  // DORMANT_ERROR_H_
