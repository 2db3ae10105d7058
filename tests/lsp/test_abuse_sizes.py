"""test_abuse_sizes.py — the real binary under sizes no editor should send: a 100,000-character line, a 50 MB
document, 10,000 open documents, 100,000 pipelined requests. It answers each, keeps serving, and its memory
returns near its baseline once the documents are closed."""
import functools
import sys
import threading

from lspclient import ServerTest, binary, frame, main, rng

URI = "file:///tmp/abuse/progress.txt"
# Resident memory allowed after the documents are closed: half the baseline again plus 8 MB of pages the
# allocator may keep.
def rss_limit_kb(baseline):
    return baseline * 3 // 2 + 8 * 1024


@functools.lru_cache(None)
def allocator_is_sanitizer():
    """ASan's allocator holds freed memory in quarantine, so resident memory says nothing about leaks there."""
    with open(binary(), "rb") as f:
        return b"__asan_init" in f.read()


def assert_memory_back(test, what, after, baseline, peak):
    print("%s: VmRSS %d kB before opening, %d kB at the peak, %d kB after closing (limit %d kB)"
          % (what, baseline, peak, after, rss_limit_kb(baseline)), file=sys.stderr)
    if allocator_is_sanitizer():
        return
    test.assertLess(after, rss_limit_kb(baseline),
                    "%s: RSS %d kB after closing, %d kB before opening, %d kB at the peak" % (what, after, baseline, peak))


def rss_kb(pid):
    """The resident set of process `pid`, in kB, from /proc."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for process %d" % pid)


def notes(count, width=60):
    """A progress.txt with `count` distinct Notes items, each about `width` characters."""
    head = "=== Session State ===\nLast completed: abuse\nNext task: more\nBlockers: None\n\n=== Notes ===\n"
    return head + "".join("- note %08d %s\n" % (i, "x" * (width - 16)) for i in range(count))


class Sizes(ServerTest):
    def setUp(self):
        super().setUp()
        self.c.initialize()

    def alive(self):
        """The server still answers a request about a fresh small document."""
        self.c.open("file:///tmp/abuse/alive.progress.txt", "=== Notes ===\n- still here\n")
        symbols = self.c.call("textDocument/documentSymbol",
                              {"textDocument": {"uri": "file:///tmp/abuse/alive.progress.txt"}})
        self.assertEqual(symbols[0]["name"], "Notes")
        self.c.notify("textDocument/didClose", {"textDocument": {"uri": "file:///tmp/abuse/alive.progress.txt"}})

    def test_a_100000_character_line_is_served(self):
        long_item = "- " + "word " * 20000
        self.c.open(URI, "=== Notes ===\n" + long_item + "\n- short\n")
        self.c.diagnostics(URI)
        symbols = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertEqual(len(symbols[0]["children"]), 2)
        for character in (0, 50000, 99999, 100002):
            self.c.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 1, "character": character}})
            self.c.call("textDocument/completion",
                        {"textDocument": {"uri": URI}, "position": {"line": 1, "character": character}})
        self.c.change(URI, 2, [{"range": rng(1, 100000, 1, 100000), "text": "end"}])
        diags = self.c.diagnostics(URI)
        self.assertIn("diagnostics", diags)
        self.alive()

    def test_a_50_mb_document_is_served_and_its_memory_given_back(self):
        self.alive()
        baseline = rss_kb(self.c.proc.pid)
        text = notes(830000)
        self.assertGreater(len(text), 50 * 1000 * 1000)
        self.c.open(URI, text)
        self.c.diagnostics(URI, timeout=60)
        last = text.count("\n") - 1
        hover = self.c.call("textDocument/hover",
                            {"textDocument": {"uri": URI}, "position": {"line": last, "character": 3}}, timeout=60)
        self.assertTrue(hover is None or "contents" in hover)
        self.c.change(URI, 2, [{"range": rng(last, 0, last, 0), "text": "- typed\n"}])
        self.c.diagnostics(URI, timeout=60)
        peak = rss_kb(self.c.proc.pid)
        self.c.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        self.c.diagnostics(URI, timeout=60)
        self.alive()
        assert_memory_back(self, "50 MB document", rss_kb(self.c.proc.pid), baseline, peak)

    def test_10000_open_documents_are_served_and_their_memory_given_back(self):
        self.alive()
        baseline = rss_kb(self.c.proc.pid)
        text = notes(20)
        uris = ["file:///tmp/abuse/many/%05d.progress.txt" % i for i in range(10000)]
        for i, uri in enumerate(uris):
            self.c.open(uri, text)
            if i % 500 == 499:
                self.c.drain(quiet=0.01)
        for uri in uris[::997]:
            symbols = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}}, timeout=30)
            self.assertEqual(len(symbols), 2)
        peak = rss_kb(self.c.proc.pid)
        for i, uri in enumerate(uris):
            self.c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            if i % 500 == 499:
                self.c.drain(quiet=0.01)
        self.alive()
        self.c.messages.clear()
        assert_memory_back(self, "10,000 documents", rss_kb(self.c.proc.pid), baseline, peak)

    def test_100000_pipelined_requests_are_all_answered(self):
        self.c.open(URI, notes(50))
        self.c.diagnostics(URI)
        count = 100000
        burst = b"".join(frame({"jsonrpc": "2.0", "id": 1000 + i, "method": "textDocument/hover",
                                "params": {"textDocument": {"uri": URI},
                                           "position": {"line": 5 + i % 50, "character": 4}}})
                         for i in range(count))
        # Written from a second thread: the server answers while it reads, and nobody may block the other.
        writer = threading.Thread(target=self.c.send_raw, args=(burst,))
        writer.start()
        seen = set()
        while len(seen) < count:
            msg = self.c.take(lambda m: "method" not in m and isinstance(m.get("id"), int) and m["id"] >= 1000,
                              timeout=60)
            self.assertNotIn("error", msg)
            seen.add(msg["id"])
        writer.join()
        self.assertEqual(seen, set(range(1000, 1000 + count)))
        self.alive()


if __name__ == "__main__":
    main()
