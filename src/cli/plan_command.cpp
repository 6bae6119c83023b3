// `dormant plan DECISIONS`: the steps of the applier for a decision file, as a reviewable
// bash script of AWS CLI commands written to standard output; `plan --undo`: the inverse
// script (see AppendStep and kUndoExplanation).
//
// Before anything is printed the decision file is verified as `verify` does (recomputed from
// the inputs and the policy its header names); one that does not verify is refused, exit 1.
// `--no-verify` skips that, and the script's first lines then say so in capitals. A file with
// a tripped guardrail is refused, exit 3.
//
// For every credential with action `deactivate` (users in file order, credentials in their
// order), the script first re-reads IAM with read-only calls and only then changes it:
//   every user    get-user (before the user's first step) must return exactly the ARN of the
//                 decision: a user of that name at another path is not the reviewed user;
//   password      get-login-profile (it exists, created no later than as-of), get-user
//                 (PasswordLastUsed no later than `last_used`), delete-login-profile;
//   access_key_N  list-access-keys (the one key whose CreateDate is `issued`),
//                 get-access-key-last-used (no later than `last_used`), update-access-key;
//   cert_N        list-signing-certificates (the one certificate whose UploadDate is
//                 `issued`), update-signing-certificate (IAM records no use of certificates).
// Only IAM's error code NoSuchEntity means "gone": a user or credential that is gone is
// skipped (its `issued` may have fallen back to the user's creation time and match nothing;
// nothing is ever guessed). Any other failed call, a failed last-use check, several matches
// or a later use stop the script before any further change. A credential already in the
// target state (an Inactive key or certificate, no login profile) is reported as such, so a
// plan can run again. DORMANT_PLAN_DRY_RUN=1 runs every read-only check and only reports the
// changes. Steps come in file order (sorted by ARN, so by account), each run of one account's
// users behind a check that the CLI's credentials belong to that account, and all of them in
// one { } block, so that bash runs none of them from a script that was cut short.
//
// Every value from the file is written single-quoted ('\'' for a quote): IAM paths may hold
// `$`, `` ` ``, `;`, `"` and `\`. Comment lines escape control characters, so no value can
// end a comment. The output depends only on the decision file, its path and whether it was
// verified: no clock. Memory: one line of the decision file and 1 MiB of script; the file is
// read three times (verification, a pass that validates and counts, and the steps).
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands.h"
#include "dormant/decision_file.h"
#include "dormant/error.h"
#include "output.h"
#include "review.h"
#include "text.h"

