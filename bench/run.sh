#!/usr/bin/env bash
# The in-process benchmarks, in one command: builds bench/target/benchmarks.jar, runs the JMH store
# benchmarks (lease, lease during an import, lead pages, campaign stats on a 1M-lead campaign), the
# FastAGI probe (500 concurrent hops) and the scheduler idle probe, prints the figures with the
# machine's core count, and appends them to bench/RESULTS.md. Needs no Asterisk.
#
# Usage: bench/run.sh [full|quick] [REGEX]
#   full   (default) every benchmark and parameter, about 6 minutes on 2 cores (plus ~1.5 min the first time)
#   quick  fewer parameters and shorter iterations, about 2-3 minutes: a smoke run
#   REGEX  only the JMH benchmarks matching it (JMH's own syntax, e.g. 'LeadPage|CampaignStats');
#          the probes run only if their name (FastAgiHops, SchedulerIdle) matches it too
# The 1M-lead datasets are generated once (about a minute each) into bench/target/bench-cache
# ($AAVA_BENCH_CACHE) and reused; raw results go to bench/results/<time>/ (not committed).
# On a shared machine, BENCH_QUIET_LOAD=1.0 waits (up to BENCH_QUIET_WAIT s) for the load average to drop first.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=full
if [[ "${1:-}" == full || "${1:-}" == quick ]]; then MODE=$1; shift; fi
REGEX="${1:-}"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
[ -x "$JAVA" ] || { echo "bench: Temurin 25 not found at $JAVA_HOME (install it or set JAVA_HOME_25)" >&2; exit 1; }
export AAVA_BENCH_CACHE="${AAVA_BENCH_CACHE:-$PWD/bench/target/bench-cache}"
. bench/machine.sh

mvn -q -B -DskipTests -pl bench -am package
JAR=bench/target/benchmarks.jar
wait_for_quiet
OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ)-$MODE"
mkdir -p "$OUT"
LOAD_BEFORE=$(load_average)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "bench: $MODE run on $(nproc) cores, load average $LOAD_BEFORE; raw results in $OUT"

if [[ $MODE == quick ]]; then
  JMH_OPTS=(-wi 1 -w 1s -i 2 -r 2s -p batch=10 -p filter=all,state-pending,search-number,search-name)
  JMH_DEFAULT='LeaseBenchmark|LeaseDuringImportBenchmark|LeadPageBenchmark|CampaignStatsBenchmark.campaignStats'
  AGI_OPTS=(--rounds 1 --warmup-rounds 2)
  SCHEDULER_OPTS=(--seconds 8 --warmup 3)
else
  JMH_OPTS=()
  JMH_DEFAULT='org.aava.dialer.bench'
  AGI_OPTS=(--rounds 3)
  SCHEDULER_OPTS=(--seconds 20 --warmup 5)
fi
wanted() { [[ -z $REGEX ]] || grep -Eq "$REGEX" <<< "$1"; }

if [[ -z $REGEX ]] || "$JAVA" -jar "$JAR" -l "$REGEX" | grep -q '^org\.'; then
  "$JAVA" -jar "$JAR" "${REGEX:-$JMH_DEFAULT}" "${JMH_OPTS[@]}" -rf json -rff "$OUT/jmh.json" 2>&1 | tee "$OUT/jmh.log" \
    | { grep -vE '^WARNING: |^# (JMH|VM|Blackhole|Warmup|Measurement|Timeout|Threads|Benchmark mode)' || true; }
fi
if wanted FastAgiHops; then
  echo "== FastAGI: 500 concurrent hops"
  "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseZGC -Xmx512m -cp "$JAR" org.aava.dialer.bench.agi.FastAgiHops --peers 500 "${AGI_OPTS[@]}" \
    --out "$OUT/agi.properties" 2>&1 | tee "$OUT/agi.log"
fi
if wanted SchedulerIdle; then
  echo "== scheduler idle: 20 running campaigns outside their window"
  "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseZGC -Xmx512m -cp "$JAR" org.aava.dialer.bench.scheduler.SchedulerIdle "${SCHEDULER_OPTS[@]}" \
    --out "$OUT/scheduler.properties" 2>&1 | tee "$OUT/scheduler.log"
fi

TABLE=$("$JAVA" -cp "$JAR" org.aava.dialer.bench.report.ResultsReport "$OUT")
SECTION="## $STARTED: \`bench/run.sh $MODE${REGEX:+ '$REGEX'}\`

$(machine_summary "$JAVA")
- load average (1/5/15 min): $LOAD_BEFORE at the start, $(load_average) at the end
- raw results: $OUT (JMH JSON and logs, not committed)

$TABLE
"
[ -f bench/RESULTS.md ] || printf '# Benchmark results\n\nAppended by bench/run.sh and bench/import-1m.sh, newest last.\n' > bench/RESULTS.md
printf '\n%s' "$SECTION" >> bench/RESULTS.md
echo
echo "$SECTION"
echo "(appended to bench/RESULTS.md)"
