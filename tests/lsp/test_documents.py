"""test_documents.py — text synchronisation: incremental and full edits in UTF-16 and UTF-8 with emoji, CJK and
CRLF, out-of-range positions, versions, several documents, close and reopen, pulled diagnostics, settings.

An edited document must answer exactly like a document opened with the text the edits should produce; that
text comes from a small Python model of LSP positions below, independent of the server's code.
"""
import random
import re
import time
import unittest

from lspclient import LspClient, main, rng

A = "file:///w/a/progress.txt"
FRESH = "file:///w/fresh.progress.txt"

TEXT = ("=== Session State ===\r\n"
        "Last completed: 多言語 😀 done\r\n"
        "Next task: 🚀 ship\n"
        "Blockers: None\r"
        "Current phase: 2 of 4\n"
        "Complexity level: Medium\n"
        "\n"
        "=== Files Modified ===\n"
        "- src/日本/a.py\n"
        "- src/😀.py (create)\r\n"
        "\n"
        "=== Notes ===\n"
        "- 👩‍👩‍👧 family 𝄞 clef\n"
        "- plain\n")


def split_lines(text):
    """(start, end) of each line's content in `text`; terminators \\n, \\r\\n and lone \\r."""
    out, start, i = [], 0, 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def width(ch, enc):
    if enc == "utf-8":
        return len(ch.encode("utf-8"))
    return 2 if ord(ch) > 0xFFFF else 1


def offset(text, line, character, enc):
    """The string index of an LSP position: clamped, a column inside a character snapping to its start."""
    lines = split_lines(text)
    if line >= len(lines):
        return len(text)
    i, end = lines[line]
    col = 0
    while i < end and col + width(text[i], enc) <= character:
        col += width(text[i], enc)
        i += 1
    return i


def apply(text, change, enc):
    if "range" not in change:
        return change["text"]
    r = change["range"]
    a = offset(text, r["start"]["line"], r["start"]["character"], enc)
    b = offset(text, r["end"]["line"], r["end"]["character"], enc)
    a, b = min(a, b), max(a, b)
    return text[:a] + change["text"] + text[b:]


def findings(diagnostics):
    """What two documents' diagnostics must share: their related places name each its own uri."""
    return [(d["range"], d["code"], d["message"]) for d in diagnostics]


