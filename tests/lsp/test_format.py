"""test_format.py — formatting, rangeFormatting and onTypeFormatting through the real binary, in UTF-8 and UTF-16,
with the ranges, options and documents an editor may send; and `progress-ls fmt` (in place, --check, stdin)."""
import os
import shutil
import subprocess
import tempfile
import unittest

from lspclient import LspClient, apply_edits, binary, main, rng

URI = "file:///tmp/progress-format/progress.txt"

MESSY = ("Scratch   \n\n\n"
         "===session state===\n\nLast completed :  é — token service  \nNext task:😀 sessions\nBlockers:None\n"
         "Current phase: 2 of 4\nComplexity level:  Medium\n"
         "=== Files Modified ===\n*  src/é.py (create)\n- src/b.py  \n* src/c.py\n\n\n\n"
         "==== notes =====\n-   😀 note  \n-\tsecond\n\n\n")

CANONICAL = ("Scratch\n\n"
             "=== Session State ===\nLast completed: é — token service\nNext task: 😀 sessions\nBlockers: None\n"
             "Current phase: 2 of 4\nComplexity level: Medium\n\n"
             "=== Files Modified ===\n* src/é.py (create)\n* src/b.py\n* src/c.py\n\n"
             "=== Notes ===\n- 😀 note\n- second\n")


def apply_utf8(text, edits):
    """`text` with TextEdits whose characters count UTF-8 bytes applied."""
    data = text.encode("utf-8")
    starts = [0]
    for i, b in enumerate(data):
        if b == 0x0A:
            starts.append(i + 1)

    def offset(pos):
        return starts[pos["line"]] + pos["character"] if pos["line"] < len(starts) else len(data)

    for e in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        a, b = offset(e["range"]["start"]), offset(e["range"]["end"])
        data = data[:a] + e["newText"].encode("utf-8") + data[b:]
    return data.decode("utf-8")


def run_fmt(*args, stdin=None):
    return subprocess.run([binary(), "fmt", *args], input=stdin, capture_output=True, timeout=30)


