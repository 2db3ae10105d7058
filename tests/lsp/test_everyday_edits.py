"""test_everyday_edits.py — issue 23, the everyday edit, through the real binary: editors' scratch files are never
evidence, never offered, never added (B1); paths after a bare bullet (B2) and inside an opening backtick (B3);
folder answers that say they are incomplete and carry the folder's entries (B4); nested folder names (B5); a quick
fix for every valid level (B6); list edits that span whole lines (B8); and the smaller items."""
import os
import unittest

from lspclient import apply_edits, file_uri, main, rng
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


if __name__ == "__main__":
    main()
