"""test_windows.py — the win32-x64 progress-ls.exe under wine64, as a Windows user runs it: --version, `check` in
every output format on the corpus (the same bytes as the Linux binary), `fmt --check`, an LSP session through its
stdio on a workspace named by file:///z%3A/... URIs (initialize, didOpen, documentSymbol, completion of workspace
paths, a code action, shutdown), CRLF files, and paths written C:\\... and Z:\\... .

PROGRESS_LS_EXE: the .exe; PROGRESS_LS_LINUX: the linux-x64 binary it is compared with; WINE: wine64; CORPUS_DIR.
Wine shows the Linux root as drive Z: (Z:\\tmp\\x is /tmp/x) and its prefix's drive_c as C:.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lsp"))
import lspclient  # noqa: E402
from lspclient import LspClient  # noqa: E402

EXE = os.environ["PROGRESS_LS_EXE"]
LINUX = os.environ["PROGRESS_LS_LINUX"]
WINE = os.environ.get("WINE", "/usr/lib/wine/wine64")
CORPUS = os.environ["CORPUS_DIR"]
PREFIX = os.environ.setdefault("WINEPREFIX", os.path.join(tempfile.gettempdir(), "progress-ls-wineprefix"))
os.environ["WINEDEBUG"] = "-all"
FORMATS = ["concise", "full", "github", "sarif", "junit", "json", "json-lines"]

PROGRESS = ("=== Session State ===\n"
            "Last completed: the exporter's CSV writer\n"
            "Next task: wire the exporter into the CLI\n"
            "Blockers: None\n"
            "Current phase: 2 of 3 (Integration)\n"
            "Complexity level: Medium\n"
            "\n"
            "=== Files Modified ===\n"
            "src/exporter/csv.py\n"
            "\n"
            "=== Files To Modify ===\n"
            "src/cli/main.py (add the export command)\n"
            "src/\n"
            "\n"
            "=== Notes ===\n"
            "- one exporter per format\n")


def wine(*args, cwd=None, stdin=None):
    return subprocess.run([WINE, EXE, *args], cwd=cwd, input=stdin, capture_output=True, timeout=120)


def linux(*args, cwd=None):
    return subprocess.run([LINUX, *args], cwd=cwd, capture_output=True, timeout=60)


def z_path(path):
    """The Windows name wine gives a Linux path: Z:\\tmp\\x."""
    return "Z:" + path.replace("/", "\\")


def z_uri(path):
    """The URI VS Code on Windows sends for it: file:///z%3A/tmp/x."""
    return "file:///z%3A" + path


class Commands(unittest.TestCase):

    def test_version(self):
        p = wine("--version")
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stdout.decode().strip(), linux("--version").stdout.decode().strip())

    def test_check_prints_what_linux_prints_in_every_format(self):
        files = sorted(os.path.basename(f) for f in glob.glob(os.path.join(CORPUS, "*.txt")))
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                w = wine("check", "--output-format", fmt, *files, cwd=CORPUS)
                native = linux("check", "--output-format", fmt, *files, cwd=CORPUS)
                self.assertEqual(w.returncode, native.returncode)
                # SARIF's base: the folder as Windows names it (file:///z%3A/tmp/x for /tmp/x).
                self.assertEqual(w.stdout.decode().replace("file:///z%3A/", "file:///"), native.stdout.decode())
                if fmt in ("sarif", "json"):
                    json.loads(w.stdout)

    def test_fmt_check_answers_as_on_linux(self):
        for name in ("crlf.txt", "example.txt", "bad-fields.txt", "minimal.txt"):
            with self.subTest(file=name):
                w = wine("fmt", "--check", name, cwd=CORPUS)
                self.assertEqual(w.returncode, linux("fmt", "--check", name, cwd=CORPUS).returncode)


