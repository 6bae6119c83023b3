// review.h — what the review commands share: verify's check, which plan runs first.
#ifndef DORMANT_CLI_REVIEW_H_
#define DORMANT_CLI_REVIEW_H_

#include <string>

namespace dormant {

// The outcome of recomputing a decision file from the inputs and the policy its header names.
struct Verification {
  bool identical = false;
  std::string message;  // identical: what was checked; otherwise the first difference
};

// What `verify` does: reads the decision file at `decisions_path` (throwing as the reader
// does), re-reads the inputs and the policy of its header (`jobs` files in parallel),
// checks their sha256, re-evaluates at the header's as-of and compares byte for byte.
// The header's relative paths are resolved against `directory` (-C DIR; empty: the current
// directory). An input or policy that changed is a difference; one that is gone is
// Error(kUsage) (see header_directory.h), not a difference.
Verification VerifyDecisionFile(const std::string& decisions_path, unsigned jobs,
                                const std::string& directory);

}  // namespace dormant

#endif  // DORMANT_CLI_REVIEW_H_
