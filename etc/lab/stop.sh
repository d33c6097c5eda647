#!/usr/bin/env bash
# Stops the lab's Asterisk instances (only the ones it started) and unmounts the chroot once none runs. Idempotent.
# With AAVA_LAB_INSTANCE=1 or 2 it stops that instance only.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
gone() { local i; for ((i = 0; i < $2 * 10; i++)); do [ -d "/proc/$1" ] || return 0; sleep 0.1; done; return 1; }

# Stops the selected instance.
stop_instance() {
    local pid; pid="$(asterisk_pid)"
    if [ -n "$pid" ]; then
        asterisk_rx "core stop now" >/dev/null 2>&1 || true
        gone "$pid" 10 || { kill -TERM "$pid" 2>/dev/null || true; gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true; }
        gone "$pid" 5 || die "could not stop Asterisk instance $INST (pid $pid)"
        log "stopped Asterisk instance $INST (pid $pid)"
    else
        log "Asterisk instance $INST not running"
    fi
    rm -f "$LAB_PID"
}

for n in ${AAVA_LAB_INSTANCE:-2 1}; do
    select_instance "$n"
    stop_instance
done
[ -d "$LAB_ROOT" ] && ! any_running && umount_all
exit 0
