// The string store of the records: plain copies and interned ones.
#include "dormant/string_store.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <utility>

namespace dormant {
namespace {

std::string_view Interned(const char* p) {
  std::uint32_t n = 0;
  std::memcpy(&n, p, sizeof n);
  return {p + sizeof n, n};
}

std::size_t Hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

}  // namespace

char* StringStore::Allocate(std::size_t n) {
  if (n > kBlockBytes / 4) {
    // A long string gets a block of its own, kept before the block being filled.
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(n));
    char* at = blocks_.back().get();
    if (blocks_.size() > 1) std::swap(blocks_.back(), blocks_[blocks_.size() - 2]);
    return at;
  }
  if (kBlockBytes - used_ < n) {
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlockBytes));
    used_ = 0;
  }
  char* at = blocks_.back().get() + used_;
  used_ += n;
  return at;
}

std::string_view StringStore::Copy(std::string_view s) {
  if (s.empty()) return {};
  const std::lock_guard<std::mutex> lock(mu_);
  char* p = Allocate(s.size());
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

void StringStore::Rehash(std::size_t slots) {
  std::vector<const char*> bigger(slots, nullptr);
  const std::size_t mask = slots - 1;
  for (const char* p : index_) {
    if (p == nullptr) continue;
    std::size_t i = Hash(Interned(p)) & mask;
    while (bigger[i] != nullptr) i = (i + 1) & mask;
    bigger[i] = p;
  }
  index_ = std::move(bigger);
}

std::string_view StringStore::Intern(std::string_view s) {
  if (s.empty()) return {};
  const std::size_t hash = Hash(s);
  const std::lock_guard<std::mutex> lock(mu_);
  if (2 * (count_ + 1) > index_.size()) Rehash(index_.empty() ? 1024 : 2 * index_.size());
  const std::size_t mask = index_.size() - 1;
  std::size_t i = hash & mask;
  for (; index_[i] != nullptr; i = (i + 1) & mask) {
    if (Interned(index_[i]) == s) return Interned(index_[i]);
  }
  const auto n = static_cast<std::uint32_t>(s.size());  // ARNs and tags: far below 4 GiB
  char* p = Allocate(sizeof n + s.size());
  std::memcpy(p, &n, sizeof n);
  std::memcpy(p + sizeof n, s.data(), s.size());
  index_[i] = p;
  ++count_;
  return Interned(p);
}

}  // namespace dormant
