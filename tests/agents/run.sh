#!/bin/sh
# run.sh — the agents' end-to-end tests: the real Claude Code and Codex CLIs (tests/agents/node_modules, installed
# by scripts/deps.sh test) driven offline by a scripted model, in temporary git repositories set up by
# `progress-ls setup`. Usage: tests/agents/run.sh [PROGRESS_LS binary]   (default: build-test/progress-ls)
set -u
here="$(cd "$(dirname "$0")" && pwd)"
PROGRESS_LS="${1:-${PROGRESS_LS:-$here/../../build-test/progress-ls}}"
export PROGRESS_LS
status=0
for agent in claude codex; do
    if [ ! -x "$here/node_modules/.bin/$agent" ]; then
        echo "agents: $agent skipped: it is not installed in tests/agents/node_modules (npm ci there failed or was not run)"
        continue
    fi
    python3 "$here/test_$agent.py" || status=1
done
exit $status
