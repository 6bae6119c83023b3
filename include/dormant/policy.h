// dormant/policy.h — the evaluation policy: thresholds, evidence limits,
// guardrails and exemptions, strictly validated.
#ifndef DORMANT_POLICY_H_
#define DORMANT_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/timestamp.h"

namespace dormant {

// One exemption. All given match fields must match.
struct Exemption {
  std::string id;
  std::string reason;
  std::optional<Instant> expires;  // 00:00:00Z of the `expires` date

  struct Match {
    std::optional<std::string> user;         // glob on the user name
    std::optional<std::string> arn;          // glob on the ARN
    std::optional<std::string> account;      // 12 digits
    std::optional<std::string> path_prefix;  // plain prefix of the IAM path
    std::optional<std::string> tag_key;      // tag match: key (ASCII case-insensitive)
    std::optional<std::string> tag_value;    //   and, if given, value (exact)
  } match;
};

struct Policy {
  std::int64_t idle_user = 90;
  std::int64_t idle_password = 90;
  std::int64_t idle_access_key = 90;
  std::int64_t warn_days = 14;
  bool require_access_advisor = false;
  std::int64_t max_report_age_hours = 24;
  std::int64_t max_access_advisor_age_hours = 72;
  std::int64_t attribution_slack_hours = 24;
  std::int64_t max_actions_per_run = 500;
  std::int64_t max_action_percent_per_account = 25;
  std::int64_t min_actions_before_percent = 3;
  std::vector<Exemption> exemptions;  // in policy order

  std::string source;  // `default` or the path as given
  std::string sha256;  // of the policy file's bytes
};

// The embedded default policy, byte for byte what `dormant policy default` prints.
extern const std::string_view kDefaultPolicyText;

// Parses and validates a policy document. `source` names it in messages and in the
// decision file. Throws Error(kUsage) naming the offending key.
Policy ParsePolicy(std::string_view text, const std::string& source);

// The embedded default policy.
Policy DefaultPolicy();

// Reads and parses the policy file at `path`. Throws Error(kUsage) if it does not exist
// or is invalid, Error(kIo) if it cannot be read.
Policy LoadPolicy(const std::string& path);

}  // namespace dormant

#endif  // DORMANT_POLICY_H_
