// Atomic outputs, their clean-up on signals, and the same-file refusal (see output.h).
#include "output.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

#include "dormant/error.h"

namespace dormant {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

// ---------------------------------------------------------------------------------------
// The registry read by the signal handler. Each slot is filled while it is kClaimed (the
// handler skips it) and published with one atomic store; the handler uses only
// async-signal-safe calls on what the slot holds.

constexpr int kSlots = 8;
constexpr char kTempPrefix[] = ".dormant-";
constexpr std::size_t kTempRandom = 6;
constexpr std::size_t kTempNameBytes = sizeof kTempPrefix + kTempRandom;  // with the NUL

enum SlotState : int { kFree, kClaimed, kArmed };

struct Slot {
  std::atomic<int> state{kFree};
  // A temporary: unlinkat(dir_fd, name).
  int dir_fd = -1;
  char name[kTempNameBytes] = {};
  // A direct regular file (name empty): ftruncate(fd, size), then lseek(fd, offset) unless
  // offset is -1 (O_APPEND).
  int fd = -1;
  off_t size = 0;
  off_t offset = -1;
};
static_assert(std::atomic<int>::is_always_lock_free);

Slot g_slots[kSlots];

void CleanUpSlot(const Slot& s) {
  if (s.name[0] != '\0') {
    ::unlinkat(s.dir_fd, s.name, 0);
  } else if (::ftruncate(s.fd, s.size) == 0 && s.offset >= 0) {
    ::lseek(s.fd, s.offset, SEEK_SET);
  }
}

extern "C" void OnTerminatingSignal(int sig) {
  for (const Slot& s : g_slots) {
    if (s.state.load() == kArmed) CleanUpSlot(s);
  }
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  ::raise(sig);  // delivered when the handler returns: the exit status shows the signal
}

constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};

void InstallHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int sig : kCleanupSignals) {
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
      struct sigaction sa {};
      sa.sa_handler = OnTerminatingSignal;
      sigemptyset(&sa.sa_mask);
      for (const int other : kCleanupSignals) sigaddset(&sa.sa_mask, other);
      ::sigaction(sig, &sa, nullptr);
    }
  });
}

int ClaimSlot(const std::string& shown) {
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (g_slots[i].state.compare_exchange_strong(expected, kClaimed)) {
      Slot& s = g_slots[i];
      s.dir_fd = -1;
      s.name[0] = '\0';
      s.fd = -1;
      return i;
    }
  }
  ThrowIo(shown, "cannot open the output: more than 8 outputs at once");
}

// Blocks the clean-up signals in this thread for its lifetime, so that a file is never
// created without being in the registry.
class BlockCleanupSignals {
 public:
  BlockCleanupSignals() {
    sigset_t block;
    sigemptyset(&block);
    for (const int sig : kCleanupSignals) sigaddset(&block, sig);
    ::pthread_sigmask(SIG_BLOCK, &block, &old_);
  }
  ~BlockCleanupSignals() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  BlockCleanupSignals(const BlockCleanupSignals&) = delete;
  BlockCleanupSignals& operator=(const BlockCleanupSignals&) = delete;

 private:
  sigset_t old_;
};

// ---------------------------------------------------------------------------------------

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
    if (::stat(path.c_str(), &target_st) == 0 && S_ISREG(target_st.st_mode)) {
      const std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr),
                                                                 &std::free);
      if (resolved) return resolved.get();
    }
  }
  return "";
}

// Fills `name` (kTempNameBytes) with `.dormant-` and random letters and digits.
void RandomTempName(char* name) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[kTempRandom];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    // No entropy source: any name will do, O_EXCL guards against collisions.
    for (unsigned char& b : bytes) b = static_cast<unsigned char>(std::rand());
  }
  std::memcpy(name, kTempPrefix, sizeof kTempPrefix - 1);
  for (std::size_t i = 0; i < kTempRandom; ++i) {
    name[sizeof kTempPrefix - 1 + i] = kChars[bytes[i] % (sizeof kChars - 1)];
  }
  name[kTempNameBytes - 1] = '\0';
}

