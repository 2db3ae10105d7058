"""lspclient.py — a small LSP client for tests: spawn progress-ls, frame and unframe JSON-RPC, wait with timeouts.

Standard library only. Every read has a timeout, so a server that hangs fails the test instead of hanging it.
"""
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

DEFAULT_TIMEOUT = 10.0
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def binary():
    """The progress-ls under test: $PROGRESS_LS (set by ctest)."""
    path = os.environ.get("PROGRESS_LS")
    if not path:
        raise RuntimeError("set PROGRESS_LS to the progress-ls binary")
    return path


def frame(obj_or_bytes):
    """One message with its Content-Length header, as bytes."""
    body = obj_or_bytes if isinstance(obj_or_bytes, bytes) else json.dumps(obj_or_bytes).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Timeout(AssertionError):
    pass


class LspClient:
    """A running server. Messages it sends are parsed as they arrive; notifications are kept in order."""

    def __init__(self, args=(), stdin=subprocess.PIPE, env=None):
        # stderr goes to a file: a pipe nobody reads could fill up and stall the server.
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([binary(), *args], stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=self.err, env=env)
        self.buf = b""
        self.messages = []  # everything received and not yet taken, in order
        self.next_id = 0

    # ------------------------------------------------------------ sending

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj):
        self.send_raw(frame(obj))

    def request(self, method, params=None, id=None):
        """Sends a request; returns its id."""
        if id is None:
            self.next_id += 1
            id = self.next_id
        msg = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return id

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def close_stdin(self):
        self.proc.stdin.close()

    # ------------------------------------------------------------ receiving

    def _read_some(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Timeout("no answer from the server in time; got so far: %r" % self.messages[-3:])
        ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
        if not ready:
            raise Timeout("no answer from the server in time; got so far: %r" % self.messages[-3:])
        data = os.read(self.proc.stdout.fileno(), 1 << 20)
        if not data:
            raise EOFError("the server closed stdout")
        self.buf += data
        self._unframe()

    def _unframe(self):
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            headers = self.buf[:end].decode("ascii").split("\r\n")
            # Anything but protocol on stdout shows up here as a header that is not Content-Length.
            assert len(headers) == 1 and headers[0].startswith("Content-Length: "), \
                "not a protocol header on stdout: %r" % self.buf[:200]
            length = int(headers[0][len("Content-Length: "):])
            if len(self.buf) < end + 4 + length:
                return
            body = self.buf[end + 4:end + 4 + length]
            self.buf = self.buf[end + 4 + length:]
            self.messages.append(json.loads(body.decode("utf-8")))

    def take(self, match, timeout=DEFAULT_TIMEOUT):
        """Removes and returns the first received message for which match(msg) is true, waiting for it."""
        deadline = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.messages):
                if match(m):
                    return self.messages.pop(i)
            self._read_some(deadline)

    def response(self, id, timeout=DEFAULT_TIMEOUT):
        """The response to request `id` (the whole message: result or error)."""
        return self.take(lambda m: "method" not in m and m.get("id") == id, timeout)

    def result(self, id, timeout=DEFAULT_TIMEOUT):
        msg = self.response(id, timeout)
        if "error" in msg:
            raise AssertionError("request %r failed: %r" % (id, msg["error"]))
        return msg["result"]

    def call(self, method, params=None, timeout=DEFAULT_TIMEOUT):
        return self.result(self.request(method, params), timeout)

    def notification(self, method, timeout=DEFAULT_TIMEOUT, match=None):
        return self.take(lambda m: m.get("method") == method and "id" not in m and (match is None or match(m)),
                         timeout)

    def diagnostics(self, uri, timeout=DEFAULT_TIMEOUT, version=None):
        """The next publishDiagnostics params for `uri` (and `version` when given: a background refresh may still
        publish for the version before a change)."""
        return self.notification("textDocument/publishDiagnostics", timeout,
                                 lambda m: m["params"]["uri"] == uri and
                                 (version is None or m["params"].get("version") == version))["params"]

    def drain(self, quiet=0.2):
        """Reads until the server has been silent for `quiet` seconds; returns nothing new is pending."""
        while True:
            ready, _, _ = select.select([self.proc.stdout], [], [], quiet)
            if not ready:
                return
            data = os.read(self.proc.stdout.fileno(), 1 << 20)
            if not data:
                return
            self.buf += data
            self._unframe()

    def wait_exit(self, timeout=DEFAULT_TIMEOUT):
        """The exit code, once the server has ended (reading whatever it still wrote)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                pass
            try:
                self._read_some(deadline)
            except EOFError:
                pass
            except Timeout:
                raise Timeout("the server did not exit within %.1fs" % timeout)

    # ------------------------------------------------------------ sessions

    def initialize(self, encodings=None, pull=False, options=None, process_id=None, extra_caps=None):
        caps = {"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": True}}}
        if encodings is not None:
            caps["general"] = {"positionEncodings": encodings}
        if pull:
            caps["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
        caps.update(extra_caps or {})
        params = {"processId": process_id, "rootUri": None, "capabilities": caps}
        if options is not None:
            params["initializationOptions"] = options
        result = self.call("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "progresstxt", "version": version, "text": text}})

    def change(self, uri, version, changes):
        self.notify("textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes})

    def shutdown_and_exit(self):
        self.call("shutdown")
        self.notify("exit")
        return self.wait_exit()

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def kill(self):
        """Ends the server however it is doing; fails if a sanitizer reported anything on its stderr.

        A running server is ended by closing its stdin, so that it frees everything and leak checkers
        (ASan, valgrind) see a normal exit; only a server that ignores that is killed.
        """
        if self.proc.poll() is None:
            try:
                # stdout too: a server blocked on a full pipe nobody reads gets EPIPE and ends as well.
                self.proc.stdin.close()
                self.proc.stdout.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if f and not f.closed:
                try:
                    f.close()
                except OSError:
                    pass
        err = self.stderr()
        self.err.close()
        for marker in SANITIZER_MARKERS:
            if marker in err:
                raise AssertionError("the server's stderr has a sanitizer report:\n" + err[-4000:])


# ------------------------------------------------------------ workspace sessions (added for the workspace tests)

def file_uri(path):
    """The file:// URI of an absolute path, percent-encoded as editors write it."""
    import urllib.parse
    return "file://" + urllib.parse.quote(path)


