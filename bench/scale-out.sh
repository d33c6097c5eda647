#!/usr/bin/env bash
# Benchmark for issue 20, SQLite and PostgreSQL side by side in one run, on this machine:
#  1. REST import of N leads (default 1,000,000, with custom_vars) into a server on SQLite, then into one on
#     PostgreSQL (COPY), -Xmx256m and ZGC as the production unit;
#  2. on PostgreSQL at N leads: p50/p99 of the lead page (first page, a deep page, a name search) and of the stats;
#  3. lease throughput from the imported campaign: SQLite with one node, PostgreSQL with one and two nodes
#     (bench ScaleOutLease), without caps and with the campaign's max_concurrent enforced in the lease.
# PostgreSQL is a throwaway cluster (etc/pg/start.sh, fsync on as in production, port 55433).
# Usage: bench/scale-out.sh [ROWS]   RECORD=0 skips appending the figures to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
REPO="$PWD"
JAR=server/target/aava-dialer.jar
BENCH_JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] && [ -f "$BENCH_JAR" ] || JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests -Daava.fuzz=0 package
WORK="$(mktemp -d)"
# not under $WORK: PostgreSQL runs as the user postgres, who cannot enter a mktemp directory of root's
export AAVA_PG_DIR=/tmp/aava-pg-bench AAVA_PG_PORT=55433 AAVA_PG_FSYNC=on
PID=
trap 'kill "$PID" 2>/dev/null || true; etc/pg/stop.sh || true; rm -rf "$WORK"' EXIT
PG_ENV=$(etc/pg/start.sh)  # an assignment, so that a failure stops the script (eval "$(...)" would not)
eval "$PG_ENV"
PG_URL="jdbc:postgresql://127.0.0.1:$AAVA_PG_PORT/aava"
psql_aava() { PGPASSWORD="$AAVA_TEST_PG_PASSWORD" psql -qAt -h 127.0.0.1 -p "$AAVA_PG_PORT" -U "$AAVA_TEST_PG_USERNAME" -d aava "$@"; }
CSV="$WORK/leads.csv"
awk -v n="$ROWS" 'BEGIN { print "name,phone_number,timezone,custom_vars";
  for (i = 1; i <= n; i++) printf "Lead %d,+1212%07d,America/New_York,\"{\"\"account\"\":\"\"A-%d\"\",\"\"tier\"\":%d}\"\n", i, 2000000 + i, i, i % 5 }' > "$CSV"
PORT=18195; TOKEN=bench-token-0123456789abcdef
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
api() { curl -s -H "Authorization: Bearer $TOKEN" "$@"; }

start_server() { # $1 = database url ("" for SQLite)
  (cd "$WORK" && AAVA_DIALER_DATABASE_URL="$1" AAVA_DIALER_DATABASE_USERNAME="$AAVA_TEST_PG_USERNAME" \
    AAVA_DIALER_DATABASE_PASSWORD="$AAVA_TEST_PG_PASSWORD" AAVA_DIALER_DATABASE_PATH="$WORK/sqlite/aava.db" \
    AAVA_DIALER_WEB_PORT=$PORT AAVA_DIALER_AGI_PORT=14595 AAVA_DIALER_WEB_API_TOKEN=$TOKEN \
    AAVA_DIALER_WEB_ADMIN_PASSWORD=bench-admin-password AAVA_DIALER_ARI_URL=http://127.0.0.1:9 AAVA_DIALER_AMI_PORT=9 \
    exec "$JAVA_HOME/bin/java" -XX:+UseZGC -Xmx256m -jar "$REPO/$JAR" > "$WORK/server-$2.log" 2>&1) &
  PID=$!
  for _ in $(seq 1 600); do api -m 1 "localhost:$PORT/api/health" 2>/dev/null | grep -q '"db":"ok"' && return 0; sleep 0.1; done
  echo "server did not start; see $WORK/server-$2.log" >&2; cat "$WORK/server-$2.log" >&2; exit 1
}
stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }

import_rate() { # one REST import into a new campaign; sets RATE (rows/s) and CID
  CID=$(api -H 'Content-Type: application/json' -d '{"name":"bench"}' "localhost:$PORT/api/outbound/campaigns" \
        | sed -E 's/.*"id":([0-9]+).*/\1/')
  local t0 t1
  t0=$(date +%s%N)
  api -H 'Content-Type: text/csv' --data-binary @"$CSV" "localhost:$PORT/api/outbound/campaigns/$CID/leads/import" > "$WORK/import.json"
  t1=$(date +%s%N)
  grep -q "\"accepted\":$ROWS" "$WORK/import.json" || { echo "import incomplete: $(head -c 300 "$WORK/import.json")" >&2; exit 1; }
  RATE=$(( ROWS * 1000000000 / (t1 - t0) ))
}

