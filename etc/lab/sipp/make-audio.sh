#!/usr/bin/env bash
# Makes the far end's RTP audio (raw 8 kHz ulaw, what sipp's rtp_stream plays) from the lab's recordings, which
# make-sounds.sh made with espeak-ng + sox: a person ("Hello?" then silence, so AMD hears a short greeting) and a
# voicemail (the long greeting, the beep, then silence). The trailing silence keeps RTP flowing: AMD takes a
# missing frame for a hang-up.  Usage: make-audio.sh OUTDIR
set -euo pipefail
SOUNDS="$(cd "$(dirname "$0")/../sounds" && pwd)"
OUT="${1:?usage: make-audio.sh OUTDIR}"
mkdir -p "$OUT"
command -v sox >/dev/null || { echo "needs sox: apt-get install sox" >&2; exit 1; }
silence() { sox -D -n -r 8000 -c 1 -b 16 -e signed-integer "$1" trim 0 "$2"; }
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
silence "$TMP/s05.wav" 0.5
silence "$TMP/s60.wav" 60
sox -D "$TMP/s05.wav" "$SOUNDS/hello.wav" "$TMP/s60.wav" -t ul -r 8000 -c 1 "$OUT/human.ulaw"
sox -D "$TMP/s05.wav" "$SOUNDS/voicemail-greeting.wav" "$SOUNDS/beep.wav" "$TMP/s60.wav" -t ul -r 8000 -c 1 "$OUT/voicemail.ulaw"