// Gives the temporary `fd` the permission bits of the file it replaces (and, where allowed,
// its owner and group). Returns false, errno set, when the bits cannot be set.
bool CopyOwnerAndMode(int fd, const struct stat& old_st) {
  struct stat now;
  if (::fstat(fd, &now) != 0) return false;
  if (now.st_uid != old_st.st_uid || now.st_gid != old_st.st_gid) {
    // Both succeed as root; the group alone for a member of it; otherwise neither.
    if (::fchown(fd, old_st.st_uid, old_st.st_gid) != 0) {
      (void)::fchown(fd, static_cast<uid_t>(-1), old_st.st_gid);
    }
    if (::fstat(fd, &now) != 0) return false;
  }
  mode_t mode = old_st.st_mode & 0777;
  // Group permissions meant for another group would widen access: drop them.
  if (now.st_gid != old_st.st_gid) mode &= ~static_cast<mode_t>(070);
  return ::fchmod(fd, mode) == 0;
}

}  // namespace

PendingOutput::PendingOutput(std::string path) : path_(std::move(path)) {
  InstallHandlers();
  if (path_.empty()) {
    OpenDirect(STDOUT_FILENO, false);
    return;
  }
  const std::string target = ReplacementTarget(path_);
  if (target.empty()) {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) ThrowIo(path_, "cannot open the output: " + ErrnoText());
    OpenDirect(fd, true);
    return;
  }
  OpenTemporary(target);
}

void PendingOutput::OpenDirect(int fd, bool own_fd) {
  fd_ = fd;
  own_fd_ = own_fd;
  struct stat st;
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) return;
  // A regular file: prepare to cut it back (armed by the first Append).
  try {
    slot_ = ClaimSlot(path_.empty() ? "standard output" : path_);
  } catch (...) {
    if (own_fd_) ::close(fd_);
    fd_ = -1;
    throw;
  }
  Slot& s = g_slots[slot_];
  s.fd = fd_;
  s.size = st.st_size;
  const int flags = ::fcntl(fd_, F_GETFL);
  s.offset = flags >= 0 && (flags & O_APPEND) != 0 ? -1 : ::lseek(fd_, 0, SEEK_CUR);
}

void PendingOutput::OpenTemporary(const std::string& target) {
  const std::size_t slash = target.rfind('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : target.substr(0, slash);
  target_name_ = slash == std::string::npos ? target : target.substr(slash + 1);
  if (target_name_.empty()) {
    ThrowIo(path_, std::string("cannot create the output file: ") + std::strerror(EISDIR));
  }
  dir_fd_ = ::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd_ < 0) {
    const std::string why = ErrnoText();
    ThrowIo(path_, "cannot create the output file: " + why);
  }
  struct stat old_st;
  const bool replacing =
      ::fstatat(dir_fd_, target_name_.c_str(), &old_st, 0) == 0 && S_ISREG(old_st.st_mode);
  try {
    slot_ = ClaimSlot(path_);
  } catch (...) {
    Discard();
    throw;
  }
  Slot& s = g_slots[slot_];
  {
    const BlockCleanupSignals blocked;
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      RandomTempName(s.name);
      fd_ = ::openat(dir_fd_, s.name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd_ < 0 && errno != EEXIST) break;
    }
    if (fd_ < 0) {
      s.name[0] = '\0';
      Fail("cannot create the output file");
    }
    own_fd_ = true;
    s.dir_fd = dir_fd_;
    s.state.store(kArmed);
  }
  bool mode_set;
  if (replacing) {
    mode_set = CopyOwnerAndMode(fd_, old_st);
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode_set = ::fchmod(fd_, 0666 & ~mask) == 0;
  }
  if (!mode_set) Fail("cannot set the output file's permissions");
}

PendingOutput::~PendingOutput() { Discard(); }

