#!/usr/bin/env python3
"""figures.py — the figures of docs/performance.md's "Hostile repositories" section, printed (never asserted):
peak git processes and server threads while 200 progress files open at once, time to exit with a git that ignores
SIGTERM, and `check`'s peak memory on /dev/zero and on a 10 GB sparse file (GNU time's maximum resident set).

    PROGRESS_LS=build/progress-ls python3 tests/security/figures.py
"""
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lsp"))
from lspclient import LspClient, file_uri, initialize_workspace  # noqa: E402
from hostile import BIN, CLEAN_PATH, GIT, Hostile, git  # noqa: E402


def children(pid, comm="git"):
    """The processes named `comm` below `pid` (any depth) and `pid`'s thread count."""
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/stat" % p) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                with open("/proc/%s/comm" % p) as f:
                    kids[int(p)] = (int(fields[1]), f.read().strip())
            except OSError:
                pass
    below, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, (ppid, _) in kids.items() if ppid in frontier} - below
        below |= frontier
    gits = sum(1 for p in below if kids[p][1] == comm)
    try:
        with open("/proc/%d/status" % pid) as f:
            threads = int(re.search(r"Threads:\s+(\d+)", f.read()).group(1))
    except OSError:
        threads = 0
    return gits, threads


def two_hundred_files():
    h = Hostile()
    with open(os.path.join(h.root, "progress.txt")) as f:
        text = f.read()
    for i in range(200):
        os.makedirs(os.path.join(h.root, "w%03d" % i))
        with open(os.path.join(h.root, "w%03d" % i, "progress.txt"), "w") as f:
            f.write(text)
    git(h.root, "add", "-A")
    git(h.root, "commit", "-qm", "200")
    c = LspClient(env=dict(os.environ, PATH=CLEAN_PATH))
    initialize_workspace(c, [h.root])
    for i in range(200):
        c.open(file_uri(os.path.join(h.root, "w%03d" % i, "progress.txt")), text)
    peak_git = peak_threads = 0
    quiet_since, start = None, time.monotonic()
    while time.monotonic() - start < 300:
        gits, threads = children(c.proc.pid)
        peak_git, peak_threads = max(peak_git, gits), max(peak_threads, threads)
        quiet_since = (quiet_since or time.monotonic()) if gits == 0 else None
        if quiet_since and time.monotonic() - quiet_since > 5:
            break
        c.drain(0.01)
    took = time.monotonic() - start - 5
    c.shutdown_and_exit()
    h.remove()
    print("200 progress files opened at once: peak %d git processes, peak %d server threads, git quiet after %.1f s"
          % (peak_git, peak_threads, took))


def stuck_git_exit():
    h = Hostile()
    bindir = os.path.join(h.top, "gitbin")
    os.makedirs(bindir)
    with open(os.path.join(bindir, "git"), "w") as f:
        f.write("#!/bin/sh\ncase \" $* \" in *\" status \"*) trap '' TERM; exec sleep 3600;; esac\nexec %s \"$@\"\n"
                % GIT)
    os.chmod(os.path.join(bindir, "git"), 0o755)
    c = LspClient(env=dict(os.environ, PATH=bindir + ":" + CLEAN_PATH))
    initialize_workspace(c, [h.root])
    path = os.path.join(h.root, "progress.txt")
    with open(path) as f:
        c.open(file_uri(path), f.read())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and children(c.proc.pid, "sleep")[0] == 0:  # `git status` is stuck
        c.drain(0.05)
    start = time.monotonic()
    c.call("shutdown")
    c.notify("exit")
    c.wait_exit(timeout=30)
    print("exit with a git that ignores SIGTERM: %.2f s from `exit` to the process gone" % (time.monotonic() - start))
    h.remove()


def check_memory():
    h = Hostile()
    os.unlink(os.path.join(h.root, "progress.txt"))
    os.symlink("/dev/zero", os.path.join(h.root, "progress.txt"))
    with open(os.path.join(h.root, "claude-progress.txt"), "wb") as f:
        f.truncate(10 << 30)
    for name, what in (("progress.txt", "/dev/zero (a link)"), ("claude-progress.txt", "a 10 GB sparse file")):
        p = subprocess.run(["/usr/bin/time", "-v", BIN, "check", name], cwd=h.root, capture_output=True, text=True)
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)
        wall = re.search(r"Elapsed \(wall clock\) time .*: (\S+)", p.stderr).group(1)
        print("check on %s: exit %d, %s kB maximum resident, %s wall" % (what, p.returncode, rss, wall))
    h.remove()


if __name__ == "__main__":
    os.environ.setdefault("PROGRESS_LS", BIN)
    check_memory()
    stuck_git_exit()
    two_hundred_files()
