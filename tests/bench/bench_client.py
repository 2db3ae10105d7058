#!/usr/bin/env python3
"""bench_client.py — edit + documentSymbol as a Python client over pipes meets it, against the floor.

Usage: bench_client.py PROGRESS_LS BENCH_FLOOR [LINES...]   (default: 10000; `LINES:DIALECT` for a log, e.g. 3600:markdown)

The client is written the way Python LSP clients read a server (tests/lsp/lspclient.py, pygls' and
python-lsp-jsonrpc's readers): select on the pipe, os.read of up to 1 MiB into a bytearray, Content-Length frames cut
off its front. Each sample is one write of a one-character didChange and a documentSymbol request, timed to the last
byte of the answer (before any JSON is parsed); publishDiagnostics and anything else read meanwhile are skipped by
their first bytes. The floor (bench_floor: the same answer bytes, and the same publishDiagnostics bytes after each
read, prepared once) and progress-ls run in alternating rounds of a fresh process each, so both meet the same machine
load; the samples of all rounds are pooled. Prints a markdown table: p50 and p99 of both and their ratio. A program
that prints figures: nothing here passes or fails.
"""
import json
import os
import select
import subprocess
import sys
import time

ROUNDS, EDITS, WARMUP = 6, 100, 10
URI = "file:///bench/progress.txt"


class Client:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     bufsize=0)
        self.out = self.proc.stdout.fileno()
        self.buf = bytearray()

    def send(self, *bodies):
        data = b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(b), b) for b in bodies)
        while data:
            n = os.write(self.proc.stdin.fileno(), data)
            data = data[n:]

    def read_until(self, prefix):
        """Reads frames until one whose body starts with `prefix`; returns its length when its last byte is in."""
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                length = int(self.buf[16:end])  # after "Content-Length: "
                start = end + 4
                if len(self.buf) >= start + length:
                    hit = self.buf.startswith(prefix, start)
                    del self.buf[:start + length]
                    if hit:
                        return length
                    continue
            select.select([self.out], [], [])
            data = os.read(self.out, 1 << 20)
            if not data:
                raise EOFError("the server closed its output")
            self.buf += data

    def close(self):
        self.send(b'{"jsonrpc":"2.0","id":"bye","method":"shutdown"}')
        self.read_until(b'{"jsonrpc":"2.0","id":"bye",')
        self.send(b'{"jsonrpc":"2.0","method":"exit"}')
        self.proc.stdin.close()
        self.proc.wait()


def session(argv, text, lines, edits, version):
    """One fresh server: open the document, `edits` timed samples (after WARMUP); returns (seconds, answer bytes)."""
    c = Client(argv)
    c.send(b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,'
           b'"capabilities":{"general":{"positionEncodings":["utf-16"]}}}}')
    c.read_until(b'{"jsonrpc":"2.0","id":1,')
    c.send(b'{"jsonrpc":"2.0","method":"initialized","params":{}}')
    c.send(json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "progresstxt", "version": 1, "text": text}}}).encode())
    line = lines // 2
    times, size = [], 0
    for i in range(WARMUP + edits):
        version += 1
        insert = version % 2 == 0
        change = (b'{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s",'
                  b'"version":%d},"contentChanges":[{"range":{"start":{"line":%d,"character":4},"end":{"line":%d,'
                  b'"character":%d}},"text":"%s"}]}}') % (URI.encode(), version, line, line, 4 if insert else 5,
                                                           b"x" if insert else b"")
        request = (b'{"jsonrpc":"2.0","id":%d,"method":"textDocument/documentSymbol","params":{"textDocument":'
                   b'{"uri":"%s"}}}') % (version, URI.encode())
        t0 = time.perf_counter()
        c.send(change, request)
        size = c.read_until(b'{"jsonrpc":"2.0","id":%d,' % version)
        if i >= WARMUP:
            times.append(time.perf_counter() - t0)
    c.close()
    return times, size


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def main():
    server, floor = sys.argv[1], sys.argv[2]
    sizes = sys.argv[3:] or ["10000"]
    print("| document | answer | floor p50 | floor p99 | progress-ls p50 | progress-ls p99 | ratio p50 | ratio p99 |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in sizes:
        lines, _, dialect = spec.partition(":")
        lines = int(lines)
        text = subprocess.run([floor, "--doc", str(lines)] + ([dialect] if dialect else []), check=True,
                              capture_output=True).stdout.decode()
        got = {floor: [], server: []}
        size = {}
        for r in range(ROUNDS):
            for argv in (floor, server):
                t, size[argv] = session([argv], text, lines, EDITS, 1)
                got[argv] += t
        f50, f99 = pct(got[floor], 0.5) * 1e3, pct(got[floor], 0.99) * 1e3
        p50, p99 = pct(got[server], 0.5) * 1e3, pct(got[server], 0.99) * 1e3
        name = "%d-line %s" % (text.count("\n"), dialect or "template")
        print("| %s | %.2f MB | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.2f× | %.2f× |" % (
            name, size[server] / 1e6, f50, f99, p50, p99, p50 / f50, p99 / f99))


if __name__ == "__main__":
    main()
