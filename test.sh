#!/usr/bin/env bash
# Installs what the tests need (Debian's Chromium for the browser tests, the openssl and tar command lines for the
# evidence tests, PostgreSQL for the tests that run on both database providers, nginx for the two-instance test that
# goes through deploy/nginx.conf) and the local .NET tools (dotnet-ef, from dotnet-tools.json), starts a throwaway
# PostgreSQL cluster, then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v tar >/dev/null 2>&1 || missing+=(tar)
command -v afl-fuzz >/dev/null 2>&1 || missing+=(afl++)  # the fuzz pass below
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx)  # only its binary: the tests start it in a temporary prefix (docs/deployment.md)

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

# --- A throwaway PostgreSQL cluster for the run (docs/postgresql.md): initdb in a temporary folder, trust auth for
#     the superuser "emrauth", listening on a free loopback port only; stopped and deleted on exit, also when tests fail.
#     PostgreSQL refuses to run as root, so as root the cluster belongs to the "postgres" account Debian's package creates.
PG_BIN=$(pg_bin)
PG_DIR=$(mktemp -d)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$PG_DIR"
  as_pg=(runuser -u postgres --)
fi
stop_postgres() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
PG_PORT=
for _ in $(seq 50); do
  port=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then PG_PORT=$port; break; fi
done
[ -n "$PG_PORT" ] || { echo "test.sh: no free loopback port for PostgreSQL." >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR" -A trust -U emrauth >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
export EMRAUTH_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=emrauth;Database=postgres"

dotnet tool restore
dotnet test EmrAuth.sln

# --- Fuzz pass: every decoder target about 30 s under AFL++ (SharpFuzz), two at a time; fails on a crash or hang.
#     Longer runs and their results: docs/testing.md#fuzzing.
EmrAuth.Fuzz/run.sh 30
