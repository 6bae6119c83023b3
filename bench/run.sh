#!/usr/bin/env bash
# Benchmarks dormant against the ceiling (docs/performance.md) on the same data, in one run.
#
#   bench/run.sh [standard|large|memory|csv ...]     (default: all four)
#
# standard: 10 accounts x 2,000 users (about 590 MB of advisor NDJSON); large: 20 accounts
# x 5,000 users (about 2.9 GB). Data is generated once into bench/data/ (seeded, so the
# same every time). For each size, hyperfine times (5 runs, 1 warm-up):
#   cat        the advisor files to /dev/null (the I/O floor)
#   ceiling    bench/ceiling.cpp on the advisor files (SHA-256 + simdjson, 1 thread)
#   jobs 1     dormant evaluate DIR --jobs 1   (all inputs: reports, advisor, IAM details)
#   jobs 2     dormant evaluate DIR --jobs 2
#   baseline   with DORMANT_BASELINE=PATH (absolute, or relative to the repository): that
#              dormant binary (say, a release build of an earlier commit) evaluate DIR
#              --jobs 1, in the same hyperfine run
# and /usr/bin/time -v gives each one's peak RSS. memory: peak RSS of dormant at 50,000,
# 100,000 and 200,000 users (small advisor documents) against 64 MB + 400 B/user. csv:
# bench/csv_parse on a 1,000,000-row bare credential report. Prints Markdown (for
# bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo;
  $sudo apt-get install -y -qq hyperfine time >/dev/null; }
scripts/setup.sh
build=build-bench
[ -d "$build" ] || meson setup "$build" >/dev/null
ninja -C "$build" src/dormant bench/ceiling bench/csv_parse >/dev/null
dormant="$build/src/dormant"
ceiling="$build/bench/ceiling"
as_of=2026-11-20T00:00:00Z
mkdir -p bench/data

generate() {  # NAME ACCOUNTS USERS SEED [generate.py options]
  [ -f "bench/data/$1/.done" ] && return
  rm -rf "bench/data/$1"
  echo "generating bench/data/$1 ($2 accounts x $3 users)..." >&2
  python3 bench/generate.py "bench/data/$1" --accounts "$2" --users "$3" --seed "$4" "${@:5}"
  touch "bench/data/$1/.done"
}

peak_rss_mb() {  # COMMAND... (dormant exits 3 on the generated data: a guardrail trips)
  { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } |
    awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}'
}

median() {  # JSON INDEX
  jq -r ".results[$2].median" "$1"
}

run_size() {  # NAME
  local dir="bench/data/$1"
  local files
  files=$(find "$dir/" -name 'access-advisor.ndjson' | sort | tr '\n' ' ')
  local bytes users
  bytes=$(cat $files | wc -c)
  users=$(find "$dir/" -name 'access-advisor.ndjson' | xargs cat | wc -l)
  local names=("cat" "ceiling" "dormant --jobs 1" "dormant --jobs 2")
  local cmds=("cat $files" "$ceiling $files"
              "$dormant evaluate $dir --as-of $as_of --jobs 1 --out /dev/null --quiet"
              "$dormant evaluate $dir --as-of $as_of --jobs 2 --out /dev/null --quiet")
  if [ -n "${DORMANT_BASELINE:-}" ]; then
    names+=("baseline --jobs 1")
    cmds+=("$DORMANT_BASELINE evaluate $dir --as-of $as_of --jobs 1 --out /dev/null --quiet")
  fi
  local args=(-n cat "cat $files > /dev/null") i
  for i in "${!names[@]}"; do [ "$i" -eq 0 ] || args+=(-n "${names[$i]}" "${cmds[$i]}"); done
  local json
  json=$(mktemp)
  hyperfine --runs 5 --warmup 1 -i --export-json "$json" --style none "${args[@]}" >/dev/null
  local mb
  mb=$(awk -v b="$bytes" 'BEGIN {printf "%.0f", b / 1048576}')
  echo
  echo "### $1: $users users, $mb MB of advisor NDJSON in $(echo $files | wc -w) files"
  echo
  echo "| command | median wall (s) | advisor MB/s | vs ceiling | peak RSS (MB) |"
  echo "|---|--:|--:|--:|--:|"
  local ceiling_s
  ceiling_s=$(median "$json" 1)
  for i in "${!names[@]}"; do
    local s rss
    s=$(median "$json" "$i")
    # shellcheck disable=SC2086
    rss=$(peak_rss_mb ${cmds[$i]})
    awk -v n="${names[$i]}" -v s="$s" -v c="$ceiling_s" -v mb="$mb" -v r="$rss" \
      'BEGIN {printf "| %s | %.3f | %.0f | %.2fx | %s |\n", n, s, mb / s, s / c, r}'
  done
  rm -f "$json"
}

