"""test_abuse_bytes.py — the real binary fed odd bytes: invalid UTF-8 and NUL in documents and in JSON strings,
deeply nested JSON, broken headers, and a client that vanishes mid-message. It answers or refuses each cleanly
(a JSON-RPC error, never a crash), its answers stay valid UTF-8 JSON, and it keeps serving."""
import json

from lspclient import ServerTest, frame, main

URI = "file:///tmp/abuse/bytes.progress.txt"
PARSE_ERROR = -32700
INVALID_REQUEST = -32600


class Bytes(ServerTest):
    def setUp(self):
        super().setUp()
        self.c.initialize()

    def alive(self):
        """The server still answers: a fresh document's outline comes back."""
        uri = "file:///tmp/abuse/alive.progress.txt"
        self.c.open(uri, "=== Notes ===\n- still here\n")
        symbols = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
        self.assertEqual(symbols[0]["children"][0]["name"], "still here")

    def assert_refused(self, body, code):
        """`body` (raw bytes) framed alone gets an error `code` with a null id, or no answer at all."""
        self.c.send_raw(frame(body))
        self.c.drain()
        errors = [m for m in self.c.messages if "error" in m and m.get("id") is None]
        for m in errors:
            self.assertEqual(m["error"]["code"], code, m)
            self.c.messages.remove(m)
        self.alive()

    def test_nul_and_odd_characters_in_a_document_are_answered_as_valid_json(self):
        text = "=== Notes ===\n- a\x00b\n- \ufffd\ud7ff\U0010ffff\n- tab\there\x7f\n=== Nul\x00 ===\n"
        self.c.open(URI, text)
        self.c.diagnostics(URI)
        symbols = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertEqual(symbols[0]["children"][0]["name"], "a\x00b")
        for line in range(5):
            for character in range(0, 12, 3):
                pos = {"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}
                self.c.call("textDocument/hover", pos)
                self.c.call("textDocument/completion", pos)
        self.alive()

    def test_invalid_utf8_in_a_json_string_is_a_parse_error(self):
        body = b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"' + \
            URI.encode() + b'","languageId":"progresstxt","version":1,"text":"=== Notes ===\\n- \xff\xfe\xc0\x80"}}}'
        self.assert_refused(body, PARSE_ERROR)

    def test_a_lone_surrogate_escape_is_refused_or_kept_as_bytes(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
                           "params": {"textDocument": {"uri": "file:///tmp/\\ud800"},
                                      "position": {"line": 0, "character": 0}}}).encode()
        body = body.replace(b"\\\\ud800", b"\\ud800")
        self.c.send_raw(frame(body))
        self.c.drain()
        for m in [m for m in self.c.messages if "error" in m]:
            self.assertIn(m["error"]["code"], (PARSE_ERROR, INVALID_REQUEST, -32602), m)
        self.alive()

    def test_a_nul_in_a_method_name_is_an_unknown_method(self):
        reply = self.c.response(self.c.request("textDocument/hover\x00x", {}))
        self.assertIn("error", reply)
        self.alive()

    def test_deeply_nested_json_is_refused(self):
        self.assert_refused(b"[" * 100000 + b"]" * 100000, PARSE_ERROR)
        nested = b'{"a":' * 50000 + b"1" + b"}" * 50000
        self.assert_refused(b'{"jsonrpc":"2.0","method":"x","params":' + nested + b"}", PARSE_ERROR)

    def test_nesting_inside_a_valid_request_gets_an_answer(self):
        params = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}
        deep = 1
        for _ in range(500):
            deep = {"x": deep}
        params["extra"] = deep
        self.c.open(URI, "=== Notes ===\n- a\n")
        self.c.call("textDocument/hover", params)
        self.alive()

    def test_broken_headers_are_skipped(self):
        for garbage in (b"Content-Length: abc\r\n\r\n{}", b"Content-Length: -5\r\n\r\n",
                        b"X: y\r\n\r\n", b"\x00\xff\r\n\r\n"):
            self.c.send_raw(garbage)
            self.c.drain()
            self.c.messages.clear()
        self.alive()


class Vanishing(ServerTest):
    """A client that goes away: the server ends by itself, with a normal exit and no sanitizer report."""

    def test_stdin_closed_mid_message(self):
        self.c.initialize()
        self.c.send_raw(b'Content-Length: 500\r\n\r\n{"jsonrpc":"2.0","id":3,"method":"textDoc')
        self.c.close_stdin()
        self.assertGreaterEqual(self.c.wait_exit(), 0)

    def test_stdin_closed_mid_header(self):
        self.c.initialize()
        self.c.send_raw(b"Content-Len")
        self.c.close_stdin()
        self.assertGreaterEqual(self.c.wait_exit(), 0)

    def test_reader_gone_while_answers_are_large(self):
        self.c.initialize()
        self.c.open(URI, "=== Notes ===\n" + "".join("- item %d\n" % i for i in range(20000)))
        for _ in range(50):
            self.c.request("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.c.proc.stdout.close()
        try:
            for _ in range(50):
                self.c.request("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
            self.c.close_stdin()
        except BrokenPipeError:
            pass
        code = self.c.proc.wait(timeout=30)
        self.assertGreaterEqual(code, 0, "ended by signal %d" % -code)


class NoInitialize(ServerTest):
    def test_odd_bytes_before_initialize_then_a_normal_session(self):
        self.c.send_raw(frame(b"\xff\xfe"))
        self.c.send_raw(frame(b"[" * 5000))
        self.c.initialize()
        self.c.open(URI, "=== Notes ===\n- a\n")
        self.assertEqual(len(self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}})), 1)


if __name__ == "__main__":
    main()
