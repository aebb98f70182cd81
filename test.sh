#!/usr/bin/env bash
# Installs what the tests need (Debian's Chromium for the browser tests), then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo_cmd=(sudo)
    else
      echo "test.sh: /usr/bin/chromium is missing and installing it needs root (no sudo found)." >&2
      exit 1
    fi
  fi
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

dotnet test EmrAuth.sln
