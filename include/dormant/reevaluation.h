// dormant/reevaluation.h — evaluating again what a decision file's header names: its
// policy and its inputs, at its as-of. The one way the review commands (verify, explain,
// and plan through verify) recompute a decision file.
#ifndef DORMANT_REEVALUATION_H_
#define DORMANT_REEVALUATION_H_

#include <optional>
#include <string>

#include "dormant/decision_format.h"
#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"

namespace dormant {

struct Reevaluation {
  // Only with HashCheck::kCompare: the first input or policy whose sha256 differs from the
  // header's, as a sentence ("input X has changed: sha256 was A, is B"); nothing else is
  // then set.
  std::optional<std::string> changed;
  Policy policy;
  InputSet inputs;
  Decisions decisions;  // points into `inputs`
};

enum class HashCheck {
  kNone,     // read the files as they are now
  kCompare,  // first compare each file's sha256 with the header's
};

// The policy and the inputs a decision file's header names, read again as they are now.
struct HeaderFiles {
  // Only with HashCheck::kCompare: as Reevaluation::changed; nothing else is then set.
  std::optional<std::string> changed;
  Policy policy;
  InputSet inputs;  // only the inputs that were asked for
};

// Re-reads the policy named by `header` (`default`: the built-in one) and those of its
// inputs whose kind is `only` (every input when nullopt), `jobs` files in parallel. A file
// that is gone is Error(kUsage), not a difference. With kCompare the policy is checked
// first, then each of those inputs in header order, before any input is read. Every command
// that reads what a header names goes through here, so that its paths are resolved in one
// place. Throws Error as LoadPolicy and LoadInputs do.
HeaderFiles RereadHeaderFiles(const DecisionHeader& header, unsigned jobs, HashCheck check,
                              std::optional<InputKind> only = std::nullopt);

// Re-reads the policy named by `header` (`default`: the built-in one) and its inputs
// (`jobs` files in parallel), with the paths as the header writes them (relative ones are
// relative to the working directory), and evaluates them at the header's as-of. A file that
// is gone is not a difference but Error(kUsage): a wrong directory or a moved export. With
// kCompare the policy is checked first, then each input in header order, before anything
// is evaluated: a file whose sha256 changed is a difference, not an error. Throws Error as
// LoadPolicy, LoadInputs and DetermineAsOf do.
Reevaluation Reevaluate(const DecisionHeader& header, unsigned jobs, HashCheck check);

}  // namespace dormant

#endif  // DORMANT_REEVALUATION_H_
