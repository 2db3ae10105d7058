"""test_navigate.py — hover, definition, references, rename and document links through the real binary, and the
workspace boundary: `..`, absolute paths and symbolic links never lead outside the root."""
import os
import shutil
import tempfile

from lspclient import WORKSPACE_CAPS, DocumentTest, answer_server_requests, apply_edits, file_uri, main

PROGRESS = """=== Session State ===
Last completed: Token service
Next task: Sessions
Blockers: validate_token is slow
Current phase: 2 of 4
Complexity level: Medium

=== Key Decisions ===
- generate_token signs with HS256 (reason: simple)

=== Files Modified ===
src/auth/token.py

=== Files To Modify ===
src/auth/session.py (create)
../outside.txt
/etc/passwd
escape-link/passwd
host-link

=== Interfaces Defined ===
generate_token(credentials: UserCredentials) -> str
validate_token(token: str) -> TokenPayload | None

=== Known Issues ===
- validate_token ignores expiry; see src/auth/token.py and docs/missing.md

=== Notes ===
- generate_token is called from src/api/auth.py
"""


def line_of(text, needle):
    """The index of the first line containing `needle`, and the column where it starts."""
    for i, line in enumerate(text.split("\n")):
        if needle in line:
            return i, line.index(needle)
    raise AssertionError("%r not in the document" % needle)


