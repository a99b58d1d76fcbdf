# The two commands a person needs (see README.md):
#   make demo   set everything up, then import the reference corpus and show what podbot does with it
#   make test   set everything up, then check formatting and run every test
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CORPUS ?= $(abspath ../shared/corpus)
# Where SwiftPM finds llama.cpp and whisper.cpp: the pkg-config file scripts/bootstrap.sh writes.
export PKG_CONFIG_PATH := $(CURDIR)/.deps/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH),)

.PHONY: bootstrap bootstrap-tests chat-1.5b test-deps build release release-bench test lint demo bench bench-engine bench-enrich bench-server bench-feeds bench-uploads bench-asr clean

bootstrap:
	bash scripts/bootstrap.sh

# What the tests use, no more: the default chat model, Whisper base and the benchmark peers wait for `make demo`.
bootstrap-tests:
	PODBOT_BOOTSTRAP_SET=tests bash scripts/bootstrap.sh

# Optional: Qwen2.5-Coder-1.5B-Instruct beside the default chat model (1.1 GB); use it with
# `--chat-model qwen2.5-coder-1.5b-instruct-q4_k_m.gguf`. Answers cite the evidence 1.4 to 2 times as often, and
# the first token takes about 2.5 times as long (BENCHMARKS.md).
chat-1.5b:
	PODBOT_BOOTSTRAP_SET=chat-1.5b bash scripts/bootstrap.sh

build: bootstrap
	swift build

release: bootstrap
	swift build -c release --product podbot

# The measurements (`podbot-bench`), a binary of their own so the shipped `podbot` carries none of them.
release-bench: release
	swift build -c release --product podbot-bench

# Debian's chromium (the server's browser tests take the screenshots in docs/) and wrk (make bench-server).
test-deps:
	bash scripts/install-test-deps.sh

lint:
	swift format lint --strict --recursive Package.swift Sources Tests

test: bootstrap-tests test-deps lint
	swift build --build-tests
	PODBOT_CORPUS="$(CORPUS)" bash scripts/run-tests.sh

demo: release
	PODBOT_CORPUS="$(CORPUS)" bash scripts/demo.sh

bench: release-bench
	PODBOT_CORPUS="$(CORPUS)" bash scripts/bench.sh

# The engine against llama.cpp's llama-bench (pp512/tg128) and llama-server's /v1/embeddings, same model and threads.
bench-engine: release-bench
	.build/release/podbot-bench engine --corpus "$(CORPUS)"

# Summaries and questions of one 73-minute episode with the default chat model, without and with the prompt cache.
bench-enrich: release-bench
	PODBOT_CORPUS="$(CORPUS)" bash scripts/bench_enrich.sh

# wrk against a release `podbot serve` on loopback: 30 s, 64 connections, no errors allowed.
bench-server: release test-deps
	PODBOT_CORPUS="$(CORPUS)" bash scripts/bench_server.sh

# A 500-item feed served on loopback: podbot's first and unchanged syncs against curl plus podbot import.
bench-feeds: release
	PODBOT_CORPUS="$(CORPUS)" bash scripts/bench_feeds.sh

# Is the server responsive while it imports? openapi.json latency, idle and during two 15 MB uploads.
bench-uploads: release test-deps
	PODBOT_CORPUS="$(CORPUS)" bash scripts/bench_uploads.sh

# Transcription: podbot against whisper.cpp's whisper-cli from the same source, same model, threads and clip.
bench-asr: release test-deps
	bash scripts/bench_asr.sh

clean:
	rm -rf .build .deps
