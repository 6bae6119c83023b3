// `dormant plan DECISIONS`: the steps of the applier (SPEC §8) for a decision file, as a
// reviewable bash script of AWS CLI commands written to standard output.
//
// For every credential with action `deactivate` (users in file order, credentials in their
// order), the script first re-reads the credential from IAM with read-only calls and only
// then changes it:
//   password      get-login-profile (it exists, created no later than as-of), get-user
//                 (PasswordLastUsed no later than `last_used`), delete-login-profile;
//   access_key_N  list-access-keys (the one key whose CreateDate is `issued`),
//                 get-access-key-last-used (no later than `last_used`), update-access-key;
//   cert_N        list-signing-certificates (the one certificate whose UploadDate is
//                 `issued`), update-signing-certificate (IAM records no use of certificates).
// A credential that no longer exists is skipped: it is gone, or its `issued` fell back to the
// user's creation time and matches nothing, and nothing is ever guessed. Several matches or a
// later use stop the script before any further change. Steps are grouped by account, each
// group behind a check that the CLI's credentials belong to that account.
//
// Every value from the file is written single-quoted ('\'' for a quote): IAM paths may hold
// `$`, `` ` ``, `;`, `"` and `\`. Comment lines escape control characters, so no value can
// end a comment. The output depends only on the decision file and its path: no clock.
// Memory: the parsed decision file plus the script text.
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "dormant/decision_file.h"
#include "dormant/output.h"
#include "dormant/sha256.h"

namespace dormant {
namespace {

constexpr int kExitSafetyStop = 3;

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
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) {
      out += "\\u00";
      out += kHex[b >> 4];
      out += kHex[b & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// "1 account", "2 accounts".
std::string Counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string OptionalTime(const std::optional<Instant>& t) {
  return t ? FormatTimestamp(*t) : std::string();
}

struct Step {
  const DecisionUser* user;
  const DecisionCredential* credential;
};

// The helpers every non-empty plan starts with.
constexpr std::string_view kHelpers = R"SH(
changed=0
skipped=0
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
changed() { changed=$((changed + 1)); note "  done: $*"; }

# epoch TIME: seconds since 1970 (GNU date reads both dormant's and the CLI's forms).
epoch() { date -u -d "$1" +%s 2>/dev/null || stop "cannot read the time '$1'"; }

# ask ARGS...: the read-only call `aws ARGS...`, its output on standard output. When IAM
# answers NoSuchEntity (the user or the credential is gone) it prints nothing; any other
# failure stops the script.
ask() {
  if aws "$@" 2>"$err"; then return 0; fi
  if grep -q 'NoSuchEntity' "$err"; then return 0; fi
  cat -- "$err" >&2
  stop "aws $1 $2 failed"
}

# pick ISSUED: of the lines `ID<TAB>TIME` on standard input, prints the ID whose TIME is
# ISSUED, or nothing when none is; stops when several are (which one is meant is unknown).
pick() {
  local want id t e found="" count=0
  want=$(epoch "$1")
  while IFS=$'\t' read -r id t; do
    if [ -z "$id" ] || [ "$id" = "None" ]; then continue; fi
    e=$(epoch "$t")
    if [ "$e" = "$want" ]; then found=$id; count=$((count + 1)); fi
  done
  [ "$count" -le 1 ] || stop "$count credentials were issued at $1"
  printf '%s\n' "$found"
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
  current_account=$(aws sts get-caller-identity --query Account --output text)
  [ "$current_account" = "$1" ] ||
    stop "the AWS credentials are of account $current_account; the next steps are for account $1 (use its credentials, or DORMANT_PLAN_ACCOUNT to run one account's steps)"
  note "account $1"
}

# The decision file speaks for one instant: refuse one from the future (an --as-of set ahead
# makes every credential look idler than it is) or an old one (SPEC §8).
max_age=${DORMANT_PLAN_MAX_AGE_SECONDS:-86400}
case "$max_age" in ''|*[!0-9]*) stop "DORMANT_PLAN_MAX_AGE_SECONDS must be a number of seconds" ;; esac
now=$(date -u +%s)
as_of_epoch=$(epoch "$as_of")
[ "$as_of_epoch" -le "$now" ] ||
  stop "as-of $as_of is later than this machine's clock ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
[ $((now - as_of_epoch)) -le "$max_age" ] ||
  stop "as-of $as_of is more than $max_age seconds old: export again and re-evaluate (or set DORMANT_PLAN_MAX_AGE_SECONDS)"
)SH";

constexpr std::string_view kExplanation = R"SH(#
# Review it, then run it with bash on a machine with the AWS CLI, GNU date and the IAM
# credentials of the account. For each credential it first re-reads IAM (read-only calls),
# then changes it:
#   password      get-login-profile (still there, created no later than as-of) and get-user
#                 (PasswordLastUsed no later than the decision's last use), then
#                 delete-login-profile
#   access key    list-access-keys (the one key whose CreateDate is the decision's issued
#                 time) and get-access-key-last-used (no later than the decision's last use),
#                 then update-access-key --status Inactive
#   certificate   list-signing-certificates (the one certificate whose UploadDate is the
#                 issued time), then update-signing-certificate --status Inactive
# A credential that no longer exists is skipped (nothing is guessed). Several matches, a
# later use or a failed call stop the script before any further change: export again and
# re-evaluate. Each account's steps first check (sts get-caller-identity) that the
# credentials are that account's; DORMANT_PLAN_ACCOUNT=ID runs one account's steps only. The
# script refuses to start when as-of is later than this machine's clock or older than
# DORMANT_PLAN_MAX_AGE_SECONDS (default 86400: one day).
)SH";

}  // namespace

