#!/usr/bin/env bash
# Benchmark: import N leads (default 1,000,000, with custom_vars) through the REST API into a server
# running with -Xmx256m, and report rows/s, the JVM's peak heap use and the process's peak RSS.
# Then stop the server and start it again on the same database: report the time from start to
# /api/health answering (db ok) and the idle RSS ~10 s later (targets: < 3 s, < 300 MB), with the
# production unit's heap (-Xmx512m, etc/aava-dialer.service; RESTART_XMX overrides it). Both run with the
# unit's collector (ZGC).
# The numbers are valid New York numbers (+1 212 2xx xxxx, up to 8M rows): libphonenumber rejects made-up area codes.
# Usage: bench/import-1m.sh [ROWS]   (builds the jar first if it is missing; needs no Asterisk)
# The figures are also appended to bench/RESULTS.md (RECORD=0 to skip). BENCH_QUIET_LOAD: see bench/machine.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
RESTART_XMX="${RESTART_XMX:-512m}"
REPO="$PWD"
. bench/machine.sh
JAR=server/target/aava-dialer.jar
[ -f "$JAR" ] || JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package
PID=
WORK="$(mktemp -d)"; trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
CSV="$WORK/leads.csv"
awk -v n="$ROWS" 'BEGIN { print "name,phone_number,timezone,custom_vars";
  for (i = 1; i <= n; i++) printf "Lead %d,+1212%07d,America/New_York,\"{\"\"account\"\":\"\"A-%d\"\",\"\"tier\"\":%d}\"\n", i, 2000000 + i, i, i % 5 }' > "$CSV"
PORT=18181; TOKEN=bench-token-0123456789abcdef
wait_for_quiet
LOAD_BEFORE=$(load_average)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
cd "$WORK"

# ARI and AMI point at a closed port: the server runs as without Asterisk and never touches a PBX
# (or a lab) that happens to listen on the default ports of this machine.
start_server() { # $1 = max heap, $2 = log file
  AAVA_DIALER_WEB_PORT=$PORT AAVA_DIALER_AGI_PORT=14574 AAVA_DIALER_WEB_API_TOKEN=$TOKEN AAVA_DIALER_WEB_ADMIN_PASSWORD=bench-admin-password \
  AAVA_DIALER_ARI_URL=http://127.0.0.1:9 AAVA_DIALER_AMI_PORT=9 \
    "$JAVA_HOME/bin/java" -XX:+UseZGC "-Xmx$1" -jar "$REPO/$JAR" > "$2" 2>&1 &
  PID=$!
}

# Polls /api/health every 10 ms until it answers with the database ok; prints the milliseconds since $1 (ns).
wait_healthy() {
  for _ in $(seq 1 3000); do
    if curl -s -m 1 "localhost:$PORT/api/health" 2>/dev/null | grep -q '"db":"ok"'; then
      echo $(( ($(date +%s%N) - $1) / 1000000 )); return 0
    fi
    kill -0 "$PID" 2>/dev/null || { echo "bench: the server died; see $WORK/$2" >&2; return 1; }
    sleep 0.01
  done
  echo "bench: /api/health did not answer within 30 s" >&2; return 1
}

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

start_server 256m server.log
wait_healthy "$(date +%s%N)" server.log > /dev/null
CID=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "localhost:$PORT/api/outbound/campaigns" | sed -E 's/.*"id":([0-9]+).*/\1/')
T0=$(date +%s%N)
RESULT=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$CSV" \
  "localhost:$PORT/api/outbound/campaigns/$CID/leads/import")
