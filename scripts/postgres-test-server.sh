#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests, on loopback only.
#   bash scripts/postgres-test-server.sh start   # installs PostgreSQL if needed, starts it, prints the connection string
#   bash scripts/postgres-test-server.sh stop    # stops it and deletes its data
#   bash scripts/postgres-test-server.sh status  # exit 0 when it is running
# The connection string is the last line printed on stdout; everything else goes to stderr so callers can capture it.
# Admin work goes over the Unix socket in the data folder (trusted); TCP needs the password, like a real server.
# The password is fixed on purpose: the server listens on 127.0.0.1 only and holds nothing but test data.
set -euo pipefail

port="${ADMINCHAT_TEST_POSTGRES_PORT:-55432}"
pg_bin=/usr/lib/postgresql/15/bin
dir="${TMPDIR:-/tmp}/adminchat-postgres-test-$port"
role=adminchat
password=adminchat_test_password
database=adminchat_test

log() { echo "postgres-test-server: $*" >&2; }

# initdb and postgres refuse to run as root; as root we run them as the postgres user Debian's package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { [ -f "$dir/data/PG_VERSION" ] && as_owner "$pg_bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

psql_admin() { as_owner "$pg_bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

start() {
  if [ ! -x "$pg_bin/initdb" ]; then
    log "installing postgresql with apt-get (needs root and Debian's package archive)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi

  if ! running; then
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Sockets in our own folder, so nothing collides with a system cluster in /var/run/postgresql.
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    log "started on 127.0.0.1:$port (data in $dir)"
  else
    log "already running on 127.0.0.1:$port"
  fi

  # CREATEDB: every test fixture makes (and drops) a database of its own.
  if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'"
  fi
  if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE $database OWNER $role"
  fi

  echo "Host=127.0.0.1;Port=$port;Database=$database;Username=$role;Password=$password"
}

stop() {
  if running; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -w -m fast stop >&2
    log "stopped"
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) [ -x "$pg_bin/pg_ctl" ] && running ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