class Navigate(DocumentTest):

    FILES = ("src/auth/token.py", "src/api/auth.py")
    INITIALIZE = False  # the links out of the root and the file itself are there first

    def setUp(self):
        super().setUp()
        self.outside = os.path.realpath(tempfile.mkdtemp(prefix="progress-outside-"))
        self.addCleanup(shutil.rmtree, self.outside, ignore_errors=True)
        open(os.path.join(self.outside, "passwd"), "w").close()
        os.symlink(self.outside, os.path.join(self.root, "escape-link"))
        os.symlink(os.path.join(self.outside, "passwd"), os.path.join(self.root, "host-link"))
        with open(os.path.join(self.root, "progress.txt"), "w") as f:
            f.write(PROGRESS)
        self.initialize()
        self.initial = self.load(PROGRESS)

    def at(self, needle, offset=0):
        line, col = line_of(self.text, needle)
        return {"textDocument": {"uri": self.uri}, "position": {"line": line, "character": col + offset}}

    def call(self, method, params):
        result = self.c.call(method, params)
        answer_server_requests(self.c)
        return result

    # ------------------------------------------------------------ hover

    def test_hover_on_a_mention_in_another_section_shows_the_signature(self):
        for needle in ["validate_token is slow", "validate_token ignores", "generate_token signs",
                       "generate_token is called"]:
            hover = self.call("textDocument/hover", self.at(needle, 3))
            value = hover["contents"]["value"]
            self.assertEqual(hover["contents"]["kind"], "markdown")
            name = needle.split()[0]
            self.assertIn("```\n%s(" % name, value, needle)
            def_line = line_of(self.text, name + "(")[0]
            self.assertIn("line %d" % (def_line + 1), value)
            start = line_of(self.text, needle)
            self.assertEqual(hover["range"]["start"], {"line": start[0], "character": start[1]})

    def test_hover_on_a_level_a_header_and_a_key(self):
        self.assertIn("Several files", self.call("textDocument/hover", self.at("Medium", 1))["contents"]["value"])
        self.assertIn("Files changed", self.call("textDocument/hover", self.at("Files Modified", 2))["contents"]["value"])
        self.assertIn("X of Y", self.call("textDocument/hover", self.at("Current phase", 2))["contents"]["value"])
        self.assertIsNone(self.call("textDocument/hover", self.at("2 of 4", 0)))

    def test_hover_on_a_path_says_whether_it_exists(self):
        self.assertIn("a file in the workspace", self.call("textDocument/hover", self.at("src/auth/token.py"))
                      ["contents"]["value"])
        self.assertIn("not found", self.call("textDocument/hover", self.at("docs/missing.md", 2))["contents"]["value"])
        self.assertIn("not a path inside the workspace",
                      self.call("textDocument/hover", self.at("../outside.txt", 4))["contents"]["value"])
        self.assertIn("not a path inside the workspace",
                      self.call("textDocument/hover", self.at("/etc/passwd", 2))["contents"]["value"])

    # ------------------------------------------------------------ definition

    def test_definition_of_a_mention_is_its_interfaces_line(self):
        for needle in ["validate_token is slow", "generate_token is called", "validate_token(token"]:
            loc = self.call("textDocument/definition", self.at(needle, 2))
            name = needle.split()[0].split("(")[0]
            line, col = line_of(self.text, name + "(")
            self.assertEqual(loc["uri"], self.uri)
            self.assertEqual(loc["range"], {"start": {"line": line, "character": col},
                                            "end": {"line": line, "character": col + len(name)}})

    def test_definition_of_a_path_is_the_file(self):
        loc = self.call("textDocument/definition", self.at("src/auth/token.py", 4))
        self.assertEqual(loc["uri"], file_uri(os.path.join(self.root, "src/auth/token.py")))
        self.assertIsNone(self.call("textDocument/definition", self.at("docs/missing.md", 1)), "missing: nowhere")

    def test_paths_never_lead_outside_the_root(self):
        for needle in ["../outside.txt", "/etc/passwd", "escape-link/passwd", "host-link"]:
            self.assertIsNone(self.call("textDocument/definition", self.at(needle, 1)), needle)
        targets = [link["target"] for link in self.call("textDocument/documentLink",
                                                         {"textDocument": {"uri": self.uri}})]
        for t in targets:
            self.assertTrue(t.startswith(file_uri(self.root) + "/"), t)
            self.assertNotIn("outside", t)
            self.assertNotIn("link", t)

    # ------------------------------------------------------------ references and rename

    def test_references_of_an_interface(self):
        refs = self.call("textDocument/references", dict(self.at("validate_token is slow"),
                                                          context={"includeDeclaration": True}))
        lines = sorted(r["range"]["start"]["line"] for r in refs)
        expected = sorted(i for i, l in enumerate(self.text.split("\n")) if "validate_token" in l)
        self.assertEqual(lines, expected)
        without = self.call("textDocument/references", dict(self.at("validate_token is slow"),
                                                             context={"includeDeclaration": False}))
        self.assertEqual(len(without), len(refs) - 1)

    def test_rename_everywhere_then_reparse_without_new_problems(self):
        prep = self.call("textDocument/prepareRename", self.at("generate_token is called", 1))
        self.assertEqual(prep["placeholder"], "generate_token")
        edit = self.call("textDocument/rename", dict(self.at("generate_token is called", 1), newName="issue_token"))
        after = apply_edits(self.text, edit["changes"][self.uri])
        for old, new in zip(self.text.split("\n"), after.split("\n")):
            self.assertEqual(old.replace("generate_token", "issue_token"), new)
        self.assertEqual(len(self.load(after)), len(self.initial))

    def test_rename_refuses_what_is_not_an_interface_and_bad_names(self):
        msg = self.c.response(self.c.request("textDocument/prepareRename", self.at("Sessions")))
        self.assertIn("error", msg)
        msg = self.c.response(self.c.request("textDocument/rename", dict(self.at("validate_token is slow"),
                                                                         newName="two words")))
        self.assertEqual(msg["error"]["code"], -32602)
        self.assertIn("two words", msg["error"]["message"])

    def test_rename_of_a_path_changes_every_mention(self):
        prep = self.call("textDocument/prepareRename", self.at("see src/auth/token.py", 6))
        self.assertEqual(prep["placeholder"], "src/auth/token.py")
        edit = self.call("textDocument/rename", dict(self.at("see src/auth/token.py", 6), newName="src/auth/jwt.py"))
        after = apply_edits(self.text, edit["changes"][self.uri])
        self.assertEqual(after, self.text.replace("src/auth/token.py", "src/auth/jwt.py"))
        self.assertEqual(len(edit["changes"][self.uri]), 2, "the Files item and the mention in Known Issues")

    def test_rename_to_a_name_already_there_is_refused_naming_it(self):
        msg = self.c.response(self.c.request("textDocument/rename", dict(self.at("generate_token is called", 1),
                                                                         newName="validate_token")))
        self.assertEqual(msg["error"]["code"], -32803)
        self.assertIn('"validate_token" is already in the document (line 23)', msg["error"]["message"])
        self.assertIn('Cannot rename "generate_token"', msg["error"]["message"])
        msg = self.c.response(self.c.request("textDocument/rename", dict(self.at("src/auth/token.py"),
                                                                         newName="./src/auth/session.py")))
        self.assertEqual(msg["error"]["code"], -32803)
        self.assertIn('"./src/auth/session.py" is already in the document (line 15)', msg["error"]["message"])
        # Renaming to itself is no clash.
        same = self.call("textDocument/rename", dict(self.at("generate_token is called", 1), newName="generate_token"))
        self.assertEqual(apply_edits(self.text, same["changes"][self.uri]), self.text)

    def test_prepare_rename_says_what_can_be_renamed(self):
        for needle, what in [("Medium", "complexity level"), ("Notes ===", "section header"),
                             ("Next task", "field key")]:
            msg = self.c.response(self.c.request("textDocument/prepareRename", self.at(needle, 1)))
            self.assertIn("error", msg, needle)
            self.assertIn("an interface name (from Interfaces Defined) or a path can be renamed", msg["error"]["message"])
            self.assertIn(what, msg["error"]["message"])
        msg = self.c.response(self.c.request("textDocument/rename", dict(self.at("src/auth/token.py"),
                                                                         newName="../x.py")))
        self.assertEqual(msg["error"]["code"], -32602)
        self.assertIn('"../x.py" is not a path inside the workspace', msg["error"]["message"])

    # ------------------------------------------------------------ links

    def test_links_for_paths_that_exist(self):
        links = self.call("textDocument/documentLink", {"textDocument": {"uri": self.uri}})
        got = sorted((l["range"]["start"]["line"], l["target"]) for l in links)
        token = file_uri(os.path.join(self.root, "src/auth/token.py"))
        api = file_uri(os.path.join(self.root, "src/api/auth.py"))
        self.assertEqual(got, sorted([(line_of(self.text, "src/auth/token.py")[0], token),
                                      (line_of(self.text, "see src/auth/token.py")[0], token),
                                      (line_of(self.text, "src/api/auth.py")[0], api)]))

    def test_bad_positions_get_an_empty_answer(self):
        far = {"textDocument": {"uri": self.uri}, "position": {"line": 10 ** 6, "character": 10 ** 6}}
        self.assertIsNone(self.call("textDocument/hover", far))
        self.assertIsNone(self.call("textDocument/definition", far))
        self.assertEqual(self.call("textDocument/references", dict(far, context={"includeDeclaration": True})), [])
        msg = self.c.response(self.c.request("textDocument/hover", {"textDocument": {"uri": self.uri}}))
        self.assertEqual(msg["error"]["code"], -32602)


