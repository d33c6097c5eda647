# Sourced by the bench scripts: a Markdown description of the machine a benchmark ran on.
# On a shared machine the load average matters as much as the core count: it is printed with the figures.

machine_summary() { # $1 = the java binary
  local cpu ram jdk
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
  ram=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  jdk=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.vendor.version|java.runtime.version/ { printf "%s ", $2 }')
  echo "- machine: $(nproc) cores (nproc), ${cpu:-unknown CPU}, $ram RAM, $(uname -sr)"
  echo "- JDK: ${jdk% }"
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# On a shared machine, other jobs' CPU use shows up in every latency. With BENCH_QUIET_LOAD set (e.g. 1.0),
# waits up to BENCH_QUIET_WAIT seconds (default 900) for the 1-minute load average to drop below it.
wait_for_quiet() {
  [ -n "${BENCH_QUIET_LOAD:-}" ] || return 0
  local deadline=$(( $(date +%s) + ${BENCH_QUIET_WAIT:-900} ))
  until awk -v max="$BENCH_QUIET_LOAD" '{ exit !($1 < max) }' /proc/loadavg; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "bench: load average still $(load_average) after ${BENCH_QUIET_WAIT:-900} s; running anyway" >&2; return 0
    fi
    echo "bench: load average $(load_average); waiting for < $BENCH_QUIET_LOAD" >&2; sleep 15
  done
}
