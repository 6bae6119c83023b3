// The policy: the embedded default, defaults for missing keys, and strict
// validation whose errors are usage errors naming the key.
#include "dormant/policy.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "dormant/error.h"
#include "sha256.h"

namespace dormant {
namespace {

constexpr const char* kDefaultSha256 =
    "36acedea8d317e79f7f69226df5667da65a981f756d65e2b855c1f8eaa810453";

// A policy with one exemption whose body is `body` (the members inside the braces).
std::string WithExemption(const std::string& body) { return R"({"exemptions": [{)" + body + "}]}"; }

BOOST_AUTO_TEST_SUITE(policy)

BOOST_AUTO_TEST_CASE(default_policy_text_is_the_spec_block) {
  BOOST_TEST(Sha256Hex(kDefaultPolicyText) == kDefaultSha256);
  BOOST_TEST(kDefaultPolicyText.substr(kDefaultPolicyText.size() - 2) == "}\n");
}

BOOST_AUTO_TEST_CASE(default_policy_values) {
  const Policy p = DefaultPolicy();
  BOOST_TEST(p.idle_user == 90);
  BOOST_TEST(p.idle_password == 90);
  BOOST_TEST(p.idle_access_key == 90);
  BOOST_TEST(p.warn_days == 14);
  BOOST_TEST(!p.require_access_advisor);
  BOOST_TEST(p.max_report_age_hours == 24);
  BOOST_TEST(p.max_access_advisor_age_hours == 72);
  BOOST_TEST(p.attribution_slack_hours == 24);
  BOOST_TEST(p.max_actions_per_run == 500);
  BOOST_TEST(p.max_action_percent_per_account == 25);
  BOOST_TEST(p.min_actions_before_percent == 3);
  BOOST_TEST(p.exemptions.empty());
  BOOST_TEST(p.source == "default");
  BOOST_TEST(p.sha256 == kDefaultSha256);
}

// The defaults live twice: in the embedded text and in Policy's member initialisers (what a
// policy file that omits a key gets). They must be the same values.
BOOST_AUTO_TEST_CASE(embedded_text_equals_member_initialisers) {
  const Policy text = DefaultPolicy();
  const Policy init;
  BOOST_TEST(text.idle_user == init.idle_user);
  BOOST_TEST(text.idle_password == init.idle_password);
  BOOST_TEST(text.idle_access_key == init.idle_access_key);
  BOOST_TEST(text.warn_days == init.warn_days);
  BOOST_TEST(text.require_access_advisor == init.require_access_advisor);
  BOOST_TEST(text.max_report_age_hours == init.max_report_age_hours);
  BOOST_TEST(text.max_access_advisor_age_hours == init.max_access_advisor_age_hours);
  BOOST_TEST(text.attribution_slack_hours == init.attribution_slack_hours);
  BOOST_TEST(text.max_actions_per_run == init.max_actions_per_run);
  BOOST_TEST(text.max_action_percent_per_account == init.max_action_percent_per_account);
  BOOST_TEST(text.min_actions_before_percent == init.min_actions_before_percent);
  BOOST_TEST(text.exemptions.size() == init.exemptions.size());
}

BOOST_AUTO_TEST_CASE(missing_keys_take_defaults) {
  const Policy empty = ParsePolicy("{}", "p.json");
  BOOST_TEST(empty.source == "p.json");
  BOOST_TEST(empty.idle_user == 90);
  BOOST_TEST(empty.warn_days == 14);
  BOOST_TEST(empty.max_access_advisor_age_hours == 72);
  BOOST_TEST(empty.min_actions_before_percent == 3);

  const Policy partial = ParsePolicy(
      R"({"idle_days": {"password": 30}, "evidence": {"require_access_advisor": true},
          "guardrails": {"max_actions_per_run": 7}})",
      "p.json");
  BOOST_TEST(partial.idle_password == 30);
  BOOST_TEST(partial.idle_user == 90);  // sibling keeps its default
  BOOST_TEST(partial.idle_access_key == 90);
  BOOST_TEST(partial.require_access_advisor);
  BOOST_TEST(partial.max_report_age_hours == 24);
  BOOST_TEST(partial.max_actions_per_run == 7);
  BOOST_TEST(partial.max_action_percent_per_account == 25);
}