class Sync(unittest.TestCase):
    enc = "utf-16"

    def setUp(self):
        self.c = LspClient()
        r = self.c.initialize(encodings=[self.enc])
        self.assertEqual(r["capabilities"]["positionEncoding"], self.enc)
        self.text = TEXT
        self.version = 1
        self.c.open(A, TEXT)
        self.c.diagnostics(A)

    def tearDown(self):
        self.c.kill()

    def edit(self, *changes):
        self.version += 1
        self.c.change(A, self.version, list(changes))
        for ch in changes:
            self.text = apply(self.text, ch, self.enc)
        return self.c.diagnostics(A)

    def answers(self, uri):
        syms = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
        folds = self.c.call("textDocument/foldingRange", {"textDocument": {"uri": uri}})
        return syms, folds

    def assert_same_as_fresh(self, pushed):
        """The edited document answers as the model's text does when opened fresh."""
        self.c.open(FRESH, self.text)
        fresh = self.c.diagnostics(FRESH)
        for d in fresh["diagnostics"] + pushed["diagnostics"]:
            for info in d.get("relatedInformation", []):
                info["location"]["uri"] = "<uri>"
        self.assertEqual(pushed["diagnostics"], fresh["diagnostics"], "text now: %r" % self.text)
        self.assertEqual(self.answers(A), self.answers(FRESH), "text now: %r" % self.text)

    def col(self, s):
        """The width of `s` in this test's encoding."""
        return sum(width(ch, self.enc) for ch in s)

    def test_insert_after_emoji_and_cjk(self):
        line = "Last completed: 多言語 😀 done"
        pushed = self.edit({"range": rng(1, self.col(line[:21]), 1, self.col(line[:21])), "text": "X"})
        self.assertIn("😀X", self.text)
        self.assertEqual(pushed["version"], 2)
        self.assert_same_as_fresh(pushed)

    def test_replace_inside_crlf_lines(self):
        pushed = self.edit({"range": rng(9, 2, 9, 2 + self.col("src/😀")), "text": "lib/ü"})
        self.assertIn("- lib/ü.py (create)\r\n", self.text)
        self.assert_same_as_fresh(pushed)

    def test_join_lines_across_each_kind_of_terminator(self):
        for line in (0, 1, 2):
            end = split_lines(self.text)[line]
            content = self.text[end[0]:end[1]]
            pushed = self.edit({"range": rng(line, self.col(content), line + 1, 0), "text": " "})
            self.assert_same_as_fresh(pushed)

    def test_column_inside_a_character_snaps_to_its_start(self):
        # In UTF-16 column 3 of "- 👩" is inside the surrogate pair; in UTF-8, inside its four bytes.
        pushed = self.edit({"range": rng(12, 3, 12, 3), "text": "[x]"})
        self.assertIn("- [x]👩", self.text)
        self.assert_same_as_fresh(pushed)

    def test_out_of_range_positions_clamp(self):
        pushed = self.edit({"range": rng(5, 999, 5, 999), "text": "!"})
        self.assertIn("Complexity level: Medium!\n", self.text)
        pushed = self.edit({"range": rng(9999, 0, 99999, 5), "text": "=== Known Issues ===\nNone\n"})
        self.assertTrue(self.text.endswith("- plain\n=== Known Issues ===\nNone\n"))
        pushed = self.edit({"range": rng(2, 2 ** 32 + 5, 2, 2 ** 40), "text": "?"})
        self.assert_same_as_fresh(pushed)

    def test_reversed_range_is_swapped(self):
        pushed = self.edit({"range": rng(3, 0, 1, 0), "text": ""})
        self.assertTrue(self.text.startswith("=== Session State ===\r\nBlockers: None\r"))
        self.assert_same_as_fresh(pushed)

    def test_several_changes_in_one_notification_apply_in_order(self):
        pushed = self.edit({"range": rng(0, 0, 0, 0), "text": "a\r"},
                           {"range": rng(1, 0, 1, 0), "text": "\n"},  # right after the lone \r: they pair into a CRLF
                           {"range": rng(0, 0, 1, 0), "text": ""})
        self.assertEqual(self.text, TEXT)
        self.assert_same_as_fresh(pushed)

    def test_full_text_change(self):
        pushed = self.edit({"text": "=== Notes ===\r\n- 🚀 only\r\n"})
        self.assertEqual(len(self.answers(A)[0]), 1)
        self.assert_same_as_fresh(pushed)

    def test_random_edits_match_the_model(self):
        alphabet = ["a", "é", "日", "😀", "\n", "\r\n", "\r", "=== Notes ===", "- ", "Blockers: ", " "]
        rnd = random.Random(20240517)
        for step in range(150):
            lines = split_lines(self.text)
            def pos():
                line = rnd.randrange(len(lines) + 2)
                return line, rnd.randrange(40)
            (l0, c0), (l1, c1) = pos(), pos()
            insert = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(4)))
            pushed = self.edit({"range": rng(l0, c0, l1, c1), "text": insert})
            if step % 10 == 9:
                self.assert_same_as_fresh(pushed)


class SyncUtf8(Sync):
    enc = "utf-8"


