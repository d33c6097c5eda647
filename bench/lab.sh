#!/usr/bin/env bash
# Lab benchmark and long fault runs against the project's Asterisk lab (etc/lab): needs root for the lab.
#   bench/lab.sh            50 concurrent calls at 10 originates/s with a 1M-lead import and inbound channels beside,
#                           then 20 concurrent calls with nothing beside (attach latency on an Asterisk that is not saturated)
#   bench/lab.sh sip        100 concurrent calls at 10 originates/s through the PJSIP trunk to the SIPp far end, real RTP
#   bench/lab.sh kills      the kill -9 loop, 10 kills at random points of a lab campaign
#   bench/lab.sh all        both
# Figures are printed and appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
[ "$(id -u)" -eq 0 ] || { echo "bench/lab.sh: the Asterisk lab needs root" >&2; exit 1; }
export AAVA_LAB_REQUIRED=true
etc/lab/install.sh
etc/lab/start.sh
what="${1:-load}"
tests=()
case "$what" in
  load) tests=(LabLoadBench) ;;
  sip) tests=(SipLoadBench) ;;
  kills) tests=(CrashRecoveryLabTest) ;;
  all) tests=(LabLoadBench SipLoadBench CrashRecoveryLabTest) ;;
  *) echo "usage: bench/lab.sh [load|sip|kills|all]" >&2; exit 2 ;;
esac
LOG="$(mktemp)"
mvn -B -ntp -q install -DskipTests -pl server -am
run() { # $1: tests, rest: extra properties
  local t="$1"; shift
  rm -f server/target/lab-bench.md
  # the dialer runs inside the test JVM: give it the production unit's collector and heap (etc/aava-dialer.service)
  mvn -B -ntp -pl server verify -Daava.lab.required=true -Daava.bench=true "-Daava.test.jvm=-XX:+UseZGC -Xmx512m" -Daava.fault.kills="${AAVA_FAULT_KILLS:-10}" \
      -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false -Daava.fuzz=0 "$@" | tee -a "$LOG" || true
  [ -f server/target/lab-bench.md ] && cat server/target/lab-bench.md >> "$LOG.md" || true
}
: > "$LOG.md"
for t in "${tests[@]}"; do
  run "$t"
  [ "$t" = LabLoadBench ] && run "$t" -Daava.bench.concurrent=20 -Daava.bench.importRows=0 -Daava.bench.calls=60
done
{
  echo
  echo "### Lab run $(date -u +%FT%TZ): \`bench/lab.sh $what\` on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo
  cat "$LOG.md"
  grep -E "^(kill -9 loop|killed the dialer|after [0-9]+ kills)" "$LOG" | sed 's/^/    /' || true
} >> bench/RESULTS.md
echo "appended to bench/RESULTS.md"
