"""test_framing.py — the Content-Length framing as clients really send it: byte by byte, many per write, odd headers."""
import json
import time

from lspclient import ServerTest, frame, main

INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}}
DOC = "file:///w/progress.txt"


def requests(n, first_id=10):
    return [{"jsonrpc": "2.0", "id": first_id + i, "method": "textDocument/foldingRange",
             "params": {"textDocument": {"uri": DOC}}} for i in range(n)]


def did_open(text):
    return {"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": DOC, "languageId": "progresstxt", "version": 1, "text": text}}}


TEXT = "=== Session State ===\nNext task: 🚀 ship\n\n=== Notes ===\n- 日本語\n- b\n"


class Framing(ServerTest):
    def session(self):
        return [frame(INIT), frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}), frame(did_open(TEXT))] \
            + [frame(r) for r in requests(3)]

    def assert_session_answered(self):
        self.assertIn("capabilities", self.c.result(1))
        folds = [self.c.result(10 + i) for i in range(3)]
        self.assertEqual(folds[0], folds[1])
        self.assertEqual([(f["startLine"], f["endLine"]) for f in folds[0]], [(0, 1), (3, 5)])

    def test_one_byte_at_a_time(self):
        data = b"".join(self.session())
        for i in range(len(data)):
            self.c.send_raw(data[i:i + 1])
        self.assert_session_answered()

    def test_one_byte_at_a_time_with_pauses(self):
        # Slow enough that the server really reads fragments, not one coalesced buffer.
        data = b"".join(self.session())
        for i in range(len(data)):
            self.c.send_raw(data[i:i + 1])
            if i % 97 == 0:
                time.sleep(0.001)
        self.assert_session_answered()

    def test_everything_in_one_write(self):
        self.c.send_raw(b"".join(self.session()))
        self.assert_session_answered()

    def test_many_messages_in_one_write(self):
        self.c.send_raw(b"".join(self.session()))
        self.assert_session_answered()
        batch = requests(500, first_id=1000)
        self.c.send_raw(b"".join(frame(r) for r in batch))
        for r in batch:
            self.assertEqual(len(self.c.result(r["id"])), 2)

    def test_split_inside_the_header_and_the_body(self):
        data = b"".join(self.session())
        for cut in (5, 17, 19, 20, 23, 40):
            self.c.send_raw(data[:cut])
            time.sleep(0.005)
            data = data[cut:]
        self.c.send_raw(data)
        self.assert_session_answered()

    def test_header_names_in_any_case_and_a_content_type(self):
        body = json.dumps(INIT).encode()
        self.c.send_raw(b"content-length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
                        % len(body) + body)
        self.assertIn("capabilities", self.c.result(1))
        body = json.dumps(requests(1)[0]).encode()
        self.c.send_raw(b"CONTENT-TYPE: x\r\nCONTENT-LENGTH:%d  \r\n\r\n" % len(body) + body)
        self.assertEqual(self.c.response(10)["error"]["code"], -32602, "answered: the document is not open")

    def test_garbage_between_messages_costs_only_itself(self):
        self.c.send_raw(frame(INIT) + b"\r\n\r\nnoise noise\r\n\r\n" + frame(requests(1)[0]))
        self.assertIn("capabilities", self.c.result(1))
        self.assertEqual(self.c.take(lambda m: "error" in m and m["id"] is None)["error"]["code"], -32700)
        self.assertEqual(self.c.response(10)["error"]["code"], -32602, "the request after the noise is answered")

    def test_multibyte_body_length_counts_bytes(self):
        self.c.send_raw(frame(INIT))
        self.c.result(1)
        text = "=== Notes ===\n- é 😀 日本\n"
        self.c.send_raw(frame(json.dumps(did_open(text), ensure_ascii=False).encode("utf-8")))
        self.c.send_raw(frame(requests(1)[0]))
        self.assertEqual([(f["startLine"], f["endLine"]) for f in self.c.result(10)], [(0, 1)])


if __name__ == "__main__":
    main()
