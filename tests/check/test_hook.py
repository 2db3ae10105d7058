#!/usr/bin/env python3
"""test_hook.py — `progress-ls hook claude|codex|cursor [--stop]` fed the payloads each agent sends
(tests/check/payloads/), as the agent runs it: exit codes, what reaches stderr (the model) and stdout, the Stop
mode and its loop guard, and every kind of bad input answered with one line and exit 0.

Needs PROGRESS_LS and CORPUS_DIR (as ctest sets them).
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from checkrun import BIN, HERE, corpus_text, main, write_file

PAYLOADS = os.path.join(HERE, "payloads")
CLEAN, BAD, TEMPLATE = corpus_text("minimal.txt"), corpus_text("bad-fields.txt"), corpus_text("template.txt")
# Edit payloads: the agent, the recording, and the progress file it edits.
EDITS = [("claude", "claude-write.json", "claude-progress.txt"),
         ("claude", "claude-edit.json", "claude-progress.txt"),
         ("claude", "claude-multiedit.json", "claude-progress.txt"),
         ("codex", "codex-apply-patch.json", "progress.txt"),
         ("cursor", "cursor-after-file-edit.json", "docs/sprint.progress.txt")]
STOPS = [("claude", "claude-stop.json"), ("codex", "codex-stop.json"), ("cursor", "cursor-stop.json")]


def hook(agent, payload, *args, cwd=None, env=None):
    data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    e = dict(os.environ)
    e.pop("CLAUDE_PROJECT_DIR", None)
    e.update(env or {})
    p = subprocess.run([BIN, "hook", agent, *args], input=data, capture_output=True, cwd=cwd, env=e, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class Project(unittest.TestCase):
    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp())

    def tearDown(self):
        shutil.rmtree(self.root)

    def write(self, rel, text):
        write_file(self.root, rel, text)

    def payload(self, name, **changes):
        with open(os.path.join(PAYLOADS, name), encoding="utf-8") as f:
            obj = json.loads(f.read().replace("{root}", self.root))
        obj.update(changes)
        return json.dumps(obj)

    def files(self):
        out = {}
        for d, _, fs in os.walk(self.root):
            for f in fs:
                with open(os.path.join(d, f), "rb") as h:
                    out[os.path.relpath(os.path.join(d, f), self.root)] = h.read()
        return out


class Edits(Project):
    def test_an_edit_that_leaves_errors_exits_2_with_the_findings_on_stderr(self):
        for agent, name, target in EDITS:
            with self.subTest(name):
                self.write(target, BAD)
                code, out, err = hook(agent, self.payload(name))
                self.assertEqual((code, out), (2, ""))
                lines = err.splitlines()
                self.assertTrue(any(l.startswith(target + ":6:19: error: invalid complexity level") for l in lines), err)
                self.assertTrue(all(l.startswith(target + ":") or l.startswith("progress-ls:") for l in lines), err)

    def test_a_clean_edit_or_warnings_only_exit_0_silently(self):
        for agent, name, target in EDITS:
            for text in (CLEAN, TEMPLATE):
                with self.subTest(name):
                    self.write(target, text)
                    self.assertEqual(hook(agent, self.payload(name)), (0, "", ""))

    def test_other_tools_and_other_files_are_not_checked(self):
        self.write("claude-progress.txt", BAD)
        self.write("progress.txt", BAD)
        self.write("src/app.py", "x = (\n")
        cases = [("claude", self.payload("claude-bash.json")),
                 ("codex", self.payload("codex-bash.json")),
                 ("claude", self.payload("claude-write.json", tool_input={"file_path": os.path.join(self.root, "src/app.py")})),
                 ("cursor", self.payload("cursor-after-file-edit.json", file_path=os.path.join(self.root, "src/app.py"))),
                 ("claude", self.payload("claude-write.json", tool_name="Read"))]
        for agent, payload in cases:
            with self.subTest(payload[:120]):
                self.assertEqual(hook(agent, payload), (0, "", ""))

    def test_codex_patches_name_added_and_moved_files(self):
        self.write("notes/a_progress.txt", BAD)
        patch = ("*** Begin Patch\n*** Add File: notes/a_progress.txt\n+x\n*** Update File: old.txt\n"
                 "*** Move to: progress.txt\n@@\n-a\n+b\n*** End Patch\n")
        self.write("progress.txt", CLEAN)
        code, _, err = hook("codex", self.payload("codex-apply-patch.json", tool_input={"command": patch}))
        self.assertEqual(code, 2)
        self.assertIn("notes/a_progress.txt:", err)
        self.assertNotIn("\nprogress.txt:", "\n" + err)

    def test_relative_paths_are_against_the_payloads_project(self):
        self.write("claude-progress.txt", BAD)
        with tempfile.TemporaryDirectory() as elsewhere:
            code, _, err = hook("claude", self.payload("claude-write.json", tool_input={"file_path": "claude-progress.txt"}),
                                cwd=elsewhere)
        self.assertEqual(code, 2)
        self.assertIn("claude-progress.txt:6:19", err)

    def test_run_from_the_root_folder_it_shows_absolute_paths(self):
        # issue 23: the project is `/` (no cwd in the payload, the hook run from there): not `tmp/…/progress.txt`.
        self.write("claude-progress.txt", BAD)
        payload = json.loads(self.payload("claude-write.json"))
        payload.pop("cwd", None)
        code, _, err = hook("claude", json.dumps(payload), cwd="/")
        self.assertEqual(code, 2)
        self.assertIn("\n" + os.path.join(self.root, "claude-progress.txt") + ":6:19: error", "\n" + err)

    def test_claude_project_dir_is_the_project_when_the_session_runs_below_it(self):
        self.write("claude-progress.txt", BAD)
        os.makedirs(os.path.join(self.root, "src"))
        payload = self.payload("claude-edit.json", cwd=os.path.join(self.root, "src"))
        code, _, err = hook("claude", payload, env={"CLAUDE_PROJECT_DIR": self.root})
        self.assertEqual(code, 2)
        self.assertIn("\nclaude-progress.txt:6:19: error", "\n" + err)
        code, _, err = hook("claude", payload)  # without it, the payload's cwd is the project
        self.assertEqual(code, 0)
        self.assertIn("outside the project", err)

    def test_codex_edit_and_write_aliases_and_cursors_tool_input_shape(self):
        self.write("progress.txt", BAD)
        self.write("docs/sprint.progress.txt", BAD)
        for tool in ("Edit", "Write"):
            code, _, err = hook("codex", self.payload("codex-apply-patch.json", tool_name=tool,
                                                      tool_input={"file_path": "progress.txt"}))
            self.assertEqual(code, 2, tool)
            self.assertIn("progress.txt:6:19: error", err)
        payload = json.loads(self.payload("cursor-after-file-edit.json"))
        payload["tool_input"] = {"file_path": payload.pop("file_path")}
        code, _, err = hook("cursor", json.dumps(payload))
        self.assertEqual(code, 2)
        self.assertIn("docs/sprint.progress.txt:6:19: error", err)

    def test_a_lowered_severity_in_the_settings_file_is_honoured(self):
        self.write("claude-progress.txt", BAD)
        self.write(".progress-ls", "severity.invalid-level = warning\nseverity.invalid-phase = off\n"
                                   "severity.duplicate-field = off\n")
        self.assertEqual(hook("claude", self.payload("claude-edit.json")), (0, "", ""))

    def test_nothing_is_written(self):
        self.write("claude-progress.txt", BAD)
        self.write("progress.txt", TEMPLATE)
        before = self.files()
        for agent, name, _ in EDITS:
            hook(agent, self.payload(name))
        for agent, name in STOPS:
            hook(agent, self.payload(name), "--stop")
        self.assertEqual(self.files(), before)


class BadInput(Project):
    """Whatever arrives on stdin, the hook answers with one line on stderr and exit 0: it never blocks the agent."""

    def one_line(self, agent, payload, words, *args):
        code, out, err = hook(agent, payload, *args)
        self.assertEqual((code, out), (0, ""), err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertTrue(err.startswith("progress-ls hook: "), err)
        self.assertIn(words, err)

    def test_empty_payload(self):
        for agent in ("claude", "codex", "cursor"):
            for args in ((), ("--stop",)):
                self.one_line(agent, b"", "the payload on stdin is empty", *args)
                self.one_line(agent, b" \n\t\n", "the payload on stdin is empty", *args)

    def test_binary_junk(self):
        with open(BIN, "rb") as f:
            junk = f.read(4096)
        for agent in ("claude", "codex", "cursor"):
            self.one_line(agent, junk, "is not JSON")
            self.one_line(agent, b"\x00\xff\xfe{", "is not JSON", "--stop")

    def test_json_that_is_not_the_agents_payload(self):
        self.one_line("claude", b"[1, 2]", "not an object")
        self.one_line("claude", b'{"hello": 1}', "no tool_name")
        self.one_line("codex", b'{"hello": 1}', "no tool_name")
        self.one_line("cursor", b'{"hello": 1}', "no file_path")

    def test_a_file_that_no_longer_exists(self):
        for agent, name, target in EDITS:
            with self.subTest(name):
                self.one_line(agent, self.payload(name), "no longer exists")

    def test_a_path_outside_the_project(self):
        with tempfile.TemporaryDirectory() as other:
            path = os.path.join(other, "progress.txt")
            with open(path, "w") as f:
                f.write(BAD)
            self.one_line("claude", self.payload("claude-write.json", tool_input={"file_path": path}), "outside the project")
            self.one_line("cursor", self.payload("cursor-after-file-edit.json", file_path=path), "outside the project")
            self.one_line("claude", self.payload("claude-write.json", tool_input={"file_path": "../" + os.path.basename(other) + "/progress.txt"}),
                          "outside the project")

    def test_a_project_folder_that_is_gone(self):
        gone = os.path.join(self.root, "gone")
        self.one_line("claude", self.payload("claude-write.json", cwd=gone), "cannot be read")

    def test_bad_usage_exits_1_which_agents_show_without_blocking(self):
        for args in (["claud"], [], ["claude", "--stopp"]):
            p = subprocess.run([BIN, "hook", *args], input=b"{}", capture_output=True, timeout=60)
            self.assertEqual(p.returncode, 1, args)
            self.assertEqual(len(p.stderr.splitlines()), 1)
            self.assertIn(b"hook --help", p.stderr)


class Stop(Project):
    def test_placeholders_in_session_state_block_the_stop_with_the_reason(self):
        self.write("progress.txt", TEMPLATE)
        for agent, name in STOPS[:2]:
            with self.subTest(agent):
                code, out, err = hook(agent, self.payload(name), "--stop")
                self.assertEqual((code, out), (2, ""))
                self.assertIn('progress.txt:5: in Session State, template placeholder "[X of Y]" is not filled in', err)
                self.assertIn("before stopping", err)
                self.assertNotIn("Decision 1", err, "placeholders outside Session State do not hold the stop")

    def test_cursor_gets_a_followup_message_on_stdout_and_exit_0(self):
        self.write("docs/sprint.progress.txt", TEMPLATE)
        code, out, err = hook("cursor", self.payload("cursor-stop.json"), "--stop")
        self.assertEqual((code, err), (0, ""))
        message = json.loads(out)["followup_message"]
        self.assertIn("docs/sprint.progress.txt:3: in Session State", message)

    def test_the_loop_guard_lets_the_second_stop_through(self):
        self.write("progress.txt", TEMPLATE)
        self.assertEqual(hook("claude", self.payload("claude-stop.json", stop_hook_active=True), "--stop"), (0, "", ""))
        self.assertEqual(hook("codex", self.payload("codex-stop.json", stop_hook_active=True), "--stop"), (0, "", ""))
        self.assertEqual(hook("cursor", self.payload("cursor-stop.json", loop_count=1), "--stop"), (0, "", ""))
        self.assertEqual(hook("cursor", self.payload("cursor-stop.json", status="aborted"), "--stop"), (0, "", ""))

    def test_a_filled_in_session_state_stops_quietly(self):
        self.write("progress.txt", CLEAN)
        self.write("notes/claude-progress.txt", BAD)  # errors, but no placeholder: not the Stop check's business
        for agent, name in STOPS:
            self.assertEqual(hook(agent, self.payload(name), "--stop"), (0, "", ""))

    def test_gitignored_progress_files_do_not_hold_the_stop(self):
        self.write("progress.txt", CLEAN)
        self.write("scratch/progress.txt", TEMPLATE)
        self.write(".gitignore", "scratch/\n")
        subprocess.run(["git", "init", "-q"], cwd=self.root, check=True)
        self.assertEqual(hook("claude", self.payload("claude-stop.json"), "--stop"), (0, "", ""))


GIT_ENV = {"GIT_AUTHOR_NAME": "Ada Tester", "GIT_AUTHOR_EMAIL": "ada@example.com",
           "GIT_COMMITTER_NAME": "Ada Tester", "GIT_COMMITTER_EMAIL": "ada@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


class Repo(Project):
    """A git repository whose progress.txt (filled in) was committed with the code, a minute ago."""

    def setUp(self):
        super().setUp()
        self.git("init", "-q")
        self.write("progress.txt", CLEAN)
        self.write("src/app.c", "int main(void) { return 0; }\n")
        self.commit("Start", minutes_ago=2)

    def git(self, *args, when=None):
        env = dict(GIT_ENV)
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "@%d +0000" % when
        return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                              cwd=self.root, env=env, check=True, capture_output=True).stdout.decode()

    def commit(self, message, minutes_ago=1):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=int(time.time()) - 60 * minutes_ago)
        return self.git("rev-parse", "HEAD").strip()

    def age(self, rel, seconds):
        """Sets the file's modification time `seconds` in the past."""
        t = time.time() - seconds
        os.utime(os.path.join(self.root, rel), (t, t))

    def stop(self, agent="claude", name="claude-stop.json"):
        return hook(agent, self.payload(name), "--stop")


