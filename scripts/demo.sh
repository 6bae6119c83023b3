#!/usr/bin/env bash
# Sets up, builds, and evaluates the bundled demo exports (testdata/demo/).
# Writes demo-decisions.jsonl and prints the summary. Usage: scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
set +e
build/src/dormant evaluate testdata/demo/exports \
  --policy testdata/demo/policy.json --as-of 2026-11-20T00:00:00Z --out demo-decisions.jsonl
code=$?
set -e
echo "demo: exit $code; decision file: demo-decisions.jsonl ($(wc -l < demo-decisions.jsonl) lines)"
exit $code
