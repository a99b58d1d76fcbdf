#!/usr/bin/env bash
# `make bench-feeds`: subscribing to a 500-item podcast feed, first time and unchanged, against the manual way
# of doing the same with standard tools in the same run.
#
#   first sync   `podbot feed add URL` (fetch the feed, fetch and parse 500 WebVTT transcripts, store 500
#                episodes)  vs  `curl` fetching the same 501 documents over one connection, then `podbot import`
#                of the 500 files (the download and the import podbot's sync replaces).
#   unchanged    `podbot feed sync` of the same feed  vs  `curl -z` (one conditional GET of the feed).
#
# The feed and transcripts are made from the reference corpus (500 distinct ten-minute Whisper excerpts as WebVTT)
# and served by Python's http.server on loopback, which answers If-Modified-Since with 304.
# Environment: PODBOT_CORPUS, PODBOT_BIN (default .build/release/podbot), BENCH_ITEMS (default 500).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PODBOT="${PODBOT_BIN:-$ROOT/.build/release/podbot}"
CORPUS="${PODBOT_CORPUS:-$(cd "$ROOT/.." && pwd)/shared/corpus}"
ITEMS="${BENCH_ITEMS:-500}"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf 'bench-feeds: %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK/site/t" "$WORK/manual"
log "making a $ITEMS-item feed from $CORPUS"
python3 - "$CORPUS/latent-space-jeremy-howard-whisper.txt" "$WORK/site" "$BASE" "$ITEMS" <<'PY'
import re, sys
source, site, base, items = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cues = []
for line in open(source, encoding="utf-8"):
    m = re.match(r"\[(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\]\s*(.*)", line)
    if m and m.group(3).strip():
        cues.append((m.group(1), m.group(2), m.group(3).strip()))
window = 230  # about ten minutes of speech
entries = []
for i in range(items):
    start = (i * 37) % (len(cues) - window)
    body = ["WEBVTT", ""]
    for a, b, text in cues[start:start + window]:
        body += [f"{a} --> {b}", f"<v Host>{text}", ""]
    body += ["01:30:00.000 --> 01:30:01.000", f"<v Host>This was episode {i}.", ""]
    open(f"{site}/t/{i}.vtt", "w", encoding="utf-8").write("\n".join(body))
    entries.append(
        f"<item><title>Episode {i}</title><guid>ep-{i}</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>"
        f"<enclosure url=\"{base}/a/{i}.mp3\" type=\"audio/mpeg\"/>"
        f"<podcast:transcript url=\"{base}/t/{i}.vtt\" type=\"text/vtt\"/></item>")
open(f"{site}/feed.xml", "w", encoding="utf-8").write(
    '<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Bench Show</title>\n'
    + "\n".join(entries) + "\n</channel></rss>\n")
PY
du -sh "$WORK/site" | sed 's/^/bench-feeds: site /' >&2
(cd "$WORK/site" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "$BASE/feed.xml" && break; sleep 0.1; done

log "first sync: podbot feed add"
t0=$(now)
"$PODBOT" feed add "$BASE/feed.xml" --library "$WORK/podbot.sqlite" --json >"$WORK/add.json"
t1=$(now)
imported=$(python3 -c "import json; r=json.load(open('$WORK/add.json')); print(sum(i['change']=='imported' for i in r['items']))")
[[ "$imported" == "$ITEMS" ]] || { log "error: imported $imported of $ITEMS"; exit 1; }

log "first sync, the manual way: curl the $((ITEMS + 1)) documents, then podbot import the $ITEMS files"
urls=("$BASE/feed.xml")
outs=(-o "$WORK/manual/feed.xml")
for i in $(seq 0 $((ITEMS - 1))); do urls+=("$BASE/t/$i.vtt"); outs+=(-o "$WORK/manual/$i.vtt"); done
args=()
for i in "${!urls[@]}"; do args+=("${outs[$((2 * i))]}" "${outs[$((2 * i + 1))]}" "${urls[$i]}"); done
t2=$(now)
curl -sf "${args[@]}"
t3=$(now)
"$PODBOT" import --library "$WORK/manual.sqlite" "$WORK"/manual/*.vtt 2>/dev/null
t4=$(now)

log "unchanged: podbot feed sync, and curl -z"
t5=$(now)
"$PODBOT" feed sync --library "$WORK/podbot.sqlite" >"$WORK/sync.txt"
t6=$(now)
grep -q "not modified since the last sync" "$WORK/sync.txt" || { log "error: $(cat "$WORK/sync.txt")"; exit 1; }
t7=$(now)
curl -sf -z "$WORK/manual/feed.xml" -o "$WORK/manual/feed-again.xml" "$BASE/feed.xml" || true
t8=$(now)

podbot_first=$(elapsed "$t0" "$t1")
curl_first=$(elapsed "$t2" "$t3")
import_first=$(elapsed "$t3" "$t4")
podbot_again=$(elapsed "$t5" "$t6")
curl_again=$(elapsed "$t7" "$t8")
python3 - "$ITEMS" "$podbot_first" "$curl_first" "$import_first" "$podbot_again" "$curl_again" <<'PY'
import sys
items, pf, cf, imf, pa, ca = int(sys.argv[1]), *map(float, sys.argv[2:])
manual = cf + imf
print(f"| sync of a {items}-item feed | podbot | manual (curl + podbot import) | ratio |")
print("|---|---:|---:|---:|")
print(f"| first (fetch, parse, store {items} episodes) | {pf:.2f} s | {manual:.2f} s ({cf:.2f} + {imf:.2f}) | {pf / manual:.2f}× |")
print(f"| unchanged (one conditional GET) | {pa:.3f} s | {ca:.3f} s (curl -z alone) | {pa / ca:.1f}× |")
PY