class Paths(unittest.TestCase):

    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="progress-ls-win-"))
        with open(os.path.join(self.dir, "progress.txt"), "wb") as f:
            f.write(PROGRESS.replace("Medium", "Meduim").replace("\n", "\r\n").encode())

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_a_crlf_file_named_by_a_z_drive_path(self):
        w = wine("check", z_path(os.path.join(self.dir, "progress.txt")))
        self.assertEqual(w.returncode, 1)
        out = w.stdout.decode()
        # The finding is where it is on Linux: line 6, the column of the value, no \r counted.
        self.assertIn(":6:19: error: invalid complexity level \"Meduim\"", out)
        self.assertEqual(out.count("\n"), 1, out)

    def test_the_briefing_and_a_kept_mcp_state(self):
        # The evidence's folder from the canonical C:/ form (libuv's own realpath answers with backslashes on
        # Windows: the briefing died of a negative length before), and one MCP server seeing feature_list.json
        # change between two calls.
        w = wine("prime", cwd=self.dir)
        self.assertEqual(w.returncode, 0, w.stderr)
        self.assertEqual(w.stdout.decode(), linux("prime", cwd=self.dir).stdout.decode())
        meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}
        p = subprocess.Popen([WINE, EXE, "mcp"], cwd=self.dir, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            def state(rid):
                msg = {"jsonrpc": "2.0", "id": rid, "method": "tools/call", "params": {"name": "state", "_meta": meta}}
                p.stdin.write((json.dumps(msg) + "\n").encode())
                p.stdin.flush()
                return json.loads(p.stdout.readline())["result"]["structuredContent"]
            self.assertNotIn("features", state(1))
            with open(os.path.join(self.dir, "feature_list.json"), "w") as f:
                json.dump([{"description": "export", "passes": True}], f)
            self.assertEqual(state(2)["features"], {"source": "feature_list.json", "passing": 1, "total": 1})
        finally:
            p.stdin.close()
            p.wait(timeout=60)

    def test_a_c_drive_path_with_backslashes(self):
        drive_c = os.path.join(PREFIX, "drive_c")
        os.makedirs(os.path.join(drive_c, "progress-ls-test"), exist_ok=True)
        shutil.copy(os.path.join(self.dir, "progress.txt"), os.path.join(drive_c, "progress-ls-test", "progress.txt"))
        try:
            w = wine("check", "C:\\progress-ls-test\\progress.txt")
            self.assertEqual(w.returncode, 1, w.stderr.decode())
            self.assertIn("C:\\progress-ls-test\\progress.txt:6:19: error", w.stdout.decode())
            w = wine("check", "--output-format", "json", "C:\\progress-ls-test")
            found = json.loads(w.stdout)
            self.assertEqual([f["line"] for f in found], [6])
        finally:
            shutil.rmtree(os.path.join(drive_c, "progress-ls-test"), ignore_errors=True)


class Session(unittest.TestCase):
    """The LSP session an editor on Windows holds, through the .exe's stdin and stdout."""

    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="progress-ls-winws-"))
        for rel in ("src/exporter/csv.py", "src/exporter/json_out.py", "src/cli/main.py", "README.md"):
            os.makedirs(os.path.dirname(os.path.join(self.dir, rel)), exist_ok=True)
            open(os.path.join(self.dir, rel), "w").close()
        self.text = PROGRESS.replace("\n", "\r\n")
        with open(os.path.join(self.dir, "progress.txt"), "wb") as f:
            f.write(self.text.encode())
        self.wrapper = self.dir + "-server.sh"
        with open(self.wrapper, "w") as f:
            f.write('#!/bin/sh\nexec "%s" "%s" "$@"\n' % (WINE, EXE))
        os.chmod(self.wrapper, 0o755)
        os.environ["PROGRESS_LS"] = self.wrapper
        self.c = LspClient()
        self.uri = z_uri(os.path.join(self.dir, "progress.txt"))

    def tearDown(self):
        self.c.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
        os.unlink(self.wrapper)

    def start(self):
        params = {"processId": None, "rootUri": z_uri(self.dir),
                  "capabilities": lspclient.WORKSPACE_CAPS,
                  "workspaceFolders": [{"uri": z_uri(self.dir), "name": "ws"}]}
        result = self.c.call("initialize", params, timeout=60)
        self.assertIn("completionProvider", result["capabilities"])
        self.c.notify("initialized", {})
        lspclient.wait_indexed(self.c)

    def definition(self, text, line_text):
        line = text.split("\r\n").index(line_text)
        return self.c.call("textDocument/definition", {"textDocument": {"uri": self.uri},
                                                       "position": {"line": line, "character": 3}}, timeout=30)

    def test_a_link_out_of_the_workspace_is_never_followed(self):
        # Wine 8 shows a Unix link to a folder as a reparse point only in the attributes read by name
        # (GetFileAttributesW), with no reparse data, and libuv's lstat reads a handle that lacks even that: the
        # platform layer's lstat takes the name's attribute for the link it is. (A Unix link to a file wine 8 shows
        # as the file itself, with no trace of a link: that case cannot be tried under wine.)
        outside = self.dir + "-outside"
        os.makedirs(outside)
        self.addCleanup(shutil.rmtree, outside, True)
        open(os.path.join(outside, "secret.py"), "w").close()
        text = self.text.replace("src/\r\n", "src/\r\nescape-link/secret.py\r\nsrc/cli/added.py\r\n")
        self.start()
        self.c.open(self.uri, text)
        self.c.diagnostics(self.uri, timeout=30)
        # The link made after the indexing, as a user would: the editor's change event names the path behind it,
        # which the root boundary (index/root.c) checks folder by folder before indexing it. A file created inside,
        # in the same event, shows when the event has been handled.
        os.symlink(outside, os.path.join(self.dir, "escape-link"))
        open(os.path.join(self.dir, "src/cli/added.py"), "w").close()
        self.c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": z_uri(os.path.join(self.dir, "escape-link/secret.py")), "type": 1},
            {"uri": z_uri(os.path.join(self.dir, "src/cli/added.py")), "type": 1}]})
        deadline = time.monotonic() + 20
        while not self.definition(text, "src/cli/added.py") and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertTrue(self.definition(text, "src/cli/added.py"), "the created file inside is indexed")
        self.assertIsNone(self.definition(text, "escape-link/secret.py"), "a path through a link out of the root")

    def test_a_session_on_a_windows_workspace(self):
        c = self.c
        self.start()
        c.open(self.uri, self.text)
        diags = c.diagnostics(self.uri, timeout=30)["diagnostics"]
        self.assertEqual([d.get("code") for d in diags if d.get("severity") == 1], [])

        symbols = c.call("textDocument/documentSymbol", {"textDocument": {"uri": self.uri}}, timeout=30)
        names = [s["name"] for s in symbols]
        self.assertEqual(names[:2], ["Session State", "Files Modified"])
        # CRLF: a line's range ends before its \r.
        state = symbols[0]
        self.assertEqual(state["range"]["start"], {"line": 0, "character": 0})

        line = self.text.split("\r\n").index("src/")
        comp = c.call("textDocument/completion",
                      {"textDocument": {"uri": self.uri}, "position": {"line": line, "character": 4}}, timeout=30)
        lspclient.answer_server_requests(c)
        labels = [i["label"] for i in (comp["items"] if isinstance(comp, dict) else comp)]
        self.assertTrue(any(label.startswith("src/exporter") or label == "exporter/" or "exporter" in label
                            for label in labels), labels)
        self.assertTrue(any("cli" in label for label in labels), labels)

        item = self.text.split("\r\n").index("src/cli/main.py (add the export command)")
        actions = c.call("textDocument/codeAction", {
            "textDocument": {"uri": self.uri},
            "range": {"start": {"line": item, "character": 0}, "end": {"line": item, "character": 3}},
            "context": {"diagnostics": []}}, timeout=30)
        lspclient.answer_server_requests(c)
        moves = [a for a in actions if "edit" in a and self.uri in a["edit"].get("changes", {})]
        self.assertTrue(moves, [a["title"] for a in actions])

        c.call("shutdown", timeout=30)
        c.notify("exit")
        # With stdin still open: wine's stdio pipes refuse libuv's named-pipe calls, so the server reads stdin with
        # blocking reads on a thread of its own there (on Windows itself stdin is a named pipe, read as a stream), and
        # `exit` must not wait for the read in flight, which returns only when the client writes or closes its end.
        self.assertEqual(c.wait_exit(timeout=30), 0, "the server ends at `exit`, its stdin still open")


if __name__ == "__main__":
    unittest.main(verbosity=2)
