#!/usr/bin/env bash
# Passage-size tuning on the dev set (issue 5): for each MIN,TARGET,MAX policy, a fresh library of the five corpus
# files is imported with `--passage-words`, embedded with `podbot index`, and scored with `podbot eval`.
# Usage: scripts/eval/tune_passages.sh [POLICY...]   (default: 25,60,90 40,100,150 60,140,200)
# Environment: PODBOT_BIN (default .build/release/podbot), PODBOT_CORPUS, EVAL_SET (default eval/dev.jsonl).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PODBOT="${PODBOT_BIN:-$ROOT/.build/release/podbot}"
CORPUS="${PODBOT_CORPUS:-$(cd "$ROOT/.." && pwd)/shared/corpus}"
SET="${EVAL_SET:-$ROOT/eval/dev.jsonl}"
policies=("$@")
((${#policies[@]})) || policies=(25,60,90 40,100,150 60,140,200)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/podbot-tune.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

for policy in "${policies[@]}"; do
    library="$WORK/${policy//,/-}.sqlite"
    "$PODBOT" import --library "$library" --meta "$ROOT/demo/corpus-meta.json" --passage-words "$policy" \
        "$CORPUS"/*.txt 2>/dev/null
    "$PODBOT" index --library "$library" >/dev/null 2>&1
    "$PODBOT" eval --library "$library" "$SET" --json >"$WORK/${policy//,/-}.json"
    echo "tune: $policy done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

python3 - "$WORK" "${policies[@]}" <<'PY'
import json, sys
work, policies = sys.argv[1], sys.argv[2:]
print("| passage words (min,target,max) | passages | mean words | mode | hit@1 | hit@3 | hit@5 | hit@10 | MRR |")
print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
for policy in policies:
    report = json.load(open(f"{work}/{policy.replace(',', '-')}.json"))
    for m in report["modes"]:
        print(f"| {policy} | {report['passages']} | {report['mean_passage_words']:.1f} | {m['mode']} | {m['hit@1']:.3f} | "
              f"{m['hit@3']:.3f} | {m['hit@5']:.3f} | {m['hit@10']:.3f} | {m['mrr']:.3f} |")
PY
