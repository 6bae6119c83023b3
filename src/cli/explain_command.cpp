// `dormant explain DECISIONS USER`: re-reads the inputs named in the header and tells, in
// sentences, every piece of evidence used for one user (raw value and place) and every
// rule step with its threshold (SPEC §7). The verdict shown is the evaluator's own.
#include <algorithm>

#include "commands.h"
#include "dormant/arn.h"
#include "dormant/csv_reader.h"
#include "dormant/decision_file.h"
#include "dormant/decision_writer.h"
#include "dormant/error.h"
#include "dormant/evaluator.h"
#include "dormant/exemption_match.h"
#include "dormant/output.h"

namespace dormant {
namespace {

std::string Time(std::optional<Instant> t) { return t ? FormatTimestamp(*t) : "none"; }
std::string Days(std::int64_t d) { return std::to_string(d) + (d == 1 ? " day" : " days"); }

bool IsCert(CredentialId id) { return id == CredentialId::kCert1 || id == CredentialId::kCert2; }

// The users of a decision file that a query names: an exact ARN, else an exact user name,
// else a user name that differs only in ASCII case (IAM names are unique regardless of
// case). Only what explain shows is kept of them.
struct Matches {
  std::vector<std::string> arns;
  std::string line;  // of the first
  std::uint64_t line_number = 0;

  void Add(const UserLine& u) {
    if (arns.empty()) {
      line = u.line;
      line_number = u.line_number;
    }
    arns.push_back(u.arn);
  }
};

// Reads the whole file (so that an invalid one is refused whatever the query) and returns
// the users `query` names.
Matches FindUsers(DecisionReader& reader, const std::string& query) {
  Matches exact, folded;
  while (const UserLine* u = reader.Next()) {
    if (u->arn == query || u->user == query) exact.Add(*u);
    if (EqualsIgnoringAsciiCase(u->user, query)) folded.Add(*u);
  }
  return exact.arns.empty() ? folded : exact;
}

class Explainer {
 public:
  Explainer(const InputSet& inputs, const Policy& policy, const Decisions& decisions,
            const UserDecision& d)
      : inputs_(inputs),
        p_(policy),
        decisions_(decisions),
        d_(d),
        row_(*d.row),
        advisor_(inputs.FindAdvisor(row_.arn)),
        iam_(inputs.FindIamUser(row_.arn)) {}

  std::string Run() {
    Line(std::string(row_.arn) + " (user " + std::string(row_.user()) + ", account " +
         std::string(d_.account) + ")");
    Line("Evaluated as of " + FormatTimestamp(decisions_.as_of) + " under policy " +
         p_.source + " (sha256 " + p_.sha256.substr(0, 12) + ").");
    Evidence();
    Credentials();
    Activity();
    Rules();
    Result();
    return out_;
  }

 private:
  void Line(const std::string& s) { out_ += s + "\n"; }
  void Heading(const std::string& s) { out_ += "\n" + s + "\n"; }

