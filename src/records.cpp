// The small behaviours of the records: the derived `user` name, the packed slots.
#include "dormant/records.h"

namespace dormant {

std::string_view CredentialRow::user() const {
  if (root) return "<root_account>";
  return arn.substr(arn.rfind('/') + 1);
}

void CredentialRow::SetActive(int bit, bool on) {
  const auto mask = static_cast<std::uint8_t>(1u << bit);
  active_ = static_cast<std::uint8_t>(on ? (active_ | mask) : (active_ & ~mask));
}

void CredentialRow::SetKey(int k, const CredentialSlot& slot) {
  SetActive(k, slot.active);
  key_rotated_[k] = slot.last_rotated;
  key_used_[k] = slot.last_used;
}

void CredentialRow::SetCert(int k, const CredentialSlot& slot) {
  SetActive(2 + k, slot.active);
  cert_rotated_[k] = slot.last_rotated;
}

}  // namespace dormant
