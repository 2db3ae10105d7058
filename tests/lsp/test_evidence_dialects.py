"""test_evidence_dialects.py — the evidence in every dialect, through the real binary, in temporary git
repositories: Ralph's log against prd.json (a story passing with nothing to show for it, an entry for a story
prd.json lacks, the branch, Codebase Patterns below an entry, an invalid or linked prd.json), Ralph's append-only
rule (an earlier entry rewritten, warned on its line with HEAD's text, gone once the text is appended to
instead), and a markdown session log against feature_list.json and git (counts, claims, commits, staleness)."""
import json
import os
import shutil
import tempfile
import time
import unittest

from gitrepo import commit, git, write
from lspclient import (LspClient, Timeout, answer_server_requests, diagnostics_until, file_uri, initialize_workspace,
                       main)

NOW = int(time.time())
HOUR = 3600

PRD = {
    "project": "Shop",
    "branchName": "ralph/auth",
    "description": "Accounts for the shop",
    "userStories": [
        {"id": "US-001", "title": "Login form", "priority": 1, "passes": True, "notes": ""},
        {"id": "US-002", "title": "Logout button", "priority": 2, "passes": True, "notes": ""},
        {"id": "US-003", "title": "Password reset", "priority": 3, "passes": True, "notes": ""},
        {"id": "US-004", "title": "Audit log", "priority": 4, "passes": False, "notes": ""},
    ],
}

HEAD_LOG = """# Ralph Progress Log
Started: 2026-01-05

## Codebase Patterns
- Forms validate with zod schemas in src/schemas/
- Run `pnpm typecheck` before committing

---

## 2026-01-05 10:00 - US-001
- Added the login form with email and password
- Files changed: src/login.tsx, src/schemas/login.ts
- **Learnings for future iterations:**
  - The auth client lives in src/lib/auth.ts
---
"""

# US-003 is committed (`feat: [US-003] - …`) but has no entry; US-002 has neither.
APPENDED = HEAD_LOG + """
## 2026-01-05 11:30 - US-003
- Added the reset flow
- Files changed: src/reset.tsx
---
"""


def by_code(diags, code):
    return [d for d in diags if d.get("code") == code]


class EvidenceTest(unittest.TestCase):
    rel = "scripts/ralph/progress.txt"

    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-dialect-evidence-"))
        self.c = None

    def tearDown(self):
        if self.c:
            self.c.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def start(self, text, options=None):
        self.log = os.path.join(self.root, ".server.log")
        self.c = LspClient(args=("--log-file", self.log, "--log-level", "info"))
        initialize_workspace(self.c, [self.root], options=options)
        self.uri = file_uri(os.path.join(self.root, self.rel))
        self.text = text
        self.c.open(self.uri, text)

    def diagnostics_until(self, pred, timeout=15):
        """The document's diagnostics once `pred(diags)` holds (git and the harness files are read in the background)."""
        return diagnostics_until(self.c, self.uri, pred, timeout)

    def settled(self, timeout=15):
        """The diagnostics once the evidence is in: the first git refresh logged, then nothing new for a while."""
        deadline = time.monotonic() + timeout
        while True:
            with open(self.log) as f:
                if any("git refresh " in line for line in f):
                    break
            if time.monotonic() > deadline:
                self.fail("git never refreshed")
            answer_server_requests(self.c)
            self.c.drain(0.05)
        self.c.drain(0.5)
        answer_server_requests(self.c)
        self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": self.uri}})
        got = []
        while True:
            try:
                got = self.c.diagnostics(self.uri, timeout=0)["diagnostics"]
            except Timeout:
                return got


