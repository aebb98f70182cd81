#!/usr/bin/env bash
# Starts the deployment of docs/deployment.md on ONE machine, on loopback ports, for tests and demos:
#   a throwaway PostgreSQL cluster, two portal instances on it (a shared data folder), nginx in front of both.
#
#   deploy/local-cluster.sh start [--demo]   publish the portal (Release) and start everything; prints the URLs
#   deploy/local-cluster.sh status           which processes run, and whether each URL answers
#   deploy/local-cluster.sh stop             stop everything and delete the state folder
#
# --demo seeds the demo world (password emrauth-demo-2026) from instance A only. Without it the instances run as
# Production: the first administrator is created with the setup token that instance A prints into a.log.
# Environment: EMRAUTH_CLUSTER_DIR (state folder, default /tmp/emrauth-cluster), EMRAUTH_APP (a folder holding a
# published EmrAuth.Web.dll, to skip the publish), EMRAUTH_ENVIRONMENT (ASPNETCORE_ENVIRONMENT, default Production).
# As root, PostgreSQL runs as "postgres" and nginx as "nobody" (neither needs root; PostgreSQL refuses it).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${EMRAUTH_CLUSTER_DIR:-/tmp/emrauth-cluster}

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "local-cluster: no free loopback port." >&2
  exit 1
}

as_user() { # as_user ACCOUNT COMMAND...: run as ACCOUNT when we are root, else as ourselves
  local account=$1; shift
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$account" -- "$@"; else "$@"; fi
}

wait_http() { # wait_http URL SECONDS
  for _ in $(seq "$(($2 * 5))"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

start_instance() { # start_instance NAME PORT [extra env...]
  local name=$1 port=$2; shift 2
  # --urls on the command line: appsettings.json's "Urls" would win over ASPNETCORE_URLS.
  (cd "$state/app"
   env "$@" \
     ASPNETCORE_ENVIRONMENT="${EMRAUTH_ENVIRONMENT:-Production}" \
     Storage__Provider=Postgres \
     ConnectionStrings__EmrAuth="$(cat "$state/connection")" \
     Storage__DataDirectory="$state/data" \
     dotnet EmrAuth.Web.dll --urls "http://127.0.0.1:$port" </dev/null >"$state/$name.log" 2>&1 &
   echo $! >"$state/$name.pid")
  if ! wait_http "http://127.0.0.1:$port/" 90; then
    echo "local-cluster: instance $name did not answer on port $port; see $state/$name.log" >&2
    tail -n 30 "$state/$name.log" >&2
    exit 1
  fi
}

start() {
  [ ! -e "$state" ] || { echo "local-cluster: $state exists; run '$0 stop' first." >&2; exit 1; }
  local demo=()
  [ "${1:-}" != "--demo" ] || demo=(Demo__Seed=true)
  local pg_bin nginx_bin
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [ -n "$pg_bin" ] && [ -x "$nginx_bin" ] || { echo "local-cluster: needs Debian's postgresql and nginx (apt-get install postgresql nginx)." >&2; exit 1; }
  mkdir -p "$state/data" "$state/nginx"
  trap 'echo "local-cluster: start failed; stopping what started." >&2; stop' ERR

  # 1. PostgreSQL: the recipe of test.sh (docs/postgresql.md), but a database "emrauth" of its own.
  mkdir "$state/pg"
  [ "$(id -u)" -ne 0 ] || chown postgres "$state/pg"
  local pg_port; pg_port=$(free_port)
  as_user postgres "$pg_bin/initdb" -D "$state/pg" -A trust -U emrauth >/dev/null
  as_user postgres "$pg_bin/pg_ctl" -D "$state/pg" -l "$state/pg/server.log" -w \
    -o "-p $pg_port -k $state/pg -c listen_addresses=127.0.0.1" start >/dev/null
  echo "$pg_bin" >"$state/pg_bin"
  # The instances take their start-up lock in the database before migrating it, so it must exist.
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U emrauth emrauth
  echo "Host=127.0.0.1;Port=$pg_port;Username=emrauth;Database=emrauth" >"$state/connection"

  # 2. The portal, published once; both instances run the same files.
  if [ -n "${EMRAUTH_APP:-}" ]; then
    ln -s "$(cd "$EMRAUTH_APP" && pwd)" "$state/app"
  else
    dotnet publish "$repo/EmrAuth.Web" -c Release -o "$state/app" --nologo -v quiet >"$state/publish.log"
  fi

  # 3. Two instances. A starts first and alone: it creates the database, migrates it and (with --demo) seeds; B then
  #    finds the schema current and the deployment's secrets present.
  local port_a port_b
  port_a=$(free_port); start_instance a "$port_a" "${demo[@]}"
  port_b=$(free_port); start_instance b "$port_b"

  # 4. nginx from deploy/nginx.conf, in its own prefix, as an unprivileged user.
  local listen; listen=$(free_port)
  sed -e "s|@PREFIX@|$state/nginx|g" -e "s|@LISTEN@|127.0.0.1:$listen|g" \
      -e "s|@INSTANCE_A@|127.0.0.1:$port_a|g" -e "s|@INSTANCE_B@|127.0.0.1:$port_b|g" \
      "$repo/deploy/nginx.conf" >"$state/nginx/nginx.conf"
  [ "$(id -u)" -ne 0 ] || chown -R nobody "$state/nginx"
  as_user nobody "$nginx_bin" -p "$state/nginx" -c "$state/nginx/nginx.conf" -e "$state/nginx/error.log"
  wait_http "http://127.0.0.1:$listen/" 10 || { echo "local-cluster: nginx did not answer; see $state/nginx/error.log" >&2; exit 1; }
  trap - ERR

  printf 'http://127.0.0.1:%s/\n' "$listen" >"$state/url"
  cat <<MSG
EmrAuth cluster running (state in $state):
  portal (nginx):  http://127.0.0.1:$listen/
  instance a:      http://127.0.0.1:$port_a/   log $state/a.log
  instance b:      http://127.0.0.1:$port_b/   log $state/b.log
  PostgreSQL:      $(cat "$state/connection")
Stop with: $0 stop
MSG
}

status() {
  [ -d "$state" ] || { echo "local-cluster: not running ($state does not exist)."; return 1; }
  local name pid
  for name in a b; do
    pid=$(cat "$state/$name.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "instance $name: running (pid $pid)"; else echo "instance $name: stopped"; fi
  done
  pid=$(cat "$state/nginx/nginx.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "nginx: running (pid $pid) at $(cat "$state/url")"; else echo "nginx: stopped"; fi
  if as_user postgres "$(cat "$state/pg_bin")/pg_ctl" -D "$state/pg" status >/dev/null 2>&1; then echo "PostgreSQL: running"; else echo "PostgreSQL: stopped"; fi
}

stop() {
  [ -d "$state" ] || return 0
  local pid
  pid=$(cat "$state/nginx/nginx.pid" 2>/dev/null || true)
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  for name in a b; do
    pid=$(cat "$state/$name.pid" 2>/dev/null || true)
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  done
  if [ -f "$state/pg_bin" ]; then
    as_user postgres "$(cat "$state/pg_bin")/pg_ctl" -D "$state/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  sleep 1
  rm -rf "$state"
  echo "local-cluster: stopped."
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [--demo] | status | stop" >&2; exit 2 ;;
esac
