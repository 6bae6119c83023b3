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
# with `sha256sum -c`. Progress and problems go to standard error.
#
# Needs bash, the AWS CLI (v2, or v1) and jq, and read-only IAM permissions:
# iam:GenerateCredentialReport, iam:GetCredentialReport, iam:ListUsers,
# iam:GenerateServiceLastAccessedDetails, iam:GetServiceLastAccessedDetails,
# iam:GetAccountAuthorizationDetails (sts:GetCallerIdentity needs none).
#
# An account directory appears only when its export is complete (it is written under
# OUT/.export-ACCOUNT.* and renamed into place). Throttling and transient errors are retried
# with exponential back-off, access-advisor jobs that fail are started again, both at most
# --max-attempts times; anything else stops the export with a message and exit 1.
set -euo pipefail
shopt -s inherit_errexit

usage() {
  cat <<'EOF'
Usage: scripts/export-aws.sh [--out DIR] [--profile NAME]... [--endpoint-url URL] [--region REGION]
                             [--max-attempts N] [--job-timeout SECONDS] [--force]
                             [--allow-failed-jobs]

Exports the credential report, the access-advisor data of every IAM user and the IAM user
details of the current AWS account (or of each --profile) into DIR/ACCOUNT/, ready for
`dormant evaluate DIR`. Prints the sha256 of every file written.

  --out DIR              where to write (default: exports)
  --profile NAME         an AWS CLI profile; repeat for several accounts (default: the
                         credentials of the environment)
  --endpoint-url URL     send every IAM and STS call to URL (a test stub, a proxy)
  --region REGION        passed to every call (IAM is global; STS needs some region)
  --max-attempts N       attempts per call on throttling or a transient error, and per
                         access-advisor job that fails (default: 5)
  --job-timeout SECONDS  give up when the access-advisor jobs of an account have not all
                         completed after this long (default: 1800)
  --force                replace an existing DIR/ACCOUNT
  --allow-failed-jobs    write a job that still fails after --max-attempts as it is
                         (JobStatus FAILED: dormant does not take it as evidence) instead of
                         stopping
Exit: 0 success, 1 the export failed (nothing is left half-written), 2 usage.
EOF
}

out="exports"
profiles=()
endpoint=""
region=""
max_attempts=5
job_timeout=1800
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
    --max-attempts) value "$@"; max_attempts=$2; shift 2 ;;
    --job-timeout) value "$@"; job_timeout=$2; shift 2 ;;
    --force) force=1; shift ;;
    --allow-failed-jobs) allow_failed=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'export-aws: unknown argument %q (see --help)\n' "$1" >&2; exit 2 ;;
  esac
done
while [[ "$out" == */ && "$out" != / ]]; do out=${out%/}; done
for n in "$max_attempts" "$job_timeout"; do
  case "$n" in
    ''|*[!0-9]*|0) echo "export-aws: --max-attempts and --job-timeout take a positive number" >&2
                   exit 2 ;;
  esac
done
for tool in aws jq sha256sum; do
  command -v "$tool" >/dev/null || { echo "export-aws: '$tool' is not installed" >&2; exit 1; }
done

# The CLI must print JSON, never open a pager and never prompt.
export AWS_PAGER=""
export AWS_CLI_AUTO_PROMPT=off

log() { printf 'export-aws: %s\n' "$*" >&2; }
die() { printf 'export-aws: FAILED: %s\n' "$*" >&2; exit 1; }

mkdir -p -- "$out"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/export-aws.XXXXXX")
work=""
cleanup() {
  rm -rf -- "$scratch"
  if [ -n "$work" ]; then rm -rf -- "$work"; fi
}
trap cleanup EXIT

# Errors after which a call is tried again. The CLI has retried throttling itself already;
# these are what is left when its own attempts ran out.
retryable='Throttling|ThrottlingException|RequestLimitExceeded|TooManyRequests|RequestThrottled|SlowDown|ServiceUnavailable|ServiceFailure|InternalFailure|InternalError|ReportInProgress|Could not connect to the endpoint|Read timeout|Connect timeout|Connection was closed'