class Ralph(EvidenceTest):
    """scripts/ralph/progress.txt beside scripts/ralph/prd.json, on the branch prd.json names."""

    def setUp(self):
        super().setUp()
        git(self.root, "init", "-q")
        git(self.root, "checkout", "-q", "-b", "ralph/auth")
        commit(self.root, "chore: add the PRD", {"scripts/ralph/prd.json": json.dumps(PRD, indent=2) + "\n"},
               NOW - 5 * HOUR)
        commit(self.root, "feat: [US-001] - Login form",
               {"src/login.tsx": "login\n", self.rel: HEAD_LOG}, NOW - 4 * HOUR)
        commit(self.root, "feat: [US-003] - Password reset", {"src/reset.tsx": "reset\n"}, NOW - 3 * HOUR)

    def test_a_passing_story_with_no_entry_and_no_commit(self):
        self.start(APPENDED)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "story-without-evidence"))
        [d] = by_code(diags, "story-without-evidence")
        self.assertIn("US-002 (Logout button)", d["message"])
        self.assertIn("no entry of this log and no commit", d["message"])
        self.assertEqual(d["severity"], 2)
        [rel] = d["relatedInformation"]
        self.assertEqual(rel["location"]["uri"], file_uri(os.path.join(self.root, "scripts/ralph/prd.json")))
        line = json.dumps(PRD, indent=2).splitlines()[rel["location"]["range"]["start"]["line"]]
        self.assertIn('"US-002"', line)
        for code in ("unknown-story", "branch-mismatch", "patterns-not-first", "log-rewritten", "invalid-prd"):
            self.assertEqual(by_code(diags, code), [], code)

    def test_hover_on_a_story_id_says_its_title_and_whether_it_passes(self):
        self.start(APPENDED)
        self.diagnostics_until(lambda ds: by_code(ds, "story-without-evidence"))
        line = APPENDED.splitlines().index("## 2026-01-05 11:30 - US-003")
        got = self.c.call("textDocument/hover", {"textDocument": {"uri": self.uri},
                                                 "position": {"line": line, "character": 25}})
        self.assertEqual(got["contents"], {"kind": "markdown", "value": "**US-003** Password reset\n\n"
                                           "passes · priority 3 · scripts/ralph/prd.json"})
        self.assertEqual(got["range"], {"start": {"line": line, "character": 22}, "end": {"line": line, "character": 28}})
        # An id prd.json does not have, or a word that is no id: no story hover (the heading's own hover says what
        # the entry is read as: its date, its story, whether it is the newest).
        other = self.c.call("textDocument/hover", {"textDocument": {"uri": self.uri},
                                                   "position": {"line": line, "character": 3}})
        self.assertTrue(other is None or "Password reset" not in other["contents"]["value"], other)

    def test_an_entry_for_a_story_prd_json_lacks(self):
        text = APPENDED + "\n## 2026-01-05 12:00 - US-009\n- Started the audit log\n---\n"
        self.start(text)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unknown-story"))
        [d] = by_code(diags, "unknown-story")
        line = text.splitlines().index("## 2026-01-05 12:00 - US-009")
        self.assertEqual(d["range"]["start"], {"line": line, "character": 22})
        self.assertEqual(d["range"]["end"], {"line": line, "character": 28})
        self.assertEqual(d["message"], "scripts/ralph/prd.json has no story US-009")

    def test_another_branch_checked_out(self):
        git(self.root, "checkout", "-q", "-b", "main")
        self.start(APPENDED)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "branch-mismatch"))
        [d] = by_code(diags, "branch-mismatch")
        self.assertEqual(d["message"], "scripts/ralph/prd.json is for the branch ralph/auth, but main is checked out")

    def test_codebase_patterns_below_an_entry(self):
        entry = APPENDED[APPENDED.index("## 2026-01-05 10:00"):]
        text = "# Ralph Progress Log\n\n" + entry + "\n## Codebase Patterns\n- zod\n"
        self.start(text)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "patterns-not-first"))
        [d] = by_code(diags, "patterns-not-first")
        self.assertEqual(d["range"]["start"]["line"], text.splitlines().index("## Codebase Patterns"))
        self.assertEqual(d["severity"], 3)

    def test_an_earlier_entry_rewritten_is_warned_on_its_line_with_heads_text(self):
        rewritten = APPENDED.replace("- Added the login form with email and password\n",
                                     "- Added the login form (email only)\n")
        rewritten = rewritten.replace("  - The auth client lives in src/lib/auth.ts\n", "")
        self.start(rewritten)
        diags = self.diagnostics_until(lambda ds: len(by_code(ds, "log-rewritten")) == 2)
        changed, removed = by_code(diags, "log-rewritten")
        lines = rewritten.splitlines()
        self.assertEqual(lines[changed["range"]["start"]["line"]], "- Added the login form (email only)")
        self.assertIn('HEAD has "- Added the login form with email and password"', changed["message"])
        self.assertEqual(changed["severity"], 2)
        self.assertEqual(lines[removed["range"]["start"]["line"]], "---")
        self.assertIn("1 committed line was removed here", removed["message"])
        self.assertIn("The auth client lives in src/lib/auth.ts", removed["message"])
        # Put back and appended to instead: the warnings go.
        self.c.change(self.uri, 2, [{"text": APPENDED}])
        diags = self.c.diagnostics(self.uri, version=2)["diagnostics"]
        self.assertEqual(by_code(diags, "log-rewritten"), [])

    def test_codebase_patterns_are_edited_in_place_without_a_warning(self):
        text = APPENDED.replace("- Run `pnpm typecheck` before committing\n",
                                "- Run `pnpm typecheck && pnpm test` before committing\n- Dates are UTC\n")
        self.start(text)
        diags = self.settled()
        self.assertEqual(by_code(diags, "log-rewritten"), [])
        self.assertTrue(by_code(diags, "story-without-evidence"), "the evidence is in")

    def test_append_only_can_be_turned_off(self):
        rewritten = APPENDED.replace("with email and password", "with email")
        self.start(rewritten, options={"workState": {"appendOnly": False, "stories": False}})
        diags = self.settled()
        for code in ("log-rewritten", "story-without-evidence"):
            self.assertEqual(by_code(diags, code), [], code)

    def test_an_invalid_prd_json_is_one_finding_and_no_story_check(self):
        write(self.root, "scripts/ralph/prd.json", '{"branchName": "ralph/auth", "userStories": [\n  {"id": "US-1"},\n')
        self.start(APPENDED)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "invalid-prd"))
        [d] = by_code(diags, "invalid-prd")
        self.assertIn("not valid JSON", d["message"])
        self.assertEqual(by_code(diags, "story-without-evidence"), [])
        # Mended on disk: the watched-file event reads it again.
        write(self.root, "scripts/ralph/prd.json", json.dumps(PRD))
        self.c.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": file_uri(os.path.join(self.root, "scripts/ralph/prd.json")), "type": 2}]})
        diags = self.diagnostics_until(lambda ds: not by_code(ds, "invalid-prd") and by_code(ds, "story-without-evidence"))

    def test_a_prd_json_linked_out_of_the_root_is_refused(self):
        outside = os.path.realpath(tempfile.mkdtemp(prefix="progress-dialect-outside-"))
        try:
            with open(os.path.join(outside, "prd.json"), "w") as f:
                json.dump(PRD, f)
            os.remove(os.path.join(self.root, "scripts/ralph/prd.json"))
            os.symlink(os.path.join(outside, "prd.json"), os.path.join(self.root, "scripts/ralph/prd.json"))
            self.start(APPENDED)
            diags = self.diagnostics_until(lambda ds: by_code(ds, "invalid-prd"))
            self.assertIn("is a symbolic link (not followed)", by_code(diags, "invalid-prd")[0]["message"])
            self.assertEqual(by_code(diags, "story-without-evidence"), [])
        finally:
            shutil.rmtree(outside, ignore_errors=True)

    def test_a_huge_prd_json_is_refused(self):
        write(self.root, "scripts/ralph/prd.json", " " * (16 << 20) + "{}")
        self.start(APPENDED)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "invalid-prd"))
        self.assertIn("larger than 16 MiB", by_code(diags, "invalid-prd")[0]["message"])