BOOST_AUTO_TEST_CASE(every_key_is_read) {
  const Policy p = ParsePolicy(R"({
    "version": 1,
    "idle_days": {"user": 1, "password": 2, "access_key": 3},
    "warn_days": 4,
    "evidence": {"require_access_advisor": true, "max_report_age_hours": 5,
                 "max_access_advisor_age_hours": 6, "attribution_slack_hours": 7},
    "guardrails": {"max_actions_per_run": 8, "max_action_percent_per_account": 9,
                   "min_actions_before_percent": 10},
    "exemptions": [
      {"id": "break-glass", "reason": "emergency access", "expires": "2027-01-31",
       "match": {"user": "breakglass-*", "arn": "arn:aws:iam::*:user/ops/*",
                 "account": "111122223333", "path_prefix": "/ops/",
                 "tag": {"key": "Owner", "value": "SecOps"}}},
      {"id": "ci", "reason": "CI", "match": {"tag": {"key": "ci"}}}
    ]
  })",
                               "p.json");
  BOOST_TEST(p.idle_user == 1);
  BOOST_TEST(p.idle_password == 2);
  BOOST_TEST(p.idle_access_key == 3);
  BOOST_TEST(p.warn_days == 4);
  BOOST_TEST(p.require_access_advisor);
  BOOST_TEST(p.max_report_age_hours == 5);
  BOOST_TEST(p.max_access_advisor_age_hours == 6);
  BOOST_TEST(p.attribution_slack_hours == 7);
  BOOST_TEST(p.max_actions_per_run == 8);
  BOOST_TEST(p.max_action_percent_per_account == 9);
  BOOST_TEST(p.min_actions_before_percent == 10);
  BOOST_TEST_REQUIRE(p.exemptions.size() == 2u);
  const Exemption& x = p.exemptions[0];
  BOOST_TEST(x.id == "break-glass");
  BOOST_TEST(x.reason == "emergency access");
  BOOST_TEST_REQUIRE(x.expires.has_value());
  BOOST_TEST(FormatTimestamp(*x.expires) == "2027-01-31T00:00:00Z");
  BOOST_TEST(x.match.user.value_or("") == "breakglass-*");
  BOOST_TEST(x.match.arn.value_or("") == "arn:aws:iam::*:user/ops/*");
  BOOST_TEST(x.match.account.value_or("") == "111122223333");
  BOOST_TEST(x.match.path_prefix.value_or("") == "/ops/");
  BOOST_TEST(x.match.tag_key.value_or("") == "Owner");
  BOOST_TEST(x.match.tag_value.value_or("") == "SecOps");
  const Exemption& y = p.exemptions[1];
  BOOST_TEST(y.id == "ci");
  BOOST_TEST(!y.expires.has_value());
  BOOST_TEST(!y.match.user.has_value());
  BOOST_TEST(!y.match.account.has_value());
  BOOST_TEST(y.match.tag_key.value_or("") == "ci");
  BOOST_TEST(!y.match.tag_value.has_value());
}

BOOST_AUTO_TEST_CASE(bounds_are_inclusive) {
  const Policy p = ParsePolicy(R"({
    "idle_days": {"user": 36500, "password": 0, "access_key": 36500},
    "warn_days": 0,
    "evidence": {"max_report_age_hours": 876000, "max_access_advisor_age_hours": 0,
                 "attribution_slack_hours": 876000},
    "guardrails": {"max_actions_per_run": 1000000000, "max_action_percent_per_account": 100,
                   "min_actions_before_percent": 1000000000}
  })",
                               "p.json");
  BOOST_TEST(p.idle_user == 36500);
  BOOST_TEST(p.idle_password == 0);
  BOOST_TEST(p.max_report_age_hours == 876000);
  BOOST_TEST(p.max_access_advisor_age_hours == 0);
  BOOST_TEST(p.max_actions_per_run == 1000000000);
  BOOST_TEST(p.max_action_percent_per_account == 100);
  BOOST_TEST(p.min_actions_before_percent == 1000000000);
}

BOOST_AUTO_TEST_CASE(bom_and_whitespace_allowed) {
  const Policy p = ParsePolicy("\xEF\xBB\xBF{\"warn_days\": 3}\n", "p.json");
  BOOST_TEST(p.warn_days == 3);
  const Policy q =
      ParsePolicy(std::string("\xEF\xBB\xBF") + std::string(kDefaultPolicyText), "p.json");
  BOOST_TEST(q.idle_user == 90);
}

BOOST_AUTO_TEST_CASE(escaped_key_names_are_the_same_keys) {
  // JSON compares member names after unescaping.
  const Policy p = ParsePolicy(R"({"w\u0061rn_days": 5})", "p.json");
  BOOST_TEST(p.warn_days == 5);
}

