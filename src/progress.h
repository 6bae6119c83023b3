// progress.h (private) — the progress line of long runs: bytes read of the total, MB/s and
// an ETA, redrawn on standard error at most four times a second. Shown only when standard
// error is a terminal and the inputs exceed 256 MB; never part of any output file. It reads
// the steady clock, for display only.
#ifndef DORMANT_PROGRESS_H_
#define DORMANT_PROGRESS_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace dormant {

class ProgressLine {
 public:
  // Starts the display thread if `wanted`, stderr is a terminal and `total_bytes` exceeds
  // the threshold. Readers add to counter().
  ProgressLine(std::uint64_t total_bytes, bool wanted);
  // Stops the display and clears the line.
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  std::atomic<std::uint64_t>* counter() { return &bytes_read_; }

  static constexpr std::uint64_t kThresholdBytes = std::uint64_t{256} << 20;

 private:
  void Run();

  std::uint64_t total_;
  std::atomic<std::uint64_t> bytes_read_{0};
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace dormant

#endif  // DORMANT_PROGRESS_H_
