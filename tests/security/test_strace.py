#!/usr/bin/env python3
"""test_strace.py — under strace: nothing but progress-ls itself and the git it resolved is executed, and no path
outside the root is opened (beyond the system's libraries and git's own configuration), for one `check --git` and one
server session that opens a progress file, on a hostile repository (a filter driver, fsmonitor, a signed-log
setting, links out, a bin/git in the checkout and a relative PATH entry)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lsp"))
from lspclient import LspClient, file_uri, initialize_workspace  # noqa: E402
from hostile import BIN, CLEAN_PATH, GIT, Hostile, git  # noqa: E402

STRACE = shutil.which("strace")
LINE = re.compile(r'^(\d+) +(execve|openat|open|creat)\((?:AT_FDCWD, )?"([^"]*)"')
SYSTEM = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/share/locale/", "/usr/share/git-core/", "/etc/ld.so",
          "/dev/null", "/dev/urandom", "/proc/self/", "/sys/", "/etc/localtime", "/etc/nsswitch.conf",
          "/etc/passwd")  # getpwuid for ~ (git), never read as content by progress-ls (checked below)
# git's own system and user configuration, as the user's own git reads it. Not the system's attributes file: git
# opens /etc/gitattributes to hash a stat-dirty file (as every tracked file is here), unless GIT_ATTR_NOSYSTEM is set,
# which git/process.c sets for every git it runs (checked below, whether the file exists or not).
GIT_OWN = ("/etc/gitconfig", os.path.expanduser("~/.gitconfig"), os.path.expanduser("~/.config/git/"))
SYSTEM_ATTRIBUTES = "/etc/gitattributes"


def hostile_repo():
    h = Hostile()
    h.write(".gitattributes", "* filter=x\n")
    git(h.root, "add", ".gitattributes")
    h.touch_all()
    h.config("filter.x.clean", h.program)
    h.config("core.fsmonitor", h.program)
    h.config("log.showSignature", "true")
    h.config("gpg.program", h.program)
    os.makedirs(os.path.join(h.root, "bin"))
    os.symlink(h.program, os.path.join(h.root, "bin", "git"))
    os.symlink("/etc/hostname", os.path.join(h.root, "notes-progress.txt"))
    return h


@unittest.skipUnless(STRACE, "strace is not installed (scripts/deps.sh test)")
class Strace(unittest.TestCase):

    def setUp(self):
        self.h = hostile_repo()
        self.addCleanup(self.h.remove)
        self.log = os.path.join(self.h.top, "strace.log")
        # LeakSanitizer cannot run under ptrace (an ASan build would exit 1 at the end): the leak check is the rest
        # of the suite's; here only what is executed and opened counts.
        asan = os.environ.get("ASAN_OPTIONS", "")
        self.env = dict(os.environ, PATH="bin:" + CLEAN_PATH, GIT_CONFIG_NOSYSTEM="1",
                        ASAN_OPTIONS=(asan + ":" if asan else "") + "detect_leaks=0")

    def check_trace(self):
        git_real = os.path.realpath(GIT)
        is_git = set()
        outside, execs = [], []
        with open(self.log) as f:
            for line in f:
                m = LINE.match(line)
                if m and m.group(3) == SYSTEM_ATTRIBUTES:
                    outside.append(("git", SYSTEM_ATTRIBUTES))
                if not m or "ENOENT" in line:
                    continue
                pid, call, path = m.groups()
                if call == "execve":
                    if " = -1 " in line:
                        continue
                    execs.append(path)
                    if path == git_real:
                        is_git.add(pid)
                    continue
                full = path if path.startswith("/") else os.path.join(self.h.root, path)
                if full.startswith(self.h.root + "/") or full == self.h.root or full.startswith(SYSTEM):
                    continue
                if pid in is_git and full.startswith(GIT_OWN):
                    continue
                outside.append((pid in is_git and "git" or "progress-ls", full))
        self.assertIn(git_real, execs, "git never ran: the trace shows nothing")
        for path in execs:
            self.assertIn(path, (os.path.realpath(BIN), BIN, git_real), "executed: %s" % path)
        self.assertEqual(outside, [])
        self.assertFalse(self.h.ran())

    def test_check_git(self):
        subprocess.run([STRACE, "-f", "-qq", "-o", self.log, "-e", "trace=execve,openat,open,creat", BIN,
                        "check", "--git", "."], cwd=self.h.root, env=self.env, capture_output=True, timeout=60)
        self.check_trace()

    def test_server_session(self):
        wrapper = os.path.join(self.h.top, "traced")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec %s -f -qq -o %s -e trace=execve,openat,open,creat %s \"$@\"\n"
                    % (STRACE, self.log, BIN))
        os.chmod(wrapper, 0o755)
        saved = os.environ["PROGRESS_LS"]
        os.environ["PROGRESS_LS"] = wrapper  # what lspclient starts
        try:
            c = LspClient(env=self.env)
            initialize_workspace(c, [self.h.root])
            path = os.path.join(self.h.root, "progress.txt")
            with open(path) as f:
                c.open(file_uri(path), f.read())
            c.diagnostics(file_uri(path), timeout=30)
            c.call("workspace/symbol", {"query": ""})
            self.assertEqual(c.shutdown_and_exit(), 0)
        finally:
            os.environ["PROGRESS_LS"] = saved
            c.kill()
        self.check_trace()


if __name__ == "__main__":
    unittest.main(verbosity=2)
