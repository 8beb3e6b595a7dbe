#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, on 127.0.0.1 only.
#   scripts/postgres.sh start   # prints postgresql+psycopg://... for TEST_DATABASE_URL
#   scripts/postgres.sh stop    # stops the cluster and deletes its files
# Settings: PG_PORT (default 25432, below Linux's ephemeral range so that no client socket can hold it), PG_DIR (default /tmp/claims-pg), PG_DATABASE (default claims_test;
# start again with another name to add a database to the running cluster).
set -euo pipefail

PORT="${PG_PORT:-25432}"
DIR="${PG_DIR:-/tmp/claims-pg}"
DATABASE="${PG_DATABASE:-claims_test}"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Root may not own a cluster: run the server tools as the postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin="$(find_bin)"
  if [ -z "$bin" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
      exit 1
    fi
    { apt-get update -qq && apt-get install -y -qq postgresql; } >&2
    bin="$(find_bin)"
  fi
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    as_owner "$bin/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
  fi
  if ! as_owner "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    if ! as_owner "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='$DIR' -c fsync=off" start >&2; then
      echo "PostgreSQL did not start on 127.0.0.1:$PORT; the end of $DIR/server.log:" >&2
      tail -n 20 "$DIR/server.log" >&2 || true
      exit 1
    fi
  fi
  if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DATABASE"
  fi
  echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DATABASE"
}

stop() {
  local bin
  bin="$(find_bin)"
  if [ -n "$bin" ] && [ -f "$DIR/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$DIR" -m fast -w stop >&2 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
