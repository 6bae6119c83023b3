#!/usr/bin/env bash
# `dormant plan` and the script it prints, run against a fake `aws` (no AWS CLI needed): the
# verification before planning, every check of the applier's script and every way it stops,
# skips or finds a credential already done, dry runs, re-runs and quoting. The real CLI runs
# the same script in aws_export_test.sh.
# Usage: plan_script_test.sh DORMANT_BINARY
set -euo pipefail

dormant=$(realpath "${1:?usage: plan_script_test.sh DORMANT_BINARY}")
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
cd "$tmp"
failures=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}" >/dev/null; then echo "ok: $1"; else echo "FAIL: $1" >&2; failures=$((failures + 1)); fi
}

# --- the fake AWS CLI: answers from the files of $FAKE (and updates them as IAM would), logs
# every call to $FAKE/calls and every change to $FAKE/writes. $FAKE/deny.OP or
# $FAKE/deny.OP.QUERY makes the call OP (with --query QUERY) fail with the file's text.
mkdir bin
cat >bin/aws <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
printf '%s\n' "$*" >>"$FAKE/calls"
service=$1 op=$2
shift 2
declare -A arg=([query]="")
while [ $# -gt 0 ]; do
  case "$1" in
    --*=*) k=${1%%=*}; arg[${k#--}]=${1#*=}; shift ;;
    --password-reset-required) arg[password-reset-required]=1; shift ;;
    --*) arg[${1#--}]=${2-}; shift; [ $# -eq 0 ] || shift ;;
    *) shift ;;
  esac
done
for deny in "$FAKE/deny.$op.${arg[query]}" "$FAKE/deny.$op"; do
  if [ -f "$deny" ]; then cat "$deny" >&2; exit 254; fi
done
missing() {
  printf '\nAn error occurred (NoSuchEntity) when calling the %s operation: %s cannot be found.\n' "$1" "$2" >&2
  exit 254
}
answer() { if [ -f "$FAKE/$1" ]; then cat "$FAKE/$1"; else echo "${2-None}"; fi; }
# set_status FILE ID STATUS: the line of ID in FILE (ID<TAB>TIME<TAB>STATUS) gets STATUS.
set_status() {
  awk -F'\t' -v OFS='\t' -v id="$2" -v status="$3" '$1 == id { $3 = status } 1' "$1" >"$1.new"
  mv -- "$1.new" "$1"
}
write() {
  [ ! -f "$FAKE/fail-writes" ] || {
    echo "An error occurred (AccessDenied) when calling the $1 operation: denied" >&2; exit 254; }
  printf '%s %s\n' "$op" "$2" >>"$FAKE/writes"
}
user=${arg[user-name]-}
case "$service $op" in
  "sts get-caller-identity") cat "$FAKE/account" ;;
  "iam get-user")
    [ -f "$FAKE/arn.$user" ] || missing GetUser "The user with name $user"
    case "${arg[query]}" in
      User.Arn) cat "$FAKE/arn.$user" ;;
      User.PasswordLastUsed) answer "pwused.$user" ;;
      *) echo "fake aws: unexpected query ${arg[query]}" >&2; exit 255 ;;
    esac ;;
  "iam list-access-keys")
    [ -f "$FAKE/keys.$user" ] || missing ListAccessKeys "The user with name $user"
    cat "$FAKE/keys.$user" ;;
  "iam get-access-key-last-used") answer "used.${arg[access-key-id]}" ;;
  "iam get-login-profile")
    [ -f "$FAKE/profile.$user" ] || missing GetLoginProfile "Login Profile for User $user"
    cat "$FAKE/profile.$user" ;;
  "iam list-signing-certificates") answer "certs.$user" "" ;;
  "iam update-access-key")
    write UpdateAccessKey "--user-name=$user --access-key-id=${arg[access-key-id]} --status=${arg[status]}"
    set_status "$FAKE/keys.$user" "${arg[access-key-id]}" "${arg[status]}" ;;
  "iam update-signing-certificate")
    write UpdateSigningCertificate "--user-name=$user --certificate-id=${arg[certificate-id]} --status=${arg[status]}"
    set_status "$FAKE/certs.$user" "${arg[certificate-id]}" "${arg[status]}" ;;
  "iam delete-login-profile")
    [ -f "$FAKE/profile.$user" ] || missing DeleteLoginProfile "Login Profile for User $user"
    write DeleteLoginProfile "--user-name=$user"
    rm -- "$FAKE/profile.$user" ;;
  "iam create-login-profile")
    [ -f "$FAKE/arn.$user" ] || missing CreateLoginProfile "The user with name $user"
    [ "${arg[password-reset-required]-}" = 1 ] || { echo "fake aws: no --password-reset-required" >&2; exit 255; }
    write CreateLoginProfile "--user-name=$user --password=${arg[password]} --password-reset-required"
    echo '2030-01-01T00:00:00+00:00' >"$FAKE/profile.$user" ;;
  *) echo "fake aws: unexpected call: $service $op" >&2; exit 255 ;;
