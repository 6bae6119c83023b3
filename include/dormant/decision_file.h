// dormant/decision_file.h — reading a decision file back (SPEC §6, §7), for the review
// commands (verify, diff, explain, plan).
//
// A file is a valid `dormant-decisions/1` file only if every line has exactly the keys of
// SPEC §6 in their order with the right types and vocabulary, timestamps in the canonical
// `YYYY-MM-DDTHH:MM:SSZ` form, users strictly sorted by ARN, counts that match the user
// lines, and a `\n` after every line. Memory: the whole file plus the parsed lines.
#ifndef DORMANT_DECISION_FILE_H_
#define DORMANT_DECISION_FILE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/inputs.h"
#include "dormant/timestamp.h"

namespace dormant {

// An entry of the header's `inputs`: the same fields as the run's own input summaries.
using DecisionInput = InputSummary;

struct DecisionHeader {
  Instant as_of{};
  std::string policy_source;  // `default` or a path
  std::string policy_sha256;
  std::vector<DecisionInput> inputs;
  std::array<std::uint64_t, kVerdictCount> counts{};
  std::vector<GuardrailTrip> guardrails;
  std::vector<std::string> stale;
  std::vector<std::string> expired_exemptions;
  std::vector<std::string> expiring_exemptions;
  std::vector<std::string> unused_exemptions;
};

// A credential of a user line: the same fields the evaluator decided.
using DecisionCredential = CredentialDecision;

struct DecisionUser {
  std::string arn;
  std::string account;
  std::string user;
  Verdict verdict = Verdict::kKeep;
  std::vector<std::string> reasons;  // as written, e.g. `exempt:ci-deployers`
  std::int64_t idle_days = 0;
  Instant idle_since{};
  std::optional<Instant> last_activity;
  std::vector<DecisionCredential> credentials;
  std::string line;          // the exact line, without its `\n`
  std::uint64_t line_number = 0;
};

struct DecisionFile {
  std::string path;
  DecisionHeader header;
  std::string header_line;  // without its `\n`
  std::vector<DecisionUser> users;  // in file order (sorted by ARN)
};

// Reads and validates the decision file at `path`. Throws Error(kInput) naming the line
// for a file that is not a valid dormant-decisions/1 file, Error(kUsage) if it does not
// exist, Error(kIo) if it cannot be read.
DecisionFile ReadDecisionFile(const std::string& path);

// Parses decision-file text (`path` names it in messages). Same errors as above.
DecisionFile ParseDecisionFile(std::string_view text, const std::string& path);

}  // namespace dormant

#endif  // DORMANT_DECISION_FILE_H_
