"""test_content.py — hostile content in a progress file (issue 20, item 6), through the real binary: a UTF-8 byte order
mark is read as nothing and kept by fmt; git conflict markers are never items or paths, each unresolved conflict is
one merge-conflict error, and the outline shows both sides."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "check"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lsp"))
from checkrun import BIN, run_check, main  # noqa: E402
from lspclient import LspClient  # noqa: E402

TEMPLATE = ("=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
            "Complexity level: Small\n\n=== Files Modified ===\nsrc/a.py\n")
CONFLICT = ("=== Session State ===\nLast completed: a\n<<<<<<< HEAD\nNext task: filters\n=======\n"
            "Next task: pagination\n>>>>>>> feature\nBlockers: None\nCurrent phase: 1 of 2\nComplexity level: Small\n\n"
            "=== Files Modified ===\n<<<<<<< HEAD\nweb/Filters.tsx\n=======\nweb/Pager.tsx\n>>>>>>> feature\n\n"
            "=== Files To Modify ===\n=======\n")


def write(tmp, data):
    path = os.path.join(tmp, "progress.txt")
    with open(path, "wb") as f:
        f.write(data)
    return path


class Content(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dialects-security-")

    def test_bom_is_nothing_and_fmt_keeps_it(self):
        path = write(self.tmp, b"\xef\xbb\xbf" + TEMPLATE.replace("\n\n", "\n\n\n").encode())
        rc, out, err = run_check(path)
        self.assertEqual(rc, 0, out + err)
        self.assertNotIn("missing-section", out)
        p = subprocess.run([BIN, "fmt", path], capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        data = open(path, "rb").read()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf=== Session State ===\n"), data[:40])
        self.assertEqual(data, b"\xef\xbb\xbf" + TEMPLATE.encode())  # the extra blank line went, the BOM stayed

    def test_one_error_per_conflict(self):
        path = write(self.tmp, CONFLICT.encode())
        rc, out, err = run_check("--output-format", "json", path)
        self.assertEqual(rc, 1)
        findings = json.loads(out)
        conflicts = [f for f in findings if f["code"] == "merge-conflict"]
        self.assertEqual([f["line"] for f in conflicts], [3, 13])
        self.assertEqual([f["severity"] for f in conflicts], ["error", "error"])
        # never read as items or paths: no "in both", no duplicate, no not-a-field, no malformed header
        for code in ("modified-and-to-modify", "duplicate-item", "duplicate-field", "not-a-field", "malformed-header"):
            self.assertNotIn(code, {f["code"] for f in findings})

    def test_outline_shows_both_sides(self):
        c = LspClient()
        try:
            c.initialize()
            uri = "file://%s/progress.txt" % self.tmp
            c.open(uri, CONFLICT)
            symbols = c.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
            names = []
            stack = list(symbols)
            while stack:
                s = stack.pop()
                names.append(s["name"])
                stack.extend(s.get("children", []))
            for side in ("web/Filters.tsx", "web/Pager.tsx"):
                self.assertIn(side, names)
            self.assertFalse(any(n.startswith(("<<<<<<<", "=======", ">>>>>>>")) for n in names), names)
        finally:
            c.close_stdin()
            c.wait_exit()


if __name__ == "__main__":
    main("test_content")
