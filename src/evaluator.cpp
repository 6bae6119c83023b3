// The rules of evaluation: evidence, exemptions, verdicts, gates, guardrails. Each step is a
// function named after the rule it implements; Evaluate() runs them in order.
#include "dormant/evaluator.h"

#include <algorithm>
#include <map>
#include <set>

#include "arn.h"
#include "dormant/error.h"
#include "exemption_match.h"

namespace dormant {
namespace {

constexpr std::chrono::seconds Hours(std::int64_t h) { return std::chrono::seconds(h * 3600); }

// Per-user facts that the verdict rules need beyond what the decision file shows.
struct UserFacts {
  const AdvisorRecord* advisor = nullptr;
  bool timestamp_after_as_of = false;
  bool exemption_undecidable = false;
};

std::string_view AccountOf(const CredentialRow& row) {
  return ParseIamArn(row.arn)->account;  // validated by the reader
}

bool HasPassword(const CredentialRow& row) {
  return !row.root && row.password_enabled == CredentialRow::PasswordEnabled::kTrue;
}

// The credentials of the row that exist, each with its issue time, last use and idle days.
void CollectCredentials(const CredentialRow& row, Instant as_of, UserDecision& d) {
  auto add = [&](CredentialId id, bool active, const ReportTime& issued,
                 std::optional<Instant> last_used) {
    CredentialDecision& c = d.credentials[d.credential_count++];
    c.id = id;
    c.active = active;
    // A credential without its own issue time (N/A on an active key) counts from the
    // user's creation.
    c.issued = issued.is_time() ? issued.time() : row.user_creation_time;
    c.last_used = last_used;
    c.idle_days = static_cast<std::int32_t>(  // at most kMaxIdleDays
        IdleDays(as_of, last_used ? std::max(*last_used, c.issued) : c.issued));
  };
  // password_enabled=false: the user has no console password, so there is no password
  // credential and no password rule applies. Its `N/A` never means "never logged in".
  if (HasPassword(row)) {
    add(CredentialId::kPassword, true, row.password_last_changed, row.password_last_used.value());
    d.has_password = true;
  }
  for (int k = 0; k < 2; ++k) {
    const CredentialSlot key = row.key(k);
    if (key.exists()) {
      add(k == 0 ? CredentialId::kAccessKey1 : CredentialId::kAccessKey2, key.active,
          key.last_rotated, key.last_used.value());
    }
  }
  for (int k = 0; k < 2; ++k) {
    const CredentialSlot cert = row.cert(k);
    // IAM records no use of signing certificates: last used is unknown.
    if (cert.exists()) {
      add(k == 0 ? CredentialId::kCert1 : CredentialId::kCert2, cert.active, cert.last_rotated,
          std::nullopt);
    }
  }
}

// The user's last activity (the latest use of a credential, of a service in the advisor
// document, of the root's password), the instant it has been idle since (the latest of
// that, its creation and the issue of each active credential) and its idle days.
void CollectIdleFields(const CredentialRow& row, Instant as_of, const AdvisorRecord* advisor,
                       UserDecision& d) {
  std::optional<Instant> last_activity;
  for (std::size_t i = 0; i < d.credential_count; ++i) {
    KeepLatest(last_activity, d.credentials[i].last_used);
  }
  if (advisor != nullptr) KeepLatest(last_activity, advisor->activity);
  if (row.root) KeepLatest(last_activity, row.password_last_used.value());
  d.last_activity = last_activity;

  Instant idle_since = row.user_creation_time;
  if (last_activity) idle_since = std::max(idle_since, *last_activity);
  for (std::size_t i = 0; i < d.credential_count; ++i) {
    if (d.credentials[i].active) idle_since = std::max(idle_since, d.credentials[i].issued);
  }
  d.idle_since = idle_since;
  d.idle_days = IdleDays(as_of, idle_since);
}

// Any read timestamp after as-of makes the user's data contradictory (rule 4).
bool HasTimestampAfterAsOf(const CredentialRow& row, Instant as_of, const AdvisorRecord* advisor) {
  auto after = [&](const ReportTime& t) { return t.is_time() && t.time() > as_of; };
  bool future = row.user_creation_time > as_of || after(row.password_last_used) ||
                after(row.password_last_changed);
  for (int k = 0; k < 2; ++k) {
    future = future || after(row.key(k).last_rotated) || after(row.key(k).last_used) ||
             after(row.cert(k).last_rotated);
  }
  return future || (advisor != nullptr && advisor->activity && *advisor->activity > as_of);
}

// The evidence of a user: the credentials that exist, and the user's idle fields
// (facts.advisor is the user's advisor record or null). Also what ExpandDecision recomputes.
void CollectEvidence(const CredentialRow& row, Instant as_of, UserDecision& d, UserFacts& facts) {
  d.row = &row;
  d.account = AccountOf(row);
  CollectCredentials(row, as_of, d);
  CollectIdleFields(row, as_of, facts.advisor, d);
  facts.timestamp_after_as_of = HasTimestampAfterAsOf(row, as_of, facts.advisor);
}

// Finds the record of a kind for ARNs asked in ascending order: one pass over the index
// for all rows (which are visited in ARN order), instead of a binary search per row.
template <class Record>
class ArnCursor {
 public:
  explicit ArnCursor(const std::vector<const Record*>& index) : index_(index) {}
  const Record* Seek(std::string_view arn) {
    while (next_ < index_.size() && index_[next_]->arn < arn) ++next_;
    return next_ < index_.size() && index_[next_]->arn == arn ? index_[next_] : nullptr;
  }

