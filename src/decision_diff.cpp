// The transition model of two decision files (see decision_diff.h).
#include "dormant/decision_diff.h"

#include <algorithm>
#include <utility>

#include "dormant/error.h"

namespace dormant {
namespace {

constexpr std::array<std::string_view, kTransitionGroupCount> kGroupNames = {
    "added",
    "removed",
    "newly deactivated",
    "newly pruned",
    "newly held",
    "applied",
    "released",
    "back to keep",
    "other verdict changes",
    "changed actions or reasons"};

CredentialActions ActionsOf(const UserLine& u) {
  CredentialActions out{};
  for (const CredentialDecision& c : u.credentials) out[static_cast<std::size_t>(c.id)] = c.action;
  return out;
}

// Whether a credential OLD deactivates is gone from NEW or inactive there: the plan ran.
bool DeactivationApplied(const UserLine& before, const UserLine& after) {
  for (const CredentialDecision& c : before.credentials) {
    if (c.action != Action::kDeactivate) continue;
    const auto now = std::find_if(after.credentials.begin(), after.credentials.end(),
                                  [&c](const CredentialDecision& n) { return n.id == c.id; });
    if (now == after.credentials.end() || !now->active) return true;
  }
  return false;
}

// A credential that appears or disappears with action `none` changes no action.
bool SameAction(const std::optional<Action>& a, const std::optional<Action>& b) {
  return a.value_or(Action::kNone) == b.value_or(Action::kNone);
}

UserSide SideOf(const UserLine& u, bool with_reasons) {
  UserSide out{u.arn, u.account, u.user, u.verdict, ActionsOf(u), {}};
  if (with_reasons) out.reasons = u.reasons;
  return out;
}

// The members of `from` that `other` lacks, in `from`'s order.
std::vector<std::string> Missing(const std::vector<std::string>& from,
                                 const std::vector<std::string>& other) {
  std::vector<std::string> out;
  for (const std::string& r : from) {
    if (std::find(other.begin(), other.end(), r) == other.end()) out.push_back(r);
  }
  return out;
}

}  // namespace

std::string_view TransitionGroupName(TransitionGroup g) {
  return kGroupNames[static_cast<std::size_t>(g)];
}

bool ReasonsMatter(Verdict v) { return v == Verdict::kHold || v == Verdict::kExempt; }

std::optional<TransitionGroup> ClassifyTransition(const UserLine& before, const UserLine& after) {
  const Verdict was = before.verdict, is = after.verdict;
  const auto action_verdict = [](Verdict v) {
    return v == Verdict::kHold || v == Verdict::kDeactivate || v == Verdict::kPrune;
  };
  if (is == Verdict::kDeactivate && was != is) return TransitionGroup::kNewlyDeactivated;
  if (is == Verdict::kPrune && was != is) return TransitionGroup::kNewlyPruned;
  if (is == Verdict::kHold && was != is) return TransitionGroup::kNewlyHeld;
  if (DeactivationApplied(before, after)) return TransitionGroup::kApplied;
  if (was == Verdict::kHold && !action_verdict(is)) return TransitionGroup::kReleased;
  if (is == Verdict::kKeep && was != Verdict::kKeep && was != Verdict::kHold) {
    return TransitionGroup::kBackToKeep;
  }
  if (was != is) return TransitionGroup::kOtherVerdict;
  const CredentialActions a = ActionsOf(before), b = ActionsOf(after);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!SameAction(a[i], b[i])) return TransitionGroup::kChangedActions;
  }
  if (ReasonsMatter(is) && before.reasons != after.reasons) {
    return TransitionGroup::kChangedActions;
  }
  return std::nullopt;
}

std::vector<ActionChange> ChangedActions(const Transition& t) {
  std::vector<ActionChange> out;
  const CredentialActions none{};
  const CredentialActions& a = t.before ? t.before->actions : none;
  const CredentialActions& b = t.after ? t.after->actions : none;
  const bool both = t.before && t.after;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const bool listed = both ? !SameAction(a[k], b[k])
                             : (a[k] ? a[k] : b[k]).value_or(Action::kNone) != Action::kNone;
    if (listed) out.push_back({static_cast<CredentialId>(k), a[k], b[k]});
  }
  return out;
}

