// `dormant evaluate`: discovery, the same-file check, reading, evaluation, writing — in
// this order, where the first failing check decides the exit code.
#include <unistd.h>

#include "commands.h"
#include "dormant/decision_writer.h"
#include "dormant/error.h"
#include "dormant/evaluator.h"
#include "dormant/input_set.h"
#include "dormant/policy.h"
#include "output.h"
#include "summary.h"

namespace dormant {
namespace {

// Exit 2 when an output is an input or the policy, or both outputs are one file: checked
// before any input is read, so that the evidence is never overwritten.
void RefuseToOverwriteEvidence(const EvaluateOptions& options,
                               const std::vector<InputFile>& files) {
  std::vector<NamedFile> outputs{{"--out", options.out}};
  if (options.summary) outputs.push_back({"--summary", *options.summary});
  std::vector<NamedFile> sources;
  if (options.policy) sources.push_back({"the policy", *options.policy});
  for (const InputFile& f : files) sources.push_back({"the input", f.path});
  RefuseOutputsOverSources(outputs, sources);
}

// The first absolute path among those given for the inputs and the policy, if any: the
// decision file records paths as given, and `verify` re-reads them there.
std::optional<std::string> FirstAbsolutePath(const EvaluateOptions& options) {
  const InputArguments& in = options.inputs;
  for (const auto* list :
       {&in.paths, &in.credential_reports, &in.access_advisor, &in.iam_details}) {
    for (const std::string& path : *list) {
      if (!path.empty() && path[0] == '/') return path;
    }
  }
  if (options.policy && !options.policy->empty() && (*options.policy)[0] == '/') {
    return *options.policy;
  }
  return std::nullopt;
}

}  // namespace

ExitCode RunEvaluate(const EvaluateOptions& options) {
  std::optional<Instant> as_of;
  if (options.as_of) {
    as_of = ParseTimestamp(*options.as_of);
    if (!as_of) {
      throw Error(ErrorKind::kUsage, "", 0,
                  "--as-of: expected a full timestamp such as 2026-11-20T00:00:00Z, got '" +
                      *options.as_of + "'");
    }
  }
  const Policy policy = options.policy ? LoadPolicy(*options.policy) : DefaultPolicy();
  std::size_t skipped_decision_files = 0;
  const std::vector<InputFile> files = DiscoverInputs(options.inputs, &skipped_decision_files);
  RefuseToOverwriteEvidence(options, files);
  const InputSet inputs = LoadInputs(files, options.jobs, !options.quiet);
  const Instant evaluated_at = DetermineAsOf(inputs, as_of);
  const Decisions decisions = Evaluate(inputs, policy, evaluated_at);
  // Both outputs are written in full before either is committed, the decision file last:
  // a failure before that leaves neither.
  PendingOutput decision_file(options.out);
  std::optional<PendingOutput> summary_file;
  if (options.summary) {
    summary_file.emplace(*options.summary);
    MarkdownBudget budget;
    budget.max_chars = options.max_chars.value_or(kDefaultMaxChars);
    if (!options.out.empty()) budget.decisions = options.out;
    summary_file->Append(MarkdownSummary(decisions, inputs, policy, budget));
  }
  WriteDecisions(decisions, inputs, policy,
                 [&](std::string_view block) { decision_file.Append(block); });
  if (summary_file) summary_file->Commit();
  decision_file.Commit();
  if (!options.quiet) {
    // A warning, not an error: silenced by --quiet like the summary it precedes.
    if (const auto absolute = FirstAbsolutePath(options)) {
      PrintError("warning: " + *absolute +
                 " is an absolute path: the decision file names it so, and will verify only "
                 "where that path exists (give paths relative to the working directory for a "
                 "file that verifies in any checkout)");
    }
    const std::string summary = HumanSummary(decisions, inputs, policy, skipped_decision_files);
    (void)!::write(STDERR_FILENO, summary.data(), summary.size());
  }
  return decisions.safety_stop() ? ExitCode::kSafetyStop : ExitCode::kSuccess;
}

}  // namespace dormant
