#!/usr/bin/env bash
# Sets up, builds from scratch and runs every test. Ends with the line
# "N passed, N failed" and exits non-zero when a test failed.
# Usage: scripts/test.sh [extra meson setup options, e.g. -Db_sanitize=address,undefined]
#   BUILD_DIR (default: build) selects the build directory.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
build="${BUILD_DIR:-build}"
rm -rf "$build"
meson setup "$build" "$@" >/dev/null || exit 1
ninja -C "$build" || exit 1
meson test -C "$build" --print-errorlogs
status=$?
log="$build/meson-logs/testlog.json"
passed=0
failed=0
if [ -f "$log" ]; then
  passed=$(jq -s '[.[] | select(.result == "OK")] | length' "$log")
  failed=$(jq -s '[.[] | select(.result != "OK" and .result != "SKIP")] | length' "$log")
fi
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
