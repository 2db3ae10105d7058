#!/bin/bash
# test.sh — the whole test suite, as CI runs it: build with -Werror and run ctest, then the same under
# ASan+UBSan, the server tests under valgrind, the install and the .deb, each fuzzer for a bounded time, the real
# coding agents and the real editors, and the release targets (arm64 under qemu-user, Windows under wine64).
# Installs what is missing first. Exit status 0 only when every stage passed.
set -u
cd "$(dirname "$0")/.."
scripts/deps.sh test editors platforms

jobs=$(nproc)
passed=0
failed=0
failures=""

# Each stage's output is also kept, so that the end of the run can repeat what failed: CI shows the last lines.
stage_logs=$(mktemp -d)
trap 'rm -rf "$stage_logs"' EXIT
stage() {
    local name=$1
    shift
    echo
    echo "=== stage: $name"
    local t0=$SECONDS
    "$@" 2>&1 | tee "$stage_logs/$name"
    if [ "${PIPESTATUS[0]}" -eq 0 ]; then
        passed=$((passed + 1))
        echo "=== stage $name: ok ($((SECONDS - t0)) s)"
    else
        failed=$((failed + 1))
        failures="$failures $name"
        echo "=== stage $name: FAILED ($((SECONDS - t0)) s)"
    fi
}

build_and_ctest() {
    local dir=$1
    shift
    cmake -S . -B "$dir" -DPROGRESS_WERROR=ON "$@" >/dev/null &&
        cmake --build "$dir" -j"$jobs" >/dev/null &&
        (cd "$dir" && ctest -j"$jobs" --output-on-failure --timeout 300)
}

# The server-level tests once more with every server process under valgrind's memcheck: no invalid access, no
# definite or indirect leak. The abuse tests are left out here (valgrind makes a 50 MB document take minutes);
# they run natively and under ASan above.
valgrind_server_tests() {
    local logs
    logs=$(mktemp -d)
    local status=0 count=0
    for t in tests/lsp/test_*.py; do
        case "$t" in */test_abuse*) continue ;; esac
        count=$((count + 1))
        PROGRESS_LS="$PWD/scripts/valgrind-wrap.sh" PROGRESS_LS_REAL="$PWD/build-test/progress-ls" \
            PROGRESS_VALGRIND_LOGS="$logs" CORPUS_DIR="$PWD/tests/corpus" \
            python3 "$t" >"$logs/$(basename "$t").out" 2>&1 || {
            echo "valgrind: $t failed:"
            tail -30 "$logs/$(basename "$t").out"
            status=1
        }
    done
    local dirty
    dirty=$(find "$logs" -name 'valgrind.*.log' -size +0)
    for f in $dirty; do
        echo "valgrind: $f:"
        cat "$f"
        status=1
    done
    echo "valgrind: $count test files, $(find "$logs" -name 'valgrind.*.log' | wc -l) server processes," \
        "$(echo "$dirty" | grep -c . || true) with findings"
    rm -rf "$logs"
    return $status
}

stage unit-and-server build_and_ctest build-test
stage sanitizers build_and_ctest build-asan -DPROGRESS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
stage valgrind valgrind_server_tests
# What a user installs: cmake --install into a temporary prefix, and the .deb (cpack) through dpkg -i / dpkg -r.
stage packaging scripts/test-packaging.sh build-pkg
# Each libFuzzer target for 60 s under ASan+UBSan from its seeds; any finding fails the stage.
stage fuzz tests/fuzz/run.sh 60
# The real Claude Code CLI driven offline by a scripted model on 127.0.0.1 in a private network namespace:
# the hooks, the Stop hook, the plugin and the MCP server as an agent meets them (tests/agents/).
stage agents tests/agents/run.sh "$PWD/build-test/progress-ls"
# The integrations in the real editors (Neovim, Emacs, VS Code as code-server in headless Chromium) and Helix's
# languages.toml; screenshots land in build-test/editors-artifacts/.
stage editors env PROGRESS_LS="$PWD/build-test/progress-ls" EDITORS_ARTIFACTS="$PWD/build-test/editors-artifacts" \
    tests/editors/run.sh
# The release artefacts (scripts/release.sh into dist/): linux-arm64 under qemu-user (the LSP tests, check as on
# x64), win32-x64 under wine64, no dynamic dependency, each .vsix's binary, npm installed offline (tests/platforms/).
stage platforms tests/platforms/run.sh

echo
for name in $failures; do
    echo "--- what failed in $name (its first 15 lines that say FAIL or Failed)"
    grep -E 'FAIL|Failed|failed:' "$stage_logs/$name" | head -15
done
[ -z "$failures" ] || echo "failed stages:$failures"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