class StopAgainstGit(Repo):
    def test_a_changed_file_since_the_last_commit_blocks(self):
        self.write("src/app.c", "int main(void) { return 1; }\n")
        code, out, err = self.stop()
        self.assertEqual((code, out), (2, ""))
        self.assertIn("progress.txt: 1 file (src/app.c) changed since its last commit", err)

    def test_code_committed_after_the_progress_file_blocks(self):
        self.write("src/new.c", "x\n")
        self.commit("More code")
        code, _, err = self.stop()
        self.assertEqual(code, 2)
        self.assertIn("1 file (src/new.c) changed since its last commit", err)

    def test_agents_folders_temporary_files_and_ignored_files_never_count(self):
        for rel in (".claude/settings.json", ".codex/config.toml", ".cursor/hooks.json", "src/.app.c.swp",
                    "src/app.c~", ".#app.c", "#app.c#", "4913", "notes.tmp", "build/out.o", "other-progress.txt"):
            self.write(rel, "x\n")
        self.write(".gitignore", "build/\n")
        self.commit("Ignore build")  # .gitignore itself is code: commit it with the progress file
        self.write("progress.txt", CLEAN.replace("Project skeleton", "Ignore rules"))
        self.commit("Progress")
        self.write(".claude/settings.local.json", "{}\n")
        self.write("build/more.o", "x\n")
        self.assertEqual(self.stop(), (0, "", ""))

    def test_a_small_edit_outside_session_state_does_not_satisfy_it(self):
        self.write("src/app.c", "int main(void) { return 1; }\n")
        self.age("src/app.c", 30)
        self.write("progress.txt", CLEAN + "\n=== Notes ===\n- a note\n")
        code, _, err = self.stop()
        self.assertEqual(code, 2)
        self.assertIn("progress.txt: edited, but its Session State says nothing new since its last commit, while "
                      "1 file (src/app.c) changed", err)

    def test_a_new_session_state_after_the_code_passes(self):
        self.write("src/app.c", "int main(void) { return 1; }\n")
        self.age("src/app.c", 30)
        self.write("progress.txt", CLEAN.replace("Project skeleton", "Exit status"))
        for agent, name in STOPS:
            with self.subTest(agent):
                self.assertEqual(self.stop(agent, name), (0, "", ""))

    def test_code_written_after_the_update_blocks(self):
        self.write("progress.txt", CLEAN.replace("Project skeleton", "Exit status"))
        self.age("progress.txt", 30)
        self.write("src/app.c", "int main(void) { return 2; }\n")
        code, _, err = self.stop()
        self.assertEqual(code, 2)
        self.assertIn("progress.txt: src/app.c changed after the progress file was last updated", err)

    def test_the_loop_guard_passes_whatever_changed(self):
        self.write("src/app.c", "changed\n")
        self.assertEqual(hook("claude", self.payload("claude-stop.json", stop_hook_active=True), "--stop"),
                         (0, "", ""))

    def test_cursor_gets_the_reason_as_a_followup(self):
        self.write("src/app.c", "changed\n")
        payload = json.dumps({"hook_event_name": "stop", "status": "completed", "loop_count": 0,
                              "workspace_roots": [self.root]})
        code, out, err = hook("cursor", payload, "--stop")
        self.assertEqual((code, err), (0, ""))
        self.assertIn("src/app.c", json.loads(out)["followup_message"])


