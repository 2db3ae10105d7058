"""test_complete_errors.py — a missing workspace, an unreadable folder, a failing or absent git, and bad
requests: each gives a clear log line and an empty (or still useful) answer, and the server keeps serving."""
import os
import shutil
import tempfile
import unittest

from lspclient import (WORKSPACE_CAPS, LspClient, answer_server_requests, file_uri, initialize_workspace, main)

TEXT = "=== Files To Modify ===\n\n"


class Errors(unittest.TestCase):

    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-errors-"))
        os.makedirs(os.path.join(self.root, "src"))
        open(os.path.join(self.root, "src", "main.c"), "w").close()
        self.c = None

    def tearDown(self):
        if self.c:
            self.c.kill()
        for dirpath, dirnames, _ in os.walk(self.root):
            for d in dirnames:
                os.chmod(os.path.join(dirpath, d), 0o755)
        shutil.rmtree(self.root, ignore_errors=True)

    def start(self, folders, env=None, indexed=True):
        self.c = LspClient(env=env)
        caps = None if indexed else dict(WORKSPACE_CAPS, window={})
        initialize_workspace(self.c, folders, caps=caps)
        self.uri = file_uri(os.path.join(self.root, "progress.txt"))
        self.c.open(self.uri, TEXT)

    def logs(self):
        self.c.drain(0.2)
        return [m["params"]["message"] for m in self.c.messages if m.get("method") == "window/logMessage"]

    def complete(self):
        result = self.c.call("textDocument/completion", {"textDocument": {"uri": self.uri},
                                                         "position": {"line": 1, "character": 0}})
        answer_server_requests(self.c)
        return [i["label"] for i in result["items"]]

    def assert_still_serving(self):
        self.assertEqual(self.c.shutdown_and_exit(), 0)

    def test_a_missing_workspace_folder(self):
        missing = os.path.join(self.root, "gone")
        self.start([missing], indexed=False)
        self.assertTrue(any(missing in m and "cannot use" in m for m in self.logs()), self.logs())
        self.assertEqual(self.complete(), ["None"], "no paths: the document is in no workspace folder")
        self.assert_still_serving()

    def test_a_folder_that_is_a_file(self):
        path = os.path.join(self.root, "src", "main.c")
        self.start([path], indexed=False)
        self.assertTrue(any(path in m for m in self.logs()), self.logs())
        self.assert_still_serving()

    def test_an_unreadable_folder(self):
        if os.geteuid() == 0:
            self.skipTest("permissions do not apply to root")
        os.makedirs(os.path.join(self.root, "closed"))
        open(os.path.join(self.root, "closed", "x.c"), "w").close()
        os.chmod(os.path.join(self.root, "closed"), 0)
        self.start([self.root])
        self.assertTrue(any("closed" in m for m in self.logs()), self.logs())
        self.assertIn("src/", self.complete())
        self.assert_still_serving()

    def test_a_failing_git_falls_back_to_the_walk(self):
        with open(os.path.join(self.root, ".git"), "w") as f:
            f.write("gitdir: /nonexistent/repository\n")
        self.start([self.root])
        self.assertTrue(any("git ls-files exited" in m and self.root in m for m in self.logs()), self.logs())
        self.assertIn("src/", self.complete())
        self.assert_still_serving()

    def test_no_git_at_all(self):
        self.start([self.root], env=dict(os.environ, PATH="/nonexistent"))
        self.assertTrue(any("cannot start git" in m for m in self.logs()), self.logs())
        self.assertIn("src/", self.complete())
        self.assert_still_serving()

    def test_single_file_mode_without_a_workspace(self):
        self.c = LspClient()
        self.c.call("initialize", {"processId": None, "rootUri": None, "capabilities": WORKSPACE_CAPS})
        self.c.notify("initialized", {})
        self.uri = file_uri(os.path.join(self.root, "progress.txt"))
        self.c.open(self.uri, TEXT)
        labels = []
        for _ in range(100):
            labels = self.complete()
            if "src/" in labels:
                break
        self.assertIn("src/", labels, "the file's own folder is the root")
        self.assert_still_serving()

    def test_bad_requests_get_errors_or_empty_answers(self):
        self.start([self.root])
        for params in [{"changes": "nope"}, {"changes": [{"uri": 5, "type": 1}, {"uri": "http://x/y", "type": 1},
                                                         {"uri": file_uri("/etc/passwd"), "type": 1},
                                                         {"uri": file_uri(self.root) + "/%00", "type": 1}]}]:
            self.c.notify("workspace/didChangeWatchedFiles", params)
        self.c.notify("workspace/didChangeWorkspaceFolders", {"event": {"added": [{"uri": "not a uri"}], "removed": []}})
        far = self.c.call("textDocument/completion", {"textDocument": {"uri": self.uri},
                                                      "position": {"line": 99999, "character": 99999}})
        self.assertIn("items", far)
        msg = self.c.response(self.c.request("textDocument/completion", {"textDocument": {"uri": self.uri}}))
        self.assertEqual(msg["error"]["code"], -32602)
        msg = self.c.response(self.c.request("textDocument/codeAction", {"textDocument": {"uri": self.uri},
                                                                         "range": "everything"}))
        self.assertEqual(msg["error"]["code"], -32602)
        self.assertIn("src/", self.complete())
        self.assert_still_serving()


if __name__ == "__main__":
    main()
