#!/usr/bin/env bash
# Copies the lab config and sounds into the running lab and reloads Asterisk (AAVA_LAB_INSTANCE=2: the second instance).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
sync_config
asterisk_rx "core reload"