esac
EOF
chmod +x bin/aws

# --- a decision file whose as-of is two minutes ago (the script compares it with the clock)
as_of=$(date -u -d '@'"$(($(date -u +%s) - 120))" +%Y-%m-%dT%H:%M:%SZ)
header="user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
# c: a key and a certificate under a path that would run `touch pwned` if it were not quoted;
# k: a key used in March 2020; pw: a console password last used in May 2020.
cat >report.csv <<EOF
$header
c,"arn:aws:iam::111122223333:user/\$(touch\${IFS}pwned)'\`;\\""/c",2019-01-01T00:00:00Z,false,N/A,N/A,true,2019-06-01T00:00:00Z,N/A,false,N/A,N/A,true,2019-07-01T00:00:00Z,false,N/A
k,arn:aws:iam::111122223333:user/k,2019-01-01T00:00:00Z,false,N/A,N/A,true,2020-01-01T00:00:00Z,2020-03-01T10:11:00Z,false,N/A,N/A,false,N/A,false,N/A
pw,arn:aws:iam::111122223333:user/pw,2019-01-01T00:00:00Z,true,2020-05-01T00:00:00Z,2020-01-01T00:00:00Z,false,N/A,N/A,false,N/A,N/A,false,N/A,false,N/A
EOF
c_arn=$(sed -n 2p report.csv | cut -d, -f2- | sed 's/,2019-01-01.*//; s/^"//; s/"$//; s/""/"/g')
printf '{"Arn":"%s","JobStatus":"COMPLETED","JobCompletionDate":"%s","ServicesLastAccessed":[{"ServiceName":"S3","ServiceNamespace":"s3"}]}\n' \
  "$(printf '%s' "$c_arn" | sed 's/\\/\\\\/g; s/"/\\"/g')" "$as_of" >advisor.ndjson
"$dormant" evaluate --credential-report report.csv --access-advisor advisor.ndjson \
  --as-of "$as_of" --out decisions.jsonl --quiet
"$dormant" plan decisions.jsonl >plan.sh
check "the plan is valid bash" bash -n plan.sh
check "the plan lists 4 credentials of 3 users" grep -q 'To deactivate: 4 credentials of 3 users in 1 account\.' plan.sh
check "the plan says it was verified" grep -qx '# Verified: decisions.jsonl is exactly what dormant computes from 2 inputs (sha256 checked) at .*' plan.sh
check "a verified plan does not say NOT VERIFIED" test -z "$(grep 'NOT VERIFIED' plan.sh || true)"

# run_plan NAME [VAR=VALUE...]: runs plan.sh against a fresh fake account in which every
# user and credential is there as the decision file says, after `setup_NAME` changed it;
# sets rc. rerun [VAR=VALUE...]: runs it again against the same account, as it is now.
run_plan() {
  local name=$1
  shift
  export FAKE="$tmp/fake-$name"
  rm -rf "$FAKE"
  mkdir -p "$FAKE"
  echo 111122223333 >"$FAKE/account"
  printf '%s\n' "$c_arn" >"$FAKE/arn.c"
  echo 'arn:aws:iam::111122223333:user/k' >"$FAKE/arn.k"
  echo 'arn:aws:iam::111122223333:user/pw' >"$FAKE/arn.pw"
  printf 'AKIAC\t2019-06-01T00:00:00+00:00\tActive\n' >"$FAKE/keys.c"
  printf 'CERTC\t2019-07-01T00:00:00+00:00\tActive\n' >"$FAKE/certs.c"
  printf 'AKIAOLD\t2018-01-01T00:00:00+00:00\tActive\nAKIAK\t2020-01-01T00:00:00.000000+00:00\tActive\n' >"$FAKE/keys.k"
  echo '2020-03-01T10:11:00+00:00' >"$FAKE/used.AKIAK"
  echo '2020-01-01T00:00:00+00:00' >"$FAKE/profile.pw"
  echo '2020-05-01T00:00:00+00:00' >"$FAKE/pwused.pw"
  if declare -F "setup_$name" >/dev/null; then "setup_$name"; fi
  rerun "$@"
}
rerun() {
  rc=0
  env "$@" PATH="$tmp/bin:$PATH" bash plan.sh 2>"$FAKE/stderr" || rc=$?
  touch "$FAKE/writes"
}
writes() { cat "$FAKE/writes"; }
said() { grep -qF -- "$1" "$FAKE/stderr"; }  # said TEXT: the run printed TEXT
# first_call USER: the first call that names user USER.
first_call() { grep -m 1 -e "--user-name=$1 " -e "--user-name=$1\$" "$FAKE/calls"; }
all_writes="update-access-key --user-name=c --access-key-id=AKIAC --status=Inactive
update-signing-certificate --user-name=c --certificate-id=CERTC --status=Inactive
update-access-key --user-name=k --access-key-id=AKIAK --status=Inactive
delete-login-profile --user-name=pw"

