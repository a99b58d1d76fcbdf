#!/usr/bin/env bash
# Debian packages the server tests and load test need: a headless Chromium (page tests, screenshots) and wrk; and
# what the transcription tests make their speech with: espeak-ng (speech to WAV), sox (resampling, silence), lame (MP3).
# Idempotent: installs only what is missing, so a second run takes a moment.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v sox >/dev/null 2>&1 || missing+=(sox)
command -v lame >/dev/null 2>&1 || missing+=(lame)
if ((${#missing[@]} == 0)); then exit 0; fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "[install-test-deps] not Debian: install ${missing[*]} yourself, or set PODBOT_SKIP_BROWSER=1" >&2
    exit 0
fi
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "[install-test-deps] installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
