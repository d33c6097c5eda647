#!/usr/bin/env bash
# Generates the callees' recordings (8 kHz mono 16-bit WAV) with espeak-ng + sox. Reproducible:
# sox -D (no dither) makes every run bit-identical. The results are committed in sounds/; run this only
# to change them. The human greeting is ONE short word after a pause (AMD: HUMAN), the machine greeting
# a long sentence (AMD: MACHINE, MAXWORDS).
set -euo pipefail
OUT="$(cd "$(dirname "$0")" && pwd)/sounds"
mkdir -p "$OUT"
for tool in espeak-ng sox; do
    command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install espeak-ng sox" >&2; exit 1; }
done
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
FMT=(-r 8000 -c 1 -b 16 -e signed-integer)
say() { # name speed text
    espeak-ng -v en-us -s "$2" -w "$TMP/$1.wav" "$3"
    sox -D "$TMP/$1.wav" "${FMT[@]}" "$OUT/$1.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse highpass 100 gain -n -3
}
say hello 160 "Hello?"
say hello-talkative 160 "Hello, this is John speaking. Who is calling, please?"
say voicemail-greeting 150 "Hi, you have reached the voicemail of John Smith. I can't take your call right now. Please leave your name, your number and a short message after the tone, and I will call you back as soon as I can."
sox -D -n "${FMT[@]}" "$OUT/beep.wav" synth 0.6 sine 1000 gain -6
sox -D -n "${FMT[@]}" "$OUT/pause-500ms.wav" trim 0 0.5
sox -D -n "${FMT[@]}" "$OUT/silence-1s.wav" trim 0 1
for f in "$OUT"/*.wav; do printf '%-24s %5.2f s\n' "$(basename "$f")" "$(soxi -D "$f")"; done
