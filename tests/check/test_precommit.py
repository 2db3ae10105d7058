#!/usr/bin/env python3
"""test_precommit.py — the repository's .pre-commit-hooks.yaml driven by Debian's `pre-commit try-repo` on a
temporary repository, offline: the hook runs `progress-ls check` on exactly the progress files and fails on errors.

Needs PROGRESS_LS (as ctest sets it), git and pre-commit (scripts/deps.sh test installs both).
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from checkrun import BIN, HERE, corpus_text as corpus, main, write_file

SOURCE = os.path.normpath(os.path.join(HERE, "..", ".."))
GIT = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]


def hooks():
    import yaml  # python3-yaml comes with pre-commit
    with open(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        return {h["id"]: h for h in yaml.safe_load(f)}


class Names(unittest.TestCase):
    """The `files:` pattern says what core_name_is_progress_file says (the rows of tests/core/test_names.c)."""

    def test_the_files_pattern_matches_the_progress_file_names(self):
        pattern = re.compile(hooks()["progress-ls-check"]["files"])
        rows = {"progress.txt": True, "claude-progress.txt": True, "sprint_progress.txt": True,
                "notes.progress.txt": True, "docs/progress.txt": True, "a/b/c.progress.txt": True,
                "progress.txt.bak": False, "progress.md": False, "Progress.txt": False, "myprogress.txt": False,
                "progress-notes.txt": False, "progress.txt/notes.txt": False, "dir-progress.txt/readme": False}
        for name, want in rows.items():
            self.assertEqual(bool(pattern.search(name)), want, name)

    def test_the_hook_is_a_system_hook_running_check(self):
        h = hooks()["progress-ls-check"]
        self.assertEqual((h["language"], h["entry"]), ("system", "progress-ls check"))


class TryRepo(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        # The hooks repository: this repository's .pre-commit-hooks.yaml, committed (try-repo clones a repository).
        self.hooks = os.path.join(self.tmp, "hooks")
        os.makedirs(self.hooks)
        shutil.copy(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), self.hooks)
        subprocess.run(GIT + ["init", "-q"], cwd=self.hooks, check=True)
        subprocess.run(GIT + ["add", "."], cwd=self.hooks, check=True)
        subprocess.run(GIT + ["commit", "-qm", "hooks"], cwd=self.hooks, check=True)
        self.project = os.path.join(self.tmp, "project")
        os.makedirs(self.project)
        subprocess.run(GIT + ["init", "-q"], cwd=self.project, check=True)
        self.env = dict(os.environ)
        self.env["PATH"] = os.path.dirname(os.path.abspath(BIN)) + os.pathsep + self.env.get("PATH", "")
        self.env["PRE_COMMIT_HOME"] = os.path.join(self.tmp, "cache")
        for k in ("PROGRESS_LS_OUTPUT_FORMAT", "http_proxy", "https_proxy"):
            self.env.pop(k, None)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, rel, text):
        write_file(self.project, rel, text)
        subprocess.run(GIT + ["add", rel], cwd=self.project, check=True)

    def try_repo(self):
        p = subprocess.run(["pre-commit", "try-repo", self.hooks, "progress-ls-check", "--all-files", "--verbose"],
                           cwd=self.project, env=self.env, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout + p.stderr

    def test_errors_in_a_progress_file_fail_the_commit(self):
        self.write("progress.txt", corpus("minimal.txt"))
        self.write("docs/claude-progress.txt", corpus("bad-fields.txt"))
        self.write("notes.txt", corpus("bad-fields.txt"))  # not a progress file name: never passed to check
        code, out = self.try_repo()
        self.assertEqual(code, 1, out)
        self.assertRegex(out, r"progress-ls check\.+Failed")
        self.assertIn("docs/claude-progress.txt:6:19: error: invalid complexity level", out)
        self.assertNotIn("notes.txt:", out)

    def test_clean_and_warning_only_files_pass(self):
        self.write("progress.txt", corpus("minimal.txt"))
        self.write("team/api_progress.txt", corpus("template.txt"))
        code, out = self.try_repo()
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r"progress-ls check\.+Passed")
        self.assertIn("team/api_progress.txt:", out)  # --verbose shows the warnings

    def test_no_progress_file_is_skipped(self):
        self.write("README.md", "# hi\n")
        code, out = self.try_repo()
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r"progress-ls check\.+\(no files to check\)Skipped")


if __name__ == "__main__":
    main("test_precommit", needs=[(shutil.which("pre-commit") or "pre-commit", "run scripts/deps.sh test")])