class Formatting(unittest.TestCase):
    enc = "utf-16"

    def setUp(self):
        self.c = LspClient()
        caps = self.c.initialize(encodings=[self.enc])["capabilities"]
        self.assertEqual(caps["positionEncoding"], self.enc)
        self.assertTrue(caps["documentFormattingProvider"])
        self.assertTrue(caps["documentRangeFormattingProvider"])
        self.assertEqual(caps["documentOnTypeFormattingProvider"], {"firstTriggerCharacter": "\n"})
        self.version = 1

    def tearDown(self):
        self.c.kill()

    def apply(self, text, edits):
        return apply_utf8(text, edits) if self.enc == "utf-8" else apply_edits(text, edits)

    def format(self, text, options=None, method="textDocument/formatting", **extra):
        self.c.open(URI, text, self.version)
        self.version += 1
        params = {"textDocument": {"uri": URI}, "options": options or {"tabSize": 4, "insertSpaces": True}}
        params.update(extra)
        return self.c.call(method, params)

    def test_whole_document(self):
        edits = self.format(MESSY)
        self.assertEqual(self.apply(MESSY, edits), CANONICAL)
        self.assertEqual(self.format(CANONICAL), [], "canonical text needs no edit")

    def test_same_as_the_fmt_command(self):
        out = run_fmt("-", stdin=MESSY.encode("utf-8"))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.decode("utf-8"), self.apply(MESSY, self.format(MESSY)))

    def test_edits_in_the_negotiated_encoding(self):
        # The only change sits after an emoji (2 UTF-16 units, 4 bytes) and an é (1 unit, 2 bytes).
        text = "=== Notes ===\n- 😀é x  \n"
        (edit,) = self.format(text)
        col = {"utf-16": 7, "utf-8": 10}[self.enc]
        self.assertEqual(edit["range"], rng(1, col, 1, col + 2))
        self.assertEqual(edit["newText"], "")

    def test_not_progress_format_is_untouched(self):
        self.assertEqual(self.format("# A markdown file\n\n\n*  item   \n"), [])
        self.assertEqual(self.format(""), [])

    def test_options(self):
        text = "=== Notes ===  \n-  a  \n\n\n"
        # Unknown keys are allowed by the spec and ignored.
        self.assertEqual(self.apply(text, self.format(text, {"tabSize": 2, "insertSpaces": False, "x-custom": "y",
                                                             "another": 3})), "=== Notes ===\n- a\n")
        kept = self.format(text, {"tabSize": 2, "insertSpaces": True, "trimTrailingWhitespace": False,
                                  "trimFinalNewlines": False})
        self.assertEqual(self.apply(text, kept), "=== Notes ===  \n- a  \n\n\n")
        self.assertEqual(self.format("=== Notes ===\n- a", {"tabSize": 4, "insertSpaces": True,
                                                           "insertFinalNewline": False}), [])

    def test_bullet_setting(self):
        self.c.notify("workspace/didChangeConfiguration", {"settings": {"progressLs": {"bulletStyle": "*"}}})
        text = "=== Notes ===\n- a\n- b\n"
        self.assertEqual(self.apply(text, self.format(text)), "=== Notes ===\n* a\n* b\n")

    def test_range(self):
        text = "===notes===\n*  a  \n- b\n- c\n\n\n\n===known issues===\nNone  \n"
        edits = self.format(text, method="textDocument/rangeFormatting", range=rng(1, 0, 3, 0))
        self.assertEqual(self.apply(text, edits), "===notes===\n- a\n- b\n- c\n\n\n\n===known issues===\nNone  \n")
        # Past the end: clamped to the last line.
        edits = self.format(text, method="textDocument/rangeFormatting", range=rng(8, 0, 9999, 9999))
        self.assertEqual(self.apply(text, edits), text.replace("None  ", "None"))
        # Reversed: the same as in order.
        edits = self.format(text, method="textDocument/rangeFormatting", range=rng(3, 0, 1, 0))
        self.assertEqual(self.apply(text, edits), "===notes===\n- a\n- b\n- c\n\n\n\n===known issues===\nNone  \n")

    def enter(self, text, line, character, ch="\n"):
        self.c.open(URI, text, self.version)
        self.version += 1
        return self.c.call("textDocument/onTypeFormatting", {
            "textDocument": {"uri": URI}, "position": {"line": line, "character": character}, "ch": ch,
            "options": {"tabSize": 4, "insertSpaces": True}})

    def test_on_type_continues_the_list(self):
        text = "=== Notes ===\n  * 😀 a\n  \n"
        edits = self.enter(text, 2, 2)
        self.assertEqual(self.apply(text, edits), "=== Notes ===\n  * 😀 a\n  * \n")
        text = "=== Notes ===\n- a\n- \n\n"
        self.assertEqual(self.apply(text, self.enter(text, 3, 0)), "=== Notes ===\n- a\n\n\n", "a bare bullet ends it")
        self.assertEqual(self.enter("=== Notes ===\nplain\n\n", 2, 0), [])
        self.assertEqual(self.enter("=== Notes ===\n- a\n\n", 2, 0, ch="a"), [], "only Enter is a trigger")
        self.assertEqual(self.enter("=== Notes ===\n- a\n", 999, 999), self.enter("=== Notes ===\n- a\n", 2, 0),
                         "a position past the end is the end")

    def test_bad_params(self):
        self.c.open(URI, "=== Notes ===\n- a\n")
        cases = [
            ("textDocument/formatting", {"textDocument": {"uri": "file:///not-open.txt"}, "options": {}}),
            ("textDocument/formatting", {"textDocument": {"uri": URI}, "options": []}),
            ("textDocument/formatting", {"textDocument": {"uri": URI}, "options": {"tabSize": "four"}}),
            ("textDocument/formatting", {"textDocument": {"uri": URI}, "options": {"insertFinalNewline": 1}}),
            ("textDocument/rangeFormatting", {"textDocument": {"uri": URI}, "options": {}, "range": {"start": 1}}),
            ("textDocument/rangeFormatting", {"textDocument": {"uri": URI}, "options": {},
                                              "range": rng(-1, 0, 1, 0)}),
            ("textDocument/onTypeFormatting", {"textDocument": {"uri": URI}, "options": {}, "ch": "\n"}),
            ("textDocument/onTypeFormatting", {"textDocument": {"uri": URI}, "options": {},
                                               "position": {"line": 0, "character": 0}}),
        ]
        for method, params in cases:
            with self.subTest(method=method, params=params):
                msg = self.c.response(self.c.request(method, params))
                self.assertEqual(msg["error"]["code"], -32602)
                self.assertTrue(msg["error"]["message"].startswith("Invalid params"))
        # Still serving.
        self.assertEqual(self.c.call("textDocument/formatting", {"textDocument": {"uri": URI}, "options": {}}), [])


