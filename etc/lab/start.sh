#!/usr/bin/env bash
# Starts the lab's Asterisk (idempotent) and waits until ARI answers on 127.0.0.1:8088.
# AAVA_LAB_INSTANCES=2 also starts the second instance beside it (ARI 127.0.0.1:8089, AMI 5039, SIP 5160, RTP
# 11000-11999; its own config and dirs, see lib.sh), e.g. for tests against two Asterisk servers. Both use the same
# callees, dialplan and ARI user dialer/dialer.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
installed || die "the lab is not installed in $LAB_DIR (run etc/lab/install.sh)"
instances="${AAVA_LAB_INSTANCES:-1}"
case "$instances" in 1 | 2) ;; *) die "AAVA_LAB_INSTANCES must be 1 or 2, got '$instances'" ;; esac

# Starts the selected instance unless it runs, then waits for its ARI.
start_instance() {
    local t0 pid port deadline dir
    t0=$(ms)
    pid="$(asterisk_pid)"
    if [ -n "$pid" ]; then
        log "instance $INST already running (pid $pid)"
    else
        for port in "$INST_HTTP" "$INST_AMI"; do
            if ss -Hltn "sport = :$port" | grep -q .; then
                die "port $port (instance $INST) is in use by another process: $(ss -Hltnp "sport = :$port" | head -1)"
            fi
        done
        mount_all
        sync_config
        for dir in $(instance_dirs); do mkdir -p "$LAB_ROOT$dir"; done
        # shellcheck disable=SC2046 # one word per dir
        in_chroot chown -R asterisk:asterisk $(instance_dirs)
        : >"$LAB_CONSOLE"
        setsid chroot "$LAB_ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/var/lib/asterisk \
            /usr/sbin/asterisk -f -n -C "$INST_CONF" </dev/null >>"$LAB_CONSOLE" 2>&1 &
        pid=$!
        echo "$pid" >"$LAB_PID"
    fi
    deadline=$(( $(date +%s) + ${AAVA_LAB_START_TIMEOUT:-60} ))
    until ari_ok; do
        if [ ! -d "/proc/$pid" ]; then tail -n 30 "$LAB_CONSOLE" >&2; rm -f "$LAB_PID"; die "Asterisk (instance $INST) exited during start-up"; fi
        [ "$(date +%s)" -lt "$deadline" ] || { tail -n 30 "$LAB_ROOT/var/log/asterisk$INST_SUFFIX/messages" >&2 || true
            die "ARI of instance $INST did not answer within ${AAVA_LAB_START_TIMEOUT:-60} s"; }
        sleep 0.3
    done
    log "Asterisk $(cat "$LAB_STATE/asterisk.version") instance $INST ready in $(secs_since "$t0") s (pid $pid):" \
        "ARI $LAB_ARI dialer/dialer, AMI 127.0.0.1:$INST_AMI"
}

for n in $(seq 1 "$instances"); do
    select_instance "$n"
    start_instance
done
