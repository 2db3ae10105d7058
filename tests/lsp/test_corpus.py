"""test_corpus.py — the server's outline, folding ranges and diagnostics for every tests/corpus file, in UTF-8 and UTF-16.

X.expected (format in tests/core/test_corpus.c) gives the core's answer in UTF-8 bytes; here the same answer must
come back over LSP, converted to the negotiated encoding at the server's one boundary.
"""
import glob
import os
import re

from lspclient import LspClient, main
import unittest

CORPUS = os.environ.get("CORPUS_DIR") or os.path.join(os.path.dirname(__file__), "..", "corpus")
KINDS = {2: "section", 8: "field", 15: "item", 1: "path", 11: "interface", 3: "group", 7: "detail", 24: "entry"}
# The dialect and current-state lines of tests/corpus/dialects/*.expected: the core's model, checked by test_corpus.c.
STATE_LINE = re.compile(r"^(dialect|newest|state|blockers-none)\b")
SEVERITIES = {1: "error", 2: "warning", 3: "info", 4: "hint"}
RANGE = r"(\d+):(\d+)-(\d+):(\d+)"
QUOTED = r'"((?:[^"\\]|\\.)*)"'


def unquote(s):
    return re.sub(r"\\(.)", r"\1", s)


def read_expected(path):
    """([(depth, kind, range, selection, name, detail)], [(range, severity, code, related)]), ranges in bytes."""
    symbols, diags = [], []
    sym_re = re.compile(r"^( *)symbol (\w+) %s %s %s(?: %s)?(?: status ([\w-]+))?$" % (RANGE, RANGE, QUOTED, QUOTED))
    diag_re = re.compile(r"^diag %s (\w+) ([\w-]+)(?: suggest %s)?(?: related %s)?$" % (RANGE, QUOTED, RANGE))
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or STATE_LINE.match(line):
                continue
            m = sym_re.match(line)
            if m:
                g = m.groups()
                nums = tuple(int(x) for x in g[2:10])
                symbols.append((len(g[0]) // 2, g[1], nums[:4], nums[4:], unquote(g[10]),
                                unquote(g[11]) if g[11] is not None else None, g[12]))
                continue
            m = diag_re.match(line)
            assert m, "%s: unreadable line %r" % (path, line)
            g = m.groups()
            related = tuple(int(x) for x in g[7:11]) if g[7] is not None else None
            diags.append((tuple(int(x) for x in g[0:4]), g[4], g[5], related))
    return symbols, diags


def byte_lines(data):
    return re.split(rb"\r\n|\n|\r", data)


def to_units(lines, line, col, enc):
    """A byte column as a column in `enc` units."""
    if enc == "utf-8":
        return col
    prefix = lines[line][:col].decode("utf-8", "replace")
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in prefix)


def convert(lines, r, enc):
    return (r[0], to_units(lines, r[0], r[1], enc), r[2], to_units(lines, r[2], r[3], enc))


def lsp_range(r):
    return (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])


def flatten(symbols, depth=0):
    for s in symbols:
        yield (depth, KINDS[s["kind"]], lsp_range(s["range"]), lsp_range(s["selectionRange"]), s["name"], s.get("detail"),
               s.get("tags"))
        yield from flatten(s.get("children", []), depth + 1)


class Corpus(unittest.TestCase):
    def check_encoding(self, enc):
        files = sorted(glob.glob(os.path.join(CORPUS, "*.txt")) + glob.glob(os.path.join(CORPUS, "real", "*.txt"))
                       + glob.glob(os.path.join(CORPUS, "dialects", "*.txt")))
        self.assertTrue(files, "no corpus in %s" % CORPUS)
        c = LspClient()
        try:
            r = c.initialize(encodings=[enc])
            self.assertEqual(r["capabilities"]["positionEncoding"], enc)
            for path in files:
                with self.subTest(file=os.path.basename(path), encoding=enc):
                    self.check_file(c, path, enc)
            self.assertEqual(c.shutdown_and_exit(), 0)
        finally:
            c.kill()

    def check_file(self, c, path, enc):
        with open(path, "rb") as f:
            data = f.read()
        lines = byte_lines(data)
        symbols, diags = read_expected(path[:-4] + ".expected")
        uri = "file://" + os.path.abspath(path)
        c.open(uri, data.decode("utf-8", "surrogateescape"))
        pushed = c.diagnostics(uri)

        # A dropped item is struck through in the outline (SymbolTag.Deprecated); other statuses have no LSP field.
        want_symbols = [(d, k, convert(lines, r, enc), convert(lines, s, enc), n, det, [1] if st == "dropped" else None)
                        for d, k, r, s, n, det, st in symbols]
        got = list(flatten(c.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})))
        self.assertEqual(got, want_symbols)

        want_diags = [(convert(lines, r, enc), sev, code, convert(lines, rel, enc) if rel else None)
                      for r, sev, code, rel in diags]
        got_diags = []
        for d in pushed["diagnostics"]:
            self.assertEqual(d["source"], "progress-ls")
            self.assertTrue(d["message"])
            related = None
            if "relatedInformation" in d:
                (info,) = d["relatedInformation"]
                self.assertEqual(info["location"]["uri"], uri)
                self.assertTrue(info["message"])
                related = lsp_range(info["location"]["range"])
            got_diags.append((lsp_range(d["range"]), SEVERITIES[d["severity"]], d["code"], related))
        self.assertEqual(got_diags, want_diags)
        self.assertEqual(pushed["version"], 1)

        want_folds = [(s[2][0], s[2][2]) for s in symbols if s[1] in ("section", "entry") and s[2][2] > s[2][0]]
        folds = c.call("textDocument/foldingRange", {"textDocument": {"uri": uri}})
        self.assertEqual([(f["startLine"], f["endLine"]) for f in folds], want_folds)
        self.assertTrue(all(f["kind"] == "region" for f in folds))

        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        # a push of the open document's version may still be on its way (a long file's, on a loaded machine)
        cleared = c.diagnostics(uri)
        for _ in range(3):
            if not cleared["diagnostics"] or cleared.get("version") != 1:
                break
            cleared = c.diagnostics(uri)
        self.assertEqual(cleared["diagnostics"], [], "closing clears the diagnostics")

    def test_utf8(self):
        self.check_encoding("utf-8")

    def test_utf16(self):
        self.check_encoding("utf-16")


if __name__ == "__main__":
    main()