namespace dormant {
namespace {

// `text` as one shell word: single-quoted, each `'` written as `'\''`.
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

// `text` safe inside a `#` comment: control characters (a newline would end the comment and
// start a command) and DEL written as `\u00xx`, as in the decision file.
std::string CommentText(std::string_view text) {
  std::string out;
  AppendEscapingControls(out, text, ControlEscape::kUnicode);
  return out;
}

// "1 account", "2 accounts".
std::string Counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string OptionalTime(const std::optional<Instant>& t) {
  return t ? FormatTimestamp(*t) : std::string();
}

// Standard error, written directly (nothing of a refused plan goes to standard output).
void PrintToStderr(const std::string& text) {
  (void)!::write(STDERR_FILENO, text.data(), text.size());
}

// The helpers every non-empty plan starts with.
constexpr std::string_view kHelpers = R"SH(
changed=0
would=0
already=0
skipped=0
user_gone=0
current="(before the first step)"
err=$(mktemp)
finish() {
  local rc=$?
  rm -f -- "$err"
  if [ "$rc" -ne 0 ]; then
    printf 'plan: stopped in step %s (exit %s) after %s changes; no later step ran\n' \
      "$current" "$rc" "$changed" >&2
  fi
}
trap finish EXIT
note() { printf 'plan: %s\n' "$*" >&2; }
stop() { printf 'plan: STOP: %s\n' "$*" >&2; exit 1; }
step() { current=$1; note "[$1] $2: $3"; }
skip() { skipped=$((skipped + 1)); note "  skipped: $*"; }
already() { already=$((already + 1)); note "  already in the target state: $*"; }

# change WHAT COMMAND...: runs COMMAND, the one call of a step that changes IAM, and reports
# WHAT it did; in a dry run only reports what it would do.
change() {
  local what=$1
  shift
  if [ "$dry_run" = 1 ]; then
    would=$((would + 1))
    note "  would change: $what (dry run: $* not run)"
    return 0
  fi
  "$@"
  changed=$((changed + 1))
  note "  done: $what"
}

# epoch TIME: seconds since 1970 (GNU date reads both dormant's and the CLI's forms).
epoch() { date -u -d "$1" +%s 2>/dev/null || stop "cannot read the time '$1'"; }

# gone: whether the failed call's error output is IAM's NoSuchEntity and nothing else, i.e.
# the one line `An error occurred (NoSuchEntity) when calling the OP operation: ...` of the
# AWS CLI. Any other error (AccessDenied, throttling) is never "gone", whatever its text
# names (a user may be called NoSuchEntity.ops).
gone() {
  local line lines=0 re='^An error occurred \(NoSuchEntity\) when calling the [A-Za-z]+ operation: '
  while IFS= read -r line || [ -n "$line" ]; do
    [ -n "$line" ] || continue
    lines=$((lines + 1))
    [[ $line =~ $re ]] || return 1
  done <"$err"
  [ "$lines" -eq 1 ]
}

# ask ARGS...: the read-only call `aws ARGS...`, its output on standard output; prints nothing
# when IAM answers NoSuchEntity (the user or the credential is gone). Any other failure stops.
ask() {
  if aws "$@" 2>"$err"; then return 0; fi
  if gone; then return 0; fi
  cat -- "$err" >&2
  stop "aws $1 $2 failed"
}

# must ARGS...: the read-only call `aws ARGS...`; every failure stops, NoSuchEntity too (a
# last-use check that could not be made never counts as "not used").
must() {
  if aws "$@" 2>"$err"; then return 0; fi
  cat -- "$err" >&2
  stop "aws $1 $2 failed"
}

# reviewed NAME ARN: before the first change to user NAME, checks that get-user returns
# exactly ARN (names are unique per account, so a user of that name at another path is not
# the reviewed user) and stops otherwise; sets user_gone=1 when the user no longer exists.
reviewed() {
  local arn
  arn=$(ask iam get-user --user-name="$1" --query 'User.Arn' --output text)
  if [ -z "$arn" ]; then
    user_gone=1
    note "  user $1 no longer exists"
    return 0
  fi
  [ "$arn" = "$2" ] ||
    stop "IAM's user $1 is $arn, not the reviewed $2: export again and re-evaluate"
  user_gone=0
}

# pick ISSUED: of the lines `ID<TAB>TIME<TAB>STATUS` on standard input, prints `ID STATUS`
# of the one whose TIME is ISSUED, or nothing when none is; stops when several are (which one
# is meant is unknown) or when its status is neither Active nor Inactive.
pick() {
  local want id t status e found="" count=0
  want=$(epoch "$1")
  while IFS=$'\t' read -r id t status; do
    if [ -z "$id" ] || [ "$id" = "None" ]; then continue; fi
    e=$(epoch "$t")
    if [ "$e" = "$want" ]; then found="$id $status"; count=$((count + 1)); fi
  done
  [ "$count" -le 1 ] || stop "$count credentials were issued at $1"
  case "$found" in
    ''|*' Active'|*' Inactive') printf '%s\n' "$found" ;;
    *) stop "credential ${found% *} has the status '${found##* }', neither Active nor Inactive" ;;
  esac
}

# not_later WHAT TIME LIMIT: stops when TIME (from the CLI; None or empty: never) is later
# than LIMIT (from the decision file; empty: never).
not_later() {
  local t l
  case "$2" in ''|None) return 0 ;; esac
  [ -n "$3" ] || stop "$1: $2, but never in the decision file: export again and re-evaluate"
  t=$(epoch "$2")
  l=$(epoch "$3")
  [ "$t" -le "$l" ] || stop "$1: $2, later than $3 in the decision file: export again and re-evaluate"
}

# account ID: whether the steps of account ID run. Stops when the CLI's credentials belong to
# another account; false when DORMANT_PLAN_ACCOUNT names another one.
account() {
  local current_account
  if [ -n "${DORMANT_PLAN_ACCOUNT:-}" ] && [ "$DORMANT_PLAN_ACCOUNT" != "$1" ]; then
    note "account $1: skipped (DORMANT_PLAN_ACCOUNT=$DORMANT_PLAN_ACCOUNT)"
    return 1
  fi
  current_account=$(must sts get-caller-identity --query Account --output text) || exit 1
  [ "$current_account" = "$1" ] ||
    stop "the AWS credentials are of account $current_account; the next steps are for account $1 (use its credentials, or DORMANT_PLAN_ACCOUNT to run one account's steps)"
  note "account $1"
}

