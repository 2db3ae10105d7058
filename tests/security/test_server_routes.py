#!/usr/bin/env python3
"""test_server_routes.py — the server on a hostile repository: a git that ignores SIGTERM does not keep it from
exiting, SIGTERM to the server stops its git and ends it, 200 progress files opened at once never run more than two
git processes, a FIFO where feature_list.json is blocks nothing."""
import os
import signal
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lsp"))
from lspclient import LspClient, diagnostics_until, file_uri, initialize_workspace  # noqa: E402
from hostile import CLEAN_PATH, GIT, Hostile, git  # noqa: E402

# A git in a folder of its own (outside the repository): with HANG_STATUS, `status` ignores SIGTERM and hangs; the
# rest is the real git, run as a child so that the gits at once can be counted (a file per running git).
FAKE_GIT = r'''#!/bin/sh
here=$(dirname "$0")
mkdir -p "$here/running"
: > "$here/running/$$"
ls "$here/running" | wc -l >> "$here/peaks"
case " $* " in
*" status "*)
    if [ -n "$HANG_STATUS" ]; then
        rm -f "$here/running/$$"
        echo $$ >> "$here/hung"
        trap '' TERM
        exec sleep 3600
    fi;;
esac
%(git)s "$@"
code=$?
rm -f "$here/running/$$"
exit $code
'''


