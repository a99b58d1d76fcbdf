#!/usr/bin/env bash
# Enrichment benchmark (issues 4 and 11): `podbot summarize` and `podbot questions` on the Gradient Dissent diffusion episode
# (CSV row 3, 73 minutes) with the default chat model on 2 cores, once evaluating every prompt in full
# (--no-prompt-cache) and once reusing the KV cache of the shared instruction prefix. Each pass uses a fresh library,
# so nothing stored is reused; the figures come from the reports' run_stats (prompt vs generation time).
#
# Environment: PODBOT_BIN (default .build/release/podbot), PODBOT_BENCH_BIN (default .build/release/podbot-bench), PODBOT_CORPUS, BENCH_MODEL (default: the configured chat
# model), BENCH_RESULTS (a file to copy the JSON reports to; default: not kept).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PODBOT="${PODBOT_BIN:-$ROOT/.build/release/podbot}"
BENCH="${PODBOT_BENCH_BIN:-$ROOT/.build/release/podbot-bench}"
CORPUS="${PODBOT_CORPUS:-$(cd "$ROOT/.." && pwd)/shared/corpus}"
CSV="$CORPUS/gradient-dissent-bot-summary-que-data.csv.txt"
[[ -x "$PODBOT" ]] || { echo "bench-enrich: no podbot at $PODBOT; run make release" >&2; exit 1; }
[[ -f "$CSV" ]] || { echo "bench-enrich: no $CSV; set PODBOT_CORPUS" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/podbot-bench-enrich.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
model=()
[[ -n "${BENCH_MODEL:-}" ]] && model=(--model "$BENCH_MODEL")

run() { # run LABEL EXTRA-ARGS...: a fresh library, then summarize and questions on episode 3, JSON reports kept
    local label="$1"
    shift
    local library="$WORK/$label.sqlite"
    "$PODBOT" import --library "$library" "$CSV" >/dev/null
    echo "bench-enrich: $label: load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "$PODBOT" summarize --library "$library" 3 "${model[@]}" --threads 2 --progress none --json "$@" \
        >"$WORK/$label.summary.json"
    "$PODBOT" questions --library "$library" 3 "${model[@]}" --threads 2 --progress none --json "$@" \
        >"$WORK/$label.questions.json"
}

run no-cache --no-prompt-cache
run cache

python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
print("| task | prompt cache | chunks | model calls | wall s | prompt tok | of which cached | prompt s | evaluated t/s | generated tok | generation s | gen t/s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
walls = {}
for label in ("no-cache", "cache"):
    for task in ("summary", "questions"):
        report = json.load(open(f"{work}/{label}.{task}.json"))[0]
        s = report["run_stats"]
        walls[(label, task)] = report["wall_seconds"]
        print(f"| {task} | {'on' if label == 'cache' else 'off'} | {report['chunks']} | {s['calls']} | "
              f"{report['wall_seconds']:.1f} | {s['prompt_tokens']} | {s['cached_prompt_tokens']} | {s['prompt_ms'] / 1000:.1f} | "
              f"{(s['prompt_tokens'] - s['cached_prompt_tokens']) * 1000 / max(s['prompt_ms'], 1):.1f} | {s['generated_tokens']} | "
              f"{s['generation_ms'] / 1000:.1f} | {s['generated_tokens'] * 1000 / max(s['generation_ms'], 1):.1f} |")
for task in ("summary", "questions"):
    print(f"{task}: cache on / off wall = {walls[('cache', task)] / walls[('no-cache', task)]:.2f}")
summary = json.load(open(f"{work}/cache.summary.json"))[0]
print(f"chapters: {summary['sections']} topic sections, {summary['titles_regenerated']} titles asked again, "
      f"{summary['titles_dropped']} sections joined the one before; summary spread from map sentences: "
      f"{summary['spread_from_map']}")
questions = json.load(open(f"{work}/cache.questions.json"))[0]
print(f"questions: {questions['candidates']} written, {questions['unanswerable']} did not lead back to their chunk, "
      f"{len(questions['questions'])} kept")
PY
# Grounding (issue 11): podbot's summaries of the three CSV episodes beside the reference bot's gpt-3.5 summaries they
# replace, by podbot's sentence check; chapter counts and titles; wall time of the other two summaries.
"$PODBOT" summarize --library "$WORK/cache.sqlite" 1 2 "${model[@]}" --threads 2 --progress none --json \
    >"$WORK/others.summary.json"
python3 - "$WORK" <<'PY'
import json, sys
for report in json.load(open(f"{sys.argv[1]}/others.summary.json")):
    print(f"summary of episode {report['episode']}: {report['wall_seconds']:.1f} s, {report['chunks']} chunks, "
          f"{report['regenerated']} steps regenerated, {report['map_dropped']} map and {report['dropped']} reduce sentences dropped, "
          f"{report['chapters']} chapters of {report['sections']} sections")
PY
"$BENCH" summaries --library "$WORK/cache.sqlite" 1 2 3 "${model[@]}" --threads 2
"$BENCH" summaries --library "$WORK/cache.sqlite" 1 2 3 "${model[@]}" --threads 2 --json >"$WORK/audit.json"
python3 - "$WORK" <<'PY'
import json, sys
for row in json.load(open(f"{sys.argv[1]}/audit.json")):
    if row["chapters"]:
        print(f"chapters of episode {row['episode']}: " + " | ".join(row["chapters"]))
PY
if [[ -n "${BENCH_RESULTS:-}" ]]; then cat "$WORK"/*.json >"$BENCH_RESULTS"; fi
