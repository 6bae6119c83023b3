// Atomic outputs (see output.h).
#include "dormant/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "dormant/error.h"

namespace dormant {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

// Writes all of `bytes` to `fd`; false (errno set) on failure.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The file to replace for `path`, or "" when `path` must be written directly.
std::string ReplacementTarget(const std::string& path) {
  struct stat link_st;
  if (::lstat(path.c_str(), &link_st) != 0) {
    if (errno != ENOENT) ThrowIo(path, "cannot examine the output path: " + ErrnoText());
    return path;
  }
  if (S_ISREG(link_st.st_mode)) return path;
  const bool device_path = path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0;
  if (S_ISLNK(link_st.st_mode) && !device_path) {
    // A link to a regular decision file is replaced at its target.
    struct stat target_st;
    char resolved[PATH_MAX];
    if (::stat(path.c_str(), &target_st) == 0 && S_ISREG(target_st.st_mode) &&
        ::realpath(path.c_str(), resolved) != nullptr) {
      return resolved;
    }
  }
  return "";
}

}  // namespace

PendingOutput::PendingOutput(std::string path, std::string_view bytes)
    : path_(std::move(path)), bytes_(bytes) {
  if (path_.empty()) return;
  target_ = ReplacementTarget(path_);
  if (target_.empty()) return;
  std::string temp = target_ + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) ThrowIo(path_, "cannot create the output file: " + ErrnoText());
  temp_ = temp;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  bool ok = ::fchmod(fd, 0666 & ~mask) == 0 && WriteAll(fd, bytes) && ::fsync(fd) == 0;
  const int saved = errno;
  if (::close(fd) != 0 && ok) ok = false;
  else errno = saved;
  if (!ok) {
    // The destructor does not run for a constructor that throws: remove the temporary here.
    const std::string why = ErrnoText();
    ::unlink(temp_.c_str());
    temp_.clear();
    ThrowIo(path_, "cannot write the output file: " + why);
  }
}

PendingOutput::~PendingOutput() {
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void PendingOutput::Commit() {
  if (!target_.empty()) {
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
      ThrowIo(path_, "cannot move the output file into place: " + ErrnoText());
    }
    temp_.clear();
    return;
  }
  if (path_.empty()) {
    if (!WriteAll(STDOUT_FILENO, bytes_)) ThrowIo("standard output", "cannot write: " + ErrnoText());
    return;
  }
  const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) ThrowIo(path_, "cannot open the output: " + ErrnoText());
  const bool ok = WriteAll(fd, bytes_);
  const int saved = errno;
  if (::close(fd) != 0 || !ok) {
    errno = ok ? errno : saved;
    ThrowIo(path_, "cannot write: " + ErrnoText());
  }
}

void WriteOutput(const std::string& path, std::string_view bytes) {
  PendingOutput output(path, bytes);
  output.Commit();
}

}  // namespace dormant
