// Policy parsing with strict validation: unknown keys, duplicate keys, wrong types (null
// included) and out-of-range numbers are errors naming the key and its line; an unknown key
// also names the keys valid in its place.
#include "dormant/policy.h"

#include <simdjson.h>

#include <initializer_list>
#include <set>

#include "dormant/error.h"
#include "file_source.h"
#include "json_locate.h"
#include "nearest.h"
#include "sha256.h"
#include "text.h"

namespace dormant {

const std::string_view kDefaultPolicyText = R"({
  "version": 1,
  "idle_days": { "user": 90, "password": 90, "access_key": 90 },
  "warn_days": 14,
  "evidence": {
    "require_access_advisor": false,
    "max_report_age_hours": 24,
    "max_access_advisor_age_hours": 72,
    "attribution_slack_hours": 24
  },
  "guardrails": {
    "max_actions_per_run": 500,
    "max_action_percent_per_account": 25,
    "min_actions_before_percent": 3
  },
  "exemptions": []
}
)";

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::int64_t kDaysBound = 36500;
constexpr std::int64_t kHoursBound = 876000;
constexpr std::int64_t kPercentBound = 100;
constexpr std::int64_t kCountBound = 1000000000;

class PolicyParser {
 public:
  // `text` is the policy's JSON, for the line numbers of messages.
  PolicyParser(const std::string& source, std::string_view text) : source_(source), text_(text) {}

  // Fails at the line of `key` (its `occurrence`-th appearance; for a missing key, the line
  // of the object that lacks it).
  [[noreturn]] void Fail(const std::string& key, const std::string& what,
                         int occurrence = 1) const {
    throw Error(ErrorKind::kUsage, source_, key.empty() ? 0 : MemberLine(text_, key, occurrence),
                "invalid policy: " + (key.empty() ? what : key + ": " + what));
  }

  // Calls on_member(key, value) for each member; rejects duplicate keys.
  template <typename F>
  void Members(element e, const std::string& where, F&& on_member) {
    object obj;
    if (e.get_object().get(obj)) Fail(where, "must be an object");
    std::set<std::string_view> seen;
    for (const simdjson::dom::key_value_pair field : obj) {
      const std::string key =
          where.empty() ? std::string(field.key) : where + "." + std::string(field.key);
      if (!seen.insert(field.key).second) Fail(key, "key appears twice", 2);
      on_member(field.key, field.value, key);
    }
  }

  // `key` (last component `name`) is none of `valid`, the keys of its object.
  [[noreturn]] void Unknown(const std::string& key, std::string_view name,
                            std::initializer_list<std::string_view> valid) const {
    Nearest nearest(name);
    std::string list;
    for (const std::string_view v : valid) {
      nearest.Offer(v);
      list += (list.empty() ? "" : ", ") + std::string(v);
    }
    Fail(key, "unknown key" +
                  (nearest.best() ? "; did you mean '" + *nearest.best() + "'?" : std::string()) +
                  " (valid keys here: " + list + ")");
  }

  std::int64_t Integer(element e, const std::string& key, std::int64_t bound) const {
    std::int64_t v = 0;
    if (e.type() != simdjson::dom::element_type::INT64 || e.get_int64().get(v) || v < 0 ||
        v > bound) {
      Fail(key, "must be an integer from 0 to " + std::to_string(bound));
    }
    return v;
  }

  bool Bool(element e, const std::string& key) const {
    bool v = false;
    if (e.get_bool().get(v)) Fail(key, "must be true or false");
    return v;
  }

  std::string String(element e, const std::string& key) const {
    std::string_view v;
    if (e.get_string().get(v)) Fail(key, "must be a string");
    return std::string(v);
  }

