#!/bin/bash
# tests/fuzz/run.sh — builds the libFuzzer targets with ASan+UBSan and runs each for a bounded time.
# Usage: tests/fuzz/run.sh SECONDS [TARGET...]   (targets: fuzz_core fuzz_edits fuzz_server fuzz_format; default all)
# Each target starts from its checked-in seeds (tests/fuzz/corpus/<name without fuzz_>/), which include every
# input that once crashed it; new inputs go to a scratch folder, crashes to tests/fuzz/artifacts/. Prints the run
# count of each target; exits non-zero on any finding (crash, leak, undefined behaviour, timeout, out of memory).
# The mutation seed is fixed (PROGRESS_FUZZ_SEED, default 1) so that a CI run repeats what a developer ran: a bounded
# run is a regression check, not the exploration; explore with PROGRESS_FUZZ_SEED=0 (random) and long times.
set -u
cd "$(dirname "$0")/../.."
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
targets=${*:-fuzz_core fuzz_edits fuzz_server fuzz_format}
build=${PROGRESS_FUZZ_BUILD:-build-fuzz}
seed=${PROGRESS_FUZZ_SEED:-1}

CC=clang cmake -S . -B "$build" -DPROGRESS_FUZZ=ON -DPROGRESS_SANITIZE=ON -DPROGRESS_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build "$build" -j"$(nproc)" --target $targets >/dev/null || exit 1

mkdir -p tests/fuzz/artifacts
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for t in $targets; do
    seeds="tests/fuzz/corpus/${t#fuzz_}"
    mkdir -p "$scratch/$t"
    log="$scratch/$t.log"
    "$build/tests/fuzz/$t" "$scratch/$t" "$seeds" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -seed="$seed" -print_final_stats=1 -artifact_prefix="tests/fuzz/artifacts/$t-" >"$log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        echo "$t: ${runs:-?} runs in $seconds s (seed $seed), ${cov:-cov: ?}, no finding"
    else
        status=1
        echo "$t: FINDING after ${runs:-?} runs (exit $rc); reproducer in tests/fuzz/artifacts/:"
        grep -A40 -m1 -E '^==[0-9]+==ERROR|runtime error|fuzz invariant broken|ERROR: libFuzzer' "$log" | head -60
    fi
done
exit $status
