#!/usr/bin/env python3
"""test_claude.py — progress-ls in the real Claude Code CLI (npm @anthropic-ai/claude-code, pinned in
tests/agents/package-lock.json), driven offline by a scripted model (scripted_model.py) on 127.0.0.1, in temporary git
repositories configured by `progress-ls setup claude`: a finding after a bad edit, the reminder after a commit that
leaves the progress file behind, the Stop hook blocking and then passing, the briefing in the first request, an MCP
tool call answered with the state, and the plugin (validated, installed from this repository's marketplace, loaded,
silent on a README.txt edit).

Every process runs in a network namespace of its own with only `lo` up (the test re-executes itself under
`unshare -n` when it can), so nothing leaves the machine. Needs PROGRESS_LS (the binary); skips with the reason when
tests/agents/node_modules holds no claude (scripts/deps.sh test installs it).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from scripted_model import ScriptedModel, request_text, text, tool  # noqa: E402

BIN = os.path.realpath(os.environ.get("PROGRESS_LS") or os.path.join(REPO, "build", "progress-ls"))
CLAUDE = os.path.join(HERE, "node_modules", ".bin", "claude")
PROGRESS = """=== Session State ===
Last completed: Project skeleton
Next task: Parser for the config file
Blockers: None
Current phase: 1 of 3
Complexity level: Small
"""
GIT_ENV = {"GIT_AUTHOR_NAME": "Ada Tester", "GIT_AUTHOR_EMAIL": "ada@example.com",
           "GIT_COMMITTER_NAME": "Ada Tester", "GIT_COMMITTER_EMAIL": "ada@example.com", "GIT_CONFIG_NOSYSTEM": "1"}


def in_private_network():
    """Re-executes this test under `unshare -n` with lo up (root, util-linux) unless already there."""
    if os.environ.get("PROGRESS_AGENTS_NETNS") or not shutil.which("unshare"):
        return
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        print("test_claude: no private network namespace here (unshare -n: %s); loopback-only by configuration"
              % probe.stderr.decode().strip())
        return
    env = dict(os.environ, PROGRESS_AGENTS_NETNS="1")
    os.execvpe("unshare", ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", sys.executable,
                           os.path.abspath(sys.argv[0]), *sys.argv[1:]], env)


class Session:
    """One temporary home, a PATH with only the binary under test and the system's tools, and a runner."""

    def __init__(self, test):
        self.home = os.path.realpath(tempfile.mkdtemp(prefix="progress-agents-home-"))
        self.bindir = os.path.join(self.home, "bin")
        os.makedirs(self.bindir)
        os.symlink(BIN, os.path.join(self.bindir, "progress-ls"))
        self.path = self.bindir + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        test.addCleanup(shutil.rmtree, self.home, True)

    def env(self, port=None):
        e = {"PATH": self.path, "HOME": self.home, "LANG": "C.UTF-8", "ANTHROPIC_API_KEY": "sk-ant-test",
             "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_TELEMETRY": "1", "DISABLE_AUTOUPDATER": "1",
             "DISABLE_ERROR_REPORTING": "1", **GIT_ENV}
        if port:
            e["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:%d" % port
        return e

    def run(self, *args, cwd, port=None, timeout=180):
        return subprocess.run(list(args), cwd=cwd, env=self.env(port), capture_output=True, text=True,
                              timeout=timeout)

    def claude(self, cwd, step, prompt="Go on with the work.", tools="Bash,Edit,Write,Read", extra=()):
        """Runs `claude -p` against a scripted model; returns (the model, the stream-json events)."""
        with ScriptedModel(step) as model:
            p = self.run(CLAUDE, "-p", prompt, "--output-format", "stream-json", "--verbose", "--include-hook-events",
                         "--permission-mode", "acceptEdits", "--allowedTools", tools, *extra, cwd=cwd, port=model.port)
        events = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
        if p.returncode != 0:
            raise AssertionError("claude exited %d: %s\n%s" % (p.returncode, p.stderr[-2000:], p.stdout[-2000:]))
        return model, events


def since_last_turn(request):
    """The text of every message after the model's last turn: the tool results and what hooks added beside them
    (Claude Code 2.1.332 sends a hook's additionalContext and a PostToolUse blocking error as a system message after
    the tool result, a Stop hook's reason as a user message)."""
    messages = request["messages"]
    last = max([i for i, m in enumerate(messages) if m["role"] == "assistant"], default=-1)
    return request_text({"messages": messages[last + 1:]})


def hook_events(events, name):
    return [e for e in events if e.get("type") == "system" and e.get("subtype") == "hook_response"
            and e.get("hook_event") == name]


@unittest.skipUnless(os.access(CLAUDE, os.X_OK), "Claude Code is not installed in tests/agents/node_modules "
                     "(scripts/deps.sh test installs it with npm)")
class ClaudeCode(unittest.TestCase):
    def setUp(self):
        self.s = Session(self)
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-agents-repo-"))
        self.addCleanup(shutil.rmtree, self.root, True)
        self.git("init", "-q")
        self.write("progress.txt", PROGRESS)
        self.write("src/app.c", "int main(void) { return 0; }\n")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "Start")

    def git(self, *args):
        return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                              cwd=self.root, env=self.s.env(), check=True, capture_output=True, text=True).stdout

    def write(self, rel, content):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(content)

    def setup_claude(self):
        p = self.s.run("progress-ls", "setup", "claude", cwd=self.root)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_a_bad_edit_brings_the_finding_to_the_model(self):
        self.setup_claude()
        progress = os.path.join(self.root, "progress.txt")

        def step(turn, request):
            if turn == 0:
                return [tool("Read", file_path=progress)]
            if turn == 1:
                return [tool("Edit", file_path=progress, old_string="Current phase: 1 of 3",
                             new_string="Current phase: three")]
            if turn == 2:
                self.edit_result = since_last_turn(request)
                return [tool("Edit", file_path=progress, old_string="Current phase: three",
                             new_string="Current phase: 2 of 3")]
            return [text("Fixed.")]

        model, events = self.s.claude(self.root, step)
        self.assertIn('progress.txt:5:16: error: invalid phase "three"', self.edit_result)
        self.assertIn("[invalid-phase]", self.edit_result)
        self.assertEqual(len(model.conversation()), 4, "the fixed file lets the stop through")

    def test_a_commit_that_leaves_the_progress_file_behind_is_reminded_once(self):
        self.setup_claude()
        results = {}

        def step(turn, request):
            if turn == 0:
                return [tool("Bash", command="echo '/* v2 */' >> src/app.c && git add -A && git commit -qm 'App v2'",
                             description="commit")]
            if turn == 1:
                results["commit"] = since_last_turn(request)
                return [tool("Bash", command="git show --stat HEAD | head -1 && echo commit", description="show")]
            if turn == 2:
                results["again"] = since_last_turn(request)
            return [text("Done.")]

        _, events = self.s.claude(self.root, step)
        head = self.git("rev-parse", "HEAD").strip()
        self.assertIn("progress-ls: commit %s left progress.txt behind" % head[:7], results["commit"])
        self.assertNotIn("left progress.txt behind", results["again"], "once per commit")
        posts = hook_events(events, "PostToolUse")
        self.assertTrue(posts and all(e.get("exit_code") == 0 for e in posts), posts)

    def test_the_stop_hook_blocks_then_passes(self):
        self.setup_claude()
        progress = os.path.join(self.root, "progress.txt")
        seen = {}

        def step(turn, request):
            if turn == 0:
                return [tool("Bash", command="echo '/* v2 */' >> src/app.c", description="change the code")]
            if turn == 1:
                return [text("The code is changed.")]
            if turn == 2:  # the Stop hook's reason came back as a user message
                seen["reason"] = since_last_turn(request)
                return [tool("Read", file_path=progress)]
            if turn == 3:
                return [tool("Edit", file_path=progress, old_string="Last completed: Project skeleton",
                             new_string="Last completed: App v2 (src/app.c)")]
            return [text("Recorded.")]

        _, events = self.s.claude(self.root, step)
        self.assertIn("progress.txt: 1 file (src/app.c) changed since its last commit", seen["reason"])
        stops = hook_events(events, "Stop")
        self.assertEqual(stops[0].get("exit_code"), 2, stops)
        # A new session with nothing to do: the updated file lets the stop through on its own merits.
        model, events = self.s.claude(self.root, lambda turn, request: [text("Nothing to do.")])
        self.assertEqual(len(model.conversation()), 1)
        self.assertEqual([e.get("exit_code") for e in hook_events(events, "Stop")], [0])

    def test_the_briefing_is_in_the_first_request(self):
        self.setup_claude()
        model, _ = self.s.claude(self.root, lambda turn, request: [text("Reading it.")])
        first = request_text(model.conversation()[0])
        self.assertIn("Parser for the config file", first)

    def test_an_mcp_tool_call_is_answered_with_the_state(self):
        self.setup_claude()
        seen = {}

        def step(turn, request):
            names = [t.get("name") for t in request.get("tools", [])]
            ours = sorted(n for n in names if n and n.startswith("mcp__progress-ls__"))
            if turn == 0:
                seen["tools"] = names
                if "ToolSearch" in names:
                    return [tool("ToolSearch", query="select:mcp__progress-ls__state", max_results=5)]
                return [text("no tool search")]
            if turn == 1:
                seen["ours"] = ours
                state = next((n for n in ours if "state" in n), ours[0] if ours else "mcp__progress-ls__state")
                return [tool(state)]
            if turn == 2:
                seen["result"] = since_last_turn(request)
            return [text("Done.")]

        self.s.claude(self.root, step, tools="Bash,Edit,Write,Read,mcp__progress-ls")
        self.assertIn("mcp__progress-ls__state", seen["tools"] + seen["ours"], "the server's tools are listed")
        self.assertIn("Parser for the config file", seen.get("result", ""), seen)

    def test_the_plugin_validates_installs_loads_and_is_silent_on_a_readme_txt(self):
        p = self.s.run(CLAUDE, "plugin", "validate", REPO, cwd=self.root)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = self.s.run(CLAUDE, "plugin", "validate", os.path.join(REPO, "editors", "claude-code"), cwd=self.root)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("lspServers: progress-ls", p.stdout)
        for args in (("marketplace", "add", REPO), ("install", "progress-ls@progress-ls")):
            p = self.s.run(CLAUDE, "plugin", *args, cwd=self.root)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = self.s.run(CLAUDE, "plugin", "list", cwd=self.root)
        self.assertIn("progress-ls@progress-ls", p.stdout)
        readme, progress = os.path.join(self.root, "README.txt"), os.path.join(self.root, "progress.txt")
        seen = {}

        def step(turn, request):
            if turn == 0:  # placeholders and a bad phase, in a file that is no progress file
                return [tool("Write", file_path=readme, content="Next task: [what comes next]\nCurrent phase: x\n")]
            if turn == 1:
                return [tool("Read", file_path=progress)]
            if turn == 2:
                return [tool("Edit", file_path=progress, old_string="Current phase: 1 of 3",
                             new_string="Current phase: three")]
            if turn == 3:
                seen["edit"] = since_last_turn(request)
                return [tool("Edit", file_path=progress, old_string="Current phase: three",
                             new_string="Current phase: 2 of 3")]
            return [text("Done.")]

        model, events = self.s.claude(self.root, step)
        # The language server's findings on progress.txt reach the model (Claude Code's <new-diagnostics>) …
        self.assertIn("<new-diagnostics>", seen["edit"])
        self.assertIn("[invalid-phase] (progress-ls)", seen["edit"])
        self.assertIn("This hook comes from the progress-ls@progress-ls plugin", seen["edit"])
        # … and nothing ever about README.txt, though it holds placeholders and a bad phase.
        everything = "\n".join(request_text(r) for r in model.conversation())
        self.assertNotIn("README.txt:\n", everything)
        self.assertNotIn("not-progress-format", everything)
        init = [e for e in events if e.get("type") == "system" and e.get("subtype") == "init"][0]
        self.assertIn("plugin:progress-ls:progress-ls", [m["name"] for m in init["mcp_servers"]])


if __name__ == "__main__":
    in_private_network()
    unittest.main(argv=sys.argv[:1], verbosity=2)