  // The top-level members, each read by the step for its section, then the checks across
  // members (exemption ids are unique).
  Policy Parse(element root) {
    Policy p;
    Members(root, "", [&](std::string_view name, element v, const std::string& key) {
      if (name == "version") {
        ParseVersion(v, key);
      } else if (name == "idle_days") {
        ParseIdleDays(v, key, p);
      } else if (name == "warn_days") {
        p.warn_days = Integer(v, key, kDaysBound);
      } else if (name == "evidence") {
        ParseEvidence(v, key, p);
      } else if (name == "guardrails") {
        ParseGuardrails(v, key, p);
      } else if (name == "exemptions") {
        ParseExemptions(v, key, p);
      } else {
        Unknown(key, name,
                {"version", "idle_days", "warn_days", "evidence", "guardrails", "exemptions"});
      }
    });
    CheckUniqueExemptionIds(p);
    return p;
  }

 private:
  void ParseVersion(element v, const std::string& key) const {
    if (v.type() != simdjson::dom::element_type::INT64 &&
        v.type() != simdjson::dom::element_type::UINT64) {
      Fail(key, "must be 1");
    }
    std::int64_t version = 0;
    if (v.get_int64().get(version) || version != 1) Fail(key, "must be 1");
  }

  void ParseIdleDays(element v, const std::string& key, Policy& p) {
    Members(v, key, [&](std::string_view n, element x, const std::string& k) {
      if (n == "user") {
        p.idle_user = Integer(x, k, kDaysBound);
      } else if (n == "password") {
        p.idle_password = Integer(x, k, kDaysBound);
      } else if (n == "access_key") {
        p.idle_access_key = Integer(x, k, kDaysBound);
      } else {
        Unknown(k, n, {"user", "password", "access_key"});
      }
    });
  }

  void ParseEvidence(element v, const std::string& key, Policy& p) {
    Members(v, key, [&](std::string_view n, element x, const std::string& k) {
      if (n == "require_access_advisor") {
        p.require_access_advisor = Bool(x, k);
      } else if (n == "max_report_age_hours") {
        p.max_report_age_hours = Integer(x, k, kHoursBound);
      } else if (n == "max_access_advisor_age_hours") {
        p.max_access_advisor_age_hours = Integer(x, k, kHoursBound);
      } else if (n == "attribution_slack_hours") {
        p.attribution_slack_hours = Integer(x, k, kHoursBound);
      } else {
        Unknown(k, n,
                {"require_access_advisor", "max_report_age_hours", "max_access_advisor_age_hours",
                 "attribution_slack_hours"});
      }
    });
  }

  void ParseGuardrails(element v, const std::string& key, Policy& p) {
    Members(v, key, [&](std::string_view n, element x, const std::string& k) {
      if (n == "max_actions_per_run") {
        p.max_actions_per_run = Integer(x, k, kCountBound);
      } else if (n == "max_action_percent_per_account") {
        p.max_action_percent_per_account = Integer(x, k, kPercentBound);
      } else if (n == "min_actions_before_percent") {
        p.min_actions_before_percent = Integer(x, k, kCountBound);
      } else {
        Unknown(k, n,
                {"max_actions_per_run", "max_action_percent_per_account",
                 "min_actions_before_percent"});
      }
    });
  }

  void ParseExemptions(element v, const std::string& key, Policy& p) {
    simdjson::dom::array list;
    if (v.get_array().get(list)) Fail(key, "must be an array");
    std::size_t i = 0;
    for (const element e : list) {
      p.exemptions.push_back(ParseExemption(e, key + "[" + std::to_string(i++) + "]"));
    }
  }

  void CheckUniqueExemptionIds(const Policy& p) const {
    std::set<std::string_view> ids;
    for (std::size_t i = 0; i < p.exemptions.size(); ++i) {
      if (!ids.insert(p.exemptions[i].id).second) {
        Fail("exemptions[" + std::to_string(i) + "].id",
             "'" + p.exemptions[i].id + "' is used by an earlier exemption (ids are unique)");
      }
    }
  }

