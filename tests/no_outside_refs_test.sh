#!/usr/bin/env bash
# The repository stands on its own: no tracked file may point to documents outside it (the
# sibling directory of shared notes, the name of the outside specification file, or section
# numbers of that file). The project's own docs/ describe the behaviour instead.
# Usage: no_outside_refs_test.sh SOURCE_ROOT
set -euo pipefail
root=${1:?usage: no_outside_refs_test.sh SOURCE_ROOT}
cd "$root"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "skip: not a git checkout, no list of tracked files"
  exit 77
fi
self=tests/no_outside_refs_test.sh
# The patterns are assembled so that this file does not match them itself.
dotdot='\.\./'"shared"
spec_file='SPEC''\.md'
spec_section='SPEC'' §'
hits=$(git ls-files -z | grep -zv -x -F "$self" |
       xargs -0 grep -I -n -E -e "$dotdot" -e "$spec_file" -e "$spec_section" -- 2>/dev/null || true)
if [ -n "$hits" ]; then
  count=$(printf '%s\n' "$hits" | wc -l)
  printf '%s\n' "$hits" | head -50 >&2
  echo "FAIL: $count lines of tracked files point outside the repository (first 50 above)" >&2
  exit 1
fi
echo "ok: $(git ls-files | wc -l) tracked files, none points outside the repository"
