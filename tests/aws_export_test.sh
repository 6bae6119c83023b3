#!/usr/bin/env bash
# The connected side, end to end, with the real AWS CLI against tests/aws_stub/iam_stub.py
# on 127.0.0.1 (nothing else is contacted):
#   scripts/export-aws.sh --endpoint-url  (throttling of job starts, polls and list pages,
#                                          LimitExceeded, IN_PROGRESS jobs, a paginated job,
#                                          a FAILED job, paginated ListUsers and details;
#                                          private files)
#   dormant evaluate / verify             (the verdicts the stub's account calls for)
#   dormant plan, run against the stub    (refused when as-of is too old; then applied)
#   export again                          (refused: IAM hands out the old credential report
#                                          for four hours; the stub's clock moves on; then
#                                          exactly the planned users are already_inactive)
#   dormant plan --undo, run against it   (keys and certificate Active again, the printed
#                                          create-login-profile run by hand; exported and
#                                          evaluated again: the decisions of the start)
#   a second stub                         (ReportExpired, a job unknown to the session, a
#                                          user named Throttling deleted mid-run, 5xx and
#                                          RequestTimeout, --region, one `aws` per call: the
#                                          CLI v2 time format through evaluate)
#   a fake `aws`                          (retries by error code only, the CLI's retry
#                                          settings, a broken ListUsers, a missing JobId,
#                                          per-job timeouts)
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
stub_pids=()
cleanup() {
  local pid
  for pid in "${stub_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
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
# Two attempts per call: the stub fails three calls in a row, so the CLI gives up once and the
# export script's own retry is exercised too.
export AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=2
ln -s "$aws_bin" "$tmp/bin/aws"
export PATH="$tmp/bin:$PATH"
echo "aws: $(aws --version 2>&1)"

# start_stub NAME ARGS...: a stub logging to NAME.log and NAME.scope; its URL in $url.
start_stub() {
  local name=$1
  shift
  python3 "$src/tests/aws_stub/iam_stub.py" --port-file "$tmp/$name.port" --log "$tmp/$name.log" \
    --scope-log "$tmp/$name.scope" --lifetime 900 --job-seconds 0.6 --report-seconds 0.5 "$@" &
  stub_pids+=($!)
  for _ in $(seq 100); do [ -s "$tmp/$name.port" ] && break; sleep 0.1; done
  [ -s "$tmp/$name.port" ] || fatal "the stub $name did not start"
  url="http://127.0.0.1:$(cat "$tmp/$name.port")"
  echo "stub $name: $url"
}
# export ARGS...: scripts/export-aws.sh with short waits; exit status in $rc.
export_aws() {
  rc=0
  bash "$src/scripts/export-aws.sh" --poll-interval 0.2 "$@" || rc=$?
}
modes() {  # modes DIR: the modes of DIR and everything in it, one per line, sorted unique
  find "$1" -printf '%y %m\n' | sort -u | tr '\n' ' '
}

# --- the stub: throttling of job starts, of polls and of ListUsers pages after the first,
# one LimitExceeded, a clock the test can move
echo 0 >"$tmp/clock"
start_stub stub --clock-file "$tmp/clock" \
  --fault GenerateServiceLastAccessedDetails:Throttling:400:3 \
  --fault GetServiceLastAccessedDetails:Throttling:400:3 \
  --fault ListUsers:Throttling:400:3:paged \
  --fault GenerateCredentialReport:LimitExceeded:409:1
main_url=$url
cd "$tmp"

# --- export 1
export_aws --out export1 --endpoint-url "$url" >sums1 2>export1.err
cat export1.err
[ "$rc" -eq 0 ] || fatal "export-aws.sh exited $rc"
acct=export1/111122223333
check "export wrote the three files" \
  test -s "$acct/credential-report.json" -a -s "$acct/access-advisor.ndjson" -a -s "$acct/iam-details.json"
check "the exports are private: directories 0700, files 0600" \
  test "$(modes export1)" = "d 700 f 600 "
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
check "the script retried throttled job starts itself" \
  grep -q '^export-aws: GenerateServiceLastAccessedDetails: Throttling; retry' export1.err
check "the script retried throttled polls itself" \
  grep -q '^export-aws: GetServiceLastAccessedDetails: Throttling; retry' export1.err
check "the script retried ListUsers throttled mid-pagination" \
  grep -q '^export-aws: aws iam list-users: Throttling; retry' export1.err
check "the stub throttled a ListUsers page after the first" \
  test "$(grep -c '^ListUsers Marker=page-2' stub.log)" -ge 2
check "the script waited out LimitExceeded" grep -q 'credential report: LimitExceeded' export1.err
check "the script logged the credential report's age" \
  grep -q 'credential report: generated .*, 0 minutes ago' export1.err
polled_twice() {  # some job was polled again after an IN_PROGRESS answer
  grep '^GetServiceLastAccessedDetails JobId=[^ ]*$' stub.log | sort | uniq -d | grep -q .
}
check "the script polled an IN_PROGRESS job again" polled_twice
check "the script started the FAILED job again" grep -q 'user/flaky FAILED' export1.err
check "all users are in all three files" grep -q 'users: 7 in all three files' export1.err
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

# --- export 2: IAM (and the stub) hand out the same credential report for four hours, so
# the export right after the plan is refused by --report-not-before; four hours later (the
# stub's clock moves) a new report is made.
applied=$(date -u +%Y-%m-%dT%H:%M:%SZ)
export_aws --out export2 --endpoint-url "$url" --report-not-before "$applied" >sums2 2>export2.err
check "an export right after the plan is refused (the report is older than the plan)" \
  test "$rc" -eq 1
check "the refusal says when to try again" grep -q 'before --report-not-before.*try again after' \
  export2.err
check "the refused export wrote nothing" test -z "$(ls -A export2)"
echo 14460 >clock
export_aws --out export2 --endpoint-url "$url" --report-not-before "$applied" >sums2 2>export2.err
[ "$rc" -eq 0 ] || { cat export2.err; fatal "the second export exited $rc"; }
new_report() {
  [ "$(jq -r .GeneratedTime export1/111122223333/credential-report.json)" != \
    "$(jq -r .GeneratedTime export2/111122223333/credential-report.json)" ]
}
check "four hours on, the stub generated a new report" new_report
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
# --- --force, interrupted between its two renames (the old export moved aside, the new one
# not yet in place): the next run puts the old one back before anything else.
mv -T export2/111122223333 export2/.replaced-111122223333
export_aws --out export2 --endpoint-url "$url" >/dev/null 2>force.err
check "after an interrupted --force, the next run puts the old export back" \
  grep -q 'put back the previous export' force.err
check "... and, without --force, keeps it" test "$rc" -eq 1 -a -d export2/111122223333
check "... intact" bash -c 'cd export2/111122223333 && sha256sum --quiet -c SHA256SUMS'

# --- plan --undo, run against the stub the plan changed: the keys and the certificate are set
# Active again; bob's deleted password cannot be given back, so the undo prints the
# create-login-profile command, which a person runs (here with NEW_PASSWORD). Exported again
# (four more hours on, so that IAM makes a new credential report) and evaluated, every user is
# back where dec1 put it, except that bob's password is a new one: its idle clock starts again.
"$dormant" plan --undo dec1.jsonl >undo.sh
check "the undo script is valid bash" bash -n undo.sh
before=$(writes)
rc=0
DORMANT_PLAN_DRY_RUN=1 PATH="$tmp/bin-plan:$PATH" bash undo.sh >undo-dry.out 2>undo-dry.err || rc=$?
check "a dry undo runs to its end" test "$rc" -eq 0
check "a dry undo changes nothing" test "$(writes)" -eq "$before"
rc=0
DORMANT_PLAN_MAX_AGE_SECONDS=0 PATH="$tmp/bin-plan:$PATH" bash undo.sh >undo.out 2>undo.err || rc=$?
cat undo.err
check "the undo ran to its end (an undo is never refused for its age)" test "$rc" -eq 0
check "the undo set 3 credentials Active and printed 1 command" \
  grep -q 'done: 3 changed, 0 skipped, 0 already in the target state, 1 printed to run by hand' undo.err
check "svc-idle's key is Active again" \
  grep -qx 'UpdateAccessKey AccessKeyId=AKIASVCIDLE0000001 Status=Active UserName=svc-idle' stub.log
check "ci.deploy@legacy's key is Active again" \
  grep -qx 'UpdateAccessKey AccessKeyId=AKIACIDEPLOY000001 Status=Active UserName=ci.deploy@legacy' stub.log
check "ci.deploy@legacy's certificate is Active again" \
  grep -qx 'UpdateSigningCertificate CertificateId=CERTCIDEPLOY00000000000000000001 Status=Active UserName=ci.deploy@legacy' stub.log
check "the undo printed bob's create-login-profile command" \
  test "$(cat undo.out)" = "aws iam create-login-profile --user-name='bob' --password-reset-required --password=\"\${NEW_PASSWORD:?set NEW_PASSWORD to a new temporary password}\""
check "the undo did not run it" test -z "$(grep '^CreateLoginProfile' stub.log || true)"
rc=0
NEW_PASSWORD='Temporary-Passw0rd!' PATH="$tmp/bin-plan:$PATH" bash -c "$(cat undo.out)" \
  >/dev/null 2>create.err || rc=$?
cat create.err
check "the printed command runs with the real AWS CLI" test "$rc" -eq 0
check "it gave bob a password that must be changed at the next sign-in" \
  grep -qx 'CreateLoginProfile Password=Temporary-Passw0rd! PasswordResetRequired=true UserName=bob' stub.log
echo 28920 >clock
export_aws --out export-undo --endpoint-url "$url" >/dev/null 2>export-undo.err
[ "$rc" -eq 0 ] || { cat export-undo.err; fatal "the export after the undo exited $rc"; }
check "eight hours on, the stub generated a new report" test \
  "$(jq -r .GeneratedTime export2/111122223333/credential-report.json)" != \
  "$(jq -r .GeneratedTime export-undo/111122223333/credential-report.json)"
rc=0
"$dormant" evaluate export-undo --out dec-undo.jsonl 2>eval-undo.err || rc=$?
check "the evaluation after the undo runs" test "$rc" -eq 0 -o "$rc" -eq 3
decided() {  # decided FILE: each user's line but bob's, without the times that moved on
  jq -c 'select(.arn and .user != "bob") | [.arn, .verdict, .reasons,
    [.credentials[] | [.id, .status, .issued, .last_used, .action]]]' "$1"
}
check "after the undo, every other user's decision is back to dec1's" \
  test "$(decided dec1.jsonl)" = "$(decided dec-undo.jsonl)"