int RunPlan(const std::string& path) {
  // The whole file is read, and found valid, before anything is printed. Kept: the users
  // with a credential to deactivate.
  DecisionReader reader(path);
  const DecisionHeader& h = reader.header();
  std::vector<DecisionUser> acting;
  while (const DecisionUser* u = reader.Next()) {
    if (std::any_of(u->credentials.begin(), u->credentials.end(),
                    [](const DecisionCredential& c) { return c.action == Action::kDeactivate; })) {
      acting.push_back(*u);
      acting.back().line.clear();
      acting.back().line.shrink_to_fit();
    }
  }

  if (!h.guardrails.empty()) {
    // SPEC §7/§8: a file with a tripped guardrail is not applied, not even in part.
    std::string list;
    for (const GuardrailTrip& g : h.guardrails) {
      if (!list.empty()) list += ", ";
      list += g.scope + " (" + std::to_string(g.actions) + " actions, limit " +
              std::to_string(g.limit) + ")";
    }
    const std::string message = "dormant: " + path +
                                ": refusing to plan: guardrails tripped: " + list + "\n";
    (void)!::write(STDERR_FILENO, message.data(), message.size());
    return kExitSafetyStop;
  }

  // Steps grouped by account (ascending), each group in file order.
  std::map<std::string_view, std::vector<Step>> by_account;
  std::size_t total = 0, users = 0;
  for (const DecisionUser& u : acting) {
    bool any = false;
    for (const DecisionCredential& c : u.credentials) {
      if (c.action != Action::kDeactivate) continue;
      by_account[u.account].push_back({&u, &c});
      ++total;
      any = true;
    }
    if (any) ++users;
  }

  std::string s;
  s += "#!/usr/bin/env bash\n";
  s += "# Deactivation plan written by `dormant plan` (SPEC §8).\n#\n";
  s += "# decision file: " + CommentText(path) + "\n";
  s += "#   sha256 " + reader.sha256() + "\n";
  s += "# as-of: " + FormatTimestamp(h.as_of) + "\n";
  s += "# policy: " + CommentText(h.policy_source) + ", sha256 " + h.policy_sha256 + "\n";
  for (const DecisionInput& in : h.inputs) {
    s += "# input: " + CommentText(in.path) + ", sha256 " + in.sha256 + "\n";
  }
  if (total == 0) {
    s += "#\n# Nothing to deactivate: no credential has action `deactivate`.\n";
    s += "set -euo pipefail\n";
    s += "printf '%s\\n' " + Quote("plan: nothing to deactivate in " + path) + " >&2\n";
    WriteOutput("", s);
    return 0;
  }
  s += "# To deactivate: " + Counted(total, "credential") + " of " + Counted(users, "user") +
       " in " + Counted(by_account.size(), "account") + ".\n";
  s += kExplanation;
  s += "set -euo pipefail\nshopt -s inherit_errexit\nexport AWS_PAGER=\"\"\n\n";
  s += "as_of=" + Quote(FormatTimestamp(h.as_of)) + "\n";
  s += kHelpers;

  std::size_t n = 0;
  for (const auto& [account, steps] : by_account) {
    s += "\n# ==== account " + CommentText(account) + "\n";
    s += "if account " + Quote(account) + "; then\n";
    for (const Step& st : steps) {
      const DecisionUser& u = *st.user;
      const DecisionCredential& c = *st.credential;
      const std::string name = Quote(u.user);
      const std::string issued = FormatTimestamp(c.issued);
      const std::string last_used = OptionalTime(c.last_used);
      const std::string counter = std::to_string(++n) + "/" + std::to_string(total);
      const std::string_view id = CredentialName(c.id);
      s += "\n# " + counter + " " + CommentText(u.arn) + " " + std::string(id) + ": issued " +
           issued + ", last used " + (last_used.empty() ? "never" : last_used) + "\n";
      s += "step " + Quote(counter) + " " + Quote(u.arn) + " " + Quote(id) + "\n";
      switch (c.id) {
        case CredentialId::kPassword:
          s += "created=$(ask iam get-login-profile --user-name=" + name +
               " --query 'LoginProfile.CreateDate' --output text)\n";
          s += "if [ -z \"$created\" ]; then\n";
          s += "  skip " + Quote(u.user + " has no console password") + "\n";
          s += "else\n";
          s += "  not_later " + Quote("the console password of " + u.user + " was created") +
               " \"$created\" \"$as_of\"\n";
          s += "  used=$(ask iam get-user --user-name=" + name +
               " --query 'User.PasswordLastUsed' --output text)\n";
          s += "  not_later " + Quote("the console password of " + u.user + " was used") +
               " \"$used\" " + Quote(last_used) + "\n";
          s += "  aws iam delete-login-profile --user-name=" + name + "\n";
          s += "  changed " + Quote("the console password of " + u.user + " is deleted") + "\n";
          s += "fi\n";
          break;
        case CredentialId::kAccessKey1:
        case CredentialId::kAccessKey2:
          s += "key=$(ask iam list-access-keys --user-name=" + name +
               " --query 'AccessKeyMetadata[].[AccessKeyId,CreateDate]' --output text | pick " +
               Quote(issued) + ")\n";
          s += "if [ -z \"$key\" ]; then\n";
          s += "  skip " + Quote("no access key of " + u.user + " was created at " + issued) +
               "\n";
          s += "else\n";
          s += "  used=$(ask iam get-access-key-last-used --access-key-id=\"$key\""
               " --query 'AccessKeyLastUsed.LastUsedDate' --output text)\n";
          s += "  not_later \"access key $key was used\" \"$used\" " + Quote(last_used) + "\n";
          s += "  aws iam update-access-key --user-name=" + name +
               " --access-key-id=\"$key\" --status=Inactive\n";
          s += "  changed \"access key $key of \"" + name + "\" is Inactive\"\n";
          s += "fi\n";
          break;
        case CredentialId::kCert1:
        case CredentialId::kCert2:
          s += "cert=$(ask iam list-signing-certificates --user-name=" + name +
               " --query 'Certificates[].[CertificateId,UploadDate]' --output text | pick " +
               Quote(issued) + ")\n";
          s += "if [ -z \"$cert\" ]; then\n";
          s += "  skip " +
               Quote("no signing certificate of " + u.user + " was uploaded at " + issued) + "\n";
          s += "else\n";
          s += "  aws iam update-signing-certificate --user-name=" + name +
               " --certificate-id=\"$cert\" --status=Inactive\n";
          s += "  changed \"signing certificate $cert of \"" + name + "\" is Inactive\"\n";
          s += "fi\n";
          break;
      }
    }
    s += "fi\n";
  }
  s += "\ncurrent=\"(after the last step)\"\n";
  s += "note \"done: $changed changed, $skipped skipped\"\n";
  WriteOutput("", s);
  return 0;
}

}  // namespace dormant