aws_cmd=()
# call ARGS...: one AWS CLI call, its JSON output on standard output. Retried with exponential
# back-off (1 s, 2 s, 4 s ... at most 30 s) on a retryable error, at most max_attempts times.
call() {
  local attempt=1 delay=1 rc
  while :; do
    rc=0
    "${aws_cmd[@]}" "$@" --output json >"$scratch/out" 2>"$scratch/err" || rc=$?
    if [ "$rc" -eq 0 ]; then
      cat "$scratch/out"
      return 0
    fi
    local reason
    reason=$(grep -Eo "$retryable" "$scratch/err" | head -n 1 || true)
    if [ -z "$reason" ] || [ "$attempt" -ge "$max_attempts" ]; then
      sed 's/^/export-aws:   /' "$scratch/err" >&2
      if [ -n "$reason" ]; then
        die "aws $1 $2: still $reason after $attempt attempts"
      fi
      die "aws $1 $2 failed (exit $rc)"
    fi
    attempt=$((attempt + 1))
    log "aws $1 $2: $reason; retry $attempt/$max_attempts in ${delay}s"
    sleep "$delay"
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
  done
}

# The credential report: generate (IAM reuses a report less than four hours old), wait
# until it is complete, then fetch it.
export_credential_report() {
  local dest=$1 state delay=1 deadline=$((SECONDS + job_timeout))
  while :; do
    state=$(call iam generate-credential-report | jq -r '.State')
    [ "$state" = "COMPLETE" ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "the credential report is still $state after ${job_timeout}s"
    log "credential report: $state; asking again in ${delay}s"
    sleep "$delay"
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
  done
  call iam get-credential-report >"$dest"
  jq -e '(.Content | type == "string") and (.GeneratedTime | type == "string")' "$dest" \
    >/dev/null || die "get-credential-report printed no Content or no GeneratedTime"
  log "credential report: generated $(jq -r '.GeneratedTime' "$dest")"
}

# The access advisor of every user. Jobs are started for all users (AWS runs them in
# parallel), then polled in rounds with back-off; a completed job's Marker pages are
# fetched and merged into one document: ServicesLastAccessed concatenated, IsTruncated
# false, no Marker, plus "Arn".
export_access_advisor() {
  local dest=$1 i n status page marker delay=1 deadline=$((SECONDS + job_timeout))
  local -a arns jobs tries pending still failed=()
  call iam list-users >"$scratch/users.json"
  mapfile -t arns < <(jq -r '.Users[].Arn' "$scratch/users.json")
  n=${#arns[@]}
  log "access advisor: starting jobs for $n users"
  mkdir -p "$scratch/advisor"
  for ((i = 0; i < n; i++)); do
    jobs[i]=$(call iam generate-service-last-accessed-details --arn "${arns[i]}" | jq -r '.JobId')
    tries[i]=1
    pending+=("$i")
  done
  while [ "${#pending[@]}" -gt 0 ]; do
    still=()
    for i in "${pending[@]}"; do
      call iam get-service-last-accessed-details --job-id "${jobs[i]}" >"$scratch/page.1"
      status=$(jq -r '.JobStatus' "$scratch/page.1")
      case "$status" in
        COMPLETED)
          page=1
          while jq -e '.IsTruncated == true' "$scratch/page.$page" >/dev/null; do
            marker=$(jq -r '.Marker // empty' "$scratch/page.$page")
            [ -n "$marker" ] || die "job ${jobs[i]} (${arns[i]}): a truncated page without Marker"
            call iam get-service-last-accessed-details --job-id "${jobs[i]}" --marker "$marker" \
              >"$scratch/page.$((page + 1))"
            page=$((page + 1))
            jq -e '.JobStatus == "COMPLETED"' "$scratch/page.$page" >/dev/null ||
              die "job ${jobs[i]} (${arns[i]}): page $page is not COMPLETED"
          done
          local -a files=()
          local p
          for ((p = 1; p <= page; p++)); do files+=("$scratch/page.$p"); done
          jq -c -s --arg arn "${arns[i]}" \
            '{Arn: $arn} + (.[0] | del(.Marker))
             + {ServicesLastAccessed: (map(.ServicesLastAccessed // []) | add),
                IsTruncated: false}' "${files[@]}" >"$scratch/advisor/$i"
          if [ "$page" -gt 1 ]; then log "access advisor: ${arns[i]}: $page pages merged"; fi
          ;;
        FAILED)
          local why
          why=$(jq -r '(.Error.Code // "no code") + ": " + (.Error.Message // "no message")' \
                "$scratch/page.1")
          if [ "${tries[i]}" -lt "$max_attempts" ]; then
            tries[i]=$((tries[i] + 1))
            log "access advisor: job for ${arns[i]} FAILED ($why); starting it again (attempt ${tries[i]}/$max_attempts)"
            jobs[i]=$(call iam generate-service-last-accessed-details --arn "${arns[i]}" |
                      jq -r '.JobId')
            still+=("$i")
          elif [ "$allow_failed" -eq 1 ]; then
            log "access advisor: job for ${arns[i]} FAILED ${tries[i]} times ($why); written as FAILED (--allow-failed-jobs)"
            jq -c --arg arn "${arns[i]}" '{Arn: $arn} + .' "$scratch/page.1" >"$scratch/advisor/$i"
            failed+=("${arns[i]}")
          else
            die "the access-advisor job for ${arns[i]} FAILED ${tries[i]} times ($why); try again later, or use --allow-failed-jobs"
          fi
          ;;
        IN_PROGRESS) still+=("$i") ;;
        *) die "job ${jobs[i]} (${arns[i]}): unexpected JobStatus '$status'" ;;
      esac
    done
    pending=("${still[@]}")
    if [ "${#pending[@]}" -gt 0 ]; then
      [ "$SECONDS" -lt "$deadline" ] ||
        die "${#pending[@]} access-advisor jobs did not complete within ${job_timeout}s"
      log "access advisor: $((n - ${#pending[@]}))/$n jobs done; polling again in ${delay}s"
      sleep "$delay"
      delay=$((delay * 2 > 30 ? 30 : delay * 2))
    fi
  done
  : >"$dest"
  for ((i = 0; i < n; i++)); do cat "$scratch/advisor/$i" >>"$dest"; done
  # An account without IAM users (SSO only) has no document: `[]` is an advisor file with
  # none, where an empty file would read as an (invalid, empty) credential report CSV.
  if [ "$n" -eq 0 ]; then echo '[]' >"$dest"; fi
  log "access advisor: $n users written${failed[0]:+, ${#failed[@]} of them FAILED}"
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

declare -A exported=()
# export_account [PROFILE]: everything for one account.
export_account() {
  local profile=${1-} account dest name
  aws_cmd=(aws)
  if [ -n "$profile" ]; then aws_cmd+=(--profile "$profile"); fi
  if [ -n "$endpoint" ]; then aws_cmd+=(--endpoint-url "$endpoint"); fi
  if [ -n "$region" ]; then aws_cmd+=(--region "$region"); fi

  account=$(call sts get-caller-identity | jq -r '.Account')
  [[ "$account" =~ ^[0-9]{12}$ ]] || die "sts get-caller-identity gave no account id ('$account')"
  if [ -n "${exported[$account]-}" ]; then
    die "profile '${profile:-(default)}' is account $account again (already exported via '${exported[$account]}')"
  fi
  log "account $account${profile:+ (profile $profile)}"
  dest="$out/$account"
  if [ -e "$dest" ] && [ "$force" -eq 0 ]; then
    die "$dest exists; move it away or use --force"
  fi
  work=$(mktemp -d "$out/.export-$account.XXXXXX")

  export_credential_report "$work/credential-report.json"
  export_access_advisor "$work/access-advisor.ndjson"
  export_iam_details "$work/iam-details.json"

  (cd -- "$work" &&
   sha256sum credential-report.json access-advisor.ndjson iam-details.json >SHA256SUMS)
  chmod 755 "$work"
  if [ -e "$dest" ]; then
    mv -- "$dest" "$work.old"
    mv -- "$work" "$dest"
    rm -rf -- "$work.old"
  else
    mv -- "$work" "$dest"
  fi
  work=""
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
