"""test_dialects.py — every file of tests/corpus/dialects through the real binary: `check` exits 0 on every valid file
of every dialect with no error or warning, 1 where the file holds an error (a merge conflict); the JSON names each
finding's dialect; `fmt` leaves every log exactly as written and is idempotent on the template files; the outline and
the hover on the first line through the server."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lsp"))
from checkrun import BIN, CORPUS, run_check, main  # noqa: E402
from lspclient import LspClient  # noqa: E402

DIALECTS = os.path.join(CORPUS, "dialects")
FILES = sorted(glob.glob(os.path.join(DIALECTS, "*.txt")))
# Files whose findings are the point: anything else in the folder is a valid file of its dialect.
WITH_ERRORS = {"template-conflict.txt", "markdown-conflict.txt"}
WITH_WARNINGS = {"markdown-duplicates.txt", "markdown-stub.txt"}


def expected_dialect(path):
    with open(path[:-4] + ".expected", encoding="utf-8") as f:
        for line in f:
            if line.startswith("dialect "):
                return line.split()[1]
    raise AssertionError("no dialect line in the .expected of " + path)


class Dialects(unittest.TestCase):
    def test_corpus_size(self):
        self.assertGreaterEqual(len(FILES), 40)
        for d in ("template", "markdown", "ralph", "plain"):
            self.assertTrue(any(expected_dialect(f) == d for f in FILES), d)
        long_ones = [f for f in FILES if sum(1 for _ in open(f, "rb")) > 1000]
        self.assertGreaterEqual(len(long_ones), 3)

    def test_check_exit_codes_and_severities(self):
        tmp = tempfile.mkdtemp(prefix="dialects-check-")
        self.addCleanup(shutil.rmtree, tmp)
        for path in FILES:
            name = os.path.basename(path)
            with self.subTest(file=name):
                # under a progress file's name, as agents write them (an empty or prose one is then only a hint)
                copy = os.path.join(tmp, name[:-4] + "-progress.txt")
                shutil.copyfile(path, copy)
                rc, out, err = run_check("--output-format", "json", copy)
                findings = json.loads(out)
                severities = {f["severity"] for f in findings}
                if name in WITH_ERRORS:
                    self.assertEqual(rc, 1, out)
                    self.assertIn("merge-conflict", {f["code"] for f in findings})
                else:
                    self.assertEqual(rc, 0, out + err)
                    self.assertNotIn("error", severities)
                if name not in WITH_ERRORS | WITH_WARNINGS:
                    self.assertNotIn("warning", severities, out)
                for f in findings:
                    self.assertEqual(f["dialect"], expected_dialect(path))

    def test_fmt_lossless_in_every_dialect(self):
        tmp = tempfile.mkdtemp(prefix="dialects-fmt-")
        try:
            for path in FILES:
                name = os.path.basename(path)
                if name in WITH_ERRORS:
                    continue
                with self.subTest(file=name):
                    copy = os.path.join(tmp, "progress.txt")
                    shutil.copyfile(path, copy)
                    before = open(path, "rb").read()
                    p = subprocess.run([BIN, "fmt", copy], capture_output=True, timeout=60)
                    self.assertIn(p.returncode, (0, 1), p.stderr)
                    once = open(copy, "rb").read()
                    if expected_dialect(path) != "template":
                        self.assertEqual(once, before, "fmt changed a log")
                    else:
                        self.assertTrue(once.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf"))
                    subprocess.run([BIN, "fmt", copy], capture_output=True, timeout=60)
                    self.assertEqual(open(copy, "rb").read(), once, "fmt is not idempotent")
        finally:
            shutil.rmtree(tmp)

    def test_outline_and_hover_through_the_server(self):
        c = LspClient()
        try:
            c.initialize()
            for name, first_kind in (("markdown-sessions.txt", 2), ("plain-iterations.txt", 24),
                                     ("ralph-basic.txt", 2)):
                with self.subTest(file=name):
                    uri = "file:///tmp/dialects/%s/progress.txt" % name
                    text = open(os.path.join(DIALECTS, name), encoding="utf-8").read()
                    c.open(uri, text)
                    symbols = c.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
                    self.assertEqual(symbols[0]["kind"], first_kind)
                    flat, stack = [], list(symbols)
                    while stack:
                        s = stack.pop()
                        flat.append(s)
                        stack.extend(s.get("children", []))
                    self.assertEqual(sum(1 for s in flat if s.get("detail") == "newest entry"), 1)
                    hover = c.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                          "position": {"line": 0, "character": 0}})
                    self.assertIn("Read as a", hover["contents"]["value"])
        finally:
            c.close_stdin()
            c.wait_exit()


if __name__ == "__main__":
    main("test_dialects")
