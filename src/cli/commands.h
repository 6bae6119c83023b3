// commands.h — the subcommands behind RunCli. Each Run* function returns its exit code
// and throws dormant::Error for failures (mapped to exit codes by RunCli).
#ifndef DORMANT_CLI_COMMANDS_H_
#define DORMANT_CLI_COMMANDS_H_

#include <optional>
#include <string>
#include <vector>

#include "dormant/input_discovery.h"
#include "exit_code.h"

namespace dormant {

struct EvaluateOptions {
  InputArguments inputs;
  std::optional<std::string> policy;     // path; default policy when absent
  std::optional<std::string> as_of;      // the --as-of text
  std::string out;                       // empty: standard output
  unsigned jobs = 0;                     // files read in parallel; 0: the hardware threads
  std::optional<std::string> summary;    // --summary: Markdown summary file
  std::optional<std::size_t> max_chars;  // --max-chars: the summary's budget
  bool quiet = false;
};

struct DiffOptions {
  std::string old_path;
  std::string new_path;
  std::string format = "text";           // `text` or `markdown`
  bool exit_code = false;                // --exit-code: exit 1 when anything differs
  std::vector<std::string> labels;       // --label: names for OLD, then NEW, in titles
  std::optional<std::size_t> max_chars;  // --max-chars: the Markdown report's budget
};

struct PlanOptions {
  std::string path;       // the decision file
  std::string directory;  // -C DIR: the header's relative paths' base; empty: the current one
  bool verify = true;     // false: --no-verify (the script then says so in capitals)
  bool undo = false;      // --undo: the inverse script (never verified, no guardrail refusal)
  unsigned jobs = 1;      // files read in parallel by the verification
};

struct NotifyOptions {
  std::string decisions_path;
  std::vector<std::string> owner_tags;  // --owner-tag, in order; empty: `owner`, then `email`
  std::optional<std::string> fallback;  // --fallback ADDRESS
  std::string out;                      // empty: standard output
  unsigned jobs = 1;                    // files read in parallel
  std::string directory;                // -C DIR: where the header's relative paths are
};

// Prints `dormant: LINE` on standard error: the one error printer (RunCli's for every
// Error, plan's for its refusals). Bytes from the inputs (a user name with a newline, an
// escape sequence) are written as \xNN so that the message stays one line and cannot drive
// the terminal.
void PrintError(const std::string& line);

ExitCode RunEvaluate(const EvaluateOptions& options);
// `directory`: -C DIR, against which the header's relative paths are resolved (empty: the
// current directory); the decision file's own path stays relative to the current directory.
ExitCode RunVerify(const std::string& decisions_path, unsigned jobs, const std::string& directory);
ExitCode RunDiff(const DiffOptions& options);
ExitCode RunExplain(const std::string& decisions_path, const std::string& user, unsigned jobs,
                    const std::string& directory);
// `dormant show DECISIONS`: the decision file as text, one line per user (verdict, ARN,
// reasons, credentials), for reading and for git's textconv.
ExitCode RunShow(const std::string& decisions_path);
ExitCode RunPolicyDefault();
ExitCode RunPolicyCheck(const std::string& path);
// `dormant schema decisions|policy`: prints the JSON Schema of `which`.
ExitCode RunSchema(const std::string& which);
// `dormant plan DECISIONS`: prints the applier's script; kDiffers for a file that does not
// verify against its inputs, kSafetyStop for a file with a tripped guardrail (nothing printed
// on either). With `undo`, the inverse script, whatever the inputs and guardrails.
ExitCode RunPlan(const PlanOptions& options);
// `dormant notify DECISIONS`: writes the notices of the decision file; kDiffers (nothing
// written) when the policy or an IAM-details input named in its header changed.
ExitCode RunNotify(const NotifyOptions& options);

}  // namespace dormant

#endif  // DORMANT_CLI_COMMANDS_H_
