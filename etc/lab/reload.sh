#!/usr/bin/env bash
# Copies the lab config and sounds into the running lab and reloads Asterisk.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
sync_config
in_chroot /usr/sbin/asterisk -rx "core reload"
