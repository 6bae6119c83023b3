#!/usr/bin/env bash
# export-aws.sh — export the IAM evidence that `dormant evaluate` reads, on a connected machine.
#
# For the account of the current credentials (or of each --profile) it writes
#   OUT/ACCOUNT/credential-report.json   aws iam get-credential-report, as the CLI prints it
#                                        (base64 Content, GeneratedTime)
#   OUT/ACCOUNT/access-advisor.ndjson    one line per IAM user: its GetServiceLastAccessedDetails
#                                        result, all pages merged, plus "Arn"
#   OUT/ACCOUNT/iam-details.json         aws iam get-account-authorization-details --filter User,
#                                        all pages merged
#   OUT/ACCOUNT/SHA256SUMS               the sha256 of those three files
# and prints the same checksums on standard output (paths as OUT/ACCOUNT/FILE), for the
# transfer to the air-gapped side: save them (`| tee exports.sha256`) and check them there
# with `sha256sum -c`. Progress and problems go to standard error. The exports name every
# user, its tags and its use of AWS: they are written private (directories 0700, files 0600).
#
# Needs bash, the AWS CLI (v2, or v1), jq and python3, and read-only IAM permissions:
# iam:GenerateCredentialReport, iam:GetCredentialReport, iam:ListUsers,
# iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails,
# iam:GetAccountAuthorizationDetails (sts:GetCallerIdentity needs none). The access-advisor
# jobs run in scripts/export-aws-advisor.py, one process for all of them (see there).
#
# An account directory appears only when its export is complete (it is written under
# OUT/.export-ACCOUNT.* and renamed into place). Errors are told apart by their error code:
# throttling and transient errors are retried with back-off, access-advisor jobs that fail are
# started again, both at most --max-attempts times; anything else stops the export with a
# message and exit 1.
set -euo pipefail
shopt -s inherit_errexit

umask 077

usage() {
  cat <<'EOF'
Usage: scripts/export-aws.sh [--out DIR] [--profile NAME]... [--endpoint-url URL] [--region REGION]
                             [--report-not-before TIME] [--max-attempts N] [--job-timeout SECONDS]
                             [--window N] [--poll-interval SECONDS] [--advisor-via botocore|cli]
                             [--force] [--allow-failed-jobs]

Exports the credential report, the access-advisor data of every IAM user and the IAM user
details of the current AWS account (or of each --profile) into DIR/ACCOUNT/, ready for
`dormant evaluate DIR`. Prints the sha256 of every file written.

  --out DIR                where to write (default: exports)
  --profile NAME           an AWS CLI profile; repeat for several accounts (default: the
                           credentials of the environment)
  --endpoint-url URL       send every IAM and STS call to URL (a test stub, a proxy)
  --region REGION          passed to every call; needed for AWS GovCloud (us-gov-west-1) and
                           China (cn-north-1), whose IAM and STS are reached through a region
                           of their own partition
  --report-not-before TIME refuse a credential report generated before TIME (e.g.
                           2026-11-20T10:00:00Z): IAM hands out the same report for up to four
                           hours, so an export right after a change can show the old state
  --max-attempts N         attempts per call on throttling or a transient error, and starts
                           per access-advisor job (default: 5)
  --job-timeout SECONDS    give up when an access-advisor job (or the credential report) has
                           not completed this long after its own start (default: 1800)
  --window N               access-advisor jobs running at a time (default: 100)
  --poll-interval SECONDS  first wait between two polls of a job and before a retry; it
                           doubles up to 30 s (default: 1)
  --advisor-via WAY        botocore (default when the Python of the AWS CLI, or python3, has
                           it): one process makes every access-advisor call; cli: one `aws`
                           process per call
  --force                  replace an existing DIR/ACCOUNT
  --allow-failed-jobs      write a job that still fails after --max-attempts as it is
                           (JobStatus FAILED: dormant does not take it as evidence) instead of
                           stopping
AWS_RETRY_MODE (default here: adaptive) and AWS_MAX_ATTEMPTS (default here: 10) set the CLI's
own retries. Exit: 0 success, 1 the export failed (nothing is left half-written), 2 usage.
EOF
}