check "... and different from dec2's (the check can fail)" \
  test "$(decided dec2.jsonl)" != "$(decided dec-undo.jsonl)"
expect dec-undo.jsonl svc-idle "deactivate access_key_1=none,access_key_2=deactivate"
expect dec-undo.jsonl ci.deploy@legacy "deactivate access_key_1=deactivate,cert_1=deactivate"
check "bob has an active console password again, a new one (issued after dec1's)" \
  jq -e -s --slurpfile old dec1.jsonl '
    ($old[] | select(.user == "bob") | .credentials[] | select(.id == "password") | .issued) as $was
    | .[] | select(.user == "bob") | .credentials[] | select(.id == "password")
    | .status == "active" and .issued > $was' dec-undo.jsonl

# --- the CLI v1 time format (2026-11-19T22:10:04.803Z, as IAM sends it; v2 prints +00:00):
# the advisor documents above came through botocore in that format already; the same export
# with the report's GeneratedTime as v1 prints it gives the same decisions.
cp -r export1 export1-v1
jq -c '.GeneratedTime |= sub("\\+00:00$"; ".000Z")' export1/111122223333/credential-report.json \
  >export1-v1/111122223333/credential-report.json
check "the advisor documents have v1 times (…NNNZ)" \
  jq -s -e 'all(.[]; .JobCompletionDate | test("^[0-9-]{10}T[0-9:]{8}(\\.[0-9]{3})?Z$"))' \
  export1/111122223333/access-advisor.ndjson
