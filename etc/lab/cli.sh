#!/usr/bin/env bash
# Runs an Asterisk CLI command in the lab: etc/lab/cli.sh "core show channels"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
[ -n "$(asterisk_pid)" ] || die "the lab's Asterisk is not running (etc/lab/start.sh)"
in_chroot /usr/sbin/asterisk -rx "$*"
