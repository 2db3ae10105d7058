#!/usr/bin/env python3
"""test_setup.py — `progress-ls setup claude|codex|cursor [--user] [--check|--remove] [--agents-md]` on temporary
projects and homes: the files each agent reads, written as its documentation shows them; run twice, the same bytes;
--remove restores the files byte for byte (and deletes the ones setup created); a foreign entry survives every
step; --check says what is missing with exit 1; a malformed file is reported with its place and left untouched.

Needs PROGRESS_LS (as ctest sets it).
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from checkrun import BIN, main, write_file

# What each agent's files look like before setup: other people's entries, in the agents' own layout.
CLAUDE_SETTINGS = """{
  "permissions": {
    "allow": [
      "Bash(npm test)"
    ]
  },
  "hooks": {
    "PostToolUse": [
      {
        "matcher": "Write",
        "hooks": [
          {
            "type": "command",
            "command": "prettier --write"
          }
        ]
      }
    ]
  }
}
"""
CLAUDE_MCP = """{
    "mcpServers": {
        "other": {
            "command": "other-server"
        }
    }
}
"""
CODEX_CONFIG = """model = "o3"

[mcp_servers.other]
command = "other-server"
args = [
  "--stdio",
]
"""
CURSOR_HOOKS = """{
  "version": 1,
  "hooks": {
    "afterFileEdit": [
      {
        "command": "./format.sh"
      }
    ]
  }
}
"""
AGENTS_MD = "# Agents\n\nRun the tests before committing.\n"

FILES = {
    "claude": {".claude/settings.json": CLAUDE_SETTINGS, ".mcp.json": CLAUDE_MCP, "CLAUDE.md": AGENTS_MD},
    "codex": {".codex/config.toml": CODEX_CONFIG, "AGENTS.md": AGENTS_MD},
    "cursor": {".cursor/hooks.json": CURSOR_HOOKS, "AGENTS.md": AGENTS_MD},
}
CREATED = {"claude": [], "codex": [".codex/hooks.json"], "cursor": [".cursor/mcp.json"]}


def setup(*args, cwd, home=None):
    env = dict(os.environ, HOME=home or "/nonexistent")
    p = subprocess.run([BIN, "setup", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


class Setup(unittest.TestCase):
    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-setup-"))
        subprocess.run(["git", "init", "-q"], cwd=self.root, check=True)
        os.makedirs(os.path.join(self.root, "src"))

    def tearDown(self):
        shutil.rmtree(self.root)

    def snapshot(self, base=None):
        base = base or self.root
        out = {}
        for d, dirs, fs in os.walk(base):
            dirs[:] = [x for x in dirs if x != ".git"]
            for f in fs:
                with open(os.path.join(d, f), "rb") as h:
                    out[os.path.relpath(os.path.join(d, f), base)] = h.read()
        return out

    def read_json(self, rel):
        with open(os.path.join(self.root, rel)) as f:
            return json.load(f)

    def test_twice_the_same_files_and_remove_restores_them_byte_for_byte(self):
        for agent, files in FILES.items():
            with self.subTest(agent):
                for rel, text in files.items():
                    write_file(self.root, rel, text)
                before = self.snapshot()
                code, out, err = setup(agent, "--agents-md", cwd=os.path.join(self.root, "src"))
                self.assertEqual((code, err), (0, ""))
                self.assertIn("added", out)
                once = self.snapshot()
                for rel in CREATED[agent]:
                    self.assertIn(rel, once)
                self.assertEqual(setup(agent, "--agents-md", cwd=self.root)[0], 0)
                self.assertEqual(self.snapshot(), once, "a second run changes nothing")
                self.assertEqual(setup(agent, "--check", "--agents-md", cwd=self.root)[0], 0)
                code, out, err = setup(agent, "--remove", "--agents-md", cwd=self.root)
                self.assertEqual((code, err), (0, ""))
                self.assertEqual(self.snapshot(), before)
                for rel in files:
                    os.unlink(os.path.join(self.root, rel))

    def test_claude_files_hold_the_hooks_and_the_server_beside_the_foreign_ones(self):
        write_file(self.root, ".claude/settings.json", CLAUDE_SETTINGS)
        write_file(self.root, ".mcp.json", CLAUDE_MCP)
        self.assertEqual(setup("claude", cwd=self.root)[0], 0)
        hooks = self.read_json(".claude/settings.json")["hooks"]
        self.assertEqual(list(hooks), ["PostToolUse", "SessionStart", "PreCompact", "Stop"])
        self.assertEqual(hooks["PostToolUse"][0]["hooks"][0]["command"], "prettier --write")
        self.assertEqual(hooks["PostToolUse"][1], {"matcher": "Write|Edit|MultiEdit|Bash", "hooks": [
            {"type": "command", "command": "progress-ls hook claude", "timeout": 30}]})
        self.assertEqual(hooks["Stop"][0]["hooks"][0]["command"], "progress-ls hook claude --stop")
        self.assertEqual(hooks["SessionStart"][0]["hooks"][0]["command"], "progress-ls hook claude --session-start")
        self.assertEqual(hooks["PreCompact"][0]["hooks"][0]["command"], "progress-ls hook claude --pre-compact")
        servers = self.read_json(".mcp.json")["mcpServers"]
        self.assertEqual(list(servers), ["other", "progress-ls"])
        self.assertEqual(servers["progress-ls"], {"type": "stdio", "command": "progress-ls", "args": ["mcp"]})
        with open(os.path.join(self.root, ".mcp.json")) as f:
            self.assertIn('\n    "mcpServers"', f.read(), "the file's four-space indentation is kept")

    def test_a_foreign_entry_added_meanwhile_survives_remove(self):
        self.assertEqual(setup("claude", cwd=self.root)[0], 0)
        settings = self.read_json(".claude/settings.json")
        settings["hooks"]["Stop"].append({"hooks": [{"type": "command", "command": "notify-send done"}]})
        settings["model"] = "opus"
        write_file(self.root, ".claude/settings.json", json.dumps(settings, indent=2) + "\n")
        self.assertEqual(setup("claude", "--remove", cwd=self.root)[0], 0)
        self.assertEqual(self.read_json(".claude/settings.json"), {"hooks": {"Stop": [
            {"hooks": [{"type": "command", "command": "notify-send done"}]}]}, "model": "opus"})
        self.assertFalse(os.path.exists(os.path.join(self.root, ".mcp.json")), "setup created it: remove deletes it")

    def test_check_says_what_is_missing(self):
        code, out, _ = setup("codex", "--check", "--agents-md", cwd=self.root)
        self.assertEqual(code, 1)
        self.assertIn(".codex/hooks.json: missing the hooks SessionStart PreCompact PostToolUse Stop", out)
        self.assertIn(".codex/config.toml: missing the MCP server progress-ls", out)
        self.assertIn("AGENTS.md: missing the progress-ls paragraph", out)
        self.assertEqual(self.snapshot(), {}, "--check writes nothing")
        setup("codex", cwd=self.root)
        code, out, _ = setup("codex", "--check", cwd=self.root)
        self.assertEqual(code, 0, out)

    def test_codex_toml_block_and_cursor_layout(self):
        write_file(self.root, ".codex/config.toml", CODEX_CONFIG)
        setup("codex", cwd=self.root)
        with open(os.path.join(self.root, ".codex/config.toml")) as f:
            toml = f.read()
        self.assertTrue(toml.startswith(CODEX_CONFIG + "\n# progress-ls: managed by"))
        self.assertIn('[mcp_servers.progress-ls]\ncommand = "progress-ls"\nargs = ["mcp"]\n# /progress-ls\n', toml)
        hooks = self.read_json(".codex/hooks.json")["hooks"]
        self.assertEqual(hooks["PostToolUse"][0]["matcher"], "apply_patch|Edit|Write|Bash")
        setup("cursor", cwd=self.root)
        cursor = self.read_json(".cursor/hooks.json")
        self.assertEqual(list(cursor), ["version", "hooks"])
        self.assertEqual(cursor["hooks"]["stop"], [{"command": "progress-ls hook cursor --stop", "loop_limit": 1}])
        self.assertEqual(self.read_json(".cursor/mcp.json"),
                         {"mcpServers": {"progress-ls": {"command": "progress-ls", "args": ["mcp"]}}})

    def test_malformed_files_are_reported_with_their_place_and_left_untouched(self):
        cases = [("claude", ".claude/settings.json", '{\n  "hooks": {\n    "Stop": [\n  }\n', ".claude/settings.json:4:"),
                 ("claude", ".claude/settings.json", '[1, 2]\n', "is JSON but not an object"),
                 ("claude", ".claude/settings.json", '{"hooks": []}\n', '"hooks" is not a JSON object'),
                 ("cursor", ".cursor/hooks.json", '{"hooks": {"stop": {}}}\n', '"stop" is not a JSON array'),
                 ("codex", ".codex/config.toml", 'model = "o3\n', ".codex/config.toml:1: a string that does not end"),
                 ("codex", ".codex/config.toml", '[mcp_servers.x\ncommand = "x"\n', ".codex/config.toml:1: a table header"),
                 ("codex", ".codex/config.toml", 'just words\n', ".codex/config.toml:1: expected `key = value`")]
        for agent, rel, text, said in cases:
            with self.subTest(rel=rel, text=text):
                write_file(self.root, rel, text)
                code, _, err = setup(agent, cwd=self.root)
                self.assertEqual(code, 2)
                self.assertIn(said, err)
                self.assertIn("left as it is", err)
                with open(os.path.join(self.root, rel)) as f:
                    self.assertEqual(f.read(), text)
                shutil.rmtree(os.path.join(self.root, os.path.dirname(rel)))
                for other in (".mcp.json", "AGENTS.md"):
                    if os.path.exists(os.path.join(self.root, other)):
                        os.unlink(os.path.join(self.root, other))

    def test_user_scope_writes_the_users_files(self):
        home = os.path.realpath(tempfile.mkdtemp(prefix="progress-setup-home-"))
        try:
            write_file(home, ".claude.json", '{\n  "numStartups": 3\n}\n')
            code, out, _ = setup("claude", "--user", "--agents-md", cwd=self.root, home=home)
            self.assertEqual(code, 0)
            self.assertIn("~/.claude/settings.json: added the hooks", out)
            with open(os.path.join(home, ".claude.json")) as f:
                self.assertEqual(json.load(f), {"numStartups": 3, "mcpServers": {"progress-ls": {
                    "type": "stdio", "command": "progress-ls", "args": ["mcp"]}}})
            self.assertTrue(os.path.exists(os.path.join(home, ".claude/CLAUDE.md")))
            self.assertEqual(self.snapshot(), {}, "nothing in the project")
            setup("claude", "--user", "--remove", "--agents-md", cwd=self.root, home=home)
            self.assertEqual(self.snapshot(home), {".claude.json": b'{\n  "numStartups": 3\n}\n'})
        finally:
            shutil.rmtree(home)

    def test_bad_usage_exits_2(self):
        for args in ((), ("vim",), ("claude", "--check", "--remove"), ("claude", "--frobnicate")):
            with self.subTest(args=args):
                code, out, err = setup(*args, cwd=self.root)
                self.assertEqual((code, out), (2, ""))
                self.assertIn("progress-ls setup", err)


if __name__ == "__main__":
    main("test_setup")
