// Re-evaluating a decision file's header (see reevaluation.h).
#include "dormant/reevaluation.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "dormant/error.h"
#include "dormant/evaluator.h"
#include "dormant/sha256.h"
#include "file_source.h"

namespace dormant {
namespace {

// The sha256 of the file at `path` as stored, or nullopt if it is not a regular file.
// Raw reads, not FileSource: FileSource inflates a gzip file as it hashes it, which would
// cost verify a second decompression of every gzip input and turn a gzip input that was
// changed into corrupt data from "has changed" (exit 1) into an input error (exit 4).
std::optional<std::string> StoredSha256(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowIo(path, "cannot open");
  Sha256 sha;
  std::string buf(kChunkBytes, '\0');
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

std::optional<std::string> PolicyChange(const DecisionHeader& h, const Policy& policy) {
  if (policy.sha256 == h.policy_sha256) return std::nullopt;
  return "policy " + h.policy_source + " has changed: sha256 was " + h.policy_sha256 + ", is " +
         policy.sha256;
}

std::optional<std::string> InputChange(const DecisionInput& in) {
  const auto sha = StoredSha256(in.path);
  if (!sha) return "input " + in.path + " is gone";
  if (*sha != in.sha256) {
    return "input " + in.path + " has changed: sha256 was " + in.sha256 + ", is " + *sha;
  }
  return std::nullopt;
}

}  // namespace

Reevaluation Reevaluate(const DecisionHeader& h, unsigned jobs, HashCheck check) {
  Reevaluation r;
  const bool compare = check == HashCheck::kCompare;
  if (h.policy_source == "default") {
    r.policy = DefaultPolicy();
  } else {
    std::error_code ec;
    if (compare && !std::filesystem::is_regular_file(h.policy_source, ec)) {
      r.changed = "policy " + h.policy_source + " is gone";
      return r;
    }
    r.policy = LoadPolicy(h.policy_source);
  }
  if (compare && (r.changed = PolicyChange(h, r.policy))) return r;
  std::vector<InputFile> files;
  for (const DecisionInput& in : h.inputs) {
    if (compare && (r.changed = InputChange(in))) return r;
    files.push_back({in.path, in.kind});
  }
  r.inputs = LoadInputs(files, jobs);
  r.decisions = Evaluate(r.inputs, r.policy, DetermineAsOf(r.inputs, h.as_of));
  return r;
}

}  // namespace dormant
