// Faults: a full disk, an unwritable output, a read error, a file cut off in the middle of
// a row or a document, a document larger than the reader's limit, deeply nested JSON, a
// closed standard output, outputs that are inputs, signals and a failing run writing to
// standard output in a file. Each must give its documented exit code (or end by its
// signal), one line `dormant: ...` on standard error, nothing on standard output, no
// temporary file left behind and an existing output file untouched. Runs the real binary.
//
// Mount-based cases (a full or read-only tmpfs) run in a private mount namespace of this
// test process and are skipped, with a message, where mounting is not allowed.
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

extern char** environ;

namespace dormant::testing {
namespace {

// The bound on peak RSS for a 256 MiB document: the reader's buffer plus the parser. Under
// AddressSanitizer (the second CI build) shadow memory and quarantine add a constant factor.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxRssKb = 1536 * 1024;
#else
constexpr long kMaxRssKb = 600 * 1024;
#endif
namespace fs = std::filesystem;

const char* const kAsOf = "2026-11-20T00:00:00Z";
const std::string kOldDecisions = "{\"old\":\"decision file of an earlier run\"}\n";

// How the child's standard output is connected.
enum class Stdout {
  kCapture,          // a file, read back into SpawnResult::out
  kDevFull,          // /dev/full: every write fails with ENOSPC
  kClosedPipe,       // a pipe whose read end is already closed: EPIPE
  kPipeReadOneByte,  // a pipe read for one byte, then closed (`| head -c 1`)
  kRedirect,         // `> FILE` (Child's stdout_file), not read back
  kAppend,           // `>> FILE` (Child's stdout_file), not read back
};

struct SpawnResult {
  int exit_code = -1;  // 128 + N when ended by signal N
  int signal = 0;      // the signal that ended the child, or 0
  std::string out;
  std::string err;
  long max_rss_kb = 0;  // peak resident set of the child (wait4)
  double seconds = 0;
  bool timed_out = false;
};

// The dormant binary running in the background: started by the constructor, with a choice
// of standard output and the default action for SIGPIPE, SIGINT, SIGTERM and SIGHUP (like a
// process started by an interactive shell); Wait() collects it. A child not waited for is
// killed.
class Child {
 public:
  Child(const std::vector<std::string>& args, const fs::path& cwd,
        Stdout stdout_mode = Stdout::kCapture, const std::string& stdout_file = "")
      : stdout_mode_(stdout_mode) {
    const char* binary = std::getenv("DORMANT_BINARY");
    if (binary == nullptr) {
      throw std::runtime_error("DORMANT_BINARY is not set (run under meson test)");
    }
    out_path_ = (capture_.path() / "stdout").string();
    err_path_ = (capture_.path() / "stderr").string();

    std::vector<std::string> argv_strings{binary};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);

    int pipe_fds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    switch (stdout_mode) {
      case Stdout::kCapture:
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        break;
      case Stdout::kDevFull:
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/full", O_WRONLY, 0);
        break;
      case Stdout::kClosedPipe:
      case Stdout::kPipeReadOneByte:
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
        break;
      case Stdout::kRedirect:
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_file.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        break;
      case Stdout::kAppend:
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_file.c_str(),
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
        break;
    }
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    if (stdout_mode == Stdout::kClosedPipe) ::close(pipe_fds[0]);  // nobody will ever read
    pipe_read_ = stdout_mode == Stdout::kPipeReadOneByte ? pipe_fds[0] : -1;

