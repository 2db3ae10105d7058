"""test_position_features.py — selectionRange, documentHighlight and linkedEditingRange through the real binary:
answers in the negotiated encoding (UTF-16 and UTF-8 over non-ASCII text), positions out of the document, bad params."""
import unittest

from lspclient import LspClient, main, utf16_offset

TEXT = """=== Session State ===
Next task: 🚀 wire validate_token into login
Blockers: None

=== Files Modified ===
Backend:
- src/äuth/tökén.py (create)
  - adds validate_token
- src/auth/login.py

=== Interfaces Defined ===
validate_token(token: str) -> bool

=== Notes ===
- 🚀 src/äuth/tökén.py calls validate_token twice: validate_token
"""
LINES = TEXT.split("\n")
URI = "file:///tmp/progress-position-features/progress.txt"


def find(needle, nth=0):
    """(line, index in the Python string) of the nth occurrence of `needle`."""
    seen = 0
    for i, line in enumerate(LINES):
        start = 0
        while (j := line.find(needle, start)) >= 0:
            if seen == nth:
                return i, j
            seen += 1
            start = j + 1
    raise AssertionError("%r not found" % needle)


def units(line, index, enc):
    """The column of Python index `index` of LINES[line] in `enc` units."""
    s = LINES[line][:index]
    if enc == "utf-8":
        return len(s.encode())
    return len(s.encode("utf-16-le")) // 2


def text_at(rng, enc):
    """The document text a Range covers, with columns read in `enc` units."""
    def index(pos):
        line = LINES[pos["line"]]
        if enc == "utf-8":
            return len(line.encode()[:pos["character"]].decode())
        return utf16_offset(line, pos["character"])
    s, e = rng["start"], rng["end"]
    if s["line"] == e["line"]:
        return LINES[s["line"]][index(s):index(e)]
    parts = [LINES[s["line"]][index(s):]] + LINES[s["line"] + 1:e["line"]] + [LINES[e["line"]][:index(e)]]
    return "\n".join(parts)


