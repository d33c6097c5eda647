#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the tests and benchmarks: Debian's postgresql package, initdb/pg_ctl in a
# temp directory, listening on 127.0.0.1 only, run as the unprivileged OS user "postgres" (PostgreSQL refuses
# to run as root). It creates the role the dialer uses: a login that owns its database and may create test
# databases, and is NOT a superuser (the migrations must work as that role, pg_trgm included).
#
#   PG_ENV=$(etc/pg/start.sh) && eval "$PG_ENV"   # prints the settings to export
#   (AAVA_PG_DIR's parent must be one the user postgres can enter: not a mktemp directory of root's)
#   AAVA_PG_DIR=/tmp/x AAVA_PG_PORT=55432 etc/pg/start.sh
#
# Env: AAVA_PG_DIR (default /tmp/aava-pg), AAVA_PG_PORT (55432), AAVA_PG_FSYNC (off for tests; on for benchmarks).
set -euo pipefail
DIR="${AAVA_PG_DIR:-/tmp/aava-pg}"
PORT="${AAVA_PG_PORT:-55432}"
FSYNC="${AAVA_PG_FSYNC:-off}"
ROLE=aava
PASSWORD="${AAVA_PG_PASSWORD:-aava-test-password}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || { echo "pg: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
OS_USER=postgres
id "$OS_USER" >/dev/null 2>&1 || { echo "pg: OS user $OS_USER is missing (it comes with Debian's postgresql package)" >&2; exit 1; }
as_user() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi; }

if [ -f "$DIR/data/postmaster.pid" ] && as_user "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    echo "pg: already running in $DIR on port $PORT" >&2
else
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown "$OS_USER" "$DIR"
    pwfile="$DIR/pw"
    printf '%s\n' "$PASSWORD" > "$pwfile"
    [ "$(id -u)" -eq 0 ] && chown "$OS_USER" "$pwfile"
    # the bootstrap superuser exists only inside this throwaway cluster; the dialer never uses it
    as_user "$BIN/initdb" -D "$DIR/data" -U pgadmin --auth=scram-sha-256 --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_user "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c fsync=$FSYNC -c synchronous_commit=$FSYNC -c max_connections=200 -c shared_buffers=256MB" \
        start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    PGPASSWORD="$PASSWORD" psql -q -h 127.0.0.1 -p "$PORT" -U pgadmin -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" \
        -c "CREATE DATABASE aava OWNER $ROLE" >/dev/null
    echo "pg: PostgreSQL running in $DIR on 127.0.0.1:$PORT (role $ROLE, database aava)" >&2
fi
echo "export AAVA_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PORT/aava AAVA_TEST_PG_USERNAME=$ROLE AAVA_TEST_PG_PASSWORD=$PASSWORD"
