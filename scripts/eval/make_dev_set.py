#!/usr/bin/env python3
"""Builds podbot's retrieval dev set (issue 5) from the reference corpus.

eval/dev-csv.jsonl: every question of the reference CSV. Question i of a row was generated from the
floor(i/3)-th ~1000-token chunk of that row's transcript; the chunk is located by words (chunk size =
words / (chunks - 0.5), i.e. assuming a half-full last chunk) and its interior (10% margins, since token
and word counts differ) is labelled relevant through evidence phrases: an 8-word ASCII run every ~60 words.
So a passage counts as relevant when it lies in the chunk the question came from.

eval/dev-listener.jsonl is hand-written (listener-style paraphrases with exact phrases); this script
only concatenates it with the CSV part into eval/dev.jsonl.

Standard library only. Usage: python3 scripts/eval/make_dev_set.py [corpus-dir]
"""
import ast
import csv
import io
import json
import os
import re
import sys

CSV_NAME = "gradient-dissent-bot-summary-que-data.csv.txt"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORD = re.compile(r"^[A-Za-z]+[,.?!]?$")


def phrases(words, start, end, every=60, length=8):
    out = []
    i = start
    while i + length <= end and len(out) < 14:
        window = words[i:i + length]
        if all(WORD.match(w) for w in window) and not any(w.endswith(":") for w in window):
            out.append(" ".join(w.strip(",.?!") for w in window))
            i += every
        else:
            i += 1
    return out


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "PODBOT_CORPUS", os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    csv.field_size_limit(1 << 30)
    text = open(os.path.join(corpus, CSV_NAME), encoding="utf-8").read().split("\n")
    rows = list(csv.DictReader(io.StringIO("\n".join(text[8:]))))
    lines = []
    for row in rows:
        questions = ast.literal_eval(row["questions"])
        # Speaker labels ("Lukas:") are not passage text; drop them before counting words.
        words = [w for w in row["transcript"].split() if not re.match(r"^[A-Z][a-z]+:$", w)]
        chunks = (len(questions) + 2) // 3
        size = len(words) / max(1, chunks - 0.5)
        for i, question in enumerate(questions):
            c = i // 3
            start, end = int(c * size), min(len(words), int((c + 1) * size))
            margin = int((end - start) * 0.1)
            evidence = [{"file": CSV_NAME, "phrase": p} for p in phrases(words, start + margin, end - margin)]
            if evidence:
                lines.append({"question": question, "evidence": evidence})
    out = os.path.join(ROOT, "eval")
    with open(os.path.join(out, "dev-csv.jsonl"), "w") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    listener = open(os.path.join(out, "dev-listener.jsonl")).read().strip().split("\n")
    with open(os.path.join(out, "dev.jsonl"), "w") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
        for line in listener:
            if line.strip():
                f.write(line.strip() + "\n")
    print(f"{len(lines)} CSV questions + {len(listener)} listener questions", file=sys.stderr)


if __name__ == "__main__":
    main()
