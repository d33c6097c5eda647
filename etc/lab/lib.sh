# shellcheck shell=bash
# Shared functions of the aava-dialer Asterisk lab. Sourced by the other scripts.
#   AAVA_LAB_DIR     where the lab lives (default /opt/aava-lab); the Debian sid chroot is $AAVA_LAB_DIR/root
#   AAVA_LAB_MIRROR  Debian mirror (default: the first non-security one the host's apt uses)
set -euo pipefail

LAB_KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAB_DIR="${AAVA_LAB_DIR:-/opt/aava-lab}"
LAB_ROOT="$LAB_DIR/root"
LAB_STATE="$LAB_DIR/state"
LAB_PID="$LAB_STATE/asterisk.pid"
LAB_CONSOLE="$LAB_STATE/console.log"
LAB_ARI="http://127.0.0.1:8088/ari"
LAB_MOUNTS=(proc dev dev/pts dev/shm)

log() { printf '[aava-lab] %s\n' "$*" >&2; }
die() { printf '[aava-lab] ERROR: %s\n' "$*" >&2; exit 1; }
need_root() { [ "$(id -u)" -eq 0 ] || die "the lab needs root (debootstrap, chroot, mount); run with sudo"; }
ms() { date +%s%3N; }
secs_since() { local d=$(( $(ms) - $1 )); printf '%d.%01d' $((d / 1000)) $(((d % 1000) / 100)); }

installed() { [ -f "$LAB_STATE/asterisk.version" ] && [ -x "$LAB_ROOT/usr/sbin/asterisk" ]; }

in_chroot() {
    chroot "$LAB_ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}

mount_all() {
    local m
    for m in "${LAB_MOUNTS[@]}"; do
        mountpoint -q "$LAB_ROOT/$m" && continue
        mkdir -p "$LAB_ROOT/$m"
        if [ "$m" = proc ]; then mount -t proc proc "$LAB_ROOT/proc"
        else mount --bind "/$m" "$LAB_ROOT/$m"; fi
    done
}

umount_all() {
    local i m
    for ((i = ${#LAB_MOUNTS[@]} - 1; i >= 0; i--)); do
        m="${LAB_MOUNTS[$i]}"
        mountpoint -q "$LAB_ROOT/$m" || continue
        umount "$LAB_ROOT/$m" 2>/dev/null || umount -l "$LAB_ROOT/$m" || die "cannot unmount $LAB_ROOT/$m"
    done
}

# The pid of our Asterisk, if it runs (checked by its root directory, so another Asterisk is never touched).
asterisk_pid() {
    [ -f "$LAB_PID" ] || return 0
    local pid; pid="$(cat "$LAB_PID")"
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$(readlink -f "$LAB_ROOT")" ] && echo "$pid"
    return 0
}

# Copies the lab's Asterisk config and sounds into the chroot.
sync_config() {
    local etc="$LAB_ROOT/etc/asterisk" sounds="$LAB_ROOT/usr/share/asterisk/sounds/aava-lab" f
    [ -d "$etc" ] || die "$etc missing; run install.sh"
    for f in "$LAB_KIT"/asterisk/*.conf; do install -m 0644 "$f" "$etc/"; done
    mkdir -p "$etc/extensions.d" "$sounds" "$LAB_ROOT/usr/share/asterisk/sounds/ai-generated" \
        "$LAB_ROOT/var/spool/asterisk/lab-recordings"
    chmod 0777 "$LAB_ROOT/usr/share/asterisk/sounds/ai-generated" "$LAB_ROOT/var/spool/asterisk/lab-recordings"
    for f in "$LAB_KIT"/sounds/*.wav; do install -m 0644 "$f" "$sounds/"; done
    # PJSIP (the SIP trunk to the SIPp far end, pjsip.conf, UDP 127.0.0.1:5060) loads unless AAVA_LAB_PJSIP=0. Its SIP
    # and RTP sockets are on 127.0.0.1 (SipTrunkLabTest checks them during calls); pjproject's DNS resolver adds two
    # unconnected UDP client sockets on 0.0.0.0/[::] with random ports, which glibc's default name server (loopback) makes
    # it create even from a resolv.conf without any. Asterisk's chroot gets such a resolv.conf: the lab resolves nothing
    # (install.sh copies the host's back before it runs apt in the chroot).
    : >"$etc/modules_nopjsip.conf"
    if [ "${AAVA_LAB_PJSIP:-1}" = 1 ]; then
        rm -f "$LAB_ROOT/etc/resolv.conf"
        printf '# aava lab: no name servers; the lab dials IP addresses only\noptions timeout:1 attempts:1\n' >"$LAB_ROOT/etc/resolv.conf"
    else
        (cd "$LAB_ROOT/usr/lib/x86_64-linux-gnu/asterisk/modules" && ls) | grep -E '^(res_pjsip|chan_pjsip|func_pjsip|res_hep_pjsip)' \
            | sed 's/^/noload => /' >"$etc/modules_nopjsip.conf"
    fi
}

ari_ok() { curl -s -m 3 -o /dev/null -w '%{http_code}' -u dialer:dialer "$LAB_ARI/asterisk/ping" 2>/dev/null | grep -q 200; }
