"""test_everyday_edits.py — issue 23, the everyday edit, through the real binary: editors' scratch files are never
evidence, never offered, never added (B1); paths after a bare bullet (B2) and inside an opening backtick (B3);
folder answers that say they are incomplete and carry the folder's entries (B4); nested folder names (B5); a quick
fix for every valid level (B6); list edits that span whole lines (B8); and the smaller items."""
import os
import unittest

from lspclient import SESSION_STATE, DocumentTest, answer_server_requests, apply_edits, file_uri, main, rng
from test_workstate import Repo, WorkStateTest, by_code, write

SCRATCH = [".progress.txt.swp", "#progress.txt#", ".#progress.txt", "progress.txt~", "src/.login.py.swo",
           "README.md.orig", "src/login.py.vsctmp", "src/login.py___jb_tmp___", "4913"]


class ScratchFiles(WorkStateTest):
    """B1: Vim's, Emacs's, VS Code's and JetBrains' scratch and backup files beside a real change."""

    def setUp(self):
        self.repo = Repo()
        for rel in SCRATCH:
            write(self.repo.root, rel, "scratch\n")

    def test_never_evidence_never_added_never_offered(self):
        self.start(self.repo.root)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unlisted-changes"))
        [u] = by_code(diags, "unlisted-changes")
        for rel in SCRATCH:
            self.assertNotIn(os.path.basename(rel), u["message"])
        self.assertIn("2 files", u["message"])
        # Which are committed since the file's last commit and which are not yet.
        self.assertIn("src/new.py (committed)", u["message"])
        self.assertIn("src/untracked.py (uncommitted)", u["message"])
        self.assertEqual(len(u["relatedInformation"]), 2)
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(7, 0, 7, 0),
                                                          "context": {"diagnostics": []}})
        [add] = [a for a in actions if a["title"].startswith("Add the")]
        self.assertEqual(add["title"], "Add the 2 changed files to Files Modified")
        new = apply_edits(self.text, add["edit"]["changes"][self.uri])
        for rel in SCRATCH:
            self.assertNotIn(rel, new)
        # Completion: a word that matches every scratch name offers none of them.
        lines = self.text.split("\n")
        line = lines.index("- src/api.py")
        for typed in ("progress", "login", "README", "4913"):
            edited = lines[:line] + ["- " + typed] + lines[line + 1:]
            self.c.change(self.uri, 10 + len(typed), [{"text": "\n".join(edited)}])
            got = self.c.call("textDocument/completion", {"textDocument": {"uri": self.uri},
                                                          "position": {"line": line, "character": 2 + len(typed)}})
            labels = [i["label"] for i in got["items"]]
            for rel in SCRATCH:
                self.assertNotIn(rel, labels, typed)


PATHS_DOC = """=== Session State ===
Last completed: Token service
Next task: Sessions
Blockers: None
Complexity level: Medium

=== Files Modified ===
README.md

=== Files To Modify ===
{line}

=== Notes ===
- none yet
"""


class PathCompletion(DocumentTest):
    """B2–B5 and the empty line: what a path completion offers, and how it says it is incomplete."""

    FILES = ("src/auth/session.py", "src/auth/token.py", "src/api/auth.py", "src/api/routes.py", "lib/only.py",
             "data/storage/blob.py", "README.md")

    def complete(self, line_text, marker="|"):
        col = line_text.index(marker)
        text = PATHS_DOC.format(line=line_text.replace(marker, ""))
        self.load(text)
        line = text.split("\n").index("=== Files To Modify ===") + 1
        got = self.c.call("textDocument/completion", {"textDocument": {"uri": self.uri},
                                                      "position": {"line": line, "character": col}})
        self.line, self.col = line, col
        return got

    def labels(self, got):
        return [i["label"] for i in got["items"]]

    def test_b2_after_a_bare_bullet_paths_not_annotations(self):
        for bullet in ("- ", "- [ ] ", "* ", "4. "):
            got = self.complete(bullet + "|")
            labels = self.labels(got)
            self.assertNotIn("(create)", labels, bullet)
            self.assertIn("src/", labels, bullet)
            self.assertIn("README.md", labels, bullet)
            for item in got["items"]:
                self.assertEqual(item["textEdit"]["range"], rng(self.line, self.col, self.line, self.col), bullet)

    def test_b3_inside_an_opening_backtick(self):
        got = self.complete("- `sess|")
        self.assertEqual(self.labels(got)[0], "src/auth/session.py")
        self.assertEqual(got["items"][0]["textEdit"]["range"], rng(self.line, 3, self.line, 7))
        got = self.complete("1. `src/api/|")
        self.assertEqual(sorted(self.labels(got)), ["src/api/auth.py", "src/api/routes.py"])
        self.assertEqual(got["items"][0]["textEdit"]["range"], rng(self.line, 4, self.line, 12))

    def test_b4_folder_answers_are_incomplete_and_carry_the_folders_entries(self):
        got = self.complete("- [ ] sr|")
        self.assertTrue(got["isIncomplete"])
        labels = self.labels(got)
        self.assertEqual(labels[0], "src/")
        for inside in ("src/api/", "src/auth/"):
            self.assertIn(inside, labels)
        got = self.complete("- src/|")
        self.assertTrue(got["isIncomplete"])
        self.assertEqual(self.labels(got)[:2], ["src/api/", "src/auth/"])  # its own entries, then the files below

    def test_b5_nested_folder_names_match(self):
        labels = self.labels(self.complete("- auth|"))
        self.assertIn("src/auth/", labels)
        self.assertIn("src/api/auth.py", labels)
        self.assertIn("src/auth/session.py", labels)  # the folder's entries follow it
        labels = self.labels(self.complete("- storage|"))
        self.assertEqual(labels[0], "data/storage/")
        self.assertIn("data/storage/blob.py", labels)

    def test_a_lone_folder_is_never_a_sole_match(self):
        self.assertEqual(self.labels(self.complete("- li|")), ["lib/", "lib/only.py"])

    def test_an_empty_line_lists_the_roots_own_entries(self):
        got = self.complete("|")
        self.assertEqual(sorted(self.labels(got)), ["None", "README.md", "data/", "lib/", "src/"])  # None: nothing listed yet


