"""test_semantic_tokens.py — semanticTokens/full, /full/delta and /range through the real binary, in UTF-8 and UTF-16:
the legend, what each token covers, deltas over random edits applied as a client applies them, stale result ids,
ranges out of the document and bad params."""
import random
import unittest

from lspclient import LspClient, main, rng

URI = "file:///tmp/progress-tokens/progress.txt"

TEXT = ("=== Session State ===\nLast completed: 😀 tokens (commit 3f2a9c1)\nNext task:\nBlockers: None\n"
        "Current phase: 2 of 4\nComplexity level: Medium (tricky)\n\n=== Files Modified ===\n- é/a.py (create)\n"
        "- [x] `src/c.py:12`, `src/d.py` — both\n\n=== Files To Modify ===\nsrc/b.py\n- ❌ src/e.py\n\n"
        "=== Interfaces Defined ===\ngen(a: int) -> str\n\n=== Scratch ===\n[fill me] later\n- ~~dropped~~ idea\n")


def units(s, enc):
    return len(s.encode("utf-8")) if enc == "utf-8" else len(s.encode("utf-16-le")) // 2


def decode(data, legend, text, enc):
    """The tokens as (line, the text they cover, type, sorted modifiers)."""
    lines = text.split("\n")
    out, line, col = [], 0, 0
    for i in range(0, len(data), 5):
        dl, dc, length, typ, mods = data[i:i + 5]
        line += dl
        col = col + dc if dl == 0 else dc
        s = lines[line]
        # Find the characters [col, col + length) in `enc` units.
        start = next(k for k in range(len(s) + 1) if units(s[:k], enc) >= col)
        end = next(k for k in range(len(s) + 1) if units(s[:k], enc) >= col + length)
        names = sorted(m for b, m in enumerate(legend["tokenModifiers"]) if mods & (1 << b))
        out.append((line, s[start:end], legend["tokenTypes"][typ], names))
    return out


