#!/usr/bin/env python3
"""test_command_routes.py — check, fmt and hook on a hostile checkout: links to secrets are refused without a byte
of them printed, /dev/zero, a sparse file and a FIFO are bounded, fmt's temporary cannot be redirected, a linked
progress file is formatted where it is, a hook whose project is `/` does not walk the disk."""
import json
import os
import shutil
import tempfile
import time
import unittest

from hostile import EXAMPLE, max_rss_kb, run

SECRET = "progress-ls-secret-4f1c2a"  # what must never appear on stdout or stderr


class CommandRoutes(unittest.TestCase):

    def setUp(self):
        self.top = os.path.realpath(tempfile.mkdtemp(prefix="progress-commands-"))
        self.addCleanup(shutil.rmtree, self.top, True)
        self.root = os.path.join(self.top, "checkout")
        os.makedirs(os.path.join(self.root, ".git"))  # a work tree's top (nothing runs git here)
        self.secret = os.path.join(self.top, "secret.txt")
        with open(self.secret, "w") as f:
            f.write("=== Session State ===\nNext task: %s\nTOKEN = %s\n" % (SECRET, SECRET))

    def at(self, rel):
        return os.path.join(self.root, rel)

    def assert_silent_about_secrets(self, out, err):
        self.assertNotIn(SECRET, out + err)
        self.assertNotIn("PATH=", out + err)

    def test_progress_file_linked_to_environ_and_to_a_secret(self):
        os.symlink("/proc/self/environ", self.at("progress.txt"))
        os.symlink(self.secret, self.at("claude-progress.txt"))
        code, out, err, _ = run(["check", "--output-format", "full", "."], self.root, env={"LEAK": SECRET})
        self.assertEqual(code, 2)
        self.assert_silent_about_secrets(out, err)
        self.assertIn("progress.txt is a symbolic link that leads out of", err)
        self.assertEqual(len(err.strip().splitlines()), 2, err)  # one line each

    def test_settings_file_linked_to_a_secret(self):
        shutil.copy(EXAMPLE, self.at("progress.txt"))
        os.symlink(self.secret, self.at(".progress-ls"))
        code, out, err, _ = run(["check", "progress.txt"], self.root)
        self.assertEqual(code, 2)
        self.assert_silent_about_secrets(out, err)
        self.assertIn("the settings file", err)

    def test_settings_file_bad_lines_are_not_echoed(self):
        shutil.copy(EXAMPLE, self.at("progress.txt"))
        with open(self.at(".progress-ls"), "w") as f:
            f.write("# comment\n%s\n%s = 1\nmax-lines = %s\nseverity.%s = warning\nseverity.placeholder = %s\n"
                    % (SECRET, SECRET, SECRET, SECRET, SECRET))
        code, out, err, _ = run(["check", "progress.txt"], self.root)
        self.assertEqual(code, 2)
        self.assert_silent_about_secrets(out, err)
        for line in (2, 3, 4, 5, 6):
            self.assertIn(".progress-ls:%d:" % line, err)

    def test_dev_zero_and_a_sparse_file_are_bounded(self):
        os.symlink("/dev/zero", self.at("progress.txt"))
        with open(self.at("claude-progress.txt"), "wb") as f:
            f.truncate(10 << 30)
        for name in ("progress.txt", "claude-progress.txt", "."):
            rss, code, out = max_rss_kb(["check", name], self.root, timeout=20)
            self.assertEqual(code, 2, name)
            self.assertLess(rss, 64 << 10, "%s: %d kB resident" % (name, rss))
        code, out, err, took = run(["fmt", "claude-progress.txt"], self.root, timeout=20)
        self.assertEqual(code, 2)
        self.assertIn("larger than 16 MiB", err)

    def test_fifo_blocks_nothing(self):
        os.mkfifo(self.at("progress.txt"))
        for args in (["check", "progress.txt"], ["fmt", "progress.txt"], ["fmt", "--check", "progress.txt"]):
            code, out, err, took = run(args, self.root, timeout=20)
            self.assertEqual(code, 2, args)
            self.assertIn("is not a regular file", err)
            self.assertLess(took, 10)
        code, out, err, took = run(["check", "."], self.root, timeout=20)  # a FIFO is no file: none found
        self.assertIn("no progress file", err)
        payload = json.dumps({"hook_event_name": "PostToolUse", "cwd": self.root, "tool_name": "Write",
                              "tool_input": {"file_path": self.at("progress.txt")}})
        code, out, err, took = run(["hook", "claude"], self.root, stdin=payload, timeout=20)
        self.assertLess(took, 10)

    def test_fmt_temporary_names_cannot_be_redirected(self):
        shutil.copy(EXAMPLE, self.at("progress.txt"))
        with open(self.at("progress.txt"), "a") as f:
            f.write("\n\n\n")  # something to format
        victim = os.path.join(self.top, "victim")
        with open(victim, "w") as f:
            f.write("untouched\n")
        # Links at every name the old fmt would have used (FILE.progress-ls-fmt.<pid>) for the next few pids.
        first = os.getpid()
        for pid in range(first, first + 2000):
            os.symlink(victim, self.at("progress.txt.progress-ls-fmt.%d" % pid))
        code, out, err, _ = run(["fmt", "progress.txt"], self.root)
        self.assertEqual(code, 0, err)
        with open(victim) as f:
            self.assertEqual(f.read(), "untouched\n")

    def test_linked_progress_file_is_formatted_at_its_target(self):
        os.makedirs(self.at("docs"))
        shutil.copy(EXAMPLE, self.at("docs/progress.txt"))
        with open(self.at("docs/progress.txt"), "a") as f:
            f.write("\n\n\n")
        os.chmod(self.at("docs/progress.txt"), 0o640)
        os.symlink("docs/progress.txt", self.at("progress.txt"))
        code, out, err, _ = run(["fmt", "progress.txt"], self.root)
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.islink(self.at("progress.txt")), "the link was replaced by a copy")
        with open(self.at("docs/progress.txt")) as f:
            self.assertFalse(f.read().endswith("\n\n\n"), "the target was not formatted")
        self.assertEqual(os.stat(self.at("docs/progress.txt")).st_mode & 0o777, 0o640)
        # And one that leads out of the work tree is refused, its target untouched.
        os.unlink(self.at("progress.txt"))
        os.symlink(self.secret, self.at("progress.txt"))
        with open(self.secret) as f:
            before = f.read()
        code, out, err, _ = run(["fmt", "progress.txt"], self.root)
        self.assertEqual(code, 2)
        with open(self.secret) as f:
            self.assertEqual(f.read(), before)
        self.assertIn("leads out of its work tree", err)

    def test_fmt_keeps_crlf(self):
        with open(EXAMPLE, "rb") as f:
            text = f.read().replace(b"\n", b"\r\n") + b"\r\n\r\n"
        with open(self.at("progress.txt"), "wb") as f:
            f.write(text)
        code, out, err, _ = run(["fmt", "progress.txt"], self.root)
        self.assertEqual(code, 0, err)
        with open(self.at("progress.txt"), "rb") as f:
            after = f.read()
        self.assertNotIn(b"\n", after.replace(b"\r\n", b""))

    def test_walk_without_a_repository_stays_shallow(self):
        # No repository: the walk lists at most 4 folders deep, so a progress file 6 deep is not found.
        plain = os.path.join(self.top, "plain")
        deep = os.path.join(plain, "a", "b", "c", "d", "e", "f")
        os.makedirs(deep)
        shutil.copy(EXAMPLE, os.path.join(deep, "progress.txt"))
        shutil.copy(EXAMPLE, os.path.join(plain, "a", "b", "c", "d", "progress.txt"))
        code, out, err, _ = run(["check", "--output-format", "full", "."], plain)
        self.assertIn("a/b/c/d/progress.txt", out)
        self.assertNotIn("e/f/progress.txt", out)

    @unittest.skipUnless(shutil.which("strace"), "strace is not installed (scripts/deps.sh test)")
    def test_at_the_filesystem_root_the_walk_stays_shallow(self):
        # `hook claude --stop` with cwd `/` walked the whole disk, /proc and /sys included (7.3 s; over 30 s under
        # ASan). The walk it shares with `check DIR` now lists folders at most 4 deep: strace shows every folder
        # opened. (The files it finds are then held against git, a cost that depends on the machine: not timed.)
        log = os.path.join(self.top, "strace.log")
        code, out, err, took = run(["check", "/"], "/", timeout=120, wrap=["strace", "-f", "-qq", "-o", log,
                                                                         "-e", "trace=openat"])
        deepest = 0
        with open(log) as f:
            for line in f:
                if "O_DIRECTORY" in line and "= -1" not in line and '"/' in line:
                    path = line.split('"')[1].rstrip("/")
                    deepest = max(deepest, path.count("/"))
        self.assertGreater(deepest, 0, "no folder listed")
        self.assertLessEqual(deepest, 5, "a folder %d deep was listed" % deepest)
        self.assertLess(took, 60)
        payload = json.dumps({"hook_event_name": "Stop", "cwd": "/", "stop_hook_active": False,
                              "session_id": "s", "transcript_path": "/nonexistent"})
        code, out, err, took = run(["hook", "claude", "--stop"], "/", stdin=payload,
                                   env={"CLAUDE_PROJECT_DIR": "/"}, timeout=300)
        self.assertIn(code, (0, 2))


if __name__ == "__main__":
    unittest.main(verbosity=2)
