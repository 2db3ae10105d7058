"""test_complete.py — completion driven through the real binary: the format's words, and the workspace's paths
in a git work tree (ignored files never offered), in a plain folder, and after files appear."""
import os
import shutil
import subprocess
import tempfile
import unittest

from lspclient import (LspClient, answer_server_requests, file_uri, initialize_workspace, main)

PROGRESS = """=== Session State ===
Last completed: Token service
Next task: Sessions
Blockers: None
Complexity level: Medium

=== Key Decisions ===
- JWT for tokens (reason: standard)

=== Files Modified ===
src/auth/token.py

=== Files To Modify ===


=== Interfaces Defined ===
generate_token(credentials: UserCredentials) -> str
validate_token(token: str) -> TokenPayload | None

=== Known Issues ===


=== Notes ===
- see gen
"""

FILES = ["src/auth/token.py", "src/auth/session.py", "src/models/user.py", "tests/test_token.py", "README.md",
         "build.log", "secret/keys.txt", "node_modules/left-pad/index.js"]


def make_tree(root, files):
    for rel in files:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("x\n")


def git(root, *args):
    subprocess.run(["git", "-C", root, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def line_of(text, needle):
    return text.split("\n").index(needle)


class Workspace(unittest.TestCase):
    """A temporary workspace with a progress.txt open in a fresh server."""

    use_git = True
    options = None

    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-complete-"))
        make_tree(self.root, FILES)
        if self.use_git:
            git(self.root, "init", "-q")
            with open(os.path.join(self.root, ".gitignore"), "w") as f:
                f.write("*.log\nsecret/\nnode_modules/\n")
            git(self.root, "add", "src", "README.md", ".gitignore")
            git(self.root, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
        with open(os.path.join(self.root, "progress.txt"), "w") as f:
            f.write(PROGRESS)
        self.c = LspClient()
        initialize_workspace(self.c, [self.root], options=self.options)
        self.uri = file_uri(os.path.join(self.root, "progress.txt"))
        self.text = PROGRESS
        self.c.open(self.uri, self.text)

    def tearDown(self):
        self.c.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def set_line(self, line, content):
        """Replaces line `line` with `content` in the open document."""
        lines = self.text.split("\n")
        old = lines[line]
        lines[line] = content
        self.text = "\n".join(lines)
        self.c.change(self.uri, 2, [{"range": {"start": {"line": line, "character": 0},
                                               "end": {"line": line, "character": len(old)}}, "text": content}])

    def complete(self, line, character, trigger=None):
        params = {"textDocument": {"uri": self.uri}, "position": {"line": line, "character": character}}
        if trigger:
            params["context"] = {"triggerKind": 2, "triggerCharacter": trigger}
        result = self.c.call("textDocument/completion", params)
        answer_server_requests(self.c)
        return result

    def labels(self, result):
        return [i["label"] for i in result["items"]]

    def type_path(self, token):
        """Types `token` as a Files To Modify item and asks for completions at its end."""
        line = line_of(self.text, "=== Files To Modify ===") + 1
        self.set_line(line, token)
        return line, self.complete(line, len(token))


class GitWorkspace(Workspace):

    def test_an_empty_item_lists_the_root_folders_first(self):
        _, result = self.type_path("")
        labels = self.labels(result)
        self.assertEqual(labels[:2], ["src/", "tests/"], labels)
        self.assertIn("README.md", labels)
        self.assertIn("None", labels, "an otherwise empty list may say None")

    def test_ignored_files_are_never_offered(self):
        for token in ["", "b", "build", "keys", "secret/", "se", "left", "node_modules/", "index"]:
            _, result = self.type_path(token)
            for label in self.labels(result):
                self.assertFalse(label.endswith(".log") or label.startswith(("secret", "node_modules")),
                                 "%r offered for %r" % (label, token))

    def test_a_name_finds_the_file_anywhere_and_replaces_the_whole_token(self):
        line, result = self.type_path("tok")
        top = result["items"][0]
        self.assertEqual(top["label"], "src/auth/token.py")
        self.assertEqual(top["kind"], 17)
        self.assertEqual(top["textEdit"]["range"], {"start": {"line": line, "character": 0},
                                                    "end": {"line": line, "character": 3}})
        self.assertEqual(top["textEdit"]["newText"], "src/auth/token.py")
        self.assertIn("tests/test_token.py", self.labels(result))
        self.assertTrue(result["isIncomplete"], "a path answer depends on the folder typed: the client asks again")

    def test_a_folder_reopens_the_list_inside_it(self):
        _, result = self.type_path("sr")
        folder = next(i for i in result["items"] if i["label"] == "src/")
        self.assertEqual(folder["kind"], 19)
        self.assertEqual(folder["command"]["command"], "editor.action.triggerSuggest")
        self.assertEqual(folder["textEdit"]["newText"], "src/")
        _, inside = self.type_path("src/")
        self.assertEqual(self.labels(inside), ["src/auth/", "src/models/", "src/auth/token.py", "src/models/user.py",
                                               "src/auth/session.py"],
                         "the folder's entries, then the files below it: no descending needed")
        _, deeper = self.type_path("src/auth/")
        self.assertEqual(self.labels(deeper), ["src/auth/session.py", "src/auth/token.py"])

    def test_deep_files_come_in_one_step_capped_and_incomplete(self):
        make_tree(self.root, ["src/api/v1/handlers/h%03d.py" % i for i in range(120)])
        self.c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": file_uri(os.path.join(self.root, "src/api/v1/handlers/h%03d.py" % i)), "type": 1}
            for i in range(120)]})
        labels = self.poll_for("h007", "src/api/v1/handlers/h007.py")
        self.assertEqual(labels[0], "src/api/v1/handlers/h007.py", "a file four folders down, at once")
        _, result = self.type_path("src/")
        labels = self.labels(result)
        self.assertEqual(len(labels), 100, "capped at maxCompletionItems")
        self.assertTrue(result["isIncomplete"], "more matched: typing narrows on the server")
        self.assertEqual(labels[:3], ["src/api/", "src/auth/", "src/models/"], "the folder's own entries first")
        self.assertIn("src/api/v1/handlers/h000.py", labels, "then files below it")

    def test_paths_already_listed_in_the_section_come_last(self):
        line = line_of(self.text, "=== Files To Modify ===") + 1
        self.text = self.text.replace("=== Files To Modify ===\n\n", "=== Files To Modify ===\n\nsrc/auth/session.py\n")
        self.c.change(self.uri, 2, [{"text": self.text}])
        self.text = self.text.replace("=== Files To Modify ===\n\n", "=== Files To Modify ===\nsrc/\n")
        self.c.change(self.uri, 3, [{"text": self.text}])
        result = self.complete(line, 4)  # after `src/`: its entries, then the files below it
        labels = [label for label in self.labels(result) if label != "None"]
        self.assertEqual(labels[-1], "src/auth/session.py", labels)
        self.assertIn("src/auth/token.py", labels[:-1], "listed in the other Files section: not demoted here")
        _, result = self.type_path("sess")
        self.assertEqual(self.labels(result), ["src/auth/session.py"], "still offered when it is all that matches")

    def test_editor_scratch_files_are_never_offered(self):
        make_tree(self.root, ["src/auth/#session.py#", "src/auth/.#session.py", "src/auth/session.py~",
                              "src/auth/.session.py.swp"])
        self.c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": file_uri(os.path.join(self.root, "src/auth", n)), "type": 1}
            for n in ["#session.py#", ".#session.py", "session.py~", ".session.py.swp"]]})
        self.poll_for("src/auth/sess", "src/auth/session.py")
        for token in ["src/auth/", "sess", "src/auth/.", "swp", "src/"]:
            _, result = self.type_path(token)
            for label in self.labels(result):
                self.assertFalse(label.endswith(("#", "~", ".swp")) or "/.#" in label, "%r offered for %r" % (label, token))

    def test_a_client_that_runs_the_reopen_command_through_the_server_gets_null(self):
        # eglot sends a completion item's command back as workspace/executeCommand.
        self.assertIsNone(self.c.call("workspace/executeCommand", {"command": "editor.action.triggerSuggest"}))
        reply = self.c.response(self.c.request("workspace/executeCommand", {"command": "rm -rf"}))
        self.assertEqual(reply["error"]["code"], -32602)
        self.assertIn("unknown command", reply["error"]["message"])

    def test_the_cursor_in_the_middle_of_a_path_replaces_all_of_it(self):
        line = line_of(self.text, "=== Files To Modify ===") + 1
        self.set_line(line, "- src/au/x.py (create)")
        result = self.complete(line, len("- src/au"))
        self.assertTrue(result["items"])
        self.assertEqual(result["items"][0]["textEdit"]["range"]["start"]["character"], 2)
        self.assertEqual(result["items"][0]["textEdit"]["range"]["end"]["character"], len("- src/au/x.py"))

    def test_untracked_files_are_offered(self):
        make_tree(self.root, ["notes/plan.md"])
        self.c.notify("workspace/didChangeWatchedFiles",
                      {"changes": [{"uri": file_uri(os.path.join(self.root, "notes")), "type": 1}]})
        self.assertIn("notes/plan.md", self.poll_for("plan", "notes/plan.md"))

    def test_a_created_file_appears_and_an_ignored_one_does_not(self):
        make_tree(self.root, ["src/auth/fresh_module.py", "debug.log"])
        self.c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": file_uri(os.path.join(self.root, "src/auth/fresh_module.py")), "type": 1},
            {"uri": file_uri(os.path.join(self.root, "debug.log")), "type": 1}]})
        self.assertIn("src/auth/fresh_module.py", self.poll_for("fresh", "src/auth/fresh_module.py"))
        _, result = self.type_path("debug")
        self.assertNotIn("debug.log", self.labels(result))
        os.remove(os.path.join(self.root, "src/auth/fresh_module.py"))
        self.c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": file_uri(os.path.join(self.root, "src/auth/fresh_module.py")), "type": 3}]})
        _, result = self.type_path("fresh")
        self.assertNotIn("src/auth/fresh_module.py", self.labels(result))

    def poll_for(self, token, label, tries=50):
        """Completions for `token` until `label` is among them (the listing runs in the background)."""
        import time
        for _ in range(tries):
            _, result = self.type_path(token)
            if label in self.labels(result):
                return self.labels(result)
            time.sleep(0.05)
        return self.labels(result)

    def test_paths_in_notes_complete_too(self):
        line = line_of(self.text, "- see gen")
        self.set_line(line, "- see src/mo")
        result = self.complete(line, len("- see src/mo"))
        self.assertEqual(self.labels(result)[0], "src/models/")

    def test_levels_with_their_meaning(self):
        line = line_of(self.text, "Complexity level: Medium")
        self.set_line(line, "Complexity level: ")
        result = self.complete(line, len("Complexity level: "), trigger=None)
        self.assertEqual(self.labels(result), ["Trivial", "Small", "Medium", "Large", "Huge"])
        self.assertTrue(all(i.get("detail") for i in result["items"]), "each level says what it means")

    def test_a_value_typed_right_after_the_colon_gets_its_space(self):
        line = line_of(self.text, "Complexity level: Medium")
        for typed, want in [("Complexity level:", "Complexity level: Medium"),
                            ("Complexity level:me", "Complexity level: Medium"),
                            ("Complexity level: me", "Complexity level: Medium")]:
            self.set_line(line, typed)
            result = self.complete(line, len(typed))
            medium = next(i for i in result["items"] if i["label"] == "Medium")
            r = medium["textEdit"]["range"]
            got = typed[:r["start"]["character"]] + medium["textEdit"]["newText"] + typed[r["end"]["character"]:]
            self.assertEqual(got, want, typed)
        blockers = line_of(self.text, "Blockers: None")
        self.set_line(blockers, "Blockers:")
        result = self.complete(blockers, len("Blockers:"))
        none = next(i for i in result["items"] if i["label"] == "None")
        self.assertEqual(none["textEdit"]["newText"], " None")

    def test_missing_keys_only(self):
        line = line_of(self.text, "Complexity level: Medium")
        self.set_line(line, "")
        result = self.complete(line, 0)
        self.assertEqual(self.labels(result), ["Current phase", "Complexity level"])
        self.assertEqual(result["items"][0]["textEdit"]["newText"], "Current phase: ")

    def test_missing_sections_inside_a_header(self):
        line = line_of(self.text, "=== Key Decisions ===")
        self.set_line(line, "=== ")
        result = self.complete(line, 4)
        self.assertEqual(self.labels(result), ["Key Decisions"])
        self.assertEqual(result["items"][0]["textEdit"]["newText"], "=== Key Decisions ===")

    def test_annotations_after_a_path(self):
        line, _ = self.type_path("src/auth/session.py (")
        result = self.complete(line, len("src/auth/session.py ("), trigger="(")
        self.assertIn("(create)", self.labels(result))
        self.assertEqual(result["items"][0]["textEdit"]["range"]["start"]["character"], len("src/auth/session.py "))

    def test_none_in_an_empty_list(self):
        line = line_of(self.text, "=== Known Issues ===") + 1
        self.assertEqual(self.labels(self.complete(line, 0)), ["None"])

    def test_interface_names_in_prose(self):
        line = line_of(self.text, "- see gen")
        result = self.complete(line, len("- see gen"))
        item = next(i for i in result["items"] if i["label"] == "generate_token")
        self.assertEqual(item["detail"], "generate_token(credentials: UserCredentials) -> str")
        self.assertEqual(item["textEdit"]["range"]["start"]["character"], len("- see "))
        self.assertEqual(self.complete(line, len("- see gen"), trigger="(")["items"], [],
                         "typed punctuation does not pop up interface names")