run_plan all
check "all: exit 0" test "$rc" -eq 0
check "all: 4 changes in order" test "$(writes)" = "$all_writes"
check "all: says what it did" said 'done: 4 changed, 0 skipped, 0 already in the target state'
check "all: the ARN's shell characters ran nothing" test ! -e pwned
check "all: checked the account first" test "$(head -n 1 "$FAKE/calls")" = \
  "sts get-caller-identity --query Account --output text"
for u in c k pw; do
  check "all: get-user checked $u's ARN before any other call for it" \
    test "$(first_call "$u")" = "iam get-user --user-name=$u --query User.Arn --output text"
done
check "all: one ARN check per user" test "$(grep -c 'query User.Arn' "$FAKE/calls")" -eq 3

# --- re-running a plan is harmless
rerun
check "again: a second run of the same plan succeeds" test "$rc" -eq 0
check "again: it changes nothing more" test "$(writes)" = "$all_writes"
check "again: and says so" said 'done: 0 changed, 0 skipped, 4 already in the target state'
check "again: an Inactive key is reported as such" said 'already in the target state: access key AKIAK of k is Inactive'
check "again: an Inactive certificate too" said 'already in the target state: signing certificate CERTC of c is Inactive'
check "again: a deleted password too" said 'already in the target state: pw has no console password'

# --- dry run
# A script cut short (an interrupted `dormant plan | bash`) runs no step: every line but the
# last few, piped into bash as a user would.
cp plan.sh plan-full.sh
head -n "$(($(wc -l <plan-full.sh) - 3))" plan-full.sh >plan.sh
run_plan cut
check "cut: a plan cut short fails" test "$rc" -ne 0
check "cut: and changes nothing" test -z "$(writes)"
check "cut: not even an ARN check ran" test ! -e "$FAKE/calls"
mv plan-full.sh plan.sh

run_plan dry DORMANT_PLAN_DRY_RUN=1
check "dry: exit 0" test "$rc" -eq 0
check "dry: no mutating call" test -z "$(writes)"
check "dry: no mutating call reached the CLI" \
  test -z "$(grep -E '^iam (update|delete)' "$FAKE/calls" || true)"
check "dry: reports what would change" said 'would change: access key AKIAK of k is Inactive'
check "dry: the password too" said 'would change: the console password of pw is deleted'
check "dry: and the tally" said 'dry run: 4 would change, 0 skipped, 0 already in the target state; nothing was changed'
check "dry: ran the last-use checks" grep -q '^iam get-access-key-last-used --access-key-id=AKIAK' "$FAKE/calls"
check "dry: ran the password's last-use check" grep -q '^iam get-user --user-name=pw --query User.PasswordLastUsed' "$FAKE/calls"
check "dry: ran the ARN checks" test "$(grep -c 'query User.Arn' "$FAKE/calls")" -eq 3
setup_dryused() { echo '2020-03-01T10:12:00Z' >"$FAKE/used.AKIAK"; }
run_plan dryused DORMANT_PLAN_DRY_RUN=1
check "dryused: a dry run stops where the real run would" test "$rc" -eq 1
check "dryused: saying why" said 'STOP: access key AKIAK was used'
run_plan drybad DORMANT_PLAN_DRY_RUN=yes
check "drybad: a DORMANT_PLAN_DRY_RUN other than 1 or 0 is refused" test "$rc" -eq 1
check "drybad: before any call" test ! -e "$FAKE/calls"

