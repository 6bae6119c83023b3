// The helpers behind the answers to everyday mistakes: --exclude's glob matcher, the
// nearest-candidate rule of "did you mean", the lines of JSON errors and policy keys, and
// verify's field-by-field differences.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "dormant/error.h"
#include "dormant/policy.h"
#include "field_diff.h"
#include "glob.h"
#include "json_locate.h"
#include "nearest.h"

namespace dormant {
namespace {

std::string NearestOf(const std::string& word, const std::vector<std::string>& candidates) {
  Nearest n(word);
  for (const std::string& c : candidates) n.Offer(c);
  return n.best().value_or("(none)");
}

// The line and message of the error ParsePolicy throws for `text`.
std::string PolicyError(const std::string& text) {
  try {
    ParsePolicy(text, "p.json");
  } catch (const Error& e) {
    return e.Describe();
  }
  return "(no error)";
}

BOOST_AUTO_TEST_SUITE(friction)

BOOST_AUTO_TEST_CASE(glob_star_stays_within_a_name) {
  BOOST_TEST(GlobMatch("*.json", "manifest.json"));
  BOOST_TEST(!GlobMatch("*.json", "archive/manifest.json"));
  BOOST_TEST(GlobMatch("*/*.json", "archive/manifest.json"));
  BOOST_TEST(GlobMatch("*", "archive"));
  BOOST_TEST(!GlobMatch("*", "archive/x"));
  BOOST_TEST(GlobMatch("*", ""));
  BOOST_TEST(GlobMatch("a*b*c", "aXbYc"));
  BOOST_TEST(!GlobMatch("a*b*c", "aXbY/c"));
}

BOOST_AUTO_TEST_CASE(glob_double_star_crosses_slashes) {
  BOOST_TEST(GlobMatch("**", "a/b/c.json"));
  BOOST_TEST(GlobMatch("**.json", "manifest.json"));
  BOOST_TEST(GlobMatch("**.json", "a/b/manifest.json"));
  BOOST_TEST(GlobMatch("archive/**", "archive/2026/x.jsonl"));
  BOOST_TEST(!GlobMatch("archive/**", "archived/x.jsonl"));
  BOOST_TEST(GlobMatch("***", "a/b"));
  // The slash of `**/` is a literal slash: a top-level file is not below any directory.
  BOOST_TEST(!GlobMatch("**/x.json", "x.json"));
  BOOST_TEST(GlobMatch("**/x.json", "a/x.json"));
}

BOOST_AUTO_TEST_CASE(glob_question_mark_and_literals) {
  BOOST_TEST(GlobMatch("part-000?.ndjson", "part-0001.ndjson"));
  BOOST_TEST(!GlobMatch("part-000?.ndjson", "part-00012.ndjson"));
  BOOST_TEST(!GlobMatch("a?b", "a/b"));
  BOOST_TEST(!GlobMatch("manifest.json", "manifest.jsonl"));
  BOOST_TEST(!GlobMatch("manifest", "manifest.json"));  // the whole path must match
  BOOST_TEST(GlobMatch("", ""));
  BOOST_TEST(!GlobMatch("", "x"));
  // Many stars stay cheap (the matcher is a table, not backtracking).
  const std::string stars(200, '*');
  BOOST_TEST(!GlobMatch(stars + "b", std::string(5000, 'a')));
}

BOOST_AUTO_TEST_CASE(edit_distance) {
  BOOST_TEST(EditDistance("", "") == 0u);
  BOOST_TEST(EditDistance("abc", "") == 3u);
  BOOST_TEST(EditDistance("evalute", "evaluate") == 1u);
  BOOST_TEST(EditDistance("--asof", "--as-of") == 1u);
  BOOST_TEST(EditDistance("kitten", "sitting") == 3u);
  BOOST_TEST(EditDistance("flaw", "lawn") == 2u);
}

BOOST_AUTO_TEST_CASE(nearest_candidate) {
  const std::vector<std::string> commands{"evaluate", "verify", "diff",  "explain",
                                          "plan",     "policy", "schema"};
  BOOST_TEST(NearestOf("evalute", commands) == "evaluate");
  BOOST_TEST(NearestOf("verfy", commands) == "verify");
  BOOST_TEST(NearestOf("frobnicate", commands) == "(none)");
  // A prefix is near however far its distance: `alice` for `alice.nguyen`.
  BOOST_TEST(NearestOf("alice", {"bob", "alice.nguyen", "maria.ops"}) == "alice.nguyen");
  // The smallest distance wins, then the bytewise smallest, whatever the order offered.
  BOOST_TEST(NearestOf("alice", {"alice.nguyen", "alicia"}) == "alicia");
  BOOST_TEST(NearestOf("ab", {"ad", "ac"}) == "ac");
  BOOST_TEST(NearestOf("ab", {"ac", "ad"}) == "ac");
  // The word itself is not a suggestion.
  BOOST_TEST(NearestOf("plan", {"plan"}) == "(none)");
}

BOOST_AUTO_TEST_CASE(syntax_error_lines) {
  BOOST_TEST(SyntaxErrorLine("{\n  \"a\": 1,\n  \"b\": 2,,\n}") == 3u);
  BOOST_TEST(SyntaxErrorLine("{\"a\": 1}") == 0u);  // nothing wrong
  BOOST_TEST(LineAt("a\nb\nc", 4) == 3u);
}

BOOST_AUTO_TEST_CASE(member_lines) {
  const std::string text =
      "{\n"
      "  \"idle_days\": {\n"
      "    \"user\": 90,\n"
      "    \"user\": 91\n"
      "  },\n"
      "  \"exemptions\": [\n"
      "    {\"id\": \"a\"},\n"
      "    {\n"
      "      \"m\\u0061tch\": {}\n"
      "    }\n"
      "  ]\n"
      "}\n";
  BOOST_TEST(MemberLine(text, "idle_days") == 2u);
  BOOST_TEST(MemberLine(text, "idle_days.user") == 3u);
  BOOST_TEST(MemberLine(text, "idle_days.user", 2) == 4u);
  BOOST_TEST(MemberLine(text, "exemptions[1]") == 8u);
  BOOST_TEST(MemberLine(text, "exemptions[1].match") == 9u);   // unescaped
  BOOST_TEST(MemberLine(text, "exemptions[1].reason") == 8u);  // missing: its object
  BOOST_TEST(MemberLine(text, "nothing") == 0u);
}

BOOST_AUTO_TEST_CASE(policy_errors_name_the_line) {
  BOOST_TEST(
      PolicyError("{\n  \"warn_days\": 14,\n  \"idle_days\": {\n    \"pasword\": 1\n  }\n}") ==
      "p.json:4: invalid policy: idle_days.pasword: unknown key; did you mean "
      "'password'? (valid keys here: user, password, access_key)");
  BOOST_TEST(PolicyError("{\n  \"warn_days\": 1,,\n}") ==
             "p.json:2: invalid policy: not valid JSON (The JSON document has an improper "
             "structure: missing or superfluous commas, braces, missing keys, etc.)");
  BOOST_TEST(PolicyError("{\"zzz\": 1}") ==
             "p.json:1: invalid policy: zzz: unknown key (valid keys here: version, idle_days, "
             "warn_days, evidence, guardrails, exemptions)");
  BOOST_TEST(PolicyError("{\n\"warn_days\": 1,\n\"warn_days\": 2}") ==
             "p.json:3: invalid policy: warn_days: key appears twice");
  BOOST_TEST(PolicyError("[]") == "p.json: invalid policy: must be an object");
}

BOOST_AUTO_TEST_CASE(field_differences) {
  using V = std::vector<std::string>;
  BOOST_TEST(FieldDifferences(R"({"a":1})", R"({"a":1})") == V{});
  BOOST_TEST(FieldDifferences(R"({"verdict":"keep","idle_days":4})",
                              R"({"verdict":"deactivate","idle_days":3})") ==
             (V{"verdict: keep -> deactivate", "idle_days: 4 -> 3"}));
  BOOST_TEST(
      FieldDifferences(
          R"({"reasons":["a","b"],"credentials":[{"id":"p","action":"none"},{"id":"k","action":"none"}]})",
          R"({"reasons":["a"],"credentials":[{"id":"p","action":"none"},{"id":"k","action":"deactivate"}]})") ==
      (V{R"(reasons: ["a","b"] -> ["a"])", "credentials[1].action: none -> deactivate"}));
  BOOST_TEST(FieldDifferences(R"({"counts":{"keep":15,"warn":3}})",
                              R"({"counts":{"keep":14,"warn":4}})") ==
             (V{"counts.keep: 15 -> 14", "counts.warn: 3 -> 4"}));
  BOOST_TEST(
      FieldDifferences(R"({"x":[{"a":1}],"gone":null})",
                       R"({"x":[{"a":1},{"a":2}],"new":"\u0007"})") ==
      (V{R"(x[1]: (absent) -> {"a":2})", "gone: null -> (absent)", "new: (absent) -> \\u0007"}));
  BOOST_TEST(FieldDifferences("not json", "{}") == V{});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