class PlainFolder(GitWorkspace):
    """The same, outside git: the walk skips node_modules and the like, but knows no .gitignore."""

    use_git = False

    def test_an_empty_item_lists_the_root_folders_first(self):
        _, result = self.type_path("")
        self.assertEqual(self.labels(result)[:3], ["secret/", "src/", "tests/"], "no .gitignore outside git")
        self.assertNotIn("node_modules/", self.labels(result))

    def test_ignored_files_are_never_offered(self):
        _, result = self.type_path("index")
        self.assertNotIn("node_modules/left-pad/index.js", self.labels(result))
        _, result = self.type_path("build")
        self.assertIn("build.log", self.labels(result), "no .gitignore outside git")

    def test_untracked_files_are_offered(self):
        pass  # a git notion

    def test_a_created_file_appears_and_an_ignored_one_does_not(self):
        make_tree(self.root, ["src/auth/fresh_module.py"])
        self.c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": file_uri(os.path.join(self.root, "src/auth/fresh_module.py")), "type": 1}]})
        self.assertIn("src/auth/fresh_module.py", self.poll_for("fresh", "src/auth/fresh_module.py"))


class FewItems(Workspace):
    options = {"maxCompletionItems": 2}

    def test_the_list_is_cut_and_marked_incomplete(self):
        _, result = self.type_path("")
        self.assertEqual(len(result["items"]), 3, "two paths and None")
        self.assertTrue(result["isIncomplete"])


if __name__ == "__main__":
    main()
