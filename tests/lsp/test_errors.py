"""test_errors.py — every JSON-RPC error the server gives, and that no bad message stops it serving."""
import json

from lspclient import ServerTest, frame, main

DOC = "file:///w/progress.txt"


class ErrorsTest(ServerTest):
    def error_of(self, raw):
        """Sends raw bytes (one framed body) and returns the one error reply it earns."""
        self.c.send_raw(frame(raw))
        return self.c.take(lambda m: "error" in m)

    def assert_still_serving(self):
        """The document opened at the start ("=== Notes ===\\n- a\\n") still answers: one fold, lines 0-1."""
        folds = self.c.call("textDocument/foldingRange", {"textDocument": {"uri": DOC}})
        self.assertEqual([(f["startLine"], f["endLine"]) for f in folds], [(0, 1)])


class ParseError(ErrorsTest):
    def test_malformed_json_is_32700_with_null_id(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        for body in [b'{"jsonrpc":"2.0","id":7,"method":', b"not json at all", b"{}}", b"\xff\xfe{}", b""]:
            with self.subTest(body=body):
                m = self.error_of(body)
                self.assertEqual(m["error"]["code"], -32700)
                self.assertIn("id", m)
                self.assertIsNone(m["id"])
        self.assert_still_serving()


class InvalidRequest(ErrorsTest):
    def test_shapes_that_are_not_requests(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        cases = [
            ([1, 2], None),                                                    # a batch: LSP has none
            ("a string", None),
            ({"id": 3, "method": "shutdown"}, 3),                              # no "jsonrpc"
            ({"jsonrpc": "1.0", "id": 4, "method": "shutdown"}, 4),
            ({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}, None),  # id of the wrong type
            ({"jsonrpc": "2.0", "id": 5, "method": 42}, 5),                    # method not a string
            ({"jsonrpc": "2.0", "id": 6, "method": "shutdown", "params": 3}, 6),
            ({"jsonrpc": "2.0", "id": None, "method": "shutdown"}, None),
            ({"jsonrpc": "2.0", "id": 8}, 8),                                  # neither request nor response
        ]
        for msg, id in cases:
            with self.subTest(msg=msg):
                m = self.error_of(json.dumps(msg).encode())
                self.assertEqual(m["error"]["code"], -32600)
                self.assertEqual(m["id"], id)
        self.assert_still_serving()


class MethodNotFound(ErrorsTest):
    def test_unknown_requests(self):
        self.c.initialize()
        for method in ["textDocument/frobnicate", "$/unknownRequest", "initialized"]:
            with self.subTest(method=method):
                err = self.c.response(self.c.request(method, {}))["error"]
                self.assertEqual(err["code"], -32601)
                self.assertIn(method, err["message"])

    def test_unknown_notifications_are_ignored(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        self.c.diagnostics(DOC)
        for method in ["textDocument/frobnicate", "$/setTrace", "$/progress", "$/whatever", "shutdown"]:
            self.c.notify(method, {"value": 1})
        self.assert_still_serving()
        self.c.drain()
        self.assertEqual([m for m in self.c.messages if "error" in m or "id" in m], [],
                         "no reply of any kind to notifications")


class InvalidParams(ErrorsTest):
    def test_wrong_shapes(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        cases = [
            ("textDocument/documentSymbol", {}),
            ("textDocument/documentSymbol", {"textDocument": {"uri": 5}}),
            ("textDocument/documentSymbol", {"textDocument": "file:///w/progress.txt"}),
            ("textDocument/foldingRange", {"textDocument": {"uri": "file:///not/open"}}),
            ("textDocument/diagnostic", []),
        ]
        for method, params in cases:
            with self.subTest(method=method, params=params):
                err = self.c.response(self.c.request(method, params))["error"]
                self.assertEqual(err["code"], -32602)
        self.assert_still_serving()

    def test_initialize_params(self):
        for params in [[], {"processId": "me", "capabilities": {}}, {"processId": None, "capabilities": 3}]:
            with self.subTest(params=params):
                err = self.c.response(self.c.request("initialize", params))["error"]
                self.assertEqual(err["code"], -32602)

    def test_bad_did_change_leaves_the_text_alone(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        before = self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": DOC}})
        bad_changes = [
            [{"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}],
            [{"range": {"start": {"line": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}],
            [{"text": "=== Session State ===\n"}, {"text": 5}],
            [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}],
        ]
        for i, changes in enumerate(bad_changes):
            self.c.change(DOC, 2 + i, changes)
        self.assertEqual(self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": DOC}}), before)


class NotInitialized(ErrorsTest):
    def test_requests_before_initialize_are_32002(self):
        for method in ["textDocument/documentSymbol", "shutdown", "textDocument/frobnicate"]:
            with self.subTest(method=method):
                err = self.c.response(self.c.request(method, {"textDocument": {"uri": DOC}}))["error"]
                self.assertEqual(err["code"], -32601 if method == "textDocument/frobnicate" else -32002)

    def test_notifications_before_initialize_are_dropped(self):
        self.c.open(DOC, "=== Notes ===\n- a\n")
        self.c.initialize()
        err = self.c.response(self.c.request("textDocument/foldingRange", {"textDocument": {"uri": DOC}}))["error"]
        self.assertEqual(err["code"], -32602, "the didOpen before initialize was dropped")


class Cancelled(ErrorsTest):
    def test_cancel_in_the_same_write_is_32800(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        req = {"jsonrpc": "2.0", "id": "slow", "method": "textDocument/documentSymbol",
               "params": {"textDocument": {"uri": DOC}}}
        other = dict(req, id="kept")
        cancel = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": "slow"}}
        self.c.send_raw(frame(req) + frame(other) + frame(cancel))
        self.assertEqual(self.c.response("slow")["error"]["code"], -32800)
        self.assertIsInstance(self.c.result("kept"), list)

    def test_cancel_with_integer_id(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        req = {"jsonrpc": "2.0", "id": 41, "method": "textDocument/foldingRange",
               "params": {"textDocument": {"uri": DOC}}}
        self.c.send_raw(frame(req) + frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 41}}))
        self.assertEqual(self.c.response(41)["error"]["code"], -32800)

    def test_cancel_after_the_answer_changes_nothing(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        id = self.c.request("textDocument/foldingRange", {"textDocument": {"uri": DOC}})
        self.assertIsInstance(self.c.result(id), list)
        self.c.notify("$/cancelRequest", {"id": id})
        self.c.notify("$/cancelRequest", {"id": "never-sent"})
        self.c.notify("$/cancelRequest", {})
        self.assert_still_serving()


class BadFrames(ErrorsTest):
    def test_bad_header_is_answered_and_skipped(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        for bad in [b"Content-Length: twelve\r\n\r\n{}",
                    b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
                    b"garbage without a colon\r\n\r\n"]:
            with self.subTest(bad=bad):
                self.c.send_raw(bad)
                self.assertEqual(self.c.take(lambda m: "error" in m)["error"]["code"], -32700)
                self.assert_still_serving()

    def test_body_over_64_mib_is_answered_and_skipped(self):
        self.c.initialize()
        self.c.open(DOC, "=== Notes ===\n- a\n")
        size = (64 << 20) + 1
        self.c.send_raw(b"Content-Length: %d\r\n\r\n" % size)
        chunk = b" " * (1 << 20)
        for _ in range(size // len(chunk)):
            self.c.send_raw(chunk)
        self.c.send_raw(b" " * (size % len(chunk)))
        m = self.c.take(lambda m: "error" in m, timeout=30)
        self.assertEqual(m["error"]["code"], -32600)
        self.assertIsNone(m["id"])
        self.assert_still_serving()

    def test_huge_announced_length_is_not_buffered(self):
        self.c.initialize()
        self.c.send_raw(b"Content-Length: 99999999999999999999999\r\n\r\n")
        self.assertEqual(self.c.take(lambda m: "error" in m)["error"]["code"], -32700)


if __name__ == "__main__":
    main()
