// review.h — helpers shared by the review commands (verify, diff, explain, plan).
#ifndef DORMANT_CLI_REVIEW_H_
#define DORMANT_CLI_REVIEW_H_

#include <string>

#include "dormant/decision_file.h"

namespace dormant {

// The exact bytes of a (validated) decision file: its lines, each ending in `\n`.
inline std::string DecisionFileText(const DecisionFile& file) {
  std::string text = file.header_line + "\n";
  for (const DecisionUser& u : file.users) text += u.line + "\n";
  return text;
}

// The outcome of recomputing a decision file from the inputs and the policy its header names.
struct Verification {
  bool identical = false;
  std::string message;  // identical: what was checked; otherwise the first difference
};

// What `verify` does: reads the decision file at `decisions_path` (throwing as the reader
// does), re-reads the inputs and the policy of its header (`jobs` files in parallel),
// checks their sha256, re-evaluates at the header's as-of and compares byte for byte.
// An input or policy that changed or is gone is a difference, not an error.
Verification VerifyDecisionFile(const std::string& decisions_path, unsigned jobs);

}  // namespace dormant

#endif  // DORMANT_CLI_REVIEW_H_
