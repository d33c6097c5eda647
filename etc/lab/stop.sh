#!/usr/bin/env bash
# Stops the lab's Asterisk (only the one it started) and unmounts the chroot. Idempotent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
gone() { local i; for ((i = 0; i < $2 * 10; i++)); do [ -d "/proc/$1" ] || return 0; sleep 0.1; done; return 1; }
pid="$(asterisk_pid)"
if [ -n "$pid" ]; then
    in_chroot /usr/sbin/asterisk -rx "core stop now" >/dev/null 2>&1 || true
    gone "$pid" 10 || { kill -TERM "$pid" 2>/dev/null || true; gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true; }
    gone "$pid" 5 || die "could not stop Asterisk pid $pid"
    log "stopped Asterisk pid $pid"
else
    log "Asterisk not running"
fi
rm -f "$LAB_PID"
[ -d "$LAB_ROOT" ] && umount_all
exit 0
