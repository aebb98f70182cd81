#!/usr/bin/env bash
# Installs what the tests need (Debian's Chromium for the browser tests, the openssl and tar command lines for the
# evidence tests) and the local .NET tools (dotnet-ef, from dotnet-tools.json), then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v tar >/dev/null 2>&1 || missing+=(tar)
command -v afl-fuzz >/dev/null 2>&1 || missing+=(afl++)  # the fuzz pass below

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo_cmd=(sudo)
    else
      echo "test.sh: ${missing[*]} missing and installing needs root (no sudo found)." >&2
      exit 1
    fi
  fi
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

dotnet tool restore
dotnet test EmrAuth.sln

# --- Fuzz pass: every decoder target about 30 s under AFL++ (SharpFuzz), two at a time; fails on a crash or hang.
#     Longer runs and their results: docs/testing.md#fuzzing.
EmrAuth.Fuzz/run.sh 30
