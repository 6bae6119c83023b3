// Fuzz target: DecisionReader, the streaming reader behind verify, diff, explain and plan.
//
// Invariants: errors are input errors naming the file; a file that is read to its end is
// exactly its header line and user lines, each followed by `\n`, with the SHA-256 of those
// bytes; users are strictly sorted by ARN and numbered from line 2; the counts match the
// verdicts; every line written back with the writer's own line functions gives the same
// bytes; and every accepted line is coherent in the ways an applier relies on: `deactivate`
// only on an active credential of a deactivate or prune user, `hold` only on an active
// credential of a hold, the reasons that only a hold carries only under `hold`. Small line
// and file limits are used for some inputs so that the limit paths are reached too.
#include <algorithm>
#include <array>
#include <string>

#include "dormant/decision_file.h"
#include "dormant/decision_format.h"
#include "fuzz_support.h"
#include "sha256.h"

namespace {

using dormant::fuzz::Require;

void CheckUser(const dormant::UserLine& u) {
  for (const dormant::CredentialDecision& c : u.credentials) {
    if (c.action == dormant::Action::kDeactivate) {
      Require(c.active && dormant::IsAction(u.verdict), "deactivate outside an action verdict");
    }
    if (c.action == dormant::Action::kHold) {
      Require(c.active && u.verdict == dormant::Verdict::kHold, "hold outside a hold");
    }
  }
  if (u.verdict == dormant::Verdict::kHold) return;
  for (const std::string& r : u.reasons) {
    for (std::size_t i = 0; i < dormant::kReasonCount; ++i) {
      const auto reason = static_cast<dormant::Reason>(i);
      Require(!(dormant::IsHoldOnly(reason) && dormant::ReasonName(reason) == r),
              "a hold-only reason under another verdict");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = dormant::fuzz::AsText(data, size);
  dormant::DecisionLimits limits;
  if (size > 0 && data[0] == ' ') limits = {size / 2 + 1, 64};  // never valid: reach the limits
  std::string bytes;
  std::string header_line;
  std::array<std::uint64_t, dormant::kVerdictCount> tally{};
  std::array<std::uint64_t, dormant::kVerdictCount> counts{};
  std::string sha;
  try {
    dormant::DecisionReader reader(text, "fuzz.jsonl", limits);
    Require(reader.path() == "fuzz.jsonl", "the decision file's path is not the name given");
    header_line = reader.header_line();
    counts = reader.header().counts;
    std::string written;
    dormant::AppendHeaderLine(written, reader.header());
    Require(written == header_line, "a header line the writer would not produce was accepted");
    bytes = header_line + "\n";
    std::string previous;
    std::uint64_t line = 1;
    while (const dormant::UserLine* u = reader.Next()) {
      Require(u->line_number == ++line, "user lines are not numbered from line 2");
      Require(line == 2 || previous < u->arn, "users are not strictly sorted by ARN");
      Require(!u->reasons.empty(), "a user without reasons");
      written.clear();
      dormant::AppendUserLine(written, *u);
      Require(written == u->line, "a user line the writer would not produce was accepted");
      CheckUser(*u);
      bytes += u->line + "\n";
      previous = u->arn;
      ++tally[static_cast<std::size_t>(u->verdict)];
    }
    Require(reader.Next() == nullptr, "the end of the stream did not stay the end");
    Require(reader.user_count() == line - 1, "user_count is not the number of user lines");
    sha = reader.sha256();
  } catch (const dormant::Error& e) {
    dormant::fuzz::CheckError(e, dormant::ErrorKind::kInput);
    dormant::fuzz::CheckOneLine(e);
    Require(e.file() == "fuzz.jsonl", "a decision-file error that does not name the file");
    return 0;
  }
  Require(bytes == text, "header_line and user lines do not give back the file");
  Require(tally == counts, "counts do not match the verdicts");
  Require(sha == dormant::Sha256Hex(text), "sha256 is not that of the file's bytes");
  return 0;
}
