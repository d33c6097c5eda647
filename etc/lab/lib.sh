# shellcheck shell=bash
# Shared functions of the aava-dialer Asterisk lab. Sourced by the other scripts.
#   AAVA_LAB_DIR        where the lab lives (default /opt/aava-lab); the Debian sid chroot is $AAVA_LAB_DIR/root
#   AAVA_LAB_MIRROR     Debian mirror (default: the first non-security one the host's apt uses)
#   AAVA_LAB_INSTANCE   which Asterisk cli.sh, reload.sh (and stop.sh, when set) talk to: 1 (default) or 2
#   AAVA_LAB_INSTANCES  how many start.sh starts: 1 (default) or 2
#
# Two Asterisk instances can run side by side from the one chroot (issue 20: several Asterisk servers). The second
# has its own config dir, its own run/spool/log/astdb/cache dirs, another system name (so unique ids never clash) and
# other ports; callees, dialplan, ARI user and credentials are the first one's:
#   instance  config           ARI/HTTP  AMI   SIP (UDP)  RTP          dirs (in the chroot)
#   1         /etc/asterisk    8088      5038  5060       10000-10999  /run/asterisk, /var/{log,spool,lib,cache}/asterisk
#   2         /etc/asterisk-2  8089      5039  5160       11000-11999  the same with -2
set -euo pipefail

LAB_KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAB_DIR="${AAVA_LAB_DIR:-/opt/aava-lab}"
LAB_ROOT="$LAB_DIR/root"
LAB_STATE="$LAB_DIR/state"
LAB_MOUNTS=(proc dev dev/pts dev/shm)

log() { printf '[aava-lab] %s\n' "$*" >&2; }
die() { printf '[aava-lab] ERROR: %s\n' "$*" >&2; exit 1; }
need_root() { [ "$(id -u)" -eq 0 ] || die "the lab needs root (debootstrap, chroot, mount); run with sudo"; }
ms() { date +%s%3N; }
secs_since() { local d=$(( $(ms) - $1 )); printf '%d.%01d' $((d / 1000)) $(((d % 1000) / 100)); }

# Sets what names one instance: INST (its number), INST_SUFFIX ("" or -2), INST_CONF (its asterisk.conf in the
# chroot), its ports, and LAB_PID, LAB_CONSOLE, LAB_ARI.
select_instance() {
    case "$1" in
        1) INST_SUFFIX="" INST_HTTP=8088 INST_AMI=5038 INST_SIP=5060 INST_RTP_START=10000 INST_RTP_END=10999 ;;
        2) INST_SUFFIX="-2" INST_HTTP=8089 INST_AMI=5039 INST_SIP=5160 INST_RTP_START=11000 INST_RTP_END=11999 ;;
        *) die "the lab has instances 1 and 2, not '$1' (AAVA_LAB_INSTANCE / AAVA_LAB_INSTANCES)" ;;
    esac
    INST="$1"
    INST_ETC="/etc/asterisk$INST_SUFFIX"
    INST_CONF="$INST_ETC/asterisk.conf"
    LAB_PID="$LAB_STATE/asterisk$INST_SUFFIX.pid"
    LAB_CONSOLE="$LAB_STATE/console$INST_SUFFIX.log"
    LAB_ARI="http://127.0.0.1:$INST_HTTP/ari"
}
select_instance "${AAVA_LAB_INSTANCE:-1}"

# The dirs an instance writes (its asterisk.conf names them), as chroot paths.
instance_dirs() {
    echo "/run/asterisk$INST_SUFFIX /var/log/asterisk$INST_SUFFIX /var/lib/asterisk$INST_SUFFIX" \
        "/var/spool/asterisk$INST_SUFFIX /var/cache/asterisk$INST_SUFFIX"
}

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

# The pid of the selected instance's Asterisk, if it runs (checked by its root directory and its config file, so
# another Asterisk, or the other instance, is never touched).
asterisk_pid() {
    [ -f "$LAB_PID" ] || return 0
    local pid; pid="$(cat "$LAB_PID")"
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$(readlink -f "$LAB_ROOT")" ] || return 0
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-C $INST_CONF " && echo "$pid"
    return 0
}

# Whether any instance runs (the chroot's mounts stay while one does).
any_running() {
    local n running=1 selected="$INST"
    for n in 1 2; do select_instance "$n"; [ -z "$(asterisk_pid)" ] || running=0; done
    select_instance "$selected"
    return $running
}

# The selected instance's asterisk -rx.
asterisk_rx() { in_chroot /usr/sbin/asterisk -C "$INST_CONF" -rx "$1"; }

# Copies the lab's Asterisk config (into the selected instance's config dir) and sounds into the chroot.
sync_config() {
    local etc="$LAB_ROOT$INST_ETC" sounds="$LAB_ROOT/usr/share/asterisk/sounds/aava-lab" f
    [ -d "$LAB_ROOT/etc/asterisk" ] || die "$LAB_ROOT/etc/asterisk missing; run install.sh"
    mkdir -p "$etc"
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
    [ "$INST" = 1 ] || second_instance_config "$etc"
}

# Rewrites the line of FILE matching the extended regex to LINE; fails when none matches (the kit's file changed).
rewrite_line() {
    local file="$1" pattern="$2" line="$3"
    grep -Eq "$pattern" "$file" || die "$(basename "$file"): no line matches '$pattern' (update second_instance_config in lib.sh)"
    sed -E -i "s|$pattern|$line|" "$file"
}

# The second instance's differences from the kit's config: its own dirs, system name and ports.
second_instance_config() {
    local etc="$1" d
    # The kit's "[directories](!)" is a template, which Asterisk skips (the first instance runs on the built-in
    # defaults, which are those values): the second one's dirs apply only in a plain section.
    rewrite_line "$etc/asterisk.conf" '^\[directories\].*$' '[directories]'
    for d in astetcdir:/etc/asterisk astdbdir:/var/lib/asterisk astspooldir:/var/spool/asterisk astrundir:/var/run/asterisk \
        astlogdir:/var/log/asterisk astcachedir:/var/cache/asterisk; do
        rewrite_line "$etc/asterisk.conf" "^${d%%:*} => .*$" "${d%%:*} => ${d#*:}$INST_SUFFIX"
    done
    rewrite_line "$etc/asterisk.conf" '^\[options\]$' '[options]\nsystemname = lab2              ; unique ids lab2-..., never the first instance'"'"'s'
    rewrite_line "$etc/http.conf" '^bindport = .*$' "bindport = $INST_HTTP"
    rewrite_line "$etc/http.conf" '^servername = .*$' 'servername = AavaLab2'
    rewrite_line "$etc/manager.conf" '^port = .*$' "port = $INST_AMI"
    rewrite_line "$etc/pjsip.conf" '^bind = 127\.0\.0\.1:.*$' "bind = 127.0.0.1:$INST_SIP"
    rewrite_line "$etc/rtp.conf" '^rtpstart = .*$' "rtpstart = $INST_RTP_START"
    rewrite_line "$etc/rtp.conf" '^rtpend = .*$' "rtpend = $INST_RTP_END"
}

ari_ok() { curl -s -m 3 -o /dev/null -w '%{http_code}' -u dialer:dialer "$LAB_ARI/asterisk/ping" 2>/dev/null | grep -q 200; }