# --- the user must be the reviewed one
setup_path() { echo 'arn:aws:iam::111122223333:user/elsewhere/c' >"$FAKE/arn.c"; }
run_plan path
check "path: get-user returning another path stops the script" test "$rc" -eq 1
check "path: before any change" test -z "$(writes)"
check "path: before any other call for that user" \
  test -z "$(grep -E '^iam (list|get-access|update)' "$FAKE/calls" || true)"
check "path: the message names both ARNs" \
  said "IAM's user c is arn:aws:iam::111122223333:user/elsewhere/c, not the reviewed $c_arn"
setup_path2() { echo 'arn:aws:iam::111122223333:user/k2/k' >"$FAKE/arn.k"; }
run_plan path2
check "path2: a later user at another path stops before its first change" test "$rc" -eq 1
check "path2: only the earlier user's changes ran" test "$(writes)" = "$(head -n 2 <<<"$all_writes")"

setup_usergone() { rm "$FAKE/arn.k" "$FAKE/keys.k"; }
run_plan usergone
check "usergone: a user that no longer exists (NoSuchEntity) is skipped" test "$rc" -eq 0
check "usergone: the others changed" test "$(writes | grep -vc -- '--user-name=k')" -eq 3
check "usergone: counted as skipped" said 'done: 3 changed, 1 skipped, 0 already in the target state'

# --- only the error code NoSuchEntity means "gone"
denied_text='An error occurred (AccessDenied) when calling the GetUser operation: User: arn:aws:iam::111122223333:user/NoSuchEntity.ops is not authorized to perform: iam:GetUser on resource: user c'
setup_deniedarn() { printf '%s\n' "$denied_text" >"$FAKE/deny.get-user.User.Arn"; }
run_plan deniedarn
check "deniedarn: an AccessDenied naming NoSuchEntity stops the script" test "$rc" -eq 1
check "deniedarn: before any change" test -z "$(writes)"
check "deniedarn: the CLI's message is shown" said "$denied_text"
setup_deniedpw() {
  printf '%s\n' "${denied_text/GetUser on resource: user c/GetUser on resource: user pw}" \
    >"$FAKE/deny.get-user.User.PasswordLastUsed"
}
run_plan deniedpw
check "deniedpw: a failed password last-use check stops the script" test "$rc" -eq 1
check "deniedpw: the password stays" test -z "$(grep delete-login-profile "$FAKE/writes" || true)"
setup_deniedprofile() {
  echo 'An error occurred (AccessDenied) when calling the GetLoginProfile operation: NoSuchEntity' \
    >"$FAKE/deny.get-login-profile"
}
run_plan deniedprofile
check "deniedprofile: NoSuchEntity inside another error is not 'gone'" test "$rc" -eq 1
check "deniedprofile: nothing reported as already done" test -z "$(grep 'already in the target' "$FAKE/stderr" || true)"
setup_twolines() {
  printf 'An error occurred (NoSuchEntity) when calling the GetUser operation: x\nAn error occurred (AccessDenied) when calling the GetUser operation: y\n' \
    >"$FAKE/deny.get-user.User.Arn"
}
run_plan twolines
check "twolines: a NoSuchEntity line beside another error stops the script" test "$rc" -eq 1
setup_lastusedgone() {
  echo 'An error occurred (NoSuchEntity) when calling the GetAccessKeyLastUsed operation: gone' \
    >"$FAKE/deny.get-access-key-last-used"
}
run_plan lastusedgone
check "lastusedgone: even NoSuchEntity from a last-use check stops the script" test "$rc" -eq 1
check "lastusedgone: before any change" test -z "$(writes)"

setup_pwlastgone() {
  echo 'An error occurred (NoSuchEntity) when calling the GetUser operation: gone' \
    >"$FAKE/deny.get-user.User.PasswordLastUsed"
}
run_plan pwlastgone
check "pwlastgone: NoSuchEntity from the password's last-use check stops the script" test "$rc" -eq 1
check "pwlastgone: the password stays" test -z "$(grep delete-login-profile "$FAKE/writes" || true)"

# --- credentials that are gone or already done
setup_gone() { rm "$FAKE/keys.c"; printf 'AKIANEW\t2024-01-01T00:00:00+00:00\tActive\n' >"$FAKE/keys.k"; rm "$FAKE/profile.pw"; }
run_plan gone
check "gone: a key or a user's keys that are gone are skipped, not guessed" test "$rc" -eq 0
check "gone: only the certificate changed" test "$(writes)" = \
  "update-signing-certificate --user-name=c --certificate-id=CERTC --status=Inactive"
