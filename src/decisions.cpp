// Output vocabulary of decisions.
#include "dormant/decisions.h"

namespace dormant {

std::string_view VerdictName(Verdict v) {
  static constexpr std::string_view kNames[] = {
      "root", "exempt", "already_inactive", "deactivate", "prune", "warn", "keep", "hold"};
  return kNames[static_cast<std::size_t>(v)];
}

std::string_view ReasonName(Reason r) {
  static constexpr std::string_view kNames[] = {
      "root_account",
      "root_access_key_active",
      "exempt",
      "no_active_credentials",
      "timestamp_after_as_of",
      "user_idle",
      "never_used",
      "credential_idle",
      "approaching_idle_limit",
      "recent_activity",
      "stale_report",
      "access_advisor_missing",
      "access_advisor_incomplete",
      "access_advisor_stale",
      "access_advisor_empty",
      "signing_certificate_usage_unknown",
      "unattributed_recent_activity",
      "exemption_undecidable",
      "guardrail_account",
      "guardrail_run",
  };
  return kNames[static_cast<std::size_t>(r)];
}

std::string_view CredentialName(CredentialId id) {
  static constexpr std::string_view kNames[] = {"password", "access_key_1", "access_key_2",
                                                "cert_1", "cert_2"};
  return kNames[static_cast<std::size_t>(id)];
}

std::string_view ActionName(Action a) {
  static constexpr std::string_view kNames[] = {"none", "deactivate", "hold"};
  return kNames[static_cast<std::size_t>(a)];
}

std::ostream& operator<<(std::ostream& os, Verdict v) { return os << VerdictName(v); }
std::ostream& operator<<(std::ostream& os, Reason r) { return os << ReasonName(r); }
std::ostream& operator<<(std::ostream& os, Action a) { return os << ActionName(a); }

}  // namespace dormant
