#!/usr/bin/env bash
# Runs the test suite (arguments go to `swift test`). When it fails, the failure lines are repeated at the very end
# of the output: a CI log that keeps only its tail then still says which test failed and why.
set -uo pipefail
# SwiftPM finds llama.cpp and whisper.cpp through the bootstrap's pkg-config file (the Makefile sets this too).
export PKG_CONFIG_PATH="$(cd "$(dirname "$0")/.." && pwd)/.deps/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Tests run concurrently and several hold llama.cpp contexts: passive OpenMP waits keep idle threads off the cores.
OMP_WAIT_POLICY=PASSIVE swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo
    echo "=== swift test exited with $status; its failures, repeated from above ==="
    grep -E "✘|error:" "$log" | grep -v "^✘ Test run with" | tail -n 60
fi
exit "$status"
