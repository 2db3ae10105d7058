"""test_foreign_files.py — a file that is not a progress file gets nothing, at once: Claude Code's plugin maps every
`.txt` to progress-ls, so a README.txt an agent edits is opened on the server too. By name
(core_name_is_progress_file) or by the client's languageId ("progresstxt", the editors' own language) a document is
a progress file; any other gets no diagnostics (pushed or pulled), no inlay hints and no code lenses, and starts no
git — while the same text under a progress file's name is checked as ever."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from lspclient import LspClient, answer_server_requests, file_uri, initialize_workspace, main, rng

# Placeholders and a malformed field: a progress file with this text has errors.
TEXT = """=== Session State ===
Last completed: [what you finished]
Next task: [what comes next]
Current phase: three
"""

GIT_ENV = {"GIT_AUTHOR_NAME": "Ada Tester", "GIT_AUTHOR_EMAIL": "ada@example.com",
           "GIT_COMMITTER_NAME": "Ada Tester", "GIT_COMMITTER_EMAIL": "ada@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def git(repo, *args):
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args], cwd=repo,
                   env=GIT_ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class ForeignFileTest(unittest.TestCase):
    def setUp(self):
        # A repository with uncommitted changes: a progress file here would get evidence findings too.
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-foreign-"))
        git(self.root, "init", "-q")
        for name in ("README.txt", "src.c"):
            with open(os.path.join(self.root, name), "w") as f:
                f.write("first\n")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", "First")
        with open(os.path.join(self.root, "src.c"), "w") as f:
            f.write("changed\n")
        self.c = LspClient()
        initialize_workspace(self.c, [self.root])

    def tearDown(self):
        self.c.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def open(self, name, language):
        uri = file_uri(os.path.join(self.root, name))
        self.c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": language, "version": 1, "text": TEXT}}})
        return uri

    def everything(self, uri):
        """The pushed diagnostics, then the pulled ones, the hints and the lenses of `uri`."""
        pushed = self.c.diagnostics(uri)["diagnostics"]
        pulled = self.c.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})["items"]
        hints = self.c.call("textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": rng(0, 0, 10, 0)})
        lenses = self.c.call("textDocument/codeLens", {"textDocument": {"uri": uri}})
        return pushed, pulled, hints, lenses

    def test_a_readme_txt_gets_nothing_at_once(self):
        uri = self.open("README.txt", "plaintext")
        started = time.monotonic()
        self.assertEqual(self.everything(uri), ([], [], [], []))
        self.assertLess(time.monotonic() - started, 5)
        # An edit changes nothing, and no evidence arrives later either.
        self.c.change(uri, 2, [{"text": TEXT + "Blockers: [none]\n"}])
        self.assertEqual(self.c.diagnostics(uri, version=2)["diagnostics"], [])
        self.c.drain(1.0)
        answer_server_requests(self.c)
        late = [m for m in self.c.messages if m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri and m["params"]["diagnostics"]]
        self.assertEqual(late, [])
        self.assertEqual(self.c.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": rng(1, 0, 1, 5), "context": {"diagnostics": []}}) or [], [])

    def test_the_same_text_in_a_progress_file_is_checked(self):
        for name, language in (("progress.txt", "plaintext"), ("notes.txt", "progresstxt")):
            with self.subTest(name=name):
                pushed, pulled, _, _ = self.everything(self.open(name, language))
                codes = {d["code"] for d in pulled}
                self.assertIn("placeholder", codes)
                self.assertEqual({d["code"] for d in pushed}, codes)


if __name__ == "__main__":
    main()