WORKSPACE_CAPS = {
    "window": {"workDoneProgress": True},
    "workspace": {"configuration": True, "didChangeWatchedFiles": {"dynamicRegistration": True},
                  "workspaceFolders": True},
    "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                     "documentSymbol": {"hierarchicalDocumentSymbolSupport": True}},
}


def initialize_workspace(client, folders=(), options=None, caps=None, configuration=None):
    """initialize with `folders` (absolute paths) as workspace folders and WORKSPACE_CAPS (or `caps`), then
    initialized; answers the server's requests (progress token, registration, `configuration` for
    workspace/configuration) and waits until indexing has ended. Returns the initialize result."""
    params = {"processId": None, "rootUri": None, "capabilities": WORKSPACE_CAPS if caps is None else caps,
              "workspaceFolders": [{"uri": file_uri(f), "name": os.path.basename(f)} for f in folders]}
    if options is not None:
        params["initializationOptions"] = options
    result = client.call("initialize", params)
    client.notify("initialized", {})
    if (caps or WORKSPACE_CAPS).get("window", {}).get("workDoneProgress"):
        wait_indexed(client, configuration)
    return result


def answer_server_requests(client, configuration=None):
    """Answers every request the server sent that is still unanswered: workspace/configuration with
    [configuration] (or [{}]), anything else with null. Returns the methods answered."""
    client.drain(0.05)
    answered = []
    for m in [m for m in client.messages if "method" in m and "id" in m]:
        client.messages.remove(m)
        result = [configuration if configuration is not None else {}] \
            if m["method"] == "workspace/configuration" else None
        client.send({"jsonrpc": "2.0", "id": m["id"], "result": result})
        answered.append(m["method"])
    return answered


