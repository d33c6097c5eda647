#!/usr/bin/env bash
# Stops the PostgreSQL etc/pg/start.sh started and removes its directory.
set -euo pipefail
DIR="${AAVA_PG_DIR:-/tmp/aava-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -d "$DIR/data" ] || exit 0
if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
else "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true; fi
rm -rf "$DIR"
