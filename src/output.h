// dormant/output.h — writing outputs without ever leaving a partial file, and without
// ever overwriting the files a run reads.
#ifndef DORMANT_OUTPUT_H_
#define DORMANT_OUTPUT_H_

#include <string>
#include <string_view>
#include <vector>

namespace dormant {

// One output, written in three steps so that several outputs of a run appear together or
// not at all: construct (open), Append() the bytes, Commit().
//
// A path that is a regular file or does not exist yet is written to a temporary file
// `.dormant-XXXXXX` in the same directory (a symbolic link to a regular file: next to its
// target), which Commit() renames into place. The temporary's name is short whatever the
// output's name, so any valid file name works. A replaced file keeps its permission bits;
// its owner and group too where the process may set them (as root); otherwise the new file
// belongs to the user running dormant and, when its group differs from the old file's,
// loses the group permissions (access is never widened). A new file gets 0666 minus the
// umask.
//
// A path that exists but is not a regular file (a FIFO, a device such as /dev/stdout) and
// standard output (empty path) are written directly, appending (O_APPEND, so that a shell's
// `>>` is respected; standard output is used as the shell opened it). When such a direct
// output is a regular file (`> out.jsonl`), a PendingOutput that has written to it and is
// destroyed without Commit() truncates it back to the size it had when opened.
//
// A PendingOutput destroyed without Commit() removes its temporary, so an existing file is
// only ever replaced by a complete one. SIGINT, SIGTERM and SIGHUP (unless ignored when the
// first output is opened) do the same for every pending output, then end the process by the
// signal: the handler only uses a fixed registry prepared when each output is opened (at
// most 8 at once). Every step throws Error(kIo).
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
  void OpenTemporary(const std::string& target);
  void OpenDirect(int fd, bool own_fd);
  // Removes the temporary, or truncates a direct regular file back; closes everything.
  void Discard();

  std::string path_;  // as given; empty for standard output
  int fd_ = -1;
  bool own_fd_ = false;      // false for standard output
  int dir_fd_ = -1;          // a temporary's directory (O_PATH); -1 for a direct write
  std::string target_name_;  // the name in dir_fd_ renamed over
  int slot_ = -1;            // this output's entry in the signal handler's registry
  bool written_ = false;     // bytes went to a direct output
};

// Writes `bytes` to `path` completely or not at all (see PendingOutput).
void WriteOutput(const std::string& path, std::string_view bytes);

// A file of a run, named for messages: `role` is e.g. "--out" or "the input".
struct NamedFile {
  std::string role;
  std::string path;  // for an output, empty means standard output
};

// Refuses a run that would overwrite what it reads: throws Error(kUsage), naming both files,
// when an output is the same file (device and inode, symbolic links followed; standard
// output by its descriptor) as one of `sources` or as another output, or when two outputs
// that do not exist yet name the same directory entry. Terminals, /dev/null and other
// character or block devices hold nothing to overwrite and are not compared. A path that
// cannot be examined is skipped (reading or writing it reports the error). Reads no file.
void RefuseOutputsOverSources(const std::vector<NamedFile>& outputs,
                              const std::vector<NamedFile>& sources);

}  // namespace dormant

#endif  // DORMANT_OUTPUT_H_
