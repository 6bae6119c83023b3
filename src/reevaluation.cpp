// Re-evaluating a decision file's header (see reevaluation.h).
#include "dormant/reevaluation.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <utility>

#include "dormant/error.h"
#include "dormant/evaluator.h"
#include "sha256.h"

namespace dormant {
namespace {

constexpr std::size_t kReadBytes = std::size_t{1} << 20;

// The sha256 of the file at `path` as stored.
// Raw reads, not FileSource: FileSource inflates a gzip file as it hashes it, which would
// cost verify a second decompression of every gzip input and turn a gzip input that was
// changed into corrupt data from "has changed" (exit 1) into an input error (exit 4).
std::string StoredSha256(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowIo(path, "cannot open");
  Sha256 sha;
  std::string buf(kReadBytes, '\0');
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

bool Wanted(const InputSummary& in, std::optional<InputKind> only) {
  return !only || in.kind == *only;
}

// Throws Error(kUsage) for the first input of kind `only` of `h` that is not there.
void RequireInputs(const DecisionHeader& h, std::optional<InputKind> only) {
  for (const InputSummary& in : h.inputs) {
    if (!Wanted(in, only)) continue;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(in.path, ec)) {
      ThrowUsage(in.path, "input file does not exist");
    }
  }
}

// The first difference between the header's sha256 and the files as they are now: the
// policy (read as `policy`), then each input of kind `only` in header order.
std::optional<std::string> FirstChange(const DecisionHeader& h, const Policy& policy,
                                       std::optional<InputKind> only) {
  if (policy.sha256 != h.policy_sha256) {
    return "policy " + h.policy_source + " has changed: sha256 was " + h.policy_sha256 + ", is " +
           policy.sha256;
  }
  for (const InputSummary& in : h.inputs) {
    if (!Wanted(in, only)) continue;
    const std::string sha = StoredSha256(in.path);
    if (sha != in.sha256) {
      return "input " + in.path + " has changed: sha256 was " + in.sha256 + ", is " + sha;
    }
  }
  return std::nullopt;
}

}  // namespace

HeaderFiles RereadHeaderFiles(const DecisionHeader& h, unsigned jobs, HashCheck check,
                              std::optional<InputKind> only) {
  HeaderFiles r;
  const bool compare = check == HashCheck::kCompare;
  r.policy = h.policy_source == "default" ? DefaultPolicy() : LoadPolicy(h.policy_source);
  RequireInputs(h, only);
  if (compare) r.changed = FirstChange(h, r.policy, only);
  if (r.changed) return r;
  std::vector<InputFile> files;
  for (const InputSummary& in : h.inputs) {
    if (Wanted(in, only)) files.push_back({in.path, in.kind});
  }
  r.inputs = LoadInputs(files, jobs);
  return r;
}

Reevaluation Reevaluate(const DecisionHeader& h, unsigned jobs, HashCheck check) {
  HeaderFiles files = RereadHeaderFiles(h, jobs, check);
  Reevaluation r;
  r.changed = std::move(files.changed);
  if (r.changed) return r;
  r.policy = std::move(files.policy);
  r.inputs = std::move(files.inputs);
  r.decisions = Evaluate(r.inputs, r.policy, DetermineAsOf(r.inputs, h.as_of));
  return r;
}

}  // namespace dormant
