// dormant/output.h — writing outputs without ever leaving a partial file.
#ifndef DORMANT_OUTPUT_H_
#define DORMANT_OUTPUT_H_

#include <string>
#include <string_view>

namespace dormant {

// One output, written in three steps so that several outputs of a run appear together or
// not at all (SPEC §1): construct (open), Append() the bytes, Commit().
//
// A path that is a regular file or does not exist yet is written to a temporary file in
// the same directory (a symbolic link to a regular file: next to its target) which
// Commit() renames into place; a PendingOutput destroyed without Commit() removes it, so an
// existing file is only ever replaced by a complete one. A path that exists but is not a
// regular file (a FIFO, a device such as /dev/stdout) and standard output (empty path) are
// written directly, appending (O_APPEND) so that a shell's `>>` is respected; only an I/O
// error can then leave them partly written. Every step throws Error(kIo).
class PendingOutput {
 public:
  explicit PendingOutput(std::string path);
  ~PendingOutput();
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;

  void Append(std::string_view bytes);
  void Commit();

 private:
  [[noreturn]] void Fail(const std::string& what);

  std::string path_;    // as given; empty for standard output
  std::string target_;  // the file renamed over; empty for a direct write
  std::string temp_;    // the temporary; empty once committed
  int fd_ = -1;
  bool own_fd_ = false;  // false for standard output
};

// Writes `bytes` to `path` completely or not at all (see PendingOutput).
void WriteOutput(const std::string& path, std::string_view bytes);

}  // namespace dormant

#endif  // DORMANT_OUTPUT_H_
