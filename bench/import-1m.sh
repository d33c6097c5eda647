#!/usr/bin/env bash
# Benchmark: import N leads (default 1,000,000, with custom_vars) through the REST API into a server
# running with -Xmx256m, and report rows/s, the JVM's peak heap use and the process's peak RSS.
# Usage: bench/import-1m.sh [ROWS]   (builds the jar first if it is missing; needs no Asterisk)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR=server/target/aava-dialer.jar
[ -f "$JAR" ] || JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package
WORK="$(mktemp -d)"; trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
CSV="$WORK/leads.csv"
awk -v n="$ROWS" 'BEGIN { print "name,phone_number,timezone,custom_vars";
  for (i = 1; i <= n; i++) printf "Lead %d,+1%010d,America/New_York,\"{\"\"account\"\":\"\"A-%d\"\",\"\"tier\"\":%d}\"\n", i, 2000000000 + i, i, i % 5 }' > "$CSV"
PORT=18181; TOKEN=bench-token-0123456789abcdef
cd "$WORK"
AAVA_DIALER_WEB_PORT=$PORT AAVA_DIALER_AGI_PORT=14574 AAVA_DIALER_WEB_API_TOKEN=$TOKEN AAVA_DIALER_WEB_ADMIN_PASSWORD=bench \
  "$JAVA_HOME/bin/java" -Xmx256m -jar "$OLDPWD/$JAR" > server.log 2>&1 &
PID=$!
for i in $(seq 1 200); do curl -s -m 1 "localhost:$PORT/api/health" >/dev/null && break; sleep 0.05; done
CID=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "localhost:$PORT/api/outbound/campaigns" | sed -E 's/.*"id":([0-9]+).*/\1/')
T0=$(date +%s%N)
RESULT=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$CSV" \
  "localhost:$PORT/api/outbound/campaigns/$CID/leads/import")
T1=$(date +%s%N)
SECS=$(echo "($T1 - $T0) / 1000000000" | bc -l)
HEAP=$("$JAVA_HOME/bin/jcmd" "$PID" GC.heap_info 2>/dev/null | grep -m1 -oE 'used [0-9]+K' || true)
RSS=$(grep VmHWM /proc/$PID/status | awk '{print $2 " kB"}')
echo "machine: $(nproc) cores; rows: $ROWS; file: $(du -h "$CSV" | cut -f1)"
echo "result: $RESULT"
printf 'import: %.1f s, %.0f rows/s; heap after import (-Xmx256m): %s; peak RSS: %s\n' "$SECS" "$(echo "$ROWS / $SECS" | bc -l)" "$HEAP" "$RSS"
