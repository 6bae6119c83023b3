#!/usr/bin/env bash
# Checks that every tracked C++ source and header under src, include, tests, bench, fuzz and
# examples is formatted as .clang-format says (clang-format --dry-run --Werror); prints each
# difference and exits non-zero when a file is not. Fix with `clang-format -i FILE` (or
# `git clang-format` for the lines of a change). Installs clang-format if it is missing.
# Ends with one line "N passed, N failed" for the check as a whole (1 passed or 1 failed), as
# .ci/run counts it.
# Usage: scripts/format-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    clang-format >/dev/null || exit 1
fi
passed=0
failed=0
while IFS= read -r -d '' file; do
  if clang-format --dry-run --Werror --style=file "$file"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done < <(git ls-files -z -- 'src/*.cpp' 'src/*.h' 'include/*.h' 'tests/*.cpp' 'tests/*.h' \
  'bench/*.cpp' 'bench/*.h' 'fuzz/*.cpp' 'fuzz/*.h' 'examples/*.cpp' 'examples/*.h')
echo "format-check: $passed files formatted, $failed not"
if [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