out="exports"
profiles=()
endpoint=""
region=""
not_before=""
max_attempts=5
job_timeout=1800
window=100
poll_interval=1
advisor_via=""
force=0
allow_failed=0
# value OPTION [VALUE...]: exit 2 unless the option has a non-empty value.
value() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    echo "export-aws: $1 needs a value (see --help)" >&2
    exit 2
  fi
}
while [ $# -gt 0 ]; do
  case "$1" in
    --out) value "$@"; out=$2; shift 2 ;;
    --profile) value "$@"; profiles+=("$2"); shift 2 ;;
    --endpoint-url) value "$@"; endpoint=$2; shift 2 ;;
    --region) value "$@"; region=$2; shift 2 ;;
    --report-not-before) value "$@"; not_before=$2; shift 2 ;;
    --max-attempts) value "$@"; max_attempts=$2; shift 2 ;;
    --job-timeout) value "$@"; job_timeout=$2; shift 2 ;;
    --window) value "$@"; window=$2; shift 2 ;;
    --poll-interval) value "$@"; poll_interval=$2; shift 2 ;;
    --advisor-via) value "$@"; advisor_via=$2; shift 2 ;;
    --force) force=1; shift ;;
    --allow-failed-jobs) allow_failed=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'export-aws: unknown argument %q (see --help)\n' "$1" >&2; exit 2 ;;
  esac
done
while [[ "$out" == */ && "$out" != / ]]; do out=${out%/}; done
for n in "$max_attempts" "$job_timeout" "$window"; do
  case "$n" in
    ''|*[!0-9]*|0) echo "export-aws: --max-attempts, --job-timeout and --window take a positive number" >&2
                   exit 2 ;;
  esac
done
[[ "$poll_interval" =~ ^[0-9]+(\.[0-9]+)?$ && ! "$poll_interval" =~ ^0+(\.0+)?$ ]] ||
  { echo "export-aws: --poll-interval takes a positive number of seconds" >&2; exit 2; }
case "$advisor_via" in
  ''|botocore|cli) ;;
  *) echo "export-aws: --advisor-via takes botocore or cli" >&2; exit 2 ;;
esac
not_before_epoch=""
if [ -n "$not_before" ]; then
  not_before_epoch=$(date -u -d "$not_before" +%s 2>/dev/null) ||
    { printf 'export-aws: --report-not-before: %q is not a time\n' "$not_before" >&2; exit 2; }
fi
for tool in aws jq sha256sum python3; do
  command -v "$tool" >/dev/null || { echo "export-aws: '$tool' is not installed" >&2; exit 1; }
done

# The CLI must print JSON, never open a pager and never prompt. Its own retries: adaptive
# (client-side rate limiting on throttling) and more attempts than the default, unless the
# caller chose.
export AWS_PAGER=""
export AWS_CLI_AUTO_PROMPT=off
export AWS_RETRY_MODE=${AWS_RETRY_MODE:-adaptive}
export AWS_MAX_ATTEMPTS=${AWS_MAX_ATTEMPTS:-10}