check "gone: 1 changed, 2 skipped, the password already deleted" \
  said 'done: 1 changed, 2 skipped, 1 already in the target state'

setup_inactive() { printf 'AKIAC\t2019-06-01T00:00:00+00:00\tInactive\n' >"$FAKE/keys.c"; }
run_plan inactive
check "inactive: a key already Inactive is not changed again" test "$(writes | wc -l)" -eq 3
check "inactive: and its last use not asked" test -z "$(grep 'AKIAC' "$FAKE/calls" || true)"
check "inactive: 3 changed, 1 already" said 'done: 3 changed, 0 skipped, 1 already in the target state'

setup_status() { printf 'AKIAC\t2019-06-01T00:00:00+00:00\tExpired\n' >"$FAKE/keys.c"; }
run_plan status
check "status: a status neither Active nor Inactive stops the script" test "$rc" -eq 1
check "status: before any change" test -z "$(writes)"

setup_used() { echo '2020-03-01T10:12:00Z' >"$FAKE/used.AKIAK"; }
run_plan used
check "used: a key used after the decision's last use stops the script" test "$rc" -eq 1
check "used: the message says why" said 'STOP: access key AKIAK was used: 2020-03-01T10:12:00Z, later than 2020-03-01T10:11:00Z'
check "used: nothing after the stop ran" test "$(writes | wc -l)" -eq 2
check "used: the stop names the step" said 'stopped in step 3/4'

setup_never() { echo '2024-01-01T00:00:00+00:00' >"$FAKE/used.AKIAC"; }
run_plan never
check "never: a use of a never-used key stops the script" test "$rc" -eq 1
check "never: before any change" test -z "$(writes)"

setup_twice() { printf 'AKIAC\t2019-06-01T00:00:00Z\tActive\nAKIAD\t2019-06-01T00:00:00.9Z\tActive\n' >"$FAKE/keys.c"; }
run_plan twice
check "twice: two keys with the issued time stop the script" test "$rc" -eq 1
check "twice: the message says why" said '2 credentials were issued at 2019-06-01T00:00:00Z'

setup_recreated() { date -u +%Y-%m-%dT%H:%M:%SZ >"$FAKE/profile.pw"; }
run_plan recreated
check "recreated: a password created after as-of stops the script" test "$rc" -eq 1
check "recreated: after the earlier steps only" test "$(writes | wc -l)" -eq 3

setup_pwused() { echo '2021-01-01T00:00:00+00:00' >"$FAKE/pwused.pw"; }
run_plan pwused
check "pwused: a password used later stops the script" test "$rc" -eq 1
check "pwused: the password stays" test -z "$(grep delete-login-profile "$FAKE/writes" || true)"

setup_other() { echo 999988887777 >"$FAKE/account"; }
run_plan other
check "other: credentials of another account stop the script" test "$rc" -eq 1
check "other: before any change" test -z "$(writes)"
run_plan select DORMANT_PLAN_ACCOUNT=999988887777
check "select: DORMANT_PLAN_ACCOUNT skips the other accounts' steps" test "$rc" -eq 0
check "select: no call at all" test -z "$(grep -v '^$' "$FAKE/calls" 2>/dev/null || true)"
setup_stsdenied() {
  echo 'An error occurred (AccessDenied) when calling the GetCallerIdentity operation: no' \
    >"$FAKE/deny.get-caller-identity"
}
run_plan stsdenied
check "stsdenied: a failed account check stops the script" test "$rc" -eq 1
check "stsdenied: before any other call" test "$(wc -l <"$FAKE/calls")" -eq 1

setup_denied() { touch "$FAKE/fail-writes"; }
run_plan denied
check "denied: a failed change stops the script" test "$rc" -ne 0
check "denied: after the first attempt" test "$(grep -c '^iam update' "$FAKE/calls")" -eq 1

run_plan old DORMANT_PLAN_MAX_AGE_SECONDS=60
check "old: as-of older than DORMANT_PLAN_MAX_AGE_SECONDS is refused" test "$rc" -eq 1
check "old: before any call" test ! -e "$FAKE/calls"
run_plan young DORMANT_PLAN_MAX_AGE_SECONDS=3600
check "young: a larger DORMANT_PLAN_MAX_AGE_SECONDS lets it run" test "$rc" -eq 0
run_plan bad DORMANT_PLAN_MAX_AGE_SECONDS=1d
check "bad: a DORMANT_PLAN_MAX_AGE_SECONDS that is not a number is refused" test "$rc" -eq 1