class Documents(unittest.TestCase):
    def setUp(self):
        self.c = LspClient()

    def tearDown(self):
        self.c.kill()

    def test_several_documents_at_once(self):
        self.c.initialize()
        uris = ["file:///w/%d/progress.txt" % i for i in range(40)]
        for i, uri in enumerate(uris):
            self.c.open(uri, "=== Notes ===\n" + "- item\n" * i, version=i)
        for i, uri in enumerate(uris):
            d = self.c.diagnostics(uri)
            self.assertEqual(d["version"], i)
        for i, uri in enumerate(uris):
            (notes,) = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
            self.assertEqual(len(notes.get("children", [])), i)
        for uri in uris[::2]:
            self.c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
            self.assertEqual(self.c.diagnostics(uri)["diagnostics"], [])
        for i, uri in enumerate(uris):
            resp = self.c.response(self.c.request("textDocument/foldingRange", {"textDocument": {"uri": uri}}))
            self.assertEqual("error" in resp, i % 2 == 0, uri)

    def test_reopen_replaces_the_text(self):
        self.c.initialize()
        self.c.open(A, "=== Notes ===\n- a\n")
        self.c.open(A, "=== Notes ===\n- a\n- b\n- c\n", version=7)
        # Diagnostics of a version superseded before they were published may be dropped (both opens may arrive
        # in one read); the last version's always come.
        first = self.c.diagnostics(A)["version"]
        self.assertIn(first, (1, 7))
        if first == 1:
            self.assertEqual(self.c.diagnostics(A)["version"], 7)
        (notes,) = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": A}})
        self.assertEqual(len(notes["children"]), 3)

    def test_did_save_and_unknown_documents(self):
        self.c.initialize()
        self.c.open(A, "=== Notes ===\n- a\n")
        self.c.diagnostics(A)
        self.c.notify("textDocument/didSave", {"textDocument": {"uri": A}})
        self.c.change("file:///not/open", 2, [{"text": "x"}])
        self.c.notify("textDocument/didClose", {"textDocument": {"uri": "file:///not/open"}})
        self.assertEqual(len(self.c.call("textDocument/foldingRange", {"textDocument": {"uri": A}})), 1)

    def test_nul_and_invalid_text_survive(self):
        self.c.initialize(encodings=["utf-8"])
        self.c.open(A, "=== Notes ===\n- a\u0000b\n- \udcff\n".encode("utf-8", "surrogatepass")
                    .decode("utf-8", "replace"))
        (notes,) = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": A}})
        self.assertEqual(notes["children"][0]["name"], "a\u0000b")

    def test_pushed_diagnostics_of_a_document_typed_into_without_pause(self):
        # A diagnose pass stops when input is waiting (the change it would publish for is about to be superseded)
        # and runs again once that input is handled. Whatever the timing, every push must be the whole list of the
        # version it names, and the last version's must come: the same list as a fresh open of that text.
        self.c.initialize()
        lines = ["=== Notes ==="] + ["- note %d" % i for i in range(20000)]
        self.c.open(A, "\n".join(lines) + "\n")
        self.c.diagnostics(A)
        edited = lines[:]
        for v in range(2, 62):
            # even versions make line 2 a duplicate of line 1 ("- note 0"), odd ones undo it
            edited[2] = "- note 0" if v % 2 == 0 else "- note 1"
            self.c.change(A, v, [{"range": rng(2, 0, 2, len("- note 1")), "text": edited[2]}])
            time.sleep(0.0003)  # a pause shorter than a pass over 20,000 lines: most passes meet the next change
        while True:
            d = self.c.diagnostics(A)
            dups = [x for x in d["diagnostics"] if x["code"] == "duplicate-item"]
            self.assertEqual(len(dups), 1 if d["version"] % 2 == 0 else 0, d["version"])
            if d["version"] == 61:
                break
        self.c.open(FRESH, "\n".join(edited) + "\n")
        self.assertEqual(d["diagnostics"], self.c.diagnostics(FRESH)["diagnostics"])


    def test_a_full_text_change_is_diagnosed_anew(self):
        # Each section's findings are kept between passes while its lines keep their stamps; a whole new text starts
        # the stamps again, so what was kept must go with the old text: same lines, same stamps, other words.
        self.c.initialize()
        twice, once = "=== Notes ===\n- a\n- a\n", "=== Notes ===\n- a\n- b\n"
        self.c.open(A, twice)
        self.c.diagnostics(A)
        for version, text in ((2, once), (3, twice), (4, once)):
            self.c.change(A, version, [{"text": text}])
            d = self.c.diagnostics(A, version=version)
            dups = [x for x in d["diagnostics"] if x["code"] == "duplicate-item"]
            self.assertEqual(len(dups), 1 if text == twice else 0, version)
            self.c.open(FRESH + str(version), text)
            fresh = self.c.diagnostics(FRESH + str(version))["diagnostics"]
            self.assertEqual(findings(d["diagnostics"]), findings(fresh))


