// Exemption matching and its data gate: globs, prefixes, ASCII case, tags, and the
// undecidable case when the IAM-details record is missing or belongs to another user.
#include "exemption_match.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace dormant {

std::ostream& operator<<(std::ostream& os, MatchResult r) {
  switch (r) {
    case MatchResult::kNoMatch:
      return os << "kNoMatch";
    case MatchResult::kMatch:
      return os << "kMatch";
    case MatchResult::kUndecidable:
      return os << "kUndecidable";
  }
  return os << "MatchResult(?)";
}

namespace {

Instant T(const char* text) {
  const auto t = ParseTimestamp(text);
  BOOST_REQUIRE_MESSAGE(t.has_value(), "test setup: " << text);
  return *t;
}

// alice in /ops/ci/ of account 111122223333, created 2024-01-10.
struct Alice {
  std::string arn = "arn:aws:iam::111122223333:user/ops/ci/alice";
  IamUserRecord record;
  ExemptionSubject subject;

  Alice() {
    record.arn = arn;
    record.create_date = T("2024-01-10T09:00:00Z");
    record.tags = {{"Owner", "SecOps"}, {"Team", "Platform"}, {"empty", ""}};
    subject.user = "alice";
    subject.arn = arn;
    subject.account = "111122223333";
    subject.path = "/ops/ci/";
    subject.user_creation_time = record.create_date;
    subject.iam = &record;
  }
};

BOOST_AUTO_TEST_SUITE(exemption_match)

BOOST_AUTO_TEST_CASE(glob_matches) {
  struct Case {
    std::string pattern, text;
    bool want;
  };
  const Case cases[] = {
      {"alice", "alice", true},
      {"alice", "alicE", true},  // ASCII case-insensitive
      {"ALICE", "alice", true},
      {"alice", "alice2", false},
      {"alice", "alic", false},
      {"", "", true},
      {"", "a", false},
      {"*", "", true},
      {"*", "anything/at:all", true},
      {"**", "", true},
      {"**", "abc", true},
      {"a**c", "abbbc", true},
      {"?", "", false},
      {"?", "a", true},
      {"?", "ab", false},
      {"??", "ab", true},
      {"a?c", "abc", true},
      {"a?c", "ac", false},
      {"a?c", "abbc", false},
      {"?", "/", true},  // `?` matches any one character
      {"svc-*", "svc-", true},
      {"svc-*", "SVC-deploy", true},
      {"svc-*", "xsvc-deploy", false},
      {"*-bot", "ci-bot", true},
      {"*-bot", "ci-bot-2", false},
      // `*` crosses `/` and `:`.
      {"arn:aws:iam::*:user/*", "arn:aws:iam::111122223333:user/ops/ci/alice", true},
      {"arn:aws:iam::*", "arn:aws:iam::111122223333:user/ops/ci/alice", true},
      {"*/ci/*", "arn:aws:iam::111122223333:user/ops/ci/alice", true},
      {"*:user/ops/*", "arn:aws:iam::111122223333:user/dev/alice", false},
      {"ARN:AWS:IAM::*:USER/OPS/*", "arn:aws:iam::111122223333:user/ops/x", true},
      // Backtracking.
      {"a*b*c", "abc", true},
      {"a*b*c", "axxbyyc", true},
      {"a*b*c", "abxbxc", true},
      {"a*b*c", "acb", false},
      {"a*b*c", "abcx", false},
      {"a*b*c", "abcbc", true},
      {"*abc", "ababc", true},
      {"*aab", "aaab", true},
      {"a*a*a", "aaa", true},
      {"a*a*a", "aa", false},
      {"*a*b", "xaxbxb", true},
      {"*?", "", false},
      {"*?", "x", true},
      {"?*?", "x", false},
      {"?*?", "xy", true},
      {"*x*", "aaaa", false},
      // Other characters are literal (no character classes, no escapes).
      {"[ab]", "a", false},
      {"[ab]", "[AB]", true},
      {"a\\*", "a\\bc", true},
      {"a.c", "abc", false},
      // Non-ASCII bytes compare exactly.
      {"caf\xC3\xA9", "caf\xC3\xA9", true},
      {"caf\xC3\xA9", "CAF\xC3\xA9", true},
      {"caf\xC3\xA9", "caf\xC3\x89", false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("pattern '" << c.pattern << "' text '" << c.text << "'") {
      BOOST_TEST(GlobMatches(c.pattern, c.text) == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(glob_does_not_blow_up) {
  // Pathological patterns for naive recursive matchers must finish quickly.
  const std::string text(200, 'a');
  BOOST_TEST(!GlobMatches("*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
  BOOST_TEST(GlobMatches("*a*a*a*a*a*a*a*a*a*a*a*a*a", text));
}

BOOST_AUTO_TEST_CASE(single_fields) {
  struct Case {
    std::string name;
    Exemption::Match match;
    MatchResult want;
  };
  auto user = [](std::string v) {
    Exemption::Match m;
    m.user = std::move(v);
    return m;
  };
  auto arn = [](std::string v) {
    Exemption::Match m;
    m.arn = std::move(v);
    return m;
  };
  auto account = [](std::string v) {
    Exemption::Match m;
    m.account = std::move(v);
    return m;
  };
  auto prefix = [](std::string v) {
    Exemption::Match m;
    m.path_prefix = std::move(v);
    return m;
  };
  const Case cases[] = {
      {"user exact", user("alice"), MatchResult::kMatch},
      {"user other case", user("ALICE"), MatchResult::kMatch},
      {"user glob", user("al*"), MatchResult::kMatch},
      {"user glob ?", user("?lice"), MatchResult::kMatch},
      {"user other", user("bob"), MatchResult::kNoMatch},
      {"user is the name, not the path", user("ops/ci/alice"), MatchResult::kNoMatch},
      {"user prefix only", user("ali"), MatchResult::kNoMatch},
      {"arn exact", arn("arn:aws:iam::111122223333:user/ops/ci/alice"), MatchResult::kMatch},
      {"arn other case", arn("ARN:AWS:IAM::111122223333:USER/OPS/CI/ALICE"), MatchResult::kMatch},
      {"arn glob over / and :", arn("arn:*/alice"), MatchResult::kMatch},
      {"arn glob account", arn("arn:aws:iam::*:user/ops/*"), MatchResult::kMatch},
      {"arn other account", arn("arn:aws:iam::444455556666:*"), MatchResult::kNoMatch},
      {"arn is whole, not a prefix", arn("arn:aws:iam::111122223333:user/ops"),
       MatchResult::kNoMatch},
      {"account", account("111122223333"), MatchResult::kMatch},
      {"other account", account("444455556666"), MatchResult::kNoMatch},
      {"path_prefix /", prefix("/"), MatchResult::kMatch},
      {"path_prefix /ops/", prefix("/ops/"), MatchResult::kMatch},
      {"path_prefix whole path", prefix("/ops/ci/"), MatchResult::kMatch},
      {"path_prefix plain string prefix", prefix("/ops/c"), MatchResult::kMatch},
      {"path_prefix other case", prefix("/OPS/CI"), MatchResult::kMatch},
      {"path_prefix empty string", prefix(""), MatchResult::kMatch},
      {"path_prefix longer than the path", prefix("/ops/ci/alice/"), MatchResult::kNoMatch},
      {"path_prefix other", prefix("/dev/"), MatchResult::kNoMatch},
      {"path_prefix is not a glob", prefix("/*"), MatchResult::kNoMatch},
      {"path_prefix without leading slash", prefix("ops/"), MatchResult::kNoMatch},
  };
  const Alice alice;
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) { BOOST_TEST(MatchExemption(c.match, alice.subject) == c.want); }
  }
}

BOOST_AUTO_TEST_CASE(path_prefix_is_a_plain_prefix) {
  // A path prefix: `/ci` also matches `/cicd/`.
  Alice cicd;
  cicd.subject.path = "/cicd/";
  Exemption::Match m;
  m.path_prefix = "/ci";
  BOOST_TEST(MatchExemption(m, cicd.subject) == MatchResult::kMatch);
  m.path_prefix = "/ci/";
  BOOST_TEST(MatchExemption(m, cicd.subject) == MatchResult::kNoMatch);
  m.path_prefix = "/CI";
  BOOST_TEST(MatchExemption(m, cicd.subject) == MatchResult::kMatch);
}

BOOST_AUTO_TEST_CASE(all_given_fields_must_match) {
  const Alice alice;
  Exemption::Match m;
  m.user = "alice";
  m.account = "111122223333";
  m.path_prefix = "/ops/";
  m.arn = "*:user/ops/*";
  BOOST_TEST(MatchExemption(m, alice.subject) == MatchResult::kMatch);

  struct Case {
    std::string name;
    void (*spoil)(Exemption::Match&);
  };
  const Case cases[] = {
      {"user", [](Exemption::Match& x) { x.user = "bob"; }},
      {"account", [](Exemption::Match& x) { x.account = "444455556666"; }},
      {"path_prefix", [](Exemption::Match& x) { x.path_prefix = "/dev/"; }},
      {"arn", [](Exemption::Match& x) { x.arn = "*:user/dev/*"; }},
      {"tag", [](Exemption::Match& x) { x.tag_key = "Missing"; }},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("only " << c.name << " differs") {
      Exemption::Match spoiled = m;
      c.spoil(spoiled);
      BOOST_TEST(MatchExemption(spoiled, alice.subject) == MatchResult::kNoMatch);
    }
  }
}

BOOST_AUTO_TEST_CASE(tags) {
  struct Case {
    std::string name, key;
    std::optional<std::string> value;
    MatchResult want;
  };
  const Case cases[] = {
      {"key only", "Owner", std::nullopt, MatchResult::kMatch},
      {"key case-insensitive", "owner", std::nullopt, MatchResult::kMatch},
      {"key upper case", "TEAM", std::nullopt, MatchResult::kMatch},
      {"key and value", "Owner", "SecOps", MatchResult::kMatch},
      {"key other case, value exact", "OWNER", "SecOps", MatchResult::kMatch},
      {"value case differs", "Owner", "secops", MatchResult::kNoMatch},
      {"value other", "Owner", "Platform", MatchResult::kNoMatch},  // another tag's value
      {"value is not a glob", "Owner", "Sec*", MatchResult::kNoMatch},
      {"value is exact, not a prefix", "Owner", "Sec", MatchResult::kNoMatch},
      {"empty value matches an empty value", "empty", "", MatchResult::kMatch},
      {"empty value does not match a set one", "Owner", "", MatchResult::kNoMatch},
      {"key missing", "CostCenter", std::nullopt, MatchResult::kNoMatch},
      {"key is not a glob", "Own*", std::nullopt, MatchResult::kNoMatch},
      {"key is exact, not a prefix", "Own", std::nullopt, MatchResult::kNoMatch},
  };
  const Alice alice;
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Exemption::Match m;
      m.tag_key = c.key;
      m.tag_value = c.value;
      BOOST_TEST(MatchExemption(m, alice.subject) == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(user_without_tags) {
  Alice alice;
  alice.record.tags.clear();
  Exemption::Match m;
  m.tag_key = "Owner";
  BOOST_TEST(MatchExemption(m, alice.subject) == MatchResult::kNoMatch);
}

BOOST_AUTO_TEST_CASE(tag_without_usable_record_is_undecidable) {
  Exemption::Match tag_only;
  tag_only.tag_key = "Owner";
  Exemption::Match tag_and_user = tag_only;
  tag_and_user.user = "ali*";
  Exemption::Match tag_value = tag_only;
  tag_value.tag_value = "SecOps";

  BOOST_TEST_CONTEXT("no IAM record") {
    Alice alice;
    alice.subject.iam = nullptr;
    BOOST_TEST(MatchExemption(tag_only, alice.subject) == MatchResult::kUndecidable);
    BOOST_TEST(MatchExemption(tag_and_user, alice.subject) == MatchResult::kUndecidable);
    BOOST_TEST(MatchExemption(tag_value, alice.subject) == MatchResult::kUndecidable);
  }
  BOOST_TEST_CONTEXT("record of an earlier user of the same name") {
    Alice alice;
    alice.record.create_date = T("2022-05-05T05:05:05Z");
    BOOST_TEST(MatchExemption(tag_only, alice.subject) == MatchResult::kUndecidable);
    BOOST_TEST(MatchExemption(tag_and_user, alice.subject) == MatchResult::kUndecidable);
  }
  BOOST_TEST_CONTEXT("record one second off") {
    Alice alice;
    alice.record.create_date = alice.subject.user_creation_time + std::chrono::seconds(1);
    BOOST_TEST(MatchExemption(tag_only, alice.subject) == MatchResult::kUndecidable);
  }
  BOOST_TEST_CONTEXT("a matching record decides") {
    Alice alice;
    BOOST_TEST(MatchExemption(tag_and_user, alice.subject) == MatchResult::kMatch);
  }
}

BOOST_AUTO_TEST_CASE(other_fields_not_matching_is_no_match_even_without_record) {
  Alice alice;
  alice.subject.iam = nullptr;
  struct Case {
    std::string name;
    Exemption::Match match;
  };
  Exemption::Match base;
  base.tag_key = "Owner";
  Case cases[] = {{"user", base}, {"arn", base}, {"account", base}, {"path_prefix", base}};
  cases[0].match.user = "bob";
  cases[1].match.arn = "arn:aws:iam::*:user/dev/*";
  cases[2].match.account = "444455556666";
  cases[3].match.path_prefix = "/dev/";
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name << " differs") {
      BOOST_TEST(MatchExemption(c.match, alice.subject) == MatchResult::kNoMatch);
    }
  }
  // The same with a stale record.
  Alice stale;
  stale.record.create_date = T("2020-01-01T00:00:00Z");
  BOOST_TEST(MatchExemption(cases[0].match, stale.subject) == MatchResult::kNoMatch);
}

BOOST_AUTO_TEST_CASE(fields_without_tag_need_no_record) {
  Alice alice;
  alice.subject.iam = nullptr;
  Exemption::Match m;
  m.user = "alice";
  m.account = "111122223333";
  BOOST_TEST(MatchExemption(m, alice.subject) == MatchResult::kMatch);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
