#!/usr/bin/env bash
# The library as an embedding program sees it: `meson install` into a temporary directory,
# examples/embed.cpp compiled and linked against that installed copy only (its headers and
# libdormant.a, found through the installed dormant.pc), then run on the demo exports. Its
# output must equal the decision file of `dormant evaluate` on the same data byte for byte,
# with the built-in default policy and with the demo's policy file, and so must its exit
# status (0, or 3 for a safety stop).
# Usage: embed_test.sh BUILD_DIR SOURCE_DIR DORMANT_BINARY [EXTRA_CXXFLAGS...]
#   EXTRA_CXXFLAGS: what the library was compiled with that its users must match (the
#   sanitizers of a -Db_sanitize build).
set -euo pipefail

build=$(realpath "${1:?usage: embed_test.sh BUILD_DIR SOURCE_DIR DORMANT_BINARY}")
source=$(realpath "${2:?usage: embed_test.sh BUILD_DIR SOURCE_DIR DORMANT_BINARY}")
dormant=$(realpath "${3:?usage: embed_test.sh BUILD_DIR SOURCE_DIR DORMANT_BINARY}")
extra_flags=("${@:4}")
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
failures=0

# Install (what is already built: meson test has built it) under $tmp/root.
meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; echo "FAIL: meson install" >&2; exit 1; }
pc=$(find "$tmp/root" -name dormant.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { echo "FAIL: meson install installed no dormant.pc" >&2; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc")
installed_headers=$(find "$tmp/root" -path '*/include/dormant/*.h' | wc -l)
public_headers=$(find "$source/include/dormant" -name '*.h' | wc -l)
if [ "$installed_headers" -ne "$public_headers" ]; then
  echo "FAIL: $installed_headers headers installed, $public_headers public headers" >&2
  failures=$((failures + 1))
fi
# A public header includes only the standard library and other public headers: an
# internal header (src/) is not installed, so an embedding program could not compile.
for h in "$source"/include/dormant/*.h; do
  while read -r included; do
    if [ ! -f "$source/include/$included" ]; then
      echo "FAIL: ${h#"$source"/} includes \"$included\", which is not a public header" >&2
      failures=$((failures + 1))
    fi
  done < <(sed -n 's/^#include "\(.*\)"/\1/p' "$h")
done

# The compiler sees the installed copy only: the pkg-config file relocated into $tmp/root
# (it names the real prefix), and the system's .pc files for simdjson, libcrypto and zlib.
# The plain `pkg-config --cflags --libs dormant` an embedding program uses.
export PKG_CONFIG_PATH="$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
read -r -a flags <<<"$(pkg-config --define-variable=prefix="$tmp/root$prefix" \
  --cflags --libs dormant)"
"${CXX:-c++}" -std=c++20 "${extra_flags[@]}" -o "$tmp/embed" "$source/examples/embed.cpp" \
  "${flags[@]}"

cd "$source"
as_of=2026-11-20T00:00:00Z
compare() {  # DESCRIPTION [POLICY]
  local cli_status=0 embed_status=0
  "$dormant" evaluate testdata/demo/exports --as-of "$as_of" ${2:+--policy "$2"} \
    --out "$tmp/cli.jsonl" --quiet || cli_status=$?
  "$tmp/embed" testdata/demo/exports "$as_of" ${2:+"$2"} >"$tmp/embed.jsonl" || embed_status=$?
  if [ "$cli_status" -ne "$embed_status" ]; then
    echo "FAIL: $1: dormant evaluate exits $cli_status, embed $embed_status" >&2
    failures=$((failures + 1))
  elif ! cmp "$tmp/cli.jsonl" "$tmp/embed.jsonl"; then
    echo "FAIL: $1: embed's decision file differs from dormant evaluate's" >&2
    failures=$((failures + 1))
  else
    echo "ok: $1 (exit $cli_status, $(wc -l <"$tmp/embed.jsonl") lines)"
  fi
}
compare "default policy"
compare "demo policy" testdata/demo/policy.json

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
