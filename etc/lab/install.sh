#!/usr/bin/env bash
# Installs Debian's Asterisk 22 into a Debian sid chroot under $AAVA_LAB_DIR (default /opt/aava-lab).
# Idempotent: finished steps are skipped (markers in $AAVA_LAB_DIR/state).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
T0=$(ms)
SUITE=sid
PACKAGES=(asterisk asterisk-modules asterisk-config asterisk-core-sounds-en asterisk-core-sounds-en-gsm)
NEEDED_MODULES=(app_amd res_agi res_ari res_ari_channels res_ari_events res_ari_bridges res_ari_applications
    res_stasis app_stasis res_http_websocket app_read app_playback app_waitforsilence pbx_config codec_ulaw
    format_wav format_pcm app_senddtmf res_timing_timerfd chan_audiosocket res_audiosocket)

mirror() {
    [ -n "${AAVA_LAB_MIRROR:-}" ] && { echo "${AAVA_LAB_MIRROR%/}"; return; }
    local uri=""
    if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
        uri="$(awk 'BEGIN{RS=""; FS="\n"} { u=""; s=""; for (i = 1; i <= NF; i++) {
                 if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); u = a[2] } if ($i ~ /^Suites:/) s = $i }
               if (u != "" && s !~ /security/) { print u; exit } }' /etc/apt/sources.list.d/*.sources)"
    fi
    [ -n "$uri" ] || uri="$(sed -e 's/\[[^]]*\]//' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | awk '$1 == "deb" && $3 !~ /security/ { print $2; exit }')"
    uri="${uri:-http://deb.debian.org/debian}"
    echo "${uri%/}"
}
MIRROR="$(mirror)"
mkdir -p "$LAB_STATE"
log "lab: $LAB_DIR, mirror: $MIRROR"
trap 'rc=$?; [ $rc -eq 0 ] || { umount_all || true; log "install FAILED after $(secs_since "$T0") s"; }' EXIT

# sipp (Debian's sip-tester) is the lab's SIP far end, on the host; sox turns the callee recordings into its RTP.
if ! command -v debootstrap >/dev/null || ! command -v curl >/dev/null || ! command -v sipp >/dev/null || ! command -v sox >/dev/null; then
    log "installing debootstrap, curl, sip-tester and sox on the host"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap curl sip-tester sox >/dev/null
fi

if [ -f "$LAB_STATE/debootstrap.done" ] && [ -x "$LAB_ROOT/usr/bin/apt-get" ]; then
    log "chroot present, skipping debootstrap"
else
    ! any_running || die "the lab's Asterisk is running; run stop.sh first"
    umount_all
    rm -rf --one-file-system "$LAB_ROOT"
    t=$(ms)
    log "debootstrap --variant=minbase $SUITE (log: $LAB_STATE/debootstrap.log)"
    debootstrap --variant=minbase --components=main "$SUITE" "$LAB_ROOT" "$MIRROR" >"$LAB_STATE/debootstrap.log" 2>&1 \
        || { tail -n 20 "$LAB_STATE/debootstrap.log" >&2; die "debootstrap failed"; }
    date -u +%FT%TZ >"$LAB_STATE/debootstrap.done"
    log "debootstrap took $(secs_since "$t") s"
fi

if installed; then
    log "Asterisk $(cat "$LAB_STATE/asterisk.version") already installed"
else
    t=$(ms)
    # The mirror snapshot's Release files are past Valid-Until; the host's apt is configured the same way.
    printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\nAcquire::Languages "none";\nAPT::Install-Recommends "false";\n' \
        >"$LAB_ROOT/etc/apt/apt.conf.d/99aava-lab"
    echo "deb $MIRROR $SUITE main" >"$LAB_ROOT/etc/apt/sources.list"
    rm -f "$LAB_ROOT"/etc/apt/sources.list.d/*.sources
    printf '#!/bin/sh\nexit 101\n' >"$LAB_ROOT/usr/sbin/policy-rc.d"; chmod 0755 "$LAB_ROOT/usr/sbin/policy-rc.d"
    cp -L /etc/resolv.conf "$LAB_ROOT/etc/resolv.conf" 2>/dev/null || true
    grep -qs '^127\.0\.0\.1.*localhost' "$LAB_ROOT/etc/hosts" || printf '127.0.0.1\tlocalhost\n' >>"$LAB_ROOT/etc/hosts"
    mount_all
    in_chroot apt-get update -q >"$LAB_STATE/apt.log" 2>&1 || { tail -n 20 "$LAB_STATE/apt.log" >&2; die "apt-get update failed in the chroot"; }
    in_chroot apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" >>"$LAB_STATE/apt.log" 2>&1 \
        || { tail -n 30 "$LAB_STATE/apt.log" >&2; die "apt-get install asterisk failed in the chroot"; }
    in_chroot apt-get clean
    umount_all
    # Debian's sample config listens on 0.0.0.0; the lab uses only its own files.
    [ -d "$LAB_ROOT/etc/asterisk.debian" ] || mv "$LAB_ROOT/etc/asterisk" "$LAB_ROOT/etc/asterisk.debian"
    mkdir -p "$LAB_ROOT/etc/asterisk"
    in_chroot dpkg-query -W -f='${Version}' asterisk >"$LAB_STATE/asterisk.version"
    log "packages installed in $(secs_since "$t") s"
fi

for m in "${NEEDED_MODULES[@]}"; do
    [ -f "$LAB_ROOT/usr/lib/x86_64-linux-gnu/asterisk/modules/$m.so" ] || die "Asterisk module $m.so is missing"
done
sync_config
log "Asterisk $(cat "$LAB_STATE/asterisk.version") installed in $LAB_DIR ($(secs_since "$T0") s)"
