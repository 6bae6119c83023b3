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

PendingOutput::PendingOutput(std::string path) : path_(std::move(path)) {
  if (path_.empty()) {
    fd_ = STDOUT_FILENO;
    return;
  }
  target_ = ReplacementTarget(path_);
  if (target_.empty()) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) ThrowIo(path_, "cannot open the output: " + ErrnoText());
    own_fd_ = true;
    return;
  }
  std::string temp = target_ + ".tmp-XXXXXX";
  fd_ = ::mkstemp(temp.data());
  if (fd_ < 0) ThrowIo(path_, "cannot create the output file: " + ErrnoText());
  own_fd_ = true;
  temp_ = temp;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd_, 0666 & ~mask) != 0) Fail("cannot write the output file");
}

PendingOutput::~PendingOutput() {
  if (own_fd_ && fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void PendingOutput::Fail(const std::string& what) {
  const std::string why = ErrnoText();
  if (own_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  ThrowIo(path_.empty() ? "standard output" : path_, what + ": " + why);
}

void PendingOutput::Append(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(temp_.empty() ? "cannot write" : "cannot write the output file");
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void PendingOutput::Commit() {
  if (temp_.empty()) {  // a direct write
    if (own_fd_ && ::close(fd_) != 0) {
      fd_ = -1;
      Fail("cannot write");
    }
    fd_ = -1;
    return;
  }
  if (::fsync(fd_) != 0) Fail("cannot write the output file");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) Fail("cannot write the output file");
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    Fail("cannot move the output file into place");
  }
  temp_.clear();
}

void WriteOutput(const std::string& path, std::string_view bytes) {
  PendingOutput output(path);
  output.Append(bytes);
  output.Commit();
}

}  // namespace dormant