class SemanticTokens(unittest.TestCase):
    enc = "utf-16"

    def setUp(self):
        self.c = LspClient()
        caps = self.c.initialize(encodings=[self.enc])["capabilities"]
        self.provider = caps["semanticTokensProvider"]
        self.legend = self.provider["legend"]
        self.text = TEXT
        self.version = 1
        self.c.open(URI, self.text)

    def tearDown(self):
        self.c.kill()

    def full(self):
        return self.c.call("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}})

    def whole_range(self):
        """The tokens of the whole text through /range, which leaves the delta cache alone."""
        return self.c.call("textDocument/semanticTokens/range",
                           {"textDocument": {"uri": URI}, "range": rng(0, 0, 10 ** 6, 0)})["data"]

    def test_capability(self):
        self.assertEqual(self.provider["full"], {"delta": True})
        self.assertTrue(self.provider["range"])
        for name in ["header", "sectionName", "fieldKey", "level", "phase", "path", "annotation", "interfaceName",
                     "commitHash", "placeholder", "statusMark"]:
            self.assertIn(name, self.legend["tokenTypes"])
        for name in ["done", "open", "missing", "deprecated"]:
            self.assertIn(name, self.legend["tokenModifiers"])

    def test_what_the_tokens_cover(self):
        got = decode(self.full()["data"], self.legend, self.text, self.enc)
        want = [
            (0, "=== ", "header", []), (0, "Session State", "sectionName", []), (0, " ===", "header", []),
            (1, "Last completed", "fieldKey", []), (1, "3f2a9c1", "commitHash", []),
            (2, "Next task", "fieldKey", ["missing"]),
            (3, "Blockers", "fieldKey", []),
            (4, "Current phase", "fieldKey", []), (4, "2", "phase", []), (4, "4", "phase", []),
            (5, "Complexity level", "fieldKey", []), (5, "Medium", "level", []),
            (7, "=== ", "header", []), (7, "Files Modified", "sectionName", []), (7, " ===", "header", []),
            (8, "é/a.py", "path", ["done"]), (8, "(create)", "annotation", []),
            (9, "[x]", "statusMark", ["done"]), (9, "src/c.py", "path", ["done"]), (9, "src/d.py", "path", ["done"]),
            (11, "=== ", "header", []), (11, "Files To Modify", "sectionName", []), (11, " ===", "header", []),
            (12, "src/b.py", "path", ["open"]),
            (13, "❌", "statusMark", ["open"]), (13, "src/e.py", "path", ["open"]),
            (15, "=== ", "header", []), (15, "Interfaces Defined", "sectionName", []), (15, " ===", "header", []),
            (16, "gen", "interfaceName", ["declaration"]),
            (18, "=== ", "header", []), (18, "Scratch", "sectionName", ["deprecated"]), (18, " ===", "header", []),
            (19, "[fill me]", "placeholder", ["missing"]),
            (20, "~~", "statusMark", ["deprecated"]), (20, "~~", "statusMark", ["deprecated"]),
        ]
        self.assertEqual(got, want)

    def edit(self, a, b, new):
        lines = self.text.split("\n")
        # Positions in characters of `self.text` (the random edits keep to whole characters), sent in `enc` units.
        pos = lambda p: {"line": p[0], "character": units(lines[p[0]][:p[1]], self.enc)}
        start = sum(len(l) + 1 for l in lines[:a[0]]) + a[1]
        end = sum(len(l) + 1 for l in lines[:b[0]]) + b[1]
        self.text = self.text[:start] + new + self.text[end:]
        self.version += 1
        self.c.change(URI, self.version, [{"range": {"start": pos(a), "end": pos(b)}, "text": new}])

    def test_deltas_applied_give_the_full_tokens(self):
        rnd = random.Random(15)
        first = self.full()
        data, result_id = first["data"], first["resultId"]
        pieces = ["x", "😀", "é", "\n", "=== Notes ===\n", "src/c.py (delete)\n", " ", "(", ")", ":", "=", "",
                  "Complexity level: Large\n", "=== Files Modified ===", "[todo]", "  ", "    - detail\n", "[x] ",
                  "✅", "abc1234", "`a.py`, `b.py`", "Tests:\n", "~~"]
        for step in range(150):
            for _ in range(rnd.randint(1, 3)):
                lines = self.text.split("\n")
                la = rnd.randrange(len(lines))
                ca = rnd.randint(0, len(lines[la]))
                lb = min(len(lines) - 1, la + rnd.choice([0, 0, 0, 1, 2]))
                cb = rnd.randint(0, len(lines[lb])) if lb > la else rnd.randint(ca, len(lines[la]))
                self.edit((la, ca), (lb, cb), rnd.choice(pieces))
            answer = self.c.call("textDocument/semanticTokens/full/delta",
                                 {"textDocument": {"uri": URI}, "previousResultId": result_id})
            self.assertNotEqual(answer["resultId"], result_id)
            self.assertIn("edits", answer, "step %d: a delta, not the full tokens" % step)
            for e in sorted(answer["edits"], key=lambda e: e["start"], reverse=True):
                data = data[:e["start"]] + e.get("data", []) + data[e["start"] + e["deleteCount"]:]
            self.assertEqual(data, self.whole_range(), "step %d: text %r" % (step, self.text))
            result_id = answer["resultId"]

    def test_stale_or_unknown_result_id_gets_the_full_tokens(self):
        first = self.full()
        self.edit((1, 0), (1, 0), "x")
        second = self.full()
        for stale in [first["resultId"], "nonsense", "", "18446744073709551615999"]:
            with self.subTest(previous=stale):
                answer = self.c.call("textDocument/semanticTokens/full/delta",
                                     {"textDocument": {"uri": URI}, "previousResultId": stale})
                self.assertNotIn("edits", answer)
                self.assertEqual(answer["data"], second["data"])
        # Unchanged text: an empty delta.
        answer = self.c.call("textDocument/semanticTokens/full/delta",
                             {"textDocument": {"uri": URI}, "previousResultId": answer["resultId"]})
        self.assertEqual(answer["edits"], [])

    def test_range(self):
        full = decode(self.full()["data"], self.legend, self.text, self.enc)
        data = self.c.call("textDocument/semanticTokens/range",
                           {"textDocument": {"uri": URI}, "range": rng(7, 5, 12, 3)})["data"]
        got = decode(data, self.legend, self.text, self.enc)
        self.assertEqual(got, [t for t in full if 7 <= t[0] <= 12 and not (t[0] == 7 and t[1] == "=== ")])
        # Out of the document: clamped (nothing past the end), reversed: swapped.
        self.assertEqual(self.c.call("textDocument/semanticTokens/range",
                                     {"textDocument": {"uri": URI}, "range": rng(500, 0, 900, 9)})["data"], [])
        reversed_ = self.c.call("textDocument/semanticTokens/range",
                                {"textDocument": {"uri": URI}, "range": rng(12, 3, 7, 5)})["data"]
        self.assertEqual(reversed_, data)

    def test_bad_params(self):
        cases = [
            ("textDocument/semanticTokens/full", {"textDocument": {"uri": "file:///not-open.txt"}}),
            ("textDocument/semanticTokens/full", {}),
            ("textDocument/semanticTokens/full/delta", {"textDocument": {"uri": URI}}),
            ("textDocument/semanticTokens/full/delta", {"textDocument": {"uri": URI}, "previousResultId": 3}),
            ("textDocument/semanticTokens/range", {"textDocument": {"uri": URI}}),
            ("textDocument/semanticTokens/range", {"textDocument": {"uri": URI}, "range": rng(-1, 0, 2, 0)}),
        ]
        for method, params in cases:
            with self.subTest(method=method, params=params):
                msg = self.c.response(self.c.request(method, params))
                self.assertEqual(msg["error"]["code"], -32602)
        self.assertTrue(self.full()["data"], "still serving")


class SemanticTokensUtf8(SemanticTokens):
    enc = "utf-8"


if __name__ == "__main__":
    main()
