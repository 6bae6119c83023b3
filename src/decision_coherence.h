// dormant/decision_coherence.h — whether the lines of a decision file agree with themselves
// and with the header: the rules of the evaluation, read backwards.
//
// A line can be written exactly as the writer writes it and still say something the
// evaluation can never say (a `keep` user whose verdict was edited to `deactivate`). The
// strict reader runs every line through this check, so that no review command, and no plan,
// acts on such a line. Only what the file itself shows is checked; thresholds of the policy
// are not in the file and are left to `verify`.
//
// Checked for the header: guardrail scopes are well formed, unique, in the evaluator's order
// (accounts ascending, an account's all-users check before its no-password check, the run
// last) and tripped (actions > limit); an exemption id is not both expired and expiring or
// unused.
// Checked for each user line:
//  * the account and user name are those of the ARN; only the root ARN has verdict `root`,
//    and the root line has no password;
//  * the reasons are exactly those the verdict's rule gives (see kRuleReasons), with
//    `root_access_key_active` exactly when the root has an active access key, `never_used`
//    (only with `user_idle`) exactly when `last_activity` is null; the reasons that only a
//    hold carries (IsHoldOnly) appear only under `hold`, which then keeps the reasons of the
//    deactivate or prune it stopped; at most one access-advisor reason;
//    `signing_certificate_usage_unknown` only for a dormant user with an active certificate,
//    `unattributed_recent_activity` only for a prune;
//  * `guardrail_account` only when the header lists the user's account (`account:ID` or
//    `account:ID:no_password`), `guardrail_run` only when it lists `run`; and no `deactivate`
//    or `prune` is left where a listed guardrail applies (a tripped guardrail holds them all);
//  * `idle_days` of the user and of each credential are the whole days from idle_since (for a
//    credential: the later of last_used and issued) to as_of, 0 for a time after as_of;
//    `last_activity` is at least every `last_used` (null only when all are null),
//    `idle_since` at least `last_activity` and the issue time of every active credential;
//    certificates have no `last_used`;
//  * a user that is not root, exempt or already inactive has an active credential (and an
//    already inactive one has none); if a time on its line is after as_of, it is held with
//    `timestamp_after_as_of` alone;
//  * actions: `deactivate` on every active credential of a `deactivate` user, on at least one
//    active password or access key (never a certificate) of a `prune` user; a `hold` that
//    stopped one of them has `hold` where the action would have been; every other action is
//    `none`, always on an inactive credential;
//  * the lines of each verdict are as many as `counts` says.
#ifndef DORMANT_DECISION_COHERENCE_H_
#define DORMANT_DECISION_COHERENCE_H_

#include <array>
#include <cstdint>
#include <string>

#include "dormant/decision_format.h"
#include "dormant/decisions.h"

namespace dormant {

// Checks one file, line by line, in order. Each method returns an empty string when all is
// well, otherwise what does not agree (one sentence, for the message of the line at hand).
class CoherenceCheck {
 public:
  // `header` must outlive the check.
  explicit CoherenceCheck(const DecisionHeader& header) : h_(header) {}

  // The header agrees with itself.
  std::string Header() const;
  // The next user line agrees with itself and the header, and does not exceed `counts`.
  std::string User(const UserLine& user);
  // After the last line: the lines are as many as `counts` says.
  std::string End() const;

 private:
  std::string Line(const UserLine& user) const;

  const DecisionHeader& h_;
  std::array<std::uint64_t, kVerdictCount> tally_{};
};

}  // namespace dormant

#endif  // DORMANT_DECISION_COHERENCE_H_
