// dormant/decisions.h — the outcome of an evaluation: a verdict, reasons and per-credential
// actions for every user row, plus the run-level facts of the header.
#ifndef DORMANT_DECISIONS_H_
#define DORMANT_DECISIONS_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/records.h"
#include "dormant/timestamp.h"

namespace dormant {

// In the order of the verdicts (and of the decision file's `counts`).
enum class Verdict : std::uint8_t {
  kRoot,
  kExempt,
  kAlreadyInactive,
  kDeactivate,
  kPrune,
  kWarn,
  kKeep,
  kHold,
};
inline constexpr std::size_t kVerdictCount = 8;

// The verdicts that deactivate credentials, the ones the guardrails count.
inline bool IsAction(Verdict v) { return v == Verdict::kDeactivate || v == Verdict::kPrune; }

// In the order in which reasons are listed.
enum class Reason : std::uint8_t {
  kRootAccount,
  kRootAccessKeyActive,
  kExempt,  // written as `exempt:<id>`
  kNoActiveCredentials,
  kTimestampAfterAsOf,
  kUserIdle,
  kNeverUsed,
  kCredentialIdle,
  kApproachingIdleLimit,
  kRecentActivity,
  kStaleReport,
  kAccessAdvisorMissing,
  kAccessAdvisorIncomplete,
  kAccessAdvisorStale,
  kAccessAdvisorEmpty,
  kSigningCertificateUsageUnknown,
  kUnattributedRecentActivity,
  kExemptionUndecidable,
  kGuardrailAccount,
  kGuardrailRun,
};
inline constexpr std::size_t kReasonCount = 20;

// The reason each verdict's rule gives it, in Verdict order. For `hold` it is the reason of
// the rule that holds by itself (a timestamp after as-of); a hold that stopped an action
// verdict keeps that verdict's reason instead.
inline constexpr std::array<Reason, kVerdictCount> kRuleReasons = {
    Reason::kRootAccount,         Reason::kExempt,
    Reason::kNoActiveCredentials, Reason::kUserIdle,
    Reason::kCredentialIdle,      Reason::kApproachingIdleLimit,
    Reason::kRecentActivity,      Reason::kTimestampAfterAsOf,
};
inline Reason RuleReason(Verdict v) { return kRuleReasons[static_cast<std::size_t>(v)]; }

// The reasons that only a `hold` carries: a failed gate or a tripped guardrail, added to
// the reasons of the action verdict it stopped. They are the last in the order.
inline bool IsHoldOnly(Reason r) { return r >= Reason::kStaleReport; }

// A set of reasons; iterating it in enum order gives the order of the decision file.
class ReasonSet {
 public:
  ReasonSet() = default;
  ReasonSet(std::initializer_list<Reason> reasons) {
    for (const Reason r : reasons) Add(r);
  }
  void Add(Reason r) { bits_ |= Bit(r); }
  bool Has(Reason r) const { return (bits_ & Bit(r)) != 0; }
  bool empty() const { return bits_ == 0; }
  void AddAll(ReasonSet other) { bits_ |= other.bits_; }
  friend bool operator==(ReasonSet, ReasonSet) = default;

 private:
  static std::uint32_t Bit(Reason r) { return std::uint32_t{1} << static_cast<unsigned>(r); }
  std::uint32_t bits_ = 0;
};

enum class CredentialId : std::uint8_t { kPassword, kAccessKey1, kAccessKey2, kCert1, kCert2 };
enum class Action : std::uint8_t { kNone, kDeactivate, kHold };

std::string_view VerdictName(Verdict v);
std::string_view ReasonName(Reason r);  // `exempt` for kExempt (the id is appended by writers)
std::string_view CredentialName(CredentialId id);
std::string_view ActionName(Action a);
std::ostream& operator<<(std::ostream& os, Verdict v);
std::ostream& operator<<(std::ostream& os, Reason r);
std::ostream& operator<<(std::ostream& os, Action a);

// What was decided for one existing credential of a user, with its evidence: part of both
// the evaluator's UserDecision and the decision file's UserLine. 24 bytes: one exists per
// credential of every user.
struct CredentialDecision {
  CredentialId id = CredentialId::kPassword;
  bool active = false;
  Action action = Action::kNone;
  std::int32_t idle_days = 0;  // days fit: timestamps are years 1-9999
  Instant issued{};
  MaybeInstant last_used;
};

// One user's full decision, in the evaluator's terms: the verdict, its reasons and actions
// with the evidence they were decided on (pointing into the InputSet; an exemption by its
// index in the policy). The evaluator builds one per user while deciding, keeps only its
// UserVerdict, and rebuilds it on demand with ExpandDecision (evaluator.h). The decision
// file's UserLine (decision_format.h) is the same decision as self-contained text.
struct UserDecision {
  const CredentialRow* row = nullptr;  // the evidence; owned by the InputSet
  std::string_view account;            // view into row->arn
  Verdict verdict = Verdict::kKeep;
  std::uint8_t credential_count = 0;
  bool has_password = false;  // for the no_password guardrail class
  ReasonSet reasons;
  std::int32_t exemption = -1;  // index into Policy::exemptions for `exempt`
  std::int64_t idle_days = 0;
  Instant idle_since{};
  MaybeInstant last_activity;
  std::array<CredentialDecision, 5> credentials{};
};

// What the rules decided for one user, in 32 bytes: one is kept per report row. The
// evidence shown with it (each credential's times and idle days, the user's idle fields)
// is a function of the row, the advisor record and as-of, so ExpandDecision (evaluator.h)
// recomputes it into a UserDecision instead of keeping 200 more bytes per user.
struct UserVerdict {
  const CredentialRow* row = nullptr;
  const AdvisorRecord* advisor = nullptr;  // the user's access-advisor record, if any
  ReasonSet reasons;
  std::int32_t exemption = -1;
  Verdict verdict = Verdict::kKeep;
  std::uint16_t actions = 0;  // 2 bits per credential, in the order of `credentials`

  Action action(std::size_t i) const { return static_cast<Action>((actions >> (2 * i)) & 3u); }
  void set_action(std::size_t i, Action a) {
    const unsigned shift = 2 * static_cast<unsigned>(i);
    actions = static_cast<std::uint16_t>((actions & ~(3u << shift)) |
                                         (static_cast<unsigned>(a) << shift));
  }
};

struct GuardrailTrip {
  std::string scope;  // `account:ID`, `account:ID:no_password` or `run`
  std::int64_t actions = 0;
  std::int64_t limit = 0;
};

struct Decisions {
  Instant as_of{};
  std::vector<UserVerdict> users;  // sorted by ARN (bytewise)
  std::array<std::uint64_t, kVerdictCount> counts{};
  std::vector<GuardrailTrip> guardrails;
  std::vector<std::string> stale;                // paths of stale credential reports, sorted
  std::vector<std::string> expired_exemptions;   // ids, sorted
  std::vector<std::string> expiring_exemptions;  // ids, sorted
  std::vector<std::string> unused_exemptions;    // ids, sorted

  // Exit 3: a guardrail tripped or a credential report is stale.
  bool safety_stop() const { return !guardrails.empty() || !stale.empty(); }
};

}  // namespace dormant

#endif  // DORMANT_DECISIONS_H_
