#!/usr/bin/env bash
# podbot's benchmarks, run by `make bench` after the release build. One go, no state kept: every
# generated file, library and index lives in a temp folder that is deleted on exit.
#
# Steps (each a function; add new benchmarks as more `bench_*` functions and list them in `main`):
#   library: import and search (issue 2)
#     generate_library  1,000 synthetic episodes (~100 MB) from the reference corpus, plus 100 queries
#     bench_import      `podbot import` of all files in one process into a fresh library (wall clock)
#     bench_search      `podbot-bench search`: 100 queries, top 10, in-process latency
#     bench_tantivy     the same passages and queries in tantivy (PyPI), same thread budget
#     report_library    a table with the ratios against tantivy
#   retrieval (issue 5), on the same generated library
#     bench_hybrid      `podbot-bench search --mode hybrid --random-vectors`: BM25 + MiniLM query embedding + exact
#                       scan of one random unit vector per passage + RRF (embedding 143k passages would take hours)
#     bench_vectors     scripts/bench/vector_scan.sh: the SIMD scan vs faiss-cpu IndexFlatIP on as many vectors
#     report_retrieval  both, with the memory-bandwidth bound of the scan
#
# Environment: PODBOT_CORPUS (the five reference files), PODBOT_BIN (default .build/release/podbot), PODBOT_BENCH_BIN
# (default .build/release/podbot-bench),
# BENCH_STEPS (default "library retrieval"; retrieval needs library's import), BENCH_PYTHON (a Python with
# faiss-cpu and numpy for bench_vectors; default python3, the step is skipped without faiss), BENCH_EPISODES (default 1000), BENCH_EPISODE_KB (default 100), BENCH_ROUNDS (timed passes over the
# queries, default 1), BENCH_RESULTS (a file to copy the JSON results to; default: not kept).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PODBOT="${PODBOT_BIN:-$ROOT/.build/release/podbot}"
BENCH="${PODBOT_BENCH_BIN:-$ROOT/.build/release/podbot-bench}"
export PODBOT_CORPUS="${PODBOT_CORPUS:-$(cd "$ROOT/.." && pwd)/shared/corpus}"
EPISODES="${BENCH_EPISODES:-1000}"
EPISODE_KB="${BENCH_EPISODE_KB:-100}"
ROUNDS="${BENCH_ROUNDS:-1}"
THREADS=2 # the machine's cores; tantivy's writer gets the same budget

WORK=""
RESULTS=""

log() { printf 'bench: %s\n' "$*" >&2; }
fail() {
    log "error: $*"
    exit 1
}
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

setup() {
    [[ -x "$PODBOT" ]] || fail "no podbot binary at $PODBOT; build it first: make release"
    [[ -d "$PODBOT_CORPUS" ]] || fail "no corpus at $PODBOT_CORPUS; set PODBOT_CORPUS"
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/podbot-bench.XXXXXX")"
    trap cleanup EXIT
    RESULTS="$WORK/results"
    mkdir -p "$RESULTS"
    python3 - "$RESULTS/machine.json" "$PODBOT" <<'EOF'
import json, os, platform, sqlite3, subprocess, sys, datetime
def lscpu(key):
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip()
version = subprocess.run([sys.argv[2], "--version"], capture_output=True, text=True).stdout.strip()
json.dump({
    "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    "cpu": lscpu("Model name"), "cores": os.cpu_count(),
    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    "kernel": platform.release(), "sqlite": sqlite3.sqlite_version, "podbot": version,
}, open(sys.argv[1], "w"), indent=2)
EOF
}

cleanup() {
    if [[ -n "${BENCH_RESULTS:-}" && -d "$RESULTS" ]]; then
        python3 - "$RESULTS" "$BENCH_RESULTS" <<'EOF'
import json, os, sys
folder, out = sys.argv[1], sys.argv[2]
merged = {name[:-5]: json.load(open(os.path.join(folder, name))) for name in sorted(os.listdir(folder)) if name.endswith(".json")}
json.dump(merged, open(out, "w"), indent=2)
EOF
    fi
    [[ -n "$WORK" ]] && rm -rf "$WORK"
}

# --- library: import and search (issue 2) ---------------------------------------------------------

generate_library() {
    LIBRARY_FILES="$WORK/episodes"
    LIBRARY="$WORK/library.sqlite"
    python3 "$ROOT/scripts/bench/generate_library.py" "$LIBRARY_FILES" --episodes "$EPISODES" --episode-kb "$EPISODE_KB"
    SOURCE_BYTES=$(find "$LIBRARY_FILES" -name 'ep-*' -printf '%s\n' | awk '{s += $1} END {print s}')
}

