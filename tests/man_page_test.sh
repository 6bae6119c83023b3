#!/usr/bin/env bash
# The man page against the program: every subcommand, option, positional argument and
# environment variable that `dormant [COMMAND] --help` prints must appear in docs/dormant.1,
# and the page must format without groff warnings (when groff is installed).
# Usage: man_page_test.sh DORMANT_BINARY MAN_PAGE
set -euo pipefail

dormant=${1:?usage: man_page_test.sh DORMANT_BINARY MAN_PAGE}
man=${2:?usage: man_page_test.sh DORMANT_BINARY MAN_PAGE}
# The page as text: roff's \- is a dash, font changes vanish.
text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\e/\\/g' "$man")

failures=0
commands=(evaluate verify diff explain plan notify policy "policy default" "policy check" schema show)
checked=0
for cmd in "" "${commands[@]}"; do
  # shellcheck disable=SC2086  # "policy check" is two words
  help=$("$dormant" $cmd --help)
  # The first word of each line in the Options, Positionals and Subcommands sections.
  words=$(printf '%s\n' "$help" | awk '
    /^(Options|Positionals|Subcommands):$/ { section = 1; next }
    /^[^ ]/ || /^$/ { section = 0 }
    section && /^  [^ ]/ { print $1 }')
  env_vars=$(printf '%s\n' "$help" | grep -oE 'DORMANT_[A-Z_]+' | sort -u || true)
  for w in $(printf '%s\n' "$words" | tr ',' '\n') $env_vars; do
    checked=$((checked + 1))
    # A here-string, not a pipe: `grep -q` stops at the first match, and with pipefail the
    # writer's SIGPIPE would fail the check at random.
    if ! grep -qE -- "(^|[^A-Za-z0-9_-])${w}([^A-Za-z0-9_-]|\$)" <<<"$text"; then
      echo "FAIL: 'dormant ${cmd:+$cmd }--help' prints '$w', which the man page does not mention" >&2
      failures=$((failures + 1))
    fi
  done
  if [ -n "$cmd" ] && ! grep -qF -- ".SS \"dormant $cmd" <<<"$text"; then
    echo "FAIL: the man page has no section for 'dormant $cmd'" >&2
    failures=$((failures + 1))
  fi
done
# Every subcommand the program has is in the list above.
for sub in $("$dormant" --help | awk '/^Subcommands:$/ { s = 1; next } /^[^ ]/ || /^$/ { s = 0 }
                                    s && /^  [^ ]/ { print $1 }'); do
  case " ${commands[*]} " in
    *" $sub "*) ;;
    *) echo "FAIL: subcommand '$sub' is not checked by this test" >&2; failures=$((failures + 1)) ;;
  esac
done
[ "$checked" -ge 20 ] || { echo "FAIL: only $checked words found in the help texts" >&2; exit 1; }

if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1 || true)
  if [ -n "$warnings" ]; then
    printf 'FAIL: groff warns:\n%s\n' "$warnings" >&2
    failures=$((failures + 1))
  fi
fi

if [ "$failures" -ne 0 ]; then exit 1; fi
echo "ok: $checked words of the help texts are in the man page"