 private:
  const std::vector<const Record*>& index_;
  std::size_t next_ = 0;
};

class Evaluator {
 public:
  Evaluator(const InputSet& inputs, const Policy& policy, Instant as_of)
      : inputs_(inputs),
        policy_(policy),
        as_of_(as_of),
        advisor_(inputs.advisor),
        iam_(inputs.iam_users) {
    exemption_used_.assign(policy.exemptions.size(), false);
  }

  Decisions Run() {
    Decisions out;
    out.as_of = as_of_;
    out.users.reserve(inputs_.rows.size());
    for (const CredentialRow* row : inputs_.rows) out.users.push_back(Decide(*row));  // by ARN
    ApplyAccountGuardrails(out);
    ApplyRunGuardrail(out);
    for (const UserVerdict& v : out.users) ++out.counts[static_cast<std::size_t>(v.verdict)];
    ListStaleReports(out);
    ListExemptions(out);
    return out;
  }

 private:
  // Exemptions (rule 2): the first unexpired exemption that matches; records which
  // exemptions matched anyone (for `unused`) and whether one is undecidable.
  int FindExemption(const CredentialRow& row, UserFacts& facts) {
    if (policy_.exemptions.empty()) return -1;
    const ExemptionSubject subject = ExemptionSubjectOf(row, iam_.Seek(row.arn));
    int winner = -1;
    for (std::size_t i = 0; i < policy_.exemptions.size(); ++i) {
      const Exemption& x = policy_.exemptions[i];
      if (Expired(x)) continue;
      switch (MatchExemption(x.match, subject)) {
        case MatchResult::kMatch:
          exemption_used_[i] = true;
          if (winner < 0) winner = static_cast<int>(i);
          break;
        case MatchResult::kUndecidable:
          facts.exemption_undecidable = true;
          break;
        case MatchResult::kNoMatch:
          break;
      }
    }
    return winner;
  }

  bool Expired(const Exemption& x) const { return IsExemptionExpired(x, as_of_); }

  // The verdict of one row, kept compact (the evidence is recomputed when needed).
  UserVerdict Decide(const CredentialRow& row) {
    UserDecision d;
    UserFacts facts;
    facts.advisor = advisor_.Seek(row.arn);
    CollectEvidence(row, as_of_, d, facts);
    ApplyRules(row, d, facts);
    UserVerdict v;
    v.row = &row;
    v.advisor = facts.advisor;
    v.reasons = d.reasons;
    v.exemption = d.exemption;
    v.verdict = d.verdict;
    for (std::size_t i = 0; i < d.credential_count; ++i) v.set_action(i, d.credentials[i].action);
    return v;
  }

