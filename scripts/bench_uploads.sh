#!/usr/bin/env bash
# `make bench-uploads` (issue 15): does the server stay responsive while it imports? wrk reads
# `GET /api/v1/openapi.json` over one connection for LOAD_SECONDS, first with the server idle (the peer), then while
# two clients keep uploading distinct 15 MB transcripts to `POST /api/v1/import`. Reports p50/p99/max of both and
# how many uploads finished during the loaded run.
# Environment: PODBOT_BIN (default .build/release/podbot), PODBOT_CORPUS, LOAD_SECONDS (30).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PODBOT="${PODBOT_BIN:-$ROOT/.build/release/podbot}"
CORPUS="${PODBOT_CORPUS:-$(cd "$ROOT/.." && pwd)/shared/corpus}"
SECONDS_="${LOAD_SECONDS:-30}"
command -v wrk >/dev/null || { echo "bench-uploads: needs wrk (scripts/install-test-deps.sh)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/podbot-bench-uploads.XXXXXX")"
server=""
uploaders=()
cleanup() {
    for pid in "${uploaders[@]}"; do kill "$pid" 2>/dev/null || true; done
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

# Distinct 15 MB Whisper transcripts: the corpus file repeated, each copy with its own closing line.
python3 - "$CORPUS/latent-space-jeremy-howard-whisper.txt" "$WORK" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
copies = 15 * 1024 * 1024 // len(text.encode()) + 1
for n in range(12):
    with open(f"{sys.argv[2]}/upload-{n}.txt", "w", encoding="utf-8") as out:
        out.write(text * copies + f"[99:00:00.000 --> 99:00:01.000]   Upload {n}.\n")
PY
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PODBOT" serve --library "$WORK/library.sqlite" --port "$port" --max-upload-mb 32 2>"$WORK/server.log" &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/api/v1/episodes" >/dev/null && break; sleep 0.1; done
url="$base/api/v1/openapi.json"
echo "bench-uploads: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(du -h "$WORK/upload-0.txt" | cut -f1) per upload" >&2

wrk -t 1 -c 1 -d "${SECONDS_}s" --timeout 60s --latency "$url" >"$WORK/idle.txt"

upload_loop() { # uploads files $1, $1+2, ... until killed; one line per finished upload
    for n in $(seq "$1" 2 11); do
        curl -sf -o /dev/null -F "file=@$WORK/upload-$n.txt" "$base/api/v1/import" && echo "uploaded $n" >>"$WORK/uploads.log"
    done
}
: >"$WORK/uploads.log"
upload_loop 0 & uploaders+=($!)
upload_loop 1 & uploaders+=($!)
sleep 1 # both uploads under way
wrk -t 1 -c 1 -d "${SECONDS_}s" --timeout 60s --latency "$url" >"$WORK/busy.txt"
finished=$(wc -l <"$WORK/uploads.log")

python3 - "$WORK/idle.txt" "$WORK/busy.txt" "$finished" <<'PY'
import re, sys
def parse(path):
    text = open(path).read()
    def ms(value, unit):
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    pct = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", text, re.M)}
    maximum = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", text)
    requests = re.search(r"(\d+) requests in", text).group(1)
    return pct["50"], pct["99"], ms(*maximum.groups()), requests
idle, busy = parse(sys.argv[1]), parse(sys.argv[2])
print("| GET /api/v1/openapi.json, 1 connection | p50 | p99 | max | requests |")
print("|---|---:|---:|---:|---:|")
print(f"| idle server (peer) | {idle[0]:.2f} ms | {idle[1]:.2f} ms | {idle[2]:.1f} ms | {idle[3]} |")
print(f"| during two 15 MB uploads ({sys.argv[3]} finished) | {busy[0]:.2f} ms | {busy[1]:.2f} ms | {busy[2]:.1f} ms | {busy[3]} |")
print(f"| ratio busy / idle | {busy[0] / idle[0]:.1f}× | {busy[1] / idle[1]:.1f}× | {busy[2] / idle[2]:.1f}× | |")
PY