T1=$(date +%s%N)
SECS=$(echo "($T1 - $T0) / 1000000000" | bc -l)
RATE=$(echo "$ROWS / $SECS" | bc -l)
HEAP=$("$JAVA_HOME/bin/jcmd" "$PID" GC.heap_info 2>/dev/null | grep -m1 -oE 'used [0-9]+[KM]' || true)
RSS=$(grep VmHWM /proc/$PID/status | awk '{print $2 " kB"}')
echo "machine: $(nproc) cores; rows: $ROWS; file: $(du -h "$CSV" | cut -f1)"
echo "result: $RESULT"
printf 'import: %.1f s, %.0f rows/s; heap after import (-Xmx256m): %s; peak RSS: %s\n' "$SECS" "$RATE" "$HEAP" "$RSS"

# The name index fills in the background once the import has paused: how long until it covers every lead.
INDEX_SECS=n/a
if command -v sqlite3 > /dev/null; then
  for _ in $(seq 1 600); do
    if [ "$(sqlite3 -readonly data/aava-dialer.db 'SELECT (SELECT indexed_up_to FROM name_index_progress) >= (SELECT MAX(id) FROM outbound_leads)' 2>/dev/null)" = 1 ]; then
      INDEX_SECS=$(printf '%.1f' "$(echo "($(date +%s%N) - $T1) / 1000000000" | bc -l)"); break
    fi
    sleep 0.2
  done
fi
echo "name index: covers every lead $INDEX_SECS s after the import returned"

# Restart on the same database: a clean stop (SIGTERM, as systemd does), then a cold start.
T0=$(date +%s%N)
kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
STOP_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
DB_SIZE=$(du -ch data/aava-dialer.db* | tail -1 | cut -f1)
T0=$(date +%s%N)
start_server "$RESTART_XMX" restart.log
HEALTHY_MS=$(wait_healthy "$T0" restart.log)
sleep 10
IDLE_RSS_KB=$(rss_kb "$PID")
IDLE_HEAP=$("$JAVA_HOME/bin/jcmd" "$PID" GC.heap_info 2>/dev/null | grep -m1 -oE '(committed [0-9]+K, )?used [0-9]+[KM](, capacity [0-9]+[KM])?' || true)
STATES=$(curl -s -H "Authorization: Bearer $TOKEN" "localhost:$PORT/api/outbound/campaigns/$CID/stats" | grep -oE '"lead_states":\{[^}]*\}' || true)
printf 'restart: stopped in %d ms; start -> /api/health ok in %d ms (-Xmx%s, database %s); idle RSS after 10 s: %d MB (heap %s)\n' \
  "$STOP_MS" "$HEALTHY_MS" "$RESTART_XMX" "$DB_SIZE" $((IDLE_RSS_KB / 1024)) "$IDLE_HEAP"
echo "after restart: $STATES"

[ "${RECORD:-1}" = 1 ] || exit 0
met() { if [ "$1" = 1 ]; then echo yes; else echo '**no**'; fi; }
cat >> "$REPO/bench/RESULTS.md" <<MD

## $STARTED: \`bench/import-1m.sh $ROWS\` (REST import, then restart)

$(machine_summary "$JAVA_HOME/bin/java")
- load average (1/5/15 min): $LOAD_BEFORE at the start, $(load_average) at the end
- the server runs without Asterisk (ARI and AMI pointed at a closed port)

| Measure | Figure | Target | Met |
|---|---|---|---|
| CSV import through the REST API, $ROWS leads (-Xmx256m) | $(printf '%.1f s, %.0f rows/s; heap after import %s; peak RSS %s' "$SECS" "$RATE" "$HEAP" "$RSS") | | |
| name index filled in the background after the import (1 s quiet, then idle-lane steps) | $INDEX_SECS s after the import returned | | |
| restart: start → /api/health answering (db ok), $ROWS-lead database ($DB_SIZE) | $HEALTHY_MS ms (-Xmx$RESTART_XMX) | < 3 s | $(met $(( HEALTHY_MS < 3000 ))) |
| idle RSS 10 s after the restart | $((IDLE_RSS_KB / 1024)) MB (heap $IDLE_HEAP) | < 300 MB | $(met $(( IDLE_RSS_KB < 300 * 1024 ))) |
MD
echo "(appended to bench/RESULTS.md)"