  // The verdicts: rules 1-8, then the gates for action verdicts.
  void ApplyRules(const CredentialRow& row, UserDecision& d, UserFacts& facts) {
    if (row.root) {  // rule 1; exemptions never apply to the root row
      d.verdict = Verdict::kRoot;
      d.reasons.Add(Reason::kRootAccount);
      if (row.key(0).active || row.key(1).active) d.reasons.Add(Reason::kRootAccessKeyActive);
      return;
    }
    d.exemption = FindExemption(row, facts);
    if (d.exemption >= 0) {  // rule 2
      d.verdict = Verdict::kExempt;
      d.reasons.Add(Reason::kExempt);
      return;
    }
    if (!HasActiveCredential(d)) {  // rule 3
      d.verdict = Verdict::kAlreadyInactive;
      d.reasons.Add(Reason::kNoActiveCredentials);
      return;
    }
    if (facts.timestamp_after_as_of) {  // rule 4
      d.verdict = Verdict::kHold;
      d.reasons.Add(Reason::kTimestampAfterAsOf);
      return;
    }
    if (IsUserDormant(d.idle_days, policy_)) {  // rule 5; §5.1
      d.verdict = Verdict::kDeactivate;
      d.reasons.Add(Reason::kUserIdle);
      if (!d.last_activity) d.reasons.Add(Reason::kNeverUsed);
      for (std::size_t i = 0; i < d.credential_count; ++i) {
        if (d.credentials[i].active) d.credentials[i].action = Action::kDeactivate;
      }
    } else if (MarkIdleCredentials(d)) {  // rule 6
      d.verdict = Verdict::kPrune;
      d.reasons.Add(Reason::kCredentialIdle);
    } else if (IsApproachingIdleLimit(d.idle_days, policy_)) {  // rule 7
      d.verdict = Verdict::kWarn;
      d.reasons.Add(Reason::kApproachingIdleLimit);
      return;
    } else {  // rule 8
      d.verdict = Verdict::kKeep;
      d.reasons.Add(Reason::kRecentActivity);
      return;
    }
    ApplyGates(d, facts);
  }

  // Idle credentials: marks idle active passwords and keys `deactivate`. Certificates are never
  // pruned (no usage data). Returns whether any was marked.
  bool MarkIdleCredentials(UserDecision& d) const {
    bool any = false;
    for (std::size_t i = 0; i < d.credential_count; ++i) {
      CredentialDecision& c = d.credentials[i];
      if (IsCredentialIdle(c, policy_)) {
        c.action = Action::kDeactivate;
        any = true;
      }
    }
    return any;
  }

  // The gates of an action verdict: every failing check adds its reason; any
  // failure turns the verdict into `hold`.
  void ApplyGates(UserDecision& d, const UserFacts& facts) const {
    ReasonSet failing;
    if (IsReportStale(inputs_.inputs[d.row->file], policy_, as_of_)) {
      failing.Add(Reason::kStaleReport);  // §5.5
    }
    const AdvisorRecord* a = facts.advisor;
    if (policy_.require_access_advisor) {  // §5.3: the first reason that applies
      if (a == nullptr) {
        failing.Add(Reason::kAccessAdvisorMissing);
      } else if (!a->completed || !a->completion || a->truncated || a->has_error) {
        failing.Add(Reason::kAccessAdvisorIncomplete);
      } else if (as_of_ - *a->completion > Hours(policy_.max_access_advisor_age_hours)) {
        failing.Add(Reason::kAccessAdvisorStale);
      } else if (a->services == 0) {
        failing.Add(Reason::kAccessAdvisorEmpty);
      }
    }
    if (d.verdict == Verdict::kDeactivate && HasActiveSigningCertificate(d) &&
        !IsAdvisorEvidence(a, policy_, as_of_)) {  // §5.4
      failing.Add(Reason::kSigningCertificateUsageUnknown);
    }
    if (d.verdict == Verdict::kPrune && a != nullptr && a->activity &&
        !Attributed(d, *a->activity)) {
      failing.Add(Reason::kUnattributedRecentActivity);  // §5.2 attribution
    }
    if (facts.exemption_undecidable) failing.Add(Reason::kExemptionUndecidable);  // §5.5
    if (!failing.empty()) Hold(d, failing);
  }

  // Attribution of idle credentials: advisor activity more recent than an idle credential's
  // threshold must be explained by another credential used at about that time; otherwise
  // the activity may be this very credential.
  bool Attributed(const UserDecision& d, Instant activity) const {
    const std::int64_t activity_idle = IdleDays(as_of_, activity);
    const Instant explained_from = activity - Hours(policy_.attribution_slack_hours);
    for (std::size_t i = 0; i < d.credential_count; ++i) {
      const CredentialDecision& idle = d.credentials[i];
      if (idle.action != Action::kDeactivate ||
          activity_idle >= CredentialIdleThreshold(idle.id, policy_)) {
        continue;
      }
      bool explained = false;
      for (std::size_t j = 0; j < d.credential_count && !explained; ++j) {
        const CredentialDecision& other = d.credentials[j];
        explained = j != i && other.last_used && *other.last_used >= explained_from;
      }
      if (!explained) return false;
    }
    return true;
  }

