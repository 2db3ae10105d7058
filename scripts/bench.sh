#!/bin/bash
# bench.sh — builds a Release tree and runs the benchmark programs, writing each one's table into
# docs/performance.md between its `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` markers.
# Usage: scripts/bench.sh [NAME...]   (default: every benchmark; names: core server floor client workspace workstate
# wsymbols peers hook agents) (markdown, evidence, memory; platforms: scripts/release.sh first, then sizes and start-up times:
# not in the default list)
# Never part of the pass/fail test run: the figures depend on the machine and its load.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh test
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPROGRESS_TESTS=ON >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"

# Replaces the block NAME in docs/performance.md with the text on stdin.
put() {
    python3 -c '
import re, sys
name, body = sys.argv[1], sys.stdin.read().rstrip("\n")
path = "docs/performance.md"
text = open(path).read()
pat = re.compile(r"(<!-- bench:%s -->\n).*?(<!-- /bench:%s -->)" % (name, name), re.S)
if not pat.search(text):
    sys.exit("bench.sh: no <!-- bench:%s --> block in %s" % (name, path))
open(path, "w").write(pat.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text))
' "$1"
}

run() {
    local name=$1
    shift
    echo "== $name: $*"
    local out load
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    out=$("$@")
    echo "$out"
    printf 'Machine: %s, load average %s at the start. Command: `scripts/bench.sh %s`.\n\n%s\n' "$machine" "$load" \
        "$name" "$out" | put "$name"
}

want=${*:-core server floor client workspace workstate wsymbols peers hook agents}
for name in $want; do
    case "$name" in
    core) run core build-bench/tests/bench_core ;;
    server) run server build-bench/tests/bench_server build-bench/progress-ls ;;
    floor) run floor build-bench/tests/bench_server build-bench/progress-ls floor ;;
    markdown) run markdown build-bench/tests/bench_server build-bench/progress-ls markdown ;;
    client) run client python3 tests/bench/bench_client.py build-bench/progress-ls build-bench/tests/bench_floor \
        10000 3600:markdown ;;
    evidence) run evidence python3 tests/bench/bench_evidence.py build-bench/progress-ls build-bench/tests/bench_floor ;;
    memory) run memory build-bench/tests/bench_server build-bench/progress-ls memory ;;
    workspace) run workspace build-bench/tests/bench_workspace build-bench/progress-ls ;;
    workstate) run workstate build-bench/tests/bench_workspace build-bench/progress-ls workstate ;;
    wsymbols) run wsymbols build-bench/tests/bench_wsymbols 100 ;;
    peers) run peers tests/bench/peers/run.sh build-bench/progress-ls ;;
    hook) run hook build-bench/tests/bench_hook build-bench/progress-ls ;;
    agents) run agents python3 tests/bench/bench_agents.py build-bench/progress-ls ;;
    platforms) scripts/release.sh >/dev/null && run platforms python3 tests/platforms/startup.py dist 20 ;;
    *) echo "bench.sh: unknown benchmark '$name'" >&2; exit 2 ;;
    esac
done
