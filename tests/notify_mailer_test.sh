#!/usr/bin/env bash
# The example mailer docs/notify-mailer.sh against fakes: a `sendmail` and a `curl` on PATH
# that record their arguments and standard input. Checks that each recipient gets exactly
# its notice's text, that "" and addresses that are not one plain address are skipped with
# a message, and that hostile tag values (quotes, newlines, $(...), backticks, Unicode) run
# no command and add no mail header. The mailer runs under sh (dash on Debian): POSIX only.
# Usage: notify_mailer_test.sh DORMANT_BINARY SOURCE_ROOT
set -euo pipefail

dormant=${1:?usage: notify_mailer_test.sh DORMANT_BINARY SOURCE_ROOT}
root=${2:?usage: notify_mailer_test.sh DORMANT_BINARY SOURCE_ROOT}
mailer="$root/docs/notify-mailer.sh"
command -v jq >/dev/null || { echo "SKIP: jq is not installed"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/cwd"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Fakes: each call N writes its arguments to $RECORD/N.args and its input to $RECORD/N.in.
for fake in sendmail curl; do
  cat >"$work/bin/$fake" <<'EOF'
#!/bin/sh
n=$(($(ls "$RECORD" | wc -l) / 2 + 1))
printf '%s\n' "$0" "$@" >"$RECORD/$n.args"
cat >"$RECORD/$n.in"
exit "${FAKE_EXIT:-0}"
EOF
  chmod +x "$work/bin/$fake"
done

# Runs the mailer on notices file $1 with the fakes, in an empty directory; records in $2.
run_mailer() {
  rm -rf "$2" && mkdir -p "$2"
  (cd "$work/cwd" && RECORD="$2" PATH="$work/bin:$PATH" sh "$mailer" "$1" \
    >"$2.out" 2>"$2.err") && echo 0 || echo $?
}

# The header and body of recorded mail $1, split at the first empty line.
header() { sed '/^$/q' "$1" | sed '$d'; }
body() { sed '1,/^$/d' "$1"; }

# Checks that the recorded mails are exactly the deliverable notices of $1, in order.
check_mails() {
  local notices=$1 record=$2 want=$3 i=0
  local got
  got=$(find "$record" -name '*.in' | wc -l)
  [ "$got" -eq "$want" ] || fail "$record: $got mails sent, want $want"
  while IFS= read -r line; do
    to=$(jq -r .to <<<"$line")
    case $to in ""|*$'\n'*|*" "*|*\"*|*\\*|-*) continue ;; esac
    i=$((i + 1))
    mail="$record/$i.in"
    [ -f "$mail" ] || { fail "no mail $i for $to"; continue; }
    [ "$(sed -n 2,3p "$record/$i.args")" = $'-t\n-oi' ] || fail "mail $i: sendmail args $(cat "$record/$i.args")"
    want_header=$(printf 'To: %s\nSubject: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit' \
      "$to" "$(jq -r .subject <<<"$line")")
    [ "$(header "$mail")" = "$want_header" ] || fail "mail $i: header is
$(header "$mail")"
    # Byte for byte, final newline included.
    if ! cmp -s <(body "$mail") <(jq -j .text <<<"$line"); then fail "mail $i to $to: body differs"; fi
  done <"$notices"
}

# 1. Hostile owner tag values.
case_dir="$root/testdata/golden/notify-hostile-tags"
(cd "$case_dir" && "$dormant" notify decisions.jsonl) >"$work/hostile.jsonl" 2>/dev/null
[ "$(wc -l <"$work/hostile.jsonl")" -eq 8 ] || fail "hostile: want 8 notices"
status=$(run_mailer "$work/hostile.jsonl" "$work/hostile")
[ "$status" -eq 1 ] || fail "hostile: mailer exit $status, want 1 (notices skipped)"
check_mails "$work/hostile.jsonl" "$work/hostile" 3
for to in '`touch${IFS}pwned-backtick`@example.com' 'jörg.müller@bücher.example' \
          "o'brien+iam@example.com"; do
  grep -qxF "To: $to" "$work"/hostile/*.in || fail "hostile: no mail to $to"
done
if grep -qi '^bcc:' "$work"/hostile/*.in; then fail "hostile: a Bcc header was added"; fi
if grep -q 'evil@example.net' "$work"/hostile/*.in; then fail "hostile: evil@ reached a mail"; fi
found=$(find "$work" "$case_dir" "$root/docs" -name 'pwned*' | head -1)
[ -z "$found" ] || fail "hostile: a command ran: $found exists"
skipped=$(grep -c 'is not one plain address: skipped' "$work/hostile.err" || true)
[ "$skipped" -eq 5 ] || fail "hostile: $skipped skip messages, want 5: $(cat "$work/hostile.err")"
# Every message is one line: the newline in an address is written as \n.
[ "$(wc -l <"$work/hostile.err")" -eq 5 ] || fail "hostile: stderr is not 5 lines"
grep -qF '"x@example.com\nBcc: evil@example.net"' "$work/hostile.err" ||
  fail "hostile: the newline address is not shown escaped"

# 2. Owners and the undeliverable recipient "".
(cd "$root/testdata/golden/notify-owners" && "$dormant" notify decisions.jsonl) \
  >"$work/owners.jsonl" 2>/dev/null
status=$(run_mailer "$work/owners.jsonl" "$work/owners")
[ "$status" -eq 1 ] || fail "owners: mailer exit $status, want 1 (recipient \"\" skipped)"
check_mails "$work/owners.jsonl" "$work/owners" 5
grep -qF 'line 1: recipient "" is undeliverable (no owner tag, no --fallback): users arn:aws:iam::111122223333:user/people/eve, arn:aws:iam::111122223333:user/people/gus' \
  "$work/owners.err" || fail "owners: no message for recipient \"\": $(cat "$work/owners.err")"

# 3. With a fallback every notice is sent, and the mailer exits 0; from standard input too.
(cd "$root/testdata/golden/notify-owners" &&
  "$dormant" notify decisions.jsonl --fallback security@example.com) >"$work/all.jsonl" 2>/dev/null
rm -rf "$work/all" && mkdir -p "$work/all"
(cd "$work/cwd" && RECORD="$work/all" PATH="$work/bin:$PATH" sh "$mailer" <"$work/all.jsonl") ||
  fail "fallback: mailer exit $?, want 0"
check_mails "$work/all.jsonl" "$work/all" 6

# 4. Webhook: each deliverable line is posted as it is, and sendmail is not called.
rm -rf "$work/hook" && mkdir -p "$work/hook"
(cd "$work/cwd" && RECORD="$work/hook" PATH="$work/bin:$PATH" \
  DORMANT_NOTIFY_WEBHOOK='http://127.0.0.1:9/hook?a=1&b=$(id)' sh "$mailer" "$work/hostile.jsonl" \
  >/dev/null 2>&1) || true
[ "$(find "$work/hook" -name '*.in' | wc -l)" -eq 3 ] || fail "webhook: want 3 posts"
for n in 1 2 3; do
  grep -q '/curl$' <(head -1 "$work/hook/$n.args") || fail "webhook: post $n did not use curl"
  tail -1 "$work/hook/$n.args" | grep -qxF 'http://127.0.0.1:9/hook?a=1&b=$(id)' ||
    fail "webhook: post $n URL changed"
  grep -qxF -f "$work/hook/$n.in" "$work/hostile.jsonl" || fail "webhook: post $n is not a notice line"
done

# 5. A failing sendmail: every notice is tried, exit 1, one message each.
rm -rf "$work/failing" && mkdir -p "$work/failing"
status=0
(cd "$work/cwd" && RECORD="$work/failing" FAKE_EXIT=75 PATH="$work/bin:$PATH" \
  sh "$mailer" "$work/all.jsonl" >/dev/null 2>"$work/failing.err") || status=$?
[ "$status" -eq 1 ] || fail "failing sendmail: exit $status, want 1"
[ "$(grep -c 'sending failed' "$work/failing.err")" -eq 6 ] || fail "failing sendmail: want 6 messages"

if [ "$failures" -ne 0 ]; then exit 1; fi
echo "ok: the example mailer sent exactly the notices' texts and ran nothing from them"