bench_import() {
    local files=("$LIBRARY_FILES"/ep-*) before start end status=0
    before=$(load)
    log "import: ${#files[@]} files, $SOURCE_BYTES bytes (load $before)"
    start=$(now)
    "$PODBOT" import --library "$LIBRARY" "${files[@]}" 2>"$WORK/import.log" || status=$?
    end=$(now)
    [[ $status -eq 0 ]] || fail "podbot import exited $status; $(tail -3 "$WORK/import.log")"
    local stored
    stored=$("$PODBOT" list --library "$LIBRARY" --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
    [[ "$stored" -eq "$EPISODES" ]] || fail "expected $EPISODES episodes in the library, found $stored"
    python3 - "$RESULTS/import.json" "$start" "$end" "$SOURCE_BYTES" "$stored" "$LIBRARY" "$before" <<'EOF'
import json, os, sqlite3, sys
out, start, end, source_bytes, stored, library, load = sys.argv[1:]
seconds = float(end) - float(start)
db = sqlite3.connect(f"file:{library}?mode=ro", uri=True)
passages, text_bytes = db.execute("SELECT count(*), coalesce(sum(length(CAST(text AS BLOB))), 0) FROM passage").fetchone()
size = sum(os.path.getsize(library + suffix) for suffix in ("", "-wal") if os.path.exists(library + suffix))
json.dump({
    "seconds": round(seconds, 3), "source_bytes": int(source_bytes), "episodes": int(stored),
    "passages": passages, "passage_text_bytes": text_bytes,
    "mb_per_second_source": round(int(source_bytes) / 1e6 / seconds, 2),
    "mb_per_second_text": round(text_bytes / 1e6 / seconds, 2),
    "library_bytes": size, "load_before": load,
}, open(out, "w"), indent=2)
EOF
    log "import: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["seconds"], "s,", d["mb_per_second_source"], "MB/s")' "$RESULTS/import.json")"
}

bench_search() {
    log "search: podbot-bench search (load $(load))"
    "$BENCH" search --library "$LIBRARY" --queries "$LIBRARY_FILES/queries.txt" --limit 10 --warmup 1 \
        --rounds "$ROUNDS" --json >"$RESULTS/search.json"
}

bench_tantivy() {
    log "tantivy: index and search (load $(load))"
    python3 "$ROOT/scripts/bench/tantivy_bench.py" --library "$LIBRARY" --queries "$LIBRARY_FILES/queries.txt" \
        --limit 10 --warmup 1 --rounds "$ROUNDS" --threads "$THREADS" --source-bytes "$SOURCE_BYTES" \
        >"$RESULTS/tantivy.json"
}

report_library() {
    python3 - "$RESULTS" <<'EOF'
import json, os, sys
folder = sys.argv[1]
load = lambda name: json.load(open(os.path.join(folder, name + ".json")))
machine, imp, search, tantivy = load("machine"), load("import"), load("search"), load("tantivy")
full, ids = tantivy["search"]["full"], tantivy["search"]["ids"]
print(f"\n## Library: import and search (issue 2) — {machine['date']}")
print(f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; SQLite {machine['sqlite']}; "
      f"tantivy {tantivy['tantivy_version']} ({tantivy['tantivy_core']}), writer threads {tantivy['writer_threads']}")
print(f"library: {imp['episodes']} episodes, {imp['source_bytes'] / 1e6:.1f} MB of files, {imp['passages']} passages "
      f"({imp['passage_text_bytes'] / 1e6:.1f} MB of passage text)\n")
rows = [
    ("import / index build (s)", f"{imp['seconds']:.2f}", f"{tantivy['index_seconds']:.2f}", imp["seconds"] / tantivy["index_seconds"], "≤ 2"),
    ("  MB/s of source files", f"{imp['mb_per_second_source']:.2f}", f"{tantivy['index_mb_per_second_source']:.2f}", None, ""),
    ("  MB/s of passage text", f"{imp['mb_per_second_text']:.2f}", f"{tantivy['index_mb_per_second_text']:.2f}", None, ""),
    ("search p50 (ms)", f"{search['p50_ms']:.3f}", f"{full['p50_ms']:.3f}", search["p50_ms"] / full["p50_ms"], "≤ 1"),
    ("search p90 (ms)", f"{search['p90_ms']:.3f}", f"{full['p90_ms']:.3f}", search["p90_ms"] / full["p90_ms"], ""),
    ("search p99 (ms)", f"{search['p99_ms']:.3f}", f"{full['p99_ms']:.3f}", search["p99_ms"] / full["p99_ms"], ""),
    ("search mean (ms)", f"{search['mean_ms']:.3f}", f"{full['mean_ms']:.3f}", search["mean_ms"] / full["mean_ms"], ""),
    ("queries/s", f"{search['queries_per_second']:.1f}", f"{full['queries_per_second']:.1f}", None, ""),
    ("search p50, tantivy ids only (ms)", "", f"{ids['p50_ms']:.3f}", search["p50_ms"] / ids["p50_ms"], ""),
]
print(f"| {'measure':<34} | {'podbot':>10} | {'tantivy':>10} | {'podbot/tantivy':>14} | {'target':>6} |")
print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|{'-' * 16}|{'-' * 8}|")
for name, ours, theirs, ratio, target in rows:
    ratio_text = f"{ratio:.2f}" if ratio is not None else ""
    print(f"| {name:<34} | {ours:>10} | {theirs:>10} | {ratio_text:>14} | {target:>6} |")
print(f"\nsearch: {search['samples']} searches ({search['queries']} queries x {search['rounds']} rounds), top {search['limit']}; "
      f"podbot {search['hits']} hits, tantivy {full['hits']} hits. tantivy 'full' fetches stored text and makes a snippet per hit "
      "(what Library.search returns); 'ids only' stops at the top-10 addresses.")
print(f"load average before import: {imp['load_before']}; now: {open('/proc/loadavg').read().split()[:3]}")
import_ok = imp["seconds"] <= 2 * tantivy["index_seconds"]
search_ok = search["p50_ms"] <= full["p50_ms"]
print(f"targets: import within 2x of tantivy: {'met' if import_ok else 'MISSED'}; "
      f"search p50 no slower than tantivy: {'met' if search_ok else 'MISSED'}")
EOF
}

# --- retrieval: hybrid latency and the exact vector scan (issue 5) --------------------------------

bench_hybrid() {
    log "hybrid: podbot-bench search --mode hybrid --random-vectors (load $(load))"
    "$BENCH" search --library "$LIBRARY" --queries "$LIBRARY_FILES/queries.txt" --mode hybrid --random-vectors \
        --limit 10 --warmup 1 --rounds "$ROUNDS" --json >"$RESULTS/hybrid.json"
}

bench_vectors() {
    local python="${BENCH_PYTHON:-python3}"
    if ! "$python" -c 'import faiss, numpy' 2>/dev/null; then
        log "vectors: skipped, $python has no faiss-cpu (set BENCH_PYTHON to a Python with faiss-cpu and numpy)"
        return
    fi
    local rows
    rows="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["passages"])' "$RESULTS/import.json")"
    log "vectors: SIMD scan vs faiss IndexFlatIP, $rows x 384 (load $(load))"
    PODBOT_BENCH_BIN="$BENCH" bash "$ROOT/scripts/bench/vector_scan.sh" "$rows" "$python" >"$RESULTS/vectors.json"
}

report_retrieval() {
    python3 - "$RESULTS" <<'EOF'
import json, os, sys
folder = sys.argv[1]
hybrid = json.load(open(os.path.join(folder, "hybrid.json")))
print("\n## Retrieval at scale (issue 5)")
print(f"hybrid, {hybrid['samples']} searches over the generated library, top {hybrid['limit']} "
      f"(query embedding + BM25 + exact scan + RRF): p50 {hybrid['p50_ms']:.1f} ms, p90 {hybrid['p90_ms']:.1f} ms, "
      f"p99 {hybrid['p99_ms']:.1f} ms, {hybrid['queries_per_second']:.1f} queries/s")
path = os.path.join(folder, "vectors.json")
if os.path.exists(path):
    v = json.load(open(path))
    print(f"exact scan of {v['rows']} x 384 f32 ({v['matrix_MB']} MB), k=50, 1 thread: podbot {v['swift_median_ms']} ms "
          f"({v['swift_GBps']} GB/s), faiss IndexFlatIP {v['faiss_median_ms']} ms ({v['faiss_GBps']} GB/s), "
          f"ratio {v['ratio']} (target <= 1.2); same top 5: {v['same_top5']}")
EOF
}

main() {
    local steps="${BENCH_STEPS:-library retrieval}"
    setup
    log "podbot $("$PODBOT" --version), $(nproc) cores, load $(load), work folder $WORK, steps: $steps"
    generate_library
    bench_import
    # library: search vs tantivy (issue 2)
    if [[ "$steps" == *library* ]]; then
        bench_search
        bench_tantivy
        report_library
    fi
    # retrieval: hybrid latency and the vector scan (issue 5)
    if [[ "$steps" == *retrieval* ]]; then
        bench_hybrid
        bench_vectors
        report_retrieval
    fi
}

main "$@"
