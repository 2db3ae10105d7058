#!/usr/bin/env python3
"""test_prime.py — `progress-ls prime` and the session-start / pre-compact hooks, run as an agent's hook runs them:
what the briefing says (next task, blockers, phase, files to modify, features, git, the file's errors), that the same
inputs give the same bytes, that it keeps to its budget, which progress file a folder leads to, and the JSON each
agent reads (Claude Code and Codex SessionStart, Cursor sessionStart, PreCompact's systemMessage / user_message).

Needs PROGRESS_LS and CORPUS_DIR (as ctest sets them).
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from checkrun import BIN, corpus_text, main, write_file

EXAMPLE = corpus_text("example.txt")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def run(args, cwd=None, stdin=b""):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "CLAUDE_PROJECT_DIR"}
    env.update(GIT_ENV)
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


class Repo(unittest.TestCase):
    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="prime-test-"))

    def tearDown(self):
        shutil.rmtree(self.root)

    def write(self, rel, text):
        return write_file(self.root, rel, text)

    def git(self, *args):
        env = dict(os.environ, **GIT_ENV)
        subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True)

    def commit(self, message="work"):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def prime(self, *args, cwd=None):
        return run(["prime", *args], cwd=cwd or self.root)


class Content(Repo):
    def test_fields_files_and_the_rule(self):
        self.write("progress.txt", EXAMPLE)
        code, out, err = self.prime()
        self.assertEqual(code, 0, err)
        lines = out.splitlines()
        self.assertEqual(lines[0], "Progress briefing: progress.txt (template; %d lines)" % (EXAMPLE.count("\n") + 1))
        self.assertIn("Next task: Session management implementation", lines)
        self.assertIn("Blockers: None", lines)
        self.assertIn("Phase: 2 of 4 (Implementation)", lines)
        self.assertIn("Last completed: Token generation service with full test coverage", lines)
        files = [l for l in lines if l.startswith("Files to modify (3): ")]
        self.assertEqual(len(files), 1, out)
        self.assertIn("src/auth/session.py (create)", files[0])
        self.assertEqual(lines[-1], "Keep progress.txt current: after each milestone, before compaction, before stopping.")

    def test_blockers_written_as_a_list(self):
        self.write("progress.txt", corpus_text("blocker-list.txt"))
        code, out, _ = self.prime()
        self.assertEqual(code, 0)
        self.assertIn("Blockers: DBA review of the schema; Staging database credentials\n", out)

    def test_done_items_are_not_files_to_modify(self):
        self.write("progress.txt", EXAMPLE.replace("src/auth/session.py (create)", "[x] src/auth/session.py"))
        _, out, _ = self.prime()
        self.assertIn("Files to modify (2): ", out)
        self.assertNotIn("src/auth/session.py", out)

    def test_the_files_own_errors(self):
        self.write("progress.txt", corpus_text("bad-fields.txt"))
        _, out, _ = self.prime()
        errors = [l for l in out.splitlines() if l.startswith("Errors in the file (")]
        self.assertEqual(len(errors), 1, out)
        self.assertIn("[", errors[0])
        self.assertRegex(errors[0], r"line \d+: ")

    def test_feature_list_counts_and_the_next_failing(self):
        self.write("progress.txt", EXAMPLE)
        self.write("feature_list.json", json.dumps([
            {"description": "login works", "passes": True},
            {"description": "logout clears the session", "passes": False},
            {"description": "refresh rotates", "passes": False}]))
        _, out, _ = self.prime()
        self.assertIn("Features: 1/3 passing (feature_list.json); next failing: logout clears the session\n", out)

    def test_prd_json_next_story_by_priority(self):
        self.write("scripts/ralph/progress.txt", "## Codebase Patterns\n- Use the repo's logger\n")
        self.write("scripts/ralph/prd.json", json.dumps({"project": "x", "userStories": [
            {"id": "US-001", "title": "Schema", "priority": 1, "passes": True},
            {"id": "US-003", "title": "Later story", "priority": 3, "passes": False},
            {"id": "US-002", "title": "Add the API", "priority": 2, "passes": False}]}))
        code, out, err = self.prime()
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith("Progress briefing: scripts/ralph/progress.txt (ralph; "), out)
        self.assertIn("Features: 1/3 passing (prd.json); next failing: US-002: Add the API\n", out)

    def test_log_dialects(self):
        cases = [("markdown", "# Progress\n\n## Session 1 — 2026-03-01\n### Completed\n- Schema\n\n"
                              "## Session 2 — 2026-03-02\n### Completed\n- The API\n**Status:** 3/9 passing\n"
                              "### Next Steps\n- Page breaks\n- Currency\n### Blockers\nNone\n",
                  ["Next task: Page breaks; Currency", "Blockers: None", "Newest entry: Session 2 — 2026-03-02",
                   "Status: 3/9 passing", "Last completed: The API"]),
                 ("plain", "=== Session 2026-02-20 08:29 ===\nSTATUS: in progress\nNEXT: semicolons\n\n"
                           "=== Session 2026-02-21 14:05 ===\nSTATUS: done\nNEXT: dedupe by email\n",
                  ["Next task: dedupe by email", "Newest entry: Session 2026-02-21 14:05", "Status: done"])]
        for dialect, text, lines in cases:
            self.write("progress.txt", text)
            code, out, err = self.prime()
            self.assertEqual(code, 0, err)
            self.assertTrue(out.startswith("Progress briefing: progress.txt (%s; " % dialect), out)
            for line in lines:
                self.assertIn(line + "\n", out, (dialect, out))
            self.assertNotIn("Errors in the file", out)

    def test_malformed_feature_list_is_said(self):
        self.write("progress.txt", EXAMPLE)
        self.write("feature_list.json", "[{")
        _, out, _ = self.prime()
        self.assertIn("Features: feature_list.json cannot be read: ", out)


class Git(Repo):
    def test_outside_a_repository(self):
        self.write("progress.txt", EXAMPLE)
        _, out, _ = self.prime()
        self.assertIn("Git: no repository here; nothing to compare the file with.\n", out)

    def test_commits_and_changes_since_the_file(self):
        self.git("init", "-q")
        self.write("progress.txt", EXAMPLE)
        self.commit("progress")
        self.write("src/a.py", "a\n")
        self.commit("code 1")
        self.write("src/b.py", "b\n")
        self.commit("code 2")
        self.write("src/c.py", "uncommitted\n")
        _, out, _ = self.prime()
        self.assertIn("Since progress.txt was last committed: 2 commits\n", out)
        self.assertIn("Changed since (3): src/a.py; src/b.py; src/c.py\n", out)

    def test_never_committed_and_own_edits(self):
        self.git("init", "-q")
        self.write("progress.txt", EXAMPLE)
        _, out, _ = self.prime()
        self.assertIn("Since progress.txt: it was never committed\n", out)
        self.commit()
        self.write("progress.txt", EXAMPLE + "\n")
        _, out, _ = self.prime()
        self.assertIn("Since progress.txt was last committed: 0 commits; it has uncommitted edits of its own\n", out)

    def test_changed_since_counts_code_only(self):
        # The stop hook's rule (core_name_is_not_code): the agents' own configuration, editors' scratch files and
        # other progress files are never a change of the code, in the briefing as in the stop hook.
        self.git("init", "-q")
        self.write("progress.txt", EXAMPLE)
        self.commit("progress")
        self.write(".claude/settings.json", "{}\n")
        self.write("src/.main.py.swp", "swap\n")
        self.write("notes.txt~", "backup\n")
        self.commit("agent config and scratch")
        self.write(".mcp.json", "{}\n")
        self.write("sub/.codex/config.toml", "x = 1\n")
        self.write("src/main.py", "print('real')\n")
        code, out, err = self.prime()
        self.assertEqual(code, 0, err)
        self.assertIn("Changed since (1): src/main.py\n", out)
        for absent in (".claude", "settings.json", ".swp", "notes.txt~", ".mcp.json", ".codex"):
            self.assertNotIn(absent, out)
        # The session-start hook reads the same briefing.
        code, hook_out, err = run(["hook", "claude", "--session-start"], cwd=self.root, stdin=json.dumps(
            {"hook_event_name": "SessionStart", "source": "startup", "cwd": self.root}).encode())
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(hook_out)["hookSpecificOutput"]["additionalContext"], out)

    def test_long_lists_are_cut_with_a_count(self):
        self.git("init", "-q")
        self.write("progress.txt", EXAMPLE)
        self.commit()
        for i in range(30):
            self.write("src/file_%02d.py" % i, "x\n")
        _, out, _ = self.prime()
        line = next(l for l in out.splitlines() if l.startswith("Changed since (30): "))
        self.assertTrue(line.endswith("… and 22 more"), line)


class Shape(Repo):
    def test_deterministic(self):
        self.git("init", "-q")
        self.write("progress.txt", EXAMPLE)
        self.commit()
        self.write("notes.md", "x\n")
        first = self.prime()
        for _ in range(3):
            self.assertEqual(self.prime(), first)

    def test_budget(self):
        self.write("progress.txt", EXAMPLE.replace("Session management implementation", "Session " + "x" * 600))
        _, full, _ = self.prime("--budget", "100000")
        for budget in (256, 300, 512, 1000, 2048):
            code, out, err = self.prime("--budget", str(budget))
            self.assertEqual(code, 0, err)
            self.assertLessEqual(len(out.encode("utf-8")), budget)
            if len(full.encode("utf-8")) > budget:
                self.assertTrue(out.endswith("[briefing cut to fit its budget: progress-ls prime --budget BYTES "
                                             "shows more]\n"), out)
                self.assertTrue(full.startswith(out.rsplit("\n", 2)[0]))
        _, out, _ = self.prime()
        self.assertLessEqual(len(out.encode("utf-8")), 2048)
        self.assertIn("…", out)  # a value longer than a line's share is cut, never split inside a character

    def test_default_budget_with_a_long_file(self):
        items = "".join("src/module_%03d.py (work)\n" % i for i in range(200))
        self.write("progress.txt", EXAMPLE.replace("src/auth/session.py (create)\n", items))
        _, out, _ = self.prime()
        self.assertLessEqual(len(out.encode("utf-8")), 2048)
        self.assertIn("Files to modify (202): ", out)

    def test_claude_format(self):
        self.write("progress.txt", EXAMPLE)
        _, text, _ = self.prime()
        code, out, _ = self.prime("--format", "claude")
        self.assertEqual(code, 0)
        self.assertEqual(out.count("\n"), 1)
        self.assertEqual(json.loads(out), {"hookSpecificOutput": {"hookEventName": "SessionStart",
                                                                  "additionalContext": text}})

    def test_usage_and_missing_files(self):
        for args in (["--budget", "12"], ["--budget"], ["--budget", "x"], ["--format", "xml"], ["--bogus"],
                     ["a", "b"]):
            code, out, err = self.prime(*args)
            self.assertEqual((code, out), (2, ""), args)
            self.assertIn("progress-ls prime --help", err)
        code, out, err = self.prime()
        self.assertEqual((code, out), (1, ""))
        self.assertIn("no progress file in %s" % self.root, err)
        code, out, err = self.prime("missing.txt")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("cannot read missing.txt", err)
        code, out, _ = self.prime("--help")
        self.assertEqual(code, 0)
        self.assertIn("usage: progress-ls prime", out)


class Locate(Repo):
    def test_which_file_a_folder_leads_to(self):
        self.git("init", "-q")
        self.write("docs/sprint.progress.txt", EXAMPLE)
        self.write("a/b/deep-progress.txt", EXAMPLE)
        os.makedirs(os.path.join(self.root, "src/sub"))
        cases = [
            ("src/sub", "docs/sprint.progress.txt"),  # nothing usual: the shallowest git lists
        ]
        for cwd, shown in cases:
            _, out, err = self.prime(cwd=os.path.join(self.root, cwd))
            self.assertTrue(out.startswith("Progress briefing: %s " % shown), (cwd, out, err))
        self.write("claude-progress.txt", EXAMPLE)
        _, out, _ = self.prime(cwd=os.path.join(self.root, "src/sub"))
        self.assertTrue(out.startswith("Progress briefing: claude-progress.txt "), out)
        self.write("progress.txt", EXAMPLE)
        _, out, _ = self.prime(cwd=os.path.join(self.root, "src"))
        self.assertTrue(out.startswith("Progress briefing: progress.txt "), out)
        self.write("src/progress.txt", EXAMPLE)
        _, out, _ = self.prime(cwd=os.path.join(self.root, "src"))
        self.assertTrue(out.startswith("Progress briefing: src/progress.txt "), out)
        _, out, _ = self.prime("a/b/deep-progress.txt")
        self.assertTrue(out.startswith("Progress briefing: a/b/deep-progress.txt "), out)


class Hooks(Repo):
    def hook(self, agent, flag, payload):
        return run(["hook", agent, flag], cwd=self.root, stdin=json.dumps(payload).encode())

    def test_session_start_shapes(self):
        self.write("progress.txt", EXAMPLE)
        _, text, _ = self.prime()
        for source in ("startup", "resume", "clear", "compact"):
            for agent in ("claude", "codex"):
                code, out, err = self.hook(agent, "--session-start", {
                    "hook_event_name": "SessionStart", "source": source, "cwd": self.root, "session_id": "s"})
                self.assertEqual(code, 0, err)
                ctx = json.loads(out)["hookSpecificOutput"]
                self.assertEqual(ctx["hookEventName"], "SessionStart")
                if source == "compact":
                    self.assertTrue(ctx["additionalContext"].startswith("The conversation was just compacted"))
                    self.assertTrue(ctx["additionalContext"].endswith(text))
                else:
                    self.assertEqual(ctx["additionalContext"], text)
        code, out, _ = self.hook("cursor", "--session-start", {"hook_event_name": "sessionStart",
                                                               "workspace_roots": [self.root]})
        self.assertEqual((code, json.loads(out)), (0, {"additional_context": text}))

    def test_pre_compact_shapes(self):
        self.write("claude-progress.txt", EXAMPLE)
        for agent, key in (("claude", "systemMessage"), ("codex", "systemMessage"), ("cursor", "user_message")):
            code, out, err = self.hook(agent, "--pre-compact", {"hook_event_name": "PreCompact", "trigger": "auto",
                                                               "cwd": self.root, "workspace_roots": [self.root]})
            self.assertEqual(code, 0, err)
            obj = json.loads(out)
            self.assertEqual(list(obj), [key])
            self.assertIn("update claude-progress.txt", obj[key])

    def test_no_progress_file_says_nothing_on_stdout(self):
        for flag in ("--session-start", "--pre-compact"):
            code, out, _ = self.hook("claude", flag, {"cwd": self.root})
            self.assertEqual((code, out), (0, ""))

    def test_claude_project_dir_wins(self):
        self.write("app/progress.txt", EXAMPLE)
        env = dict(os.environ, CLAUDE_PROJECT_DIR=os.path.join(self.root, "app"), **GIT_ENV)
        p = subprocess.run([BIN, "hook", "claude", "--session-start"], input=b'{"cwd": "/"}', capture_output=True,
                           env=env, timeout=60)
        self.assertIn("Progress briefing: progress.txt", json.loads(p.stdout)["hookSpecificOutput"]["additionalContext"])


if __name__ == "__main__":
    main("test_prime")