  void Evidence() {
    Heading("Evidence");
    const InputSummary& report = inputs_.inputs[row_.file];
    const ReportText text = ReadCredentialReportText(report.path);
    const std::string place = text.embedded ? report.path + " (Content line " + std::to_string(row_.line) + ")"
                                       : report.path + ":" + std::to_string(row_.line);
    Line("  Credential report row at " + place + ", generated " +
         (report.generated ? FormatTimestamp(*report.generated) : "at an unknown time (bare CSV; as-of asserted by --as-of)") + ":");
    CsvReader reader(text.csv, report.path);
    std::vector<std::string_view> fields;
    std::vector<std::string> header;
    reader.Next(fields);
    header.assign(fields.begin(), fields.end());
    while (reader.Next(fields)) {
      if (reader.record_line() != row_.line) continue;
      for (std::string_view column :
           {"user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
            "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
            "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
            "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"}) {
        const auto it = std::find(header.begin(), header.end(), column);
        if (it == header.end()) continue;
        const std::string raw(fields[static_cast<std::size_t>(it - header.begin())]);
        Line("    " + std::string(column) + " = \"" + raw + "\"");
      }
      break;
    }
    if (row_.password_enabled == CredentialRow::PasswordEnabled::kFalse) {
      Line("    password_enabled is false: the user has no console password, so there is no "
           "password credential and the password rules do not apply. Its N/A does not mean "
           "\"never logged in\".");
    }
    if (advisor_ == nullptr) {
      Line("  Access advisor: no document for this user.");
    } else {
      const AdvisorRecord& a = *advisor_;
      Line("  Access advisor document at " +
           DocumentPlace(inputs_.inputs[a.file].path, a.offset, a.element) + ": JobStatus " +
           (a.completed ? "COMPLETED" : "not COMPLETED") + ", JobCompletionDate " +
           Time(a.completion) + ", IsTruncated " + (a.truncated ? "true" : "false/absent") +
           (a.has_error ? ", has an Error member" : "") + ", " + std::to_string(a.services) +
           " services listed; latest LastAuthenticated " + Time(a.activity) +
           " (times normalised to UTC).");
      Line("    It is " + std::string(IsEvidence() ? "" : "not ") +
           "evidence that there was no other use (SPEC §2.2: COMPLETED, completed, not "
           "truncated, no Error, at least one service, completed at most " +
           std::to_string(p_.max_access_advisor_age_hours) + " h before as-of).");
    }
    if (iam_ == nullptr) {
      Line("  IAM details: no record for this user.");
    } else {
      std::string tags;
      for (const auto& [k, v] : iam_->tags) {
        tags += (tags.empty() ? "" : ", ") + std::string(k) + "=" + std::string(v);
      }
      Line("  IAM details record at " +
           DocumentPlace(inputs_.inputs[iam_->file].path, iam_->offset, iam_->element) +
           " UserDetailList[" + std::to_string(iam_->entry) + "]: CreateDate " +
           FormatTimestamp(iam_->create_date) +
           (iam_->create_date == row_.user_creation_time
                ? " (equals user_creation_time: usable)"
                : " (differs from user_creation_time: an earlier user of the same name; not usable)") +
           "; tags: " + (tags.empty() ? "none" : tags) + ".");
    }
  }

  bool IsEvidence() const { return IsAdvisorEvidence(advisor_, p_, decisions_.as_of); }

  void Credentials() {
    Heading("Credentials (SPEC §3)");
    if (row_.password_enabled == CredentialRow::PasswordEnabled::kFalse && !row_.root) {
      Line("  password: none. The user has no console password (password_enabled is false); "
           "password rules do not apply.");
    }
    if (d_.credential_count == 0) Line("  No credential exists.");
    for (std::size_t i = 0; i < d_.credential_count; ++i) {
      const CredentialDecision& c = d_.credentials[i];
      std::string s = "  " + std::string(CredentialName(c.id)) + ": " +
                      (c.active ? "active" : "inactive") + ", issued " +
                      FormatTimestamp(c.issued) + ", last used " +
                      (IsCert(c.id) ? "unknown (IAM records no use of signing certificates)"
                                    : Time(c.last_used)) +
                      ", idle " + Days(c.idle_days) + " (since the later of last use and issue).";
      Line(s);
    }
  }

  void Activity() {
    Heading("Activity");
    Line("  Last activity: " + Time(d_.last_activity) +
         " (the latest credential use" + (advisor_ ? " or advisor LastAuthenticated" : "") +
         (row_.root ? " or root password use" : "") + ").");
    Line("  Idle since: " + FormatTimestamp(d_.idle_since) +
         " (the latest of last activity, user_creation_time " +
         FormatTimestamp(row_.user_creation_time) +
         " and the issue time of every active credential).");
    Line("  Idle days: " + std::to_string(d_.idle_days) + " = floor((as-of - idle since) / 86400).");
  }

