#!/usr/bin/env bash
# Server load benchmark (issue 6): `wrk` against `GET /api/v1/search` of a release `podbot serve` on loopback, over a
# library of the five corpus files (no vectors: hybrid falls back to BM25, as on a fresh install). Fails when wrk
# reports socket errors or non-2xx responses, or when the server stops answering afterwards.
# Environment: PODBOT_BIN (default .build/release/podbot), PODBOT_CORPUS, LOAD_SECONDS (30), LOAD_CONNECTIONS (64).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PODBOT="${PODBOT_BIN:-$ROOT/.build/release/podbot}"
CORPUS="${PODBOT_CORPUS:-$(cd "$ROOT/.." && pwd)/shared/corpus}"
SECONDS_="${LOAD_SECONDS:-30}"
CONNECTIONS="${LOAD_CONNECTIONS:-64}"
command -v wrk >/dev/null || { echo "bench-server: needs wrk (scripts/install-test-deps.sh)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/podbot-bench-server.XXXXXX")"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
"$PODBOT" import --library "$WORK/library.sqlite" --meta "$ROOT/demo/corpus-meta.json" "$CORPUS"/*.txt 2>/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PODBOT" serve --library "$WORK/library.sqlite" --port "$port" 2>"$WORK/server.log" &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/api/v1/episodes" >/dev/null && break; sleep 0.1; done

url="$base/api/v1/search?q=fastai%20course&limit=10"
echo "bench-server: $("$PODBOT" --version), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_}s" --timeout 10s --latency "$url" | tee "$WORK/wrk.txt"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
echo "server peak RSS: $((rss / 1024)) MB"
if grep -qE "Non-2xx or 3xx responses|Socket errors" "$WORK/wrk.txt"; then
    echo "bench-server: errors under load" >&2
    exit 1
fi
curl -sf "$base/api/v1/episodes" >/dev/null || { echo "bench-server: server stopped answering" >&2; exit 1; }
