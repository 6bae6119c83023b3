#!/usr/bin/env bash
# The git recipe of the README ("Decision files in git"): with `*.jsonl diff=dormant` in
# .gitattributes and `git config diff.dormant.textconv "dormant show"`, `git diff` and
# `git log -p` on a decision file show the verdict lines that changed, not the header line.
# Runs in a temporary repository: commit a decision file, commit a re-evaluation of the same
# exports a few hours later (one user crosses the idle limit), and compare.
# Usage: git_recipe_test.sh DORMANT_BINARY TESTDATA_DIR
set -euo pipefail

dormant=${1:?usage: git_recipe_test.sh DORMANT_BINARY TESTDATA_DIR}
testdata=${2:?usage: git_recipe_test.sh DORMANT_BINARY TESTDATA_DIR}
command -v git >/dev/null || { echo "git is not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

repo=$tmp/repo
mkdir -p "$repo/decisions"
cp -r "$testdata/golden/deactivate-warn-keep/exports" "$testdata/golden/deactivate-warn-keep/policy.json" "$repo/"
cd "$repo"
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp  # no user or system configuration
git init -q .
git config user.email test@example.com
git config user.name test
# The recipe, as the README gives it.
printf '%s\n' 'decisions/*.jsonl diff=dormant' > .gitattributes
git config diff.dormant.textconv "$dormant show"

"$dormant" evaluate exports --policy policy.json --as-of 2026-11-20T00:00:00Z \
  --out decisions/prod.jsonl --quiet
git add -A && git commit -q -m "decisions as of 2026-11-20T00:00"
"$dormant" evaluate exports --policy policy.json --as-of 2026-11-20T18:00:00Z \
  --out decisions/prod.jsonl --quiet
git commit -q -am "decisions as of 2026-11-20T18:00"

# What should show: the lines of `dormant show` that differ between the two files.
git show HEAD~1:decisions/prod.jsonl > "$tmp/old.jsonl"
"$dormant" show "$tmp/old.jsonl" > "$tmp/old.txt"
"$dormant" show decisions/prod.jsonl > "$tmp/new.txt"
want=$(diff "$tmp/old.txt" "$tmp/new.txt" | sed -n 's/^> /+/p; s/^< /-/p' || true)
grep -q '^+deactivate arn:aws:iam::111122223333:user/u-idle-89 ' <<<"$want" ||
  fail "the test's premise: u-idle-89 becomes deactivate; changed lines: $want"
header=$(head -n 1 decisions/prod.jsonl)

for cmd in "diff HEAD~1" "log -p -n 1" "show HEAD"; do
  # shellcheck disable=SC2086  # the git subcommand and its options
  out=$(git $cmd -- decisions/prod.jsonl)
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    grep -qxF -- "$line" <<<"$out" || fail "git $cmd does not show the changed line: $line"
  done <<<"$want"
  grep -qF '{"format":"dormant-decisions/1"' <<<"$out" && fail "git $cmd shows the raw header line"
  grep -qF "${header:100:64}" <<<"$out" && fail "git $cmd shows the header's sha256 blob"
  [ "$(wc -L <<<"$out")" -lt 400 ] || fail "git $cmd has a line of $(wc -L <<<"$out") characters"
done
# Without the textconv, git shows the raw lines: the recipe is what made the difference.
# (A here-string, not a pipe: with pipefail, grep -q stopping early would fail git with SIGPIPE.)
raw=$(git diff --no-textconv HEAD~1 -- decisions/prod.jsonl)
grep -qF '{"format":"dormant-decisions/1"' <<<"$raw" ||
  fail "git diff --no-textconv does not show the raw header (is the test testing anything?)"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "git recipe: OK"
