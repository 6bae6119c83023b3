// dormant/decision_format.h — the lines of a `dormant-decisions/1` file and their exact bytes,
// shared by the writer (decision_writer.h: an evaluation into lines) and the strict reader
// (decision_file.h: lines back from a file), in the manner of leveldb's log_format.h.
//
// A file is one header line, then one user line per user in ascending ARN order, each line
// followed by `\n`. A line is a JSON object with its keys in a fixed order, no spaces, `"` and
// `\` escaped with a backslash, control characters as \u00xx, every other byte written as is,
// times as `YYYY-MM-DDTHH:MM:SSZ` (or null where a time may be missing). The bytes depend only
// on the line's fields: no locale, no clock, no floating point.
//
// The reader parses each line into the structs below and writes it back with the same Append
// functions: a line is valid only if it comes back byte for byte.
#ifndef DORMANT_DECISION_FORMAT_H_
#define DORMANT_DECISION_FORMAT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dormant/decisions.h"
#include "dormant/input_set.h"
#include "dormant/timestamp.h"

namespace dormant {

// The header line: the run-level facts of an evaluation. Its `inputs` are the InputSummary of
// each input file (input_set.h), its guardrails the evaluator's GuardrailTrip (decisions.h).
struct DecisionHeader {
  Instant as_of{};
  std::string policy_source;  // `default` or a path
  std::string policy_sha256;
  std::vector<InputSummary> inputs;  // sorted by path
  std::array<std::uint64_t, kVerdictCount> counts{};
  std::vector<GuardrailTrip> guardrails;
  std::vector<std::string> stale;
  std::vector<std::string> expired_exemptions;
  std::vector<std::string> expiring_exemptions;
  std::vector<std::string> unused_exemptions;
};

// A user line: one user's decision as text, self-contained (no pointer into the inputs or the
// policy: an exemption is named by its id in `reasons`), as the reader parses it and the writer
// fills it from the evaluator's UserDecision. Its credentials are the evaluator's own
// CredentialDecision, the existing ones only, in CredentialId order.
struct UserLine {
  std::string arn;
  std::string account;
  std::string user;
  Verdict verdict = Verdict::kKeep;
  std::vector<std::string> reasons;  // as written, e.g. `exempt:ci-deployers`
  std::int64_t idle_days = 0;
  Instant idle_since{};
  std::optional<Instant> last_activity;
  std::vector<CredentialDecision> credentials;
  std::string line;  // as read: the exact line, without its `\n` (not written by AppendUserLine)
  std::uint64_t line_number = 0;  // as read; not written
};

// Appends `text` to `out` as a JSON string literal (with quotes), escaped as above.
void AppendJsonString(std::string& out, std::string_view text);

// Append the header line / one user line to `out`, without its `\n`.
void AppendHeaderLine(std::string& out, const DecisionHeader& header);
void AppendUserLine(std::string& out, const UserLine& user);

}  // namespace dormant

#endif  // DORMANT_DECISION_FORMAT_H_
