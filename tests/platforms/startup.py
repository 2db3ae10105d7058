"""startup.py — the release artefacts' sizes and each binary's start-up time, as docs/performance.md shows them
(`scripts/bench.sh platforms`, after `scripts/release.sh`): `--version` and `check` of one corpus file, run N times
each, natively (linux-x64), under qemu-user (linux-arm64) and under wine64 (win32-x64), the median and the
fastest. Usage: python3 tests/platforms/startup.py DIST [N]. Prints a markdown table; never a pass or fail.
"""
import os
import statistics
import subprocess
import sys
import time

dist = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "..", "corpus")
env = dict(os.environ, WINEDEBUG="-all",
           WINEPREFIX=os.environ.get("WINEPREFIX", "/tmp/progress-ls-wineprefix"))

print("| artefact | bytes |")
print("| --- | ---: |")
for name in sorted(os.listdir(dist)):
    path = os.path.join(dist, name)
    if os.path.isfile(path):
        print("| `%s` | %s |" % (name, format(os.path.getsize(path), ",")))
print()

binaries = [
    ("linux-x64", "native", [os.path.join(dist, "progress-ls-linux-x64")]),
    ("linux-arm64", "qemu-aarch64-static", ["/usr/bin/qemu-aarch64-static", os.path.join(dist, "progress-ls-linux-arm64")]),
    ("win32-x64", "wine64", ["/usr/lib/wine/wine64", os.path.join(dist, "progress-ls-win32-x64.exe")]),
]
print("Start-up, %d runs each (median / fastest, ms):" % runs)
print()
print("| binary | runs under | `--version` | `check example.txt` |")
print("| --- | --- | ---: | ---: |")
for target, how, cmd in binaries:
    cells = []
    for args in (["--version"], ["check", "example.txt"]):
        subprocess.run(cmd + args, cwd=corpus, env=env, capture_output=True)  # warm: wine starts its server once
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(cmd + args, cwd=corpus, env=env, capture_output=True)
            times.append((time.perf_counter() - t0) * 1000)
        cells.append("%.1f / %.1f" % (statistics.median(times), min(times)))
    print("| %s | %s | %s | %s |" % (target, how, cells[0], cells[1]))
