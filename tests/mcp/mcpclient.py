"""mcpclient.py — what the MCP tests share: a project folder with a progress file in a git repository, and
`progress-ls mcp` driven over its stdio as a client drives it (one JSON message per line), in either revision."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "check"))
from checkrun import BIN, corpus_text, main, write_file  # noqa: E402,F401

MODERN = "2026-07-28"
LEGACY = "2025-11-25"
META = {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "tests", "version": "1"}}
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    return env


class Server:
    """`progress-ls mcp` in `cwd`: send() writes a line, request() waits for the answer with that id."""

    def __init__(self, cwd):
        self.proc = subprocess.Popen([BIN, "mcp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=clean_env())
        self.next_id = 1

    def send_line(self, line):
        self.proc.stdin.write(line if isinstance(line, bytes) else line.encode("utf-8"))
        self.proc.stdin.write(b"\n")
        self.proc.stdin.flush()

    def read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError("the server closed stdout: " + self.proc.stderr.read().decode("utf-8", "replace"))
        assert line.endswith(b"\n")
        return json.loads(line)

    def request(self, method, params=None, modern=True):
        rid = self.next_id
        self.next_id += 1
        params = dict(params or {})
        if modern:
            params["_meta"] = dict(META, **params.get("_meta", {}))
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params:
            msg["params"] = params
        self.send_line(json.dumps(msg))
        answer = self.read()
        assert answer.get("id") == rid, answer
        return answer

    def call(self, tool, modern=True, **arguments):
        return self.request("tools/call", {"name": tool, "arguments": arguments}, modern)

    def initialize(self, version=LEGACY):
        answer = self.request("initialize", {"protocolVersion": version, "capabilities": {},
                                             "clientInfo": {"name": "tests", "version": "1"}}, modern=False)
        self.send_line(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        return answer

    def close(self):
        """Ends stdin; returns (exit code, what was left on stdout)."""
        out, _ = self.proc.communicate(timeout=60)
        return self.proc.returncode, out


class Project(unittest.TestCase):
    """A git repository holding progress.txt (the corpus's example unless the test says otherwise)."""

    TEXT = None

    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="mcp-test-"))
        self.git("init", "-q")
        self.write("progress.txt", self.TEXT if self.TEXT is not None else corpus_text("example.txt"))
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
            for f in (s.proc.stdin, s.proc.stdout, s.proc.stderr):
                f.close()
        shutil.rmtree(self.root)

    def server(self, cwd=None):
        s = Server(cwd or self.root)
        self.servers.append(s)
        return s

    def git(self, *args):
        subprocess.run(["git", *args], cwd=self.root, env=clean_env(), check=True, capture_output=True)

    def write(self, rel, text):
        return write_file(self.root, rel, text)

    def read_bytes(self, rel="progress.txt"):
        with open(os.path.join(self.root, rel), "rb") as f:
            return f.read()

    def write_bytes(self, data, rel="progress.txt"):
        with open(os.path.join(self.root, rel), "wb") as f:
            f.write(data)