MARKDOWN_LOG = """# Progress

## Session 1 — 2026-11-28
- Set up the project skeleton
- Next: the config parser

## Session 2 — 2026-11-29
- Wrote the config parser
- Next: the command line
"""


class StopInALog(Repo):
    """A markdown session log: the stop wants a new entry after the code changed, not any edit."""

    def setUp(self):
        super().setUp()
        self.write("progress.txt", MARKDOWN_LOG)
        self.commit("Log", minutes_ago=1)
        self.write("src/app.c", "int main(void) { return 3; }\n")
        self.age("src/app.c", 30)

    def test_an_edit_without_a_new_entry_blocks(self):
        self.write("progress.txt", MARKDOWN_LOG.replace("Wrote the config parser", "Wrote the config file parser"))
        code, _, err = self.stop()
        self.assertEqual(code, 2)
        self.assertIn("progress.txt: edited, but it has no new entry since its last commit, while 1 file "
                      "(src/app.c) changed", err)
        self.assertIn("in a log, a new entry", err)

    def test_a_new_entry_after_the_code_passes(self):
        self.write("progress.txt", MARKDOWN_LOG + "\n## Session 3 — 2026-11-30\n- Exit status 3\n- Next: tests\n")
        self.assertEqual(self.stop(), (0, "", ""))


