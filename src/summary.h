// dormant/summary.h — the summaries of an evaluation: the human one on standard error and
// the Markdown one for a pull request (`evaluate --summary FILE`).
#ifndef DORMANT_SUMMARY_H_
#define DORMANT_SUMMARY_H_

#include <cstddef>
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

// Returns the human summary: users, input files and as-of; the policy (its path or
// "embedded default"); the input files of each kind; records that match no report row;
// decision files skipped in discovery; reports without a generation time (whose
// freshness could not be checked); counts per verdict; guardrails and stale reports.
std::string HumanSummary(const Decisions& decisions, const InputSet& inputs, const Policy& policy,
                         std::size_t skipped_decision_files);

}  // namespace dormant

#endif  // DORMANT_SUMMARY_H_