# --- as-of in the future (e.g. a mistyped --as-of): refused
future=$(date -u -d '@'"$(($(date -u +%s) + 86400 * 3))" +%Y-%m-%dT%H:%M:%SZ)
"$dormant" evaluate --credential-report report.csv --access-advisor advisor.ndjson \
  --as-of "$future" --out future.jsonl --quiet
"$dormant" plan future.jsonl >plan.sh
run_plan future
check "future: as-of after the clock is refused" test "$rc" -eq 1
check "future: the message says why" said "is later than this machine's clock"
check "future: before any call" test ! -e "$FAKE/calls"

# --- plan verifies the decision file first
# plan_rc FILE [ARGS...]: runs `dormant plan ARGS... FILE`; sets rc, out (stdout), err (stderr).
plan_rc() {
  local file=$1
  shift
  rc=0
  "$dormant" plan "$@" "$file" >out.txt 2>err.txt || rc=$?
}
# k moved to another path in the decision file: still a valid decision file, but not what
# the inputs say.
sed 's#"arn:aws:iam::111122223333:user/k"#"arn:aws:iam::111122223333:user/j/k"#' decisions.jsonl >edited.jsonl
check "edited: the edit took" grep -q 'user/j/k' edited.jsonl
plan_rc edited.jsonl
check "edited: an edited decision file is refused with exit 1" test "$rc" -eq 1
check "edited: nothing on standard output" test ! -s out.txt
check "edited: the difference is shown" grep -q '^verify: DIFFERS: line 3 differs' err.txt
check "edited: the refusal says how to skip the check" grep -q 'refusing to plan.*--no-verify' err.txt
cp report.csv report.csv.orig
sed -i 's/^pw,/pw ,/' report.csv
plan_rc decisions.jsonl
check "input: a changed input is refused with exit 1" test "$rc" -eq 1
check "input: nothing on standard output" test ! -s out.txt
check "input: the input is named" grep -q '^verify: DIFFERS: input report.csv has changed' err.txt
mv report.csv.orig report.csv
plan_rc edited.jsonl --no-verify
check "no-verify: --no-verify plans an unverified file" test "$rc" -eq 0
check "no-verify: the script's first comment says NOT VERIFIED" \
  test "$(sed -n 2p out.txt)" = '# NOT VERIFIED: WRITTEN BY `dormant plan --no-verify`. THE DECISION FILE WAS NOT'
check "no-verify: in capitals, against its inputs" grep -q '^# VERIFIED AGAINST ITS INPUTS AND POLICY' out.txt
check "no-verify: and says so when run" bash -c 'bash out.txt 2>&1 >/dev/null | grep -q "WARNING: this plan was NOT VERIFIED"'
check "no-verify: the script is valid bash" bash -n out.txt

# --- plan --undo: the inverse script, run against the account after the plan ran
"$dormant" plan decisions.jsonl >plan.sh
"$dormant" plan --undo decisions.jsonl >undo.sh
check "undo: the undo script is valid bash" bash -n undo.sh
check "undo: it lists the 4 credentials of the plan" grep -q 'To undo: 4 credentials of 3 users in 1 account\.' undo.sh
check "undo: it is not verified, and says so without capitals" \
  bash -c "grep -q 'Not verified against the inputs' undo.sh && ! grep -q 'NOT VERIFIED' undo.sh"
printed_pw="aws iam create-login-profile --user-name='pw' --password-reset-required --password=\"\${NEW_PASSWORD:?set NEW_PASSWORD to a new temporary password}\""
# run_undo NAME [VAR=VALUE...]: applies plan.sh to a fresh fake account (run_plan NAME), then
# runs undo.sh after `setup_undo_NAME` changed the account (in $tmp/fake-u-NAME); sets rc; $FAKE/writes then holds
# the undo's changes only, $FAKE/stdout what it printed.
run_undo() {
  local name=$1
  shift
  run_plan "u-$name"  # (no setup_ function has a name with a `-`)
  [ "$rc" -eq 0 ] || { echo "FAIL: undo $name: the plan did not apply (exit $rc)" >&2; failures=$((failures + 1)); }
  : >"$FAKE/writes"
  : >"$FAKE/calls"
  if declare -F "setup_undo_$name" >/dev/null; then "setup_undo_$name"; fi
  rc=0
  env "$@" PATH="$tmp/bin:$PATH" bash undo.sh >"$FAKE/stdout" 2>"$FAKE/stderr" || rc=$?
}
status_of() { awk -F'\t' -v id="$2" '$1 == id { print $3 }' "$FAKE/$1"; }  # status_of FILE ID
undo_writes="update-access-key --user-name=c --access-key-id=AKIAC --status=Active
update-signing-certificate --user-name=c --certificate-id=CERTC --status=Active
update-access-key --user-name=k --access-key-id=AKIAK --status=Active"

