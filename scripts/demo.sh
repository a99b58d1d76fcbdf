#!/usr/bin/env bash
# The demo behind `make demo`: a fresh library from the reference corpus, then the things a person does
# with it. Everything runs locally on the bundled defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${PODBOT_CORPUS:-../shared/corpus}"
podbot=".build/release/podbot"
export PODBOT_LIBRARY="${PODBOT_DEMO_LIBRARY:-$(mktemp -d)/library.sqlite}"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*" >&2; "$@"; }

step "$podbot" import --meta demo/corpus-meta.json "$corpus"/*.txt
step "$podbot" list
step "$podbot" search "Commodore 64 musical scales" --limit 3
step "$podbot" search "Swift for TensorFlow" --speaker jeremy --limit 3
# The whole episode is long: show its first lines (through a file, so `head` closing early is no failure).
shown="$(mktemp)"
step "$podbot" show "Jeremy Howard —" >"$shown"
head -40 "$shown"
rm -f "$shown"
step "$podbot" index
step "$podbot" ask "Why did Jeremy leave Enlitic to start fast.ai?" --k 6
step "$podbot" ask "What has Jeremy said about Swift?" --k 6
printf '\nThe demo library is %s\n' "$PODBOT_LIBRARY" >&2