check "the credential report has a v2 time (+00:00)" \
  jq -e '.GeneratedTime | test("\\+00:00$")' export1/111122223333/credential-report.json
same_decisions() {  # same_decisions DIR DECISIONS: evaluating DIR gives DECISIONS' verdicts
  "$dormant" evaluate "$1" --out "$1.jsonl" 2>/dev/null || [ $? -eq 3 ]
  [ "$(jq -c 'select(.arn) | [.arn, .verdict, .credentials]' "$1.jsonl")" = \
    "$(jq -c 'select(.arn) | [.arn, .verdict, .credentials]' "$2")" ]
}
check "dormant evaluate reads the v1 shapes alike" same_decisions export1-v1 dec1.jsonl

# --- the IAM stub binds a JobId to the session (access key) that started it
job=$(aws --endpoint-url "$main_url" iam generate-service-last-accessed-details \
  --arn arn:aws:iam::111122223333:user/alice --query JobId --output text)
rc=0
AWS_ACCESS_KEY_ID=ASIAOTHERSESSION0001 aws --endpoint-url "$main_url" iam \
  get-service-last-accessed-details --job-id "$job" >/dev/null 2>other-session.err || rc=$?
check "the stub refuses a JobId to another session with NoSuchEntity" \
  grep -q '^An error occurred (NoSuchEntity) when calling the GetServiceLastAccessedDetails' \
  other-session.err

