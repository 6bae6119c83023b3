#!/bin/sh
# notify-mailer.sh — an example mailer for the notices of `dormant notify`.
#
#   dormant notify decisions.jsonl --fallback security@example.com > notices.jsonl
#   docs/notify-mailer.sh notices.jsonl          # or: ... | docs/notify-mailer.sh
#
# Sends each notice (one JSON line) as a plain-text mail with `sendmail -t -oi`, or, when
# DORMANT_NOTIFY_WEBHOOK is set, POSTs the JSON line to that URL with curl (a chat bot or
# ticketing hook). Needs POSIX sh and jq. SENDMAIL names another sendmail-compatible
# program; DORMANT_NOTIFY_FROM adds a From: header.
#
# Values from the notices never reach the shell parser: jq checks them and writes the
# whole message, which is piped to sendmail as data. A notice is skipped, with a message
# on standard error, when its recipient is "" (a user without an owner tag, notified
# without --fallback: undeliverable), or when it is not one plain address (a control
# character such as a newline would add mail headers; a space, comma or angle bracket
# would name more or other recipients; a leading '-' could be read as an option).
# Exit 0 when every notice was sent; 1 when one was skipped or failed (all are tried).
set -u

# The problem with a notice, or "ok". Reads one JSON line.
check='
  def plain: test("^[^\u0000-\u0020\u007f,;<>()\"\\\\@]+@[^\u0000-\u0020\u007f,;<>()\"\\\\@]+$");
  if type != "object" or (.to | type) != "string" or (.subject | type) != "string"
     or (.text | type) != "string" then "not a notice line"
  elif .to == "" then "recipient \"\" is undeliverable (no owner tag, no --fallback): users "
     + ([.users[]?.arn] | join(", "))
  elif (.to | plain | not) or (.to | startswith("-")) then "recipient "
     + (.to | @json) + " is not one plain address: skipped, users "
     + ([.users[]?.arn] | join(", "))
  elif (.subject | test("[\u0000-\u001f\u007f]")) then "the subject has a control character"
  else "ok" end'

# The mail of one notice (its `to` has passed `check`).
message='
  (if $from != "" then "From: " + $from + "\n" else "" end)
  + "To: " + .to + "\nSubject: " + .subject
  + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8"
  + "\nContent-Transfer-Encoding: 8bit\n\n" + .text'

from=${DORMANT_NOTIFY_FROM:-}
case $from in
  *[!A-Za-z0-9.@_+=-]*) echo "notify-mailer: DORMANT_NOTIFY_FROM is not a plain address" >&2
                        exit 2 ;;
esac

status=0 n=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  [ -n "$line" ] || continue
  if ! problem=$(printf '%s\n' "$line" | jq -r "$check" 2>/dev/null); then
    problem="not a JSON line"
  fi
  if [ "$problem" != ok ]; then
    # @json above keeps a hostile address on one line; tr keeps any other byte harmless.
    printf 'notify-mailer: line %d: %s\n' "$n" "$problem" | tr -d '\000-\011\013-\037\177' >&2
    status=1
    continue
  fi
  if [ -n "${DORMANT_NOTIFY_WEBHOOK:-}" ]; then
    printf '%s\n' "$line" | curl -fsS -X POST -H 'Content-Type: application/json' \
      --data-binary @- -- "$DORMANT_NOTIFY_WEBHOOK" >/dev/null
  else
    printf '%s\n' "$line" | jq -j --arg from "$from" "$message" | "${SENDMAIL:-sendmail}" -t -oi
  fi
  if [ $? -ne 0 ]; then
    printf 'notify-mailer: line %d: sending failed\n' "$n" >&2
    status=1
  fi
done < "${1:-/dev/stdin}"
exit $status
