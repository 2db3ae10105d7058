"""test_lifecycle.py — initialize, initialized, shutdown, exit; exit codes; stdin closing; the editor dying; argv."""
import os
import subprocess
import tempfile
import time
import unittest

from lspclient import LspClient, ServerTest, binary, frame, main


class Initialize(ServerTest):
    def test_capabilities_and_server_info(self):
        r = self.c.initialize()
        caps = r["capabilities"]
        self.assertEqual(caps["textDocumentSync"]["change"], 2, "incremental sync")
        self.assertTrue(caps["textDocumentSync"]["openClose"])
        self.assertTrue(caps["documentSymbolProvider"])
        self.assertTrue(caps["foldingRangeProvider"])
        self.assertIn("diagnosticProvider", caps)
        self.assertEqual(r["serverInfo"]["name"], "progress-ls")
        version = subprocess.run([binary(), "--version"], capture_output=True, text=True).stdout.split()[-1]
        self.assertEqual(r["serverInfo"]["version"], version)

    def test_utf8_when_offered(self):
        r = self.c.initialize(encodings=["utf-16", "utf-8"])
        self.assertEqual(r["capabilities"]["positionEncoding"], "utf-8")

    def test_utf16_when_utf8_not_offered(self):
        r = self.c.initialize(encodings=["utf-32", "utf-16"])
        self.assertEqual(r["capabilities"]["positionEncoding"], "utf-16")

    def test_utf16_by_default(self):
        r = self.c.initialize()
        self.assertEqual(r["capabilities"]["positionEncoding"], "utf-16")

    def test_initialize_twice_is_invalid(self):
        self.c.initialize()
        err = self.c.response(self.c.request("initialize", {"processId": None, "capabilities": {}}))["error"]
        self.assertEqual(err["code"], -32600)

    def test_initialize_without_params_is_invalid_params(self):
        err = self.c.response(self.c.request("initialize"))["error"]
        self.assertEqual(err["code"], -32602)
        # The server is still uninitialized and still serving: a proper initialize works.
        self.c.initialize()


class Exit(ServerTest):
    def test_shutdown_then_exit_is_0(self):
        self.c.initialize()
        self.assertIsNone(self.c.call("shutdown"))
        self.c.notify("exit")
        self.assertEqual(self.c.wait_exit(), 0)

    def test_params_null_is_omitted_params(self):
        """Emacs's jsonrpc (eglot) writes nil params as null: shutdown, exit, initialized and workspace
        notifications take it like no params; a request that needs params says so and the server keeps serving."""
        init = self.c.request("initialize", {"processId": None, "capabilities": {}})
        self.assertIn("capabilities", self.c.result(init))
        self.c.send({"jsonrpc": "2.0", "method": "initialized", "params": None})
        for method in ("workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles",
                       "workspace/didChangeWorkspaceFolders"):
            self.c.send({"jsonrpc": "2.0", "method": method, "params": None})
        self.c.send({"jsonrpc": "2.0", "id": 7, "method": "textDocument/completion", "params": None})
        err = self.c.response(7)["error"]
        self.assertEqual(err["code"], -32602, "completion needs params: invalid params, not invalid request")
        self.c.send({"jsonrpc": "2.0", "id": 8, "method": "shutdown", "params": None})
        response = self.c.response(8)
        self.assertNotIn("error", response)
        self.assertIsNone(response["result"])
        self.c.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        self.assertEqual(self.c.wait_exit(), 0, "exit with params null after shutdown ends with 0")

    def test_exit_without_shutdown_is_1(self):
        self.c.initialize()
        self.c.notify("exit")
        self.assertEqual(self.c.wait_exit(), 1)

    def test_exit_before_initialize_is_1(self):
        self.c.notify("exit")
        self.assertEqual(self.c.wait_exit(), 1)

    def test_requests_after_shutdown_are_invalid(self):
        self.c.initialize()
        self.c.call("shutdown")
        err = self.c.response(self.c.request("textDocument/documentSymbol",
                                             {"textDocument": {"uri": "file:///x"}}))["error"]
        self.assertEqual(err["code"], -32600)
        self.c.notify("exit")
        self.assertEqual(self.c.wait_exit(), 0)

    def test_closed_stdin_exits_1(self):
        self.c.initialize()
        self.c.close_stdin()
        self.assertEqual(self.c.wait_exit(), 1)

    def test_closed_stdin_after_shutdown_exits_0(self):
        self.c.initialize()
        self.c.call("shutdown")
        self.c.close_stdin()
        self.assertEqual(self.c.wait_exit(), 0)

    def test_closed_stdin_mid_message_exits(self):
        self.c.initialize()
        self.c.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
        self.c.close_stdin()
        self.assertEqual(self.c.wait_exit(), 1)

    def test_answers_queued_before_exit_are_written(self):
        self.c.initialize()
        ids = [self.c.request("textDocument/foldingRange", {"textDocument": {"uri": "file:///none"}})
               for _ in range(50)]
        self.c.request("shutdown", id="bye")
        self.c.notify("exit")
        self.assertEqual(self.c.wait_exit(), 0)
        for i in ids:
            self.assertEqual(self.c.response(i)["error"]["code"], -32602)
        self.assertIsNone(self.c.result("bye"))