percentiles() { # $1 = URL path, 200 requests after 20 warm-up ones: prints "p50 p99" in ms
  local url="localhost:$PORT$1" i
  for i in $(seq 1 20); do api -o /dev/null "$url"; done
  for i in $(seq 1 200); do api -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n \
    | awk '{ v[NR] = $1 * 1000 } END { printf "%.1f %.1f", v[int(NR * 0.5)], v[int(NR * 0.99)] }'
}

mkdir -p "$WORK/sqlite"
start_server "" sqlite
import_rate; SQLITE_IMPORT=$RATE; SQLITE_CID=$CID
stop_server
start_server "$PG_URL" postgres
import_rate; PG_IMPORT=$RATE; PG_CID=$CID
PAGE_FIRST=$(percentiles "/api/outbound/campaigns/$PG_CID/leads?page=1&page_size=50")
PAGE_DEEP=$(percentiles "/api/outbound/campaigns/$PG_CID/leads?page=2000&page_size=50")
PAGE_SEARCH=$(percentiles "/api/outbound/campaigns/$PG_CID/leads?q=ead%2099999&page_size=50")
STATS=$(percentiles "/api/outbound/campaigns/$PG_CID/stats")
stop_server

# the lease needs a running campaign; set in the databases directly (no Asterisk here to dial with)
# (500 calls at once, no spacing between starts: what the caps then cost is the lock and the count)
sqlite3 "$WORK/sqlite/aava.db" "UPDATE outbound_campaigns SET status = 'running', max_concurrent = 500, min_interval_seconds = 0 WHERE id = $SQLITE_CID"
psql_aava -c "UPDATE outbound_campaigns SET status = 'running', max_concurrent = 500, min_interval_seconds = 0 WHERE id = $PG_CID"
# each run starts from every lead pending (the triggers keep lead_state_counts exact)
unlease_pg() { psql_aava -c "UPDATE outbound_leads SET state = 'pending', leased_until_utc = NULL WHERE state = 'leased'"; }
lease() {
  "$JAVA_HOME/bin/java" -XX:+UseZGC --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" org.aava.dialer.bench.scaleout.ScaleOutLease "$@" \
    > "$WORK/lease.out" 2> "$WORK/lease.err" || { cat "$WORK/lease.err" >&2; exit 1; }
  tail -1 "$WORK/lease.out"
}
L_SQLITE=$(lease "$WORK/sqlite/aava.db" "$SQLITE_CID" 1 10 10 nocaps)
L_PG1=$(lease "$PG_URL" "$PG_CID" 1 10 10 nocaps "$AAVA_TEST_PG_USERNAME" "$AAVA_TEST_PG_PASSWORD"); unlease_pg
L_PG2=$(lease "$PG_URL" "$PG_CID" 2 10 10 nocaps "$AAVA_TEST_PG_USERNAME" "$AAVA_TEST_PG_PASSWORD"); unlease_pg
L_PG1C=$(lease "$PG_URL" "$PG_CID" 1 10 10 caps "$AAVA_TEST_PG_USERNAME" "$AAVA_TEST_PG_PASSWORD"); unlease_pg
L_PG2C=$(lease "$PG_URL" "$PG_CID" 2 10 10 caps "$AAVA_TEST_PG_USERNAME" "$AAVA_TEST_PG_PASSWORD")

REPORT="
### Scale-out: SQLite and PostgreSQL side by side ($STARTED, $(git rev-parse --short HEAD), $ROWS leads, $(nproc) cores)

| measure | SQLite | PostgreSQL $(psql_aava -c 'SHOW server_version' | cut -d' ' -f1) |
|---|---|---|
| REST import, rows/s (PostgreSQL: COPY) | $SQLITE_IMPORT | $PG_IMPORT |

PostgreSQL at $ROWS leads, 200 requests each (p50 / p99 ms): lead page 1: $PAGE_FIRST; page 2,000: $PAGE_DEEP; name search: $PAGE_SEARCH; stats: $STATS.

Lease, 10 leads per lease, back to back for 10 s:
- $L_SQLITE
- $L_PG1
- $L_PG2
- $L_PG1C
- $L_PG2C
"
echo "$REPORT"
[ "${RECORD:-1}" = 1 ] || exit 0
echo "$REPORT" >> "$REPO/bench/RESULTS.md"
echo "(appended to bench/RESULTS.md)"
