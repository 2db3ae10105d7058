#!/usr/bin/env python3
"""vim_test.py — Vim 9 with ALE (Debian's vim-ale) and editors/vim, driven through the user's keys in tmux.

A fresh account's vimrc (the snippet of editors/vim/README.md), a workspace whose progress file has lines with `—`
and `✅`; ALE starts progress-ls and shows its diagnostics; `:ALECodeAction` on a done Files To Modify item, the
move picked by its number; `:ALERename` on a path written after a `✅`; `:w`; the file read back: every `—` and `✅`
intact, the item moved, the path renamed everywhere. ALE offers no positionEncodings, so the server speaks UTF-16,
and ALE applies the columns as bytes: only edits that span whole lines survive it (issue 23, B8).

Run: REPO=... PROGRESS_LS=... python3 tests/editors/vim_test.py (tests/editors/run.sh vim)."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.environ.get("REPO") or os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
SERVER = os.environ["PROGRESS_LS"]
FAILED = []

PROGRESS = """=== Session State ===
Last completed: Token service
Next task: Sessions
Blockers: None
Current phase: 2 of 4 (Build)
Complexity level: Medium

=== Files Modified ===
- ✅ src/auth/token.py — the signer
- ✅ src/auth/keys.py — rotation

=== Files To Modify ===
1. ✅ src/auth/session.py (refresh — sliding expiry)
2. ❌ src/api/routes.py — wire the login

=== Notes ===
- ✅ see src/auth/token.py — and the keys ✅
"""

# The move (the done item to Files Modified, the list renumbered) and the rename (token.py everywhere), each `—` and
# `✅` where it was.
EXPECTED = (PROGRESS.replace("src/auth/token.py", "src/auth/jwt.py")
            .replace("- ✅ src/auth/keys.py — rotation\n",
                     "- ✅ src/auth/keys.py — rotation\n- ✅ src/auth/session.py (refresh — sliding expiry)\n")
            .replace("1. ✅ src/auth/session.py (refresh — sliding expiry)\n2. ❌", "1. ❌"))


def check(ok, what, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": %s" % detail))
    if not ok:
        FAILED.append(what)
    return ok


class Vim:
    def __init__(self, root, path):
        self.session = "progress-vim-%d" % os.getpid()
        self.log = os.path.join(root, "vim.log")
        env = {"HOME": root, "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        subprocess.run(["tmux", "-L", self.session, "-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "48",
                        "-s", self.session, "vim", "-i", "NONE", path],
                       check=True, env=env, cwd=root)

    def keys(self, *keys):
        subprocess.run(["tmux", "-L", self.session, "send-keys", "-t", self.session, *keys], check=True)

    def screen(self):
        return subprocess.run(["tmux", "-L", self.session, "capture-pane", "-p", "-t", self.session],
                              check=True, stdout=subprocess.PIPE).stdout.decode("utf-8", "replace")

    def wait_screen(self, text, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return True
            time.sleep(0.1)
        return False

    def ex(self, command):
        """A command line typed as the user types it: Escape, the colon, the command, Enter."""
        self.keys("Escape")
        self.keys(":" + command, "Enter")

    def expr(self, expression, out, timeout=15, until=lambda v: v != ""):
        """Evaluates `expression` inside Vim by writing it to `out`; returns the text once `until` holds."""
        deadline = time.monotonic() + timeout
        value = ""
        while time.monotonic() < deadline:
            self.ex("call writefile([string(%s)], '%s')" % (expression, out))
            time.sleep(0.3)
            if os.path.exists(out):
                with open(out) as f:
                    value = f.read().strip()
                if until(value):
                    return value
        return value

    def close(self):
        subprocess.run(["tmux", "-L", self.session, "kill-server"], stderr=subprocess.DEVNULL)


def main():
    for tool in ("vim", "tmux"):
        if not shutil.which(tool):
            print("vim_test: %s is not installed (apt-get install vim vim-ale tmux)" % tool)
            return 1
    if not os.path.isdir("/usr/share/vim/vimfiles/pack/dist-bundle/opt/ale"):
        print("vim_test: ALE is not installed (apt-get install vim-ale)")
        return 1
    root = os.path.realpath(tempfile.mkdtemp(prefix="progress-vim-"))
    vim = None
    try:
        os.makedirs(os.path.join(root, ".git"))
        for rel in ("src/auth/token.py", "src/auth/keys.py", "src/auth/session.py", "src/api/routes.py"):
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            open(os.path.join(root, rel), "w").close()
        path = os.path.join(root, "progress.txt")
        with open(path, "w") as f:
            f.write(PROGRESS)
        # A fresh account (HOME is the workspace) whose ~/.vimrc is editors/vim/README.md's snippet, the server
        # given by path: the test's clean PATH has no progress-ls on it.
        with open(os.path.join(REPO, "editors/vim/README.md"), encoding="utf-8") as f:
            readme = f.read()
        snippet = readme.split("```vim\n", 1)[1].split("```", 1)[0]
        with open(os.path.join(root, ".vimrc"), "w") as f:
            f.write(snippet.replace("/path/to/progress-ls", REPO) +
                    "let g:ale_progresstxt_progress_ls_executable = '%s'\n" % SERVER)
        vim = Vim(root, path)
        out = os.path.join(root, "answer")
        check(vim.expr("&filetype", out, until=lambda v: "progresstxt" in v) == "'progresstxt'",
              "progress.txt is progresstxt")
        # The server's diagnostics in ALE's list: the done item still in Files To Modify.
        got = vim.expr("map(copy(ale#engine#GetLoclist(bufnr(''))), 'v:val.text')", out, timeout=20,
                       until=lambda v: "marked done" in v)
        check("marked done" in got, "ALE shows progress-ls's diagnostics", got)
        # The move: the cursor on the done item, :ALECodeAction, the move's number, Enter.
        vim.ex("call cursor(search('session.py'), 4)")
        vim.ex("ALECodeAction")
        ok = vim.wait_screen("Type number and <Enter>")
        screen = vim.screen()
        number = next((line.split(")")[0].strip() for line in screen.splitlines()
                       if ") Move it to Files Modified" in line), None)
        if check(ok and number, ":ALECodeAction offers \"Move it to Files Modified\"", screen):
            vim.keys(number, "Enter")
        time.sleep(1)
        # The rename: the cursor on the path after the ✅, :ALERename, the new name.
        vim.ex("call cursor(search('^- ✅ src/auth/token.py', 'w'), 8)")
        vim.ex("ALERename")
        if check(vim.wait_screen("New name:"), ":ALERename asks for the new name", vim.screen()):
            vim.keys("C-u", "src/auth/jwt.py", "Enter")
        time.sleep(1)
        vim.ex("w")
        deadline = time.monotonic() + 10
        text = ""
        while time.monotonic() < deadline:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if text == EXPECTED:
                break
            time.sleep(0.2)
        check(text == EXPECTED, "the move and the rename leave every — and ✅ intact", "\n" + text)
        vim.ex("qa!")
    finally:
        if vim:
            vim.close()
        shutil.rmtree(root, ignore_errors=True)
    print("vim %s: %d failed" % ("with ALE", len(FAILED)))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
