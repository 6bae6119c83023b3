// dormant/summary.h — the summaries of an evaluation: the human one on standard error and
// the Markdown one for a pull request (`evaluate --summary FILE`).
#ifndef DORMANT_SUMMARY_H_
#define DORMANT_SUMMARY_H_

#include <cstddef>
#include <string>

#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"
#include "row_budget.h"

namespace dormant {

// How long the Markdown summary may be, and the decision file it names for the rows it
// leaves out.
struct MarkdownBudget {
  std::size_t max_chars = kDefaultMaxChars;  // in bytes; see row_budget.h
  std::string decisions = "DECISIONS";       // the decision file's path, as the user wrote it
};

// Returns the Markdown summary: tripped guardrails and stale reports in bold at the top,
// as-of, the policy, inputs (paths, kinds, sha256 prefixes, generation times), counts per
// verdict per account, the held users per reason, then the actions to be applied (user,
// credential, idle days) and the holds with their reasons, and expired, expiring and unused
// exemptions. Everything but the rows of the two tables is written in full; the tables get
// as many rows as fit into `budget.max_chars` (the first rows in ARN order, so the same on
// every run), each cut table followed by a line saying how many rows were left out and the
// `dormant show` command that lists them all. Deterministic: depends only on its arguments.
std::string MarkdownSummary(const Decisions& decisions, const InputSet& inputs,
                            const Policy& policy, const MarkdownBudget& budget = {});

// Returns the human summary: users, input files and as-of; the policy (its path or
// "embedded default"); the input files of each kind; records that match no report row;
// decision files skipped in discovery; reports without a generation time (whose
// freshness could not be checked); counts per verdict; guardrails and stale reports.
std::string HumanSummary(const Decisions& decisions, const InputSet& inputs, const Policy& policy,
                         std::size_t skipped_decision_files);

}  // namespace dormant

#endif  // DORMANT_SUMMARY_H_
