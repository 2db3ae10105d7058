#!/bin/sh
# tests/bench/peers/run.sh — measures progress-ls side by side with the npm peers and prints the table.
# Usage: tests/bench/peers/run.sh PROGRESS_LS_BINARY [bench.mjs options, e.g. --iterations 100]
# scripts/bench.sh peers builds a Release binary, runs this and puts the table into docs/performance.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 PROGRESS_LS_BINARY [options]" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift

if [ ! -d "$here/node_modules/vscode-markdown-languageserver" ] || [ ! -d "$here/node_modules/yaml-language-server" ] ||
    [ ! -x "$here/node_modules/@rumdl/cli-linux-x64/rumdl" ]; then
    # npm install, not npm ci: the lock holds rumdl's linux-x64 binary package only (the registry this machine
    # reaches serves no other platform's), and npm 11's ci refuses a lock without every optional platform package.
    (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
exec node "$here/bench.mjs" --progress-ls "$bin" "$@"
