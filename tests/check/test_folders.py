#!/usr/bin/env python3
"""test_folders.py — `check DIR…`: progress files found by name through `git ls-files` inside a repository (gitignored
files skipped) or a walk that skips build folders elsewhere; argument order kept; stdout before stderr in a pipe.

Needs PROGRESS_LS and CORPUS_DIR (as ctest sets them) and git.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

from checkrun import BIN, corpus_text, main, run_check as run, write_file

TEMPLATE = corpus_text("template.txt")  # warnings only
BAD = corpus_text("bad-fields.txt")  # errors
CLEAN = corpus_text("minimal.txt")


def files_in(stdout):
    seen = []
    for line in stdout.splitlines():
        f = line.split(":", 1)[0]
        if not seen or seen[-1] != f:
            seen.append(f)
    return seen


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


class Folders(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        for dirpath, dirnames, _ in os.walk(self.tmp):
            for d in dirnames:
                os.chmod(os.path.join(dirpath, d), 0o755)
        shutil.rmtree(self.tmp)

    def write(self, rel, text):
        write_file(self.tmp, rel, text)

    def tree(self):
        """Progress files under every accepted name, files that merely look alike, and build folders."""
        self.write("progress.txt", TEMPLATE)
        self.write("docs/claude-progress.txt", TEMPLATE)
        self.write("docs/api_progress.txt", TEMPLATE)
        self.write("docs/sprint.progress.txt", TEMPLATE)
        self.write("docs/team-progress.txt", TEMPLATE)
        self.write("docs/progress.md", BAD)
        self.write("docs/myprogress.txt", BAD)
        self.write("docs/progress.txt.bak", BAD)
        self.write("build/progress.txt", BAD)
        self.write("node_modules/pkg/progress.txt", BAD)
        self.write("sub/dir-progress.txt/readme.txt", BAD)  # a folder with a progress name is no file

    def test_the_walk_finds_every_name_and_skips_build_folders(self):
        self.tree()
        code, out, err = run(self.tmp)
        self.assertEqual((code, err), (0, ""))
        names = ["progress.txt", "docs/api_progress.txt", "docs/claude-progress.txt", "docs/sprint.progress.txt",
                 "docs/team-progress.txt"]
        self.assertEqual(files_in(out), [os.path.join(self.tmp, n) for n in sorted(names)])

    def test_in_a_repository_git_lists_them_and_gitignored_files_are_skipped(self):
        self.tree()
        self.write(".gitignore", "docs/team-progress.txt\nignored/\n")
        self.write("ignored/progress.txt", BAD)
        self.write("build/progress.txt", TEMPLATE)  # not ignored: git lists it, build folder or not
        git(self.tmp, "init", "-q")
        git(self.tmp, "add", "progress.txt", "docs")
        git(self.tmp, "commit", "-qm", "x")  # tracked and untracked files both count
        code, out, err = run(".", cwd=self.tmp)
        self.assertEqual((code, err), (1, ""))  # node_modules/pkg/progress.txt is not ignored, and has errors
        got = files_in(out)
        self.assertIn("build/progress.txt", got)
        self.assertNotIn("docs/team-progress.txt", got)
        self.assertNotIn("ignored/progress.txt", got)
        self.assertEqual(got, sorted(got))
        self.assertEqual(set(got), {"build/progress.txt", "docs/api_progress.txt", "docs/claude-progress.txt",
                                    "docs/sprint.progress.txt", "progress.txt", "node_modules/pkg/progress.txt"})

    def test_a_subfolder_of_a_repository_is_listed_relative_to_it(self):
        self.tree()
        git(self.tmp, "init", "-q")
        code, out, _ = run("docs", cwd=self.tmp)
        self.assertEqual(files_in(out), ["docs/api_progress.txt", "docs/claude-progress.txt",
                                         "docs/sprint.progress.txt", "docs/team-progress.txt"])

    def test_arguments_keep_their_order_and_errors_fail(self):
        self.write("b/progress.txt", BAD)
        self.write("a/progress.txt", TEMPLATE)
        self.write("single-progress.txt", CLEAN)
        code, out, _ = run(os.path.join(self.tmp, "b"), os.path.join(self.tmp, "a"))
        self.assertEqual(code, 1)
        self.assertEqual(files_in(out), [os.path.join(self.tmp, "b/progress.txt"), os.path.join(self.tmp, "a/progress.txt")])
        code, out, _ = run("a", "b", cwd=self.tmp)
        self.assertEqual(files_in(out), ["a/progress.txt", "b/progress.txt"])

    def test_stdout_comes_before_each_later_stderr_line_in_one_pipe(self):
        self.write("a/progress.txt", TEMPLATE)
        self.write("c/progress.txt", TEMPLATE)
        p = subprocess.run([BIN, "check", "a", "missing-file.txt", "c"], cwd=self.tmp, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=60)
        lines = p.stdout.splitlines()
        where = next(i for i, l in enumerate(lines) if "missing-file.txt" in l)
        self.assertTrue(all(l.startswith("a/") for l in lines[:where]) and where > 0, lines)
        self.assertTrue(all(l.startswith("c/") for l in lines[where + 1:]) and where + 1 < len(lines), lines)
        self.assertEqual(p.returncode, 2)

    def test_a_folder_without_progress_files_is_a_note_not_a_failure(self):
        self.write("src/main.c", "int main(void) { return 0; }\n")
        code, out, err = run(self.tmp)
        self.assertEqual((code, out), (0, ""))
        self.assertEqual(err.splitlines(), ["progress-ls check: no progress file in %s" % self.tmp])

    def test_an_unreadable_folder_is_one_line_and_exit_2(self):
        self.write("locked/progress.txt", TEMPLATE)
        self.write("open/progress.txt", TEMPLATE)
        locked = os.path.join(self.tmp, "locked")
        os.chmod(locked, 0)
        os.chmod(self.tmp, 0o755)
        cmd = [BIN, "check", locked, os.path.join(self.tmp, "open")]
        if os.geteuid() == 0:  # root reads anything: drop to nobody, with a copy of the binary nobody can run
            shutil.copy(BIN, os.path.join(self.tmp, "progress-ls"))
            os.chmod(os.path.join(self.tmp, "progress-ls"), 0o755)
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                   os.path.join(self.tmp, "progress-ls")] + cmd[1:]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(p.stderr.splitlines(), ["progress-ls check: cannot read the folder %s: %s" %
                                                 (locked, os.strerror(13))])
        self.assertEqual(files_in(p.stdout), [os.path.join(self.tmp, "open/progress.txt")])

    def test_nothing_is_written(self):
        self.tree()
        git(self.tmp, "init", "-q")
        before = sorted(os.path.join(d, f) for d, _, fs in os.walk(self.tmp) for f in fs)
        run(".", cwd=self.tmp)
        run(self.tmp)
        after = sorted(os.path.join(d, f) for d, _, fs in os.walk(self.tmp) for f in fs)
        self.assertEqual(before, after)


if __name__ == "__main__":
    main("test_folders")
