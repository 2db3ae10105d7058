"""test_large_text.py — the real binary with a whole document's text in a message of a megabyte or more: the server
decodes that text apart from the rest of the message (so that a 20 MB didOpen is not held three times), and what it
reads must be exactly what jansson reads — every escape, surrogate pairs, raw UTF-8, CRLF — and a message it cannot
read apart (an invalid string, a client string equal to its placeholder, a text somewhere else) is read whole."""
import json

from lspclient import ServerTest, frame, main

APART = "file:///tmp/large/apart/progress.txt"
WHOLE = "file:///tmp/large/whole/progress.txt"
PLACEHOLDER = "progress-ls: the document text, decoded apart"


def document(items):
    """A progress.txt of about 60 bytes a line whose items hold every character class JSON escapes or encodes."""
    parts = ["=== Session State ===\r\nLast completed: large \"texts\" \\ apart\r\nNext task: 🚀 ship\n\n",
             "=== Files Modified ===\n"]
    parts += ["- src/m%d/f%d.py — tab\there, \"q\" \\ 日本語 🚀 é/%d\u0001\r\n" % (i % 7, i, i) for i in range(items // 2)]
    parts.append("\n=== Notes ===\n")
    parts += ["- Note %d:\u0000 a lone CR\rthen 😀 and \u007f %d\n" % (i, i) for i in range(items // 2)]
    return "".join(parts)


def body(method, params, ascii_only=True):
    return json.dumps({"jsonrpc": "2.0", "method": method, "params": params}, ensure_ascii=ascii_only).encode()


class LargeText(ServerTest):
    def setUp(self):
        super().setUp()
        self.c.initialize()
        self.text = document(24000)
        self.assertGreater(len(self.text.encode()), 1 << 20, "large enough to be decoded apart")

    def open_whole(self, text):
        """The reference: an empty document, then the text as a ranged insert (never decoded apart)."""
        self.c.open(WHOLE, "")
        self.c.change(WHOLE, 2, [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                                  "text": text}])

    def answers(self, uri):
        doc = {"textDocument": {"uri": uri}}
        return [self.c.call("textDocument/documentSymbol", doc, timeout=60),
                self.c.call("textDocument/foldingRange", doc, timeout=60),
                self.c.call("textDocument/semanticTokens/full", doc, timeout=60)["data"],
                self.c.call("textDocument/hover", dict(doc, position={"line": 5, "character": 40}), timeout=60)]

    def assert_reads_as_whole(self):
        apart, whole = self.answers(APART), self.answers(WHOLE)
        self.assertGreater(len(apart[0]), 1, "sections were read")
        for a, w, what in zip(apart, whole, ["documentSymbol", "foldingRange", "semanticTokens", "hover"]):
            self.assertEqual(a, w, "%s of the text decoded apart and of the same text read by jansson" % what)
        self.assertIn("🚀", json.dumps(apart[0], ensure_ascii=False))

    def test_a_did_open_with_every_escape_reads_as_jansson_reads_it(self):
        self.c.send_raw(frame(body("textDocument/didOpen", {"textDocument": {
            "uri": APART, "languageId": "progresstxt", "version": 1, "text": self.text}})))
        self.open_whole(self.text)
        self.assert_reads_as_whole()

    def test_a_full_did_change_in_raw_utf8_reads_as_jansson_reads_it(self):
        self.c.open(APART, "=== Notes ===\n- small\n")
        self.c.send_raw(frame(body("textDocument/didChange", {
            "textDocument": {"uri": APART, "version": 2},
            "contentChanges": [{"text": "x"}, {"text": self.text}]}, ascii_only=False)))
        self.open_whole(self.text)
        self.assert_reads_as_whole()
        diags = self.c.diagnostics(APART, version=2, timeout=60)
        self.assertIn("diagnostics", diags)

    def test_the_placeholder_sent_by_a_client_is_only_text(self):
        # The placeholder as the document's text and the large string elsewhere: the text is the placeholder.
        self.c.send_raw(frame(body("textDocument/didOpen", {
            "textDocument": {"uri": APART, "languageId": "progresstxt", "version": 1, "text": PLACEHOLDER},
            "workDoneToken": self.text})))
        self.open_whole(PLACEHOLDER)
        self.assertEqual(self.answers(APART), self.answers(WHOLE))
        self.assertEqual(self.answers(APART)[0], [], "no section: the large string was not taken for the text")

    def test_a_large_string_elsewhere_is_read_whole(self):
        self.c.send_raw(frame(body("textDocument/didOpen", {
            "textDocument": {"uri": APART, "languageId": "progresstxt", "version": 1, "text": "=== Notes ===\n- a\n"},
            "workDoneToken": self.text})))
        self.open_whole("=== Notes ===\n- a\n")
        self.assertEqual(self.answers(APART), self.answers(WHOLE))

    def invalid_open(self, raw_text):
        """A didOpen whose large text token is `raw_text`, bytes as they stand between the quotes."""
        head = b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"' + \
            APART.encode() + b'","languageId":"progresstxt","version":1,"text":"'
        self.c.send_raw(frame(head + raw_text + b'"}}}'))
        error = self.c.take(lambda m: "error" in m, timeout=60)["error"]
        self.assertEqual(error["code"], -32700)
        self.assertIn("Parse error at byte", error["message"])
        answer = self.c.response(self.c.request("textDocument/documentSymbol", {"textDocument": {"uri": APART}}))
        self.assertEqual(answer["error"]["code"], -32602, "still serving; nothing was opened")
        return error["message"]

    def test_a_raw_control_character_is_jansson_s_parse_error(self):
        self.assertIn("control character", self.invalid_open(b"=== Notes ===\\n" + b"- item\\n" * 200000 + b"\x01"))

    def test_invalid_utf8_is_jansson_s_parse_error(self):
        self.assertIn("unable to decode byte", self.invalid_open(b"- item\\n" * 200000 + b"\xc0\x80"))

    def test_a_lone_surrogate_is_jansson_s_parse_error(self):
        self.assertIn("invalid Unicode", self.invalid_open(b"- item\\n" * 200000 + b"\\ud83dx"))


if __name__ == "__main__":
    main()