class FormattingUtf8(Formatting):
    enc = "utf-8"


class FmtCommand(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="progress-fmt-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text, mode=0o644):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def read(self, path):
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()

    def test_in_place(self):
        a = self.write("progress.txt", MESSY, 0o600)
        b = self.write("claude-progress.txt", CANONICAL)
        before = os.stat(b).st_mtime_ns
        out = run_fmt(a, b)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(self.read(a), CANONICAL)
        self.assertEqual(os.stat(a).st_mode & 0o777, 0o600, "the file keeps its permissions")
        self.assertEqual(os.stat(b).st_mtime_ns, before, "a canonical file is not rewritten")
        self.assertEqual(sorted(os.listdir(self.dir)), ["claude-progress.txt", "progress.txt"], "no temporary left")

    def test_check(self):
        a = self.write("progress.txt", "===notes===\n*  a  \n")
        out = run_fmt("--check", a)
        self.assertEqual(out.returncode, 1)
        self.assertEqual(self.read(a), "===notes===\n*  a  \n", "--check changes nothing")
        shown = out.stdout.decode()
        self.assertIn("%s:1:\n-===notes===\n+=== Notes ===\n" % a, shown)
        self.assertIn("%s:2:\n-*  a  \n+* a\n" % a, shown)
        ok = self.write("ok.txt", CANONICAL)
        out = run_fmt("--check", ok)
        self.assertEqual((out.returncode, out.stdout), (0, b""))

    def test_stdin_and_crlf(self):
        out = run_fmt("--bullet", "-", "-", stdin=b"=== Notes ===\r\n* a  \r\n=== Known Issues ===\r\nNone")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, b"=== Notes ===\r\n- a\r\n\r\n=== Known Issues ===\r\nNone\r\n")

    def test_not_progress_format(self):
        text = "# notes\n\n\n* a   \n"
        a = self.write("notes.md", text)
        self.assertEqual(run_fmt("--check", a).returncode, 0)
        self.assertEqual(run_fmt("-", stdin=text.encode()).stdout, text.encode())

    def test_usage_errors(self):
        for args in [(), ("--bullet", "+", "x"), ("--frobnicate", "x"), ("-", "also-a-file")]:
            with self.subTest(args=args):
                out = run_fmt(*args)
                self.assertEqual(out.returncode, 2)
                self.assertIn(b"progress-ls fmt:", out.stderr)
        missing = os.path.join(self.dir, "missing.txt")
        good = self.write("progress.txt", "===notes===\n- a\n")
        out = run_fmt(missing, good)
        self.assertEqual(out.returncode, 2)
        self.assertIn(b"cannot read", out.stderr)
        self.assertEqual(self.read(good), "=== Notes ===\n- a\n", "the other files are still formatted")
        self.assertEqual(run_fmt("--help").returncode, 0)


if __name__ == "__main__":
    main()
