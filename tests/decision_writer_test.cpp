// Decision-file bytes (SPEC §6): string escaping and the fixed key order.
#include "dormant/decision_writer.h"

#include <boost/test/unit_test.hpp>

namespace dormant {
namespace {

BOOST_AUTO_TEST_SUITE(decision_writer)

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_control_characters_only) {
  struct Case {
    std::string input, want;
  };
  const Case cases[] = {
      {"plain", R"("plain")"},
      {R"(a"b)", R"("a\"b")"},
      {R"(back\slash)", R"("back\\slash")"},
      {std::string("nul\0x", 5), R"("nul\u0000x")"},
      {"tab\tnl\ncr\r", R"("tab\u0009nl\u000acr\u000d")"},
      {"\x1f\x7f", "\"\\u001f\x7f\""},  // DEL is not a control character below 0x20
      {"caf\xC3\xA9 $`;", "\"caf\xC3\xA9 $`;\""},  // other bytes as they are
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("input " << c.want) {
      std::string out;
      AppendJsonString(out, c.input);
      BOOST_TEST(out == c.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(user_line_has_keys_in_spec_order) {
  CredentialRow row;
  row.arn = "arn:aws:iam::111122223333:user/ops/alice";
  InputSet inputs;
  Policy policy;
  policy.source = "default";
  policy.sha256 = "00";
  Decisions d;
  d.as_of = *ParseTimestamp("2026-11-20T00:00:00Z");
  UserDecision u;
  u.row = &row;
  u.account = std::string_view(row.arn).substr(13, 12);
  u.verdict = Verdict::kDeactivate;
  u.reasons.Add(Reason::kNeverUsed);  // added out of order: written in SPEC order
  u.reasons.Add(Reason::kUserIdle);
  u.idle_days = 122;
  u.idle_since = *ParseTimestamp("2026-07-20T09:14:00Z");
  u.credential_count = 1;
  u.credentials[0] = {CredentialId::kAccessKey1, true, *ParseTimestamp("2023-05-02T08:00:00Z"),
                      std::nullopt, 1297, Action::kDeactivate};
  d.users.push_back(u);
  d.counts[static_cast<std::size_t>(Verdict::kDeactivate)] = 1;
  const std::string out = WriteDecisions(d, inputs, policy);
  const std::string want =
      R"({"format":"dormant-decisions/1","as_of":"2026-11-20T00:00:00Z","policy":{"source":"default","sha256":"00"},"inputs":[],"counts":{"root":0,"exempt":0,"already_inactive":0,"deactivate":1,"prune":0,"warn":0,"keep":0,"hold":0},"guardrails":[],"stale":[],"exemptions":{"expired":[],"expiring":[],"unused":[]}})"
      "\n"
      R"({"arn":"arn:aws:iam::111122223333:user/ops/alice","account":"111122223333","user":"alice","verdict":"deactivate","reasons":["user_idle","never_used"],"idle_days":122,"idle_since":"2026-07-20T09:14:00Z","last_activity":null,"credentials":[{"id":"access_key_1","status":"active","issued":"2023-05-02T08:00:00Z","last_used":null,"idle_days":1297,"action":"deactivate"}]})"
      "\n";
  BOOST_TEST(out == want);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
