// Fuzz target: ParsePolicy.
//
// Invariants: errors are usage errors (exit 2) naming the source; a policy that parses has
// every number within its bound, unique non-empty ids, non-empty reasons, at least one
// match field per exemption, a 12-digit account, and parses again to the same values.
#include <set>
#include <string>

#include "dormant/policy.h"
#include "fuzz_support.h"

namespace {

using dormant::fuzz::Require;

void CheckPolicy(const dormant::Policy& p) {
  for (const std::int64_t days : {p.idle_user, p.idle_password, p.idle_access_key, p.warn_days}) {
    Require(days >= 0 && days <= 36500, "a day count out of bounds");
  }
  for (const std::int64_t hours :
       {p.max_report_age_hours, p.max_access_advisor_age_hours, p.attribution_slack_hours}) {
    Require(hours >= 0 && hours <= 876000, "an hour count out of bounds");
  }
  Require(p.max_action_percent_per_account >= 0 && p.max_action_percent_per_account <= 100,
          "a percentage out of bounds");
  for (const std::int64_t count : {p.max_actions_per_run, p.min_actions_before_percent}) {
    Require(count >= 0 && count <= 1000000000, "a count out of bounds");
  }
  std::set<std::string> ids;
  for (const dormant::Exemption& x : p.exemptions) {
    Require(!x.id.empty() && !x.reason.empty(), "an exemption without id or reason");
    Require(ids.insert(x.id).second, "two exemptions with one id");
    const auto& m = x.match;
    Require(m.user || m.arn || m.account || m.path_prefix || m.tag_key,
            "an exemption that matches on nothing");
    Require(!m.tag_value || m.tag_key, "a tag value without a tag key");
    if (m.account) {
      Require(m.account->size() == 12, "an account that is not 12 digits");
      for (const char c : *m.account) Require(c >= '0' && c <= '9', "an account with a non-digit");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = dormant::fuzz::AsText(data, size);
  dormant::Policy p;
  try {
    p = dormant::ParsePolicy(text, "fuzz-policy.json");
  } catch (const dormant::Error& e) {
    dormant::fuzz::CheckError(e, dormant::ErrorKind::kUsage);
    dormant::fuzz::CheckOneLine(e);
    Require(e.file() == "fuzz-policy.json", "a policy error that does not name the file");
    return 0;
  }
  Require(p.source == "fuzz-policy.json", "the policy source is not the name given");
  CheckPolicy(p);
  const dormant::Policy again = dormant::ParsePolicy(text, "fuzz-policy.json");
  Require(again.exemptions.size() == p.exemptions.size() && again.idle_user == p.idle_user &&
              again.max_actions_per_run == p.max_actions_per_run,
          "parsing the same policy twice differs");
  return 0;
}