case "${DORMANT_PLAN_DRY_RUN:-}" in
  ''|0) dry_run=0 ;;
  1) dry_run=1; note "dry run: read-only checks only, nothing is changed" ;;
  *) stop "DORMANT_PLAN_DRY_RUN must be 1 (dry run) or 0" ;;
esac
)SH";

// The applier's refusal of a decision file from the future or an old one (not in an undo).
constexpr std::string_view kAgeCheck = R"SH(
# The decision file speaks for one instant: refuse one from the future (an --as-of set ahead
# makes every credential look idler than it is) or an old one.
max_age=${DORMANT_PLAN_MAX_AGE_SECONDS:-86400}
case "$max_age" in ''|*[!0-9]*) stop "DORMANT_PLAN_MAX_AGE_SECONDS must be a number of seconds" ;; esac
now=$(date -u +%s)
as_of_epoch=$(epoch "$as_of")
[ "$as_of_epoch" -le "$now" ] ||
  stop "as-of $as_of is later than this machine's clock ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
[ $((now - as_of_epoch)) -le "$max_age" ] ||
  stop "as-of $as_of is more than $max_age seconds old: export again and re-evaluate (or set DORMANT_PLAN_MAX_AGE_SECONDS)"
)SH";

// What only an undo needs: a step it cannot take (a password) is printed for a person.
constexpr std::string_view kUndoHelpers = R"SH(
manual=0

# by_hand WHAT COMMAND: a step the script does not take itself: WHAT on standard error,
# COMMAND on standard output, for a person to run.
by_hand() {
  manual=$((manual + 1))
  note "  by hand: $1"
  printf '%s\n' "$2"
}
)SH";

constexpr std::string_view kUndoExplanation = R"SH(#
# Review it, then run it with bash on a machine with the AWS CLI, GNU date and the IAM
# credentials of the account. It undoes the plan of this decision file: before a user's
# first step, get-user must return exactly the user's ARN above (the same path), else the
# script stops. For each credential the plan deactivated:
#   access key    list-access-keys (the one key whose CreateDate is the decision's issued
#                 time); if it is Inactive, update-access-key --status Active
#   certificate   list-signing-certificates (the one certificate whose UploadDate is the
#                 issued time); if it is Inactive, update-signing-certificate --status Active
#   password      a deleted console password cannot be given back: if the user has none,
#                 the create-login-profile command that gives a new one (to be changed at the
#                 next sign-in) is printed on standard output, for a person to run; the script
#                 never runs it
# A key or certificate issued at another time (a new one) is never touched. Only the error
# NoSuchEntity means gone (skipped); any other failed call stops the script. A credential
# already Active (or a user with a password) is reported as such, so running it again
# changes nothing. DORMANT_PLAN_DRY_RUN=1 runs every read-only check and reports what would
# change, changing nothing. Each account's steps first check (sts get-caller-identity) that
# the credentials are that account's; DORMANT_PLAN_ACCOUNT=ID runs one account's steps only.
# Restoring access is never refused for the decision file's age or its guardrails.
# Described in docs/plan.md (section Undo) of the dormant source tree.
)SH";

