// Fuzz target: ParseDecisionFile, the reader behind verify, diff, explain and plan
// (SPEC §6, §7).
//
// Invariants: errors are input errors naming the file; a file that parses is exactly its
// header line and user lines, each followed by `\n`; users are strictly sorted by ARN and
// numbered from line 2; the counts match the verdicts. With DORMANT_FUZZ_CANONICAL set,
// also: the parsed file written back the way the writer writes it (SPEC §6) gives the same
// bytes — the reader's own contract is to reject anything the writer would not produce.
#include <cstdlib>
#include <string>

#include "dormant/decision_file.h"
#include "dormant/decision_writer.h"
#include "fuzz_support.h"

namespace {

using dormant::fuzz::Require;

void AppendTime(std::string& out, std::optional<dormant::Instant> t) {
  if (!t) {
    out += "null";
    return;
  }
  out += '"';
  dormant::AppendTimestamp(out, *t);
  out += '"';
}

void AppendList(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    dormant::AppendJsonString(out, list[i]);
  }
  out += ']';
}

// The header line as DecisionWriter writes it (SPEC §6), without its `\n`.
std::string CanonicalHeader(const dormant::DecisionHeader& h) {
  std::string out = R"({"format":"dormant-decisions/1","as_of":)";
  AppendTime(out, h.as_of);
  out += R"(,"policy":{"source":)";
  dormant::AppendJsonString(out, h.policy_source);
  out += R"(,"sha256":)";
  dormant::AppendJsonString(out, h.policy_sha256);
  out += R"(},"inputs":[)";
  for (std::size_t i = 0; i < h.inputs.size(); ++i) {
    const dormant::DecisionInput& in = h.inputs[i];
    if (i > 0) out += ',';
    out += R"({"path":)";
    dormant::AppendJsonString(out, in.path);
    out += R"(,"kind":)";
    dormant::AppendJsonString(out, dormant::KindName(in.kind));
    out += R"(,"sha256":)";
    dormant::AppendJsonString(out, in.sha256);
    out += R"(,"generated":)";
    AppendTime(out, in.generated);
    out += R"(,"records":)" + std::to_string(in.records) + "}";
  }
  out += R"(],"counts":{)";
  for (std::size_t v = 0; v < dormant::kVerdictCount; ++v) {
    if (v > 0) out += ',';
    dormant::AppendJsonString(out, dormant::VerdictName(static_cast<dormant::Verdict>(v)));
    out += ":" + std::to_string(h.counts[v]);
  }
  out += R"(},"guardrails":[)";
  for (std::size_t i = 0; i < h.guardrails.size(); ++i) {
    if (i > 0) out += ',';
    out += R"({"scope":)";
    dormant::AppendJsonString(out, h.guardrails[i].scope);
    out += R"(,"actions":)" + std::to_string(h.guardrails[i].actions) + R"(,"limit":)" +
           std::to_string(h.guardrails[i].limit) + "}";
  }
  out += R"(],"stale":)";
  AppendList(out, h.stale);
  out += R"(,"exemptions":{"expired":)";
  AppendList(out, h.expired_exemptions);
  out += R"(,"expiring":)";
  AppendList(out, h.expiring_exemptions);
  out += R"(,"unused":)";
  AppendList(out, h.unused_exemptions);
  out += "}}";
  return out;
}

// A user line as DecisionWriter writes it, without its `\n`.
std::string CanonicalUser(const dormant::DecisionUser& u) {
  std::string out = R"({"arn":)";
  dormant::AppendJsonString(out, u.arn);
  out += R"(,"account":)";
  dormant::AppendJsonString(out, u.account);
  out += R"(,"user":)";
  dormant::AppendJsonString(out, u.user);
  out += R"(,"verdict":)";
  dormant::AppendJsonString(out, dormant::VerdictName(u.verdict));
  out += R"(,"reasons":)";
  AppendList(out, u.reasons);
  out += R"(,"idle_days":)" + std::to_string(u.idle_days) + R"(,"idle_since":)";
  AppendTime(out, u.idle_since);
  out += R"(,"last_activity":)";
  AppendTime(out, u.last_activity);
  out += R"(,"credentials":[)";
  for (std::size_t i = 0; i < u.credentials.size(); ++i) {
    const dormant::DecisionCredential& c = u.credentials[i];
    if (i > 0) out += ',';
    out += R"({"id":)";
    dormant::AppendJsonString(out, dormant::CredentialName(c.id));
    out += c.active ? R"(,"status":"active","issued":)" : R"(,"status":"inactive","issued":)";
    AppendTime(out, c.issued);
    out += R"(,"last_used":)";
    AppendTime(out, c.last_used);
    out += R"(,"idle_days":)" + std::to_string(c.idle_days) + R"(,"action":)";
    dormant::AppendJsonString(out, dormant::ActionName(c.action));
    out += "}";
  }
  out += "]}";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool canonical = std::getenv("DORMANT_FUZZ_CANONICAL") != nullptr;
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
  if (canonical) {
    Require(CanonicalHeader(file.header) == file.header_line,
            "a header line the writer would not produce was accepted");
    for (const dormant::DecisionUser& u : file.users) {
      Require(CanonicalUser(u) == u.line, "a user line the writer would not produce was accepted");
    }
  }
  return 0;
}
