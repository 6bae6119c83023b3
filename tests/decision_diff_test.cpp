// The diff model (decision_diff.h) without the command: the group of every verdict
// transition, added and removed users, evidence-only changes, the header changes (as-of,
// policy, inputs), the counts per group and per account, what `--exit-code` reports, the
// credential actions and reasons of a transition, and which file's error wins. Decision
// files are written by hand (decision_text.h) and read from memory.
#include "dormant/decision_diff.h"

#include <boost/test/unit_test.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "decision_text.h"
#include "dormant/error.h"
#include "dormant/timestamp.h"

namespace dormant::testing {
namespace {

using namespace decision_text;

DecisionDiff DiffTexts(const std::string& old_text, const std::string& new_text) {
  DecisionReader old_file(old_text, "old.jsonl");
  DecisionReader new_file(new_text, "new.jsonl");
  return DiffDecisions(old_file, new_file);
}

// User name (the `user` field) → the group that lists it.
std::map<std::string, TransitionGroup> GroupOf(const DecisionDiff& d) {
  std::map<std::string, TransitionGroup> out;
  for (std::size_t g = 0; g < kTransitionGroupCount; ++g) {
    for (const Transition& t : d.groups[g]) {
      BOOST_TEST(out.count(t.user().user) == 0u, "user listed twice: " << t.user().user);
      out[t.user().user] = static_cast<TransitionGroup>(g);
    }
  }
  return out;
}

std::size_t Index(TransitionGroup g) { return static_cast<std::size_t>(g); }

BOOST_AUTO_TEST_SUITE(decision_diff)

BOOST_AUTO_TEST_CASE(every_verdict_transition_lands_in_its_group) {
  using G = TransitionGroup;
  struct Case {
    std::optional<User> before, after;
    std::optional<G> want;  // nullopt: not listed
  };
  const Cred pw_deact{"password", "deactivate"};
  const std::vector<Case> cases = {
      {U("t01", "keep"), U("t01", "deactivate"), G::kNewlyDeactivated},
      {U("t02", "hold"), U("t02", "deactivate"), G::kNewlyDeactivated},
      {U("t03", "prune"), U("t03", "deactivate"), G::kNewlyDeactivated},
      {U("t04", "exempt"), U("t04", "deactivate"), G::kNewlyDeactivated},
      {U("t05", "keep"), U("t05", "prune"), G::kNewlyPruned},
      {U("t06", "deactivate"), U("t06", "prune"), G::kNewlyPruned},
      {U("t07", "hold"), U("t07", "prune"), G::kNewlyPruned},
      {U("t08", "keep"), U("t08", "hold"), G::kNewlyHeld},
      {U("t09", "deactivate"), U("t09", "hold"), G::kNewlyHeld},
      {U("t10", "exempt"), U("t10", "hold"), G::kNewlyHeld},
      {U("t11", "prune"), U("t11", "hold"), G::kNewlyHeld},
      {U("t12", "hold"), U("t12", "keep"), G::kReleased},
      {U("t13", "hold"), U("t13", "warn"), G::kReleased},
      {U("t14", "hold"), U("t14", "exempt"), G::kReleased},
      {U("t15", "hold"), U("t15", "already_inactive"), G::kReleased},
      {U("t16", "deactivate"), U("t16", "keep"), G::kBackToKeep},
      {U("t17", "warn"), U("t17", "keep"), G::kBackToKeep},
      {U("t18", "exempt"), U("t18", "keep"), G::kBackToKeep},
      {U("t19", "already_inactive"), U("t19", "keep"), G::kBackToKeep},
      {U("t20", "prune"), U("t20", "keep"), G::kBackToKeep},
      {U("t21", "keep"), U("t21", "warn"), G::kOtherVerdict},
      {U("t22", "keep"), U("t22", "exempt"), G::kOtherVerdict},
      // The plan ran: a credential OLD deactivates is inactive or gone in NEW.
      {U("t23", "deactivate"), U("t23", "already_inactive"), G::kApplied},
      {U("t24", "prune"), U("t24", "warn"), G::kOtherVerdict},
      {U("t25", "warn"), U("t25", "already_inactive"), G::kOtherVerdict},
      // Same verdict: actions, or (hold, exempt) reasons.
      {U("t26", "hold"), With(U("t26", "hold"), {"user_idle", "stale_report"}), G::kChangedActions},
      {With(U("t27", "hold"), {"credential_idle", "exemption_undecidable"}),
       WithCreds(With(U("t27", "hold"), {"credential_idle", "exemption_undecidable"}),
                 {{"password"}, {"access_key_1", "hold"}}),
       G::kChangedActions},
      {U("t28", "deactivate"),
       WithCreds(U("t28", "deactivate"), {pw_deact, {"access_key_1", "deactivate"}}),
       G::kChangedActions},
      {U("t29", "exempt"), With(U("t29", "exempt"), {"exempt:other"}), G::kChangedActions},
      // The password OLD deactivates is gone from NEW: applied (whatever else changed).
      {U("t30", "prune"), WithCreds(U("t30", "prune"), {{"access_key_1", "deactivate"}}),
       G::kApplied},
      // Evidence only: counted, not listed (other reasons of a verdict whose reasons do not
      // matter, a credential added with action `none`).
      {U("t31", "keep"), Idle(U("t31", "keep"), 11), std::nullopt},
      {U("t32", "deactivate"), With(Idle(U("t32", "deactivate"), 200), {"user_idle", "never_used"}),
       std::nullopt},
      {U("t33", "keep"), WithCreds(U("t33", "keep"), {{"password"}, {"access_key_2"}}),
       std::nullopt},
      // Unchanged.
      {U("t34", "keep"), U("t34", "keep"), std::nullopt},
      {U("t35", "hold"), U("t35", "hold"), std::nullopt},
      // Only in one file.
      {std::nullopt, U("t36", "deactivate"), G::kAdded},
      {U("t37", "keep"), std::nullopt, G::kRemoved},
      // Applied, not "back to keep": the deactivated password is gone, or the pruned key
      // inactive (t16 above, whose password stays active, is back to keep).
      {U("t38", "deactivate"), WithCreds(U("t38", "keep"), {{"access_key_1"}}), G::kApplied},
      {WithCreds(U("t39", "prune"), {{"access_key_1", "deactivate"}, {"access_key_2"}}),
       WithCreds(U("t39", "keep"), {{"access_key_1", "none", false}, {"access_key_2"}}),
       G::kApplied},
      // Newly held wins over applied.
      {WithCreds(U("t41", "prune"), {{"access_key_1", "deactivate"}, {"access_key_2"}}),
       WithCreds(U("t41", "hold"), {{"access_key_2", "hold"}}), G::kNewlyHeld},
  };
  std::vector<User> before, after;
  GroupCounts want_counts{};
  for (const Case& c : cases) {
    if (c.before) before.push_back(*c.before);
    if (c.after) after.push_back(*c.after);
    if (c.want) ++want_counts[Index(*c.want)];
  }
  const DecisionDiff d = DiffTexts(DecisionText(before), DecisionText(after));
  const auto group_of = GroupOf(d);
  for (const Case& c : cases) {
    const std::string name = (c.after ? *c.after : *c.before).name;
    BOOST_TEST_CONTEXT("user " << name) {
      const auto it = group_of.find(name);
      const bool listed = it != group_of.end();
      BOOST_TEST(listed == c.want.has_value());
      if (listed && c.want) BOOST_TEST(Index(it->second) == Index(*c.want));
    }
  }
  BOOST_TEST(d.counts == want_counts, boost::test_tools::per_element());
  BOOST_TEST(d.listed == 35u);
  BOOST_TEST(d.evidence_only == 3u);
  BOOST_TEST(d.users_differ);
  BOOST_TEST(d.old_users == 39u);
  BOOST_TEST(d.new_users == 39u);
  BOOST_TEST(d.NonEmptyGroups().size() == kTransitionGroupCount);
  // Within a group, users come in ARN order.
  const auto& released = d.groups[Index(G::kReleased)];
  BOOST_REQUIRE_EQUAL(released.size(), 4u);
  for (std::size_t k = 1; k < released.size(); ++k) {
    BOOST_TEST(released[k - 1].user().arn < released[k].user().arn);
  }
}

BOOST_AUTO_TEST_CASE(classify_transition_is_nullopt_for_evidence_only) {
  const DecisionFile a =
      ParseDecisionFile(DecisionText({U("a", "hold"), U("b", "deactivate")}), "a.jsonl");
  const DecisionFile b = ParseDecisionFile(
      DecisionText({Idle(U("a", "hold"), 30),
                    With(Idle(U("b", "deactivate"), 200), {"user_idle", "never_used"})}),
      "b.jsonl");
  BOOST_TEST(!ClassifyTransition(a.users[0], b.users[0]).has_value());
  BOOST_TEST(!ClassifyTransition(a.users[1], b.users[1]).has_value());
  BOOST_TEST(!ClassifyTransition(a.users[0], a.users[0]).has_value());
}

BOOST_AUTO_TEST_CASE(group_names_are_in_display_order) {
  const std::vector<std::string> want = {"added",
                                         "removed",
                                         "newly deactivated",
                                         "newly pruned",
                                         "newly held",
                                         "applied",
                                         "released",
                                         "back to keep",
                                         "other verdict changes",
                                         "changed actions or reasons"};
  for (std::size_t g = 0; g < kTransitionGroupCount; ++g) {
    BOOST_TEST(TransitionGroupName(static_cast<TransitionGroup>(g)) == want[g]);
  }
}

BOOST_AUTO_TEST_CASE(added_and_removed_users_keep_only_their_side) {
  const DecisionDiff d = DiffTexts(DecisionText({U("a", "hold"), U("b", "keep")}),
                                   DecisionText({U("b", "keep"), U("c", "exempt")}));
  BOOST_TEST(d.users_differ);
  BOOST_TEST(d.listed == 2u);
  BOOST_TEST(d.old_users == 2u);
  BOOST_TEST(d.new_users == 2u);
  const auto& removed = d.groups[Index(TransitionGroup::kRemoved)];
  const auto& added = d.groups[Index(TransitionGroup::kAdded)];
  BOOST_REQUIRE_EQUAL(removed.size(), 1u);
  BOOST_REQUIRE_EQUAL(added.size(), 1u);
  BOOST_TEST(removed[0].before.has_value());
  BOOST_TEST(!removed[0].after.has_value());
  BOOST_TEST(removed[0].user().user == "a");
  BOOST_TEST(!added[0].before.has_value());
  BOOST_TEST(added[0].user().user == "c");
  // A hold's and an exemption's reasons are kept; a keep's are not.
  BOOST_TEST(removed[0].before->reasons ==
                 (std::vector<std::string>{"user_idle", "exemption_undecidable"}),
             boost::test_tools::per_element());
  BOOST_TEST(added[0].after->reasons == std::vector<std::string>{"exempt:ci"},
             boost::test_tools::per_element());
  const DecisionDiff keep = DiffTexts(DecisionText({}), DecisionText({U("k", "keep")}));
  BOOST_TEST(keep.groups[Index(TransitionGroup::kAdded)].at(0).after->reasons.empty());
}

BOOST_AUTO_TEST_CASE(evidence_only_changes_are_counted_and_differ) {
  const DecisionDiff d = DiffTexts(DecisionText({U("a", "keep"), U("b", "deactivate")}),
                                   DecisionText({Idle(U("a", "keep"), 12), U("b", "deactivate")}));
  BOOST_TEST(d.evidence_only == 1u);
  BOOST_TEST(d.listed == 0u);
  BOOST_TEST(d.NonEmptyGroups().empty());
  BOOST_TEST(d.per_account.empty());
  BOOST_TEST(d.users_differ);  // --exit-code: 1
  BOOST_TEST(!d.identical());
}

BOOST_AUTO_TEST_CASE(exit_code_reports_user_lines_not_headers) {
  const std::string text = DecisionText({U("a", "keep"), U("b", "hold")});
  const DecisionDiff same = DiffTexts(text, text);
  BOOST_TEST(same.identical());
  BOOST_TEST(!same.users_differ);
  BOOST_TEST(!same.header_lines_differ);

  const DecisionDiff empty = DiffTexts(DecisionText({}), DecisionText({}));
  BOOST_TEST(empty.identical());

  // Only the header differs: not identical (the changes are shown), but no user differs.
  const std::vector<User> users = {U("a", "keep")};
  const DecisionDiff header = DiffTexts(DecisionText(users, "2026-11-20T00:00:00Z", "aaaa"),
                                        DecisionText(users, "2026-11-20T06:00:00Z", "bbbb"));
  BOOST_TEST(!header.identical());
  BOOST_TEST(header.header_lines_differ);
  BOOST_TEST(!header.users_differ);
  BOOST_TEST(header.evidence_only == 0u);

  const DecisionDiff added = DiffTexts(DecisionText({}), DecisionText({U("a", "keep")}));
  BOOST_TEST(added.users_differ);
  const DecisionDiff removed = DiffTexts(DecisionText({U("a", "keep")}), DecisionText({}));
  BOOST_TEST(removed.users_differ);
}

BOOST_AUTO_TEST_CASE(header_changes_as_of_policy_and_inputs) {
  const std::vector<User> users = {U("a", "keep")};
  const DecisionDiff d = DiffTexts(DecisionText(users, "2026-11-20T00:00:00Z", "aaaa"),
                                   DecisionText(users, "2026-11-20T06:00:00Z", "bbbb"));
  BOOST_TEST(d.as_of_changed());
  BOOST_TEST(FormatTimestamp(d.old_header.as_of) == "2026-11-20T00:00:00Z");
  BOOST_TEST(FormatTimestamp(d.new_header.as_of) == "2026-11-20T06:00:00Z");
  BOOST_TEST(!d.policy_changed());
  const std::vector<InputChange> inputs = ChangedInputs(d.old_header, d.new_header);
  BOOST_REQUIRE_EQUAL(inputs.size(), 1u);
  BOOST_TEST(inputs[0].before->sha256 == "aaaa");
  BOOST_TEST(inputs[0].after->sha256 == "bbbb");

  DecisionDiff policy = d;
  policy.new_header.policy_sha256 = "ffff";
  BOOST_TEST(policy.policy_changed());
  policy.new_header = policy.old_header;
  policy.new_header.policy_source = "policy.json";
  BOOST_TEST(policy.policy_changed());
  BOOST_TEST(!policy.as_of_changed());
}

BOOST_AUTO_TEST_CASE(inputs_are_matched_by_path) {
  const auto input = [](std::string path, std::string sha, InputKind kind) {
    InputSummary in;
    in.path = std::move(path);
    in.sha256 = std::move(sha);
    in.kind = kind;
    return in;
  };
  DecisionHeader a, b;
  a.inputs = {input("a.csv", "1", InputKind::kCredentialReport),
              input("b.json", "2", InputKind::kAccessAdvisor),
              input("c.csv", "3", InputKind::kCredentialReport),
              input("d.json", "4", InputKind::kAccessAdvisor)};
  b.inputs = {input("a.csv", "1", InputKind::kCredentialReport),   // unchanged
              input("b.json", "2", InputKind::kIamDetails),        // kind changed
              input("c.csv", "9", InputKind::kCredentialReport),   // sha changed
              input("e.csv", "5", InputKind::kCredentialReport)};  // d removed, e added
  const std::vector<InputChange> changes = ChangedInputs(a, b);
  BOOST_REQUIRE_EQUAL(changes.size(), 4u);
  BOOST_TEST(changes[0].before->path == "b.json");
  BOOST_TEST((changes[0].after->kind == InputKind::kIamDetails));
  BOOST_TEST(changes[1].before->path == "c.csv");
  BOOST_TEST(changes[1].after->sha256 == "9");
  BOOST_TEST(changes[2].before->path == "d.json");
  BOOST_TEST(!changes[2].after.has_value());
  BOOST_TEST(!changes[3].before.has_value());
  BOOST_TEST(changes[3].after->path == "e.csv");
  BOOST_TEST(ChangedInputs(a, a).empty());
}

BOOST_AUTO_TEST_CASE(counts_per_account_are_by_the_users_account) {
  User other = U("z", "keep");
  other.account = "444455556666";
  User other_new = U("z", "deactivate");
  other_new.account = "444455556666";
  User gone = U("y", "keep");
  gone.account = "777788889999";
  const DecisionDiff d = DiffTexts(DecisionText({U("a", "keep"), U("b", "keep"), other, gone}),
                                   DecisionText({U("a", "deactivate"), U("b", "hold"), other_new}));
  const auto deact = Index(TransitionGroup::kNewlyDeactivated);
  const auto held = Index(TransitionGroup::kNewlyHeld);
  const auto removed = Index(TransitionGroup::kRemoved);
  BOOST_REQUIRE_EQUAL(d.per_account.size(), 3u);
  BOOST_TEST(d.per_account.at("111122223333")[deact] == 1u);
  BOOST_TEST(d.per_account.at("111122223333")[held] == 1u);
  BOOST_TEST(d.per_account.at("444455556666")[deact] == 1u);
  BOOST_TEST(d.per_account.at("444455556666")[held] == 0u);
  BOOST_TEST(d.per_account.at("777788889999")[removed] == 1u);
  BOOST_TEST(d.counts[deact] == 2u);
  BOOST_TEST(d.counts[held] == 1u);
  BOOST_TEST(d.counts[removed] == 1u);
  const std::vector<TransitionGroup> groups = d.NonEmptyGroups();
  BOOST_REQUIRE_EQUAL(groups.size(), 3u);
  BOOST_TEST(Index(groups[0]) == removed);
  BOOST_TEST(Index(groups[1]) == deact);
  BOOST_TEST(Index(groups[2]) == held);
}

BOOST_AUTO_TEST_CASE(changed_actions_and_reasons_of_a_transition) {
  const DecisionDiff d =
      DiffTexts(DecisionText({U("a", "keep"), U("b", "hold"), U("r", "hold")}),
                DecisionText({U("a", "hold"), With(U("b", "hold"), {"user_idle", "stale_report"}),
                              U("n", "prune")}));
  const auto only = [&d](TransitionGroup g) -> const Transition& {
    const auto& list = d.groups[Index(g)];
    BOOST_REQUIRE_EQUAL(list.size(), 1u);
    return list[0];
  };
  // keep -> hold: the password's action; the reasons (a side is a hold) all differ.
  const Transition& held = only(TransitionGroup::kNewlyHeld);
  std::vector<ActionChange> actions = ChangedActions(held);
  BOOST_REQUIRE_EQUAL(actions.size(), 1u);
  BOOST_TEST((actions[0].credential == CredentialId::kPassword));
  BOOST_TEST((*actions[0].before == Action::kNone));
  BOOST_TEST((*actions[0].after == Action::kHold));
  ReasonChanges reasons = ChangedReasons(held);
  BOOST_TEST(reasons.differ);
  BOOST_TEST(reasons.added == (std::vector<std::string>{"user_idle", "exemption_undecidable"}),
             boost::test_tools::per_element());
  BOOST_TEST(reasons.removed == std::vector<std::string>{"recent_activity"},
             boost::test_tools::per_element());

  // hold -> hold with other reasons: those added and those removed.
  const Transition& changed = only(TransitionGroup::kChangedActions);
  reasons = ChangedReasons(changed);
  BOOST_TEST(reasons.added == std::vector<std::string>{"stale_report"},
             boost::test_tools::per_element());
  BOOST_TEST(reasons.removed == std::vector<std::string>{"exemption_undecidable"},
             boost::test_tools::per_element());
  BOOST_TEST(ChangedActions(changed).empty());

  // Added and removed users: their actions other than `none`.
  actions = ChangedActions(only(TransitionGroup::kAdded));
  BOOST_REQUIRE_EQUAL(actions.size(), 1u);
  BOOST_TEST((actions[0].credential == CredentialId::kPassword));  // access_key_1 is `none`
  BOOST_TEST(!actions[0].before.has_value());
  BOOST_TEST((*actions[0].after == Action::kDeactivate));
  actions = ChangedActions(only(TransitionGroup::kRemoved));
  BOOST_REQUIRE_EQUAL(actions.size(), 1u);
  BOOST_TEST((*actions[0].before == Action::kHold));
  BOOST_TEST(!actions[0].after.has_value());
  BOOST_TEST(!ChangedReasons(only(TransitionGroup::kRemoved)).differ);
}

BOOST_AUTO_TEST_CASE(a_credential_that_disappears_is_absent) {
  const DecisionDiff d =
      DiffTexts(DecisionText({U("c", "prune")}),
                DecisionText({WithCreds(U("c", "prune"), {{"access_key_1", "deactivate"}})}));
  // (The password OLD deactivates is gone: the plan ran, so the user is `applied`.)
  const auto& list = d.groups[Index(TransitionGroup::kApplied)];
  BOOST_REQUIRE_EQUAL(list.size(), 1u);
  const std::vector<ActionChange> actions = ChangedActions(list[0]);
  BOOST_REQUIRE_EQUAL(actions.size(), 2u);
  BOOST_TEST((actions[0].credential == CredentialId::kPassword));
  BOOST_TEST((*actions[0].before == Action::kDeactivate));
  BOOST_TEST(!actions[0].after.has_value());
  BOOST_TEST((actions[1].credential == CredentialId::kAccessKey1));
  BOOST_TEST((*actions[1].before == Action::kNone));
  BOOST_TEST((*actions[1].after == Action::kDeactivate));
  // Neither side's reasons matter: none compared.
  BOOST_TEST(!ChangedReasons(list[0]).differ);
}

BOOST_AUTO_TEST_CASE(an_invalid_old_file_is_the_error_thrown) {
  const std::string good = DecisionText({U("a", "keep")});
  const std::string bad = good + "{nope\n";
  // NEW invalid: its error.
  try {
    DiffTexts(good, bad);
    BOOST_FAIL("no error");
  } catch (const Error& e) {
    BOOST_TEST(e.file() == "new.jsonl");
    BOOST_TEST(e.line() == 3u);
  }
  // Both invalid, NEW's bad line first: OLD is still read to its end and its error wins.
  const std::string old_bad = DecisionText({U("a", "keep"), U("b", "keep")}) + "{nope\n";
  try {
    DiffTexts(old_bad, bad);
    BOOST_FAIL("no error");
  } catch (const Error& e) {
    BOOST_TEST(e.file() == "old.jsonl");
    BOOST_TEST(e.line() == 4u);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace dormant::testing