  Exemption ParseExemption(element e, const std::string& where) {
    Exemption x;
    bool has_id = false, has_reason = false, has_match = false;
    Members(e, where, [&](std::string_view n, element v, const std::string& k) {
      if (n == "id") {
        x.id = String(v, k);
        if (x.id.empty()) Fail(k, "must not be empty");
        has_id = true;
      } else if (n == "reason") {
        x.reason = String(v, k);
        if (x.reason.empty()) Fail(k, "must not be empty");
        has_reason = true;
      } else if (n == "expires") {
        const std::string text = String(v, k);
        x.expires = ParseDate(text);
        if (!x.expires) Fail(k, "must be a date YYYY-MM-DD, got '" + text + "'");
      } else if (n == "match") {
        has_match = true;
        ParseMatch(v, k, x.match);
      } else {
        Unknown(k, n, {"id", "reason", "expires", "match"});
      }
    });
    if (!has_id) Fail(where + ".id", "missing (every exemption needs a unique id)");
    if (!has_reason) Fail(where + ".reason", "missing (every exemption needs a reason)");
    if (!has_match) Fail(where + ".match", "missing");
    return x;
  }

  void ParseMatch(element e, const std::string& where, Exemption::Match& m) {
    bool any = false;
    Members(e, where, [&](std::string_view n, element v, const std::string& k) {
      any = true;
      if (n == "user") {
        m.user = String(v, k);
      } else if (n == "arn") {
        m.arn = String(v, k);
      } else if (n == "account") {
        m.account = String(v, k);
        bool ok = m.account->size() == 12;
        for (char c : *m.account) ok = ok && c >= '0' && c <= '9';
        if (!ok) Fail(k, "must be a 12-digit account id in a string");
      } else if (n == "path_prefix") {
        m.path_prefix = String(v, k);
      } else if (n == "tag") {
        Members(v, k, [&](std::string_view tn, element tv, const std::string& tk) {
          if (tn == "key") {
            m.tag_key = String(tv, tk);
          } else if (tn == "value") {
            m.tag_value = String(tv, tk);
          } else {
            Unknown(tk, tn, {"key", "value"});
          }
        });
        if (!m.tag_key) Fail(k + ".key", "missing");
      } else {
        Unknown(k, n, {"user", "arn", "account", "path_prefix", "tag"});
      }
    });
    if (!any) Fail(where, "needs at least one of user, arn, account, path_prefix, tag");
  }

  const std::string& source_;
  std::string_view text_;
};

}  // namespace

Policy ParsePolicy(std::string_view text, const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  element root;
  if (const auto e = parser.parse(padded).get(root)) {
    throw Error(ErrorKind::kUsage, source, SyntaxErrorLine(text),
                std::string("invalid policy: not valid JSON (") + simdjson::error_message(e) + ")");
  }
  Policy p = PolicyParser(source, text).Parse(root);
  p.source = source;
  return p;
}

Policy DefaultPolicy() {
  Policy p = ParsePolicy(kDefaultPolicyText, "default");
  p.sha256 = Sha256Hex(kDefaultPolicyText);
  return p;
}

Policy LoadPolicy(const std::string& path) {
  if (!simdjson::validate_utf8(path.data(), path.size())) {
    ThrowUsage(path,
               "the file name is not valid UTF-8, so the decision file could not name the "
               "policy: rename the file");
  }
  RequireFileArgument(path, "policy file does not exist", "policy path is a directory");
  // Plain reads: `ostream << rdbuf()` swallowed a read error (EIO) and gave an empty,
  // "invalid" policy (exit 2) instead of exit 5.
  // A policy is a few KB: 16 MiB is far beyond any real one (`--policy /dev/zero`).
  const std::string text =
      ReadFileBytes(path, "the policy", std::size_t{16} << 20, ErrorKind::kUsage);
  Policy p = ParsePolicy(text, path);
  p.sha256 = Sha256Hex(text);
  return p;
}

}  // namespace dormant