def diagnostics_until(client, uri, pred, timeout=15):
    """The diagnostics of `uri` once `pred(diags)` holds, answering the server's requests meanwhile (evidence such
    as git's is read in the background); an AssertionError with the last ones when it never does."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        answer_server_requests(client)
        try:
            last = client.diagnostics(uri, timeout=max(0.05, min(1.0, deadline - time.monotonic())))
        except Timeout:
            continue
        if pred(last["diagnostics"]):
            return last["diagnostics"]
    raise AssertionError("diagnostics never satisfied the condition; last: %r" % (last,))


def wait_indexed(client, configuration=None, timeout=DEFAULT_TIMEOUT):
    """Waits for the end of the indexing progress, answering the server's requests meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        answer_server_requests(client, configuration)
        for m in client.messages:
            if m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end":
                client.messages.remove(m)
                return m["params"]["value"]
        if time.monotonic() > deadline:
            raise Timeout("indexing did not end in time; got %r" % client.messages[-3:])
        try:
            client._read_some(min(deadline, time.monotonic() + 0.1))
        except Timeout:
            pass


def utf16_offset(line, character):
    """The index into `line` (a str) of an LSP character offset counted in UTF-16 code units."""
    units = 0
    for i, ch in enumerate(line):
        if units >= character:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


def apply_edits(text, edits):
    """`text` with LSP TextEdits (UTF-16 positions, non-overlapping) applied, as an editor applies them."""
    lines = text.split("\n")

    def offset(pos):
        line = min(pos["line"], len(lines) - 1) if pos["line"] < len(lines) else len(lines)
        if line >= len(lines):
            return len(text)
        return sum(len(l) + 1 for l in lines[:line]) + utf16_offset(lines[line], pos["character"])

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def rng(l0, c0, l1, c1):
    return {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}


# The Session State block most test documents begin with (a template-shaped file half way through).
SESSION_STATE = """=== Session State ===
Last completed: Token service
Next task: Sessions
Blockers: None
Current phase: 2 of 4
Complexity level: Medium
"""


class DocumentTest(unittest.TestCase):
    """Each test gets a fresh server (self.c) on a fresh temporary workspace folder (self.root, holding the empty
    files FILES, relative paths) and edits its progress.txt (self.uri) with load(). The server is initialized on
    the folder with WORKSPACE_CAPS before the test; where INITIALIZE is false the test does it (initialize())."""

    FILES = ()
    INITIALIZE = True

    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-%s-" % type(self).__name__.lower()))
        for rel in self.FILES:
            os.makedirs(os.path.join(self.root, os.path.dirname(rel)), exist_ok=True)
            open(os.path.join(self.root, rel), "w").close()
        self.c = LspClient()
        self.uri = file_uri(os.path.join(self.root, "progress.txt"))
        self.version = 0
        if self.INITIALIZE:
            self.initialize()

    def initialize(self, options=None, caps=None, configuration=None):
        """initialize_workspace on self.root (its options, caps and configuration); returns the initialize result."""
        return initialize_workspace(self.c, [self.root], options=options, caps=caps, configuration=configuration)

    def tearDown(self):
        self.c.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def load(self, text):
        """Opens (first time) or replaces the document; returns the diagnostics the server publishes for it."""
        self.version += 1
        version = self.version
        if version == 1:
            self.c.open(self.uri, text)
        else:
            self.c.change(self.uri, version, [{"text": text}])
        self.text = text
        self.diags = self.c.notification("textDocument/publishDiagnostics", match=lambda m: m["params"].get(
            "version") == version)["params"]["diagnostics"]
        return self.diags


class ServerTest(unittest.TestCase):
    """Each test gets a fresh server in self.c; it is killed afterwards whatever happened."""

    args = ()

    def setUp(self):
        self.c = LspClient(self.args)

    def tearDown(self):
        self.c.kill()


def main():
    unittest.main(argv=sys.argv[:1], verbosity=2)