class EditorDies(ServerTest):
    def test_exits_when_process_id_dies(self):
        editor = subprocess.Popen(["sleep", "60"])
        try:
            self.c.initialize(process_id=editor.pid)
            editor.kill()
            editor.wait()  # reaped: kill(pid, 0) now fails
            self.assertEqual(self.c.wait_exit(timeout=5), 1)
        finally:
            if editor.poll() is None:
                editor.kill()
                editor.wait()

    def test_keeps_running_while_process_id_lives(self):
        self.c.initialize(process_id=os.getpid())
        time.sleep(1.5)  # past one poll
        self.assertIsNone(self.c.proc.poll())
        self.assertEqual(self.c.shutdown_and_exit(), 0)


class StdinKinds(unittest.TestCase):
    def session_bytes(self):
        return (frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                       "params": {"processId": None, "capabilities": {}}})
                + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
                + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
                + frame({"jsonrpc": "2.0", "method": "exit"}))

    def run_with_files(self):
        with tempfile.TemporaryFile() as inp, tempfile.TemporaryFile() as out:
            inp.write(self.session_bytes())
            inp.seek(0)
            code = subprocess.run([binary()], stdin=inp, stdout=out, stderr=subprocess.DEVNULL, timeout=10).returncode
            out.seek(0)
            return code, out.read()

    def test_regular_files_for_stdin_and_stdout(self):
        code, data = self.run_with_files()
        self.assertEqual(code, 0)
        self.assertIn(b'"id":1,"result":{"capabilities"', data)
        self.assertIn(b'"id":2,"result":null', data)

    def test_file_stdin_without_exit_ends_at_eof(self):
        with tempfile.TemporaryFile() as inp:
            inp.write(self.session_bytes()[:-len(frame({"jsonrpc": "2.0", "method": "exit"}))])
            inp.seek(0)
            p = subprocess.run([binary()], stdin=inp, capture_output=True, timeout=10)
            self.assertEqual(p.returncode, 0, "shutdown was received, then end of input")
            self.assertIn(b'"id":2,"result":null', p.stdout)

    def test_empty_stdin_exits_1(self):
        p = subprocess.run([binary()], stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, b"")


class CommandLine(unittest.TestCase):
    def test_version(self):
        p = subprocess.run([binary(), "--version"], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stdout, r"^progress-ls \d+\.\d+\.\d+\n$")

    def test_help(self):
        p = subprocess.run([binary(), "--help"], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 0)
        self.assertIn("--log-file", p.stdout)
        self.assertIn("progress-ls check --help", p.stdout)

    def test_unknown_argument_is_2(self):
        p = subprocess.run([binary(), "--frobnicate"], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--frobnicate", p.stderr)
        self.assertEqual(p.stdout, "")

    def test_bad_log_level_is_2(self):
        p = subprocess.run([binary(), "--log-level", "loud"], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 2)
        self.assertIn("loud", p.stderr)

    def test_stdio_flag_and_log_file(self):
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "server.log")
            c = LspClient(["--stdio", "--log-file", log, "--log-level", "debug"])
            try:
                c.initialize()
                c.send_raw(frame(b"{not json"))
                self.assertEqual(c.take(lambda m: "error" in m)["error"]["code"], -32700)
                self.assertEqual(c.shutdown_and_exit(), 0)
            finally:
                c.kill()
            with open(log) as f:
                text = f.read()
            self.assertIn("Parse error", text)
            self.assertIn("initialize", text, "debug level logs the traffic")


if __name__ == "__main__":
    main()