# The decision file's as-of is two minutes old: an undo is never refused for its age.
run_undo undo DORMANT_PLAN_MAX_AGE_SECONDS=0
check "undo: exit 0, even with DORMANT_PLAN_MAX_AGE_SECONDS=0" test "$rc" -eq 0
check "undo: the keys and the certificate are set Active again, in order" test "$(writes)" = "$undo_writes"
check "undo: AKIAK is Active again" test "$(status_of keys.k AKIAK)" = Active
check "undo: AKIAC and CERTC too" test "$(status_of keys.c AKIAC) $(status_of certs.c CERTC)" = "Active Active"
check "undo: the key the plan did not touch is untouched" test "$(status_of keys.k AKIAOLD)" = Active
check "undo: the password's command is printed on standard output, nothing else" \
  test "$(cat "$FAKE/stdout")" = "$printed_pw"
check "undo: and never run" test -z "$(grep -i 'create-login-profile' "$FAKE/calls" || true)"
check "undo: the tally" said 'done: 3 changed, 0 skipped, 0 already in the target state, 1 printed to run by hand'
check "undo: checked the account first" test "$(head -n 1 "$FAKE/calls")" = \
  "sts get-caller-identity --query Account --output text"
for u in c k pw; do
  check "undo: get-user checked $u's ARN before any other call for it" \
    test "$(first_call "$u")" = "iam get-user --user-name=$u --query User.Arn --output text"
done
check "undo: the ARN's shell characters ran nothing" test ! -e pwned
# The printed command, run as a person would: it refuses to run without NEW_PASSWORD, and
# with it gives pw a password that must be changed at the next sign-in.
rc=0
(unset NEW_PASSWORD; PATH="$tmp/bin:$PATH" bash -c "$(cat "$FAKE/stdout")") 2>"$FAKE/create.err" || rc=$?
check "undo: the printed command does nothing without NEW_PASSWORD" test "$rc" -ne 0 -a ! -e "$FAKE/profile.pw"
check "undo: saying so" grep -q 'set NEW_PASSWORD to a new temporary password' "$FAKE/create.err"
NEW_PASSWORD="it's a secret" PATH="$tmp/bin:$PATH" bash -c "$(cat "$FAKE/stdout")"
check "undo: with NEW_PASSWORD it creates the login profile, reset required" \
  grep -qx "create-login-profile --user-name=pw --password=it's a secret --password-reset-required" "$FAKE/writes"

# Again: everything is in the target state (pw has its new password).
: >"$FAKE/writes"
rc=0
PATH="$tmp/bin:$PATH" bash undo.sh >"$FAKE/stdout" 2>"$FAKE/stderr" || rc=$?
check "undo again: exit 0, nothing changed" test "$rc" -eq 0 -a -z "$(writes)"
check "undo again: all 4 already in the target state" said 'done: 0 changed, 0 skipped, 4 already in the target state, 0 printed to run by hand'
check "undo again: a user with a password is reported" said 'already in the target state: pw has a console password'
check "undo again: an Active key is reported" said 'already in the target state: access key AKIAK of k is Active'
check "undo again: nothing printed" test ! -s "$FAKE/stdout"

# A key created again after the plan (another CreateDate) is not the deactivated one.
setup_undo_recreated() {
  printf 'AKIAOLD\t2018-01-01T00:00:00+00:00\tActive\nAKIANEW\t2026-01-01T00:00:00+00:00\tInactive\n' >"$FAKE/keys.k"
}
run_undo recreated
check "recreated: exit 0" test "$rc" -eq 0
check "recreated: the other key is not touched" test "$(status_of keys.k AKIANEW)" = Inactive
check "recreated: only c's credentials changed" test "$(writes)" = "$(head -n 2 <<<"$undo_writes")"
check "recreated: skipped, saying why" said 'skipped: no access key of k was created at 2020-01-01T00:00:00Z'

