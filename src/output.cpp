// Atomic output (see output.h).
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

void WriteDirect(const std::string& shown, int fd, std::string_view bytes) {
  if (!WriteAll(fd, bytes)) ThrowIo(shown, "cannot write: " + ErrnoText());
}

void WriteReplacing(const std::string& shown, const std::string& target, std::string_view bytes) {
  std::string temp = target + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) ThrowIo(shown, "cannot create the output file: " + ErrnoText());
  const mode_t mask = ::umask(0);
  ::umask(mask);
  bool ok = ::fchmod(fd, 0666 & ~mask) == 0 && WriteAll(fd, bytes) && ::fsync(fd) == 0;
  const int saved = errno;
  ok = (::close(fd) == 0) && ok;
  if (ok && ::rename(temp.c_str(), target.c_str()) == 0) return;
  errno = ok ? errno : saved;
  const std::string why = ErrnoText();
  ::unlink(temp.c_str());
  ThrowIo(shown, "cannot write the output file: " + why);
}

}  // namespace

void WriteOutput(const std::string& path, std::string_view bytes) {
  if (path.empty()) {
    WriteDirect("standard output", STDOUT_FILENO, bytes);
    return;
  }
  struct stat link_st;
  if (::lstat(path.c_str(), &link_st) != 0) {
    if (errno != ENOENT) ThrowIo(path, "cannot examine the output path: " + ErrnoText());
    WriteReplacing(path, path, bytes);
    return;
  }
  if (S_ISREG(link_st.st_mode)) {
    WriteReplacing(path, path, bytes);
    return;
  }
  const bool device_path = path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0;
  if (S_ISLNK(link_st.st_mode) && !device_path) {
    // A link to a regular decision file is replaced at its target; a link such as
    // /dev/stdout (to a descriptor) is written through.
    struct stat target_st;
    char resolved[PATH_MAX];
    if (::stat(path.c_str(), &target_st) == 0 && S_ISREG(target_st.st_mode) &&
        ::realpath(path.c_str(), resolved) != nullptr &&
        std::strncmp(resolved, "/proc/", 6) != 0 && std::strncmp(resolved, "/dev/", 5) != 0) {
      WriteReplacing(path, resolved, bytes);
      return;
    }
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) ThrowIo(path, "cannot open the output: " + ErrnoText());
  try {
    WriteDirect(path, fd, bytes);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) ThrowIo(path, "cannot write: " + ErrnoText());
}

}  // namespace dormant