    start_ = std::chrono::steady_clock::now();
    const int rc = posix_spawn(&pid_, binary, &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (pipe_fds[1] >= 0) ::close(pipe_fds[1]);
    if (rc != 0) {
      if (pipe_read_ >= 0) ::close(pipe_read_);
      throw std::runtime_error("posix_spawn failed");
    }
  }
  ~Child() {
    if (pid_ > 0 && !ended_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (pipe_read_ >= 0) ::close(pipe_read_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  // True once the child has ended (it is then collected by Wait()). While it is false,
  // pid() may be signalled: the child has not been reaped, so its id is not reused.
  bool Ended() {
    if (pid_ <= 0 || ended_) return true;
    ended_ = ::wait4(pid_, &status_, WNOHANG, &usage_) == pid_;
    return ended_;
  }

  // Waits for the child (killing it after `timeout`) and collects what it printed.
  SpawnResult Wait(std::chrono::seconds timeout = std::chrono::seconds(60)) {
    SpawnResult r;
    bool read_one = pipe_read_ < 0;
    while (!ended_) {
      if (!read_one) {
        // `head -c 1`: wait for the first byte, read it, close the pipe.
        struct pollfd p {
          pipe_read_, POLLIN, 0
        };
        if (::poll(&p, 1, 10) > 0) {
          char byte;
          if (::read(pipe_read_, &byte, 1) == 1) r.out.push_back(byte);
          ::close(pipe_read_);
          pipe_read_ = -1;
          read_one = true;
        }
      }
      if (Ended()) break;
      if (std::chrono::steady_clock::now() - start_ > timeout) {
        ::kill(pid_, SIGKILL);
        ::wait4(pid_, &status_, 0, &usage_);
        ended_ = true;
        r.timed_out = true;
        break;
      }
      if (read_one) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    if (pipe_read_ >= 0) ::close(pipe_read_);
    pipe_read_ = -1;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    r.signal = WIFSIGNALED(status_) ? WTERMSIG(status_) : 0;
    r.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + r.signal;
    r.max_rss_kb = usage_.ru_maxrss;
    if (stdout_mode_ == Stdout::kCapture) r.out = ReadFile(out_path_);
    r.err = ReadFile(err_path_);
    return r;
  }

 private:
  Stdout stdout_mode_;
  TempDir capture_;
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  int pipe_read_ = -1;
  bool ended_ = false;
  int status_ = 0;
  struct rusage usage_ {};
  std::chrono::steady_clock::time_point start_;
};

// Runs the dormant binary like RunDormant, with a choice of standard output, a time limit
// (the child is killed after `timeout`) and the child's peak memory.
SpawnResult Spawn(const std::vector<std::string>& args, const fs::path& cwd,
                  Stdout stdout_mode = Stdout::kCapture,
                  std::chrono::seconds timeout = std::chrono::seconds(60)) {
  return Child(args, cwd, stdout_mode).Wait(timeout);
}

std::string Join(const std::vector<std::string>& args) {
  std::string out;
  for (const std::string& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

// Temporary files the output writer may have left in `dir` (`.dormant-XXXXXX`; earlier
// builds used `NAME.tmp-XXXXXX`).
std::vector<std::string> Leftovers(const fs::path& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(".dormant-", 0) == 0 || name.find(".tmp-") != std::string::npos) {
      found.push_back(name);
    }
  }
  return found;
}

// The common contract of every fault: the exit code, exactly one line `dormant: ...`
// (starting with `prefix` after `dormant: ` when given), nothing on standard output.
void ExpectOneLineError(const SpawnResult& r, int exit_code, const std::string& prefix,
                        bool stdout_is_captured = true) {
  BOOST_TEST(!r.timed_out);
  BOOST_TEST(r.exit_code == exit_code);
  BOOST_TEST(r.err.rfind("dormant: " + prefix, 0) == 0, "stderr: " << r.err);
  BOOST_TEST(!r.err.empty());
  BOOST_TEST(r.err.find('\n') == r.err.size() - 1, "not exactly one line: " << r.err);
  if (stdout_is_captured) BOOST_TEST(r.out.empty(), "stdout: " << r.out.substr(0, 200));
}

// A directory with the incident case's inputs and an existing decision file `out.jsonl`.
struct Workspace {
  TempDir dir;
  Workspace() {
    fs::copy(TestdataDir() / "golden" / "incident" / "exports", dir.path() / "exports",
             fs::copy_options::recursive);
    fs::copy_file(TestdataDir() / "golden" / "incident" / "policy.json",
                  dir.path() / "policy.json");
    dir.Write("out/out.jsonl", kOldDecisions);
  }
  const fs::path& path() const { return dir.path(); }
  fs::path out_dir() const { return dir.path() / "out"; }
  std::string Write(const std::string& relative, const std::string& bytes) const {
    return dir.Write(relative, bytes);
  }
  std::string Read(const std::string& relative) const { return ReadFile(dir.path() / relative); }

  // `dormant evaluate` of the incident inputs plus `extra`.
  static std::vector<std::string> Evaluate(std::vector<std::string> extra) {
    std::vector<std::string> args{"evaluate", "--policy", "policy.json",
                                  "--as-of",  kAsOf,      "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  // The existing decision file kept its bytes and no temporary is left next to it.
  void ExpectOutputUntouched() const {
    BOOST_TEST(Read("out/out.jsonl") == kOldDecisions);
    BOOST_TEST(Leftovers(out_dir()).empty());
    BOOST_TEST(Leftovers(path()).empty());
  }
};

const char* const kHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,access_key_1_active,"
    "access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,"
    "access_key_2_last_rotated,access_key_2_last_used_date\n";

// A bare CSV report of `users` service users (each decision line is about 400 bytes).
std::string ReportCsv(int users) {
  std::string csv = kHeader;
  for (int i = 0; i < users; ++i) {
    const std::string name = "svc-" + std::to_string(i);
    csv += name + ",arn:aws:iam::111122223333:user/" + name +
           ",2024-01-01T00:00:00Z,false,N/A,true,2024-01-01T00:00:00Z,2026-11-19T08:00:00Z,"
           "false,N/A,N/A\n";
  }
  return csv;
}

// A tmpfs mounted at `dir` in a private mount namespace of this process (so nothing
// leaks to the host, even if the test crashes). Unmounted on destruction.
class Tmpfs {
 public:
  Tmpfs(const fs::path& dir, const std::string& options) : dir_(dir) {
    fs::create_directories(dir);
    if (!EnterPrivateNamespace()) return;
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      why_ = std::string("mount -t tmpfs: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  bool RemountReadOnly(const std::string& options) {
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, options.c_str()) != 0) {
      why_ = std::string("remount,ro: ") + std::strerror(errno);
      return false;
    }
    return true;
  }

 private:
  bool EnterPrivateNamespace() {
    static int state = 0;  // 0 not tried, 1 entered, -1 failed
    static std::string failure;
    if (state == 0) {
      if (::unshare(CLONE_NEWNS) != 0) {
        failure = std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
        state = -1;
      } else if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        failure = std::string("mount --make-rprivate /: ") + std::strerror(errno);
        state = -1;
      } else {
        state = 1;
      }
    }
    why_ = failure;
    return state == 1;
  }

  fs::path dir_;
  bool mounted_ = false;
  std::string why_;
};

// For the lifetime of this object, in the calling thread only: a write to a pipe without a
// reader fails with EPIPE instead of raising SIGPIPE (which would end the test process).
class SigpipeAsEpipe {
 public:
  SigpipeAsEpipe() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, nullptr);
  }
  ~SigpipeAsEpipe() {
    // Collect a pending SIGPIPE before unblocking it.
    struct timespec zero {
      0, 0
    };
    while (sigtimedwait(&pipe_, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_UNBLOCK, &pipe_, nullptr);
  }
  SigpipeAsEpipe(const SigpipeAsEpipe&) = delete;
  SigpipeAsEpipe& operator=(const SigpipeAsEpipe&) = delete;

 private:
  sigset_t pipe_;
};

// A writer blocked in open() of `fifo` (dormant failed before opening it) is released by
// a reader that comes and goes; its next write then fails with EPIPE.
void UnblockFifoWriter(const std::string& fifo) {
  const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0) ::close(fd);
}

// Feeds a FIFO with `head`, then `block` again and again (`blocks` times, or without end
// when 0), then `tail`, until the reader goes away.
class FifoWriter {
 public:
  FifoWriter(const std::string& fifo, std::string head, std::string block, std::uint64_t blocks,
             std::string tail)
      : fifo_(fifo), thread_([fifo, head, block, blocks, tail, this] {
          const SigpipeAsEpipe epipe;
          const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);  // waits for the reader
          if (fd < 0) return;
          bool ok = WriteAll(fd, head);
          for (std::uint64_t i = 0; ok && !stop_ && (blocks == 0 || i < blocks); ++i) {
            ok = WriteAll(fd, block);
            if (ok) written_ += block.size();
          }
          if (ok) WriteAll(fd, tail);
          ::close(fd);
        }) {}
  ~FifoWriter() {
    stop_ = true;
    UnblockFifoWriter(fifo_);
    thread_.join();
  }
  std::uint64_t written() const { return written_; }

 private:
  static bool WriteAll(int fd, const std::string& bytes) {
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  std::string fifo_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> written_{0};
  std::thread thread_;
};

// One gzip member holding `bytes`.
std::string GzipMember(const std::string& bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

// A gzip bomb: `head`, then `unit` repeated until about `bytes` bytes, then `tail`, when
// decompressed. Built from gzip members (dormant reads concatenated members as one
// stream): one compressed 1 MiB block repeated, so that 300 MiB cost a few hundred KB and
// no time.
std::string GzipBomb(const std::string& head, const std::string& unit, std::uint64_t bytes,
                     const std::string& tail) {
  std::string block;
  while (block.size() + unit.size() <= (std::size_t{1} << 20)) block += unit;
  const std::string member = GzipMember(block);
  std::string out = GzipMember(head);
  for (std::uint64_t i = 0; i < bytes / block.size(); ++i) out += member;
  return out + GzipMember(tail);
}

// The memory bound for reading inputs: 64 MB plus 16 times the largest document that must
// be held whole (the users here are few). Under AddressSanitizer (the second CI build)
// shadow memory, the quarantine and the allocator's slack add a factor and a constant.
long BoundKb(std::uint64_t largest_document) {
  const auto kb = static_cast<long>((64'000'000 + 16 * largest_document) / 1024);
#if defined(__SANITIZE_ADDRESS__)
  return 2 * kb + 512 * 1024;
#else
  return kb;
#endif
}

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
const std::string kRoleDocument = R"({"Arn":"arn:aws:iam::111122223333:role/r"})";

BOOST_AUTO_TEST_SUITE(faults)

// ---------------------------------------------------------------------------------------
// Writing.

BOOST_AUTO_TEST_CASE(out_dev_full_is_exit_5_with_one_line) {
  const Workspace ws;
  const SpawnResult r = Spawn(Workspace::Evaluate({"exports", "--out", "/dev/full"}), ws.path());
  ExpectOneLineError(r, 5, "/dev/full: ");
  BOOST_TEST(r.err.find("No space left on device") != std::string::npos, r.err);
  ws.ExpectOutputUntouched();
}

BOOST_AUTO_TEST_CASE(standard_output_on_dev_full_is_exit_5) {
  const Workspace ws;
  const SpawnResult r = Spawn(Workspace::Evaluate({"exports"}), ws.path(), Stdout::kDevFull);
  ExpectOneLineError(r, 5, "standard output: ", false);
  BOOST_TEST(r.err.find("No space left on device") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_failing_summary_leaves_the_decision_file_untouched) {
  // Both outputs appear together or not at all: a summary that cannot be
  // written must not let the decision file be replaced.
  const Workspace ws;
  const SpawnResult r =
      Spawn(Workspace::Evaluate({"exports", "--out", "out/out.jsonl", "--summary", "/dev/full"}),
            ws.path());
  ExpectOneLineError(r, 5, "/dev/full: ");
  ws.ExpectOutputUntouched();
}

BOOST_AUTO_TEST_CASE(full_filesystem_leaves_no_temporary_and_the_old_file) {
  const Workspace ws;
  ws.Write("big.csv", ReportCsv(3000));  // a decision file of about 1 MB
  Tmpfs fs(ws.path() / "small", "size=64k");
  if (!fs.mounted()) {
    BOOST_TEST_MESSAGE("skipped: cannot mount a tmpfs here (" << fs.why() << ")");
    return;
  }
  const std::string old_path = ws.Write("small/decisions.jsonl", kOldDecisions);
  const SpawnResult r =
      Spawn({"evaluate", "big.csv", "--as-of", kAsOf, "--quiet", "--out", "small/decisions.jsonl"},
            ws.path());
  ExpectOneLineError(r, 5, "small/decisions.jsonl: ");
  BOOST_TEST(r.err.find("No space left on device") != std::string::npos, r.err);
  BOOST_TEST(ReadFile(old_path) == kOldDecisions);
  BOOST_TEST(Leftovers(ws.path() / "small").empty());

  // A new file on the full filesystem is not created at all.
  const SpawnResult fresh = Spawn(
      {"evaluate", "big.csv", "--as-of", kAsOf, "--quiet", "--out", "small/new.jsonl"}, ws.path());
  ExpectOneLineError(fresh, 5, "small/new.jsonl: ");
  BOOST_TEST(!fs::exists(ws.path() / "small" / "new.jsonl"));
  BOOST_TEST(Leftovers(ws.path() / "small").empty());
}

BOOST_AUTO_TEST_CASE(read_only_filesystem_is_exit_5_and_the_old_file_stays) {
  // As root, permission bits do not stop a write: a read-only mount does.
  const Workspace ws;
  Tmpfs fs(ws.path() / "ro", "size=1m");
  if (!fs.mounted()) {
    BOOST_TEST_MESSAGE("skipped: cannot mount a tmpfs here (" << fs.why() << ")");
    return;
  }
  const std::string old_path = ws.Write("ro/decisions.jsonl", kOldDecisions);
  if (!fs.RemountReadOnly("size=1m")) {
    BOOST_TEST_MESSAGE("skipped: " << fs.why());
    return;
  }
  for (const char* out : {"ro/decisions.jsonl", "ro/new.jsonl"}) {
    BOOST_TEST_CONTEXT(out) {
      const SpawnResult r = Spawn(Workspace::Evaluate({"exports", "--out", out}), ws.path());
      ExpectOneLineError(r, 5, std::string(out) + ": ");
      BOOST_TEST(r.err.find("Read-only file system") != std::string::npos, r.err);
    }
  }
  BOOST_TEST(ReadFile(old_path) == kOldDecisions);
  BOOST_TEST(!fs::exists(ws.path() / "ro" / "new.jsonl"));
  BOOST_TEST(Leftovers(ws.path() / "ro").empty());
}

BOOST_AUTO_TEST_CASE(an_output_path_that_cannot_be_a_file_is_exit_5) {
  const Workspace ws;
  fs::create_directories(ws.path() / "out" / "a_directory");
  for (const char* out : {"out/a_directory", "out/a_directory/", "out/missing_dir/decisions.jsonl",
                          "out/out.jsonl/decisions.jsonl", "/proc/version"}) {
    BOOST_TEST_CONTEXT(out) {
      const SpawnResult r = Spawn(Workspace::Evaluate({"exports", "--out", out}), ws.path());
      ExpectOneLineError(r, 5, std::string(out) + ": ");
      ws.ExpectOutputUntouched();
      BOOST_TEST(fs::is_empty(ws.path() / "out" / "a_directory"));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Reading.

BOOST_AUTO_TEST_CASE(a_directory_named_as_a_file_is_a_usage_error) {
  const Workspace ws;
  const SpawnResult r = Spawn(
      Workspace::Evaluate({"--credential-report", "exports", "--out", "out/out.jsonl"}), ws.path());
  ExpectOneLineError(r, 2, "exports: ");
  ws.ExpectOutputUntouched();
}

// A file that exists but fails on read(): /proc/self/mem at offset 0 is EIO in every
// process (address 0 is never mapped).
BOOST_AUTO_TEST_CASE(a_read_error_is_exit_5_naming_the_file) {
  const Workspace ws;
  fs::copy_file(TestdataDir() / "golden" / "incident" / "expected_stdout",
                ws.path() / "valid.jsonl");
  struct Case {
    std::vector<std::string> args;
    std::string prefix;
  };
  const Case cases[] = {
      {Workspace::Evaluate(
           {"exports", "--credential-report", "/proc/self/mem", "--out", "out/out.jsonl"}),
       "/proc/self/mem: "},
      {Workspace::Evaluate(
           {"exports", "--access-advisor", "/proc/self/mem", "--out", "out/out.jsonl"}),
       "/proc/self/mem: "},
      {Workspace::Evaluate({"exports", "/proc/self/mem", "--out", "out/out.jsonl"}),
       "/proc/self/mem: "},
      {{"evaluate", "exports", "--policy", "/proc/self/mem", "--as-of", kAsOf, "--quiet", "--out",
        "out/out.jsonl"},
       "/proc/self/mem: "},
      {{"policy", "check", "/proc/self/mem"}, "/proc/self/mem: "},
      {{"verify", "/proc/self/mem"}, "/proc/self/mem: "},
      {{"diff", "valid.jsonl", "/proc/self/mem"}, "/proc/self/mem: "},
      {{"plan", "/proc/self/mem"}, "/proc/self/mem: "},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(Join(c.args)) {
      const SpawnResult r = Spawn(c.args, ws.path());
      ExpectOneLineError(r, 5, c.prefix);
      BOOST_TEST(r.err.find("Input/output error") != std::string::npos, r.err);
      ws.ExpectOutputUntouched();
    }
  }
}

BOOST_AUTO_TEST_CASE(an_input_through_a_pipe_is_read_in_full) {
  // Process substitution (`<(zcat ...)`) hands dormant a FIFO; short reads must not
  // change the result. The writer feeds the FIFO from a thread.
  const Workspace ws;
  const std::string advisor = ws.Read("exports/111122223333/access-advisor.ndjson");
  const std::string fifo = (ws.path() / "advisor.fifo").string();
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] {
    const SigpipeAsEpipe epipe;
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    for (char c : advisor) {  // one byte per write: the shortest reads there are
      if (::write(fd, &c, 1) != 1) break;
    }
    ::close(fd);
  });
  const SpawnResult piped = Spawn(
      Workspace::Evaluate({"--credential-report", "exports/111122223333/credential-report.json",
                           "--access-advisor", "advisor.fifo"}),
      ws.path());
  UnblockFifoWriter(fifo);
  writer.join();
  const SpawnResult file = Spawn(
      Workspace::Evaluate({"--credential-report", "exports/111122223333/credential-report.json",
                           "--access-advisor", "exports/111122223333/access-advisor.ndjson"}),
      ws.path());
  BOOST_TEST(piped.exit_code == 0, piped.err);
  BOOST_TEST(file.exit_code == 0, file.err);
  // The same user lines (the header names another path).
  BOOST_TEST(piped.out.substr(piped.out.find('\n')) == file.out.substr(file.out.find('\n')));
}

BOOST_AUTO_TEST_CASE(a_decision_file_through_a_pipe_is_read) {
  // `dormant diff old.jsonl <(git show HEAD:decisions.jsonl)`: a FIFO is not seekable.
  const Workspace ws;
  const std::string decisions = ReadFile(TestdataDir() / "golden" / "incident" / "expected_stdout");
  ws.Write("valid.jsonl", decisions);
  const std::string fifo = (ws.path() / "decisions.fifo").string();
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] {
    const SigpipeAsEpipe epipe;
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    for (std::size_t pos = 0; pos < decisions.size(); pos += 100) {  // in slivers
      const std::string_view part = std::string_view(decisions).substr(pos, 100);
      if (::write(fd, part.data(), part.size()) != static_cast<ssize_t>(part.size())) break;
    }
    ::close(fd);
  });
  const SpawnResult r = Spawn({"diff", "valid.jsonl", "decisions.fifo", "--exit-code"}, ws.path());
  UnblockFifoWriter(fifo);
  writer.join();
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.empty(), r.err);
}

// ---------------------------------------------------------------------------------------
// Cut-off inputs: exit 4, the message names the file and the line.

BOOST_AUTO_TEST_CASE(a_file_cut_off_is_exit_4_naming_file_and_line) {
  const Workspace ws;
  const std::string alice =
      "alice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00Z,false,N/A,true,"
      "2020-01-01T00:00:00Z,N/A,false,N/A,N/A\n";
  ws.Write("cut/quoted.csv",
           std::string(kHeader) + alice +
               "\"bob,arn:aws:iam::111122223333:user/bob,2020-01-01T00:00:00Z,fal");
  ws.Write("cut/short.csv", std::string(kHeader) + alice +
                                "bob,arn:aws:iam::111122223333:user/bob,2020-01-01T00:00:00Z,fal");
  const std::string ndjson = ws.Read("exports/111122223333/access-advisor.ndjson");
  // Cut in the middle of the third document (line 3).
  std::size_t third = 0;
  for (int i = 0; i < 2; ++i) third = ndjson.find('\n', third) + 1;
  ws.Write("cut/advisor.ndjson", ndjson.substr(0, third + 40));
  // The same documents as a top-level array, cut in its second half.
  std::string array = "[\n";
  for (std::size_t pos = 0; pos < ndjson.size();) {
    const std::size_t nl = ndjson.find('\n', pos);
    if (pos > 0) array += ",\n";
    array += ndjson.substr(pos, nl - pos);
    pos = nl + 1;
  }
  array += "\n]\n";
  ws.Write("cut/advisor-array.json", array.substr(0, array.size() * 2 / 3));
  const std::string report = ws.Read("exports/111122223333/credential-report.json");
  ws.Write("cut/report.json", report.substr(0, report.size() / 2));

  struct Case {
    std::vector<std::string> inputs;
    std::string prefix;  // "FILE:LINE: "
  };
  const Case cases[] = {
      {{"--credential-report", "cut/quoted.csv"}, "cut/quoted.csv:3: "},
      {{"--credential-report", "cut/short.csv"}, "cut/short.csv:3: "},
      {{"exports", "--access-advisor", "cut/advisor.ndjson"}, "cut/advisor.ndjson:3: "},
      {{"exports", "--access-advisor", "cut/advisor-array.json"}, "cut/advisor-array.json:"},
      {{"--credential-report", "cut/report.json"}, "cut/report.json:"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.prefix) {
      std::vector<std::string> extra = c.inputs;
      extra.insert(extra.end(), {"--out", "out/out.jsonl"});
      const SpawnResult r = Spawn(Workspace::Evaluate(extra), ws.path());
      ExpectOneLineError(r, 4, c.prefix);
      // FILE:LINE with a line number (or FILE: array element N).
      const std::string rest =
          r.err.substr(std::string("dormant: ").size() + c.prefix.find(':') + 1);
      BOOST_TEST((std::isdigit(static_cast<unsigned char>(rest[0])) != 0 ||
                  rest.rfind(" array element", 0) == 0),
                 r.err);
      ws.ExpectOutputUntouched();
    }
  }
}

BOOST_AUTO_TEST_CASE(a_gzip_file_cut_off_is_exit_4) {
  // Inputs may be gzip-compressed (read transparently); a cut stream is invalid input.
  const Workspace ws;
  const std::string gz = (ws.path() / "advisor.ndjson.gz").string();
  const std::string cmd = "gzip -c '" +
                          (ws.path() / "exports/111122223333/access-advisor.ndjson").string() +
                          "' > '" + gz + "'";
  if (std::system(cmd.c_str()) != 0) {
    BOOST_TEST_MESSAGE("skipped: gzip is not available");
    return;
  }
  const std::string bytes = ReadFile(gz);
  ws.Write("advisor.ndjson.gz", bytes.substr(0, bytes.size() / 2));
  const SpawnResult r =
      Spawn(Workspace::Evaluate({"exports/111122223333/credential-report.json", "--access-advisor",
                                 "advisor.ndjson.gz", "--out", "out/out.jsonl"}),
            ws.path());
  ExpectOneLineError(r, 4, "advisor.ndjson.gz");
  ws.ExpectOutputUntouched();
}

// ---------------------------------------------------------------------------------------
// Hostile sizes and shapes.

// A single "line" far larger than the reader's 256 MiB document limit, fed through a FIFO
// without end: dormant must stop with exit 4 in bounded memory and time.
BOOST_AUTO_TEST_CASE(an_endless_document_in_a_fifo_is_exit_4_in_bounded_memory) {
  const Workspace ws;
  const std::string fifo = (ws.path() / "endless.ndjson").string();
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  SpawnResult r;
  {
    const FifoWriter writer(fifo, "{\"Arn\":\"", std::string(1 << 20, 'a'), 0, "");
    r = Spawn(Workspace::Evaluate(
                  {"exports", "--access-advisor", "endless.ndjson", "--out", "out/out.jsonl"}),
              ws.path(), Stdout::kCapture, std::chrono::seconds(60));
  }
  ExpectOneLineError(r, 4, "endless.ndjson:1: ");
  BOOST_TEST(r.err.find("larger than 256 MiB") != std::string::npos, r.err);
  BOOST_TEST(r.max_rss_kb < kMaxRssKb, "peak RSS " << r.max_rss_kb << " KB");
  BOOST_TEST(r.seconds < 20.0, "took " << r.seconds << " s");
  BOOST_TEST_MESSAGE("endless FIFO document: exit " << r.exit_code << " after " << r.seconds
                                                    << " s, peak RSS " << r.max_rss_kb / 1024
                                                    << " MiB");
  ws.ExpectOutputUntouched();
}

// The same as a 300 MB regular file (sparse: no disk space used) without a newline.
BOOST_AUTO_TEST_CASE(a_300_mb_line_in_a_file_is_exit_4_in_bounded_memory) {
  const Workspace ws;
  const std::string path = ws.Write("huge.ndjson", "{\"Arn\":\"");
  fs::resize_file(path, std::uintmax_t{300} << 20);
  const SpawnResult r = Spawn(
      Workspace::Evaluate({"exports", "--access-advisor", "huge.ndjson", "--out", "out/out.jsonl"}),
      ws.path());
  ExpectOneLineError(r, 4, "huge.ndjson:1: ");
  BOOST_TEST(r.err.find("larger than 256 MiB") != std::string::npos, r.err);
  BOOST_TEST(r.max_rss_kb < kMaxRssKb, "peak RSS " << r.max_rss_kb << " KB");
  BOOST_TEST(r.seconds < 20.0, "took " << r.seconds << " s");
  ws.ExpectOutputUntouched();
}

// Gzip bombs of every shape: a few hundred KB that inflate past 256 MiB. Each ends with
// exit 4 naming the file, within the memory bound: a streamed top-level array holds one
// small element at a time; a document that must be held whole stops at 256 MiB.
BOOST_AUTO_TEST_CASE(gzip_bombs_of_every_shape_are_exit_4_in_bounded_memory) {
  const Workspace ws;
  const std::uint64_t size = 300 * kMiB;
  const std::string row =
      "svc,arn:aws:iam::111122223333:user/svc,2024-01-01T00:00:00Z,false,N/A,true,"
      "2024-01-01T00:00:00Z,2026-11-19T08:00:00Z,false,N/A,N/A\n";
  struct Case {
    std::string file, flag, bytes, message;
    long bound_kb;
  };
  const Case cases[] = {
      // 300 MiB of valid (role) documents in an array, then an invalid element.
      {"array.json.gz", "--access-advisor",
       GzipBomb("[", kRoleDocument + ",", size, R"({"Arn":1}])"), ":1: array element ",
       BoundKb(kRoleDocument.size())},
      // One document (a line of NDJSON) of tiny values.
      {"document.ndjson.gz", "--access-advisor",
       GzipBomb(R"({"Arn":"arn:aws:iam::111122223333:user/x","ServicesLastAccessed":[)", "{},",
                size, "{}]}\n"),
       ":1: a JSON document is larger than 256 MiB", kMaxRssKb},
      {"iam.json.gz", "--iam-details", GzipBomb(R"({"UserDetailList":[)", "{},", size, "{}]}"),
       ":1: a JSON document is larger than 256 MiB", kMaxRssKb},
      {"report.csv.gz", "--credential-report", GzipBomb(kHeader, row, size, ""),
       ": more than 268435456 bytes decompressed", kMaxRssKb},
      {"report.json.gz", "--credential-report", GzipBomb(R"({"Content":")", "QUFB", size, "\"}"),
       ":1: a JSON document is larger than 256 MiB", kMaxRssKb},
      // `[` followed by `[` without end: too deep long before it is too large.
      {"nested.json.gz", "--access-advisor", GzipBomb("[", "[", size, ""),
       ":1: array element 0: invalid JSON: The JSON document was too deep", BoundKb(0)},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.file) {
      BOOST_TEST(c.bytes.size() < 2 * kMiB);
      ws.Write(c.file, c.bytes);
      std::vector<std::string> extra{c.flag, c.file, "--out", "out/out.jsonl"};
      if (c.flag != "--credential-report") {
        extra.insert(extra.begin(), "exports/111122223333/credential-report.json");
      }
      const SpawnResult r = Spawn(Workspace::Evaluate(extra), ws.path());
      ExpectOneLineError(r, 4, c.file);
      BOOST_TEST(r.err.find(c.file + c.message) != std::string::npos, r.err);
      BOOST_TEST(r.max_rss_kb < c.bound_kb, "peak RSS " << r.max_rss_kb << " KB");
      BOOST_TEST_MESSAGE(c.file << ": exit " << r.exit_code << " after " << r.seconds
                                << " s, peak RSS " << r.max_rss_kb / 1024 << " MiB");
      ws.ExpectOutputUntouched();
    }
  }
}

// The parser's worst case is a document of tiny values (about 13 bytes of tape and indexes
// per byte of `0,`): it is parsed within 16 times its size. Two such files read by two
// threads take their turns: the bound is for the largest document, not the sum.
BOOST_AUTO_TEST_CASE(documents_of_tiny_values_are_parsed_within_16_times_their_size) {
  const Workspace ws;
  const std::uint64_t size = 12 * kMiB;
  const std::string bomb =
      GzipBomb(R"({"Arn":"arn:aws:iam::111122223333:role/r","Tiny":[)", "0,", size,
               "0]}\n"
               R"({"Arn":1})"
               "\n");
  ws.Write("a.ndjson.gz", bomb);
  ws.Write("b.ndjson.gz", bomb);
  const SpawnResult r = Spawn(
      Workspace::Evaluate({"exports/111122223333/credential-report.json", "--access-advisor",
                           "a.ndjson.gz", "b.ndjson.gz", "--jobs", "2", "--out", "out/out.jsonl"}),
      ws.path());
  // Both documents are parsed in full before the error on line 2.
  ExpectOneLineError(r, 4, "a.ndjson.gz:2: Arn: expected a string");
  BOOST_TEST(r.max_rss_kb < BoundKb(size), "peak RSS " << r.max_rss_kb << " KB");
  BOOST_TEST_MESSAGE("two 12 MiB documents of tiny values: peak RSS " << r.max_rss_kb / 1024
                                                                      << " MiB");
  ws.ExpectOutputUntouched();
}

// /dev/zero named as an input, directly or through a link: NUL bytes are not JSON, so it is
// read as a CSV report, which stops at 256 MiB.
BOOST_AUTO_TEST_CASE(dev_zero_as_an_input_is_exit_4_in_bounded_memory) {
  const Workspace ws;
  fs::create_symlink("/dev/zero", ws.path() / "zero.csv");
  const std::vector<std::string> inputs[] = {
      {"--credential-report", "/dev/zero"},
      {"zero.csv"},
      {"exports/111122223333/credential-report.json", "--access-advisor", "zero.csv"},
      {"exports/111122223333/credential-report.json", "--iam-details", "/dev/zero"},
  };
  for (const auto& input : inputs) {
    BOOST_TEST_CONTEXT(Join(input)) {
      std::vector<std::string> extra = input;
      extra.insert(extra.end(), {"--out", "out/out.jsonl"});
      const SpawnResult r = Spawn(Workspace::Evaluate(extra), ws.path());
      ExpectOneLineError(r, 4, input[input.size() - 1] + ":");
      BOOST_TEST(r.max_rss_kb < kMaxRssKb, "peak RSS " << r.max_rss_kb << " KB");
      ws.ExpectOutputUntouched();
    }
  }
  // A policy is read whole too, up to 16 MiB: exit 2, as for any unusable policy.
  const SpawnResult policy = Spawn(
      {"evaluate", "exports", "--policy", "zero.csv", "--as-of", kAsOf, "--out", "out/out.jsonl"},
      ws.path());
  ExpectOneLineError(policy, 2, "zero.csv: the policy is larger than 16777216 bytes");
  BOOST_TEST(policy.max_rss_kb < BoundKb(16 * kMiB), "peak RSS " << policy.max_rss_kb << " KB");
  ws.ExpectOutputUntouched();
}

// A FIFO fed 300 MiB of valid documents and then an invalid one, as NDJSON and as a
// top-level array: exit 4 at the line of the invalid document, holding one small document
// at a time.
BOOST_AUTO_TEST_CASE(a_long_stream_that_goes_invalid_is_exit_4_at_its_line) {
  const Workspace ws;
  const std::uint64_t blocks = 300;
  std::string ndjson_block, array_block;
  std::uint64_t per_block = 0;
  while (ndjson_block.size() + kRoleDocument.size() + 2 <= kMiB) {
    ndjson_block += kRoleDocument + "\n";
    array_block += kRoleDocument + ",\n";
    ++per_block;
  }
  const std::uint64_t line = blocks * per_block + 1;  // the invalid document's line
  struct Case {
    std::string fifo, head, block, expected;
  };
  const Case cases[] = {
      {"stream.ndjson", "", ndjson_block,
       "stream.ndjson:" + std::to_string(line) + ": Arn: expected a string"},
      {"stream.json", "[\n", array_block,
       "stream.json:" + std::to_string(line + 1) + ": array element " + std::to_string(line - 1) +
           ": Arn: expected a string"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.fifo) {
      const std::string fifo = (ws.path() / c.fifo).string();
      BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
      SpawnResult r;
      {
        const FifoWriter writer(fifo, c.head, c.block, blocks, "{\"Arn\":1}\n]\n");
        r = Spawn(
            Workspace::Evaluate({"exports", "--access-advisor", c.fifo, "--out", "out/out.jsonl"}),
            ws.path());
      }
      ExpectOneLineError(r, 4, c.expected);
      BOOST_TEST(r.max_rss_kb < BoundKb(kRoleDocument.size()),
                 "peak RSS " << r.max_rss_kb << " KB");
      BOOST_TEST_MESSAGE(c.fifo << ": " << r.seconds << " s, peak RSS " << r.max_rss_kb / 1024
                                << " MiB");
      ws.ExpectOutputUntouched();
    }
  }
}

BOOST_AUTO_TEST_CASE(deeply_nested_json_is_one_line_not_a_crash) {
  const Workspace ws;
  const std::size_t depth = 100000;
  const std::string open(depth, '['), close(depth, ']');
  ws.Write("deep/array.json", open + close);
  ws.Write("deep/member.ndjson",
           "{\"Arn\":\"arn:aws:iam::111122223333:user/a\",\"X\":" + open + close + "}\n");
  ws.Write("deep/unclosed.ndjson", open);
  std::string objects;
  for (std::size_t i = 0; i < depth; ++i) objects += "{\"a\":";
  ws.Write("deep/objects.ndjson", objects + "1" + std::string(depth, '}') + "\n");
  ws.Write("deep/policy.json", "{\"version\":1,\"exemptions\":" + open + close + "}\n");

  for (const char* file :
       {"deep/array.json", "deep/member.ndjson", "deep/unclosed.ndjson", "deep/objects.ndjson"}) {
    BOOST_TEST_CONTEXT(file) {
      const SpawnResult r = Spawn(
          Workspace::Evaluate({"exports", "--access-advisor", file, "--out", "out/out.jsonl"}),
          ws.path());
      ExpectOneLineError(r, 4, std::string(file) + ":");
      ws.ExpectOutputUntouched();
    }
  }
  const SpawnResult policy = Spawn({"evaluate", "exports", "--policy", "deep/policy.json",
                                    "--as-of", kAsOf, "--out", "out/out.jsonl"},
                                   ws.path());
  ExpectOneLineError(policy, 2, "deep/policy.json:1: ");
  ws.ExpectOutputUntouched();
  const SpawnResult check = Spawn({"policy", "check", "deep/policy.json"}, ws.path());
  ExpectOneLineError(check, 2, "deep/policy.json:1: ");
  // A decision file nested that deep is not a decision file.
  ws.Write("deep/decisions.jsonl", open + close + "\n");
  const SpawnResult verify = Spawn({"verify", "deep/decisions.jsonl"}, ws.path());
  ExpectOneLineError(verify, 4, "deep/decisions.jsonl:1: ");
}

// ---------------------------------------------------------------------------------------
// A closed standard output.

BOOST_AUTO_TEST_CASE(a_closed_standard_output_is_exit_5_without_hanging) {
  const Workspace ws;
  const SpawnResult r = Spawn(Workspace::Evaluate({"exports"}), ws.path(), Stdout::kClosedPipe,
                              std::chrono::seconds(30));
  ExpectOneLineError(r, 5, "standard output: ", false);
  BOOST_TEST(r.err.find("Broken pipe") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_reader_that_stops_after_one_byte_is_exit_5) {
  // `dormant evaluate ... | head -c 1`, with a decision file larger than a pipe's buffer.
  const Workspace ws;
  ws.Write("big.csv", ReportCsv(3000));
  const SpawnResult r = Spawn({"evaluate", "big.csv", "--as-of", kAsOf, "--quiet"}, ws.path(),
                              Stdout::kPipeReadOneByte, std::chrono::seconds(30));
  ExpectOneLineError(r, 5, "standard output: ", false);
  BOOST_TEST(r.out == "{");
  BOOST_TEST(r.err.find("Broken pipe") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(review_commands_on_a_closed_standard_output_are_exit_5) {
  const Workspace ws;
  const SpawnResult made =
      Spawn(Workspace::Evaluate({"exports", "--out", "decisions.jsonl"}), ws.path());
  BOOST_REQUIRE(made.exit_code == 0);
  const std::vector<std::string> commands[] = {
      {"plan", "decisions.jsonl"},
      {"policy", "default"},
      {"explain", "decisions.jsonl", "arn:aws:iam::111122223333:user/services/svc-webhook-relay"},
  };
  for (const auto& args : commands) {
    BOOST_TEST_CONTEXT(args[0]) {
      const SpawnResult r = Spawn(args, ws.path(), Stdout::kClosedPipe, std::chrono::seconds(30));
      BOOST_TEST(!r.timed_out);
      BOOST_TEST(r.exit_code == 5, r.err);
      BOOST_TEST(r.err.rfind("dormant: ", 0) == 0, r.err);
      BOOST_TEST(r.err.find('\n') == r.err.size() - 1, r.err);
    }
  }
}

// A decision file is read a line at a time, each at most 1 MiB: a link to /dev/zero or a
// 2 MiB line ends every review command with exit 4, nothing on standard output, within the
// memory bound of the review commands for a file without user lines (64 MB).
BOOST_AUTO_TEST_CASE(endless_or_overlong_decision_files_are_exit_4_in_bounded_memory) {
#if defined(__SANITIZE_ADDRESS__)
  constexpr long kReviewMaxRssKb = 256 * 1024;
#else
  constexpr long kReviewMaxRssKb = 64 * 1000;
#endif
  TempDir dir;
  fs::create_symlink("/dev/zero", dir.path() / "zero.jsonl");
  const std::string good =
      ReadFile(TestdataDir() / "golden" / "conformance-ex1-one-account" / "expected_stdout");
  dir.Write("good.jsonl", good);
  dir.Write("long.jsonl",
            good.substr(0, good.find('\n') + 1) + std::string(std::size_t{2} << 20, ' ') + "\n");
  struct Case {
    std::vector<std::string> args;
    std::string want_err;
  };
  const std::string what =
      ": not a valid dormant-decisions/1 file: the line is longer than 1 MiB\n";
  const std::vector<Case> cases = {
      {{"plan", "zero.jsonl"}, "dormant: zero.jsonl:1" + what},
      {{"verify", "zero.jsonl"}, "dormant: zero.jsonl:1" + what},
      {{"explain", "zero.jsonl", "alice"}, "dormant: zero.jsonl:1" + what},
      {{"diff", "zero.jsonl", "good.jsonl"}, "dormant: zero.jsonl:1" + what},
      {{"diff", "good.jsonl", "zero.jsonl"}, "dormant: zero.jsonl:1" + what},
      {{"plan", "long.jsonl"}, "dormant: long.jsonl:2" + what},
      {{"verify", "long.jsonl"}, "dormant: long.jsonl:2" + what},
      {{"explain", "long.jsonl", "alice"}, "dormant: long.jsonl:2" + what},
      {{"diff", "good.jsonl", "long.jsonl"}, "dormant: long.jsonl:2" + what},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(Join(c.args)) {
      const SpawnResult r = Spawn(c.args, dir.path());
      BOOST_TEST(r.exit_code == 4);
      BOOST_TEST(r.out.empty());
      BOOST_TEST(r.err == c.want_err);
      BOOST_TEST(r.max_rss_kb < kReviewMaxRssKb, "peak RSS " << r.max_rss_kb << " KB");
    }
  }
}

// ---------------------------------------------------------------------------------------
// Output safety: outputs never overwrite the evidence, replaced files keep their mode, a
// signal or a failure leaves no temporary and no half-written standard output.

// Polls `done` every millisecond until it returns true or `limit` passes (a failure
// detector, not a timing assertion). Returns whether `done` became true.
template <typename Done>
bool PollUntil(Done done, std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// The size of the temporary in `dir`, or -1 when there is none.
std::intmax_t TemporarySize(const fs::path& dir) {
  for (const std::string& name : Leftovers(dir)) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(dir / name, ec);
    if (!ec) return static_cast<std::intmax_t>(size);
  }
  return -1;
}

BOOST_AUTO_TEST_CASE(an_output_that_is_an_input_is_exit_2_before_anything_is_read) {
  const Workspace ws;
  const std::string report = "exports/111122223333/credential-report.json";
  const std::string report_bytes = ws.Read(report);
  const std::string policy_bytes = ws.Read("policy.json");
  fs::create_symlink("../" + report, ws.path() / "out" / "link.jsonl");
  fs::create_hard_link(ws.path() / report, ws.path() / "out" / "hard.jsonl");
  // An input nobody writes to: reading it would block until the time limit.
  BOOST_REQUIRE(::mkfifo((ws.path() / "unread.fifo").c_str(), 0600) == 0);
  struct Case {
    std::vector<std::string> outputs;
    std::string named_output;  // the output named first in the message
    std::string source;        // ... and the file it would overwrite
    Stdout stdout_mode = Stdout::kCapture;
  };
  const Case cases[] = {
      {{"--out", report}, report, "the input " + report},
      {{"--out", "out/link.jsonl"}, "out/link.jsonl", "the input " + report},
      {{"--out", "out/hard.jsonl"}, "out/hard.jsonl", "the input " + report},
      {{"--summary", "policy.json"}, "policy.json", "the policy policy.json"},
      {{"--out", "out/out.jsonl", "--summary", "./out/out.jsonl"},
       "./out/out.jsonl",
       "output --out out/out.jsonl"},
      {{"--out", "out/new.jsonl", "--summary", "out//new.jsonl"},
       "out//new.jsonl",
       "output --out out/new.jsonl"},
      // `dormant evaluate ... --out /dev/stdout >> INPUT` and `dormant evaluate ... >> INPUT`.
      {{"--out", "/dev/stdout"}, "/dev/stdout", "the input " + report, Stdout::kAppend},
      {{}, "standard output", "the input " + report, Stdout::kAppend},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(Join(c.outputs) << " stdout mode " << static_cast<int>(c.stdout_mode)) {
      std::vector<std::string> args = Workspace::Evaluate({"exports", "unread.fifo"});
      args.insert(args.end(), c.outputs.begin(), c.outputs.end());
      const SpawnResult r = Child(args, ws.path(), c.stdout_mode, (ws.path() / report).string())
                                .Wait(std::chrono::seconds(30));
      ExpectOneLineError(r, 2, c.named_output + ": ", c.stdout_mode == Stdout::kCapture);
      BOOST_TEST(r.err.find(" is the same file as " + c.source + ";") != std::string::npos, r.err);
      BOOST_TEST(ws.Read(report) == report_bytes);
      BOOST_TEST(ws.Read("policy.json") == policy_bytes);
      ws.ExpectOutputUntouched();
      BOOST_TEST(!fs::exists(ws.path() / "out" / "new.jsonl"));
    }
  }
  // The neighbours: another file in the same directory, a device shared by both outputs.
  const SpawnResult fine =
      Spawn(Workspace::Evaluate({"exports", "--out", "out/out.jsonl", "--summary", "/dev/null"}),
            ws.path());
  BOOST_TEST(fine.exit_code == 0, fine.err);
  const SpawnResult devices = Spawn(
      Workspace::Evaluate({"exports", "--out", "/dev/null", "--summary", "/dev/null"}), ws.path());
  BOOST_TEST(devices.exit_code == 0, devices.err);
}

BOOST_AUTO_TEST_CASE(a_replaced_output_keeps_its_permission_bits_and_owner) {
  const Workspace ws;
  const fs::path out = ws.path() / "out" / "out.jsonl";
  for (const mode_t mode : {mode_t{0600}, mode_t{0640}, mode_t{0604}}) {
    BOOST_TEST_CONTEXT("mode " << std::oct << mode) {
      BOOST_REQUIRE(::chmod(out.c_str(), mode) == 0);
      const SpawnResult r =
          Spawn(Workspace::Evaluate({"exports", "--out", "out/out.jsonl"}), ws.path());
      BOOST_REQUIRE(r.exit_code == 0);
      BOOST_TEST(ws.Read("out/out.jsonl") != kOldDecisions);  // it was replaced
      struct stat st;
      BOOST_REQUIRE(::stat(out.c_str(), &st) == 0);
      BOOST_TEST((st.st_mode & 07777) == mode);
    }
  }
  // A new file: 0666 minus the umask (the child inherits ours).
  const mode_t mask = ::umask(022);
  ::umask(mask);
  const SpawnResult fresh =
      Spawn(Workspace::Evaluate({"exports", "--out", "out/new.jsonl"}), ws.path());
  BOOST_REQUIRE(fresh.exit_code == 0);
  struct stat st;
  BOOST_REQUIRE(::stat((ws.path() / "out" / "new.jsonl").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == (0666 & ~mask));

  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("owner not checked: only root may give a file to another user");
    return;
  }
  BOOST_REQUIRE(::chown(out.c_str(), 65534, 65534) == 0);
  const SpawnResult r =
      Spawn(Workspace::Evaluate({"exports", "--out", "out/out.jsonl"}), ws.path());
  BOOST_REQUIRE(r.exit_code == 0);
  BOOST_REQUIRE(::stat(out.c_str(), &st) == 0);
  BOOST_TEST(st.st_uid == 65534u);
  BOOST_TEST(st.st_gid == 65534u);
}

BOOST_AUTO_TEST_CASE(a_signal_removes_the_temporary_and_keeps_the_old_output) {
  // The decision file's temporary exists while the summary waits to open a FIFO that
  // nobody reads: the child is then killed with each of the three signals.
  for (const int sig : {SIGTERM, SIGINT, SIGHUP}) {
    BOOST_TEST_CONTEXT("signal " << sig) {
      const Workspace ws;
      BOOST_REQUIRE(::mkfifo((ws.path() / "summary.fifo").c_str(), 0600) == 0);
      Child child(
          Workspace::Evaluate({"exports", "--out", "out/out.jsonl", "--summary", "summary.fifo"}),
          ws.path());
      BOOST_REQUIRE(PollUntil([&] { return !Leftovers(ws.out_dir()).empty() || child.Ended(); }));
      BOOST_REQUIRE(!child.Ended());
      BOOST_REQUIRE(::kill(child.pid(), sig) == 0);
      const SpawnResult r = child.Wait(std::chrono::seconds(30));
      BOOST_TEST(!r.timed_out);
      BOOST_TEST(r.signal == sig, "exit " << r.exit_code << ": " << r.err);
      ws.ExpectOutputUntouched();
    }
  }
}

// `dormant evaluate big.csv ...` with a decision file of about 40 MB: the child is killed
// with SIGTERM while it writes (once the temporary, or standard output, has grown). A run
// that ends before it could be caught is retried with twice the users.
BOOST_AUTO_TEST_CASE(sigterm_during_a_large_write_leaves_no_temporary_and_no_half_file) {
  const Workspace ws;
  const std::string old_stdout = "earlier content of the file standard output appends to\n";
  int caught_temporary = 0, caught_stdout = 0;
  for (int users = 100000; users <= 400000 && (caught_temporary == 0 || caught_stdout == 0);
       users *= 2) {
    ws.Write("big.csv", ReportCsv(users));
    if (caught_temporary == 0) {
      Child child({"evaluate", "big.csv", "--as-of", kAsOf, "--quiet", "--out", "out/out.jsonl"},
                  ws.path());
      BOOST_REQUIRE(PollUntil([&] { return TemporarySize(ws.out_dir()) > 0 || child.Ended(); }));
      if (!child.Ended() && ::kill(child.pid(), SIGTERM) == 0) {
        const SpawnResult r = child.Wait();
        if (r.signal == SIGTERM) {
          ++caught_temporary;
          BOOST_TEST_MESSAGE("SIGTERM while writing the temporary, " << users << " users");
          ws.ExpectOutputUntouched();
        } else {
          BOOST_TEST(r.exit_code == 0, r.err);  // finished before the signal: try again
          ws.Write("out/out.jsonl", kOldDecisions);
        }
      }
    }
    if (caught_stdout == 0) {
      const std::string stdout_file = ws.Write("appended.jsonl", old_stdout);
      Child child({"evaluate", "big.csv", "--as-of", kAsOf, "--quiet"}, ws.path(), Stdout::kAppend,
                  stdout_file);
      BOOST_REQUIRE(PollUntil(
          [&] { return fs::file_size(stdout_file) > old_stdout.size() || child.Ended(); }));
      if (!child.Ended() && ::kill(child.pid(), SIGTERM) == 0) {
        const SpawnResult r = child.Wait();
        if (r.signal == SIGTERM) {
          ++caught_stdout;
          BOOST_TEST_MESSAGE("SIGTERM while writing standard output, " << users << " users");
          BOOST_TEST(ReadFile(stdout_file) == old_stdout);
        } else {
          BOOST_TEST(r.exit_code == 0, r.err);
        }
      }
    }
  }
  BOOST_TEST(caught_temporary == 1, "never caught writing the decision file");
  BOOST_TEST(caught_stdout == 1, "never caught writing standard output");
}

BOOST_AUTO_TEST_CASE(standard_output_in_a_file_is_cut_back_when_the_run_fails) {
  const Workspace ws;
  ws.Write("bad/report.csv", std::string(kHeader) + "alice,not-an-arn\n");
  const std::string old_content = "earlier content\n";
  // Invalid input (exit 4): `>` leaves the file empty, `>>` leaves the earlier content.
  for (const Stdout mode : {Stdout::kRedirect, Stdout::kAppend}) {
    BOOST_TEST_CONTEXT("stdout mode " << static_cast<int>(mode)) {
      const std::string file = ws.Write("stdout.jsonl", old_content);
      const SpawnResult r =
          Child(Workspace::Evaluate({"exports", "bad/report.csv"}), ws.path(), mode, file).Wait();
      ExpectOneLineError(r, 4, "bad/report.csv:2: ", false);
      BOOST_TEST(ReadFile(file) == (mode == Stdout::kAppend ? old_content : ""));
    }
  }
  // A write that fails half-way (a full filesystem), through standard output and through
  // --out /dev/stdout: the file is cut back to what it held before the run.
  ws.Write("big.csv", ReportCsv(3000));  // a decision file of about 1 MB
  Tmpfs fs(ws.path() / "small", "size=256k");
  if (!fs.mounted()) {
    BOOST_TEST_MESSAGE("skipped the full-filesystem part: cannot mount a tmpfs here (" << fs.why()
                                                                                       << ")");
    return;
  }
  for (const std::vector<std::string>& out :
       {std::vector<std::string>{}, std::vector<std::string>{"--out", "/dev/stdout"}}) {
    BOOST_TEST_CONTEXT(Join(out)) {
      const std::string file = ws.Write("small/stdout.jsonl", old_content);
      std::vector<std::string> args{"evaluate", "big.csv", "--as-of", kAsOf, "--quiet"};
      args.insert(args.end(), out.begin(), out.end());
      const SpawnResult r = Child(args, ws.path(), Stdout::kAppend, file).Wait();
      ExpectOneLineError(r, 5, out.empty() ? "standard output: " : "/dev/stdout: ", false);
      BOOST_TEST(r.err.find("No space left on device") != std::string::npos, r.err);
      BOOST_TEST(ReadFile(file) == old_content);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_output_name_of_255_bytes_works) {
  const Workspace ws;
  const std::string name = std::string(255 - 6, 'd') + ".jsonl";
  BOOST_REQUIRE(name.size() == 255);
  for (int run = 0; run < 2; ++run) {  // creating it, then replacing it
    BOOST_TEST_CONTEXT("run " << run) {
      const SpawnResult r =
          Spawn(Workspace::Evaluate({"exports", "--out", "out/" + name}), ws.path());
      BOOST_TEST(r.exit_code == 0, r.err);
      BOOST_TEST(ws.Read("out/" + name).rfind("{\"format\":\"dormant-decisions/", 0) == 0);
      BOOST_TEST(Leftovers(ws.out_dir()).empty());
    }
  }
}

// Without --jobs, files are read by as many threads as the machine has: with two FIFO
// inputs, the one that sorts second is opened for reading while nothing has been written
// to the first. With one reading thread the child would wait on the first forever.
BOOST_AUTO_TEST_CASE(the_default_jobs_reads_files_in_parallel) {
  if (std::thread::hardware_concurrency() < 2) {
    BOOST_TEST_MESSAGE("skipped: this machine has one hardware thread");
    return;
  }
  const Workspace ws;
  const std::string contents[] = {ws.Read("exports/111122223333/credential-report.json"),
                                  ws.Read("exports/111122223333/access-advisor.ndjson")};
  const std::string fifos[] = {(ws.path() / "1-report.fifo").string(),
                               (ws.path() / "2-advisor.fifo").string()};
  for (const std::string& f : fifos) BOOST_REQUIRE(::mkfifo(f.c_str(), 0600) == 0);
  Child child(Workspace::Evaluate({"1-report.fifo", "2-advisor.fifo"}), ws.path());
  const SigpipeAsEpipe epipe;
  // Opening a FIFO for writing without blocking fails (ENXIO) until a reader has opened it.
  auto feed = [&](int i) {
    int fd = -1;
    const bool opened = PollUntil([&] {
      fd = ::open(fifos[i].c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      return fd >= 0 || child.Ended();
    });
    if (!opened || fd < 0) return false;
    ::fcntl(fd, F_SETFL, 0);  // blocking writes from here on
    const bool ok = ::write(fd, contents[i].data(), contents[i].size()) ==
                    static_cast<ssize_t>(contents[i].size());
    ::close(fd);
    return ok;
  };
  BOOST_TEST_REQUIRE(feed(1), "the second input was never opened while the first was empty");
  BOOST_TEST_REQUIRE(feed(0));
  const SpawnResult r = child.Wait();
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.rfind("{\"format\":\"dormant-decisions/", 0) == 0);
}

// plan's refusals go through the one error printer: a control character of the path is
// written as \xNN, so the refusal stays one line.
BOOST_AUTO_TEST_CASE(plan_refusal_is_one_escaped_line) {
  const Workspace ws;
  fs::copy_file(TestdataDir() / "golden" / "plan-guardrail" / "decisions.jsonl",
                ws.path() / "dec\nisions.jsonl");
  const SpawnResult r = Spawn({"plan", "--no-verify", "dec\nisions.jsonl"}, ws.path());
  ExpectOneLineError(r, 3, "dec\\x0aisions.jsonl: refusing to plan: guardrails tripped: ");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