class WillRenameFiles(DocumentTest):
    """A file renamed or moved in the editor: the progress file's paths follow it in the same edit."""

    TEXT = """=== Files Modified ===
src/auth/token.py (create)
- `src/auth/session.py`

=== Notes ===
- src/auth/token.py is read by src/api/auth.py; src/auth/tokenizer.py is not it
"""

    FILES = ("src/auth/token.py", "src/auth/session.py", "src/api/auth.py", "src/auth/tokenizer.py")
    INITIALIZE = False  # whether the client sends willRename is the test's

    def start(self, will_rename=True):
        caps = dict(WORKSPACE_CAPS)
        caps["workspace"] = dict(caps.get("workspace", {}), fileOperations={"willRename": will_rename})
        self.init = self.initialize(caps=caps)
        self.load(self.TEXT)

    def rename(self, old, new):
        result = self.c.call("workspace/willRenameFiles", {"files": [
            {"oldUri": file_uri(os.path.join(self.root, old)), "newUri": file_uri(os.path.join(self.root, new))}]})
        answer_server_requests(self.c)
        return result

    def test_registered_where_the_client_sends_it(self):
        self.start(will_rename=True)
        ops = self.init["capabilities"]["workspace"]["fileOperations"]
        self.assertEqual(ops["willRename"]["filters"][0]["pattern"]["glob"], "**/*")

    def test_not_registered_where_it_does_not(self):
        self.start(will_rename=False)
        self.assertNotIn("fileOperations", self.init["capabilities"]["workspace"])

    def test_a_renamed_file_is_renamed_everywhere(self):
        self.start()
        edit = self.rename("src/auth/token.py", "src/auth/jwt.py")
        after = apply_edits(self.TEXT, edit["changes"][self.uri])
        self.assertEqual(after, self.TEXT.replace("src/auth/token.py", "src/auth/jwt.py"))
        self.assertIn("src/auth/tokenizer.py", after, "a path that only starts the same is not it")

    def test_a_moved_folder_takes_the_paths_under_it(self):
        self.start()
        edit = self.rename("src/auth", "src/identity")
        after = apply_edits(self.TEXT, edit["changes"][self.uri])
        self.assertEqual(after, self.TEXT.replace("src/auth/", "src/identity/"))
        self.assertIn("src/api/auth.py", after)

    def test_nothing_to_follow_is_null_and_bad_params_are_refused(self):
        self.start()
        self.assertIsNone(self.rename("README.md", "README.txt"))
        msg = self.c.response(self.c.request("workspace/willRenameFiles", {"files": "x"}))
        self.assertEqual(msg["error"]["code"], -32602)
        outside = self.c.call("workspace/willRenameFiles", {"files": [
            {"oldUri": file_uri(os.path.join(self.root, "src/auth/token.py")), "newUri": "file:///elsewhere/t.py"},
            {"oldUri": 7, "newUri": None}]})
        self.assertIsNone(outside, "a move out of the root has no path to write")


if __name__ == "__main__":
    main()