def apply_as_bytes(text, edits):
    """`text` with the edits applied by a client that reads every `character` as a UTF-8 byte offset, as Vim's ALE
    does (it offers no positionEncodings, so the server speaks UTF-16): right only where the columns agree."""
    data = text.encode()
    starts = [0]
    for i, b in enumerate(data):
        if b == 0x0A:
            starts.append(i + 1)

    def offset(pos):
        if pos["line"] >= len(starts):
            return len(data)
        return min(starts[pos["line"]] + pos["character"], len(data))
    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"].encode()) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        data = data[:start] + new + data[end:]
    return data.decode("utf-8", "replace")


MOVES_DOC = SESSION_STATE + """
=== Files Modified ===
- ✅ src/auth/token.py — the signer
- ✅ src/auth/keys.py — rotation

=== Files To Modify ===
1. ✅ src/auth/session.py (refresh — sliding expiry)
   - keeps the old cookie — for a week
2. ❌ src/api/routes.py — wire the login
3. ❌ src/api/auth.py — the logout route ✅ soon

=== Notes ===
- a note — with a dash ✅
"""


class Edits(DocumentTest):
    """Code actions: B6, B8, the numbering, the detail's indent, the four-action menu, the message, the tie-break."""

    def actions(self, line, col=0, end=None):
        end = line if end is None else end
        got = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(line, col, end, col),
                                                      "context": {"diagnostics": self.diags}})
        answer_server_requests(self.c)
        return got

    def line(self, needle):
        return next(i for i, l in enumerate(self.text.split("\n")) if needle in l)

    def test_b6_every_valid_level_where_none_is_close(self):
        for level in ("Enormous", "XL", "High", "Medium-High", "me"):
            self.load(SESSION_STATE.replace("Complexity level: Medium", "Complexity level: " + level))
            l = self.line("Complexity level")
            titles = [a["title"] for a in self.actions(l, 20) if a["kind"] == "quickfix"]
            self.assertEqual(titles, ['Change to "%s"' % n for n in ("Trivial", "Small", "Medium", "Large", "Huge")],
                             level)

    def move_edits(self, title, needle):
        self.load(MOVES_DOC)
        found = [a for a in self.actions(self.line(needle), 4) if a["title"] == title]
        self.assertEqual(len(found), 1, [a["title"] for a in self.actions(self.line(needle), 4)])
        return found[0]["edit"]["changes"][self.uri]

    def test_b8_list_edits_span_whole_lines_and_survive_a_byte_counting_client(self):
        for title, needle in (("Move it to Files Modified", "session.py"), ("Move all to Files Modified", "routes.py"),
                              ("Move to Files Modified", "routes.py")):
            edits = self.move_edits(title, needle)
            right = apply_edits(MOVES_DOC, edits)
            self.assertEqual(apply_as_bytes(MOVES_DOC, edits), right, title)
            for e in edits:
                r = e["range"]
                line_edit = e["newText"].endswith("\n") or e["newText"] == ""
                if line_edit:  # lines in or out: from character 0 to character 0
                    self.assertEqual((r["start"]["character"], r["end"]["character"]), (0, 0), (title, e))
            for keep in ("— the signer", "(refresh — sliding expiry)", "— for a week", "✅ soon", "— with a dash ✅"):
                if keep in MOVES_DOC:
                    self.assertIn(keep, right, title)

    def test_b8_a_rename_after_a_dash_or_a_mark_survives_a_byte_counting_client(self):
        text = MOVES_DOC.replace("- a note — with a dash ✅", "- ✅ see src/auth/token.py — and src/auth/token.py")
        self.load(text)
        l = self.line("src/auth/token.py — the signer")
        got = self.c.call("textDocument/rename", {"textDocument": {"uri": self.uri},
                                                  "position": {"line": l, "character": 6}, "newName": "src/auth/jwt.py"})
        edits = got["changes"][self.uri]
        right = apply_edits(text, edits)
        self.assertEqual(apply_as_bytes(text, edits), right)
        self.assertIn("- ✅ src/auth/jwt.py — the signer\n", right)
        self.assertIn("- ✅ see src/auth/jwt.py — and src/auth/jwt.py\n", right)
        self.assertNotIn("token.py", right)

    def test_numbering_counts_on_after_a_move(self):
        after = apply_edits(MOVES_DOC, self.move_edits("Move it to Files Modified", "session.py"))
        self.assertIn("=== Files To Modify ===\n1. ❌ src/api/routes.py — wire the login\n"
                      "2. ❌ src/api/auth.py — the logout route ✅ soon\n", after)

    def test_a_moved_detail_takes_the_new_bullets_indent(self):
        after = apply_edits(MOVES_DOC, self.move_edits("Move it to Files Modified", "session.py"))
        self.assertIn("- ✅ src/auth/keys.py — rotation\n- ✅ src/auth/session.py (refresh — sliding expiry)\n"
                      "  - keeps the old cookie — for a week\n\n", after)

    def test_one_done_item_gets_one_action_for_its_move(self):
        self.load(MOVES_DOC)
        l = self.line("session.py")
        moves = [a["title"] for a in self.actions(l, 4) if "Files Modified" in a["title"] and "all" not in a["title"]]
        self.assertEqual(moves, ["Move it to Files Modified"])

    def test_the_done_in_to_modify_message_names_the_path_without_backticks(self):
        diags = self.load(SESSION_STATE + "\n=== Files To Modify ===\n- [x] `tests/auth/test_session.py` (tests)\n")
        [d] = [d for d in diags if d["code"] == "done-in-to-modify"]
        self.assertIn('"tests/auth/test_session.py" is marked done', d["message"])

    def test_the_formatter_breaks_a_bullet_tie_as_the_rest_of_the_file(self):
        text = SESSION_STATE + "\n=== Key Decisions ===\n- a\n- b\n- c\n\n=== Notes ===\n* one\n- two\n"
        self.load(text)
        edits = self.c.call("textDocument/formatting", {"textDocument": {"uri": self.uri},
                                                        "options": {"tabSize": 4, "insertSpaces": True}})
        self.assertIn("=== Notes ===\n- one\n- two\n", apply_edits(text, edits or []))


