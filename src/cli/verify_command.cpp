// `dormant verify DECISIONS`: re-read the inputs and the policy named in the header,
// check their sha256, re-evaluate at the header's as-of and compare byte for byte
// (SPEC §7). Exit 0 when identical, 1 naming what differs.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <utility>

#include "commands.h"
#include "dormant/decision_file.h"
#include "dormant/decision_writer.h"
#include "dormant/error.h"
#include "dormant/evaluator.h"
#include "dormant/output.h"
#include "dormant/sha256.h"
#include "review.h"

namespace dormant {
namespace {

// The sha256 of the file at `path`, or nullopt if it does not exist.
std::optional<std::string> FileSha256(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowIo(path, "cannot open");
  Sha256 sha;
  std::string buf(1 << 20, '\0');
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      ::close(fd);
      ThrowIo(path, "read error");
    }
    if (n == 0) break;
    sha.Update(std::string_view(buf.data(), static_cast<std::size_t>(n)));
  }
  ::close(fd);
  return sha.HexDigest();
}

Verification Differs(std::string message) { return {false, std::move(message)}; }

}  // namespace

Verification VerifyDecisionFile(const std::string& decisions_path, unsigned jobs) {
  const DecisionFile file = ReadDecisionFile(decisions_path);
  const DecisionHeader& h = file.header;

  Policy policy;
  if (h.policy_source == "default") {
    policy = DefaultPolicy();
  } else {
    const auto sha = FileSha256(h.policy_source);
    if (!sha) return Differs("policy " + h.policy_source + " is gone");
    policy = LoadPolicy(h.policy_source);
  }
  if (policy.sha256 != h.policy_sha256) {
    return Differs("policy " + h.policy_source + " has changed: sha256 was " + h.policy_sha256 +
                   ", is " + policy.sha256);
  }
  std::vector<InputFile> files;
  for (const DecisionInput& in : h.inputs) {
    const auto sha = FileSha256(in.path);
    if (!sha) return Differs("input " + in.path + " is gone");
    if (*sha != in.sha256) {
      return Differs("input " + in.path + " has changed: sha256 was " + in.sha256 + ", is " + *sha);
    }
    files.push_back({in.path, in.kind});
  }
  const InputSet inputs = LoadInputs(files, jobs);
  const Instant as_of = DetermineAsOf(inputs, h.as_of);
  const std::string recomputed = WriteDecisions(Evaluate(inputs, policy, as_of), inputs, policy);
  const std::string original = DecisionFileText(file);
  if (recomputed == original) {
    return {true, decisions_path + " is exactly what dormant computes from " +
                      std::to_string(h.inputs.size()) + " inputs (sha256 checked) at " +
                      FormatTimestamp(h.as_of)};
  }
  // Show the first line that differs, in both versions.
  std::size_t line = 1, a = 0, b = 0;
  for (;;) {
    const std::size_t ea = original.find('\n', a), eb = recomputed.find('\n', b);
    const std::string_view la = ea == std::string::npos ? std::string_view() : std::string_view(original).substr(a, ea - a);
    const std::string_view lb = eb == std::string::npos ? std::string_view() : std::string_view(recomputed).substr(b, eb - b);
    if (la != lb || ea == std::string::npos || eb == std::string::npos) {
      return Differs("line " + std::to_string(line) + " differs from the recomputed file\n" +
                     "  file:       " + (la.empty() ? "(no line)" : std::string(la)) + "\n" +
                     "  recomputed: " + (lb.empty() ? "(no line)" : std::string(lb)));
    }
    a = ea + 1;
    b = eb + 1;
    ++line;
  }
}

int RunVerify(const std::string& decisions_path, unsigned jobs) {
  const Verification v = VerifyDecisionFile(decisions_path, jobs);
  WriteOutput("", (v.identical ? "verify: OK: " : "verify: DIFFERS: ") + v.message + "\n");
  return v.identical ? 0 : 1;
}

}  // namespace dormant
