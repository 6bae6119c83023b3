// The narrative of `dormant explain` (see explanation.h). Every rule step asks the
// evaluator's predicates; this file only tells what they answered, and the evidence.
#include "dormant/explanation.h"

#include <algorithm>

#include "credential_report_document.h"
#include "csv_reader.h"
#include "dormant/decision_writer.h"
#include "dormant/evaluator.h"
#include "exemption_match.h"

namespace dormant {
namespace {

std::string Time(std::optional<Instant> t) { return t ? FormatTimestamp(*t) : "none"; }
std::string Days(std::int64_t d) { return std::to_string(d) + (d == 1 ? " day" : " days"); }

class Explainer {
 public:
  Explainer(const Reevaluation& r, const UserDecision& d)
      : inputs_(r.inputs),
        p_(r.policy),
        decisions_(r.decisions),
        d_(d),
        row_(*d.row),
        advisor_(r.inputs.FindAdvisor(row_.arn)),
        iam_(r.inputs.FindIamUser(row_.arn)),
        subject_(ExemptionSubjectOf(row_, iam_)) {}

  std::string Run() {
    Line(std::string(row_.arn) + " (user " + std::string(row_.user()) + ", account " +
         std::string(d_.account) + ")");
    Line("Evaluated as of " + FormatTimestamp(decisions_.as_of) + " under policy " + p_.source +
         " (sha256 " + p_.sha256.substr(0, 12) + ").");
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
    ReportRow();
    AdvisorDocument();
    IamRecord();
  }

  // The raw values of the user's credential-report row, and where it was read.
  void ReportRow() {
    const InputSummary& report = inputs_.inputs[row_.file];
    const ReportText text = ReadCredentialReportText(report.path);
    const std::string place =
        text.embedded ? report.path + " (Content line " + std::to_string(row_.line) + ")"
                      : report.path + ":" + std::to_string(row_.line);
    Line("  Credential report row at " + place + ", generated " +
         (report.generated ? FormatTimestamp(*report.generated)
                           : "at an unknown time (bare CSV; as-of asserted by --as-of)") +
         ":");
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
      Line(
          "    password_enabled is false: the user has no console password, so there is no "
          "password credential and the password rules do not apply. Its N/A does not mean "
          "\"never logged in\".");
    }
  }

