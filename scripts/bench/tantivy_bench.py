#!/usr/bin/env python3
"""The tantivy side of the import/search benchmark (issue 2).

Reads the passages straight from a podbot library (`SELECT id, episode_id, text FROM passage`), so
both engines index exactly the same text; builds a tantivy index with the English stemming
tokenizer (`en_stem`, like podbot's `porter unicode61`) on disk with the same thread budget; then runs
the same queries top-k with podbot's query treatment (FTSQuery: lowercased letter/digit runs, stop
words dropped unless nothing else is left, duplicates dropped, terms OR-joined, no phrases).

Searches are timed two ways: `full` fetches each hit's stored fields and makes a snippet, the work
`Library.search` does (it returns text, title and a snippet); `ids` only collects the top-k addresses.

Runs in its own venv (`${PODBOT_CACHE:-~/.cache/podbot}/bench-venv`, created on first use with a pinned
tantivy) and prints JSON on stdout.
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

TANTIVY_VERSION = "0.27.0"

# podbot's FTSQuery.stopWords, verbatim.
STOP_WORDS = set(
    """a an and are as at be but by did do does for from has have he her his how i in is it its me my of on or our
    she so than that the their them then there these they this to was we were what when where which who why will
    with you your about s t""".split()
)


def ensure_venv():
    """Re-executes this script inside the bench venv, creating it when missing."""
    cache = os.environ.get("PODBOT_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "podbot")
    venv = os.path.join(cache, "bench-venv")
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    marker = os.path.join(venv, f".tantivy-{TANTIVY_VERSION}")
    if not os.path.exists(marker):
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", f"tantivy=={TANTIVY_VERSION}"], check=True, stdout=sys.stderr
        )
        open(marker, "w").close()
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


TOKEN = re.compile(r"[^\W_]+")


def fts_terms(text):
    """podbot's FTSQuery.make without phrases: the terms it OR-joins, in order."""
    terms = TOKEN.findall(text.lower())
    content = [t for t in terms if t not in STOP_WORDS]
    seen, chosen = set(), []
    for term in content or terms:
        if term not in seen:
            seen.add(term)
            chosen.append(term)
    return chosen


def percentile(sorted_ms, p):
    """Nearest rank, as `podbot-bench search` computes it."""
    index = max(0, -(-p * len(sorted_ms) // 100) - 1)
    return sorted_ms[int(index)]


def summary(samples_ns):
    ms = sorted(s / 1e6 for s in samples_ns)
    return {
        "samples": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p90_ms": round(percentile(ms, 90), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "mean_ms": round(sum(ms) / len(ms), 3),
        "max_ms": round(ms[-1], 3),
        "min_ms": round(ms[0], 3),
    }


def main():
    ensure_venv()
    import tantivy

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", required=True, help="podbot library file to read passages from")
    parser.add_argument("--queries", required=True, help="queries, one per line")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1, help="untimed passes over all queries")
    parser.add_argument("--rounds", type=int, default=1, help="timed passes over all queries")
    parser.add_argument("--threads", type=int, default=2, help="index writer threads (the machine has 2 cores)")
    parser.add_argument("--heap-mb", type=int, default=256, help="index writer heap, total over all threads")
    parser.add_argument("--source-bytes", type=int, default=0, help="bytes of the imported source files, for MB/s")
    parser.add_argument("--index-dir", help="where to build the index (default: a temp folder, deleted after)")
    args = parser.parse_args()

    with open(args.queries, encoding="utf-8") as handle:
        queries = [line.strip() for line in handle if line.strip() and not line.startswith("#")]

    started = time.perf_counter()
    connection = sqlite3.connect(f"file:{args.library}?mode=ro", uri=True)
    passages = connection.execute("SELECT id, episode_id, text FROM passage ORDER BY id").fetchall()
    connection.close()
    read_seconds = time.perf_counter() - started
    text_bytes = sum(len(text.encode("utf-8")) for _, _, text in passages)

    schema_builder = tantivy.SchemaBuilder()
    schema_builder.add_integer_field("id", stored=True, indexed=False)
    schema_builder.add_integer_field("episode_id", stored=True, indexed=False)
    schema_builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
    schema = schema_builder.build()

    folder = args.index_dir or tempfile.mkdtemp(prefix="podbot-tantivy-")
    os.makedirs(folder, exist_ok=True)
    try:
        # Timed: everything from an empty folder to a committed, merged, searchable index on disk.
        started = time.perf_counter()
        index = tantivy.Index(schema, path=folder)
        writer = index.writer(heap_size=args.heap_mb * 1_000_000, num_threads=args.threads)
        for passage_id, episode_id, text in passages:
            writer.add_document(tantivy.Document(id=passage_id, episode_id=episode_id, text=text))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        index_seconds = time.perf_counter() - started
        index_bytes = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))

        searcher = index.searcher()

        def run_full(query_text):
            terms = fts_terms(query_text)
            if not terms:
                return 0
            query = index.parse_query(" ".join(terms), ["text"])
            hits = searcher.search(query, args.limit).hits
            snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "text")
            for _score, address in hits:
                doc = searcher.doc(address)
                snippets.snippet_from_doc(doc).to_html()
            return len(hits)

        def run_ids(query_text):
            terms = fts_terms(query_text)
            if not terms:
                return 0
            query = index.parse_query(" ".join(terms), ["text"])
            return len(searcher.search(query, args.limit).hits)

        results = {}
        for name, run in (("full", run_full), ("ids", run_ids)):
            for _ in range(args.warmup):
                for text in queries:
                    run(text)
            samples, hits, empty = [], 0, 0
            started = time.perf_counter()
            for _ in range(args.rounds):
                for text in queries:
                    t0 = time.perf_counter_ns()
                    found = run(text)
                    samples.append(time.perf_counter_ns() - t0)
                    hits += found
                    empty += found == 0
            elapsed = time.perf_counter() - started
            results[name] = summary(samples) | {
                "queries_per_second": round(len(samples) / elapsed, 1),
                "hits": hits,
                "empty_results": empty,
            }
    finally:
        if not args.index_dir:
            shutil.rmtree(folder, ignore_errors=True)

    report = {
        "engine": "tantivy",
        "tantivy_version": TANTIVY_VERSION,
        "tantivy_core": getattr(tantivy, "__version__", "unknown"),
        "tokenizer": "en_stem",
        "writer_threads": args.threads,
        "writer_heap_mb": args.heap_mb,
        "passages": len(passages),
        "passage_text_bytes": text_bytes,
        "read_passages_seconds": round(read_seconds, 3),
        "index_seconds": round(index_seconds, 3),
        "index_bytes": index_bytes,
        "index_mb_per_second_text": round(text_bytes / 1e6 / index_seconds, 2),
        "queries": len(queries),
        "limit": args.limit,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "search": results,
    }
    if args.source_bytes:
        report["source_bytes"] = args.source_bytes
        report["index_mb_per_second_source"] = round(args.source_bytes / 1e6 / index_seconds, 2)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
