#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ one after the other, each for SECONDS.
#
# Usage: scripts/fuzz.sh SECONDS [TARGET...]
#   TARGET: csv_reader credential_report advisor iam_details policy timestamp decision_file
#           (default: all, in that order)
#
# Installs clang and libclang-rt-14-dev if missing, configures and builds build-fuzz
# (clang, -Dfuzz=true, AddressSanitizer + UndefinedBehaviorSanitizer), seeds the committed
# corpora fuzz/corpus/<target>/ from testdata/ when they are empty, then runs each target
# with -max_total_time=SECONDS. New inputs go to build-fuzz/corpus/<target>/ (not
# committed), crash/leak/timeout/oom inputs to build-fuzz/artifacts/<target>/, the full log
# to build-fuzz/logs/<target>.log. Prints one line per target: executions, coverage (cov:
# and ft: of libFuzzer's last status line), corpus size and findings. Exits 1 if any target
# found something.
#
# The committed corpora hold the testdata seeds and the inputs earlier runs found, merged
# (libFuzzer -merge=1) and kept only up to 4 KB each; to refresh them after a long run:
#   build-fuzz/fuzz/T_fuzz -merge=1 NEW_DIR fuzz/corpus/T build-fuzz/corpus/T
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz); FUZZ_JOBS (ninja -j, default 2);
# DORMANT_FUZZ_ONE_LINE=1 also requires every error message to be one line without
# control characters (the CLI escapes them when it prints; this checks the raw messages).
# Extra libFuzzer flags: FUZZ_FLAGS.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

all_targets=(csv_reader credential_report advisor iam_details policy timestamp decision_file)

usage() {
  echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
  echo "targets: ${all_targets[*]}" >&2
  exit 2
}

[ $# -ge 1 ] || usage
seconds="$1"
shift
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "unknown target: $t" >&2; usage; }
done

build="${FUZZ_BUILD_DIR:-build-fuzz}"

# --- toolchain -------------------------------------------------------------------------
fuzzer_lib_present() {
  compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null
}
if ! command -v clang++ >/dev/null || ! fuzzer_lib_present; then
  echo "== installing clang and libclang-rt-14-dev"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq clang libclang-rt-14-dev; }; then
    echo "cannot install clang / libclang-rt-14-dev" >&2
    exit 2
  fi
fi

# --- build -----------------------------------------------------------------------------
if [ ! -f "$build/build.ninja" ]; then
  echo "== configuring $build"
  CXX=clang++ meson setup "$build" -Dfuzz=true -Db_sanitize=address,undefined \
    -Db_lundef=false >/dev/null || exit 2
fi
echo "== building fuzz targets in $build"
binaries=()
for t in "${targets[@]}"; do binaries+=("fuzz/${t}_fuzz"); done
if ! out=$(ninja -C "$build" -j "${FUZZ_JOBS:-2}" "${binaries[@]}" 2>&1); then
  echo "$out" >&2
  exit 2
fi

# --- seed corpora ----------------------------------------------------------------------
# A seed file is named by the sha1 of its contents (as libFuzzer names corpus files), so
# seeding twice adds nothing. Seeds larger than 32 KB are skipped to keep the committed
# corpus small (< 2 MB in all).
add_seed() {  # add_seed DIR FILE
  local size
  size=$(stat -c %s "$2")
  [ "$size" -le 32768 ] || return 0
  cp "$2" "$1/$(sha1sum "$2" | cut -c1-40)"
}
add_seed_text() {  # add_seed_text DIR TEXT
  local tmp
  tmp=$(mktemp)
  printf '%s' "$2" >"$tmp"
  add_seed "$1" "$tmp"
  rm -f "$tmp"
}
# The kind of a testdata file, as dormant detects it, plus policies and decision
# files: csv, report_json, iam_details, advisor, policy, decisions or other.
kind_of() {
  local f="$1" base head
  base=$(basename "$f")
  head=$(head -c 4096 "$f" | sed '1s/^\xEF\xBB\xBF//' | tr -d ' \t\r\n' | head -c 200)
  case "$base" in
    policy.json) echo policy; return ;;
    NOTES.md|README.md|README.txt|args|expected_exit|expected_stderr|notes.txt|*.py) echo other; return ;;
  esac
  case "$head" in
    '{"format":"dormant-decisions/1"'*) echo decisions ;;
    '{'*|'['*)
      if head -c 65536 "$f" | grep -q '"Content"'; then echo report_json
      elif head -c 65536 "$f" | grep -q '"UserDetailList"'; then echo iam_details
      elif head -c 65536 "$f" | grep -q '"version"'; then echo policy
      else echo advisor
      fi ;;
    *) if [ "$base" = expected_stdout ]; then echo other; else echo csv; fi ;;
  esac
}

