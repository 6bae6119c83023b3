#!/usr/bin/env bash
# The script that `dormant plan` prints, run against a fake `aws` (no AWS CLI needed): every
# check of SPEC §8 and every way the script stops or skips, plus quoting. The real CLI runs
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

# --- the fake AWS CLI: answers from the files of $FAKE, logs every call to $FAKE/calls and
# every change to $FAKE/writes.
mkdir bin
cat >bin/aws <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
printf '%s\n' "$*" >>"$FAKE/calls"
service=$1 op=$2
shift 2
declare -A arg=()
for a in "$@"; do
  case "$a" in --*=*) k=${a%%=*}; arg[${k#--}]=${a#*=} ;; esac
done
missing() {
  echo "An error occurred (NoSuchEntity) when calling the $1 operation: $2 cannot be found." >&2
  exit 254
}
answer() { if [ -f "$FAKE/$1" ]; then cat "$FAKE/$1"; else echo "${2-None}"; fi; }
case "$service $op" in
  "sts get-caller-identity") cat "$FAKE/account" ;;
  "iam list-access-keys")
    [ -f "$FAKE/keys.${arg[user-name]}" ] || missing ListAccessKeys "user ${arg[user-name]}"
    cat "$FAKE/keys.${arg[user-name]}" ;;
  "iam get-access-key-last-used") answer "used.${arg[access-key-id]}" ;;
  "iam get-login-profile")
    [ -f "$FAKE/profile.${arg[user-name]}" ] || missing GetLoginProfile "login profile"
    cat "$FAKE/profile.${arg[user-name]}" ;;
  "iam get-user") answer "pwused.${arg[user-name]}" ;;
  "iam list-signing-certificates") answer "certs.${arg[user-name]}" "" ;;
  "iam update-access-key"|"iam delete-login-profile"|"iam update-signing-certificate")
    [ ! -f "$FAKE/fail-writes" ] || { echo "An error occurred (AccessDenied)" >&2; exit 254; }
    printf '%s %s\n' "$op" "$*" >>"$FAKE/writes" ;;
  *) echo "fake aws: unexpected call: $service $op $*" >&2; exit 255 ;;
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

# run_plan NAME [VAR=VALUE...]: runs plan.sh against a fresh fake account in which every
# credential is there as the decision file says, after `setup_NAME` changed it; sets rc.
run_plan() {
  local name=$1
  shift
  export FAKE="$tmp/fake-$name"
  rm -rf "$FAKE"
  mkdir -p "$FAKE"
  echo 111122223333 >"$FAKE/account"
  printf 'AKIAC\t2019-06-01T00:00:00+00:00\n' >"$FAKE/keys.c"
  printf 'CERTC\t2019-07-01T00:00:00+00:00\n' >"$FAKE/certs.c"
  printf 'AKIAOLD\t2018-01-01T00:00:00+00:00\nAKIAK\t2020-01-01T00:00:00.000000+00:00\n' >"$FAKE/keys.k"
  echo '2020-03-01T10:11:00+00:00' >"$FAKE/used.AKIAK"
  echo '2020-01-01T00:00:00+00:00' >"$FAKE/profile.pw"
  echo '2020-05-01T00:00:00+00:00' >"$FAKE/pwused.pw"
  if declare -F "setup_$name" >/dev/null; then "setup_$name"; fi
  rc=0
  env "$@" PATH="$tmp/bin:$PATH" bash plan.sh 2>"$FAKE/stderr" || rc=$?
  touch "$FAKE/writes"
}
writes() { cat "$FAKE/writes"; }

run_plan all
check "all: exit 0" test "$rc" -eq 0
check "all: 4 changes in order" test "$(writes)" = "update-access-key --user-name=c --access-key-id=AKIAC --status=Inactive
update-signing-certificate --user-name=c --certificate-id=CERTC --status=Inactive
update-access-key --user-name=k --access-key-id=AKIAK --status=Inactive
delete-login-profile --user-name=pw"
check "all: says what it did" grep -q 'done: 4 changed, 0 skipped' "$FAKE/stderr"
check "all: the ARN's shell characters ran nothing" test ! -e pwned
check "all: checked the account first" test "$(head -n 1 "$FAKE/calls")" = \
  "sts get-caller-identity --query Account --output text"

setup_gone() { rm "$FAKE/keys.c"; printf 'AKIANEW\t2024-01-01T00:00:00+00:00\n' >"$FAKE/keys.k"; rm "$FAKE/profile.pw"; }
run_plan gone
check "gone: a user, a key or a password that is gone is skipped, not guessed" test "$rc" -eq 0
check "gone: only the certificate changed" test "$(writes)" = \
  "update-signing-certificate --user-name=c --certificate-id=CERTC --status=Inactive"
check "gone: 1 changed, 3 skipped" grep -q 'done: 1 changed, 3 skipped' "$FAKE/stderr"

setup_used() { echo '2020-03-01T10:12:00Z' >"$FAKE/used.AKIAK"; }
run_plan used
check "used: a key used after the decision's last use stops the script" test "$rc" -eq 1
check "used: the message says why" grep -q 'STOP: access key AKIAK was used: 2020-03-01T10:12:00Z, later than 2020-03-01T10:11:00Z' "$FAKE/stderr"
check "used: nothing after the stop ran" test "$(writes | wc -l)" -eq 2
check "used: the stop names the step" grep -q 'stopped in step 3/4' "$FAKE/stderr"

setup_never() { echo '2024-01-01T00:00:00+00:00' >"$FAKE/used.AKIAC"; }
run_plan never
check "never: a use of a never-used key stops the script" test "$rc" -eq 1
check "never: before any change" test -z "$(writes)"

setup_twice() { printf 'AKIAC\t2019-06-01T00:00:00Z\nAKIAD\t2019-06-01T00:00:00.9Z\n' >"$FAKE/keys.c"; }
run_plan twice
check "twice: two keys with the issued time stop the script" test "$rc" -eq 1
check "twice: the message says why" grep -q '2 credentials were issued at 2019-06-01T00:00:00Z' "$FAKE/stderr"

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
check "future: the message says why" grep -q "is later than this machine's clock" "$FAKE/stderr"
check "future: before any call" test ! -e "$FAKE/calls"

if [ "$failures" -ne 0 ]; then
  echo "--- plan.sh"; cat plan.sh
  echo "$failures checks failed" >&2
  exit 1
fi
echo "all checks passed"