class PositionFeatures(unittest.TestCase):
    enc = "utf-16"

    def setUp(self):
        self.c = LspClient()
        result = self.c.initialize(encodings=[self.enc] if self.enc == "utf-8" else None)
        self.assertEqual(result["capabilities"]["positionEncoding"], self.enc)
        for cap in ("selectionRangeProvider", "documentHighlightProvider", "linkedEditingRangeProvider"):
            self.assertTrue(result["capabilities"][cap], cap)
        self.c.open(URI, TEXT)

    def tearDown(self):
        self.c.kill()

    def pos(self, needle, nth=0, offset=0):
        line, index = find(needle, nth)
        return {"line": line, "character": units(line, index + offset, self.enc)}

    def at(self, needle, nth=0, offset=0):
        return {"textDocument": {"uri": URI}, "position": self.pos(needle, nth, offset)}

    def chain(self, sel):
        out = []
        while sel:
            out.append(text_at(sel["range"], self.enc))
            sel = sel.get("parent")
        return out

    # ------------------------------------------------------------ selectionRange

    def test_selection_grows_from_the_word_to_the_document(self):
        [sel] = self.c.call("textDocument/selectionRange",
                            {"textDocument": {"uri": URI}, "positions": [self.pos("tökén.py", 0, 2)]})
        self.maxDiff = None
        self.assertEqual(self.chain(sel), [
            "tökén",
            "tökén.py",
            "src/äuth/tökén.py",
            "src/äuth/tökén.py (create)",
            "- src/äuth/tökén.py (create)",
            "- src/äuth/tökén.py (create)\n  - adds validate_token",
            "Backend:\n- src/äuth/tökén.py (create)\n  - adds validate_token\n- src/auth/login.py",
            "=== Files Modified ===\nBackend:\n- src/äuth/tökén.py (create)\n  - adds validate_token\n"
            "- src/auth/login.py",
            TEXT,
        ])

    def test_selection_answers_each_position_in_order(self):
        positions = [self.pos("wire"), self.pos("Notes"), {"line": 10_000, "character": 10_000}]
        sels = self.c.call("textDocument/selectionRange", {"textDocument": {"uri": URI}, "positions": positions})
        self.assertEqual(len(sels), 3)
        self.assertEqual(self.chain(sels[0])[:2], ["wire", "🚀 wire validate_token into login"])
        self.assertEqual(self.chain(sels[1])[:2], ["Notes", "=== Notes ==="])
        # Past the end: clamped to the document's end, still a well-formed chain ending at the whole text.
        self.assertEqual(self.chain(sels[2])[-1], TEXT)
        for sel in sels:
            chain = []
            while sel:
                chain.append(sel["range"])
                sel = sel.get("parent")
            for inner, outer in zip(chain, chain[1:]):
                key = lambda p: (p["line"], p["character"])
                self.assertLessEqual(key(outer["start"]), key(inner["start"]))
                self.assertGreaterEqual(key(outer["end"]), key(inner["end"]))

    def test_selection_bad_params_are_invalid_params(self):
        for params in ({"textDocument": {"uri": URI}},
                       {"textDocument": {"uri": URI}, "positions": [{"line": -1, "character": 0}]},
                       {"textDocument": {"uri": URI}, "positions": ["x"]},
                       {"textDocument": {"uri": "file:///not/open.txt"}, "positions": []}):
            rid = self.c.request("textDocument/selectionRange", params)
            reply = self.c.response(rid)
            self.assertEqual(reply["error"]["code"], -32602, params)
        self.assertEqual(self.c.call("textDocument/selectionRange", {"textDocument": {"uri": URI}, "positions": []}), [])

    # ------------------------------------------------------------ documentHighlight

    def test_highlight_of_an_interface_marks_the_definition_as_write(self):
        hl = self.c.call("textDocument/documentHighlight", self.at("validate_token", 0, 3))
        self.assertEqual([text_at(h["range"], self.enc) for h in hl], ["validate_token"] * 5)
        kinds = {(h["range"]["start"]["line"], h["kind"]) for h in hl}
        self.assertIn((find("validate_token(")[0], 3), kinds)
        self.assertEqual(sum(1 for h in hl if h["kind"] == 3), 1)
        self.assertEqual(hl[-1]["range"]["start"], self.pos("validate_token", 4))

    def test_highlight_of_a_path_marks_its_occurrences(self):
        hl = self.c.call("textDocument/documentHighlight", self.at("src/äuth/tökén.py", 1, 4))
        self.assertEqual([text_at(h["range"], self.enc) for h in hl], ["src/äuth/tökén.py"] * 2)
        self.assertEqual(hl[0]["range"]["start"], self.pos("src/äuth/tökén.py", 0))
        self.assertEqual({h["kind"] for h in hl}, {1})

    def test_highlight_elsewhere_is_empty_and_out_of_range_is_clean(self):
        self.assertEqual(self.c.call("textDocument/documentHighlight", self.at("calls")), [])
        far = {"textDocument": {"uri": URI}, "position": {"line": 999, "character": 999}}
        self.assertEqual(self.c.call("textDocument/documentHighlight", far), [])
        rid = self.c.request("textDocument/documentHighlight", {"textDocument": {"uri": URI}})
        self.assertEqual(self.c.response(rid)["error"]["code"], -32602)

    # ------------------------------------------------------------ linkedEditingRange

    def test_linked_ranges_are_the_definition_and_every_mention(self):
        linked = self.c.call("textDocument/linkedEditingRange", self.at("validate_token(", 0, 2))
        self.assertEqual([text_at(r, self.enc) for r in linked["ranges"]], ["validate_token"] * 5)
        self.assertEqual(linked["ranges"][0]["start"], self.pos("validate_token("))
        self.assertRegex("validate_token", "^" + linked["wordPattern"] + "$")

    def test_linked_editing_outside_an_interface_is_null(self):
        self.assertIsNone(self.c.call("textDocument/linkedEditingRange", self.at("calls")))
        self.assertIsNone(self.c.call("textDocument/linkedEditingRange", self.at("src/auth/login.py")))

    def test_linked_ranges_follow_an_edit(self):
        """After renaming the definition the old mentions are no longer linked (they name nothing)."""
        line, index = find("validate_token(")
        start = units(line, index, self.enc)
        self.c.change(URI, 2, [{"range": {"start": {"line": line, "character": start},
                                          "end": {"line": line, "character": start + len("validate_token")}},
                                "text": "check_token"}])
        self.assertIsNone(self.c.call("textDocument/linkedEditingRange", self.at("validate_token", 0, 1)))


class PositionFeaturesUtf8(PositionFeatures):
    enc = "utf-8"


if __name__ == "__main__":
    main()
