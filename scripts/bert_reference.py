#!/usr/bin/env python3
"""Reference sentence embeddings for all-MiniLM-L6-v2 computed straight from model.safetensors with numpy.

An independent check of scripts/convert_minilm.py and of llama.cpp's BERT graph: its own WordPiece
tokenizer (BERT basic tokenizer: lower-case, strip accents, split on punctuation; then greedy longest-match
WordPiece), a plain BERT encoder forward pass, mean pooling and L2 normalisation.

Reads a JSON list of strings on stdin, writes {"embeddings": [[...], ...]} on stdout.
Usage: bert_reference.py --model-dir DIR < sentences.json
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file


class WordPiece:
    def __init__(self, vocab_path: Path):
        self.vocab = {line.rstrip("\n"): i for i, line in enumerate(open(vocab_path, encoding="utf-8"))}

    @staticmethod
    def _is_punct(ch: str) -> bool:
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    def _basic(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        words, cur = [], ""
        for ch in text:
            if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
                if cur:
                    words.append(cur)
                cur = ""
            elif self._is_punct(ch) or 0x4E00 <= ord(ch) <= 0x9FFF:
                if cur:
                    words.append(cur)
                words.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            words.append(cur)
        return words

    def encode(self, text: str, max_len: int) -> list[int]:
        ids = [self.vocab["[CLS]"]]
        for word in self._basic(text):
            start, pieces = 0, []
            while start < len(word):
                end, found = len(word), None
                while start < end:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    if sub in self.vocab:
                        found = self.vocab[sub]
                        break
                    end -= 1
                if found is None:
                    pieces = [self.vocab["[UNK]"]]
                    break
                pieces.append(found)
                start = end
            ids.extend(pieces)
        return ids[: max_len - 1] + [self.vocab["[SEP]"]]


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def gelu(x: np.ndarray) -> np.ndarray:
    from math import sqrt

    erf = np.vectorize(__import__("math").erf)
    return 0.5 * x * (1.0 + erf(x / sqrt(2.0)))


def embed(ids: list[int], t: dict[str, np.ndarray], hp: dict) -> np.ndarray:
    p = "" if "embeddings.word_embeddings.weight" in t else "bert."
    eps, n_head = float(hp.get("layer_norm_eps", 1e-12)), int(hp["num_attention_heads"])
    n = len(ids)
    x = t[p + "embeddings.word_embeddings.weight"][ids] + t[p + "embeddings.position_embeddings.weight"][:n]
    x = x + t[p + "embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, t[p + "embeddings.LayerNorm.weight"], t[p + "embeddings.LayerNorm.bias"], eps)
    for i in range(int(hp["num_hidden_layers"])):
        L = f"{p}encoder.layer.{i}."
        lin = lambda h, name: h @ t[L + name + ".weight"].T + t[L + name + ".bias"]  # noqa: E731
        q, k, v = (lin(x, f"attention.self.{m}") for m in ("query", "key", "value"))
        d = q.shape[-1] // n_head
        q, k, v = (a.reshape(n, n_head, d).transpose(1, 0, 2) for a in (q, k, v))
        s = q @ k.transpose(0, 2, 1) / np.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(1, 0, 2).reshape(n, n_head * d)
        x = layer_norm(x + lin(a, "attention.output.dense"), t[L + "attention.output.LayerNorm.weight"],
                       t[L + "attention.output.LayerNorm.bias"], eps)
        h = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(x + lin(h, "output.dense"), t[L + "output.LayerNorm.weight"], t[L + "output.LayerNorm.bias"], eps)
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", type=Path, required=True)
    args = ap.parse_args()
    hp = json.loads((args.model_dir / "config.json").read_text())
    tensors = {k: v.astype(np.float64) for k, v in load_file(str(args.model_dir / "model.safetensors")).items()}
    tok = WordPiece(args.model_dir / "vocab.txt")
    sentences = json.load(sys.stdin)
    out = [embed(tok.encode(s, int(hp["max_position_embeddings"])), tensors, hp).tolist() for s in sentences]
    json.dump({"embeddings": out}, sys.stdout)


if __name__ == "__main__":
    main()
