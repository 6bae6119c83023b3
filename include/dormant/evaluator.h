// dormant/evaluator.h — the rules of SPEC §3–§5: evidence per user, verdicts, gates,
// guardrails, and the as-of time of §2.4.
//
// The evaluator knows nothing of files: it reads an InputSet and a Policy and returns
// Decisions whose users point into the InputSet (which must outlive them). It never reads
// the clock. Memory: one 32-byte UserVerdict per row.
#ifndef DORMANT_EVALUATOR_H_
#define DORMANT_EVALUATOR_H_

#include <optional>

#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"

namespace dormant {

// The as-of time (SPEC §2.4): `given` (--as-of), else the latest GeneratedTime and
// JobCompletionDate of the inputs. Throws Error(kUsage) when a bare CSV was read without
// --as-of, when no input carries a time, or when `given` is earlier than the latest time
// of any input.
Instant DetermineAsOf(const InputSet& inputs, std::optional<Instant> given);

// SPEC §2.2: whether an advisor document (null: none) is evidence that there was no other
// use: COMPLETED, with a completion time at most max_access_advisor_age_hours before as-of,
// not truncated, no Error, at least one service.
bool IsAdvisorEvidence(const AdvisorRecord* advisor, const Policy& policy, Instant as_of);

// Evaluates every credential-report row at `as_of` under `policy`. REQUIRES: `inputs` is
// indexed (IndexRecords; LoadInputs does it): rows are decided in ARN order.
Decisions Evaluate(const InputSet& inputs, const Policy& policy, Instant as_of);

// The full decision of decisions.users[i]: the evidence recomputed by the evaluator's own
// code, verdict, reasons and actions as decided.
UserDecision ExpandDecision(const Decisions& decisions, std::size_t i);

}  // namespace dormant

#endif  // DORMANT_EVALUATOR_H_