class PulledDiagnostics(unittest.TestCase):
    def setUp(self):
        self.c = LspClient()

    def tearDown(self):
        self.c.kill()

    def test_a_pulling_client_gets_no_pushes(self):
        self.c.initialize(pull=True)
        self.c.open(A, "=== Session State ===\nBlockers: [None]\n")
        r = self.c.call("textDocument/diagnostic", {"textDocument": {"uri": A}})
        self.assertEqual(r["kind"], "full")
        self.assertTrue(any(d["code"] == "placeholder" for d in r["items"]))
        same = self.c.call("textDocument/diagnostic", {"textDocument": {"uri": A}, "previousResultId": r["resultId"]})
        self.assertEqual(same, {"kind": "unchanged", "resultId": r["resultId"]})
        self.c.change(A, 2, [{"range": rng(1, 10, 1, 16), "text": "None"}])
        after = self.c.call("textDocument/diagnostic", {"textDocument": {"uri": A}, "previousResultId": r["resultId"]})
        self.assertEqual(after["kind"], "full")
        self.assertNotEqual(after["resultId"], r["resultId"])
        self.assertFalse(any(d["code"] == "placeholder" for d in after["items"]))
        self.c.drain()
        self.assertFalse(any(m.get("method") == "textDocument/publishDiagnostics" for m in self.c.messages))

    def test_a_reopened_document_never_reuses_a_result_id(self):
        self.c.initialize(pull=True)
        self.c.open(A, "=== Notes ===\n")
        first = self.c.call("textDocument/diagnostic", {"textDocument": {"uri": A}})["resultId"]
        self.c.notify("textDocument/didClose", {"textDocument": {"uri": A}})
        self.c.open(A, "junk\n")
        r = self.c.call("textDocument/diagnostic", {"textDocument": {"uri": A}, "previousResultId": first})
        self.assertEqual(r["kind"], "full")


class Settings(unittest.TestCase):
    def setUp(self):
        self.c = LspClient()

    def tearDown(self):
        self.c.kill()

    def codes(self, options):
        self.c.initialize(options=options)
        self.c.open(A, "=== Session State ===\nBlockers: [None]\n" + "- x\n" * 10)
        return {d["code"]: d["severity"] for d in self.c.diagnostics(A)["diagnostics"]}

    def test_defaults(self):
        codes = self.codes(None)
        self.assertIn("placeholder", codes)
        self.assertNotIn("file-too-long", codes)

    def test_max_lines_and_severities(self):
        codes = self.codes({"maxLines": 5, "severity": {"placeholder": "off", "missing-field": "hint"}})
        self.assertIn("file-too-long", codes)
        self.assertNotIn("placeholder", codes)
        self.assertEqual(codes["missing-field"], 4)

    def test_bad_settings_are_reported_and_skipped(self):
        codes = self.codes({"maxLines": "many", "severity": {"no-such-code": "off", "placeholder": "loud"}})
        self.assertIn("placeholder", codes)
        msg = self.c.notification("window/logMessage")["params"]
        self.assertEqual(msg["type"], 2)
        for word in ("maxLines", "no-such-code", "placeholder"):
            self.assertIn(word, msg["message"])


if __name__ == "__main__":
    main()
