#!/usr/bin/env bash
# Regenerates the shipped en-US prompts as headerless G.711 mu-law, 8 kHz mono (Asterisk's .ulaw),
# with espeak-ng + sox. Reproducible: sox -D (no dither) gives bit-identical output on every run.
set -euo pipefail
OUT="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/org/aava/dialer/prompts/en-US"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
make() { # name text
    espeak-ng -v en-us -s 155 -w "$TMP/$1.wav" "$2"
    sox -D "$TMP/$1.wav" -r 8000 -c 1 -t ul "$OUT/$1.ulaw" highpass 100 gain -n -3
    printf '%-28s %6d bytes %5.2f s\n' "$1.ulaw" "$(stat -c %s "$OUT/$1.ulaw")" "$(echo "$(stat -c %s "$OUT/$1.ulaw") / 8000" | bc -l)"
}
make aava-consent-default "Hello. This call uses an automated assistant and may be recorded. To continue, press 1. If you do not wish to continue, press 2. To never be called again, press 9."
make aava-voicemail-default "Hello, this is a courtesy call from our team. We are sorry we missed you. We will try again later. Thank you, goodbye."
