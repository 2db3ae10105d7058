#!/bin/sh
# run.sh — the agents' end-to-end tests: the real Claude Code CLI (tests/agents/node_modules, installed by
# scripts/deps.sh test) driven offline by a scripted model, in temporary git repositories set up by
# `progress-ls setup claude`. Usage: tests/agents/run.sh [PROGRESS_LS binary]   (default: build-test/progress-ls)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
PROGRESS_LS="${1:-${PROGRESS_LS:-$here/../../build-test/progress-ls}}"
export PROGRESS_LS
if [ ! -x "$here/node_modules/.bin/claude" ]; then
    echo "agents: skipped: Claude Code is not installed in tests/agents/node_modules (npm ci there failed or was not run)"
    exit 0
fi
exec python3 "$here/test_claude.py"
