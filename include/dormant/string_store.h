// dormant/string_store.h — the bytes of the strings that the records view.
//
// Copies live in 64 KiB blocks that never move, so views stay valid until the store is
// destroyed. Copy stores a string as it is; Intern keeps one copy of each distinct string:
// a user's ARN appears in its advisor document and in its IAM details, and each tag key
// and value recurs across users. (Report rows Copy: interning their ARNs too would save 45
// bytes a user but halve the speed of the CSV parser on big reports.) Thread-safe: the
// reading threads share one store. Memory: the bytes, 4 more per interned string, and an
// index of 8-byte slots at most half full.
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

  // A view of a new copy of `s`.
  std::string_view Copy(std::string_view s);
  // A view of the interned copy of `s`: the same copy for equal strings.
  std::string_view Intern(std::string_view s);

 private:
  static constexpr std::size_t kBlockBytes = 64 * 1024;
  char* Allocate(std::size_t n);  // REQUIRES: mu_ held
  void Rehash(std::size_t slots);

  std::mutex mu_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = kBlockBytes;  // in the last block
  // Interned strings (a 4-byte length, then the bytes); open addressing, linear probing,
  // a power of two slots; nullptr: empty.
  std::vector<const char*> index_;
  std::size_t count_ = 0;
};

}  // namespace dormant

#endif  // DORMANT_STRING_STORE_H_
