#!/bin/sh
# tests/bench/peers/run.sh — builds progress-ls (Release), installs the npm peers, measures all three side by side
# and writes the table into docs/performance.md. Extra arguments go to bench.mjs (e.g. --iterations 100).
# Set PROGRESS_LS to measure an existing binary instead of building one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

if [ ! -d "$here/node_modules/vscode-markdown-languageserver" ] || [ ! -d "$here/node_modules/yaml-language-server" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -z "${PROGRESS_LS:-}" ]; then
    build="$root/build-bench"
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPROGRESS_TESTS=OFF >/dev/null
    cmake --build "$build" -j2 --target progress-ls >/dev/null
    PROGRESS_LS="$build/progress-ls"
fi

exec node "$here/bench.mjs" --progress-ls "$PROGRESS_LS" --write "$root/docs/performance.md" "$@"
