#!/usr/bin/env bash
# The connected side, end to end, with the real AWS CLI against tests/aws_stub/iam_stub.py
# on 127.0.0.1 (nothing else is contacted):
#   scripts/export-aws.sh --endpoint-url  (throttling, an IN_PROGRESS job, a paginated job,
#                                          a FAILED job, paginated ListUsers and details)
#   dormant evaluate / verify             (the verdicts the stub's account calls for)
#   dormant plan, run against the stub    (refused when as-of is too old; then applied)
#   export again, evaluate again          (exactly the planned users are already_inactive,
#                                          the pruned password is gone)
# Usage: aws_export_test.sh DORMANT_BINARY. Exit 77 (skipped) when the AWS CLI, jq or
# python3 is missing; scripts/setup.sh installs them.
set -euo pipefail

dormant=$(realpath "${1:?usage: aws_export_test.sh DORMANT_BINARY}")
src=$(cd "$(dirname "$0")/.." && pwd)

# The Debian package's CLI (v2) when installed, else whatever `aws` is on PATH.
aws_bin=""
if [ -x /usr/bin/aws ]; then aws_bin=/usr/bin/aws; else aws_bin=$(command -v aws || true); fi
for need in "$aws_bin" "$(command -v jq || true)" "$(command -v python3 || true)"; do
  if [ -z "$need" ]; then
    echo "SKIP: needs the AWS CLI (Debian package awscli), jq and python3" >&2
    exit 77
  fi
done

tmp=$(mktemp -d)
stub_pid=""
cleanup() {
  if [ -n "$stub_pid" ]; then kill "$stub_pid" 2>/dev/null || true; fi
  rm -rf -- "$tmp"
}
trap cleanup EXIT

failures=0
check() {  # check DESCRIPTION COMMAND...: runs COMMAND, counts a failure
  if "${@:2}" >/dev/null; then echo "ok: $1"; else echo "FAIL: $1" >&2; failures=$((failures + 1)); fi
}
fatal() { echo "FATAL: $*" >&2; exit 1; }
show() { echo "--- $1"; cat -- "$1"; echo "---"; }

# --- an isolated AWS CLI environment: dummy credentials, no config, no proxy, no metadata
for v in $(env | sed -n 's/^\(AWS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
export NO_PROXY=127.0.0.1 no_proxy=127.0.0.1
export HOME="$tmp/home"
mkdir -p "$HOME" "$tmp/bin" "$tmp/bin-plan"
: >"$tmp/aws-config"
: >"$tmp/aws-credentials"
export AWS_CONFIG_FILE="$tmp/aws-config" AWS_SHARED_CREDENTIALS_FILE="$tmp/aws-credentials"
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""
# Two attempts per call: the stub throttles three calls in a row, so the CLI gives up once
# and the export script's own retry is exercised too.
export AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=2
ln -s "$aws_bin" "$tmp/bin/aws"
export PATH="$tmp/bin:$PATH"
echo "aws: $(aws --version 2>&1)"

# --- the stub
python3 "$src/tests/aws_stub/iam_stub.py" --port-file "$tmp/port" --log "$tmp/stub.log" \
  --lifetime 1500 --throttle 3 &
stub_pid=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.2; done
[ -s "$tmp/port" ] || fatal "the stub did not start"
url="http://127.0.0.1:$(cat "$tmp/port")"
echo "stub: $url"
cd "$tmp"

# --- export 1
rc=0
bash "$src/scripts/export-aws.sh" --out export1 --endpoint-url "$url" >sums1 2>export1.err || rc=$?
cat export1.err
[ "$rc" -eq 0 ] || fatal "export-aws.sh exited $rc"
acct=export1/111122223333
check "export wrote the three files" \
  test -s "$acct/credential-report.json" -a -s "$acct/access-advisor.ndjson" -a -s "$acct/iam-details.json"
check "no partial export directory is left" \
  test -z "$(find export1 -maxdepth 1 -name '.export-*')"
check "the printed checksums verify" sha256sum --quiet -c sums1
check "SHA256SUMS verifies in the account directory" \
  bash -c "cd '$acct' && sha256sum --quiet -c SHA256SUMS"
check "the printed checksums cover the three files" test "$(wc -l <sums1)" -eq 3
check "credential report: base64 Content, GeneratedTime, text/csv" \
  jq -e '(.Content | test("^[A-Za-z0-9+/=]+$")) and (.GeneratedTime | type == "string")
         and .ReportFormat == "text/csv"' "$acct/credential-report.json"
check "access advisor: one completed, merged document per user" \
  jq -s -e 'length == 7 and all(.[]; .JobStatus == "COMPLETED" and .IsTruncated == false
            and (has("Marker") | not) and (.Arn | startswith("arn:aws:iam::111122223333:user/"))
            and (.JobCompletionDate | type == "string"))' "$acct/access-advisor.ndjson"
