// The rules of the evaluation read backwards: what a decision-file line must satisfy to be
// a line the evaluator can have written (see decision_coherence.h for the list).
#include "decision_coherence.h"

#include <algorithm>

#include "arn.h"

namespace dormant {
namespace {

constexpr std::string_view kExemptPrefix = "exempt:";

bool IsCert(CredentialId id) { return id == CredentialId::kCert1 || id == CredentialId::kCert2; }
bool IsKey(CredentialId id) {
  return id == CredentialId::kAccessKey1 || id == CredentialId::kAccessKey2;
}

// The reasons of a line as a set (the reader has checked each name), and the exemption id.
ReasonSet ReasonsOf(const UserLine& u, std::string_view& exempt_id) {
  ReasonSet set;
  for (const std::string& text : u.reasons) {
    if (text.rfind(kExemptPrefix, 0) == 0) {
      set.Add(Reason::kExempt);
      exempt_id = std::string_view(text).substr(kExemptPrefix.size());
      continue;
    }
    for (std::size_t i = 0; i < kReasonCount; ++i) {
      const auto r = static_cast<Reason>(i);
      if (r != Reason::kExempt && ReasonName(r) == text) set.Add(r);
    }
  }
  return set;
}

std::string Names(ReasonSet set) {
  std::string out;
  for (std::size_t i = 0; i < kReasonCount; ++i) {
    const auto r = static_cast<Reason>(i);
    if (!set.Has(r)) continue;
    if (!out.empty()) out += ", ";
    out += ReasonName(r);
  }
  return out;
}

bool Contains(const std::vector<std::string>& sorted, std::string_view id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

bool ListsScope(const DecisionHeader& h, std::string_view scope) {
  return std::any_of(h.guardrails.begin(), h.guardrails.end(),
                     [scope](const GuardrailTrip& g) { return g.scope == scope; });
}

// The account of a guardrail scope `account:ID` or `account:ID:no_password` (and whether it
// is the no-password check); nullopt for any other scope.
struct AccountScope {
  std::string_view account;
  bool no_password = false;
};
std::optional<AccountScope> ParseAccountScope(std::string_view scope) {
  constexpr std::string_view kAccount = "account:", kNoPassword = ":no_password";
  if (scope.substr(0, kAccount.size()) != kAccount) return std::nullopt;
  AccountScope out;
  out.account = scope.substr(kAccount.size());
  if (out.account.size() > kNoPassword.size() &&
      out.account.substr(out.account.size() - kNoPassword.size()) == kNoPassword) {
    out.account.remove_suffix(kNoPassword.size());
    out.no_password = true;
  }
  if (out.account.size() != 12 || !std::all_of(out.account.begin(), out.account.end(),
                                               [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return out;
}

// Whether a listed guardrail holds every action verdict of `account`.
bool GuardrailHolds(const DecisionHeader& h, std::string_view account) {
  return std::any_of(h.guardrails.begin(), h.guardrails.end(), [account](const GuardrailTrip& g) {
    const auto a = ParseAccountScope(g.scope);
    return g.scope == "run" || (a && a->account == account);
  });
}

// What the checks of a user line learn from its credentials and times, for the later checks.
struct LineFacts {
  bool root = false;  // the root ARN
  bool any_active = false;
  bool active_key = false;
  bool active_cert = false;
  bool after_as_of = false;  // some time on the line is after as_of
};

// The reasons of a line split into those of the verdict's rule and those of a hold (gates),
// and the verdict the rules gave before any gate.
struct RuledReasons {
  ReasonSet own;    // what the first rules gave, before any gate
  ReasonSet gates;  // the hold-only reasons of the line
  Verdict verdict = Verdict::kKeep;
  std::string_view exempt_id;
};

// Identity: the ARN says which account and user the line is about.
std::string CheckIdentity(const UserLine& u, LineFacts& facts) {
  std::string why;
  const bool root = IsRootArn(u.arn);
  facts.root = root;
  const auto user_arn = root ? std::nullopt : ParseUserArn(u.arn, why);
  if (!root && !user_arn) return "arn: " + why;
  if (u.account != ParseIamArn(u.arn)->account) return "account does not match the ARN";
  if (u.user != (root ? std::string("<root_account>") : std::string(user_arn->name))) {
    return "user does not match the ARN";
  }
  if ((u.verdict == Verdict::kRoot) != root) return "only the root ARN has verdict root";
  return {};
}

// One credential's times and idle days, against the user's; notes what it adds to `facts`.
std::string CheckCredentialTimes(const DecisionHeader& h, const UserLine& u,
                                 const CredentialDecision& c, LineFacts& facts) {
  const std::string id(CredentialName(c.id));
  if (facts.root && c.id == CredentialId::kPassword) return "the root line lists a password";
  if (IsCert(c.id) && c.last_used) return id + ": a certificate has no last_used";
  const Instant since = c.last_used ? std::max(*c.last_used, c.issued) : c.issued;
  if (IdleDays(h.as_of, since) != c.idle_days) {
    return id + ": idle_days " + std::to_string(c.idle_days) +
           " is not the days from the later of last_used and issued to as_of (" +
           std::to_string(IdleDays(h.as_of, since)) + ")";
  }
  if (c.last_used && (!u.last_activity || *c.last_used > *u.last_activity)) {
    return id + ": last_used is after the user's last_activity";
  }
  if (c.active && c.issued > u.idle_since) {
    return id + ": an active credential issued after the user's idle_since";
  }
  facts.after_as_of =
      facts.after_as_of || c.issued > h.as_of || (c.last_used && *c.last_used > h.as_of);
  facts.any_active = facts.any_active || c.active;
  facts.active_key = facts.active_key || (c.active && IsKey(c.id));
  facts.active_cert = facts.active_cert || (c.active && IsCert(c.id));
  if (!c.active && c.action != Action::kNone) {
    return id + ": action " + std::string(ActionName(c.action)) + " on an inactive credential";
  }
  return {};
}

// Times and idle days of the user, then of each credential.
std::string CheckTimes(const DecisionHeader& h, const UserLine& u, LineFacts& facts) {
  facts.after_as_of = u.idle_since > h.as_of || (u.last_activity && *u.last_activity > h.as_of);
  if (IdleDays(h.as_of, u.idle_since) != u.idle_days) {
    return "idle_days " + std::to_string(u.idle_days) +
           " is not the days from idle_since to as_of (" +
           std::to_string(IdleDays(h.as_of, u.idle_since)) + ")";
  }
  if (u.last_activity && *u.last_activity > u.idle_since) {
    return "idle_since is before last_activity";
  }
  for (const CredentialDecision& c : u.credentials) {
    std::string why = CheckCredentialTimes(h, u, c, facts);
    if (!why.empty()) return why;
  }
  return {};
}

// Reasons: exactly those of the verdict's rule, plus, for a hold that stopped an action
// verdict, the failed checks. Sets `out` to the split reasons and the verdict ruled.
std::string CheckReasons(const UserLine& u, const LineFacts& facts, RuledReasons& out) {
  const ReasonSet reasons = ReasonsOf(u, out.exempt_id);
  for (std::size_t i = 0; i < kReasonCount; ++i) {
    const auto r = static_cast<Reason>(i);
    if (!reasons.Has(r) || !IsHoldOnly(r)) continue;
    if (u.verdict != Verdict::kHold) {
      return "reason " + std::string(ReasonName(r)) + " appears only under verdict hold";
    }
    out.gates.Add(r);
  }
  for (std::size_t i = 0; i < kReasonCount; ++i) {
    const auto r = static_cast<Reason>(i);
    if (reasons.Has(r) && !IsHoldOnly(r)) out.own.Add(r);
  }
  // The verdict the rules gave before any gate, and the reasons that rule gives.
  out.verdict = u.verdict;
  if (u.verdict == Verdict::kHold && !out.gates.empty()) {
    out.verdict =
        out.own.Has(RuleReason(Verdict::kDeactivate)) ? Verdict::kDeactivate : Verdict::kPrune;
  }
  ReasonSet expected{RuleReason(out.verdict)};
  if (out.verdict == Verdict::kRoot && facts.active_key) expected.Add(Reason::kRootAccessKeyActive);
  if (out.verdict == Verdict::kDeactivate && !u.last_activity) expected.Add(Reason::kNeverUsed);
  if (out.own == expected) return {};
  const std::string found = out.own.empty() ? "none" : Names(out.own);
  if (out.verdict == u.verdict) {
    return "verdict " + std::string(VerdictName(u.verdict)) +
           " carries exactly the reasons of its rule (" + Names(expected) + "), not " + found;
  }
  const std::string stopped = out.own.Has(Reason::kUserIdle)         ? "deactivate"
                              : out.own.Has(Reason::kCredentialIdle) ? "prune"
                                                                     : "";
  return "a hold with " + Names(out.gates) + " keeps exactly the reasons of the " +
         (stopped.empty() ? "deactivate or prune it stopped (user_idle or credential_idle"
                          : stopped + " it stopped (" + Names(expected)) +
         "), not " + found;
}

// The exemption, the gates and the guardrails against the header and the credentials.
std::string CheckGates(const DecisionHeader& h, const UserLine& u, const LineFacts& facts,
                       const RuledReasons& ruled) {
  if (u.verdict == Verdict::kExempt && (Contains(h.expired_exemptions, ruled.exempt_id) ||
                                        Contains(h.unused_exemptions, ruled.exempt_id))) {
    return "exempt:" + std::string(ruled.exempt_id) +
           " is listed as expired or unused in the header, so it cannot have matched";
  }
  const ReasonSet& gates = ruled.gates;
  int advisor = 0;
  for (const Reason r : {Reason::kAccessAdvisorMissing, Reason::kAccessAdvisorIncomplete,
                         Reason::kAccessAdvisorStale, Reason::kAccessAdvisorEmpty}) {
    advisor += gates.Has(r) ? 1 : 0;
  }
  if (advisor > 1) return "more than one access_advisor_* reason (only the first applies)";
  if (gates.Has(Reason::kSigningCertificateUsageUnknown) &&
      (ruled.verdict != Verdict::kDeactivate || !facts.active_cert)) {
    return "signing_certificate_usage_unknown without user_idle and an active certificate";
  }
  if (gates.Has(Reason::kUnattributedRecentActivity) && ruled.verdict != Verdict::kPrune) {
    return "unattributed_recent_activity without credential_idle";
  }
  if (gates.Has(Reason::kGuardrailAccount) && !ListsScope(h, "account:" + u.account) &&
      !ListsScope(h, "account:" + u.account + ":no_password")) {
    return "guardrail_account, but the header lists no guardrail of account " + u.account;
  }
  if (gates.Has(Reason::kGuardrailRun) && !ListsScope(h, "run")) {
    return "guardrail_run, but the header lists no run guardrail";
  }
  if (IsAction(u.verdict) && GuardrailHolds(h, u.account)) {
    return "verdict " + std::string(VerdictName(u.verdict)) +
           ", but a guardrail the header lists holds every action of account " + u.account;
  }
  return {};
}

// Which verdicts the first rules allow.
std::string CheckVerdictAllowed(const UserLine& u, const LineFacts& facts, Verdict ruled) {
  if (u.verdict == Verdict::kAlreadyInactive && facts.any_active) {
    return "verdict already_inactive, but a credential is active";
  }
  const bool after_rule_3 = u.verdict != Verdict::kRoot && u.verdict != Verdict::kExempt &&
                            u.verdict != Verdict::kAlreadyInactive;
  if (after_rule_3 && !facts.any_active) {
    return "verdict " + std::string(VerdictName(u.verdict)) +
           ", but no credential is active (already_inactive)";
  }
  if (after_rule_3 && facts.after_as_of && ruled != Verdict::kHold) {
    return "a time on the line is after as_of, so the user is held with timestamp_after_as_of";
  }
  return {};
}

// Actions: what the rule (and a hold that stopped it) gives each credential.
std::string CheckActions(const UserLine& u, Verdict ruled) {
  const Action acting = u.verdict == Verdict::kHold ? Action::kHold : Action::kDeactivate;
  bool any_action = false;
  for (const CredentialDecision& c : u.credentials) {
    Action ok = Action::kNone;  // the only action allowed, unless `either`
    bool either = false;        // prune: the rule's action or none
    if (c.active && ruled == Verdict::kDeactivate) ok = acting;
    if (c.active && ruled == Verdict::kPrune && !IsCert(c.id)) {
      ok = acting;
      either = true;
    }
    if (c.action != ok && !(either && c.action == Action::kNone)) {
      return std::string(CredentialName(c.id)) + ": action " + std::string(ActionName(c.action)) +
             " contradicts verdict " + std::string(VerdictName(u.verdict)) + " and status " +
             (c.active ? "active" : "inactive");
    }
    any_action = any_action || c.action != Action::kNone;
  }
  if (ruled == Verdict::kPrune && !any_action) {
    return "verdict " + std::string(VerdictName(u.verdict)) +
           " with credential_idle, but no credential has action " + std::string(ActionName(acting));
  }
  return {};
}

}  // namespace

std::string CoherenceCheck::Header() const {
  // The evaluator lists each account's checks in ascending account order, the all-users
  // check before the no-password one, then the run; only tripped checks are listed.
  std::optional<AccountScope> previous;
  bool run = false;
  for (const GuardrailTrip& g : h_.guardrails) {
    const auto scope = ParseAccountScope(g.scope);
    if (!scope && g.scope != "run") {
      return "guardrails: unknown scope '" + g.scope +
             "' (account:ID, account:ID:no_password or run)";
    }
    if (run || (scope && previous &&
                std::pair(previous->account, previous->no_password) >=
                    std::pair(scope->account, scope->no_password))) {
      return "guardrails: scope '" + g.scope +
             "' is out of order (accounts ascending, each once per check, then run)";
    }
    if (g.actions <= g.limit) {
      return "guardrails: scope '" + g.scope + "' lists " + std::to_string(g.actions) +
             " actions, not more than its limit " + std::to_string(g.limit);
    }
    run = !scope;
    previous = scope;
  }
  for (const std::string& id : h_.expired_exemptions) {
    if (Contains(h_.expiring_exemptions, id) || Contains(h_.unused_exemptions, id)) {
      return "exemptions: '" + id + "' is listed as expired and as expiring or unused";
    }
  }
  return {};
}

std::string CoherenceCheck::User(const UserLine& u) {
  std::string why = Line(u);
  if (!why.empty()) return why;
  const auto v = static_cast<std::size_t>(u.verdict);
  if (++tally_[v] > h_.counts[v]) {
    return "counts." + std::string(VerdictName(u.verdict)) + " is " + std::to_string(h_.counts[v]) +
           ", but this is " + std::string(VerdictName(u.verdict)) + " line " +
           std::to_string(tally_[v]);
  }
  return {};
}

std::string CoherenceCheck::End() const {
  for (std::size_t v = 0; v < kVerdictCount; ++v) {
    if (tally_[v] != h_.counts[v]) {
      const std::string name(VerdictName(static_cast<Verdict>(v)));
      return "counts." + name + " is " + std::to_string(h_.counts[v]) +
             ", but the file ends here, after " + std::to_string(tally_[v]) + " " + name + " lines";
    }
  }
  return {};
}

std::string CoherenceCheck::Line(const UserLine& u) const {
  LineFacts facts;
  std::string why = CheckIdentity(u, facts);
  if (!why.empty()) return why;
  why = CheckTimes(h_, u, facts);
  if (!why.empty()) return why;
  RuledReasons ruled;
  why = CheckReasons(u, facts, ruled);
  if (!why.empty()) return why;
  why = CheckGates(h_, u, facts, ruled);
  if (!why.empty()) return why;
  why = CheckVerdictAllowed(u, facts, ruled.verdict);
  if (!why.empty()) return why;
  return CheckActions(u, ruled.verdict);
}

}  // namespace dormant
