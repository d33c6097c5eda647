#!/usr/bin/env bash
# Runs an Asterisk CLI command in the lab: etc/lab/cli.sh "core show channels"
# (AAVA_LAB_INSTANCE=2 etc/lab/cli.sh "..." for the second instance)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
[ -n "$(asterisk_pid)" ] || die "the lab's Asterisk instance $INST is not running (etc/lab/start.sh)"
asterisk_rx "$*"