class ServerRoutes(unittest.TestCase):

    def setUp(self):
        self.h = Hostile()
        self.addCleanup(self.h.remove)
        self.bin = os.path.join(self.h.top, "gitbin")
        os.makedirs(self.bin)
        path = os.path.join(self.bin, "git")
        with open(path, "w") as f:
            f.write(FAKE_GIT % {"git": GIT})
        os.chmod(path, 0o755)
        self.c = None

    def tearDown(self):
        if self.c:
            self.c.kill()
        for pid in self.hung():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def start(self, hang=False):
        env = dict(os.environ, PATH=self.bin + ":" + CLEAN_PATH, GIT_CONFIG_GLOBAL="/dev/null",
                   GIT_CONFIG_NOSYSTEM="1")
        if hang:
            env["HANG_STATUS"] = "1"
        self.c = LspClient(env=env)
        initialize_workspace(self.c, [self.h.root])
        return self.c

    def hung(self):
        try:
            with open(os.path.join(self.bin, "hung")) as f:
                return [int(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def wait_hung(self):
        deadline = time.monotonic() + 20
        while not self.hung():
            self.assertLess(time.monotonic(), deadline, "git status never started")
            self.c.drain(0.1)
        return self.hung()

    def open_progress(self, rel="progress.txt"):
        path = os.path.join(self.h.root, rel)
        with open(path) as f:
            self.c.open(file_uri(path), f.read())

    def assert_no_passwd_offered(self):
        """Completion of a path in an open progress file offers nothing from /etc; returns the file's URI."""
        uri = file_uri(os.path.join(self.h.root, "progress.txt"))
        self.c.open(uri, "=== Session State ===\n\n=== Files To Modify ===\n- pass\n")
        items = self.c.call("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": 3, "character": 6}})
        items = items["items"] if isinstance(items, dict) else (items or [])
        self.assertFalse([i for i in items if "passwd" in i.get("label", "")], items)
        return uri

    def assert_gone(self, pids, within):
        deadline = time.monotonic() + within
        for pid in pids:
            while os.path.exists("/proc/%d" % pid) and "Z" not in open("/proc/%d/stat" % pid).read().split()[2]:
                self.assertLess(time.monotonic(), deadline, "git %d is still running" % pid)
                time.sleep(0.05)

    def test_git_ignoring_sigterm_does_not_keep_the_server_from_exiting(self):
        self.start(hang=True)
        self.open_progress()
        pids = self.wait_hung()
        start = time.monotonic()
        self.c.call("shutdown")
        self.c.notify("exit")
        self.c.wait_exit(timeout=10)
        took = time.monotonic() - start
        self.assertLess(took, 5, "exit took %.1f s with a git that ignores SIGTERM" % took)
        self.assert_gone(pids, 3)

    def test_sigterm_to_the_server_stops_its_git_and_exits(self):
        self.start(hang=True)
        self.open_progress()
        pids = self.wait_hung()
        self.c.proc.send_signal(signal.SIGTERM)
        code = self.c.wait_exit(timeout=10)
        self.assertEqual(code, 128 + signal.SIGTERM)
        self.assert_gone(pids, 3)

    def test_200_files_opened_at_once_run_two_gits_at_most(self):
        for i in range(200):
            d = os.path.join(self.h.root, "w%03d" % i)
            os.makedirs(d)
            with open(os.path.join(self.h.root, "progress.txt")) as f:
                text = f.read()
            with open(os.path.join(d, "progress.txt"), "w") as f:
                f.write(text)
        git(self.h.root, "add", "-A")
        git(self.h.root, "commit", "-qm", "200 progress files")
        self.start()
        for i in range(200):
            self.open_progress("w%03d/progress.txt" % i)
        # Until git has been quiet for five seconds (every file's refresh done), then the peak is read.
        peaks = os.path.join(self.bin, "peaks")
        deadline, last, quiet_since = time.monotonic() + 180, -1, time.monotonic()
        while time.monotonic() < deadline:
            self.c.drain(0.5)
            n = sum(1 for _ in open(peaks)) if os.path.exists(peaks) else 0
            if n != last:
                last, quiet_since = n, time.monotonic()
            elif time.monotonic() - quiet_since > 5:
                break
        with open(peaks) as f:
            counts = [int(line) for line in f]
        self.assertGreaterEqual(len(counts), 200, "not every file's git evidence was asked for")
        peak = max(counts)
        self.assertLessEqual(peak, 2, "%d git processes ran at once" % peak)

    def test_gitdir_elsewhere_lists_no_outside_names(self):
        # The checkout's .git is a file naming a git folder whose core.worktree is /etc: `git ls-files` listed /etc,
        # and completion offered passwd. Now git is not run there; the walk lists the checkout alone.
        self.h.gitdir_elsewhere("/etc")
        self.start()
        uri = self.assert_no_passwd_offered()
        diags = diagnostics_until(self.c, uri, lambda ds: [d for d in ds if d.get("code") == "git-evidence-off"], 30)
        [d] = [d for d in diags if d.get("code") == "git-evidence-off"]
        self.assertIn("/etc", d["message"])

    def test_root_swapped_for_a_link_is_not_indexed_again(self):
        self.start()
        # The workspace folder is replaced, while the server runs, by a link to /etc; a created file asks for a scan.
        moved = self.h.root + ".orig"
        os.rename(self.h.root, moved)
        os.symlink("/etc", self.h.root)
        try:
            self.c.notify("workspace/didChangeWatchedFiles",
                          {"changes": [{"uri": file_uri(os.path.join(self.h.root, "passwd")), "type": 1}]})
            log = self.c.notification("window/logMessage", timeout=20,
                                      match=lambda m: "no longer the folder it was" in m["params"]["message"])
            self.assertIn(self.h.root, log["params"]["message"])
            self.assert_no_passwd_offered()
        finally:
            os.unlink(self.h.root)
            os.rename(moved, self.h.root)

    def test_feature_list_swapped_for_a_fifo_while_read(self):
        # feature_list.json flips between a file and a FIFO (renamed over it) while the server is told, again and
        # again, that it changed: a read that checked the name and then opened it could block in open() for ever.
        import threading
        path = os.path.join(self.h.root, "feature_list.json")
        with open(path, "w") as f:
            f.write("[]")
        stop = threading.Event()

        def swap():
            n = 0
            while not stop.is_set():
                tmp = path + ".swap"
                if n % 2:
                    os.mkfifo(tmp)
                else:
                    with open(tmp, "w") as f:
                        f.write('[{"passes": true}]')
                os.rename(tmp, path)
                n += 1
        self.start()
        self.open_progress()
        swapper = threading.Thread(target=swap)
        swapper.start()
        try:
            for _ in range(100):
                self.c.notify("workspace/didChangeWatchedFiles",
                              {"changes": [{"uri": file_uri(path), "type": 2}]})
                self.c.drain(0.03)
        finally:
            stop.set()
            swapper.join()
        start = time.monotonic()
        self.assertEqual(self.c.shutdown_and_exit(), 0)
        self.assertLess(time.monotonic() - start, 5)

    def test_fifo_feature_list_blocks_nothing(self):
        os.mkfifo(os.path.join(self.h.root, "feature_list.json"))
        self.start()
        self.open_progress()
        self.c.diagnostics(file_uri(os.path.join(self.h.root, "progress.txt")), timeout=20)
        self.assertIsInstance(self.c.call("textDocument/documentSymbol",
                                          {"textDocument": {"uri": file_uri(os.path.join(self.h.root,
                                                                                         "progress.txt"))}}), list)
        self.assertEqual(self.c.shutdown_and_exit(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
