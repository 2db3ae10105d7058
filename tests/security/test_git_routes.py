#!/usr/bin/env python3
"""test_git_routes.py — nothing a repository configures makes `check --git` run a program: one test per route, each
with a marker program that would leave a file if git ran it; and a repository that cannot be made safe gets no git,
with one info finding saying why."""
import os
import subprocess
import unittest

from hostile import GIT, Hostile, git, run


class GitRoutes(unittest.TestCase):

    def setUp(self):
        self.h = Hostile()
        self.addCleanup(self.h.remove)

    def check(self, env=None):
        code, out, err, _ = run(["check", "--git", "progress.txt"], self.h.root, env=env)
        self.assertIn(code, (0, 1), err)
        self.assertFalse(self.h.ran(), "a program from the repository ran: " + open(self.h.marker).read()
                         if self.h.ran() else "")
        return out, err

    def test_evidence_still_comes(self):
        out, _ = self.check()
        self.assertIn("[stale-progress]", out)

    def test_filter_driver(self):
        self.h.write(".gitattributes", "* filter=x\n")
        git(self.h.root, "add", ".gitattributes")
        self.h.touch_all()
        self.h.config("filter.x.clean", self.h.program)
        self.h.config("filter.x.smudge", self.h.program)
        self.h.config("filter.x.process", self.h.program)
        self.h.config("filter.x.required", "true")
        out, _ = self.check()
        self.assertIn("[stale-progress]", out)

    def test_filter_driver_that_cannot_be_switched_off(self):
        self.h.write(".gitattributes", "* filter=a=b\n")
        self.h.touch_all()
        self.h.config("filter.a=b.clean", self.h.program)
        out, _ = self.check()
        self.assertIn("[git-evidence-off]", out)
        self.assertNotIn("[stale-progress]", out)

    def test_signed_commit_with_gpg_program(self):
        head = git(self.h.root, "rev-parse", "HEAD").strip()
        tree = git(self.h.root, "rev-parse", "HEAD^{tree}").strip()
        body = ("tree %s\nparent %s\nauthor a <a@example.org> 1700000000 +0000\n"
                "committer a <a@example.org> 1700000000 +0000\n"
                "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\n"
                "signed\n") % (tree, head)
        signed = subprocess.run([GIT, "-C", self.h.root, "hash-object", "-t", "commit", "-w", "--stdin"],
                                input=body, capture_output=True, text=True, check=True).stdout.strip()
        git(self.h.root, "update-ref", "HEAD", signed)
        self.h.config("log.showSignature", "true")
        self.h.config("gpg.program", self.h.program)
        self.h.config("gpg.ssh.program", self.h.program)
        self.h.config("gpg.x509.program", self.h.program)
        # The file names the signed commit: `log --no-walk` looks it up too.
        with open(os.path.join(self.h.root, "progress.txt"), "a") as f:
            f.write("- commit: %s\n" % signed[:12])
        self.check()

    def test_fsmonitor(self):
        self.h.touch_all()
        self.h.config("core.fsmonitor", self.h.program)
        self.check()

    def test_hooks(self):
        hooks = os.path.join(self.h.top, "hooks")
        os.makedirs(hooks)
        for name in ("post-index-change", "reference-transaction", "post-checkout", "pre-auto-gc", "fsmonitor-watchman"):
            os.symlink(self.h.program, os.path.join(hooks, name))
            os.symlink(self.h.program, os.path.join(self.h.root, ".git", "hooks", name))
        self.h.touch_all()
        self.h.config("core.hooksPath", hooks)
        self.check()

    def test_textconv_and_external_diff(self):
        self.h.write(".gitattributes", "* diff=x\n")
        git(self.h.root, "add", ".gitattributes")
        git(self.h.root, "commit", "-qm", "attributes")
        self.h.config("diff.x.textconv", self.h.program)
        self.h.config("diff.x.command", self.h.program)
        self.h.config("diff.external", self.h.program)
        self.h.config("core.pager", self.h.program)
        self.h.config("pager.log", self.h.program)
        self.h.config("pager.diff", self.h.program)
        self.check(env={"GIT_PAGER": "", "PAGER": ""})

    def test_relative_path_entry_finds_no_workspace_git(self):
        os.makedirs(os.path.join(self.h.root, "bin"))
        fake = os.path.join(self.h.root, "bin", "git")
        os.symlink(self.h.program, fake)
        out, _ = self.check(env={"PATH": "bin:/usr/bin:/bin"})
        self.assertIn("[stale-progress]", out)  # the real git, found on the absolute folders

    def test_git_on_path_inside_the_repository_is_refused(self):
        os.makedirs(os.path.join(self.h.root, "tools"))
        os.symlink(self.h.program, os.path.join(self.h.root, "tools", "git"))
        out, _ = self.check(env={"PATH": os.path.join(self.h.root, "tools") + ":/usr/bin:/bin"})
        # The fake git is the one on PATH: found, but it lies inside the repository, so it is never run.
        self.assertIn("[git-evidence-off]", out)

    def test_gitdir_elsewhere_with_a_work_tree_outside(self):
        # The checkout's .git is a file naming a git folder whose core.worktree is /etc: git would list /etc.
        self.h.gitdir_elsewhere("/etc")
        out, err = self.check()
        [line] = [l for l in out.splitlines() if "[git-evidence-off]" in l]
        self.assertIn("/etc", line)
        self.assertIn(" info: ", line)
        self.assertNotIn("passwd", out + err)

    def test_embedded_bare_repository(self):
        # A bare repository committed inside the checkout, with its own config: git in it would take that config.
        bare = os.path.join(self.h.root, "vendor", "bare")
        os.makedirs(bare)
        git(bare, "init", "-q", "--bare")
        git(bare, "config", "core.fsmonitor", self.h.program)
        shutil_copy = __import__("shutil").copy
        shutil_copy(os.path.join(self.h.root, "progress.txt"), os.path.join(bare, "progress.txt"))
        code, out, err, _ = run(["check", "--git", "progress.txt"], bare)
        self.assertFalse(self.h.ran())


if __name__ == "__main__":
    unittest.main(verbosity=2)