class CommitReminder(Repo):
    def bash(self, command, agent="claude", name="claude-bash.json"):
        with open(os.path.join(PAYLOADS, name), encoding="utf-8") as f:
            obj = json.loads(f.read().replace("{root}", self.root))
        obj["tool_input"]["command"] = command
        return hook(agent, json.dumps(obj))

    def test_a_commit_that_leaves_the_progress_file_behind_is_reminded_once(self):
        self.write("src/app.c", "changed\n")
        head = self.commit("Change the app")
        for agent, name in (("claude", "claude-bash.json"), ("codex", "codex-bash.json")):
            with self.subTest(agent):
                code, out, err = self.bash("git commit -am 'Change the app'", agent, name)
                self.assertEqual((code, err), (0, ""))
                said = json.loads(out)["hookSpecificOutput"]
                self.assertEqual(said["hookEventName"], "PostToolUse")
                self.assertIn("commit %s left progress.txt behind" % head[:7], said["additionalContext"])
                # Once per commit: the same HEAD after another command is not reminded about again.
                self.assertEqual(self.bash("git commit --amend --no-edit && git log", agent, name), (0, "", ""))
                os.unlink(os.path.join(self.root, ".git", "progress-ls-reminded"))

    def test_a_commit_with_the_progress_file_or_without_one_in_the_project_is_silent(self):
        self.write("src/app.c", "changed\n")
        self.write("progress.txt", CLEAN.replace("Project skeleton", "App changed"))
        self.commit("Change the app and the progress file")
        self.assertEqual(self.bash("git commit -am x"), (0, "", ""))
        os.unlink(os.path.join(self.root, "progress.txt"))
        self.commit("No progress file any more")
        self.assertEqual(self.bash("git commit -am x"), (0, "", ""))

    def test_other_commands_and_no_repository_are_silent(self):
        self.write("src/app.c", "changed\n")
        self.commit("Change the app")
        self.assertEqual(self.bash("ls -la"), (0, "", ""))
        shutil.rmtree(os.path.join(self.root, ".git"))
        self.assertEqual(self.bash("git commit -am x"), (0, "", ""))
        self.assertFalse(os.path.exists(os.path.join(self.root, ".git")))


if __name__ == "__main__":
    main("test_hook")
