// dormant/explanation.h — the narrative of `dormant explain`: for one user of a
// re-evaluation, every piece of evidence used (raw value and where it was read) and every
// rule step with its threshold, in sentences. The verdict shown is the evaluator's own,
// and every rule step is answered by the evaluator's predicates (evaluator.h), never
// decided again here.
#ifndef DORMANT_EXPLANATION_H_
#define DORMANT_EXPLANATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dormant/reevaluation.h"

namespace dormant {

// The user's line in the decision file being explained, which the explanation says this
// evaluation still gives, or not.
struct ExplainedLine {
  std::string_view decisions_path;
  std::string_view policy_sha256;  // the header's
  std::uint64_t number = 0;        // 1-based line number
  std::string_view text;           // the line without its `\n`
};

// For a reason that holds an action (hold-only reasons and a timestamp after as-of): one
// sentence saying what evidence or reviewed change lets a later run decide the user. Empty
// for every other reason.
std::string_view HowHoldClears(Reason reason);

// The index in `decisions.users` of the user with exactly `arn`, or nullopt.
std::optional<std::size_t> FindEvaluatedUser(const Decisions& decisions, std::string_view arn);

// The text explain prints for user `user` of `r.decisions`, ending with whether the
// evaluation still gives `line` (a warning when the policy's sha256 or the line differ).
// Re-reads the user's credential report (for its raw values) and, for the places of
// advisor documents and IAM-details entries, their files. Throws Error as the readers do.
std::string Explain(const Reevaluation& r, std::size_t user, const ExplainedLine& line);

}  // namespace dormant

#endif  // DORMANT_EXPLANATION_H_
