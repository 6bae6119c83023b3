// The small behaviours of the records: the derived `user` name and the string store.
#include "dormant/records.h"

#include <cstring>
#include <utility>

namespace dormant {

std::string_view CredentialRow::user() const {
  if (root) return "<root_account>";
  return arn.substr(arn.rfind('/') + 1);
}

std::string_view StringStore::Add(std::string_view s) {
  if (s.empty()) return {};
  char* at = nullptr;
  if (s.size() > kBlockBytes / 4) {
    // A long string gets a block of its own, kept before the block being filled.
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(s.size()));
    at = blocks_.back().get();
    if (blocks_.size() > 1) std::swap(blocks_.back(), blocks_[blocks_.size() - 2]);
  } else {
    if (kBlockBytes - used_ < s.size()) {
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlockBytes));
      used_ = 0;
    }
    at = blocks_.back().get() + used_;
    used_ += s.size();
  }
  std::memcpy(at, s.data(), s.size());
  return {at, s.size()};
}

}  // namespace dormant