log() { printf 'export-aws: %s\n' "$*" >&2; }
die() { printf 'export-aws: FAILED: %s\n' "$*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The advisor phase runs in Python, with botocore when one is at hand: first the Python that
# runs the AWS CLI (its botocore is the CLI's own), then python3.
python=python3
if [ "$advisor_via" != cli ]; then
  aws_python=$(sed -n '1s/^#! *\([^ ]*python[0-9.]*\)$/\1/p' "$(command -v aws)" 2>/dev/null || true)
  for candidate in $aws_python python3; do
    if "$candidate" -c 'try:
    import botocore.session
except ImportError:
    import awscli.botocore.session' 2>/dev/null; then
      python=$candidate
      advisor_via=botocore
      break
    fi
  done
  [ "$advisor_via" = botocore ] ||
    { [ -z "$advisor_via" ] || die "--advisor-via botocore: no Python here has botocore"; }
fi
advisor_via=${advisor_via:-cli}

mkdir -p -- "$out"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/export-aws.XXXXXX")
work=""
cleanup() {
  rm -rf -- "$scratch"
  if [ -n "$work" ]; then rm -rf -- "$work"; fi
}
trap cleanup EXIT

# Error codes after which a call is tried again (the CLI has retried them itself already;
# these are what is left when its own attempts ran out), besides any 5xx status and a
# request that got no response.
retryable='Throttling|ThrottlingException|RequestLimitExceeded|TooManyRequestsException|RequestThrottled|RequestThrottledException|SlowDown|ServiceUnavailable|ServiceUnavailableException|ServiceFailure|InternalFailure|InternalError|RequestTimeout|RequestTimeoutException|PriorRequestNotComplete'

aws_cmd=()
code=""
# try_call ARGS...: one AWS CLI call; its JSON output in $scratch/out. A retryable error is
# retried with exponential back-off (poll interval doubling to 30 s), at most max_attempts
# times. Returns 1 with the error code in $code (empty if there was none) on any other error,
# and dies when a retryable one outlasts the attempts. Only the error code is read from the
# CLI's message (`An error occurred (CODE) when calling ...`), never the rest, which may name
# a user.
try_call() {
  local attempt=1 delay=$poll_interval rc
  while :; do
    rc=0
    "${aws_cmd[@]}" "$@" --output json >"$scratch/out" 2>"$scratch/err" || rc=$?
    if [ "$rc" -eq 0 ]; then return 0; fi
    code=$(sed -n 's/^An error occurred (\([^() ]*\)) when calling the .*/\1/p' "$scratch/err" |
           head -n 1)
    if [ -z "$code" ] && grep -qE '^(Could not connect to the endpoint URL|Read timeout on endpoint URL|Connect timeout on endpoint URL|Connection was closed before)' "$scratch/err"; then
      code="connection failure"
    fi
    if ! [[ "$code" =~ ^($retryable|5[0-9][0-9]|connection\ failure)$ ]]; then return 1; fi
    if [ "$attempt" -ge "$max_attempts" ]; then
      sed 's/^/export-aws:   /' "$scratch/err" >&2
      die "aws $1 $2: still $code after $attempt attempts"
    fi
    attempt=$((attempt + 1))
    log "aws $1 $2: $code; retry $attempt/$max_attempts in ${delay}s"
    sleep "$delay"
    delay=$(awk -v d="$delay" 'BEGIN { d *= 2; print (d > 30 ? 30 : d) }')
  done
}
# failed ARGS...: stops the export after the failed try_call ARGS.
failed() {
  sed 's/^/export-aws:   /' "$scratch/err" >&2
  die "aws $1 $2 failed${code:+ ($code)}"
}
# call ARGS...: try_call, its output on standard output; any error stops the export.
call() {
  try_call "$@" || failed "$@"
  cat "$scratch/out"
}
# pause SECONDS: the next delay of a wait that doubles up to 30 s, in $delay.
pause() {
  sleep "$1"
  delay=$(awk -v d="$1" 'BEGIN { d *= 2; print (d > 30 ? 30 : d) }')
}

# The credential report: generate (IAM hands out the last report while it is less than four
# hours old), wait until it is complete, then fetch it. LimitExceeded (too many generations)
# is waited out; an expired or vanished report is generated again; ReportInProgress is
# waited for. All within --job-timeout of the start.
export_credential_report() {
  local dest=$1 state delay=$poll_interval started=$SECONDS generated age
  while :; do
    [ $((SECONDS - started)) -lt "$job_timeout" ] ||
      die "the credential report is not complete after ${job_timeout}s"
    if ! try_call iam generate-credential-report; then
      [ "$code" = LimitExceeded ] || failed iam generate-credential-report
      log "credential report: LimitExceeded; asking again in ${delay}s"
      pause "$delay"
      continue
    fi
    state=$(jq -r '.State' "$scratch/out") || die "generate-credential-report printed no JSON"
    if [ "$state" != COMPLETE ]; then
      log "credential report: $state; asking again in ${delay}s"
      pause "$delay"
      continue
    fi
    if try_call iam get-credential-report; then break; fi
    case "$code" in
      ReportInProgress) log "credential report: in progress; asking again in ${delay}s" ;;
      ReportExpired|ReportNotPresent) log "credential report: $code; generating it again" ;;
      *) failed iam get-credential-report ;;
    esac
    pause "$delay"
  done
  cp -- "$scratch/out" "$dest"
  jq -e '(.Content | type == "string") and (.GeneratedTime | type == "string")' "$dest" \
    >/dev/null || die "get-credential-report printed no Content or no GeneratedTime"
  generated=$(jq -r '.GeneratedTime' "$dest")
  local generated_epoch
  generated_epoch=$(date -u -d "$generated" +%s) || die "GeneratedTime '$generated' is not a time"
  age=$(($(date -u +%s) - generated_epoch))
  log "credential report: generated $generated, $((age / 60)) minutes ago (IAM hands out the same report for up to four hours)"
  if [ -n "$not_before_epoch" ] && [ "$generated_epoch" -lt "$not_before_epoch" ]; then
    die "the credential report was generated at $generated, before --report-not-before $not_before; IAM makes a new one only when the last is four hours old: try again after $(date -u -d "@$((generated_epoch + 4 * 3600))" +%Y-%m-%dT%H:%M:%SZ)"
  fi
}