constexpr std::string_view kExplanation = R"SH(#
# Review it, then run it with bash on a machine with the AWS CLI, GNU date and the IAM
# credentials of the account. Before a user's first step, get-user must return exactly the
# user's ARN above (the same path), else the script stops. For each credential it first
# re-reads IAM (read-only calls), then changes it:
#   password      get-login-profile (still there, created no later than as-of) and get-user
#                 (PasswordLastUsed no later than the decision's last use), then
#                 delete-login-profile
#   access key    list-access-keys (the one key whose CreateDate is the decision's issued
#                 time) and get-access-key-last-used (no later than the decision's last use),
#                 then update-access-key --status Inactive
#   certificate   list-signing-certificates (the one certificate whose UploadDate is the
#                 issued time), then update-signing-certificate --status Inactive
# Only the error NoSuchEntity means gone: a user or credential that is gone is skipped
# (nothing is guessed). A credential already in the target state (Inactive, no password) is
# reported as such, so running the plan again changes nothing. Several matches, a later use
# or any other failed call stop the script before any further change: export again and
# re-evaluate. DORMANT_PLAN_DRY_RUN=1 runs every read-only check and reports what would
# change, changing nothing. Each account's steps first check (sts get-caller-identity) that
# the credentials are that account's; DORMANT_PLAN_ACCOUNT=ID runs one account's steps only.
# The script refuses to start when as-of is later than this machine's clock or older than
# DORMANT_PLAN_MAX_AGE_SECONDS (default 86400: one day).
# Described in docs/plan.md of the dormant source tree; the verdicts and reasons in
# docs/verdicts.md.
)SH";

// Which script is written: the plan, or its inverse (`plan --undo`).
enum class Direction { kApply, kUndo };

// The script's first lines: what it is, and whether its decision file was verified. An
// undo is never verified, and says so without alarm: it only gives back what the plan took.
std::string ScriptHead(Direction direction, const std::optional<std::string>& verified) {
  std::string s = "#!/usr/bin/env bash\n";
  if (direction == Direction::kUndo) {
    s += "# Undo script written by `dormant plan --undo`: it reactivates what the plan of this\n";
    s += "# decision file deactivated. Not verified against the inputs: restoring access must\n";
    s += "# not wait for them, and every step first checks IAM as it is now.\n#\n";
    return s;
  }
  if (!verified) {
    s += "# NOT VERIFIED: WRITTEN BY `dormant plan --no-verify`. THE DECISION FILE WAS NOT\n";
    s += "# VERIFIED AGAINST ITS INPUTS AND POLICY: NOTHING SHOWS THAT IT IS WHAT DORMANT\n";
    s += "# COMPUTES FROM THEM. REVIEW EVERY STEP, OR PLAN AGAIN WHERE THE INPUTS ARE AT HAND.\n";
  }
  s += "# Deactivation plan written by `dormant plan`.\n#\n";
  if (verified) s += "# Verified: " + CommentText(*verified) + ".\n";
  return s;
}

// The shell steps of one credential kind for credential `c` of user `u`, inside the
// `else` branch taken while the user exists: the read-only checks, then the one change.
// `name` is the quoted user name.
void AppendPasswordStep(std::string& s, const UserLine& u, const std::string& name,
                        const std::string& last_used) {
  s += "  created=$(ask iam get-login-profile --user-name=" + name +
       " --query 'LoginProfile.CreateDate' --output text)\n";
  s += "  if [ -z \"$created\" ]; then\n";
  s += "    already " + Quote(u.user + " has no console password") + "\n";
  s += "  else\n";
  s += "    not_later " + Quote("the console password of " + u.user + " was created") +
       " \"$created\" \"$as_of\"\n";
  s += "    used=$(must iam get-user --user-name=" + name +
       " --query 'User.PasswordLastUsed' --output text)\n";
  s += "    not_later " + Quote("the console password of " + u.user + " was used") + " \"$used\" " +
       Quote(last_used) + "\n";
  s += "    change " + Quote("the console password of " + u.user + " is deleted") +
       " aws iam delete-login-profile --user-name=" + name + "\n";
  s += "  fi\n";
}

// The undo of a deleted password: IAM cannot give it back, so when the user has none, the
// command that creates a new one (to be changed at the next sign-in) is printed, never run.
// The password is left to the person: the command stops until NEW_PASSWORD is set.
void AppendPasswordUndoStep(std::string& s, const UserLine& u, const std::string& name) {
  s += "  created=$(ask iam get-login-profile --user-name=" + name +
       " --query 'LoginProfile.CreateDate' --output text)\n";
  s += "  if [ -n \"$created\" ]; then\n";
  s += "    already " + Quote(u.user + " has a console password") + "\n";
  s += "  else\n";
  const std::string command = "aws iam create-login-profile --user-name=" + name +
                              " --password-reset-required"
                              " --password=\"${NEW_PASSWORD:?set NEW_PASSWORD to a new"
                              " temporary password}\"";
  s += "    by_hand " +
       Quote(u.user + " has no console password: run the printed create-login-profile") + " " +
       Quote(command) + "\n";
  s += "  fi\n";
}