  void Rules() {
    Heading("Rules (SPEC §5), first that applies wins");
    if (row_.root) {
      Line("  1. root: this is the root row: verdict root; it is reported, never acted on.");
      return;
    }
    Line("  1. root: not the root row.");
    Exemptions();
    if (d_.verdict == Verdict::kExempt) return;
    std::string active;
    for (std::size_t i = 0; i < d_.credential_count; ++i) {
      if (d_.credentials[i].active) active += (active.empty() ? "" : ", ") + std::string(CredentialName(d_.credentials[i].id));
    }
    if (active.empty()) {
      Line("  3. already_inactive: no active credential exists: nothing to deactivate.");
      return;
    }
    Line("  3. already_inactive: no; active: " + active + ".");
    if (d_.reasons.Has(Reason::kTimestampAfterAsOf)) {
      Line("  4. timestamp after as-of: yes, a timestamp of this user is later than as-of: the "
           "data contradicts itself, so the user is held.");
      return;
    }
    Line("  4. timestamp after as-of: no.");
    const bool dormant = d_.idle_days >= p_.idle_user;
    Line("  5. dormant: idle days " + std::to_string(d_.idle_days) + (dormant ? " >= " : " < ") +
         "idle_days.user " + std::to_string(p_.idle_user) + ": " + (dormant ? "yes" : "no") + ".");
    if (!dormant) {
      bool any = false;
      for (std::size_t i = 0; i < d_.credential_count; ++i) {
        const CredentialDecision& c = d_.credentials[i];
        if (!c.active) continue;
        if (IsCert(c.id)) {
          Line("  6. " + std::string(CredentialName(c.id)) + ": signing certificates are never pruned.");
          continue;
        }
        const bool pw = c.id == CredentialId::kPassword;
        const std::int64_t t = pw ? p_.idle_password : p_.idle_access_key;
        const bool idle = c.idle_days >= t;
        any = any || idle;
        Line("  6. " + std::string(CredentialName(c.id)) + ": idle " + Days(c.idle_days) +
             (idle ? " >= " : " < ") + (pw ? "idle_days.password " : "idle_days.access_key ") +
             std::to_string(t) + ": " + (idle ? "idle" : "not idle") + ".");
      }
      if (!any) {
        const std::int64_t warn_at = p_.idle_user - p_.warn_days;
        const bool warn = d_.idle_days >= warn_at;
        Line("  7. warn: idle days " + std::to_string(d_.idle_days) + (warn ? " >= " : " < ") +
             "idle_days.user - warn_days = " + std::to_string(warn_at) + ": " + (warn ? "yes" : "no") + ".");
        if (!warn) Line("  8. keep: recent activity.");
        return;
      }
    }
    Gates(dormant);
  }

  void Exemptions() {
    if (p_.exemptions.empty()) {
      Line("  2. exemptions: the policy has none.");
      return;
    }
    std::string why;
    const auto arn = ParseUserArn(row_.arn, why);
    const ExemptionSubject subject{row_.user(),
                                   row_.arn,
                                   d_.account,
                                   arn ? arn->path : std::string_view(),
                                   row_.user_creation_time,
                                   iam_};
    for (const Exemption& x : p_.exemptions) {
      std::string state;
      if (x.expires && decisions_.as_of >= *x.expires) {
        state = "expired on " + FormatTimestamp(*x.expires).substr(0, 10);
      } else {
        switch (MatchExemption(x.match, subject)) {
          case MatchResult::kMatch:
            state = "matches";
            break;
          case MatchResult::kNoMatch:
            state = "does not match";
            break;
          case MatchResult::kUndecidable:
            state = "undecidable: its tag cannot be checked without a usable IAM-details record";
            break;
        }
      }
      Line("  2. exemption " + x.id + ": " + state + ".");
    }
    if (d_.verdict == Verdict::kExempt) {
      Line("     The first matching exemption applies: " +
           p_.exemptions[static_cast<std::size_t>(d_.exemption)].id + " (" +
           p_.exemptions[static_cast<std::size_t>(d_.exemption)].reason + ").");
    }
  }

  void Gates(bool dormant) {
    Line("  -> action verdict " + std::string(dormant ? "deactivate" : "prune") +
         "; every gate is checked (SPEC §5.2-§5.5):");
    const InputSummary& report = inputs_.inputs[row_.file];
    if (report.generated) {
      const std::int64_t age = (decisions_.as_of - *report.generated).count();
      const bool stale = age > p_.max_report_age_hours * 3600;
      Line("     report age " + std::to_string(age / 3600) + " h " + std::to_string(age / 60 % 60) +
           " min " + (stale ? "> " : "<= ") + "max_report_age_hours " +
           std::to_string(p_.max_report_age_hours) + ": " + (stale ? "stale_report" : "fresh") + ".");
    } else {
      Line("     report age: unknown (bare CSV); as-of asserts its generation time.");
    }
    Line("     access advisor required: " + std::string(p_.require_access_advisor ? "yes" : "no") +
         (p_.require_access_advisor ? (IsEvidence() ? "; the document is evidence." : "; the document is not evidence: held.") : "."));
    if (dormant) {
      bool cert = false;
      for (std::size_t i = 0; i < d_.credential_count; ++i) {
        cert = cert || (d_.credentials[i].active && IsCert(d_.credentials[i].id));
      }
      Line(std::string("     signing certificates: ") +
           (!cert ? "none active." : IsEvidence() ? "active, and the advisor document is evidence." :
                                     "active with no advisor evidence: signing_certificate_usage_unknown."));
    } else {
      Line("     attribution (slack " + std::to_string(p_.attribution_slack_hours) + " h): " +
           (d_.reasons.Has(Reason::kUnattributedRecentActivity)
                ? "the recent advisor activity " + Time(advisor_ ? advisor_->activity : std::nullopt) +
                      " is not explained by another credential: unattributed_recent_activity."
                : "no unexplained recent advisor activity."));
    }
    Line(std::string("     exemptions: ") +
         (d_.reasons.Has(Reason::kExemptionUndecidable) ? "one is undecidable: exemption_undecidable."
                                                        : "none undecidable."));
    for (const GuardrailTrip& g : decisions_.guardrails) {
      if (g.scope == "run" || g.scope.find(std::string(d_.account)) != std::string::npos) {
        Line("     guardrail " + g.scope + ": " + std::to_string(g.actions) + " actions > limit " +
             std::to_string(g.limit) + ": tripped.");
      }
    }
    if (decisions_.guardrails.empty()) Line("     guardrails: none tripped.");
  }

