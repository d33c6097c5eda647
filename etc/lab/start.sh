#!/usr/bin/env bash
# Starts the lab's Asterisk (idempotent) and waits until ARI answers on 127.0.0.1:8088.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
T0=$(ms)
installed || die "the lab is not installed in $LAB_DIR (run etc/lab/install.sh)"
pid="$(asterisk_pid)"
if [ -n "$pid" ]; then
    log "already running (pid $pid)"
else
    for port in 8088 5038; do
        if ss -Hltn "sport = :$port" | grep -q .; then
            die "port $port is in use by another process: $(ss -Hltnp "sport = :$port" | head -1)"
        fi
    done
    mount_all
    sync_config
    mkdir -p "$LAB_ROOT/run/asterisk"
    in_chroot chown -R asterisk:asterisk /run/asterisk /var/log/asterisk /var/lib/asterisk /var/spool/asterisk /var/cache/asterisk
    : >"$LAB_CONSOLE"
    setsid chroot "$LAB_ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/var/lib/asterisk \
        /usr/sbin/asterisk -f -n -C /etc/asterisk/asterisk.conf </dev/null >>"$LAB_CONSOLE" 2>&1 &
    pid=$!
    echo "$pid" >"$LAB_PID"
fi
deadline=$(( $(date +%s) + ${AAVA_LAB_START_TIMEOUT:-60} ))
until ari_ok; do
    if [ ! -d "/proc/$pid" ]; then tail -n 30 "$LAB_CONSOLE" >&2; rm -f "$LAB_PID"; die "Asterisk exited during start-up"; fi
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 30 "$LAB_ROOT/var/log/asterisk/messages" >&2 || true; die "ARI did not answer within ${AAVA_LAB_START_TIMEOUT:-60} s"; }
    sleep 0.3
done
log "Asterisk $(cat "$LAB_STATE/asterisk.version") ready in $(secs_since "$T0") s (pid $pid): ARI $LAB_ARI dialer/dialer, AMI 127.0.0.1:5038"