run_csv() {
  local csv=bench/data/report-1m.csv
  if [ ! -f "$csv" ]; then
    python3 - "$csv" <<'PY'
import sys
hdr = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
       "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
       "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
       "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
       "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
       "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
with open(sys.argv[1], "w") as f:
    f.write(hdr)
    for i in range(1000000):
        n = "user-%07d" % i
        pw = i % 3 == 0
        f.write("\n%s,arn:aws:iam::111122223333:user/ops/%s,2021-03-04T05:06:07+00:00,%s,%s,%s,N/A,"
                "false,true,2022-01-02T03:04:05+00:00,2026-11-1%dT10:11:00+00:00,us-east-1,s3,false,"
                "N/A,N/A,N/A,N/A,false,N/A,false,N/A" % (
                    n, n, "true" if pw else "false", "2026-10-01T01:02:03+00:00" if pw else "N/A",
                    "2025-01-01T00:00:00+00:00" if pw else "N/A", i % 10))
PY
  fi
  echo
  echo "### credential-report CSV parsing (bench/csv_parse, median of 5)"
  echo
  echo '```'
  "$build/bench/csv_parse" "$csv"
  echo '```'
}

# Peak RSS against the number of users (advisor documents kept small: memory must grow
# with users, not bytes), and the limit of the performance issue, 64 MB + 400 B/user.
run_memory() {
  echo
  echo "### memory: peak RSS by number of users (--services 30)"
  echo
  echo "| users | dormant --jobs 1 (MB) | dormant --jobs 2 (MB) | limit 64 MB + 400 B/user (MB) |"
  echo "|--:|--:|--:|--:|"
  local first_users="" first_rss="" users rss1 rss2
  for accounts in 10 20 40; do
    generate "mem-$accounts" "$accounts" 5000 3 --services 30
    users=$((accounts * 5000))
    rss1=$(peak_rss_mb "$dormant" evaluate "bench/data/mem-$accounts" --as-of "$as_of" --jobs 1 --out /dev/null --quiet)
    rss2=$(peak_rss_mb "$dormant" evaluate "bench/data/mem-$accounts" --as-of "$as_of" --jobs 2 --out /dev/null --quiet)
    awk -v u="$users" -v a="$rss1" -v b="$rss2" \
      'BEGIN {printf "| %d | %s | %s | %.0f |\n", u, a, b, 64 + u * 400 / 1048576}'
    [ -n "$first_users" ] || { first_users=$users; first_rss=$rss1; }
  done
  awk -v u0="$first_users" -v r0="$first_rss" -v u1="$users" -v r1="$rss1" \
    'BEGIN {printf "\nPer additional user (--jobs 1, %d to %d users): %.0f bytes\n", u0, u1, (r1 - r0) * 1048576 / (u1 - u0)}'
}

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(standard large memory csv)
echo "## dormant benchmark, $(nproc) cores, $(date -u +%Y-%m-%d)"
for s in "${sizes[@]}"; do
  case "$s" in
    standard) generate standard 10 2000 1; run_size standard ;;
    large) generate large 20 5000 2; run_size large ;;
    memory) run_memory ;;
    csv) run_csv ;;
    *) echo "unknown size $s" >&2; exit 2 ;;
  esac
done
