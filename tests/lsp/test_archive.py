"""test_archive.py — "Archive entries older than the newest N" through the real binary: one WorkspaceEdit that
creates the archive beside the log (or appends to the one there, open or on disk) and deletes the entries, applied
as an editor applies it and checked to lose no line and double none; Ralph's Codebase Patterns and a log's title
stay; dates running downward archive the bottom; the settings name the file and N; clients that cannot create
files get no action."""
import copy
import os
import shutil
import tempfile
import unittest

from lspclient import (WORKSPACE_CAPS, LspClient, answer_server_requests, apply_edits, file_uri, initialize_workspace,
                       main, rng)

CAPS = copy.deepcopy(WORKSPACE_CAPS)
CAPS["workspace"]["workspaceEdit"] = {"documentChanges": True, "resourceOperations": ["create", "rename", "delete"]}

RALPH = """# Ralph Progress Log
Started: 2026-01-05

## Codebase Patterns
- Forms validate with zod

---

""" + "".join("## 2026-01-0%d 10:00 - US-00%d\n- Story %d done\n- Files changed: src/s%d.ts\n---\n\n" % (i, i, i, i)
              for i in range(1, 8))

DOWNWARD = "# Progress\n\n" + "".join("## Session %d — 2026-02-%02d\n- Work %d\n\n" % (i, 10 + i, i)
                                     for i in range(6, 0, -1))


def apply_workspace_edit(files, edit):
    """`files` (uri → text) after a WorkspaceEdit's documentChanges, applied in order as an editor applies them."""
    files = dict(files)
    for change in edit["documentChanges"]:
        if change.get("kind") == "create":
            if change["uri"] not in files or not change.get("options", {}).get("ignoreIfExists"):
                files[change["uri"]] = ""
            continue
        uri = change["textDocument"]["uri"]
        files[uri] = apply_edits(files[uri], change["edits"])
    return files


class Archive(unittest.TestCase):
    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-archive-"))
        self.c = None

    def tearDown(self):
        if self.c:
            self.c.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def start(self, rel, text, options=None, caps=CAPS):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        self.c = LspClient()
        initialize_workspace(self.c, [self.root], options=options, caps=caps)
        self.uri = file_uri(path)
        self.c.open(self.uri, text)
        return self.uri

    def archive_action(self, line=0):
        answer_server_requests(self.c)
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri},
                                                          "range": rng(line, 0, line, 0), "context": {"diagnostics": []}})
        return [a for a in actions if a["title"].startswith("Archive entries")]

    def test_ralph_entries_move_and_patterns_stay(self):
        self.start("scripts/ralph/progress.txt", RALPH)
        [a] = self.archive_action(line=9)
        self.assertEqual(a["title"], "Archive entries older than the newest 5")
        self.assertEqual(a["kind"], "refactor.move")
        archive = file_uri(os.path.join(self.root, "scripts/ralph/progress-archive.txt"))
        kinds = [c.get("kind") or c["textDocument"]["uri"] for c in a["edit"]["documentChanges"]]
        self.assertEqual(kinds, ["create", archive, self.uri])
        files = apply_workspace_edit({self.uri: RALPH}, a["edit"])
        log, moved = files[self.uri], files[archive]
        self.assertTrue(log.startswith("# Ralph Progress Log\nStarted: 2026-01-05\n\n## Codebase Patterns\n"))
        self.assertIn("## 2026-01-03 10:00 - US-003", log)
        self.assertNotIn("US-002", log)
        self.assertEqual(moved, "## 2026-01-01 10:00 - US-001\n- Story 1 done\n- Files changed: src/s1.ts\n---\n\n"
                                "## 2026-01-02 10:00 - US-002\n- Story 2 done\n- Files changed: src/s2.ts\n---\n\n")
        # Lossless: every line is in one of the two, once.
        self.assertEqual(sorted(RALPH.splitlines()), sorted(log.splitlines() + moved.splitlines()))

    def test_appends_to_an_archive_on_disk_that_lacks_a_final_newline(self):
        with open(os.path.join(self.root, "progress-archive.txt"), "w") as f:
            f.write("## 2025-12-31 - US-000\n- Old")
        self.start("progress.txt", RALPH, options={"archive": {"keep": 6}})
        [a] = self.archive_action()
        self.assertEqual(a["title"], "Archive entries older than the newest 6")
        archive = file_uri(os.path.join(self.root, "progress-archive.txt"))
        files = apply_workspace_edit({self.uri: RALPH, archive: "## 2025-12-31 - US-000\n- Old"}, a["edit"])
        self.assertEqual(files[archive], "## 2025-12-31 - US-000\n- Old\n## 2026-01-01 10:00 - US-001\n"
                                         "- Story 1 done\n- Files changed: src/s1.ts\n---\n\n")

    def test_dates_running_downward_archive_the_bottom(self):
        self.start("claude-progress.txt", DOWNWARD, options={"archive": {"keep": 2, "file": "{name}.old.txt"}})
        [a] = self.archive_action()
        archive = file_uri(os.path.join(self.root, "claude-progress.old.txt"))
        files = apply_workspace_edit({self.uri: DOWNWARD}, a["edit"])
        self.assertEqual(files[self.uri], "# Progress\n\n## Session 6 — 2026-02-16\n- Work 6\n\n"
                                          "## Session 5 — 2026-02-15\n- Work 5\n\n")
        self.assertTrue(files[archive].startswith("## Session 4 — 2026-02-14\n"))
        self.assertEqual(sorted(DOWNWARD.splitlines()), sorted(files[self.uri].splitlines() + files[archive].splitlines()))

    def test_nothing_to_archive_or_no_file_creation(self):
        self.start("progress.txt", RALPH, options={"archive": {"keep": 7}})
        self.assertEqual(self.archive_action(), [])
        self.c.kill()
        self.start("progress.txt", RALPH, caps=WORKSPACE_CAPS)
        self.assertEqual(self.archive_action(), [])

    def test_a_bad_archive_setting_is_reported_and_the_default_kept(self):
        self.start("progress.txt", RALPH, options={"archive": {"keep": 0, "file": "../x.txt"}})
        [a] = self.archive_action()
        self.assertEqual(a["title"], "Archive entries older than the newest 5")
        self.assertEqual(a["edit"]["documentChanges"][0]["uri"], file_uri(os.path.join(self.root, "progress-archive.txt")))


if __name__ == "__main__":
    main()
