#!/usr/bin/env bash
# Installs the Debian packages dormant needs to build and test, if any is missing.
# Usage: scripts/setup.sh            (as root, or with sudo available)
set -euo pipefail

packages=(g++ meson ninja-build pkg-config libsimdjson-dev libcli11-dev libboost-test-dev
          libssl-dev zlib1g-dev jq awscli python3-jsonschema git)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