run_undo dry DORMANT_PLAN_DRY_RUN=1
check "undo dry: exit 0" test "$rc" -eq 0
check "undo dry: no mutating call reached the CLI" \
  test -z "$(grep -E '^iam (update|delete|create)' "$FAKE/calls" || true)"
check "undo dry: the keys stay Inactive" test "$(status_of keys.k AKIAK)" = Inactive
check "undo dry: reports what would change" said 'would change: access key AKIAK of k is Active'
check "undo dry: still prints the password's command" test "$(cat "$FAKE/stdout")" = "$printed_pw"
check "undo dry: the tally" said 'dry run: 3 would change, 0 skipped, 0 already in the target state, 1 printed to run by hand; nothing was changed'

setup_undo_path() { echo 'arn:aws:iam::111122223333:user/elsewhere/c' >"$FAKE/arn.c"; }
run_undo path
check "undo path: get-user returning another path stops the undo" test "$rc" -eq 1
check "undo path: before any change" test -z "$(writes)"
setup_undo_other() { echo 999988887777 >"$FAKE/account"; }
run_undo other
check "undo other: credentials of another account stop the undo" test "$rc" -eq 1
check "undo other: before any change" test -z "$(writes)"
setup_undo_usergone() { rm "$FAKE/arn.k" "$FAKE/keys.k"; }
run_undo usergone
check "undo usergone: a user that is gone (NoSuchEntity) is skipped" test "$rc" -eq 0
check "undo usergone: counted" said 'done: 2 changed, 1 skipped, 0 already in the target state, 1 printed to run by hand'
setup_undo_denied() {
  echo 'An error occurred (AccessDenied) when calling the ListAccessKeys operation: NoSuchEntity' \
    >"$FAKE/deny.list-access-keys"
}
run_undo denied
check "undo denied: any error but NoSuchEntity stops the undo" test "$rc" -eq 1
check "undo denied: before any change" test -z "$(writes)"

# An undo is never verified, never refused for a guardrail: an edited file is undone as it is.
rc=0
"$dormant" plan --undo edited.jsonl >out.txt 2>err.txt || rc=$?
check "undo edited: a file that does not verify still gets its undo script" test "$rc" -eq 0 -a -s out.txt
check "undo edited: nothing on standard error" test ! -s err.txt

# --- -C DIR: the header's relative paths against DIR, the decision file's against the
# current directory
mkdir -p elsewhere
rc=0
(cd elsewhere && "$dormant" verify ../decisions.jsonl >../out.txt 2>../err.txt) || rc=$?
check "-C: from another directory, verify is exit 2, not 1" test "$rc" -eq 2
check "-C: the message says where it looked and what to try" \
  grep -qx 'dormant: ../decisions.jsonl: input advisor.ndjson: no such file relative to the current directory (the header'"'"'s paths are relative to the directory dormant evaluate ran in); try -C ..' err.txt
check "-C: with -C .. it verifies" bash -c "cd elsewhere && '$dormant' verify -C .. ../decisions.jsonl"
check "-C: explain with -C" bash -c "cd elsewhere && '$dormant' explain -C .. ../decisions.jsonl k | grep -q 'report.csv'"
check "-C: plan with -C" bash -c "cd elsewhere && '$dormant' plan -C .. ../decisions.jsonl | grep -q '^# Verified: ../decisions.jsonl is exactly'"
# Absolute paths in the header are not changed by -C.
mkdir -p abs/exports
cp report.csv advisor.ndjson abs/exports/
"$dormant" evaluate "$tmp/abs/exports" --as-of "$as_of" --out abs/decisions.jsonl --quiet
check "-C: absolute header paths verify from anywhere, -C or not" \
  bash -c "cd elsewhere && '$dormant' verify ../abs/decisions.jsonl && '$dormant' verify -C /nonexistent-is-never-read ../abs/decisions.jsonl 2>&1 | grep -q 'no such directory' && '$dormant' verify -C / ../abs/decisions.jsonl"
mv abs/exports abs/moved
rc=0
"$dormant" verify -C abs abs/decisions.jsonl 2>err.txt || rc=$?
check "-C: a missing absolute path is exit 2" test "$rc" -eq 2
check "-C: saying that -C does not change it" grep -q "input $tmp/abs/exports/advisor.ndjson: no such file (an absolute path: -C does not change it)" err.txt

if [ "$failures" -ne 0 ]; then
  echo "--- plan.sh"; cat plan.sh
  echo "$failures checks failed" >&2
  exit 1
fi
echo "all checks passed"
