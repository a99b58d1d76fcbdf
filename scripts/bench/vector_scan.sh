#!/usr/bin/env bash
# Exact vector scan: podbot's SIMD16 scan vs faiss-cpu IndexFlatIP on the same vectors, in one run (issue 5).
# Usage: scripts/bench/vector_scan.sh [ROWS] [PYTHON]   (PYTHON must have faiss-cpu and numpy)
set -euo pipefail
ROWS="${1:-100000}"
PY="${2:-python3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${PODBOT_BENCH_BIN:-$ROOT/.build/release/podbot-bench}"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
"$BIN" vectors --rows "$ROWS" --dimension 384 --queries 50 --k 50 --write "$DIR" > "$DIR/swift.json"
"$PY" - "$DIR" "$ROWS" <<'PY'
import json, sys, time
import numpy as np, faiss
folder, rows = sys.argv[1], int(sys.argv[2])
faiss.omp_set_num_threads(1)
x = np.fromfile(folder + "/matrix.f32", dtype=np.float32).reshape(rows, 384)
q = np.fromfile(folder + "/queries.f32", dtype=np.float32).reshape(-1, 384)
index = faiss.IndexFlatIP(384); index.add(x)
index.search(q[:1], 50)
samples = []
for i in range(len(q)):
    t = time.perf_counter(); _, ids = index.search(q[i:i+1], 50); samples.append((time.perf_counter() - t) * 1000)
samples.sort(); med = samples[len(samples)//2]
swift = json.load(open(folder + "/swift.json"))
_, ids = index.search(q, 5)
same = all(list(map(int, ids[i])) == swift["topIDs"][i] for i in range(len(q)))
gb = rows * 384 * 4 / 1e9
print(json.dumps({"rows": rows, "swift_median_ms": round(swift["medianMs"], 2), "faiss_median_ms": round(med, 2),
  "ratio": round(swift["medianMs"] / med, 2), "swift_GBps": round(gb / (swift["medianMs"] / 1000), 1),
  "faiss_GBps": round(gb / (med / 1000), 1), "same_top5": same, "matrix_MB": round(gb * 1000)}))
PY
