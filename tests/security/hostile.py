"""hostile.py — a hostile repository, built route by route, and the real binary run on it as a user would.

Each route plants a marker program (it would create a file if anything ran it) or sets a bound; the tests assert the
marker file never appears and the bound holds. Needs PROGRESS_LS (the binary) in the environment, as ctest sets it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("PROGRESS_LS") or sys.exit("PROGRESS_LS is not set")
GIT = shutil.which("git", path="/usr/bin:/bin") or shutil.which("git")
# A clean PATH: the system's folders only (a test never depends on a progress-ls or a git of the machine's PATH).
CLEAN_PATH = "/usr/local/bin:/usr/bin:/bin"
EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "progress.txt")
WHEN = 1700000000


def git(root, *args, env=None):
    e = dict(os.environ, PATH=CLEAN_PATH, GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@example.org",
             GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@example.org", GIT_CONFIG_GLOBAL="/dev/null",
             GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_DATE="%d +0000" % WHEN, GIT_COMMITTER_DATE="%d +0000" % WHEN)
    e.update(env or {})
    return subprocess.run([GIT, "-C", root] + list(args), check=True, capture_output=True, text=True, env=e).stdout


class Hostile:
    """A repository: progress.txt committed (B), one commit after it, a stat-dirty file; and a marker program."""

    def __init__(self):
        self.top = os.path.realpath(tempfile.mkdtemp(prefix="progress-hostile-"))
        self.root = os.path.join(self.top, "repo")
        os.makedirs(os.path.join(self.root, "src"))
        self.marker = os.path.join(self.top, "MARKER")
        self.program = os.path.join(self.top, "evil")
        with open(self.program, "w") as f:
            f.write("#!/bin/sh\necho \"$0 $*\" >> '%s'\ncat\n" % self.marker)
        os.chmod(self.program, 0o755)
        git(self.root, "init", "-q")
        shutil.copy(EXAMPLE, os.path.join(self.root, "progress.txt"))
        git(self.root, "add", "-A")
        git(self.root, "commit", "-qm", "progress")
        self.write("src/a.py", "a\n")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-qm", "code after the progress file")

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def config(self, key, value):
        git(self.root, "config", key, value)

    def gitdir_elsewhere(self, worktree):
        """The checkout's .git becomes a file naming a git folder outside it, whose core.worktree is `worktree`."""
        elsewhere = os.path.join(self.top, "elsewhere.git")
        os.rename(os.path.join(self.root, ".git"), elsewhere)
        with open(os.path.join(self.root, ".git"), "w") as f:
            f.write("gitdir: %s\n" % elsewhere)
        git(self.root, "config", "core.worktree", worktree)

    def touch_all(self):
        """Every tracked file stat-dirty: git must hash them again (through a filter driver, were one allowed)."""
        later = time.time() + 5
        for rel in git(self.root, "ls-files").split():
            os.utime(os.path.join(self.root, rel), (later, later))

    def ran(self):
        return os.path.exists(self.marker)

    def remove(self):
        shutil.rmtree(self.top, ignore_errors=True)


def run(args, cwd, env=None, stdin=None, timeout=30, wrap=()):
    """The binary with a clean PATH (under `wrap`, a command such as strace); returns (exit status, stdout,
    stderr, seconds)."""
    e = dict(os.environ, PATH=CLEAN_PATH, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    e.update(env or {})
    start = time.monotonic()
    # errors="replace": a hostile file's bytes come back in findings, and they need not be UTF-8.
    p = subprocess.run(list(wrap) + [BIN] + list(args), cwd=cwd, env=e, input=stdin, capture_output=True, text=True,
                       errors="replace", timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def max_rss_kb(args, cwd, timeout=30):
    """(peak resident kilobytes, exit status, stdout) of one run of the binary: os.wait4's accounting of it alone."""
    e = dict(os.environ, PATH=CLEAN_PATH, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen([BIN] + list(args), cwd=cwd, env=e, stdout=out, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                raise AssertionError("%s did not finish in %d s" % (args, timeout))
            time.sleep(0.02)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return usage.ru_maxrss, p.returncode, out.read().decode(errors="replace")
