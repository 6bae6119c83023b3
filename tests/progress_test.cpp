// The progress line (src/progress.h): drawn only on a terminal and only for big inputs.
#include "progress.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace dormant {
namespace {

// Runs `body` with standard error redirected to `fd`, then restores it.
template <typename F>
void WithStderr(int fd, F body) {
  const int saved = ::dup(STDERR_FILENO);
  ::dup2(fd, STDERR_FILENO);
  body();
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
}

std::string Drain(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

void Run(std::uint64_t total, bool wanted) {
  ProgressLine progress(total, wanted);
  progress.counter()->fetch_add(total / 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // at least two redraws
}

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(drawn_on_a_terminal_for_big_inputs_only) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  BOOST_REQUIRE(master >= 0);
  BOOST_REQUIRE(::grantpt(master) == 0 && ::unlockpt(master) == 0);
  const int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  BOOST_REQUIRE(terminal >= 0);
  ::fcntl(master, F_SETFL, O_NONBLOCK);
  const std::uint64_t big = std::uint64_t{1} << 30;

  WithStderr(terminal, [&] { Run(big, true); });
  const std::string shown = Drain(master);
  BOOST_TEST(shown.find("dormant: read 512 of 1024 MB (50%)") != std::string::npos);
  BOOST_TEST(shown.find("ETA") != std::string::npos);
  BOOST_TEST(shown.find("\r\033[K") != std::string::npos);  // redrawn in place, then cleared

  WithStderr(terminal, [&] { Run(ProgressLine::kThresholdBytes, true); });  // not above 256 MB
  BOOST_TEST(Drain(master).empty());
  WithStderr(terminal, [&] { Run(big, false); });  // --quiet
  BOOST_TEST(Drain(master).empty());
  ::close(terminal);
  ::close(master);
}

BOOST_AUTO_TEST_CASE(never_drawn_when_stderr_is_not_a_terminal) {
  int pipe_fds[2];
  BOOST_REQUIRE(::pipe(pipe_fds) == 0);
  ::fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  WithStderr(pipe_fds[1], [&] { Run(std::uint64_t{1} << 30, true); });
  ::close(pipe_fds[1]);
  BOOST_TEST(Drain(pipe_fds[0]).empty());
  ::close(pipe_fds[0]);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
