// Command-line parsing (CLI11) and the single place where errors become exit codes.
#include "run_cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "commands.h"
#include "dormant/error.h"
#include "embedded_docs.h"
#include "row_budget.h"
#include "text.h"
#include "usage_error.h"

namespace dormant {
namespace {

unsigned DefaultJobs(unsigned jobs) {
  return jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

// Declared in commands.h: plan prints its refusals with it too.
void PrintError(const std::string& line) {
  std::string text = "dormant: ";
  AppendEscapingControls(text, line, ControlEscape::kHex);
  text += "\n";
  (void)!::write(STDERR_FILENO, text.data(), text.size());
}

namespace {

constexpr const char* kDescription =
    "dormant: offline evaluator for AWS IAM inactivity.\n"
    "Reads exported credential reports, access-advisor JSON and IAM details from disk and\n"
    "writes a deterministic decision file (JSON Lines, one line per user). It never calls AWS.";

constexpr const char* kEvaluateFooter = R"(
Inputs: directories are walked recursively for .csv, .json, .jsonl and .ndjson files
(dot-files skipped); each file's kind is detected from its content (JSON that is none of
the three kinds is an error: skip such files with --exclude, e.g. --exclude manifest.json
or --exclude 'archive/**'). Decision files found there are skipped. Named files are read
whatever their name. Relative paths keep a decision file verifiable in any checkout; an
absolute path gets a warning.

Examples:
  dormant evaluate exports/ --as-of 2026-11-20T00:00:00Z --out decisions.jsonl
  dormant evaluate exports/111122223333 --policy policy.json --out decisions.jsonl
  dormant evaluate --credential-report report.csv --access-advisor advisor.ndjson \
      --as-of 2026-11-20T00:00:00Z

Exit codes: 0 success; 2 usage or configuration error; 3 decision file written but a
guardrail tripped or a credential report is stale; 4 invalid input data (nothing written);
5 I/O error (nothing written).)";

// One command's options as CLI11 binds them: the subcommand, and the values it parses into.
// CLI11 keeps pointers to the members, so a command must stay where it is until parsing is
// over.
struct EvaluateCommand {
  CLI::App* app = nullptr;
  EvaluateOptions options;
  std::string policy, as_of, summary;
  CLI::Option* policy_given = nullptr;
  CLI::Option* as_of_given = nullptr;
  CLI::Option* summary_given = nullptr;
  std::size_t max_chars = 0;
  CLI::Option* max_chars_given = nullptr;
};

struct VerifyCommand {
  CLI::App* app = nullptr;
  std::string path, directory;
  unsigned jobs = 0;
};

struct DiffCommand {
  CLI::App* app = nullptr;
  DiffOptions options;
  std::size_t max_chars = 0;
  CLI::Option* max_chars_given = nullptr;
};

struct ShowCommand {
  CLI::App* app = nullptr;
  std::string path;
};

struct ExplainCommand {
  CLI::App* app = nullptr;
  std::string path, user, directory;
};

struct PlanCommand {
  CLI::App* app = nullptr;
  PlanOptions options;
  bool no_verify = false;
};

struct NotifyCommand {
  CLI::App* app = nullptr;
  NotifyOptions options;
  std::string fallback;
  CLI::Option* fallback_given = nullptr;
};

struct PolicyCommand {
  CLI::App* check = nullptr;  // `policy check`; otherwise `policy default`
  std::string check_path;
};

struct SchemaCommand {
  CLI::App* app = nullptr;
  std::string which;
};

struct Commands {
  EvaluateCommand evaluate;
  VerifyCommand verify;
  DiffCommand diff;
  ExplainCommand explain;
  PlanCommand plan;
  NotifyCommand notify;
  PolicyCommand policy;
  SchemaCommand schema;
  ShowCommand show;
};

// --max-chars of `evaluate --summary` and `diff --format markdown`.
CLI::Option* AddMaxChars(CLI::App* app, std::size_t& value) {
  return app
      ->add_option("--max-chars", value,
                   "Size limit of the Markdown, at least " + std::to_string(kMinMaxChars) +
                       " (default " + std::to_string(kDefaultMaxChars) +
                       "): alarms and counts are always written in full, then as many table "
                       "rows as fit, and a line saying how many were left out")
      ->type_name("N")
      ->check(CLI::Range(kMinMaxChars, std::size_t{1} << 30));
}

// `-C DIR` of a command that re-reads what a decision file's header names (verify, explain,
// plan, notify): binds DIR to `directory`, which the command hands to InHeaderDirectory
// (header_directory.h).
void AddDirectoryOption(CLI::App& command, std::string& directory) {
  command
      .add_option("-C", directory,
                  "Resolve the relative input and policy paths of the decision file's header "
                  "against DIR instead of the current directory (DECISIONS itself stays "
                  "relative to the current directory)")
      ->type_name("DIR");
}

void AddEvaluateOptions(CLI::App& app, EvaluateCommand& c) {
  CLI::App* evaluate =
      app.add_subcommand("evaluate", "Evaluate exports and write the decision file");
  c.app = evaluate;
  evaluate->footer(kEvaluateFooter);
  evaluate->add_option(
      "PATH", c.options.inputs.paths,
      "Input files or directories (credential reports, access advisor, IAM details)");
  evaluate
      ->add_option("--credential-report", c.options.inputs.credential_reports,
                   "A credential report (CSV or the JSON of aws iam get-credential-report)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  evaluate
      ->add_option("--access-advisor", c.options.inputs.access_advisor,
                   "An access-advisor file (one object, an array, or NDJSON)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  evaluate
      ->add_option("--iam-details", c.options.inputs.iam_details,
                   "The JSON of aws iam get-account-authorization-details")
      ->type_name("FILE")
      ->allow_extra_args(false);
  evaluate
      ->add_option("--exclude", c.options.inputs.excludes,
                   "Skip files and directories found under a PATH directory whose path relative "
                   "to it matches GLOB (* within a name, ** across /, ? one character; "
                   "repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  c.policy_given =
      evaluate
          ->add_option("--policy", c.policy,
                       "Policy file (default: the embedded policy, see 'dormant policy default')")
          ->type_name("FILE");
  c.as_of_given =
      evaluate
          ->add_option(
              "--as-of", c.as_of,
              "The instant the evaluation speaks for, e.g. 2026-11-20T00:00:00Z (default: the "
              "latest GeneratedTime / JobCompletionDate of the inputs; required with a bare "
              "CSV report)")
          ->type_name("TIME");
  evaluate->add_option("--out", c.options.out, "Decision file to write (default: standard output)")
      ->type_name("FILE");
  evaluate
      ->add_option("--jobs", c.options.jobs,
                   "Files read in parallel (default: the number of hardware threads)")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  c.summary_given =
      evaluate
          ->add_option("--summary", c.summary, "Also write a Markdown summary for a pull request")
          ->type_name("FILE");
  c.max_chars_given = AddMaxChars(evaluate, c.max_chars)->needs(c.summary_given);
  evaluate->add_flag("--quiet,-q", c.options.quiet,
                     "No human summary on standard error (errors are still printed)");
}

void AddVerifyOptions(CLI::App& app, VerifyCommand& c) {
  CLI::App* verify = app.add_subcommand(
      "verify", "Recompute a decision file from the inputs and policy in its header and compare");
  c.app = verify;
  verify->add_option("DECISIONS", c.path, "Decision file")->required();
  AddDirectoryOption(*verify, c.directory);
  verify->add_option("--jobs", c.jobs, "Files read in parallel")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  verify->footer(R"(
Relative input and policy paths in the header are relative to the directory dormant evaluate
ran in: run verify there, or name that directory with -C DIR. Exit 0: identical; 1: an input
or the policy changed, or a line differs (both versions are shown, then each field that
differs: file -> recomputed); 2: an input or the policy is not there (the message says
against which directory it was resolved); 4: not a valid decision file.)");
}

void AddDiffOptions(CLI::App& app, DiffCommand& c) {
  CLI::App* diff = app.add_subcommand("diff", "Show what changed between two decision files");
  c.app = diff;
  diff->add_option("OLD", c.options.old_path, "Earlier decision file")->required();
  diff->add_option("NEW", c.options.new_path, "Later decision file")->required();
  diff->add_option("--format", c.options.format, "text (default) or markdown (a PR comment)")
      ->check(CLI::IsMember({"text", "markdown"}));
  diff->add_flag("--exit-code", c.options.exit_code, "Exit 1 when any user line differs");
  diff->add_option("--label", c.options.labels,
                   "Name OLD (given once) or OLD then NEW (given twice) in the Markdown title "
                   "instead of their paths, like diff -L")
      ->type_name("LABEL")
      ->allow_extra_args(false);
  c.max_chars_given = AddMaxChars(diff, c.max_chars);
  diff->footer(R"(
With --format markdown the report stays under --max-chars (default 60000; a pull-request
comment holds at most 65536 characters): tripped guardrails and stale reports of NEW first, in
bold, then the counts per change and per account in full, then as many users of each change as
fit; a cut list says how many users were left out. The text format is never cut.
A user whose credential with action deactivate in OLD is gone or inactive in NEW (the plan
ran) is listed under "applied".)");
}

void AddShowOptions(CLI::App& app, ShowCommand& c) {
  CLI::App* show = app.add_subcommand(
      "show", "Print a decision file as text: one line per user with its verdict and actions");
  c.app = show;
  show->add_option("DECISIONS", c.path, "Decision file")->required();
  show->footer(R"(
The header comes first (as-of, policy, one line per input, counts, guardrails, stale reports,
exemptions), then one line per user in ARN order: VERDICT ARN reasons=R,... CREDENTIAL=STATUS/ACTION...
Idle days and times are left out, so two files differ only where a verdict, a reason or an
action changed. Made for git: with 'git config diff.dormant.textconv "dormant show"' and
'*.jsonl diff=dormant' in .gitattributes, git diff and git log -p show these lines. Exit 4: not
a valid decision file (nothing printed).)");
}

void AddExplainOptions(CLI::App& app, ExplainCommand& c) {
  CLI::App* explain = app.add_subcommand(
      "explain", "Explain one user's decision: every piece of evidence and every rule step");
  c.app = explain;
  explain->add_option("DECISIONS", c.path, "Decision file")->required();
  explain->add_option("USER", c.user, "User name or ARN")->required();
  AddDirectoryOption(*explain, c.directory);
  explain->footer(R"(
Re-reads the inputs and the policy named in the decision file's header (relative paths:
relative to the current directory, or to -C DIR; exit 2 when one is not there). A name
shared by several users lists their ARNs (exit 2).)");
}

void AddPlanOptions(CLI::App& app, PlanCommand& c) {
  CLI::App* plan = app.add_subcommand(
      "plan", "Print the shell script that applies a decision file's deactivations");
  c.app = plan;
  plan->add_option("DECISIONS", c.options.path, "Decision file")->required();
  AddDirectoryOption(*plan, c.options.directory);
  plan->add_flag("--no-verify", c.no_verify,
                 "Do not first recompute the decision file from its inputs (the script then "
                 "says that it was NOT VERIFIED)");
  plan->add_flag("--undo", c.options.undo,
                 "Print the inverse script: reactivate what the plan deactivated (never "
                 "verified, never refused for guardrails or age)");
  plan->footer(R"(
First does what verify does: a decision file that is not exactly what dormant computes from
the inputs and policy its header names is refused (exit 1, the difference on standard error,
nothing on standard output). Then writes a bash script of AWS CLI commands to standard
output, for review and for the approved applier. Before a user's first change it checks that
get-user returns exactly the decision's ARN (same path); for every credential with action
deactivate, read-only checks (the credential still exists with its issued time and was not
used later than the decision file says), then the change (delete-login-profile,
update-access-key or update-signing-certificate --status Inactive). Only the CLI's error
NoSuchEntity means gone (skipped); any other failure stops the script. A credential already
in the target state is reported, not changed again. DORMANT_PLAN_DRY_RUN=1 runs the checks
and changes nothing. The script refuses to run when as-of is later than its machine's clock
or older than DORMANT_PLAN_MAX_AGE_SECONDS (default 86400), and checks the account of its
credentials; DORMANT_PLAN_ACCOUNT=ID runs one account's steps only.
--undo prints the inverse script, with the same user and account checks and dry run: each
access key and signing certificate with action deactivate that is now Inactive with the same
CreateDate or UploadDate is set Active again (one issued at another time is a new credential,
never touched); a deleted password cannot be given back, so for a user without one the
script prints, never runs, the create-login-profile --password-reset-required command (it
asks for NEW_PASSWORD). --undo reads only the decision file: it does not verify (restoring
access must not wait for the inputs; -C and --no-verify change nothing) and is never refused
for guardrails or age.
Exit 1 (nothing printed): the file does not verify; 2: an input or the policy is not there
(see -C); 3 (nothing printed): it has a tripped guardrail; 4: not a valid decision file.)");
}

void AddNotifyOptions(CLI::App& app, NotifyCommand& c) {
  CLI::App* notify = app.add_subcommand(
      "notify", "Write the notices a mailer sends to the owners of warned and deactivated users");
  c.app = notify;
  notify->add_option("DECISIONS", c.options.decisions_path, "Decision file")->required();
  AddDirectoryOption(*notify, c.options.directory);
  notify
      ->add_option("--owner-tag", c.options.owner_tags,
                   "IAM tag key naming a user's owner (repeatable, the first present wins; "
                   "default: owner, then email; keys ignore ASCII case)")
      ->type_name("KEY")
      ->allow_extra_args(false);
  c.fallback_given =
      notify
          ->add_option("--fallback", c.fallback,
                       "Recipient for users without an owner tag (default: the recipient \"\", "
                       "which a mailer must treat as undeliverable)")
          ->type_name("ADDRESS");
  notify->add_option("--out", c.options.out, "Notices file to write (default: standard output)")
      ->type_name("FILE");
  notify->footer(R"(
Notices cover the users with verdict warn (with the date on which they reach the idle limit
if nothing is used), deactivate and prune (the credentials the plan deactivates); no other
verdict, holds included. Output: JSON Lines, one line per recipient sorted bytewise, each
{"to","subject","text","users":[{"arn","verdict","deadline","credentials"}]}; "text" is a
plain-text mail body. The policy and the IAM-details inputs named in the header are read
again (relative paths against the current directory, or -C DIR) and their sha256 checked.
Exit 1 (nothing written): the policy or an IAM-details input changed; 2: one is missing;
4: not a valid decision file. docs/notify-mailer.sh is an example mailer.)");
}

void AddPolicyOptions(CLI::App& app, PolicyCommand& c) {
  CLI::App* policy = app.add_subcommand("policy", "Print or check a policy");
  policy->require_subcommand(1);
  policy->add_subcommand("default", "Print the embedded default policy");
  c.check = policy->add_subcommand("check", "Validate a policy file");
  c.check->add_option("FILE", c.check_path, "Policy file")->required();
}

void AddSchemaOptions(CLI::App& app, SchemaCommand& c) {
  CLI::App* schema = app.add_subcommand(
      "schema", "Print the JSON Schema (draft 2020-12) of decision-file lines or of the policy");
  c.app = schema;
  schema->add_option("WHICH", c.which, "decisions or policy")
      ->required()
      ->check(CLI::IsMember({"decisions", "policy"}));
  schema->footer(R"(
Point an editor or a validator at it, e.g. 'dormant schema policy > policy.schema.json'.
A schema cannot say everything 'dormant policy check' and 'dormant verify' check (key order,
unique ids, idle-day arithmetic), so they stay the authority.)");
}

// Runs the one subcommand that was parsed; throws dormant::Error as the commands do.
ExitCode Dispatch(Commands& c) {
  if (c.evaluate.app->parsed()) {
    EvaluateOptions& eval = c.evaluate.options;
    if (*c.evaluate.policy_given) eval.policy = c.evaluate.policy;
    if (*c.evaluate.as_of_given) eval.as_of = c.evaluate.as_of;
    if (*c.evaluate.summary_given) eval.summary = c.evaluate.summary;
    if (*c.evaluate.max_chars_given) eval.max_chars = c.evaluate.max_chars;
    eval.jobs = DefaultJobs(eval.jobs);
    return RunEvaluate(eval);
  }
  if (c.diff.app->parsed()) {
    if (*c.diff.max_chars_given) c.diff.options.max_chars = c.diff.max_chars;
    if (c.diff.options.labels.size() > 2) {
      throw Error(ErrorKind::kUsage, "", 0,
                  "--label: given " + std::to_string(c.diff.options.labels.size()) +
                      " times; at most twice (OLD, then NEW)");
    }
    return RunDiff(c.diff.options);
  }
  if (c.show.app->parsed()) return RunShow(c.show.path);
  if (c.explain.app->parsed()) {
    return RunExplain(c.explain.path, c.explain.user, DefaultJobs(0), c.explain.directory);
  }
  if (c.verify.app->parsed()) {
    return RunVerify(c.verify.path, DefaultJobs(c.verify.jobs), c.verify.directory);
  }
  if (c.plan.app->parsed()) {
    c.plan.options.verify = !c.plan.no_verify;
    c.plan.options.jobs = DefaultJobs(0);
    return RunPlan(c.plan.options);
  }
  if (c.notify.app->parsed()) {
    if (*c.notify.fallback_given) c.notify.options.fallback = c.notify.fallback;
    c.notify.options.jobs = DefaultJobs(0);
    return RunNotify(c.notify.options);
  }
  if (c.policy.check->parsed()) return RunPolicyCheck(c.policy.check_path);
  if (c.schema.app->parsed()) return RunSchema(c.schema.which);
  return RunPolicyDefault();
}

}  // namespace

int RunCli(int argc, const char* const* argv) {
  CLI::App app(kDescription, "dormant");
  app.require_subcommand(1);
  app.set_version_flag("--version", "dormant " + std::string(kVersion),
                       "Print the version and exit");
  app.footer("Run 'dormant COMMAND --help' for a command's options.");
  Commands commands;
  AddEvaluateOptions(app, commands.evaluate);
  AddVerifyOptions(app, commands.verify);
  AddDiffOptions(app, commands.diff);
  AddExplainOptions(app, commands.explain);
  AddPlanOptions(app, commands.plan);
  AddNotifyOptions(app, commands.notify);
  AddPolicyOptions(app, commands.policy);
  AddSchemaOptions(app, commands.schema);
  AddShowOptions(app, commands.show);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    PrintError(DescribeUsageError(app, e, argc, argv));
    return static_cast<int>(ExitCode::kUsage);
  }

  try {
    return static_cast<int>(Dispatch(commands));
  } catch (const Error& e) {
    PrintError(e.Describe());
    return static_cast<int>(ExitCodeOf(e.kind()));
  } catch (const std::bad_alloc&) {
    PrintError("out of memory");
    return static_cast<int>(ExitCode::kIo);
  } catch (const std::exception& e) {
    PrintError(std::string("internal error: ") + e.what());
    return static_cast<int>(ExitCode::kIo);
  }
}

}  // namespace dormant