  // The user's access-advisor document and whether it is evidence that there was no
  // other use.
  void AdvisorDocument() {
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
           "evidence that there was no other use (COMPLETED, completed, not "
           "truncated, no Error, at least one service, completed at most " +
           std::to_string(p_.max_access_advisor_age_hours) + " h before as-of).");
    }
  }

  // The user's IAM-details record, whether it is usable, and its tags.
  void IamRecord() {
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
           (HasUsableIamRecord(subject_)
                ? " (equals user_creation_time: usable)"
                : " (differs from user_creation_time: an earlier user of the same name; not "
                  "usable)") +
           "; tags: " + (tags.empty() ? "none" : tags) + ".");
    }
  }

  bool IsEvidence() const { return IsAdvisorEvidence(advisor_, p_, decisions_.as_of); }

  void Credentials() {
    Heading("Credentials");
    if (row_.password_enabled == CredentialRow::PasswordEnabled::kFalse && !row_.root) {
      Line(
          "  password: none. The user has no console password (password_enabled is false); "
          "password rules do not apply.");
    }
    if (d_.credential_count == 0) Line("  No credential exists.");
    for (std::size_t i = 0; i < d_.credential_count; ++i) {
      const CredentialDecision& c = d_.credentials[i];
      std::string s =
          "  " + std::string(CredentialName(c.id)) + ": " + (c.active ? "active" : "inactive") +
          ", issued " + FormatTimestamp(c.issued) + ", last used " +
          (IsSigningCertificate(c.id) ? "unknown (IAM records no use of signing certificates)"
                                      : Time(c.last_used)) +
          ", idle " + Days(c.idle_days) + " (since the later of last use and issue).";
      Line(s);
    }
  }

  void Activity() {
    Heading("Activity");
    Line("  Last activity: " + Time(d_.last_activity) + " (the latest credential use" +
         (advisor_ ? " or advisor LastAuthenticated" : "") +
         (row_.root ? " or root password use" : "") + ").");
    Line("  Idle since: " + FormatTimestamp(d_.idle_since) +
         " (the latest of last activity, user_creation_time " +
         FormatTimestamp(row_.user_creation_time) +
         " and the issue time of every active credential).");
    Line("  Idle days: " + std::to_string(d_.idle_days) +
         " = floor((as-of - idle since) / 86400).");
  }

  void Rules() {
    Heading("Rules, first that applies wins");
    if (row_.root) {
      Line("  1. root: this is the root row: verdict root; it is reported, never acted on.");
      return;
    }
    Line("  1. root: not the root row.");
    Exemptions();
    if (d_.verdict == Verdict::kExempt) return;
    std::string active;
    for (std::size_t i = 0; i < d_.credential_count; ++i) {
      if (d_.credentials[i].active)
        active += (active.empty() ? "" : ", ") + std::string(CredentialName(d_.credentials[i].id));
    }
    if (!HasActiveCredential(d_)) {
      Line("  3. already_inactive: no active credential exists: nothing to deactivate.");
      return;
    }
    Line("  3. already_inactive: no; active: " + active + ".");
    if (d_.reasons.Has(Reason::kTimestampAfterAsOf)) {
      Line(
          "  4. timestamp after as-of: yes, a timestamp of this user is later than as-of: the "
          "data contradicts itself, so the user is held.");
      return;
    }
    Line("  4. timestamp after as-of: no.");
    const bool dormant = IsUserDormant(d_.idle_days, p_);
    Line("  5. dormant: idle days " + std::to_string(d_.idle_days) + (dormant ? " >= " : " < ") +
         "idle_days.user " + std::to_string(p_.idle_user) + ": " + (dormant ? "yes" : "no") + ".");
    if (!dormant) {
      bool any = false;
      for (std::size_t i = 0; i < d_.credential_count; ++i) {
        const CredentialDecision& c = d_.credentials[i];
        if (!c.active) continue;
        if (IsSigningCertificate(c.id)) {
          Line("  6. " + std::string(CredentialName(c.id)) +
               ": signing certificates are never pruned.");
          continue;
        }
        const bool pw = c.id == CredentialId::kPassword;
        const std::int64_t t = CredentialIdleThreshold(c.id, p_);
        const bool idle = IsCredentialIdle(c, p_);
        any = any || idle;
        Line("  6. " + std::string(CredentialName(c.id)) + ": idle " + Days(c.idle_days) +
             (idle ? " >= " : " < ") + (pw ? "idle_days.password " : "idle_days.access_key ") +
             std::to_string(t) + ": " + (idle ? "idle" : "not idle") + ".");
      }
      if (!any) {
        const std::int64_t warn_at = WarnThreshold(p_);
        const bool warn = IsApproachingIdleLimit(d_.idle_days, p_);
        Line("  7. warn: idle days " + std::to_string(d_.idle_days) + (warn ? " >= " : " < ") +
             "idle_days.user - warn_days = " + std::to_string(warn_at) + ": " +
             (warn ? "yes" : "no") + ".");
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
    for (const Exemption& x : p_.exemptions) {
      std::string state;
      if (IsExemptionExpired(x, decisions_.as_of)) {
        state = "expired on " + FormatTimestamp(*x.expires).substr(0, 10);
      } else {
        switch (MatchExemption(x.match, subject_)) {
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
         "; every gate is checked:");
    const InputSummary& report = inputs_.inputs[row_.file];
    if (report.generated) {
      const std::int64_t age = (decisions_.as_of - *report.generated).count();
      const bool stale = IsReportStale(report, p_, decisions_.as_of);
      Line("     report age " + std::to_string(age / 3600) + " h " + std::to_string(age / 60 % 60) +
           " min " + (stale ? "> " : "<= ") + "max_report_age_hours " +
           std::to_string(p_.max_report_age_hours) + ": " + (stale ? "stale_report" : "fresh") +
           ".");
    } else {
      Line("     report age: unknown (bare CSV); as-of asserts its generation time.");
    }
    Line("     access advisor required: " + std::string(p_.require_access_advisor ? "yes" : "no") +
         (p_.require_access_advisor ? (IsEvidence() ? "; the document is evidence."
                                                    : "; the document is not evidence: held.")
                                    : "."));
    if (dormant) {
      const bool cert = HasActiveSigningCertificate(d_);
      Line(std::string("     signing certificates: ") +
           (!cert ? "none active."
            : IsEvidence()
                ? "active, and the advisor document is evidence."
                : "active with no advisor evidence: signing_certificate_usage_unknown."));
    } else {
      Line("     attribution (slack " + std::to_string(p_.attribution_slack_hours) + " h): " +
           (d_.reasons.Has(Reason::kUnattributedRecentActivity)
                ? "the recent advisor activity " +
                      Time(advisor_ ? advisor_->activity : std::nullopt) +
                      " is not explained by another credential: unattributed_recent_activity."
                : "no unexplained recent advisor activity."));
    }
    Line(std::string("     exemptions: ") + (d_.reasons.Has(Reason::kExemptionUndecidable)
                                                 ? "one is undecidable: exemption_undecidable."
                                                 : "none undecidable."));
    for (const GuardrailTrip& g : decisions_.guardrails) {
      if (GuardrailCovers(g, d_.account)) {
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
    if (d_.verdict == Verdict::kHold) HoldClearing();
  }

  // A held user: what evidence or reviewed change would let the next run decide it.
  void HoldClearing() {
    Heading("What would clear the hold");
    for (std::size_t r = 0; r < kReasonCount; ++r) {
      const auto reason = static_cast<Reason>(r);
      const std::string_view how = HowHoldClears(reason);
      if (d_.reasons.Has(reason) && !how.empty()) {
        Line("  " + std::string(ReasonName(reason)) + ": " + std::string(how));
      }
    }
    Line(
        "  The hold clears on the next evaluation whose evidence passes every check; each "
        "reason is described in docs/verdicts.md.");
  }

  const InputSet& inputs_;
  const Policy& p_;
  const Decisions& decisions_;
  const UserDecision& d_;
  const CredentialRow& row_;
  const AdvisorRecord* advisor_ = nullptr;
  const IamUserRecord* iam_ = nullptr;
  const ExemptionSubject subject_;  // what the exemptions are matched against
  std::string out_;
};

}  // namespace

std::string_view HowHoldClears(Reason reason) {
  switch (reason) {
    case Reason::kTimestampAfterAsOf:
      return "check the as-of time and the export; re-run with the right --as-of or a fresh "
             "export, so that no time of the user is after as-of.";
    case Reason::kStaleReport:
      return "export a fresh credential report and evaluate it within max_report_age_hours.";
    case Reason::kAccessAdvisorMissing:
      return "export the user's access advisor (scripts/export-aws.sh exports every user).";
    case Reason::kAccessAdvisorIncomplete:
      return "run the access-advisor job again until it is COMPLETED, with every page merged.";
    case Reason::kAccessAdvisorStale:
      return "export access advisor again and evaluate it within max_access_advisor_age_hours.";
    case Reason::kAccessAdvisorEmpty:
      return "check the access-advisor export: a real document lists every service the user's "
             "policies allow.";
    case Reason::kSigningCertificateUsageUnknown:
      return "export access advisor for the user, or ask the certificate's owner and deactivate "
             "it by hand, or exempt the user in a reviewed policy change.";
    case Reason::kUnattributedRecentActivity:
      return "export a fresh credential report after the access-advisor job, which usually "
             "shows the credential that was used; otherwise ask the owner.";
    case Reason::kExemptionUndecidable:
      return "include the account's IAM details (get-account-authorization-details) in the "
             "inputs, so that the exemption's tag can be checked.";
    case Reason::kGuardrailAccount:
    case Reason::kGuardrailRun:
      return "find out with diff and explain why so many users look idle; if the actions are "
             "right, raise the guardrail in a reviewed policy change or apply in smaller steps.";
    default:
      return {};
  }
}

std::optional<std::size_t> FindEvaluatedUser(const Decisions& decisions, std::string_view arn) {
  const auto it = std::find_if(decisions.users.begin(), decisions.users.end(),
                               [&](const UserVerdict& v) { return v.row->arn == arn; });
  if (it == decisions.users.end()) return std::nullopt;
  return static_cast<std::size_t>(it - decisions.users.begin());
}

std::string Explain(const Reevaluation& r, std::size_t user, const ExplainedLine& line) {
  const UserDecision decision = ExpandDecision(r.decisions, user);
  std::string text = Explainer(r, decision).Run();
  // Say whether this evaluation still gives the line in the file.
  Decisions one;
  one.as_of = r.decisions.as_of;
  one.users.push_back(r.decisions.users[user]);
  const std::string written = WriteDecisions(one, r.inputs, r.policy);
  const std::string_view recomputed = std::string_view(written).substr(written.find('\n') + 1);
  const std::string path(line.decisions_path);
  if (r.policy.sha256 != line.policy_sha256 || recomputed != std::string(line.text) + "\n") {
    text += "\nWARNING: the inputs or the policy changed since " + path +
            " was written: its line for this user differs from this evaluation (run "
            "'dormant verify').\n";
  } else {
    text += "\nThis matches line " + std::to_string(line.number) + " of " + path + ".\n";
  }
  return text;
}

}  // namespace dormant
