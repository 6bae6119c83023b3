// dormant/decision_diff.h — what changed between two decision files: the model behind
// `dormant diff` (the command only renders it as text or Markdown).
//
// Users are matched by ARN with a merge join over the two files, read as streams (both are
// sorted by ARN, which the reader checks), so the work is linear in the number of users and
// every group comes out sorted by ARN without a sort. Memory: one line of each file at a
// time, plus what is kept of each listed user (a Transition). The result is complete only
// once both files have been read to their end and found valid, so a caller that prints
// nothing for an invalid file gets that for free.
//
// Each user whose line differs lands in exactly one TransitionGroup, the first that applies
// in the order of the enum. A user whose verdict, credential actions and (for `hold` and
// `exempt`) reasons are unchanged but whose line differs in its evidence only (idle days,
// times, credentials whose action stays `none`) is counted, not listed.
#ifndef DORMANT_DECISION_DIFF_H_
#define DORMANT_DECISION_DIFF_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/decision_file.h"
#include "dormant/decisions.h"

namespace dormant {

// The groups of a user's change, in the order in which they are tried and shown.
enum class TransitionGroup : std::uint8_t {
  kAdded,             // only in NEW
  kRemoved,           // only in OLD
  kNewlyDeactivated,  // now `deactivate`, was anything else
  kNewlyPruned,       // now `prune`, was anything else
  kNewlyHeld,         // now `hold`, was anything else
  kApplied,           // a credential OLD deactivates is absent or inactive in NEW
  kReleased,          // was `hold`, now a verdict without an action
  kBackToKeep,        // now `keep`, was neither `keep` nor `hold`
  kOtherVerdict,      // any other verdict change
  kChangedActions,    // same verdict; a credential action or a hold/exempt reason changed
};
inline constexpr std::size_t kTransitionGroupCount = 10;

// "added", "removed", "newly deactivated", ... "changed actions or reasons".
std::string_view TransitionGroupName(TransitionGroup g);

using GroupCounts = std::array<std::uint64_t, kTransitionGroupCount>;

// The action of each credential slot of a user (indexed by CredentialId); nullopt where the
// user has no such credential.
using CredentialActions = std::array<std::optional<Action>, 5>;

// Whether a verdict's reasons are compared (and shown): a hold's reasons say what stops the
// action, an exemption's which exemption protects the user. For the other verdicts the
// reasons follow from the verdict and the evidence.
bool ReasonsMatter(Verdict v);

// The group of a user present in both files whose line differs, or nullopt when only its
// evidence changed (or nothing did). `applied` is what a run of the plan looks like from
// the next export: at least one credential with action `deactivate` in OLD is gone from NEW
// (a deleted password) or listed there as inactive, and NEW is not newly deactivated, pruned
// or held; such a user would otherwise show up as "back to keep" (`deactivate -> absent`).
std::optional<TransitionGroup> ClassifyTransition(const UserLine& before, const UserLine& after);

// What is kept of one user of one file.
struct UserSide {
  std::string arn;
  std::string account;
  std::string user;
  Verdict verdict = Verdict::kKeep;
  CredentialActions actions{};
  std::vector<std::string> reasons;  // only where a side's reasons matter (ReasonsMatter)
};

// One listed user: `before` is empty for an added user, `after` for a removed one.
struct Transition {
  std::optional<UserSide> before;
  std::optional<UserSide> after;

  // The side that names the user: `after` if present, else `before`.
  const UserSide& user() const { return after ? *after : *before; }
};

// A credential whose action is part of a transition.
struct ActionChange {
  CredentialId credential = CredentialId::kPassword;
  std::optional<Action> before;  // nullopt: the credential is absent from OLD (or the user is)
  std::optional<Action> after;   // nullopt: the credential is absent from NEW (or the user is)
};

// For a user in both files: the credentials whose action differs, a credential that appears
// or disappears with action `none` changing nothing. For an added or removed user: its
// credentials whose action is not `none`. In credential order.
std::vector<ActionChange> ChangedActions(const Transition& t);

// The reasons of a user in both files where either side's reasons matter and they differ:
// those only in NEW (in NEW's order), then those only in OLD (in OLD's order).
struct ReasonChanges {
  bool differ = false;
  std::vector<std::string> added;
  std::vector<std::string> removed;
};
ReasonChanges ChangedReasons(const Transition& t);

// An input of the headers, matched by path: `before` empty for an input only NEW lists,
// `after` empty for one only OLD lists; both for an input whose sha256 or kind changed.
struct InputChange {
  std::optional<InputSummary> before;
  std::optional<InputSummary> after;
};

// The inputs added, removed or changed, in path order (both lists are sorted by path).
std::vector<InputChange> ChangedInputs(const DecisionHeader& before, const DecisionHeader& after);

struct DecisionDiff {
  DecisionHeader old_header;
  DecisionHeader new_header;
  bool header_lines_differ = false;  // anything in the header line, counts included

  // The listed users of each group, sorted by ARN, and their counts in total and per account
  // (of the user's side that names it).
  std::array<std::vector<Transition>, kTransitionGroupCount> groups;
  GroupCounts counts{};
  std::map<std::string, GroupCounts> per_account;
  std::uint64_t listed = 0;         // users in all groups
  std::uint64_t evidence_only = 0;  // users whose line differs in evidence only
  std::uint64_t old_users = 0;
  std::uint64_t new_users = 0;

  // A user line differs (evidence only included) or a user was added or removed: what
  // `diff --exit-code` reports. Header changes alone do not count.
  bool users_differ = false;

  // The files are the same: the same header line and the same user lines.
  bool identical() const { return !users_differ && !header_lines_differ; }
  // The groups with at least one user, in TransitionGroup order.
  std::vector<TransitionGroup> NonEmptyGroups() const;
  bool as_of_changed() const { return old_header.as_of != new_header.as_of; }
  bool policy_changed() const {
    return old_header.policy_source != new_header.policy_source ||
           old_header.policy_sha256 != new_header.policy_sha256;
  }
};

// Merges the user lines of two open readers. Reading stops at the first invalid line; if NEW
// is invalid, OLD is still read to its end so that OLD's error, if any, is the one thrown
// (as if the files were read one after the other).
DecisionDiff DiffDecisions(DecisionReader& old_file, DecisionReader& new_file);

// Opens and diffs the files at two paths, OLD first: if NEW's header is invalid, the rest of
// OLD is still checked, so that an invalid OLD is the error thrown.
DecisionDiff DiffDecisionFiles(const std::string& old_path, const std::string& new_path);

}  // namespace dormant

#endif  // DORMANT_DECISION_DIFF_H_