class FinishAndAdd(WorkStateTest):
    """"Finish the task" leaves no trailing space and no stale phase label; "Add the changed files" follows the marks."""

    def setUp(self):
        self.repo = Repo()

    def test_finish_the_task_leaves_next_task_clean_and_drops_the_finished_phases_label(self):
        text = self.repo.text.replace("Current phase: 2 of 4", "Current phase: 2 of 4 (Build)")
        self.start(self.repo.root, text)
        got = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(1, 0, 1, 0),
                                                      "context": {"diagnostics": []}})
        [finish] = [a for a in got if a["title"] == "Finish the task"]
        new = apply_edits(text, finish["edit"]["changes"][self.uri])
        self.assertIn("\nNext task:\n", new)
        self.assertIn("\nCurrent phase: 3 of 4\n", new)
        self.assertIn("\nLast completed: Sessions\n", new)

    def test_added_files_carry_the_lists_marks(self):
        text = self.repo.text.replace("src/token.py\nsrc/login.py\nsrc/gone.py\n",
                                      "- [x] src/token.py\n- [x] src/login.py\n- [x] src/gone.py\n")
        self.start(self.repo.root, text)
        self.diagnostics_until(lambda ds: by_code(ds, "unlisted-changes"))
        got = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(7, 0, 7, 0),
                                                      "context": {"diagnostics": []}})
        [add] = [a for a in got if a["title"].startswith("Add the")]
        new = apply_edits(text, add["edit"]["changes"][self.uri])
        self.assertIn("- [x] src/gone.py\n- [x] src/new.py\n- [x] src/untracked.py\n", new)


if __name__ == "__main__":
    main()
