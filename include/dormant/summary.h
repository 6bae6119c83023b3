// dormant/summary.h — the Markdown summary of an evaluation for a pull request
// (`evaluate --summary FILE`, SPEC §1).
#ifndef DORMANT_SUMMARY_H_
#define DORMANT_SUMMARY_H_

#include <string>

#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"

namespace dormant {

// Returns the Markdown summary: tripped guardrails in bold at the top, as-of, inputs
// (paths, kinds, sha256 prefixes, generation times), counts per verdict per account, every
// action to be applied (user, credential, idle days), every hold with its reasons, and
// expired and unused exemptions. Deterministic: depends only on its arguments.
std::string MarkdownSummary(const Decisions& decisions, const InputSet& inputs,
                            const Policy& policy);

}  // namespace dormant

#endif  // DORMANT_SUMMARY_H_