# --- a second stub: the report expires between Generate and Get, a poll answers NoSuchEntity
# (the job is unknown to the session), a user named `Throttling` is deleted after ListUsers,
# polls get 503 and the details RequestTimeout and PriorRequestNotComplete; every call by
# its own `aws` process (the CLI v2 time format) and through GovCloud's region.
start_stub stub2 --add-user Throttling --delete-after-list Throttling \
  --fault GetCredentialReport:ReportExpired:410:1 \
  --fault GetServiceLastAccessedDetails:NoSuchEntity:404:1 \
  --fault GetServiceLastAccessedDetails:ServiceUnavailable:503:2 \
  --fault GetAccountAuthorizationDetails:RequestTimeout:408:2 \
  --fault GetAccountAuthorizationDetails:PriorRequestNotComplete:400:2
export_aws --out export3 --endpoint-url "$url" --advisor-via cli --region us-gov-west-1 \
  >sums3 2>export3.err
cat export3.err
check "the second export succeeded" test "$rc" -eq 0
check "ReportExpired: the report was generated again" \
  grep -q 'credential report: ReportExpired; generating it again' export3.err
check "a job unknown to the session was started again" \
  grep -q 'is unknown to these credentials .*starting it again' export3.err
check "the user deleted after ListUsers was left out, with a line" \
  grep -q 'user/Throttling no longer exists (deleted after ListUsers); left out' export3.err
check "a user named Throttling caused no retry" \
  test "$(grep -c '^GenerateServiceLastAccessedDetails Arn=.*user/Throttling$' stub2.log)" -eq 1
check "the user in the report only was logged" \
  grep -q 'users: arn:aws:iam::111122223333:user/Throttling is in the credential report but not in the access advisor and iam details' \
  export3.err
check "503 on a poll was retried" \
  grep -q 'GetServiceLastAccessedDetails: ServiceUnavailable; retry' export3.err
check "RequestTimeout was retried" \
  grep -q 'get-account-authorization-details: RequestTimeout; retry' export3.err
check "PriorRequestNotComplete was retried" \
  grep -q 'get-account-authorization-details: PriorRequestNotComplete; retry' export3.err
check "every call went to the region given" \
  test -z "$(awk '$2 != "us-gov-west-1"' stub2.scope)"
check "the advisor documents have v2 times (+00:00)" \
  jq -s -e 'all(.[]; .JobCompletionDate | test("\\+00:00$"))' export3/111122223333/access-advisor.ndjson
rc=0
"$dormant" evaluate export3 --out dec3.jsonl 2>eval3.err || rc=$?
check "dormant evaluate reads the v2 shapes" test "$rc" -eq 0 -o "$rc" -eq 3
expect dec3.jsonl svc-idle "deactivate access_key_1=none,access_key_2=deactivate"
expect dec3.jsonl alice "keep password=none,access_key_1=none"

