#!/usr/bin/env python3
"""test_codex.py — progress-ls in the real Codex CLI (npm @openai/codex, pinned in tests/agents/package-lock.json),
driven offline by the scripted model speaking OpenAI's Responses API on 127.0.0.1 (a custom model provider given
with `-c model_providers.…`), in temporary git repositories configured by `progress-ls setup codex`: the briefing in
the first request (SessionStart), the reminder after a commit that leaves the progress file behind (PostToolUse on
Bash, once per commit), the Stop hook blocking and then passing, and the MCP server listed from .codex/config.toml.

`codex exec --trust` trusts the project (its .codex/ is read only then) and `--dangerously-bypass-hook-trust` runs
hooks nobody reviewed in Codex's /hooks screen — what a person does once by hand. In a network namespace of its own
like test_claude.py. Skips with the reason when tests/agents/node_modules holds no codex.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scripted_model import ScriptedModel, text, tool  # noqa: E402
from test_claude import PROGRESS, Session, in_private_network  # noqa: E402

CODEX = os.path.join(HERE, "node_modules", ".bin", "codex")


def strings(x):
    """Every string in a Responses request's input: messages' texts, function calls' arguments and outputs."""
    if isinstance(x, str):
        return [x]
    if isinstance(x, list):
        return [s for y in x for s in strings(y)]
    if isinstance(x, dict):
        return [s for k, v in x.items() if k not in ("id", "call_id", "type", "role") for s in strings(v)]
    return []


def since_last_turn(request):
    """What the input holds after the model's last function call or message: outputs, hook messages."""
    items = request.get("input", [])
    last = max([i for i, it in enumerate(items) if it.get("type") == "function_call" or (
        it.get("type") == "message" and it.get("role") == "assistant")], default=-1)
    return "\n".join(strings(items[last + 1:] if last >= 0 else items))


def sh(command):
    return tool("exec_command", cmd=command)


@unittest.skipUnless(os.access(CODEX, os.X_OK), "Codex is not installed in tests/agents/node_modules "
                     "(scripts/deps.sh test installs it with npm)")
class Codex(unittest.TestCase):
    def setUp(self):
        self.s = Session(self)
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-codex-repo-"))
        self.addCleanup(shutil.rmtree, self.root, True)
        self.git("init", "-q")
        with open(os.path.join(self.root, "progress.txt"), "w") as f:
            f.write(PROGRESS)
        with open(os.path.join(self.root, "app.c"), "w") as f:
            f.write("int main(void) { return 0; }\n")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "Start")
        p = self.s.run("progress-ls", "setup", "codex", cwd=self.root)
        self.assertEqual(p.returncode, 0, p.stderr)

    def git(self, *args):
        return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                              cwd=self.root, env=self.s.env(), check=True, capture_output=True, text=True).stdout

    def codex(self, step, prompt="Go on with the work."):
        with ScriptedModel(step) as model:
            env = dict(self.s.env(), CODEX_SCRIPTED_KEY="sk-test")
            base = "http://127.0.0.1:%d/v1" % model.port
            args = [CODEX, "exec", "--json", "--trust", "--dangerously-bypass-hook-trust",
                    "--dangerously-bypass-approvals-and-sandbox", "--skip-git-repo-check",
                    "-c", 'model_provider="scripted"', "-c", 'model_providers.scripted.name="scripted"',
                    "-c", 'model_providers.scripted.base_url="%s"' % base,
                    "-c", 'model_providers.scripted.wire_api="responses"',
                    "-c", 'model_providers.scripted.env_key="CODEX_SCRIPTED_KEY"', "-m", "gpt-5", prompt]
            p = subprocess.run(args, cwd=self.root, env=env, capture_output=True, text=True, timeout=180)
        if p.returncode != 0:
            raise AssertionError("codex exited %d: %s\n%s" % (p.returncode, p.stderr[-2000:], p.stdout[-2000:]))
        events = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
        return model, events

    def test_briefing_commit_reminder_and_stop(self):
        seen = {}

        def step(turn, request):
            if turn == 0:
                seen["first"] = "\n".join(strings(request.get("input", [])))
                return [sh("echo '/* v2 */' >> app.c && git add -A && git commit -qm 'App v2'")]
            if turn == 1:
                seen["commit"] = since_last_turn(request)
                return [sh("git show --stat HEAD | head -1; echo commit")]
            if turn == 2:
                seen["again"] = since_last_turn(request)
                return [text("The app is at v2.")]
            if turn == 3:  # the Stop hook's reason, as a new user message
                seen["stop"] = since_last_turn(request)
                return [sh("sed -i 's/^Last completed: .*/Last completed: App v2/' progress.txt")]
            return [text("Recorded.")]

        model, _ = self.codex(step)
        head = self.git("rev-parse", "HEAD").strip()
        self.assertIn("Progress briefing: progress.txt", seen["first"])
        self.assertIn("Next task: Parser for the config file", seen["first"])
        self.assertIn("progress-ls: commit %s left progress.txt behind" % head[:7], seen["commit"])
        self.assertNotIn("left progress.txt behind", seen["again"], "once per commit")
        self.assertIn("progress.txt: 1 file (app.c) changed since its last commit", seen["stop"])
        self.assertEqual(len(model.conversation()), 5)
        # A new session with nothing to do: the updated file lets the stop through.
        model, _ = self.codex(lambda turn, request: [text("Nothing to do.")])
        self.assertEqual(len(model.conversation()), 1)

    def test_the_mcp_server_is_configured(self):
        # Codex reads a project's .codex/config.toml only once the project is trusted (as `codex exec --trust` or
        # the trust prompt records it in the user's config).
        os.makedirs(os.path.join(self.s.home, ".codex"), exist_ok=True)
        with open(os.path.join(self.s.home, ".codex", "config.toml"), "w") as f:
            f.write('[projects."%s"]\ntrust_level = "trusted"\n' % self.root)
        p = self.s.run(CODEX, "mcp", "list", "--json", cwd=self.root)
        self.assertEqual(p.returncode, 0, p.stderr)
        servers = {s["name"]: s for s in json.loads(p.stdout)}
        self.assertIn("progress-ls", servers, p.stdout)
        self.assertEqual(servers["progress-ls"]["transport"]["command"], "progress-ls")
        self.assertEqual(servers["progress-ls"]["transport"]["args"], ["mcp"])


if __name__ == "__main__":
    in_private_network()
    unittest.main(argv=sys.argv[:1], verbosity=2)
