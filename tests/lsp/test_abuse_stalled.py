"""test_abuse_stalled.py — the real binary with a client that stops reading (a hung editor) while it keeps
sending: the server's memory stays under its bound, it stays alive, and every request is answered once the
client reads again; a $/cancelRequest for a request still queued gets -32800; a 20 MB document's peak memory
stays within 3× its size (issue 12's goal)."""
import json
import os
import re
import select
import sys
import threading
import time

from lspclient import ServerTest, frame, main
from test_abuse_sizes import allocator_is_sanitizer

URI = "file:///tmp/abuse/stalled/progress.txt"
# What a stalled client may cost the server at most (docs/performance.md: 16 MB of queued output, the input
# queue's bound, one answer past the bound, the document and the process itself).
RSS_BOUND_KB = 200 * 1024


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s for process %d" % (key, pid))


def document(items):
    """A progress.txt with `items` lines of Files Modified, Interfaces Defined and Notes."""
    head = "=== Session State ===\nLast completed: stalled client\nNext task: read again\nBlockers: None\n\n"
    parts = [head, "=== Files Modified ===\n"]
    parts += ["src/module%d/file%d.py (create)\n" % (i % 97, i) for i in range(items // 3)]
    parts.append("\n=== Interfaces Defined ===\n")
    parts += ["handler_%d(request: Request, n: int) -> Response\n" % i for i in range(items // 3)]
    parts.append("\n=== Notes ===\n")
    parts += ["- Note %d about the design of handler_%d\n" % (i, i // 2) for i in range(items // 3)]
    return "".join(parts)


def symbol_request(id, pad=0):
    """A documentSymbol request; `pad` bytes of an unknown parameter make it as large as a client may."""
    params = {"textDocument": {"uri": URI}}
    if pad:
        params["workDoneToken"] = "p" * pad
    return frame({"jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol", "params": params})


class Stalled(ServerTest):
    def setUp(self):
        super().setUp()
        self.c.initialize()

    def send_in_background(self, data):
        """Writes `data` from a thread: once the server stops reading, the write blocks until it reads again."""
        writer = threading.Thread(target=self.c.send_raw, args=(data,), daemon=True)
        writer.start()
        return writer

    def watch_rss(self, seconds):
        """Samples the server's resident memory for `seconds` without reading its output; returns the largest."""
        peak = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.assertIsNone(self.c.proc.poll(), "the server exited while the client was not reading")
            peak = max(peak, status_kb(self.c.proc.pid, "VmRSS"))
            time.sleep(0.05)
        return peak

    def collect_answers(self, ids, timeout=120):
        """Reads until each of `ids` is answered; returns {id: response}. An id answered twice fails."""
        answers = {}
        deadline = time.monotonic() + timeout
        while len(answers) < len(ids):
            left = deadline - time.monotonic()
            self.assertGreater(left, 0, "%d of %d requests answered" % (len(answers), len(ids)))
            msg = self.c.take(lambda m: "method" not in m and m.get("id") in ids, timeout=left)
            self.assertNotIn(msg["id"], answers, "request %s answered twice" % msg["id"])
            answers[msg["id"]] = msg
        return answers

    def raw_answers(self, ids, timeout=120):
        """Reads until each of `ids` is answered; returns {id: the first 200 bytes of its body}. Bodies are not
        parsed (hundreds of megabytes would take this client minutes): every 100th is, in full, by json."""
        answers = {}
        buf = self.c.buf
        deadline = time.monotonic() + timeout
        while len(answers) < len(ids):
            end = buf.find(b"\r\n\r\n")
            length = int(buf[16:end]) if end > 0 else -1
            if end < 0 or len(buf) < end + 4 + length:
                left = deadline - time.monotonic()
                self.assertGreater(left, 0, "%d of %d requests answered" % (len(answers), len(ids)))
                ready, _, _ = select.select([self.c.proc.stdout], [], [], left)
                data = os.read(self.c.proc.stdout.fileno(), 1 << 20) if ready else b""
                self.assertTrue(data, "%d of %d requests answered, then nothing" % (len(answers), len(ids)))
                buf += data
                continue
            self.assertEqual(buf[:16], b"Content-Length: ")
            body = buf[end + 4:end + 4 + length]
            buf = buf[end + 4 + length:]
            m = re.match(rb'\{"jsonrpc":"2\.0","id":(\d+),', body)
            if not m or int(m.group(1)) not in ids:
                continue  # a notification, or an answer to something else
            id = int(m.group(1))
            self.assertNotIn(id, answers, "request %d answered twice" % id)
            self.assertTrue(body.endswith(b"]}"), "answer %d cut short" % id)
            if id % 100 == 0:
                self.assertEqual(json.loads(body)["result"][0]["name"], "Session State")
            answers[id] = body[:200]
        self.c.buf = buf
        return answers

    def test_a_client_that_stops_reading_keeps_the_server_bounded_and_everything_is_answered(self):
        self.c.open(URI, document(1300))
        self.c.diagnostics(URI)
        count = 3000
        ids = set(range(10000, 10000 + count))
        # 4 KB a request: 12 MB in all, more than the input queue and the pipe hold, so the writer must block.
        writer = self.send_in_background(b"".join(symbol_request(i, pad=4000) for i in sorted(ids)))
        # Unbounded, 3,000 answers of ~300 KB would be ~900 MB here within seconds.
        peak = self.watch_rss(6)
        print("stalled client: VmRSS peak %d kB while not reading (bound %d kB)" % (peak, RSS_BOUND_KB),
              file=sys.stderr)
        if not allocator_is_sanitizer():  # ASan's allocator keeps freed memory in quarantine
            self.assertLess(peak, RSS_BOUND_KB)
        self.assertTrue(writer.is_alive(), "the server read everything: backpressure never stopped its input")
        answers = self.raw_answers(ids)
        writer.join(30)
        self.assertFalse(writer.is_alive())
        for id, head in answers.items():
            self.assertIn(b'"result":[{"name":"Session State"', head, id)
        if not allocator_is_sanitizer():
            self.assertLess(status_kb(self.c.proc.pid, "VmHWM"), RSS_BOUND_KB)
        # And it serves on as before.
        (state, *_) = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertEqual(state["name"], "Session State")

    def test_answers_queued_for_a_stalled_client_outlive_the_edits_after_them(self):
        # Unchanged sections go into an answer by reference to the JSON the outline keeps; an edit replaces that
        # JSON while answers holding the old one still wait for the client. Each answer must read as its version.
        self.c.open(URI, document(3000))
        self.c.diagnostics(URI)
        line = 6 + 1000 + 2 + 1000 + 2 + 7  # the eighth note: head, files, interfaces, notes
        versions = range(2, 42)
        data = []
        for v in versions:
            change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}},
                      "text": "- Note written at version %d\n" % v}
            data.append(frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": URI, "version": v}, "contentChanges": [change]}}))
            data.append(symbol_request(v))
        writer = self.send_in_background(b"".join(data))
        time.sleep(1)  # not reading: the answers (~750 KB each) wait in the server
        answers = self.collect_answers(set(versions))
        writer.join(30)
        for v in versions:
            notes = answers[v]["result"][3]
            self.assertEqual(notes["name"], "Notes")
            self.assertEqual(notes["children"][7]["name"], "Note written at version %d" % v)
            self.assertEqual(len(notes["children"]), 1000)
            self.assertEqual(answers[v]["result"][1]["children"][999]["name"], "src/module29/file999.py")

    def test_cancel_answers_queued_requests_without_computing_them(self):
        self.c.open(URI, document(6000))
        self.c.diagnostics(URI)
        count = 40  # ~1.4 MB answers: 56 MB in all, far past what is written before the client reads
        ids = list(range(500, 500 + count))
        self.c.send_raw(b"".join(symbol_request(i) for i in ids))
        time.sleep(1)  # the server answers until its output bound, then waits
        cancels = b"".join(frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": i}})
                           for i in ids)
        self.c.send_raw(cancels)
        time.sleep(0.5)
        answers = self.collect_answers(set(ids))
        kinds = ["cancelled" if answers[i].get("error", {}).get("code") == -32800 else "result" for i in ids]
        for i in ids:
            if kinds[i - 500] == "result":
                self.assertIsInstance(answers[i]["result"], list, i)
                self.assertEqual(answers[i]["result"][0]["name"], "Session State")
        first = kinds.index("cancelled") if "cancelled" in kinds else count
        print("cancel: %d of %d requests answered before the cancels, %d cancelled while queued"
              % (first, count, count - first), file=sys.stderr)
        # Requests are handled in order: the computed ones come first, every one after them was still queued.
        self.assertEqual(kinds, ["result"] * first + ["cancelled"] * (count - first))
        self.assertLess(first, count, "no queued request was cancelled")
        self.assertGreater(first, 0)
        # Cancelling what is already answered, or was never sent, changes nothing.
        self.c.notify("$/cancelRequest", {"id": 500})
        self.c.notify("$/cancelRequest", {"id": "never"})
        (state, *_) = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertEqual(state["name"], "Session State")

    def test_input_read_after_the_client_closes_its_end_is_still_answered(self):
        self.c.open(URI, document(6000))
        self.c.diagnostics(URI)
        ids = set(range(700, 730))
        self.c.send_raw(b"".join(symbol_request(i) for i in sorted(ids)))
        self.c.send_raw(frame({"jsonrpc": "2.0", "id": 999, "method": "shutdown"}))
        self.c.close_stdin()
        answers = self.collect_answers(ids | {999})
        self.assertTrue(all("result" in a for a in answers.values()))
        self.assertEqual(self.c.wait_exit(), 0)

    def test_a_20_mb_document_peak(self):
        text = document(520000)
        size_kb = len(text.encode()) // 1024
        self.assertGreater(size_kb, 20 * 1000)
        self.c.open(URI, text)
        self.c.diagnostics(URI, timeout=60)
        last = text.count("\n") - 1
        self.c.change(URI, 2, [{"range": {"start": {"line": last, "character": 0},
                                          "end": {"line": last, "character": 0}}, "text": "- typed\n"}])
        self.c.diagnostics(URI, timeout=60)
        hover = self.c.call("textDocument/hover",
                            {"textDocument": {"uri": URI}, "position": {"line": 3, "character": 3}}, timeout=60)
        self.assertTrue(hover is None or "contents" in hover)
        peak = status_kb(self.c.proc.pid, "VmHWM")
        print("20 MB document: %d kB of text, VmHWM %d kB (%.2f× its size)" % (size_kb, peak, peak / size_kb),
              file=sys.stderr)
        # Issue 12's goal: at most 3× the text (~2.2× measured: the message and the text decoded apart from it,
        # then the document built in that text — docs/performance.md, "Memory per line"). Jansson reading the text
        # itself, or the document built beside a copy, would each take it past 3×.
        if not allocator_is_sanitizer():
            self.assertLess(peak, 3 * size_kb)


if __name__ == "__main__":
    main()
