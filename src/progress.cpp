// Progress line (see progress.h).
#include "progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace dormant {

ProgressLine::ProgressLine(std::uint64_t total_bytes, bool wanted) : total_(total_bytes) {
  if (wanted && total_bytes > kThresholdBytes && ::isatty(STDERR_FILENO) == 1) {
    thread_ = std::thread([this] { Run(); });
  }
}

ProgressLine::~ProgressLine() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
  static constexpr char kClear[] = "\r\033[K";
  (void)!::write(STDERR_FILENO, kClear, sizeof kClear - 1);
}

void ProgressLine::Run() {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stop_; })) {
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double done = static_cast<double>(bytes_read_.load());
    const double mb = 1024.0 * 1024.0;
    const double rate = seconds > 0 ? done / seconds : 0;
    const double left = rate > 0 ? (static_cast<double>(total_) - done) / rate : 0;
    char line[160];
    const int n = std::snprintf(
        line, sizeof line, "\r\033[Kdormant: read %.0f of %.0f MB (%.0f%%), %.0f MB/s, ETA %d:%02d",
        done / mb, static_cast<double>(total_) / mb,
        total_ > 0 ? 100.0 * done / static_cast<double>(total_) : 100.0, rate / mb,
        static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    if (n > 0) (void)!::write(STDERR_FILENO, line, static_cast<std::size_t>(n));
  }
}

}  // namespace dormant
