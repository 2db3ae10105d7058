#!/usr/bin/env python3
"""test_evidence_dialects.py — `check --git` and `hook … --stop` read the same evidence as the editor, in
temporary git repositories: Ralph's log against prd.json and its own committed text (a story passing with no entry
and no commit, an entry for an unknown story, another branch, an earlier entry rewritten), and a markdown log
against feature_list.json.

Needs PROGRESS_LS and CORPUS_DIR (as ctest sets them).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from checkrun import BIN, HERE, main, run_check

sys.path.insert(0, os.path.join(HERE, "..", "lsp"))
from gitrepo import commit, git, write  # noqa: E402  (the repositories the server's tests make too)

NOW = int(time.time())
HOUR = 3600

PRD = {"branchName": "ralph/cart", "userStories": [
    {"id": "US-001", "title": "Cart page", "priority": 1, "passes": True},
    {"id": "US-002", "title": "Cart totals", "priority": 2, "passes": True},
    {"id": "US-003", "title": "Checkout", "priority": 3, "passes": False},
]}

LOG = """# Ralph Progress Log
Started: 2026-02-01

## Codebase Patterns
- Prices are integers in cents

---

## 2026-02-01 09:00 - US-001
- Added the cart page
- Files changed: src/cart.tsx
---
"""


def findings(*args, cwd):
    code, out, err = run_check("--git", "--output-format", "json", *args, cwd=cwd)
    return code, json.loads(out), err


def codes(found):
    return sorted((f["code"], f["line"]) for f in found if f["code"] != "not-progress-format")


def hook_stop(root):
    payload = json.dumps({"session_id": "s", "cwd": root, "hook_event_name": "Stop", "stop_hook_active": False})
    env = dict(os.environ)
    env.pop("CLAUDE_PROJECT_DIR", None)
    p = subprocess.run([BIN, "hook", "claude", "--stop"], input=payload.encode(), capture_output=True, cwd=root,
                       env=env, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


class Ralph(unittest.TestCase):
    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-check-ralph-"))
        git(self.root, "init", "-q")
        git(self.root, "checkout", "-q", "-b", "ralph/cart")
        commit(self.root, "feat: [US-001] - Cart page",
               {"scripts/ralph/prd.json": json.dumps(PRD, indent=2), "scripts/ralph/progress.txt": LOG,
                "src/cart.tsx": "cart\n"}, NOW - 3 * HOUR)
        self.log = os.path.join(self.root, "scripts/ralph/progress.txt")

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def test_a_story_passing_with_nothing_to_show_for_it(self):
        code, found, err = findings("scripts/ralph/progress.txt", cwd=self.root)
        self.assertEqual(err, "")
        self.assertEqual(codes(found), [("story-without-evidence", 1)])
        self.assertIn("US-002 (Cart totals)", found[-1]["message"])
        # A commit naming it is evidence enough.
        git(self.root, "commit", "-q", "--allow-empty", "-m", "feat: [US-002] - Cart totals", when=NOW - HOUR)
        code, found, err = findings("scripts/ralph/progress.txt", cwd=self.root)
        self.assertEqual([c for c in codes(found) if c[0] == "story-without-evidence"], [])

    def test_an_unknown_story_and_another_branch(self):
        git(self.root, "checkout", "-q", "-b", "main")
        with open(self.log, "a") as f:
            f.write("\n## 2026-02-01 10:00 - US-002\n- Totals\n---\n\n## 2026-02-01 11:00 - US-007\n- Extra\n---\n")
        code, found, err = findings("scripts/ralph/progress.txt", cwd=self.root)
        self.assertIn(("branch-mismatch", 1), codes(found))
        self.assertIn(("unknown-story", 18), codes(found))
        self.assertNotIn("story-without-evidence", [c for c, _ in codes(found)])

    def test_an_earlier_entry_rewritten(self):
        with open(self.log, "w") as f:
            f.write(LOG.replace("- Added the cart page\n", "- Added the cart page and badge\n") +
                    "\n## 2026-02-01 10:00 - US-002\n- Totals\n---\n")
        code, found, err = findings("scripts/ralph/progress.txt", cwd=self.root)
        rewritten = [f for f in found if f["code"] == "log-rewritten"]
        self.assertEqual([(f["line"], f["severity"]) for f in rewritten], [(10, "warning")])
        self.assertIn('HEAD has "- Added the cart page"', rewritten[0]["message"])

    def test_the_stop_hook_holds_a_rewritten_log(self):
        with open(self.log, "w") as f:
            f.write(LOG.replace("- Added the cart page\n", "") + "\n## 2026-02-01 10:00 - US-002\n- Totals\n---\n")
        code, out, err = hook_stop(self.root)
        self.assertEqual(code, 2, err)
        self.assertIn("scripts/ralph/progress.txt:10: This log is append-only: 1 committed line was removed here", err)
        self.assertIn("[log-rewritten]", err)
        # Appended to instead (and committed): the stop goes through as far as Ralph's evidence goes.
        with open(self.log, "w") as f:
            f.write(LOG + "\n## 2026-02-01 10:00 - US-002\n- Totals\n---\n")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", "feat: [US-002] - Cart totals", when=NOW)
        code, out, err = hook_stop(self.root)
        self.assertNotIn("log-rewritten", err)
        self.assertNotIn("story-without-evidence", err)


class MarkdownLog(unittest.TestCase):
    def test_counts_and_claims_against_feature_list_json(self):
        root = os.path.realpath(tempfile.mkdtemp(prefix="progress-check-md-"))
        try:
            git(root, "init", "-q")
            features = [{"description": "a", "passes": True}, {"description": "b", "passes": False}]
            text = "# Progress\n\n## Session 4 — 2026-02-02\n- Status: 2/2 features passing\n- All features complete\n"
            commit(root, "Session 4", {"claude-progress.txt": text, "feature_list.json": json.dumps(features)},
                   NOW - HOUR)
            code, found, err = findings("claude-progress.txt", cwd=root)
            self.assertEqual(codes(found), [("claims-complete", 5), ("feature-count-mismatch", 4)])
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main("test_evidence_dialects")