// An access key or a signing certificate: listed by user, found by its issued time, and
// changed by status.
struct Listed {
  std::string_view noun;       // in messages
  std::string_view var;        // the shell variable of its id
  std::string_view list;       // the read-only call that lists them with their status
  std::string_view query;      // id, issued time, status
  std::string_view issued;     // the verb of its issued time
  std::string_view update;     // the call that changes its status
  std::string_view id_option;  // of `update`
};
constexpr Listed kAccessKey{
    "access key",       "key",
    "list-access-keys", "AccessKeyMetadata[].[AccessKeyId,CreateDate,Status]",
    "created",          "update-access-key",
    "--access-key-id",
};
constexpr Listed kCertificate{
    "signing certificate",
    "cert",
    "list-signing-certificates",
    "Certificates[].[CertificateId,UploadDate,Status]",
    "uploaded",
    "update-signing-certificate",
    "--certificate-id",
};

// The step of an access key or certificate: the one issued at `issued` is set to `target`
// (Inactive or Active) unless it is already; `checks` (shell lines) run just before the
// change. One issued at another time is a new credential and is never touched.
void AppendListedStep(std::string& s, const UserLine& u, const std::string& name,
                      const std::string& issued, const Listed& k, std::string_view target,
                      const std::string& checks) {
  const std::string var = std::string(k.var);
  const std::string noun = std::string(k.noun);
  const std::string now =
      "\"" + noun + " $" + var + " of \"" + name + "\" is " + std::string(target) + "\"";
  s += "  found=$(ask iam " + std::string(k.list) + " --user-name=" + name + " --query '" +
       std::string(k.query) + "' --output text | pick " + Quote(issued) + ")\n";
  s += "  " + var + "=${found% *} status=${found##* }\n";
  s += "  if [ -z \"$found\" ]; then\n";
  s += "    skip " +
       Quote("no " + noun + " of " + u.user + " was " + std::string(k.issued) + " at " + issued) +
       "\n";
  s += "  elif [ \"$status\" = " + std::string(target) + " ]; then\n";
  s += "    already " + now + "\n";
  s += "  else\n";
  s += checks;
  s += "    change " + now + " aws iam " + std::string(k.update) + " --user-name=" + name + " " +
       std::string(k.id_option) + "=\"$" + var + "\" --status=" + std::string(target) + "\n";
  s += "  fi\n";
}

// The last-use check of an access key before it is deactivated.
std::string AccessKeyUseCheck(const std::string& last_used) {
  return "    used=$(must iam get-access-key-last-used --access-key-id=\"$key\""
         " --query 'AccessKeyLastUsed.LastUsedDate' --output text)\n"
         "    not_later \"access key $key was used\" \"$used\" " +
         Quote(last_used) + "\n";
}

// Appends step `n` of `total`: the checks and the change for credential `c` of user `u`.
// `first_of_user`: the user's first step, which checks first that IAM's user is the
// reviewed one.
void AppendStep(std::string& s, Direction direction, const UserLine& u, const CredentialDecision& c,
                bool first_of_user, std::size_t n, std::size_t total) {
  const std::string name = Quote(u.user);
  const std::string issued = FormatTimestamp(c.issued);
  const std::string last_used = OptionalTime(c.last_used);
  const std::string counter = std::to_string(n) + "/" + std::to_string(total);
  const std::string_view id = CredentialName(c.id);
  const bool undo = direction == Direction::kUndo;
  s += "\n# " + counter + " " + CommentText(u.arn) + " " + std::string(id) + ": issued " + issued +
       ", last used " + (last_used.empty() ? "never" : last_used) + "\n";
  s += "step " + Quote(counter) + " " + Quote(u.arn) + " " + Quote(id) + "\n";
  if (first_of_user) s += "reviewed " + name + " " + Quote(u.arn) + "\n";
  s += "if [ \"$user_gone\" = 1 ]; then\n";
  s += "  skip " + Quote("user " + u.user + " no longer exists") + "\n";
  s += "else\n";
  switch (c.id) {
    case CredentialId::kPassword:
      if (undo) {
        AppendPasswordUndoStep(s, u, name);
      } else {
        AppendPasswordStep(s, u, name, last_used);
      }
      break;
    case CredentialId::kAccessKey1:
    case CredentialId::kAccessKey2:
      AppendListedStep(s, u, name, issued, kAccessKey, undo ? "Active" : "Inactive",
                       undo ? std::string() : AccessKeyUseCheck(last_used));
      break;
    case CredentialId::kCert1:
    case CredentialId::kCert2:
      AppendListedStep(s, u, name, issued, kCertificate, undo ? "Active" : "Inactive", {});
      break;
  }
  s += "fi\n";
}

