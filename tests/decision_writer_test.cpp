// Decision-file bytes: string escaping and the fixed key order.
#include "dormant/decision_writer.h"

#include <boost/test/unit_test.hpp>

#include "dormant/decision_format.h"

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
      {"\x1f\x7f", "\"\\u001f\x7f\""},             // DEL is not a control character below 0x20
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
  // The writer shows the verdict as decided and the evidence recomputed from the row.
  CredentialRow row;
  row.arn = "arn:aws:iam::111122223333:user/ops/alice";
  row.user_creation_time = *ParseTimestamp("2023-05-01T00:00:00Z");
  row.password_enabled = CredentialRow::PasswordEnabled::kTrue;
  row.password_last_used = ReportTime::At(*ParseTimestamp("2026-07-20T09:14:00Z"));
  row.password_last_changed = ReportTime::At(*ParseTimestamp("2023-05-02T08:00:00Z"));
  row.SetKey(0, {true, ReportTime::At(*ParseTimestamp("2023-05-02T08:00:00Z")), ReportTime()});
  InputSet inputs;
  Policy policy;
  policy.source = "default";
  policy.sha256 = "00";
  Decisions d;
  d.as_of = *ParseTimestamp("2026-11-20T00:00:00Z");
  UserVerdict u;
  u.row = &row;
  u.verdict = Verdict::kHold;
  u.reasons.Add(Reason::kAccessAdvisorMissing);  // added out of order: written in the order of the
                                                 // reason list
  u.reasons.Add(Reason::kUserIdle);
  u.set_action(0, Action::kHold);
  u.set_action(1, Action::kHold);
  d.users.push_back(u);
  d.counts[static_cast<std::size_t>(Verdict::kHold)] = 1;
  const std::string out = WriteDecisions(d, inputs, policy);
  const std::string want =
      R"({"format":"dormant-decisions/1","as_of":"2026-11-20T00:00:00Z","policy":{"source":"default","sha256":"00"},"inputs":[],"counts":{"root":0,"exempt":0,"already_inactive":0,"deactivate":0,"prune":0,"warn":0,"keep":0,"hold":1},"guardrails":[],"stale":[],"exemptions":{"expired":[],"expiring":[],"unused":[]}})"
      "\n"
      R"({"arn":"arn:aws:iam::111122223333:user/ops/alice","account":"111122223333","user":"alice","verdict":"hold","reasons":["user_idle","access_advisor_missing"],"idle_days":122,"idle_since":"2026-07-20T09:14:00Z","last_activity":"2026-07-20T09:14:00Z","credentials":[{"id":"password","status":"active","issued":"2023-05-02T08:00:00Z","last_used":"2026-07-20T09:14:00Z","idle_days":122,"action":"hold"},{"id":"access_key_1","status":"active","issued":"2023-05-02T08:00:00Z","last_used":null,"idle_days":1297,"action":"hold"}]})"
      "\n";
  BOOST_TEST(out == want);
}

// Actions take two bits per credential; setting one leaves the others.
BOOST_AUTO_TEST_CASE(user_verdict_keeps_five_actions) {
  UserVerdict v;
  const Action actions[] = {Action::kHold, Action::kNone, Action::kDeactivate, Action::kHold,
                            Action::kDeactivate};
  for (std::size_t i = 0; i < 5; ++i) v.set_action(i, actions[i]);
  for (std::size_t i = 0; i < 5; ++i) BOOST_TEST(v.action(i) == actions[i]);
  v.set_action(2, Action::kNone);
  BOOST_TEST(v.action(1) == Action::kNone);
  BOOST_TEST(v.action(2) == Action::kNone);
  BOOST_TEST(v.action(3) == Action::kHold);
  BOOST_TEST(sizeof(UserVerdict) == 32u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant
