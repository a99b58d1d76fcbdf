#!/usr/bin/env bash
# Transcription benchmark (issue 13): `podbot import` of a WAV against whisper.cpp's own whisper-cli, built by
# scripts/bootstrap.sh from the same source and ggml, with the same model, threads, clip and decoding (greedy,
# flash attention, timestamps). Wall time of each whole command (model load, decode, transcription; podbot also
# stores the episode in a fresh library), RUNS times alternating, median reported; then the word error rate of
# each against the text espeak-ng spoke.
#
# Environment: PODBOT_BIN (default .build/release/podbot), BENCH_MODELS (default "tiny.en base"), BENCH_THREADS
# (default 2), RUNS (default 3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PODBOT="${PODBOT_BIN:-$ROOT/.build/release/podbot}"
CLI="$ROOT/.deps/whisper/bin/whisper-cli"
THREADS="${BENCH_THREADS:-2}"
RUNS="${RUNS:-3}"
[[ -x "$PODBOT" ]] || { echo "bench-asr: no podbot at $PODBOT; run make release" >&2; exit 1; }
[[ -x "$CLI" ]] || { echo "bench-asr: no whisper-cli at $CLI; run scripts/bootstrap.sh" >&2; exit 1; }
command -v espeak-ng >/dev/null || { echo "bench-asr: needs espeak-ng (scripts/install-test-deps.sh)" >&2; exit 1; }
export OMP_WAIT_POLICY=PASSIVE

WORK="$(mktemp -d "${TMPDIR:-/tmp}/podbot-bench-asr.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/text.txt" <<'TEXT'
The history of the transistor begins in a small laboratory in New Jersey. A group of physicists wanted to replace the vacuum tube, which was large, fragile and hot. After two years of careful work, the team built a device that could amplify a signal with a small piece of germanium. Within a decade, radios could fit in a pocket, and computers filled a room instead of a building. Today, every phone contains billions of them, and most people never think about them at all.
The first computers were built to calculate the paths of shells and the strength of bridges. They were slow, and they needed a team of engineers to keep them running through the night. When the transistor replaced the tube, the machines became smaller, cheaper and far more reliable. Banks used them to keep their accounts, and airlines used them to sell seats on their flights.
Later, the integrated circuit put many transistors on a single chip of silicon. Engineers learned to make the parts smaller every year, and the number of switches on a chip doubled again and again. This steady progress gave us the personal computer, the internet and the phone in your pocket. Nobody knows how long it can continue, but the story is far from over.
TEXT
espeak-ng -v en-us -s 140 -f "$WORK/text.txt" -w "$WORK/speech-22k.wav"
sox "$WORK/speech-22k.wav" -r 16000 -c 1 "$WORK/clip.wav"
seconds="$(soxi -D "$WORK/clip.wav")"
echo "bench-asr: clip $(printf %.1f "$seconds") s of espeak-ng speech, $THREADS threads, $RUNS runs each, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

wer() { # wer HYPOTHESIS-FILE: word error rate against the spoken text
    python3 - "$WORK/text.txt" "$1" <<'PY'
import re, sys
words = lambda path: re.findall(r"[a-z0-9']+", open(path).read().lower())
ref, hyp = words(sys.argv[1]), words(sys.argv[2])
row = list(range(len(hyp) + 1))
for i, r in enumerate(ref):
    new = [i + 1]
    for j, h in enumerate(hyp):
        new.append(min(row[j + 1] + 1, new[j] + 1, row[j] + (r != h)))
    row = new
print(f"{row[-1] / len(ref):.3f}")
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for name in ${BENCH_MODELS:-tiny.en base}; do
    case "$name" in
    tiny.en) model="$ROOT/.deps/models/ggml-tiny.en.bin"; language=en ;;
    base) model="$ROOT/.deps/models/ggml-base.bin"; language=en ;;
    *) echo "bench-asr: unknown model $name" >&2; exit 1 ;;
    esac
    : >"$WORK/cli.times"; : >"$WORK/podbot.times"
    for run in $(seq "$RUNS"); do
        start=$(date +%s.%N)
        "$CLI" -m "$model" -f "$WORK/clip.wav" -t "$THREADS" -bs 1 -l "$language" -np >"$WORK/cli.out" 2>/dev/null
        echo "$(date +%s.%N) - $start" | bc >>"$WORK/cli.times"
        rm -f "$WORK/library.sqlite"*
        start=$(date +%s.%N)
        "$PODBOT" import --library "$WORK/library.sqlite" --asr-model "$name" --language "$language" \
            --threads "$THREADS" --progress none "$WORK/clip.wav" 2>/dev/null
        echo "$(date +%s.%N) - $start" | bc >>"$WORK/podbot.times"
    done
    "$PODBOT" show --library "$WORK/library.sqlite" 1 --json \
        | python3 -c 'import json,sys; print(" ".join(l["text"] for l in json.load(sys.stdin)["segments"]))' \
        >"$WORK/podbot.txt"
    sed -E 's/^\[[^]]*\] *//' "$WORK/cli.out" >"$WORK/cli.txt"
    cli=$(median <"$WORK/cli.times"); pod=$(median <"$WORK/podbot.times")
    printf 'bench-asr: %-8s whisper-cli %6.2f s (RTF %.3f, WER %s)  podbot %6.2f s (RTF %.3f, WER %s)  speed podbot/whisper-cli %.3f×\n' \
        "$name" "$cli" "$(echo "$cli / $seconds" | bc -l)" "$(wer "$WORK/cli.txt")" \
        "$pod" "$(echo "$pod / $seconds" | bc -l)" "$(wer "$WORK/podbot.txt")" "$(echo "$cli / $pod" | bc -l)"
    echo "bench-asr: $name runs (s): whisper-cli $(paste -sd' ' "$WORK/cli.times"); podbot $(paste -sd' ' "$WORK/podbot.times"); load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
