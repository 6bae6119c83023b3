// dormant/output.h — writing finished outputs without ever leaving a partial file.
#ifndef DORMANT_OUTPUT_H_
#define DORMANT_OUTPUT_H_

#include <string>
#include <string_view>

namespace dormant {

// One output, written in two steps so that several outputs of a run appear together or not
// at all (SPEC §1). The constructor prepares: a path that is a regular file or does not
// exist yet is written to a temporary file in the same directory (a symbolic link to a
// regular file: next to its target). Commit() renames the temporary into place. A path
// that exists but is not a regular file (a FIFO, a device such as /dev/stdout) and
// standard output (empty path) are written directly, at Commit(), appending (O_APPEND)
// so that a shell's `>>` is respected. Both steps throw Error(kIo); a PendingOutput
// destroyed without Commit() removes its temporary.
class PendingOutput {
 public:
  PendingOutput(std::string path, std::string_view bytes);
  ~PendingOutput();
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;

  void Commit();

 private:
  std::string path_;     // as given; empty for standard output
  std::string target_;   // the file renamed over; empty for a direct write
  std::string temp_;     // the prepared temporary; empty once committed
  std::string_view bytes_;  // kept for a direct write (must outlive Commit)
};

// Prepares and commits one output (see PendingOutput). `bytes` is written completely or
// not at all.
void WriteOutput(const std::string& path, std::string_view bytes);

}  // namespace dormant

#endif  // DORMANT_OUTPUT_H_
