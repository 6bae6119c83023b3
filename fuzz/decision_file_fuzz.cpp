// Fuzz target: ParseDecisionFile, the reader behind verify, diff, explain and plan
// (SPEC §6, §7).
//
// Invariants: errors are input errors naming the file; a file that parses is exactly its
// header line and user lines, each followed by `\n`; users are strictly sorted by ARN and
// numbered from line 2; the counts match the verdicts; and the parsed file written back with
// the writer's own line functions gives the same bytes (the reader rejects anything the
// writer would not produce).
#include <array>
#include <string>

#include "dormant/decision_file.h"
#include "dormant/decision_writer.h"
#include "fuzz_support.h"

namespace {

using dormant::fuzz::Require;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = dormant::fuzz::AsText(data, size);
  dormant::DecisionFile file;
  try {
    file = dormant::ParseDecisionFile(text, "fuzz.jsonl");
  } catch (const dormant::Error& e) {
    dormant::fuzz::CheckError(e, dormant::ErrorKind::kInput);
    dormant::fuzz::CheckOneLine(e);
    Require(e.file() == "fuzz.jsonl", "a decision-file error that does not name the file");
    return 0;
  }
  Require(file.path == "fuzz.jsonl", "the decision file's path is not the name given");
  std::string bytes = file.header_line + "\n";
  std::array<std::uint64_t, dormant::kVerdictCount> tally{};
  for (std::size_t i = 0; i < file.users.size(); ++i) {
    const dormant::DecisionUser& u = file.users[i];
    bytes += u.line + "\n";
    Require(u.line_number == i + 2, "user lines are not numbered from line 2");
    Require(i == 0 || file.users[i - 1].arn < u.arn, "users are not strictly sorted by ARN");
    Require(!u.reasons.empty(), "a user without reasons");
    ++tally[static_cast<std::size_t>(u.verdict)];
  }
  Require(bytes == text, "header_line and user lines do not give back the file");
  Require(tally == file.header.counts, "counts do not match the verdicts");
  std::string written;
  dormant::AppendHeaderLine(written, file.header);
  Require(written == file.header_line, "a header line the writer would not produce was accepted");
  for (const dormant::DecisionUser& u : file.users) {
    written.clear();
    dormant::AppendUserLine(written, u);
    Require(written == u.line, "a user line the writer would not produce was accepted");
  }
  return 0;
}
