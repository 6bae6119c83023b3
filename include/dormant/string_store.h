// dormant/string_store.h — one copy of each string that the records view.
//
// A user's ARN appears in its report row, its advisor document and its IAM details; the
// store keeps its bytes once (and each distinct tag key and value once). Copies live in
// 64 KiB blocks that never move, so views stay valid until the store is destroyed. Add is
// thread-safe: the reading threads share one store. Memory: the distinct bytes plus 4 bytes
// each, and an index of 8-byte slots kept at most half full.
#ifndef DORMANT_STRING_STORE_H_
#define DORMANT_STRING_STORE_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace dormant {

class StringStore {
 public:
  StringStore() = default;
  StringStore(const StringStore&) = delete;
  StringStore& operator=(const StringStore&) = delete;

  // A view of the stored copy of `s`: the same copy for equal strings.
  std::string_view Add(std::string_view s);

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;
  char* Allocate(std::size_t n);
  void GrowIndex();

  std::mutex mu_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = kBlockBytes;  // in the last block
  std::vector<const char*> index_;  // open addressing: a 4-byte length, then the bytes
  std::size_t count_ = 0;
};

}  // namespace dormant

#endif  // DORMANT_STRING_STORE_H_
