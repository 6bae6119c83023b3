// Hand-written decision files (see decision_text.h).
#include "decision_text.h"

#include <algorithm>
#include <chrono>

#include "dormant/timestamp.h"

namespace dormant::testing::decision_text {

// A user with the usual reasons and actions of `verdict`.
User U(const std::string& name, const std::string& verdict) {
  User u{name, verdict, {}, {}};
  if (verdict == "keep") {
    u.reasons = {"recent_activity"};
    u.creds = {{"password"}};
  } else if (verdict == "warn") {
    u.reasons = {"approaching_idle_limit"};
    u.creds = {{"password"}};
  } else if (verdict == "deactivate") {
    u.reasons = {"user_idle"};
    u.creds = {{"password", "deactivate"}};
  } else if (verdict == "prune") {
    u.reasons = {"credential_idle"};
    u.creds = {{"password", "deactivate"}, {"access_key_1"}};
  } else if (verdict == "hold") {
    u.reasons = {"user_idle", "exemption_undecidable"};
    u.creds = {{"password", "hold"}};
  } else if (verdict == "already_inactive") {
    u.reasons = {"no_active_credentials"};
    u.creds = {{"password", "none", false}};
  } else if (verdict == "exempt") {
    u.reasons = {"exempt:ci"};
    u.creds = {{"password"}};
  }
  return u;
}

User With(User u, std::vector<std::string> reasons) {
  u.reasons = std::move(reasons);
  return u;
}
User WithCreds(User u, std::vector<Cred> creds) {
  u.creds = std::move(creds);
  return u;
}
User Idle(User u, std::int64_t days) {
  u.idle_days = days;
  return u;
}

namespace {

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// The line of `u` in a file of `as_of`: every time of the user is `idle_days` days before
// as-of (its last activity none if it was never used), so that the line is coherent.
std::string UserLine(const User& u, const std::string& as_of) {
  std::string line = "{\"arn\":" + Quoted(u.Arn()) + ",\"account\":" + Quoted(u.account) +
                     ",\"user\":" + Quoted(u.name) + ",\"verdict\":" + Quoted(u.verdict) +
                     ",\"reasons\":[";
  for (std::size_t i = 0; i < u.reasons.size(); ++i) {
    if (i > 0) line += ',';
    line += Quoted(u.reasons[i]);
  }
  const std::string days = std::to_string(u.idle_days);
  const Instant midnight = std::chrono::floor<std::chrono::days>(*ParseTimestamp(as_of));
  const std::string since = Quoted(FormatTimestamp(midnight - std::chrono::days(u.idle_days)));
  const bool never_used =
      std::find(u.reasons.begin(), u.reasons.end(), "never_used") != u.reasons.end();
  const std::string used = never_used ? "null" : since;
  line += "],\"idle_days\":" + days + ",\"idle_since\":" + since + ",\"last_activity\":" + used +
          ",\"credentials\":[";
  for (std::size_t i = 0; i < u.creds.size(); ++i) {
    const Cred& c = u.creds[i];
    if (i > 0) line += ',';
    line += "{\"id\":" + Quoted(c.id) + ",\"status\":" + Quoted(c.active ? "active" : "inactive") +
            ",\"issued\":" + since + ",\"last_used\":" + used + ",\"idle_days\":" + days +
            ",\"action\":" + Quoted(c.action) + "}";
  }
  return line + "]}";
}

}  // namespace

// A valid decision file holding `users` (sorted here), with counts to match.
std::string DecisionText(std::vector<User> users, const std::string& as_of,
                         const std::string& input_sha, const std::string& input_path) {
  std::sort(users.begin(), users.end(),
            [](const User& a, const User& b) { return a.Arn() < b.Arn(); });
  const std::vector<std::string> verdicts = {
      "root", "exempt", "already_inactive", "deactivate", "prune", "warn", "keep", "hold"};
  std::string text = "{\"format\":\"dormant-decisions/1\",\"as_of\":" + Quoted(as_of) +
                     ",\"policy\":{\"source\":\"default\",\"sha256\":\"36acedea8d317e79f7f6\"},"
                     "\"inputs\":[";
  if (!input_sha.empty()) {
    text += "{\"path\":" + Quoted(input_path) +
            ",\"kind\":\"credential_report\",\"sha256\":" + Quoted(input_sha) +
            ",\"generated\":null,\"records\":3,\"unmatched\":0}";
  }
  text += "],\"counts\":{";
  for (std::size_t v = 0; v < verdicts.size(); ++v) {
    if (v > 0) text += ',';
    const auto n = std::count_if(users.begin(), users.end(),
                                 [&](const User& u) { return u.verdict == verdicts[v]; });
    text += Quoted(verdicts[v]) + ":" + std::to_string(n);
  }
  text +=
      "},\"guardrails\":[],\"stale\":[],\"exemptions\":{\"expired\":[],\"expiring\":[],"
      "\"unused\":[]}}\n";
  for (const User& u : users) text += UserLine(u, as_of) + "\n";
  return text;
}

}  // namespace dormant::testing::decision_text