ReasonChanges ChangedReasons(const Transition& t) {
  ReasonChanges out;
  if (!t.before || !t.after) return out;
  if (!ReasonsMatter(t.before->verdict) && !ReasonsMatter(t.after->verdict)) return out;
  if (t.before->reasons == t.after->reasons) return out;
  out.differ = true;
  out.added = Missing(t.after->reasons, t.before->reasons);
  out.removed = Missing(t.before->reasons, t.after->reasons);
  return out;
}

std::vector<InputChange> ChangedInputs(const DecisionHeader& before, const DecisionHeader& after) {
  const auto& a = before.inputs;
  const auto& b = after.inputs;
  std::vector<InputChange> out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].path < b[j].path)) {
      out.push_back({a[i++], std::nullopt});
    } else if (i == a.size() || b[j].path < a[i].path) {
      out.push_back({std::nullopt, b[j++]});
    } else {
      const InputSummary& x = a[i++];
      const InputSummary& y = b[j++];
      if (x.sha256 != y.sha256 || x.kind != y.kind) out.push_back({x, y});
    }
  }
  return out;
}

std::vector<TransitionGroup> DecisionDiff::NonEmptyGroups() const {
  std::vector<TransitionGroup> out;
  for (std::size_t g = 0; g < kTransitionGroupCount; ++g) {
    if (counts[g] != 0) out.push_back(static_cast<TransitionGroup>(g));
  }
  return out;
}

DecisionDiff DiffDecisions(DecisionReader& old_file, DecisionReader& new_file) {
  DecisionDiff d;
  const auto list = [&d](TransitionGroup g, std::optional<UserSide> before,
                         std::optional<UserSide> after) {
    const auto i = static_cast<std::size_t>(g);
    ++d.per_account[(after ? after : before)->account][i];
    ++d.counts[i];
    ++d.listed;
    d.groups[i].push_back({std::move(before), std::move(after)});
  };
  const auto next_new = [&old_file, &new_file]() {
    try {
      return new_file.Next();
    } catch (const Error&) {
      old_file.SkipRest();
      throw;
    }
  };
  const UserLine* a = old_file.Next();
  const UserLine* b = next_new();
  while (a != nullptr || b != nullptr) {
    if (b == nullptr || (a != nullptr && a->arn < b->arn)) {
      list(TransitionGroup::kRemoved, SideOf(*a, ReasonsMatter(a->verdict)), std::nullopt);
      d.users_differ = true;
      a = old_file.Next();
    } else if (a == nullptr || b->arn < a->arn) {
      list(TransitionGroup::kAdded, std::nullopt, SideOf(*b, ReasonsMatter(b->verdict)));
      d.users_differ = true;
      b = next_new();
    } else {
      if (a->line != b->line) {
        d.users_differ = true;
        if (const auto g = ClassifyTransition(*a, *b)) {
          const bool reasons = ReasonsMatter(a->verdict) || ReasonsMatter(b->verdict);
          list(*g, SideOf(*a, reasons), SideOf(*b, reasons));
        } else {
          ++d.evidence_only;
        }
      }
      a = old_file.Next();
      b = next_new();
    }
  }
  d.old_users = old_file.user_count();
  d.new_users = new_file.user_count();
  d.old_header = old_file.header();
  d.new_header = new_file.header();
  d.header_lines_differ = old_file.header_line() != new_file.header_line();
  return d;
}

DecisionDiff DiffDecisionFiles(const std::string& old_path, const std::string& new_path) {
  DecisionReader old_file(old_path);
  std::optional<DecisionReader> new_file;
  try {
    new_file.emplace(new_path);
  } catch (const Error&) {
    old_file.SkipRest();
    throw;
  }
  return DiffDecisions(old_file, *new_file);
}

}  // namespace dormant