BOOST_AUTO_TEST_CASE(invalid_policies_name_the_key) {
  struct Case {
    std::string name, text, key;  // key: a substring the message must contain
  };
  const Case cases[] = {
      {"unknown top-level key", R"({"bogus_top": 1})", "bogus_top"},
      {"misspelled top-level key", R"({"idle_day": {}})", "idle_day"},
      {"unknown key in idle_days", R"({"idle_days": {"bogus_nested": 1}})", "bogus_nested"},
      {"unknown key in evidence", R"({"evidence": {"bogus_evidence": true}})", "bogus_evidence"},
      {"unknown key in guardrails", R"({"guardrails": {"bogus_guard": 1}})", "bogus_guard"},
      {"unknown key in an exemption",
       WithExemption(R"("id": "a", "reason": "r", "match": {"user": "x"}, "bogus_ex": 1)"),
       "bogus_ex"},
      {"unknown key in match",
       WithExemption(R"("id": "a", "reason": "r", "match": {"user": "x", "bogus_match": "y"})"),
       "bogus_match"},
      {"unknown key in tag",
       WithExemption(R"("id": "a", "reason": "r", "match": {"tag": {"key": "k", "bogus_tag": 1}})"),
       "bogus_tag"},
      {"duplicate top-level key", R"({"warn_days": 1, "warn_days": 2})", "warn_days"},
      {"duplicate nested key", R"({"idle_days": {"user": 1, "user": 1}})", "user"},
      {"duplicate key in match",
       WithExemption(R"("id": "a", "reason": "r", "match": {"account": "111122223333",
                     "account": "111122223333"})"),
       "account"},
      {"duplicate key spelled with an escape", R"({"warn_days": 1, "warn\u005fdays": 2})",
       "warn_days"},
      {"duplicate tag key",
       WithExemption(R"("id": "a", "reason": "r", "match": {"tag": {"key": "k", "key": "l"}})"),
       "key"},
      {"null number", R"({"warn_days": null})", "warn_days"},
      {"null object", R"({"idle_days": null})", "idle_days"},
      {"null bool", R"({"evidence": {"require_access_advisor": null}})", "require_access_advisor"},
      {"null exemptions", R"({"exemptions": null})", "exemptions"},
      {"null id", WithExemption(R"("id": null, "reason": "r", "match": {"user": "x"})"), "].id"},
      {"null expires",
       WithExemption(R"("id": "a", "reason": "r", "expires": null, "match": {"user": "x"})"),
       "expires"},
      {"string for a number", R"({"warn_days": "14"})", "warn_days"},
      {"bool for a number", R"({"idle_days": {"user": true}})", "user"},
      {"number for a bool", R"({"evidence": {"require_access_advisor": 0}})",
       "require_access_advisor"},
      {"string for a bool", R"({"evidence": {"require_access_advisor": "false"}})",
       "require_access_advisor"},
      {"array for an object", R"({"guardrails": []})", "guardrails"},
      {"object for an array", R"({"exemptions": {}})", "exemptions"},
      {"number for a string id", WithExemption(R"("id": 7, "reason": "r", "match": {"user": "x"})"),
       "].id"},
      {"number for the account",
       WithExemption(R"("id": "a", "reason": "r", "match": {"account": 111122223333})"), "account"},
      {"null match field", WithExemption(R"("id": "a", "reason": "r", "match": {"user": null})"),
       "user"},
      {"null match field beside a valid one",
       WithExemption(R"("id": "a", "reason": "r", "match": {"account": "111122223333",
                     "path_prefix": null})"),
       "path_prefix"},
      {"string for match", WithExemption(R"("id": "a", "reason": "r", "match": "x")"), "match"},
      {"90.0 is not an integer", R"({"idle_days": {"user": 90.0}})", "user"},
      {"9e1 is not an integer", R"({"idle_days": {"access_key": 9e1}})", "access_key"},
      {"negative", R"({"warn_days": -1})", "warn_days"},
      {"36501 days", R"({"idle_days": {"password": 36501}})", "password"},
      {"36501 warn days", R"({"warn_days": 36501})", "warn_days"},
      {"876001 hours", R"({"evidence": {"max_report_age_hours": 876001}})", "max_report_age_hours"},
      {"876001 slack hours", R"({"evidence": {"attribution_slack_hours": 876001}})",
       "attribution_slack_hours"},
      {"101 percent", R"({"guardrails": {"max_action_percent_per_account": 101}})",
       "max_action_percent_per_account"},
      {"1000000001 count", R"({"guardrails": {"max_actions_per_run": 1000000001}})",
       "max_actions_per_run"},
      {"1000000001 min count", R"({"guardrails": {"min_actions_before_percent": 1000000001}})",
       "min_actions_before_percent"},
      {"huge unsigned", R"({"guardrails": {"max_actions_per_run": 18446744073709551615}})",
       "max_actions_per_run"},
      {"version 2", R"({"version": 2})", "version"},
      {"version 0", R"({"version": 0})", "version"},
      {"version 1.0", R"({"version": 1.0})", "version"},
      {"version string", R"({"version": "1"})", "version"},
      {"version null", R"({"version": null})", "version"},
      {"exemption without id", WithExemption(R"("reason": "r", "match": {"user": "x"})"), "].id"},
      {"exemption without reason", WithExemption(R"("id": "a", "match": {"user": "x"})"), "reason"},
      {"exemption without match", WithExemption(R"("id": "a", "reason": "r")"), "match"},
      {"empty id", WithExemption(R"("id": "", "reason": "r", "match": {"user": "x"})"), "].id"},
      {"empty reason", WithExemption(R"("id": "a", "reason": "", "match": {"user": "x"})"),
       "reason"},
      {"duplicate id",
       R"({"exemptions": [{"id": "same", "reason": "r", "match": {"user": "x"}},
                          {"id": "other", "reason": "r", "match": {"user": "y"}},
                          {"id": "same", "reason": "r", "match": {"user": "z"}}]})",
       "same"},
      {"exemption not an object", R"({"exemptions": ["x"]})", "exemptions"},
      {"bad expires date",
       WithExemption(
           R"("id": "a", "reason": "r", "expires": "2026-02-30", "match": {"user": "x"})"),
       "expires"},
      {"expires with a time",
       WithExemption(
           R"("id": "a", "reason": "r", "expires": "2026-03-01T00:00:00Z", "match": {"user": "x"})"),
       "expires"},
      {"expires not a string",
       WithExemption(R"("id": "a", "reason": "r", "expires": 20260301, "match": {"user": "x"})"),
       "expires"},
      {"account of 11 digits",
       WithExemption(R"("id": "a", "reason": "r", "match": {"account": "11112222333"})"),
       "account"},
      {"account of 13 digits",
       WithExemption(R"("id": "a", "reason": "r", "match": {"account": "1111222233334"})"),
       "account"},
      {"account with a letter",
       WithExemption(R"("id": "a", "reason": "r", "match": {"account": "11112222333x"})"),
       "account"},
      {"match {} empty", WithExemption(R"("id": "a", "reason": "r", "match": {})"), "match"},
      {"tag without key",
       WithExemption(R"("id": "a", "reason": "r", "match": {"tag": {"value": "v"}})"), "tag"},
      {"tag empty", WithExemption(R"("id": "a", "reason": "r", "match": {"tag": {}})"), "tag"},
      {"tag not an object", WithExemption(R"("id": "a", "reason": "r", "match": {"tag": "Owner"})"),
       "tag"},
      {"tag value not a string",
       WithExemption(R"("id": "a", "reason": "r", "match": {"tag": {"key": "k", "value": 1}})"),
       "value"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      bool threw = false;
      try {
        ParsePolicy(c.text, "policy.json");
      } catch (const Error& e) {
        threw = true;
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kUsage));
        BOOST_TEST(e.file() == "policy.json");
        BOOST_TEST(std::string(e.what()).find(c.key) != std::string::npos,
                   "want '" << c.key << "' in: " << e.what());
      }
      BOOST_TEST(threw);
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_json_is_a_usage_error) {
  const std::string cases[] = {
      "",
      "{",
      R"({"warn_days": 1,})",
      R"({"warn_days": 1} trailing)",
      R"({'warn_days': 1})",
      "{\"exemptions\": [{\"id\": \"caf\xC3\", \"reason\": \"r\", \"match\": {\"user\": \"x\"}}]}",
      "[]",
      "1",
  };
  for (const std::string& c : cases) {
    BOOST_TEST_CONTEXT("text '" << c << "'") {
      bool threw = false;
      try {
        ParsePolicy(c, "policy.json");
      } catch (const Error& e) {
        threw = true;
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kUsage));
        BOOST_TEST(e.file() == "policy.json");
      }
      BOOST_TEST(threw);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