  void Result() {
    Heading("Result");
    std::string reasons;
    for (std::size_t r = 0; r < kReasonCount; ++r) {
      const auto reason = static_cast<Reason>(r);
      if (!d_.reasons.Has(reason)) continue;
      reasons += reasons.empty() ? "" : ", ";
      reasons += reason == Reason::kExempt
                     ? "exempt:" + p_.exemptions[static_cast<std::size_t>(d_.exemption)].id
                     : std::string(ReasonName(reason));
    }
    Line("  Verdict " + std::string(VerdictName(d_.verdict)) + "; reasons: " + reasons + ".");
    for (std::size_t i = 0; i < d_.credential_count; ++i) {
      Line("  " + std::string(CredentialName(d_.credentials[i].id)) + ": action " +
           std::string(ActionName(d_.credentials[i].action)) + ".");
    }
  }

  const InputSet& inputs_;
  const Policy& p_;
  const Decisions& decisions_;
  const UserDecision& d_;
  const CredentialRow& row_;
  const AdvisorRecord* advisor_ = nullptr;
  const IamUserRecord* iam_ = nullptr;
  std::string out_;
};

}  // namespace

int RunExplain(const std::string& decisions_path, const std::string& query, unsigned jobs) {
  DecisionReader reader(decisions_path);
  const Matches found = FindUsers(reader, query);
  if (found.arns.empty()) {
    ThrowUsage(decisions_path, "no user or ARN '" + query + "' in this decision file");
  }
  if (found.arns.size() > 1) {
    std::string list;
    for (const std::string& arn : found.arns) list += (list.empty() ? " " : ", ") + arn;
    ThrowUsage(decisions_path, "'" + query + "' names " + std::to_string(found.arns.size()) +
                                   " users; give one of their ARNs:" + list);
  }
  const DecisionHeader& h = reader.header();
  const Policy policy = h.policy_source == "default" ? DefaultPolicy() : LoadPolicy(h.policy_source);
  std::vector<InputFile> files;
  for (const InputSummary& in : h.inputs) files.push_back({in.path, in.kind});
  const InputSet inputs = LoadInputs(files, jobs);
  const Decisions decisions = Evaluate(inputs, policy, DetermineAsOf(inputs, h.as_of));
  const auto it = std::find_if(decisions.users.begin(), decisions.users.end(),
                               [&](const UserVerdict& v) { return v.row->arn == found.arns[0]; });
  if (it == decisions.users.end()) {
    ThrowUsage(decisions_path, found.arns[0] + " is no longer in the inputs named by the header");
  }
  const UserDecision user =
      ExpandDecision(decisions, static_cast<std::size_t>(it - decisions.users.begin()));
  std::string text = Explainer(inputs, policy, decisions, user).Run();
  // Say whether this evaluation still gives the line in the file.
  Decisions one;
  one.as_of = decisions.as_of;
  one.users.push_back(*it);
  const std::string line = WriteDecisions(one, inputs, policy);
  const std::string recomputed = line.substr(line.find('\n') + 1);
  if (policy.sha256 != h.policy_sha256 || recomputed != found.line + "\n") {
    text += "\nWARNING: the inputs or the policy changed since " + decisions_path +
            " was written: its line for this user differs from this evaluation (run "
            "'dormant verify').\n";
  } else {
    text += "\nThis matches line " + std::to_string(found.line_number) + " of " + decisions_path +
            ".\n";
  }
  WriteOutput("", text);
  return 0;
}

}  // namespace dormant