check "access advisor: the paginated job's 8 services are merged" \
  jq -s -e '[.[] | select(.Arn | endswith("/svc-idle"))][0].ServicesLastAccessed | length == 8' \
  "$acct/access-advisor.ndjson"
check "access advisor: the ARN with shell characters survived" \
  jq -s -e 'any(.[]; .Arn == "arn:aws:iam::111122223333:user/o'"'"'k;$(x)\"\\`/ci.deploy@legacy")' \
  "$acct/access-advisor.ndjson"
check "iam details: all pages merged" \
  jq -e '(.UserDetailList | length) == 7 and (.IsTruncated != true)' "$acct/iam-details.json"
check "the script retried the throttled call itself" grep -q 'Throttling; retry' export1.err
check "the script polled an IN_PROGRESS job again" grep -q 'jobs done; polling again' export1.err
check "the script started the FAILED job again" grep -q 'user/flaky FAILED' export1.err
check "the stub served Marker pages of a job" \
  grep -q '^GetServiceLastAccessedDetails JobId=.* Marker=page-3' stub.log
check "the CLI followed the pages of ListUsers" grep -q '^ListUsers Marker=' stub.log
check "the CLI followed the pages of the details" \
  grep -q '^GetAccountAuthorizationDetails .*Marker=' stub.log
check "the export made no write call" \
  test -z "$(grep -E '^(Update|Delete|Create)' stub.log || true)"

# --- evaluate
rc=0
"$dormant" evaluate export1 --out dec1.jsonl 2>eval1.err || rc=$?
cat eval1.err
[ "$rc" -eq 0 ] || fatal "dormant evaluate exited $rc"
verdict() {  # verdict FILE USER: the user's verdict and the actions of its credentials
  jq -r --arg u "$2" 'select(.user == $u) |
    .verdict + " " + ([.credentials[] | .id + "=" + .action] | join(","))' "$1"
}
expect() {  # expect FILE USER WANT
  local got
  got=$(verdict "$1" "$2")
  if [ "$got" != "$3" ]; then echo "  $1: $2 is '$got'" >&2; fi
  check "$1: $2 is '$3'" test "$got" = "$3"
}
expect dec1.jsonl alice "keep password=none,access_key_1=none"
expect dec1.jsonl bob "prune password=deactivate,access_key_1=none"
expect dec1.jsonl svc-idle "deactivate access_key_1=none,access_key_2=deactivate"
expect dec1.jsonl carol "already_inactive access_key_1=none"
expect dec1.jsonl ci.deploy@legacy "deactivate access_key_1=deactivate,cert_1=deactivate"
expect dec1.jsonl flaky "keep password=none"
expect dec1.jsonl newbie "keep access_key_1=none"
check "dormant verify accepts the decision file" "$dormant" verify dec1.jsonl

# --- plan
"$dormant" plan dec1.jsonl >plan.sh
check "the plan is valid bash" bash -n plan.sh
printf '#!/bin/sh\nexec %q --endpoint-url %q "$@"\n' "$aws_bin" "$url" >bin-plan/aws
chmod +x bin-plan/aws
writes() { grep -cE '^(UpdateAccessKey|DeleteLoginProfile|UpdateSigningCertificate)' stub.log || true; }

rc=0
DORMANT_PLAN_MAX_AGE_SECONDS=0 PATH="$tmp/bin-plan:$PATH" bash plan.sh 2>plan-old.err || rc=$?
check "a plan older than DORMANT_PLAN_MAX_AGE_SECONDS is refused" test "$rc" -ne 0
check "the refusal names the age" grep -q 'seconds old' plan-old.err
check "the refused plan changed nothing" test "$(writes)" -eq 0

