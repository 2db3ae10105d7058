#!/usr/bin/env python3
"""bench_evidence.py — one-character didChange → publishDiagnostics on the 3,600-line markdown log in a real git
repository, where every push also runs the evidence (core_evidence_diagnose): what a keystroke costs the server.

Usage: bench_evidence.py PROGRESS_LS BENCH_FLOOR [PROGRESS_LS...]   (more binaries: an older build beside it)

bench_server's loops open the log under /bench, a folder that does not exist, so they measure no evidence. Here the
log (bench_floor --doc 3600 markdown) is committed in a fresh git repository under /tmp with one untracked file
beside it; each binary runs ROUNDS alternating rounds of a fresh process, EDITS edits a round after WARMUP, the
one-character edit at line 1,800 as bench_server's. Prints the round trip's p50 and p99 (Python's own time in it)
and the server's CPU per edit (utime + stime from /proc across the edits). Prints figures; nothing passes or fails.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROUNDS, EDITS, WARMUP, LINE = 4, 300, 20, 1800


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class Server:
    def __init__(self, exe, env):
        self.proc = subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     bufsize=0, env=env)
        self.buf = bytearray()

    def send(self, obj):
        os.write(self.proc.stdin.fileno(), frame(obj))

    def read(self):
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                n = int(bytes(self.buf[:end]).split(b":")[1])
                if len(self.buf) >= end + 4 + n:
                    body = bytes(self.buf[end + 4:end + 4 + n])
                    del self.buf[:end + 4 + n]
                    return body
            chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
            if not chunk:
                raise SystemExit("bench_evidence: the server closed its output")
            self.buf += chunk

    def wait_for(self, needle):
        while needle not in self.read():
            pass

    def cpu(self):
        f = open("/proc/%d/stat" % self.proc.pid).read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        self.wait_for(b'"id":2')
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.proc.stdin.close()
        self.proc.wait()


def session(exe, root, text, env):
    s = Server(exe, env)
    uri = "file://" + root + "/progress.txt"
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
    s.wait_for(b'"id":1')
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "progresstxt", "version": 1, "text": text}}})
    s.wait_for(b"publishDiagnostics")
    times, cpu0 = [], 0.0
    for v in range(2, 2 + WARMUP + EDITS):
        if v == 2 + WARMUP:
            cpu0 = s.cpu()
        insert = v % 2 == 0
        change = {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"range": {
                "start": {"line": LINE, "character": 4}, "end": {"line": LINE, "character": 4 if insert else 5}},
                "text": "x" if insert else ""}]}}
        want = b'"version":%d,' % v
        t0 = time.perf_counter()
        s.send(change)
        while True:
            m = s.read()
            if m.startswith(b'{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics"') and want in m:
                break
        if v >= 2 + WARMUP:
            times.append(time.perf_counter() - t0)
    cpu = s.cpu() - cpu0
    s.stop()
    return times, cpu


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    floor, exes = sys.argv[2], [sys.argv[1]] + sys.argv[3:]
    text = subprocess.run([floor, "--doc", "3600", "markdown"], check=True, capture_output=True).stdout.decode()
    root = tempfile.mkdtemp(prefix="bench-evidence-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": root, "GIT_CONFIG_NOSYSTEM": "1"}
    try:
        open(os.path.join(root, "progress.txt"), "w").write(text)
        git = ["git", "-C", root, "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
        subprocess.run(git + ["init", "-q"], check=True, env=env)
        subprocess.run(git + ["add", "progress.txt"], check=True, env=env)
        subprocess.run(git + ["commit", "-qm", "the log"], check=True, env=env)
        open(os.path.join(root, "new.py"), "w").write("print(1)\n")
        samples = {e: ([], 0.0) for e in exes}
        for _ in range(ROUNDS):
            for e in exes:
                t, cpu = session(e, root, text, env)
                samples[e] = (samples[e][0] + t, samples[e][1] + cpu)
        print("| server | lines | edits | round trip p50 | round trip p99 | server CPU per edit |")
        print("|---|---|---|---|---|---|")
        for e in exes:
            t = sorted(samples[e][0])
            print("| %s | %d | %d | %.3f ms | %.3f ms | %.0f µs |" % (e, text.count("\n"), len(t), t[len(t) // 2] * 1e3,
                  t[min(len(t) - 1, len(t) * 99 // 100)] * 1e3, samples[e][1] / len(t) * 1e6))
    finally:
        shutil.rmtree(root, ignore_errors=True)


main()