bool Deactivates(const CredentialDecision& c) { return c.action == Action::kDeactivate; }

// What the first pass over the decision file found: the file is valid, and what its steps
// will be.
struct PlanCensus {
  DecisionHeader header;
  std::string sha256;     // of the file as read
  std::size_t total = 0;  // credentials to deactivate
  std::size_t users = 0;  // users with at least one
  std::set<std::string> accounts;
};

// First pass: the whole file is read and found valid, and the steps are counted, before
// anything is printed. Memory stays that of one line: the script is written as the
// second pass reads the file again.
PlanCensus CountSteps(const std::string& path) {
  DecisionReader reader(path);
  PlanCensus census;
  census.header = reader.header();
  while (const UserLine* u = reader.Next()) {
    const auto steps = static_cast<std::size_t>(
        std::count_if(u->credentials.begin(), u->credentials.end(), Deactivates));
    if (steps == 0) continue;
    census.total += steps;
    ++census.users;
    census.accounts.insert(u->account);
  }
  census.sha256 = reader.sha256();
  return census;
}

// The refusal of a file with a tripped guardrail, which is not applied, not even in part.
std::string GuardrailRefusal(const DecisionHeader& h) {
  std::string list;
  for (const GuardrailTrip& g : h.guardrails) {
    if (!list.empty()) list += ", ";
    list += g.scope + " (" + std::to_string(g.actions) + " actions, limit " +
            std::to_string(g.limit) + ")";
  }
  return "refusing to plan: guardrails tripped: " + list;
}

// The comment lines naming the decision file, its as-of, policy and inputs.
void AppendProvenance(std::string& s, const std::string& path, const PlanCensus& census) {
  const DecisionHeader& h = census.header;
  s += "# decision file: " + CommentText(path) + "\n";
  s += "#   sha256 " + census.sha256 + "\n";
  s += "# as-of: " + FormatTimestamp(h.as_of) + "\n";
  s += "# policy: " + CommentText(h.policy_source) + ", sha256 " + h.policy_sha256 + "\n";
  for (const InputSummary& in : h.inputs) {
    s += "# input: " + CommentText(in.path) + ", sha256 " + in.sha256 + "\n";
  }
}

constexpr std::string_view kUnverifiedNote =
    "printf '%s\\n' 'plan: WARNING: this plan was NOT VERIFIED against its inputs "
    "(dormant plan --no-verify)' >&2\n";

// What a script is written from: which script, the decision file (its path as given and what
// the first pass found) and, for a plan, whether it was verified.
struct ScriptSource {
  Direction direction = Direction::kApply;
  const std::string& path;
  const std::optional<std::string>& verified;
  const PlanCensus& census;

  bool undo() const { return direction == Direction::kUndo; }
  // A plan written without verification warns when it runs.
  bool warns() const { return !undo() && !verified; }
};

// The whole script of a file with no credential to deactivate (or to reactivate).
std::string NothingScript(const ScriptSource& src) {
  std::string s = ScriptHead(src.direction, src.verified);
  AppendProvenance(s, src.path, src.census);
  s += src.undo() ? "#\n# Nothing to undo: no credential has action `deactivate`.\n"
                  : "#\n# Nothing to deactivate: no credential has action `deactivate`.\n";
  s += "set -euo pipefail\n";
  if (src.warns()) s += kUnverifiedNote;
  s += "printf '%s\\n' " +
       Quote((src.undo() ? "plan: nothing to undo in " : "plan: nothing to deactivate in ") +
             src.path) +
       " >&2\n";
  return s;
}