rc=0
PATH="$tmp/bin-plan:$PATH" bash plan.sh 2>plan.err || rc=$?
cat plan.err
check "the plan ran to its end" test "$rc" -eq 0
check "the plan changed 4 credentials" grep -q 'done: 4 changed, 0 skipped' plan.err
check "exactly 4 write calls reached IAM" test "$(writes)" -eq 4
check "svc-idle's active key (slot 2, matched by CreateDate) was deactivated" \
  grep -qx 'UpdateAccessKey AccessKeyId=AKIASVCIDLE0000001 Status=Inactive UserName=svc-idle' stub.log
check "ci.deploy@legacy's key was deactivated" \
  grep -qx 'UpdateAccessKey AccessKeyId=AKIACIDEPLOY000001 Status=Inactive UserName=ci.deploy@legacy' stub.log
check "ci.deploy@legacy's certificate was deactivated" \
  grep -qx 'UpdateSigningCertificate CertificateId=CERTCIDEPLOY00000000000000000001 Status=Inactive UserName=ci.deploy@legacy' stub.log
check "bob's password was deleted" grep -qx 'DeleteLoginProfile UserName=bob' stub.log

# --- export 2 and evaluate again
rc=0
bash "$src/scripts/export-aws.sh" --out export2 --endpoint-url "$url" >sums2 2>export2.err || rc=$?
[ "$rc" -eq 0 ] || { cat export2.err; fatal "the second export exited $rc"; }
rc=0
"$dormant" evaluate export2 --out dec2.jsonl 2>eval2.err || rc=$?
cat eval2.err
[ "$rc" -eq 0 ] || fatal "the second dormant evaluate exited $rc"
expect dec2.jsonl svc-idle "already_inactive access_key_1=none,access_key_2=none"
expect dec2.jsonl ci.deploy@legacy "already_inactive access_key_1=none,cert_1=none"
expect dec2.jsonl bob "keep access_key_1=none"
sets_match() {
  local want got
  want=$(jq -r 'select(.verdict == "already_inactive" or .verdict == "deactivate") | .arn' dec1.jsonl)
  got=$(jq -r 'select(.verdict == "already_inactive") | .arn' dec2.jsonl)
  [ "$want" = "$got" ]
}
check "already_inactive now = before's already_inactive + deactivate, exactly" sets_match
check "no user has an action left" \
  test -z "$(jq -r 'select(.arn) | select(any(.credentials[]; .action != "none")) | .user' dec2.jsonl)"
unchanged() {
  jq -n -e --slurpfile a dec1.jsonl --slurpfile b dec2.jsonl '
    ([$a[] | select(.arn and .verdict != "deactivate" and .verdict != "prune")
      | {(.arn): .verdict}] | add) as $before
    | ([$b[] | select(.arn) | {(.arn): .verdict}] | add) as $after
    | all($before | to_entries[]; $after[.key] == .value)' >/dev/null
}
check "every other verdict is unchanged" unchanged
rc=0
"$dormant" diff dec1.jsonl dec2.jsonl --format markdown >diff.md || rc=$?
check "dormant diff --format markdown runs" test "$rc" -eq 0
check "the diff lists the deactivated users" grep -q 'svc-idle' diff.md
check "the plan of the new decisions does nothing" \
  bash -c "'$dormant' plan dec2.jsonl | grep -q 'Nothing to deactivate'"
check "the stub saw only known actions" test -z "$(cut -d' ' -f1 stub.log | sort -u | grep -vxE \
  'GetCallerIdentity|GenerateCredentialReport|GetCredentialReport|ListUsers|GetUser|GenerateServiceLastAccessedDetails|GetServiceLastAccessedDetails|GetAccountAuthorizationDetails|ListAccessKeys|GetAccessKeyLastUsed|UpdateAccessKey|GetLoginProfile|DeleteLoginProfile|ListSigningCertificates|UpdateSigningCertificate' || true)"

if [ "$failures" -ne 0 ]; then
  show dec1.jsonl
  show dec2.jsonl
  echo "$failures checks failed" >&2
  exit 1
fi
echo "all checks passed"
