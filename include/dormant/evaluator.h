// dormant/evaluator.h — the rules: evidence per user, verdicts, gates,
// guardrails, and the as-of time of §2.4.
//
// The evaluator knows nothing of files: it reads an InputSet and a Policy and returns
// Decisions whose users point into the InputSet (which must outlive them). It never reads
// the clock. Memory: one 32-byte UserVerdict per row.
#ifndef DORMANT_EVALUATOR_H_
#define DORMANT_EVALUATOR_H_

#include <optional>
#include <string>
#include <string_view>

#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"

namespace dormant {

struct ExemptionSubject;  // what exemptions are matched against (the matcher is internal)

// The as-of time: `given` (--as-of), else the latest GeneratedTime and
// JobCompletionDate of the inputs. Throws Error(kUsage) when a bare CSV was read without
// --as-of, when no input carries a time, or when `given` is earlier than the latest time
// of any input.
Instant DetermineAsOf(const InputSet& inputs, std::optional<Instant> given);

// Whether an advisor document (null: none) is evidence that there was no other
// use: COMPLETED, with a completion time at most max_access_advisor_age_hours before as-of,
// not truncated, no Error, at least one service.
bool IsAdvisorEvidence(const AdvisorRecord* advisor, const Policy& policy, Instant as_of);

// The single statements of the rules that Evaluate applies, for whoever explains a verdict
// (dormant explain): each rule is written here once.

// Signing certificates: IAM records no use of them, so they are never pruned one by one.
bool IsSigningCertificate(CredentialId id);
// Rule 3: a user without an active credential has nothing to deactivate.
bool HasActiveCredential(const UserDecision& d);
// Signing-certificate gate: a dormant user with an active signing certificate is held
// unless the advisor document is evidence that there was no other use.
bool HasActiveSigningCertificate(const UserDecision& d);
// Rule 5: a user idle at least idle_days.user days is dormant.
bool IsUserDormant(std::int64_t idle_days, const Policy& policy);
// Rule 6: the idle days at which a password (idle_days.password) or an access key
// (idle_days.access_key) is idle. REQUIRES: not a signing certificate.
std::int64_t CredentialIdleThreshold(CredentialId id, const Policy& policy);
// Rule 6: whether an active credential is idle on its own (never a signing certificate).
bool IsCredentialIdle(const CredentialDecision& credential, const Policy& policy);
// Rule 7: the idle days from which a user is warned: idle_days.user - warn_days.
std::int64_t WarnThreshold(const Policy& policy);
bool IsApproachingIdleLimit(std::int64_t idle_days, const Policy& policy);
// An exemption whose expiry is at or before as-of no longer applies.
bool IsExemptionExpired(const Exemption& exemption, Instant as_of);
// What the exemptions of the policy are matched against for a report row; `iam` is the
// user's IAM-details record, if any.
ExemptionSubject ExemptionSubjectOf(const CredentialRow& row, const IamUserRecord* iam);
// Staleness gate: a credential report generated more than max_report_age_hours before
// as-of (a bare CSV, without a generation time, is never stale: as-of asserts it).
bool IsReportStale(const InputSummary& report, const Policy& policy, Instant as_of);
// The scope of an account guardrail: `account:ID`, or `account:ID:no_password` for the
// count over the users without a password.
std::string AccountGuardrailScope(std::string_view account, bool no_password);
// Whether a tripped guardrail holds the action verdicts of users in `account`: the run
// guardrail holds every account's, an account guardrail (either count) its own account's.
bool GuardrailCovers(const GuardrailTrip& trip, std::string_view account);

// Evaluates every credential-report row at `as_of` under `policy`. REQUIRES: `inputs` is
// indexed (IndexRecords; LoadInputs does it): rows are decided in ARN order.
Decisions Evaluate(const InputSet& inputs, const Policy& policy, Instant as_of);

// The full decision of decisions.users[i]: the evidence recomputed by the evaluator's own
// code, verdict, reasons and actions as decided.
UserDecision ExpandDecision(const Decisions& decisions, std::size_t i);

}  // namespace dormant

#endif  // DORMANT_EVALUATOR_H_