void PendingOutput::Discard() {
  if (slot_ >= 0) {
    Slot& s = g_slots[slot_];
    // A temporary is armed once created, a direct regular file once written to.
    if (s.state.load() == kArmed) CleanUpSlot(s);
    s.state.store(kFree);
    slot_ = -1;
  }
  if (own_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (dir_fd_ >= 0) ::close(dir_fd_);
  dir_fd_ = -1;
}

void PendingOutput::Fail(const std::string& what) {
  const std::string why = ErrnoText();
  Discard();
  ThrowIo(path_.empty() ? "standard output" : path_, what + ": " + why);
}

void PendingOutput::Append(std::string_view bytes) {
  if (fd_ < 0) ThrowIo(path_.empty() ? "standard output" : path_, "output already closed");
  if (!written_ && dir_fd_ < 0 && slot_ >= 0) g_slots[slot_].state.store(kArmed);
  written_ = true;
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(dir_fd_ < 0 ? "cannot write" : "cannot write the output file");
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void PendingOutput::Commit() {
  if (dir_fd_ < 0) {  // a direct write: nothing to undo any more
    if (slot_ >= 0) g_slots[slot_].state.store(kFree);
    slot_ = -1;
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
  Slot& s = g_slots[slot_];
  if (::renameat(dir_fd_, s.name, dir_fd_, target_name_.c_str()) != 0) {
    Fail("cannot move the output file into place");
  }
  s.state.store(kFree);
  slot_ = -1;
  ::close(dir_fd_);
  dir_fd_ = -1;
}

void WriteOutput(const std::string& path, std::string_view bytes) {
  PendingOutput output(path);
  output.Append(bytes);
  output.Commit();
}

// ---------------------------------------------------------------------------------------
// Same-file refusal.

namespace {

// What a path designates: an existing file (dev, ino) or, for a path that does not exist
// yet, the entry `name` in directory (dev, ino).
struct FileKey {
  dev_t dev = 0;
  ino_t ino = 0;
  std::string name;
  bool operator==(const FileKey&) const = default;
};

bool IsDevice(const struct stat& st) { return S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode); }

std::optional<FileKey> SourceKey(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || IsDevice(st)) return std::nullopt;
  return FileKey{st.st_dev, st.st_ino, ""};
}

std::optional<FileKey> OutputKey(const std::string& path) {
  struct stat st;
  if (path.empty()) {
    if (::fstat(STDOUT_FILENO, &st) != 0 || IsDevice(st)) return std::nullopt;
    return FileKey{st.st_dev, st.st_ino, ""};
  }
  if (::stat(path.c_str(), &st) == 0) {
    if (IsDevice(st)) return std::nullopt;
    return FileKey{st.st_dev, st.st_ino, ""};
  }
  if (errno != ENOENT) return std::nullopt;
  struct stat link_st;
  if (::lstat(path.c_str(), &link_st) == 0) return std::nullopt;  // a dangling link
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || ::stat(dir.c_str(), &st) != 0) return std::nullopt;
  return FileKey{st.st_dev, st.st_ino, name};
}

std::string Shown(const NamedFile& f) { return f.path.empty() ? "standard output" : f.path; }

}  // namespace

void RefuseOutputsOverSources(const std::vector<NamedFile>& outputs,
                              const std::vector<NamedFile>& sources) {
  std::vector<std::optional<FileKey>> source_keys, output_keys;
  for (const NamedFile& s : sources) source_keys.push_back(SourceKey(s.path));
  for (const NamedFile& o : outputs) output_keys.push_back(OutputKey(o.path));
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (!output_keys[i]) continue;
    const std::string what = "output " + outputs[i].role + " is the same file as ";
    for (std::size_t j = 0; j < sources.size(); ++j) {
      if (source_keys[j] == output_keys[i]) {
        ThrowUsage(Shown(outputs[i]), what + sources[j].role + " " + sources[j].path +
                                          "; refusing to overwrite it (nothing was read)");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (output_keys[j] == output_keys[i]) {
        ThrowUsage(Shown(outputs[i]), what + "output " + outputs[j].role + " " + Shown(outputs[j]) +
                                          "; one would replace the other (nothing was read)");
      }
    }
  }
}

}  // namespace dormant