MARKDOWN_LOG = """# Claude Progress Log

## Session 1 — 2026-11-28
- Set up the project skeleton (commit: {first})
- Status: 1/4 features passing

## Session 2 — 2026-11-30
### Completed
- Cart totals (commit: {second})
- Checkout page (commit: pending)
- Coupons (commit: deadbee)

### Status
Status: 3/4 features passing

### Next Steps
- None: all features passing
"""

FEATURES = [{"category": "functional", "description": d, "steps": [], "passes": p}
            for d, p in (("skeleton", True), ("cart", True), ("checkout", False), ("coupons", False))]


class MarkdownLog(EvidenceTest):
    """claude-progress.txt beside feature_list.json, as Anthropic's long-running harness keeps them."""
    rel = "claude-progress.txt"

    def setUp(self):
        super().setUp()
        git(self.root, "init", "-q")
        self.first = commit(self.root, "Skeleton", {"src/app.py": "app\n", "feature_list.json": json.dumps(FEATURES)},
                            NOW - 30 * HOUR)
        self.second = commit(self.root, "Cart totals", {"src/cart.py": "cart\n"}, NOW - 20 * HOUR)
        self.text = MARKDOWN_LOG.format(first=self.first[:7], second=self.second[:9])
        commit(self.root, "Update the log", {self.rel: self.text}, NOW - 10 * HOUR)
        commit(self.root, "Checkout page", {"src/checkout.py": "checkout\n"}, NOW - 2 * HOUR)

    def test_counts_claims_commits_and_staleness(self):
        self.start(self.text)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "stale-progress") and by_code(ds, "unknown-commit"))
        lines = self.text.splitlines()
        # The newest entry's count, not Session 1's (true on its day).
        [count] = by_code(diags, "feature-count-mismatch")
        self.assertEqual(lines[count["range"]["start"]["line"]], "Status: 3/4 features passing")
        self.assertIn("feature_list.json has 2 of 4 passing", count["message"])
        [claim] = by_code(diags, "claims-complete")
        self.assertEqual(lines[claim["range"]["start"]["line"]], "- None: all features passing")
        [unknown] = by_code(diags, "unknown-commit")
        self.assertEqual(lines[unknown["range"]["start"]["line"]], "- Coupons (commit: deadbee)")
        [pending] = by_code(diags, "pending-commit")
        self.assertEqual(lines[pending["range"]["start"]["line"]], "- Checkout page (commit: pending)")
        [stale] = by_code(diags, "stale-progress")
        self.assertIn("1 commit since", stale["message"])
        [unlisted] = by_code(diags, "unlisted-changes")
        self.assertIn("src/checkout.py", unlisted["message"])
        for code in ("story-without-evidence", "log-rewritten", "invalid-prd"):
            self.assertEqual(by_code(diags, code), [], code)


if __name__ == "__main__":
    main()
