#!/usr/bin/env python3
"""test_inspector.py — `progress-ls mcp` under the MCP Inspector's command line (npm @modelcontextprotocol/inspector-cli,
pinned in tests/mcp/package-lock.json; scripts/deps.sh test installs it): tools listed and called through the
TypeScript SDK's client (which checks each structuredContent against its outputSchema), a write with the stamp
`state` returned, a write refused when the file changed underneath, unknown tools and wrong arguments answered with
errors, and requests in the 2026-07-28 shape (version in _meta) answered as that revision says.

The Inspector 1.0.3 (SDK 1.32.2) speaks 2025-11-25 with initialize; its --metadata turns every value into a string,
so a complete 2026-07-28 request (clientCapabilities is an object) cannot be sent through it: tests/mcp/test_mcp.py
covers that revision end to end, and here the Inspector's modern requests prove the server answers them by the
revision's rules (-32022 for an unknown version, -32602 for missing capabilities).

Needs PROGRESS_LS and CORPUS_DIR (as ctest sets them).
"""
import json
import os
import shutil
import subprocess
import tempfile

from mcpclient import BIN, Project, clean_env, main

HERE = os.path.dirname(os.path.abspath(__file__))
INSPECTOR = os.path.join(HERE, "node_modules", ".bin", "mcp-inspector-cli")


class Inspector(Project):
    def setUp(self):
        super().setUp()
        # The Inspector 1.0.3 looks for its own package.json as "../package.json" from the folder it runs in: a
        # parent holding one keeps it from failing. The server runs in the project below it.
        self.outer = os.path.realpath(tempfile.mkdtemp(prefix="mcp-inspector-"))
        with open(os.path.join(self.outer, "package.json"), "w") as f:
            f.write("{}\n")
        self.project = os.path.join(self.outer, "project")
        shutil.copytree(self.root, self.project, symlinks=True)

    def tearDown(self):
        shutil.rmtree(self.outer)
        super().tearDown()

    def inspect(self, *args):
        """Runs the Inspector against `progress-ls mcp`: (exit code, the JSON it printed or None, stderr)."""
        p = subprocess.run([INSPECTOR, "--cli", BIN, "mcp", *args], cwd=self.project, capture_output=True,
                           text=True, env=clean_env(), timeout=120)
        try:
            out = json.loads(p.stdout) if p.stdout.strip() else None
        except ValueError:
            out = None
        return p.returncode, out, p.stdout + p.stderr

    def progress(self):
        with open(os.path.join(self.project, "progress.txt"), "rb") as f:
            return f.read()

    def test_tools_listed(self):
        code, out, text = self.inspect("--method", "tools/list")
        self.assertEqual(code, 0, text)
        tools = {t["name"]: t for t in out["tools"]}
        self.assertEqual(sorted(tools), ["check", "edit", "finish", "prime", "state"])
        for name in ("state", "check", "prime"):
            self.assertTrue(tools[name]["annotations"]["readOnlyHint"])
        self.assertFalse(tools["edit"]["annotations"]["readOnlyHint"])

    def test_read_tools_called(self):
        code, out, text = self.inspect("--method", "tools/call", "--tool-name", "state")
        self.assertEqual(code, 0, text)
        self.assertEqual(out["structuredContent"]["nextTask"], "Session management implementation")
        code, out, text = self.inspect("--method", "tools/call", "--tool-name", "prime", "--tool-arg", "budget=400")
        self.assertEqual(code, 0, text)
        self.assertLessEqual(len(out["structuredContent"]["briefing"].encode()), 400)
        code, out, text = self.inspect("--method", "tools/call", "--tool-name", "check")
        self.assertEqual(code, 0, text)
        self.assertIsInstance(out["structuredContent"]["findings"], list)

    def test_write_and_stale_refusal(self):
        _, out, _ = self.inspect("--method", "tools/call", "--tool-name", "state")
        stamp = out["structuredContent"]["stamp"]
        code, out, text = self.inspect("--method", "tools/call", "--tool-name", "edit", "--tool-arg", "op=set",
                                       "name=Blockers", "text=Waiting for the API keys", "stamp=" + stamp)
        self.assertEqual(code, 0, text)
        self.assertTrue(out["structuredContent"]["changed"], out)
        self.assertIn(b"Blockers: Waiting for the API keys\n", self.progress())
        # The same stamp again: the file changed since (by the write itself).
        code, out, text = self.inspect("--method", "tools/call", "--tool-name", "edit", "--tool-arg", "op=set",
                                       "name=Blockers", "text=None", "stamp=" + stamp)
        self.assertEqual(code, 0, text)
        self.assertTrue(out["isError"])
        self.assertIn("changed since the state you read", out["content"][0]["text"])
        self.assertIn(b"Blockers: Waiting for the API keys\n", self.progress())

    def test_errors(self):
        code, _, text = self.inspect("--method", "tools/call", "--tool-name", "no_such_tool")
        self.assertNotEqual(code, 0)
        self.assertIn("MCP error -32602: Unknown tool: no_such_tool", text)
        code, _, text = self.inspect("--method", "tools/call", "--tool-name", "edit", "--tool-arg", "op=set")
        self.assertNotEqual(code, 0)
        self.assertIn("MCP error -32602: Invalid arguments for tool edit: missing required property", text)
        code, _, text = self.inspect("--method", "tools/call", "--tool-name", "prime", "--tool-arg", "budget=1")
        self.assertIn("MCP error -32602: Invalid arguments for tool prime: 'budget' must be at least 256", text)

    def test_modern_requests(self):
        code, _, text = self.inspect("--method", "tools/list", "--metadata",
                                     "io.modelcontextprotocol/protocolVersion=1900-01-01")
        self.assertNotEqual(code, 0)
        self.assertIn("MCP error -32022: Unsupported protocol version", text)
        code, _, text = self.inspect("--method", "tools/list", "--metadata",
                                     "io.modelcontextprotocol/protocolVersion=2026-07-28")
        self.assertIn("MCP error -32602: missing the required _meta field io.modelcontextprotocol/clientCapabilities",
                      text)


if __name__ == "__main__":
    main("test_inspector", needs=[(INSPECTOR, "run scripts/deps.sh test")])