// Everything before the first step: what the script is, what it will do, its shell
// options and helpers, and the opening of the one { } block.
std::string Preamble(const ScriptSource& src) {
  const PlanCensus& census = src.census;
  std::string s = ScriptHead(src.direction, src.verified);
  AppendProvenance(s, src.path, census);
  s += std::string(src.undo() ? "# To undo: " : "# To deactivate: ") +
       Counted(census.total, "credential") + " of " + Counted(census.users, "user") + " in " +
       Counted(census.accounts.size(), "account") + ".\n";
  s += src.undo() ? kUndoExplanation : kExplanation;
  s += "set -euo pipefail\nshopt -s inherit_errexit\nexport AWS_PAGER=\"\"\n";
  if (src.warns()) s += kUnverifiedNote;
  s += "\nas_of=" + Quote(FormatTimestamp(census.header.as_of)) + "\n";
  s += kHelpers;
  s += src.undo() ? kUndoHelpers : kAgeCheck;
  s += "\n# Every step is inside one { } block: bash reads the whole block before it runs any of\n"
       "# it, so a script that was cut short (an interrupted `dormant plan | bash`) runs no step.\n"
       "{\n";
  return s;
}

// Second pass: the steps, in file order, each run of users of one account behind a check
// that the CLI's credentials belong to that account. Appends to `s`, handing it to `out`
// about every MiB. Throws Error(kInput) when the file is not the one the first pass read.
void AppendAccountGroups(std::string& s, PendingOutput& out, const ScriptSource& src) {
  constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
  DecisionReader reader(src.path);
  std::string account;
  std::size_t n = 0;
  while (const UserLine* u = reader.Next()) {
    bool first_of_user = true;
    for (const CredentialDecision& c : u->credentials) {
      if (!Deactivates(c)) continue;
      if (n == 0 || u->account != account) {
        if (n != 0) s += "fi\n";
        account = u->account;
        s += "\n# ==== account " + CommentText(account) + "\n";
        s += "if account " + Quote(account) + "; then\n";
      }
      AppendStep(s, src.direction, *u, c, first_of_user, ++n, src.census.total);
      first_of_user = false;
    }
    if (s.size() >= kBlockBytes) {
      out.Append(s);
      s.clear();
    }
  }
  if (reader.sha256() != src.census.sha256 || n != src.census.total) {
    ThrowInput(src.path, 0, "the file changed while the plan was being written: plan again");
  }
  s += "fi\n";
}

// After the last step: the summary line, and the end of the { } block.
void AppendEpilogue(std::string& s, const ScriptSource& src) {
  const std::string by_hand = src.undo() ? ", $manual printed to run by hand" : "";
  s += "\ncurrent=\"(after the last step)\"\n";
  s += "if [ \"$dry_run\" = 1 ]; then\n";
  s += "  note \"dry run: $would would change, $skipped skipped, $already already in the target"
       " state" +
       by_hand + "; nothing was changed\"\n";
  s += "else\n";
  s += "  note \"done: $changed changed, $skipped skipped, $already already in the target state" +
       by_hand + "\"\n";
  s += "fi\n}\n";
}

}  // namespace

ExitCode RunPlan(const PlanOptions& options) {
  const std::string& path = options.path;
  // An undo is never verified: restoring access must not wait for the inputs (a changed or
  // missing export), and each of its steps checks IAM as it is now first.
  std::optional<std::string> verified;
  if (options.verify && !options.undo) {
    Verification v = VerifyDecisionFile(path, options.jobs, options.directory);
    if (!v.identical) {
      PrintToStderr("verify: DIFFERS: " + v.message + "\n");
      PrintError(path +
                 ": refusing to plan: the file is not what dormant computes from its inputs "
                 "and policy (--no-verify skips this check)");
      return ExitCode::kDiffers;
    }
    verified = std::move(v.message);
  }
  const PlanCensus census = CountSteps(path);
  // Restoring access is always allowed: an undo is not refused for guardrails.
  if (!options.undo && !census.header.guardrails.empty()) {
    PrintError(path + ": " + GuardrailRefusal(census.header));
    return ExitCode::kSafetyStop;
  }
  const ScriptSource src{options.undo ? Direction::kUndo : Direction::kApply, path, verified,
                         census};
  PendingOutput out("");
  if (census.total == 0) {
    out.Append(NothingScript(src));
    out.Commit();
    return ExitCode::kSuccess;
  }
  std::string s = Preamble(src);
  AppendAccountGroups(s, out, src);
  AppendEpilogue(s, src);
  out.Append(s);
  out.Commit();
  return ExitCode::kSuccess;
}

}  // namespace dormant