# The access advisor of every user (scripts/export-aws-advisor.py does the jobs).
export_access_advisor() {
  local dest=$1 n
  call iam list-users >"$scratch/users.json"
  jq -r '.Users | if type == "array" then .[].Arn else error("no Users list") end' \
    "$scratch/users.json" >"$scratch/users.txt" ||
    die "list-users printed no list of users"
  n=$(wc -l <"$scratch/users.txt")
  local -a opts=(--users "$scratch/users.txt" --out "$dest" --transport "$advisor_via"
                 --aws "$(command -v aws)"
                 --window "$window" --job-timeout "$job_timeout" --poll-interval "$poll_interval"
                 --max-attempts "$max_attempts" --retryable "$retryable")
  if [ -n "$profile" ]; then opts+=(--profile "$profile"); fi
  if [ -n "$endpoint" ]; then opts+=(--endpoint-url "$endpoint"); fi
  if [ -n "$region" ]; then opts+=(--region "$region"); fi
  if [ "$allow_failed" -eq 1 ]; then opts+=(--allow-failed-jobs); fi
  log "access advisor: $n users listed"
  "$python" "$here/export-aws-advisor.py" advisor "${opts[@]}" || exit 1
}

# IAM user details (for tag exemptions). The CLI follows the Marker pages itself and merges
# them; a result that still says IsTruncated would be incomplete.
export_iam_details() {
  local dest=$1
  call iam get-account-authorization-details --filter User >"$dest"
  jq -e '(.UserDetailList | type == "array") and (.IsTruncated != true)' "$dest" >/dev/null ||
    die "get-account-authorization-details printed no complete UserDetailList"
  log "iam details: $(jq '.UserDetailList | length' "$dest") users"
}

# put_in_place ACCOUNT: renames the complete export $work to $out/ACCOUNT. An existing one
# (--force) is first renamed to $out/.replaced-ACCOUNT, and removed only once the new one is
# in place: a kill between the two renames leaves both, and the next run puts the old one
# back (recover_replaced).
put_in_place() {
  local dest="$out/$1" old="$out/.replaced-$1"
  if [ -e "$dest" ]; then
    rm -rf -- "$old"
    mv -T -- "$dest" "$old"
    mv -T -- "$work" "$dest" || { mv -T -- "$old" "$dest"; die "could not rename $work to $dest"; }
    work=""
    rm -rf -- "$old"
  else
    mv -T -- "$work" "$dest"
    work=""
  fi
}
# recover_replaced ACCOUNT: undoes what an interrupted put_in_place left.
recover_replaced() {
  local dest="$out/$1" old="$out/.replaced-$1"
  [ -e "$old" ] || return 0
  if [ -e "$dest" ]; then
    rm -rf -- "$old"
  else
    mv -T -- "$old" "$dest"
    log "$dest: put back the previous export, which an interrupted --force had moved aside"
  fi
}

declare -A exported=()
profile=""
# export_account [PROFILE]: everything for one account.
export_account() {
  local account dest name caller
  profile=${1-}
  aws_cmd=(aws)
  if [ -n "$profile" ]; then aws_cmd+=(--profile "$profile"); fi
  if [ -n "$endpoint" ]; then aws_cmd+=(--endpoint-url "$endpoint"); fi
  if [ -n "$region" ]; then aws_cmd+=(--region "$region"); fi

  caller=$(call sts get-caller-identity)
  account=$(jq -r '.Account' <<<"$caller") || die "sts get-caller-identity printed no JSON"
  [[ "$account" =~ ^[0-9]{12}$ ]] || die "sts get-caller-identity gave no account id ('$account')"
  if [ -n "${exported[$account]-}" ]; then
    die "profile '${profile:-(default)}' is account $account again (already exported via '${exported[$account]}')"
  fi
  log "account $account${profile:+ (profile $profile)}: $(jq -r '.Arn' <<<"$caller")"
  dest="$out/$account"
  recover_replaced "$account"
  if [ -e "$dest" ] && [ "$force" -eq 0 ]; then
    die "$dest exists; move it away or use --force"
  fi
  work=$(mktemp -d "$out/.export-$account.XXXXXX")

  export_credential_report "$work/credential-report.json"
  export_access_advisor "$work/access-advisor.ndjson"
  export_iam_details "$work/iam-details.json"
  "$python" "$here/export-aws-advisor.py" crosscheck "$work/credential-report.json" \
    "$work/access-advisor.ndjson" "$work/iam-details.json" || die "the cross-check failed"

  (cd -- "$work" &&
   sha256sum credential-report.json access-advisor.ndjson iam-details.json >SHA256SUMS)
  chmod 700 "$work"
  chmod 600 "$work"/*
  put_in_place "$account"
  exported[$account]=${profile:-(default)}
  while read -r sum name; do
    printf '%s  %s\n' "$sum" "$dest/$name"
  done <"$dest/SHA256SUMS"
  log "account $account: done, $dest"
}

if [ "${#profiles[@]}" -eq 0 ]; then
  export_account ""
else
  for p in "${profiles[@]}"; do export_account "$p"; done
fi