seed_corpora() {
  local t dir
  for t in "${all_targets[@]}"; do mkdir -p "fuzz/corpus/$t"; done
  local empty=0
  for t in "${targets[@]}"; do
    [ -n "$(ls -A "fuzz/corpus/$t")" ] || empty=1
  done
  [ "$empty" -eq 1 ] || return 0
  echo "== seeding fuzz/corpus/ from testdata/"
  while IFS= read -r -d '' f; do
    case "$(kind_of "$f")" in
      csv) add_seed fuzz/corpus/csv_reader "$f"; add_seed fuzz/corpus/credential_report "$f" ;;
      report_json) add_seed fuzz/corpus/credential_report "$f" ;;
      iam_details) add_seed fuzz/corpus/iam_details "$f" ;;
      advisor) add_seed fuzz/corpus/advisor "$f" ;;
      policy) add_seed fuzz/corpus/policy "$f" ;;
      decisions) add_seed fuzz/corpus/decision_file "$f" ;;
    esac
  done < <(find testdata -type f ! -path 'testdata/bad/*' -print0 | sort -z)
  # Timestamps and dates as they occur in testdata, plus the edges of the accepted forms.
  dir=fuzz/corpus/timestamp
  grep -rhoE '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?' \
      testdata --exclude-dir=bad | sort -u | head -150 |
    while IFS= read -r ts; do add_seed_text "$dir" "$ts"; done
  for ts in '2024-02-29T23:59:59Z' '2023-02-29T00:00:00Z' '2026-11-20 00:00:00+05:30' \
            '0001-01-01T00:00:00Z' '9999-12-31T23:59:59Z' '2026-11-20T00:00:00.123456789-23:59' \
            '2026-11-20T24:00:00Z' '2026-11-20t00:00:00z' '1700000000' '2026-11-20'; do
    add_seed_text "$dir" "$ts"
  done
}
seed_corpora

# --- run -------------------------------------------------------------------------------
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
mkdir -p "$build/logs"
found=0
summary=()
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  log="$build/logs/$t.log"
  mkdir -p "$work" "$artifacts"
  before=$(find "$artifacts" -type f | wc -l)
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=("-dict=fuzz/$t.dict")
  echo "== $t: ${seconds}s (log: $log)"
  # shellcheck disable=SC2086  # FUZZ_FLAGS holds several flags
  "$build/fuzz/${t}_fuzz" "$work" "fuzz/corpus/$t" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_FLAGS:-} >"$log" 2>&1
  status=$?
  after=$(find "$artifacts" -type f | wc -l)
  crashes=$((after - before))
  execs=$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  if [ -z "$execs" ]; then  # stopped by a finding: the last status line's count
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  fi
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  corp=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' <<<"$last" | cut -d' ' -f2)
  line="$t: ${execs:-0} executions, cov: ${cov:-?} ft: ${ft:-?}, corpus ${corp:-?}, findings: $crashes (exit $status)"
  if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
    found=1
    line+=" — see $log and $artifacts/"
  fi
  summary+=("$line")
  echo "$line"
done
echo "== summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$found"
