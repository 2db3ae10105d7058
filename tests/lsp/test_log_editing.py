"""test_log_editing.py — editing a markdown session log as an editor does, through the real binary: path
completion after `Files changed:`, definition and links on paths, rename of a path, folding by heading and entry,
list continuation, the newest entry's next steps and blockers among the workspace symbols, semantic tokens for a
heading's date and story id."""
import os
import shutil
import tempfile
import unittest

from lspclient import LspClient, file_uri, initialize_workspace, main

TEXT = """# Progress

## Session 1 — 2026-11-28
### Completed
- [x] Cart (commit: abc1234)
- Files changed: src/cart.py
### Next Steps
- Checkout

## 2026-11-30 10:00 - US-002
- Did `src/checkout.py`
- Files changed: src/c
### Next Steps
- Coupons
### Blockers
- Payment sandbox down
"""


class LogEditing(unittest.TestCase):
    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-log-editing-"))
        os.makedirs(os.path.join(self.root, "src"))
        for name in ("cart.py", "checkout.py"):
            with open(os.path.join(self.root, "src", name), "w") as f:
                f.write("x\n")
        path = os.path.join(self.root, "claude-progress.txt")
        with open(path, "w") as f:
            f.write(TEXT)
        self.c = LspClient()
        init = initialize_workspace(self.c, [self.root])
        self.legend = init["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"]
        self.uri = file_uri(path)
        self.c.open(self.uri, TEXT)

    def tearDown(self):
        self.c.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def at(self, method, line, character, **more):
        return self.c.call(method, dict({"textDocument": {"uri": self.uri},
                                         "position": {"line": line, "character": character}}, **more))

    def test_paths_complete_after_files_changed(self):
        got = self.at("textDocument/completion", 11, 21)
        items = got["items"] if isinstance(got, dict) else got
        self.assertEqual([i["label"] for i in items][:2], ["src/cart.py", "src/checkout.py"])

    def test_definition_links_and_rename_of_paths(self):
        target = file_uri(os.path.join(self.root, "src/checkout.py"))
        self.assertEqual(self.at("textDocument/definition", 10, 10)["uri"], target)
        links = self.c.call("textDocument/documentLink", {"textDocument": {"uri": self.uri}})
        self.assertIn(target, [l["target"] for l in links])
        prep = self.at("textDocument/prepareRename", 5, 22)
        self.assertEqual(prep["placeholder"], "src/cart.py")
        edit = self.at("textDocument/rename", 5, 22, newName="src/basket.py")
        self.assertEqual([e["newText"] for e in edit["changes"][self.uri]], ["src/basket.py"])

    def test_folding_by_heading_and_entry(self):
        folds = {(f["startLine"], f["endLine"]) for f in
                 self.c.call("textDocument/foldingRange", {"textDocument": {"uri": self.uri}})}
        self.assertTrue({(2, 7), (3, 5), (9, 15), (14, 15)} <= folds, folds)

    def test_a_list_continues_on_enter(self):
        text = TEXT.replace("- Coupons\n", "- Coupons\n\n")
        self.c.change(self.uri, 2, [{"text": text}])
        got = self.at("textDocument/onTypeFormatting", 14, 0, ch="\n", options={"tabSize": 2, "insertSpaces": True})
        self.assertEqual([e["newText"] for e in got], ["- "])

    def test_workspace_symbols_hold_the_newest_next_steps_and_blockers(self):
        syms = {(s["name"], s.get("containerName")) for s in self.c.call("workspace/symbol", {"query": ""})}
        self.assertIn(("Coupons", "Next task"), syms)
        self.assertIn(("Payment sandbox down", "Blockers"), syms)
        self.assertNotIn(("Checkout", "Next task"), syms)  # an older entry's step

    def test_semantic_tokens_of_an_entry_title(self):
        data = self.c.call("textDocument/semanticTokens/full", {"textDocument": {"uri": self.uri}})["data"]
        line = col = 0
        toks = []
        for i in range(0, len(data), 5):
            line += data[i]
            col = data[i + 1] if data[i] else col + data[i + 1]
            toks.append((line, TEXT.splitlines()[line][col:col + data[i + 2]], self.legend[data[i + 3]], data[i + 4]))
        title = [(text, kind) for l, text, kind, _ in toks if l == 9]
        self.assertEqual(title, [("##", "header"), ("2026-11-30 10:00", "date"), (" - ", "sectionName"),
                                 ("US-002", "storyId")])
        self.assertIn((4, "abc1234", "commitHash"), [(l, t, k) for l, t, k, _ in toks])
        self.assertIn((4, "[x]", "statusMark"), [(l, t, k) for l, t, k, _ in toks])
        self.assertTrue(all(mods == 0 for l, _, kind, mods in toks if kind == "sectionName"), "never deprecated")


if __name__ == "__main__":
    main()
