#!/usr/bin/env python3
"""Convert sentence-transformers/all-MiniLM-L6-v2 (safetensors + vocab.txt) to a llama.cpp BERT GGUF.

Uses only the pinned `gguf`, `safetensors` and `numpy` packages (see scripts/bootstrap.sh); no torch.
The keys and tensor names follow llama.cpp's own convert_hf_to_gguf.py (conversion/bert.py) at commit
0c1e570: arch `bert`, WordPiece vocab in "phantom space" form (a word-initial piece gets a leading U+2581,
a `##` continuation loses its `##`, control tokens stay as they are), CLS/SEP/PAD/UNK/MASK ids,
non-causal attention and mean pooling.

Usage: convert_minilm.py --model-dir DIR --outfile OUT.gguf [--outtype f32|f16]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import gguf
import numpy as np
from safetensors.numpy import load_file

ARCH = gguf.MODEL_ARCH.BERT
CONTROL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


def read_vocab(model_dir: Path) -> list[str]:
    path = model_dir / "vocab.txt"
    with open(path, encoding="utf-8") as f:
        tokens = [line.rstrip("\n") for line in f]
    if not tokens:
        sys.exit(f"{path}: empty vocabulary")
    return tokens


def phantom(token: str, toktype: int) -> str:
    if toktype == gguf.TokenType.CONTROL:
        return token
    if token.startswith("##"):
        return token[2:]
    return "\u2581" + token


def pooling_type(model_dir: Path) -> gguf.PoolingType:
    modules = model_dir / "modules.json"
    if modules.is_file():
        for mod in json.loads(modules.read_text()):
            if mod["type"].endswith("Pooling"):
                cfg = json.loads((model_dir / mod["path"] / "config.json").read_text())
                if cfg.get("pooling_mode_cls_token"):
                    return gguf.PoolingType.CLS
                if cfg.get("pooling_mode_mean_tokens"):
                    return gguf.PoolingType.MEAN
    # all-MiniLM-L6-v2 is trained with mean pooling.
    return gguf.PoolingType.MEAN


def hf_to_gguf_name(name: str, tmap: gguf.TensorNameMap) -> str | None:
    if name.startswith("bert."):
        name = name[5:]
    if name in ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"):
        return None
    if name.startswith("cls."):
        return None
    mapped = tmap.get_name(name, try_suffixes=(".weight", ".bias"))
    if mapped is None:
        sys.exit(f"cannot map tensor {name!r} to a GGUF BERT tensor name")
    return mapped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", type=Path, required=True)
    ap.add_argument("--outfile", type=Path, required=True)
    ap.add_argument("--outtype", choices=("f32", "f16"), default="f32")
    args = ap.parse_args()

    model_dir: Path = args.model_dir
    hp = json.loads((model_dir / "config.json").read_text())
    tensors = load_file(str(model_dir / "model.safetensors"))
    n_layer = int(hp["num_hidden_layers"])
    tmap = gguf.get_tensor_name_map(ARCH, n_layer)

    writer = gguf.GGUFWriter(str(args.outfile), gguf.MODEL_ARCH_NAMES[ARCH])
    ftype = gguf.LlamaFileType.MOSTLY_F16 if args.outtype == "f16" else gguf.LlamaFileType.ALL_F32

    writer.add_name("all-MiniLM-L6-v2")
    writer.add_block_count(n_layer)
    writer.add_context_length(int(hp["max_position_embeddings"]))
    writer.add_embedding_length(int(hp["hidden_size"]))
    writer.add_feed_forward_length(int(hp["intermediate_size"]))
    writer.add_head_count(int(hp["num_attention_heads"]))
    writer.add_layer_norm_eps(float(hp.get("layer_norm_eps", 1e-12)))
    writer.add_causal_attention(False)
    writer.add_pooling_type(pooling_type(model_dir))
    writer.add_file_type(ftype)

    # Vocabulary: WordPiece in phantom-space form, as llama.cpp's WPM tokenizer expects.
    vocab = read_vocab(model_dir)
    toktypes = [gguf.TokenType.CONTROL if t in CONTROL_TOKENS else gguf.TokenType.NORMAL for t in vocab]
    ids = {t: i for i, t in enumerate(vocab)}
    missing = [t for t in CONTROL_TOKENS if t not in ids]
    if missing:
        sys.exit(f"{model_dir / 'vocab.txt'}: special tokens missing: {missing}")
    writer.add_token_type_count(int(hp.get("type_vocab_size", 2)))
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre("default")
    writer.add_token_list([phantom(t, k) for t, k in zip(vocab, toktypes)])
    writer.add_token_types(toktypes)
    # llama.cpp treats CLS as BOS for BERT; it adds [CLS] ... [SEP] around each input.
    writer.add_bos_token_id(ids["[CLS]"])
    writer.add_uint32("tokenizer.ggml.cls_token_id", ids["[CLS]"])  # no helper in gguf 0.19
    writer.add_sep_token_id(ids["[SEP]"])
    writer.add_pad_token_id(ids["[PAD]"])
    writer.add_unk_token_id(ids["[UNK]"])
    writer.add_mask_token_id(ids["[MASK]"])
    writer.add_add_bos_token(True)
    writer.add_add_sep_token(True)
    writer.add_add_eos_token(False)

    for name in sorted(tensors):
        new_name = hf_to_gguf_name(name, tmap)
        if new_name is None:
            continue
        data = tensors[name].astype(np.float32)
        # Like convert_hf_to_gguf.py: 1-D tensors (norms, biases) stay F32; matrices become F16 if asked.
        # token_types is tiny and read through get_rows, keep it F32 as well.
        if args.outtype == "f16" and data.ndim == 2 and not new_name.startswith("token_types"):
            data = data.astype(np.float16)
        writer.add_tensor(new_name, data)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(f"wrote {args.outfile} ({args.outtype}, {len(vocab)} tokens, {n_layer} layers)", file=sys.stderr)


if __name__ == "__main__":
    main()