  static void Hold(UserDecision& d, ReasonSet reasons) {
    d.verdict = Verdict::kHold;
    d.reasons.AddAll(reasons);
    for (std::size_t i = 0; i < d.credential_count; ++i) {
      if (d.credentials[i].action == Action::kDeactivate) d.credentials[i].action = Action::kHold;
    }
  }
  static void Hold(UserVerdict& v, ReasonSet reasons) {
    v.verdict = Verdict::kHold;
    v.reasons.AddAll(reasons);
    for (std::size_t i = 0; i < 5; ++i) {
      if (v.action(i) == Action::kDeactivate) v.set_action(i, Action::kHold);
    }
  }

  std::int64_t Limit(std::int64_t eligible) const {
    return std::max(policy_.min_actions_before_percent,
                    eligible * policy_.max_action_percent_per_account / 100);
  }

  // The account guardrail: per account, over all users and over the users without a password.
  void ApplyAccountGuardrails(Decisions& out) const {
    struct Tally {
      std::int64_t actions = 0, eligible = 0, np_actions = 0, np_eligible = 0;
    };
    std::map<std::string_view, Tally> accounts;  // ordered: accounts ascending
    for (const UserVerdict& v : out.users) {
      Tally& t = accounts[AccountOf(*v.row)];
      const bool eligible = v.verdict != Verdict::kRoot && v.verdict != Verdict::kExempt &&
                            v.verdict != Verdict::kAlreadyInactive;
      const bool action = IsAction(v.verdict);
      t.eligible += eligible;
      t.actions += action;
      if (!HasPassword(*v.row)) {
        t.np_eligible += eligible;
        t.np_actions += action;
      }
    }
    std::set<std::string_view> tripped;
    for (const auto& [account, t] : accounts) {
      if (t.actions > Limit(t.eligible)) {
        out.guardrails.push_back(
            {AccountGuardrailScope(account, false), t.actions, Limit(t.eligible)});
        tripped.insert(account);
      }
      if (t.np_actions > Limit(t.np_eligible)) {
        out.guardrails.push_back(
            {AccountGuardrailScope(account, true), t.np_actions, Limit(t.np_eligible)});
        tripped.insert(account);
      }
    }
    if (tripped.empty()) return;
    ReasonSet guardrail;
    guardrail.Add(Reason::kGuardrailAccount);
    for (UserVerdict& v : out.users) {
      if (IsAction(v.verdict) && tripped.count(AccountOf(*v.row)) > 0) Hold(v, guardrail);
    }
  }

  // The run guardrail.
  void ApplyRunGuardrail(Decisions& out) const {
    const auto actions = std::count_if(out.users.begin(), out.users.end(),
                                       [](const UserVerdict& v) { return IsAction(v.verdict); });
    if (actions <= policy_.max_actions_per_run) return;
    out.guardrails.push_back({"run", actions, policy_.max_actions_per_run});
    ReasonSet guardrail;
    guardrail.Add(Reason::kGuardrailRun);
    for (UserVerdict& v : out.users) {
      if (IsAction(v.verdict)) Hold(v, guardrail);
    }
  }

  // The data gates: a credential report generated more than max_report_age_hours before as-of.
  void ListStaleReports(Decisions& out) const {
    for (const InputSummary& in : inputs_.inputs) {
      if (in.kind == InputKind::kCredentialReport && IsReportStale(in, policy_, as_of_)) {
        out.stale.push_back(in.path);
      }
    }
    std::sort(out.stale.begin(), out.stale.end());
  }

  // The decision file's `exemptions`.
  void ListExemptions(Decisions& out) const {
    const std::int64_t as_of_day = DayNumber(as_of_);
    for (std::size_t i = 0; i < policy_.exemptions.size(); ++i) {
      const Exemption& x = policy_.exemptions[i];
      if (Expired(x)) {
        out.expired_exemptions.push_back(x.id);
        continue;
      }
      if (x.expires && DayNumber(*x.expires) - as_of_day <= policy_.warn_days) {
        out.expiring_exemptions.push_back(x.id);
      }
      if (!exemption_used_[i]) out.unused_exemptions.push_back(x.id);
    }
    std::sort(out.expired_exemptions.begin(), out.expired_exemptions.end());
    std::sort(out.expiring_exemptions.begin(), out.expiring_exemptions.end());
    std::sort(out.unused_exemptions.begin(), out.unused_exemptions.end());
  }