# --- a fake `aws`, for what IAM cannot be made to do: every call is logged to fake.calls
mkdir -p bin-fake
cat >bin-fake/aws <<'EOF'
#!/usr/bin/env bash
printf '%s\n' "$*" >>"$FAKE_DIR/fake.calls"
printf '%s %s\n' "${AWS_RETRY_MODE-unset}" "${AWS_MAX_ATTEMPTS-unset}" >>"$FAKE_DIR/fake.env"
case "$*" in
  *"sts get-caller-identity"*)
    if [ -n "${FAKE_DENY-}" ]; then
      printf '\nAn error occurred (AccessDenied) when calling the GetCallerIdentity operation: User: arn:aws:iam::111122223333:user/Throttling is not authorized (ServiceUnavailable)\n' >&2
      exit 254
    fi
    echo '{"Account": "111122223333", "Arn": "arn:aws:iam::111122223333:user/x"}' ;;
  *generate-credential-report*) echo '{"State": "COMPLETE"}' ;;
  *get-credential-report*)
    printf '{"Content": "%s", "GeneratedTime": "%s", "ReportFormat": "text/csv"}\n' \
      "$(printf 'user,arn\n' | base64 -w0)" "$(date -u +%Y-%m-%dT%H:%M:%S+00:00)" ;;
  *list-users*) echo "${FAKE_USERS-not json}" ;;
  *generate-service-last-accessed-details*)
    if [ -n "${FAKE_NO_JOBID-}" ]; then echo '{}'; else echo "{\"JobId\": \"$(date +%s.%N)\"}"; fi ;;
  *get-service-last-accessed-details*)
    args="$*"; started=${args##*--job-id }; started=${started%% *}
    if [ "$(echo "$(date +%s.%N) - $started > 0.3" | bc)" = 1 ]; then
      echo '{"JobStatus": "COMPLETED", "JobCompletionDate": "2026-11-20T00:00:00Z", "ServicesLastAccessed": [{"ServiceNamespace": "s3"}], "IsTruncated": false}'
    else
      echo '{"JobStatus": "IN_PROGRESS"}'
    fi ;;
  *get-account-authorization-details*) echo '{"UserDetailList": [], "IsTruncated": false}' ;;
  *) echo "fake aws: $*" >&2; exit 1 ;;
esac
EOF
chmod +x bin-fake/aws
fake() {  # fake ARGS...: the export script with the fake aws; exit status in $rc
  rm -f fake.calls fake.env
  rc=0
  FAKE_DIR=$tmp PATH="$tmp/bin-fake:$PATH" bash "$src/scripts/export-aws.sh" --out "fake-$RANDOM" \
    --poll-interval 0.1 --advisor-via cli "$@" >fake.out 2>fake.err || rc=$?
}
FAKE_DENY=1 fake
check "an error whose message says Throttling is not retried" \
  test "$rc" -eq 1 -a "$(wc -l <fake.calls)" -eq 1
(unset AWS_RETRY_MODE AWS_MAX_ATTEMPTS; FAKE_DENY=1 fake)
check "the script sets AWS_RETRY_MODE=adaptive and AWS_MAX_ATTEMPTS=10" \
  test "$(cat fake.env)" = "adaptive 10"
FAKE_DENY=1 AWS_RETRY_MODE=legacy AWS_MAX_ATTEMPTS=3 fake
check "... unless the caller set them" test "$(cat fake.env)" = "legacy 3"
fake
check "a ListUsers that is not JSON fails the export" \
  grep -q 'FAILED: list-users printed no list of users' fake.err
FAKE_USERS='{"Users": null}' fake
check "a ListUsers without a list fails the export" \
  grep -q 'FAILED: list-users printed no list of users' fake.err
FAKE_USERS='{"Users": [{"Arn": "arn:aws:iam::111122223333:user/a"}]}' FAKE_NO_JOBID=1 fake
check "a missing JobId fails the export" grep -q 'FAILED: .* returned no JobId' fake.err
FAKE_USERS=$(jq -c -n '{Users: [range(6) | {Arn: "arn:aws:iam::111122223333:user/u\(.)"}]}') \
  fake --window 1 --job-timeout 2
check "the job timeout counts from each job's own start (6 jobs of 0.3 s one after the other, 2 s each)" \
  test "$rc" -eq 0

check "the stub saw only known actions" test -z "$(cat ./*.log | cut -d' ' -f1 | sort -u | grep -vxE \
  'GetCallerIdentity|GenerateCredentialReport|GetCredentialReport|ListUsers|GetUser|GenerateServiceLastAccessedDetails|GetServiceLastAccessedDetails|GetAccountAuthorizationDetails|ListAccessKeys|GetAccessKeyLastUsed|UpdateAccessKey|GetLoginProfile|DeleteLoginProfile|CreateLoginProfile|ListSigningCertificates|UpdateSigningCertificate' || true)"

if [ "$failures" -ne 0 ]; then
  show dec1.jsonl
  show dec2.jsonl
  echo "$failures checks failed" >&2
  exit 1
fi
echo "all checks passed"