  const InputSet& inputs_;
  const Policy& policy_;
  const Instant as_of_;
  ArnCursor<AdvisorRecord> advisor_;  // rows are decided in ARN order
  ArnCursor<IamUserRecord> iam_;
  std::vector<bool> exemption_used_;
};

}  // namespace

bool IsAdvisorEvidence(const AdvisorRecord* a, const Policy& policy, Instant as_of) {
  return a != nullptr && a->completed && a->completion && !a->truncated && !a->has_error &&
         a->services > 0 && !(as_of - *a->completion > Hours(policy.max_access_advisor_age_hours));
}

bool IsSigningCertificate(CredentialId id) {
  return id == CredentialId::kCert1 || id == CredentialId::kCert2;
}

bool HasActiveCredential(const UserDecision& d) {
  return std::any_of(d.credentials.begin(), d.credentials.begin() + d.credential_count,
                     [](const CredentialDecision& c) { return c.active; });
}

bool HasActiveSigningCertificate(const UserDecision& d) {
  return std::any_of(
      d.credentials.begin(), d.credentials.begin() + d.credential_count,
      [](const CredentialDecision& c) { return c.active && IsSigningCertificate(c.id); });
}

bool IsUserDormant(std::int64_t idle_days, const Policy& policy) {
  return idle_days >= policy.idle_user;
}

std::int64_t CredentialIdleThreshold(CredentialId id, const Policy& policy) {
  return id == CredentialId::kPassword ? policy.idle_password : policy.idle_access_key;
}

bool IsCredentialIdle(const CredentialDecision& c, const Policy& policy) {
  return c.active && !IsSigningCertificate(c.id) &&
         c.idle_days >= CredentialIdleThreshold(c.id, policy);
}

std::int64_t WarnThreshold(const Policy& policy) { return policy.idle_user - policy.warn_days; }

bool IsApproachingIdleLimit(std::int64_t idle_days, const Policy& policy) {
  return idle_days >= WarnThreshold(policy);
}

bool IsExemptionExpired(const Exemption& x, Instant as_of) {
  return x.expires && as_of >= *x.expires;
}

ExemptionSubject ExemptionSubjectOf(const CredentialRow& row, const IamUserRecord* iam) {
  std::string why;
  const auto arn = ParseUserArn(row.arn, why);  // validated by the reader
  return {row.user(),
          row.arn,
          AccountOf(row),
          arn ? arn->path : std::string_view(),
          row.user_creation_time,
          iam};
}

bool IsReportStale(const InputSummary& report, const Policy& policy, Instant as_of) {
  return report.generated && as_of - *report.generated > Hours(policy.max_report_age_hours);
}

std::string AccountGuardrailScope(std::string_view account, bool no_password) {
  return "account:" + std::string(account) + (no_password ? ":no_password" : "");
}

bool GuardrailCovers(const GuardrailTrip& trip, std::string_view account) {
  return trip.scope == "run" || trip.scope == AccountGuardrailScope(account, false) ||
         trip.scope == AccountGuardrailScope(account, true);
}

Instant DetermineAsOf(const InputSet& inputs, std::optional<Instant> given) {
  if (given) {
    if (inputs.latest_time && *given < *inputs.latest_time) {
      throw Error(ErrorKind::kUsage, "", 0,
                  "--as-of " + FormatTimestamp(*given) +
                      " is earlier than the latest generation time of the inputs (" +
                      FormatTimestamp(*inputs.latest_time) + ")");
    }
    return *given;
  }
  if (inputs.has_undated_report) {
    throw Error(ErrorKind::kUsage, "", 0,
                "a credential report without GeneratedTime (a bare CSV) was read: give --as-of "
                "with the time the report was generated, e.g. --as-of 2026-11-20T00:00:00Z");
  }
  if (!inputs.latest_time) {
    throw Error(ErrorKind::kUsage, "", 0,
                "no input carries a generation time: give --as-of, e.g. --as-of "
                "2026-11-20T00:00:00Z");
  }
  return *inputs.latest_time;
}

Decisions Evaluate(const InputSet& inputs, const Policy& policy, Instant as_of) {
  return Evaluator(inputs, policy, as_of).Run();
}

UserDecision ExpandDecision(const Decisions& decisions, std::size_t i) {
  const UserVerdict& v = decisions.users[i];
  UserDecision d;
  UserFacts facts;
  facts.advisor = v.advisor;
  CollectEvidence(*v.row, decisions.as_of, d, facts);
  d.verdict = v.verdict;
  d.reasons = v.reasons;
  d.exemption = v.exemption;
  for (std::size_t c = 0; c < d.credential_count; ++c) d.credentials[c].action = v.action(c);
  return d;
}

}  // namespace dormant
