"""test_workstate.py — the file against git and feature_list.json, through the real binary, in temporary git
repositories the tests make (git is called with argument lists, never through a shell): unlisted and unchanged
files, commit references, staleness, feature counts and completion claims, inlay hints and code lenses by range
and label, "Finish the task" applied and re-diagnosed, and the bad cases (no git, no repository, an empty one, a
file never committed, a detached HEAD, a shallow clone, a git that hangs, 100,000 changed files)."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

from gitrepo import commit, git, write
from lspclient import (SESSION_STATE, LspClient, Timeout, answer_server_requests, apply_edits, diagnostics_until,
                       file_uri, initialize_workspace, main, rng)

DAY = 86400
NOW = int(time.time())
TOKEN_WHEN = NOW - 3 * DAY - 3600

PROGRESS_P = """=== Session State ===
Last completed: Login form
Next task: Token service
Blockers: None
Current phase: 1 of 4
Complexity level: Medium

=== Files Modified ===
src/login.py

=== Files To Modify ===
src/token.py (create)
"""

PROGRESS_B = SESSION_STATE + """
=== Files Modified ===
src/token.py
src/login.py
src/gone.py

=== Files To Modify ===
- [x] src/session.py (create)
- src/api.py

=== Notes ===
Token code landed (commit: {token}); session work is commit: pending.
"""


def by_code(diags, code):
    return [d for d in diags if d.get("code") == code]


class Repo:
    """A repository with the history the tests need:
    P: progress.txt (first version) + src/login.py, src/stale.py
    src/token.py
    B: progress.txt (second version)
    then src/new.py committed after B, src/login.py edited, src/untracked.py untracked."""

    def __init__(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-workstate-"))
        git(self.root, "init", "-q")
        self.p = commit(self.root, "Start the login form",
                        {"progress.txt": PROGRESS_P, "src/login.py": "login\n", "src/stale.py": "stale\n"},
                        NOW - 4 * DAY)
        self.token = commit(self.root, "Add the token service with expiry", {"src/token.py": "token\n"},
                            TOKEN_WHEN)
        self.text = PROGRESS_B.format(token=self.token[:7])
        # B, not quite three days ago: "2 days ago" however long the test takes.
        self.b = commit(self.root, "Update progress", {"progress.txt": self.text}, NOW - 3 * DAY + 600)
        self.after = commit(self.root, "Add new module", {"src/new.py": "new\n"}, NOW - 5 * 3600)
        write(self.root, "src/login.py", "login, edited\n")
        write(self.root, "src/untracked.py", "untracked\n")
        self.uri = file_uri(os.path.join(self.root, "progress.txt"))

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


class WorkStateTest(unittest.TestCase):
    options = None

    def start(self, root, text=None, options=None, env=None, caps=None):
        # The log at info level has one line per git refresh: how the tests know the evidence is in.
        self.log = os.path.join(self.tmpdir(), "server.log")
        self.c = LspClient(args=("--log-file", self.log, "--log-level", "info"), env=env)
        initialize_workspace(self.c, [root], options=options if options is not None else self.options, caps=caps)
        self.uri = file_uri(os.path.join(root, "progress.txt"))
        if text is None:
            with open(os.path.join(root, "progress.txt")) as f:
                text = f.read()
        self.text = text
        self.c.open(self.uri, text)
        return self.c

    def tearDown(self):
        if getattr(self, "c", None):
            self.c.kill()
        if getattr(self, "repo", None):
            self.repo.remove()
        for d in getattr(self, "dirs", []):
            shutil.rmtree(d, ignore_errors=True)

    def tmpdir(self):
        d = os.path.realpath(tempfile.mkdtemp(prefix="progress-workstate-"))
        self.dirs = getattr(self, "dirs", []) + [d]
        return d

    def diagnostics_until(self, pred, timeout=15):
        """The document's diagnostics once `pred(diags)` holds (git runs in the background)."""
        return diagnostics_until(self.c, self.uri, pred, timeout)

    def refresh_lines(self, count, timeout=30):
        """The first `count` "git refresh" lines of the server's log, waiting for them."""
        deadline = time.monotonic() + timeout
        while True:
            with open(self.log) as f:
                lines = [line for line in f if "git refresh " in line]
            if len(lines) >= count:
                return lines[:count]
            if time.monotonic() > deadline:
                self.fail("the log has %d refresh lines, not %d: %r" % (len(lines), count, lines))
            answer_server_requests(self.c)
            self.c.drain(0.05)

    def evidence_in(self):
        """The document's latest diagnostics once the first git refresh has ended: its log line is written before
        the diagnostics it causes are sent, and a request answered after them means they have all arrived."""
        self.refresh_lines(1)
        self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": self.uri}})
        answer_server_requests(self.c)
        got = None
        while True:
            try:
                got = self.c.diagnostics(self.uri, timeout=0)["diagnostics"]
            except Timeout:
                return got or []

    def commit_the_update(self):
        """The progress file of a Repo is updated and committed with everything, then saved: the staleness and
        the unlisted files go away once git is asked again."""
        text = self.text.replace("src/gone.py\n", "src/new.py\nsrc/untracked.py\n")
        self.c.change(self.uri, 2, [{"text": text}])
        write(self.repo.root, "progress.txt", text)
        git(self.repo.root, "add", "-A")
        git(self.repo.root, "commit", "-q", "-m", "Update progress again", when=NOW)
        self.c.notify("textDocument/didSave", {"textDocument": {"uri": self.uri}})
        diags = self.diagnostics_until(lambda ds: not by_code(ds, "stale-progress"))
        self.assertEqual(by_code(diags, "unlisted-changes"), [])

    def settle(self):
        """Waits until the evidence is in: the staleness or no-evidence state no longer changes."""
        self.c.drain(0.5)
        answer_server_requests(self.c)


class ChangedFiles(WorkStateTest):

    def setUp(self):
        self.repo = Repo()

    def test_unlisted_unchanged_missing_and_stale(self):
        self.start(self.repo.root)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unlisted-changes"))
        unlisted = by_code(diags, "unlisted-changes")
        self.assertEqual(len(unlisted), 1)
        u = unlisted[0]
        # At the Files Modified header, naming the files changed since B that are listed nowhere.
        self.assertEqual(u["range"]["start"]["line"], 7)
        self.assertIn("src/new.py", u["message"])
        self.assertIn("src/untracked.py", u["message"])
        self.assertNotIn("progress.txt", u["message"])
        self.assertNotIn("src/token.py", u["message"])  # committed before B
        self.assertNotIn("src/login.py,", u["message"] + ",")  # changed, but listed
        related = sorted(r["location"]["uri"] for r in u["relatedInformation"])
        self.assertEqual(related, [file_uri(os.path.join(self.repo.root, "src/new.py")),
                                   file_uri(os.path.join(self.repo.root, "src/untracked.py"))])
        self.assertEqual(u["severity"], 4)
        # Files Modified paths: src/token.py and src/login.py changed since P; src/gone.py does not exist.
        unchanged = {self.text.splitlines()[d["range"]["start"]["line"]]: d["message"]
                     for d in by_code(diags, "unchanged-file")}
        self.assertEqual(list(unchanged), ["src/gone.py"])
        self.assertIn("does not exist", unchanged["src/gone.py"])
        stale = by_code(diags, "stale-progress")
        self.assertEqual(len(stale), 1)
        self.assertEqual(stale[0]["range"]["start"]["line"], 0)
        self.assertIn("1 commit since", stale[0]["message"])
        self.assertIn("5 hours ago", stale[0]["message"])

    def test_unchanged_in_this_session(self):
        text = self.repo.text.replace("src/gone.py", "src/stale.py")
        self.start(self.repo.root, text)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unchanged-file"))
        [d] = by_code(diags, "unchanged-file")
        self.assertEqual(d["range"], rng(10, 0, 10, 12))
        self.assertIn("has not changed in this session", d["message"])

    def test_add_the_changed_files_then_rediagnosed(self):
        self.start(self.repo.root)
        self.diagnostics_until(lambda ds: by_code(ds, "unlisted-changes"))
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(7, 0, 7, 0),
                                                          "context": {"diagnostics": []}})
        add = [a for a in actions if a["title"].startswith("Add the")]
        self.assertEqual([a["title"] for a in add], ["Add the 2 changed files to Files Modified"])
        new = apply_edits(self.text, add[0]["edit"]["changes"][self.uri])
        self.assertIn("src/gone.py\nsrc/new.py\nsrc/untracked.py\n\n=== Files To Modify ===", new)
        self.c.change(self.uri, 2, [{"text": new}])
        diags = self.c.diagnostics(self.uri, version=2)["diagnostics"]
        self.assertEqual(by_code(diags, "unlisted-changes"), [])

    def test_a_commit_refreshes_in_the_background(self):
        self.start(self.repo.root)
        self.diagnostics_until(lambda ds: by_code(ds, "stale-progress"))
        self.commit_the_update()

    def test_completion_ranks_changed_files_first(self):
        self.start(self.repo.root)
        self.diagnostics_until(lambda ds: by_code(ds, "unlisted-changes"))
        # A new Files Modified line: "src/" typed.
        self.c.change(self.uri, 2, [{"range": rng(11, 0, 11, 0), "text": "src/\n"}])
        result = self.c.call("textDocument/completion", {"textDocument": {"uri": self.uri},
                                                          "position": {"line": 11, "character": 4}})
        items = result["items"] if isinstance(result, dict) else result
        labels = [i["label"] for i in items]
        # Changed since the last update and listed nowhere first; then the rest; listed paths last.
        self.assertEqual(sorted(labels[:2]), ["src/new.py", "src/untracked.py"])
        self.assertIn("src/stale.py", labels[2:])
        self.assertLess(labels.index("src/stale.py"), labels.index("src/token.py"))

    def test_switches_turn_each_part_off(self):
        self.start(self.repo.root, options={"workState": {"changedFiles": False, "staleness": False}})
        diags = self.diagnostics_until(lambda ds: by_code(ds, "pending-commit"))
        self.assertEqual(by_code(diags, "unlisted-changes"), [])
        self.assertEqual(by_code(diags, "unchanged-file"), [])
        self.assertEqual(by_code(diags, "stale-progress"), [])

    def test_severity_setting_applies(self):
        self.start(self.repo.root, options={"severity": {"stale-progress": "error"}})
        diags = self.diagnostics_until(lambda ds: by_code(ds, "stale-progress"))
        self.assertEqual(by_code(diags, "stale-progress")[0]["severity"], 1)


class Commits(WorkStateTest):

    def setUp(self):
        self.repo = Repo()

    def test_known_unknown_pending_and_invalid(self):
        text = self.repo.text + "Also (commit: deadbeefcafe) and commit: abc12 here.\n"
        self.start(self.repo.root, text)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unknown-commit") and by_code(ds, "stale-progress"))
        lines = text.splitlines()
        unknown = sorted(lines[d["range"]["start"]["line"]][d["range"]["start"]["character"]:
                               d["range"]["end"]["character"]] for d in by_code(diags, "unknown-commit"))
        self.assertEqual(unknown, ["abc12", "deadbeefcafe"])
        pending = by_code(diags, "pending-commit")
        self.assertEqual(len(pending), 1)
        self.assertEqual(pending[0]["severity"], 4)
        self.assertIn("pending", pending[0]["message"])

    def test_hover_shows_subject_author_date(self):
        self.start(self.repo.root)
        self.diagnostics_until(lambda ds: by_code(ds, "stale-progress"))
        line = self.text.splitlines().index(next(l for l in self.text.splitlines() if "(commit:" in l))
        col = self.text.splitlines()[line].index(self.repo.token[:7]) + 2
        hover = self.c.call("textDocument/hover", {"textDocument": {"uri": self.uri},
                                                   "position": {"line": line, "character": col}})
        value = hover["contents"]["value"]
        self.assertIn("Add the token service with expiry", value)
        self.assertIn("Ada Tester", value)
        self.assertIn(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(TOKEN_WHEN)), value)
        start = self.text.splitlines()[line].index(self.repo.token[:7])
        self.assertEqual(hover["range"], rng(line, start, line, start + 7))

    def test_a_hash_typed_later_is_looked_up(self):
        self.start(self.repo.root)
        self.diagnostics_until(lambda ds: by_code(ds, "stale-progress"))
        lines = self.text.splitlines()
        n = len(lines)
        self.c.change(self.uri, 2, [{"range": rng(n, 0, n, 0), "text": "Fix: commit: %s\n" % self.repo.after[:10]}])
        self.c.change(self.uri, 3, [{"range": rng(n + 1, 0, n + 1, 0), "text": "Bad: commit: 0123456789ab\n"}])
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unknown-commit"))
        self.assertEqual([d["range"]["start"]["line"] for d in by_code(diags, "unknown-commit")], [n + 1])


class ScreenHints(WorkStateTest):

    def setUp(self):
        self.repo = Repo()

    def test_inlay_hints_by_position_and_label(self):
        self.start(self.repo.root)
        self.diagnostics_until(lambda ds: by_code(ds, "stale-progress"))
        hints = self.c.call("textDocument/inlayHint", {"textDocument": {"uri": self.uri}, "range": rng(0, 0, 30, 0)})
        got = {(h["position"]["line"], h["position"]["character"]): h["label"] for h in hints}
        lines = self.text.splitlines()
        notes = next(i for i, l in enumerate(lines) if "(commit:" in l)
        ref_end = lines[notes].index(self.repo.token[:7]) + 7
        self.assertEqual(got, {
            (1, len(lines[1])): "2 days ago",
            (4, len(lines[4])): "50%",
            (7, len("=== Files Modified ===")): "0 open \u00b7 3 done",
            (12, len("=== Files To Modify ===")): "1 open \u00b7 1 done",
            (notes, ref_end): "Add the token service with expiry",
        })
        # Only the asked lines.
        part = self.c.call("textDocument/inlayHint", {"textDocument": {"uri": self.uri}, "range": rng(3, 0, 5, 0)})
        self.assertEqual([h["label"] for h in part], ["50%"])

    def test_code_lens_and_its_twin_action(self):
        self.start(self.repo.root, caps={**__import__("lspclient").WORKSPACE_CAPS,
                                         "workspace": {"applyEdit": True, "configuration": True,
                                                       "didChangeWatchedFiles": {"dynamicRegistration": True}}})
        lenses = self.c.call("textDocument/codeLens", {"textDocument": {"uri": self.uri}})
        self.assertEqual(len(lenses), 1)
        lens = lenses[0]
        self.assertEqual(lens["range"], rng(12, 0, 12, 23))
        self.assertEqual(lens["command"]["title"], "1 to do \u00b7 move the done ones")
        self.assertEqual(lens["command"]["command"], "progress-ls.applyAction")
        # The lens's command asks the editor to apply the edit; the same edit is a code action (Helix has no lenses).
        self.c.call("workspace/executeCommand", {"command": lens["command"]["command"],
                                                 "arguments": lens["command"]["arguments"]})
        req = self.c.take(lambda m: m.get("method") == "workspace/applyEdit")
        self.c.send({"jsonrpc": "2.0", "id": req["id"], "result": {"applied": True}})
        # At the header the lens stands on; on the done item itself the same move is offered once, as its quick fix.
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(12, 0, 12, 0),
                                                          "context": {"diagnostics": []}})
        twin = [a for a in actions if a["title"] == "Move the 1 done file to Files Modified"]
        self.assertEqual(len(twin), 1)
        self.assertEqual(twin[0]["edit"], req["params"]["edit"])
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(13, 0, 13, 0),
                                                          "context": {"diagnostics": []}})
        self.assertEqual([a["title"] for a in actions if a["edit"] == req["params"]["edit"]], ["Move it to Files Modified"])
        new = apply_edits(self.text, req["params"]["edit"]["changes"][self.uri])
        self.assertIn("src/gone.py\n[x] src/session.py\n", new)  # the done mark moves with the item
        self.assertNotIn("session.py (create)", new.split("=== Files To Modify ===")[1])
        # A stale version is refused rather than applied to the wrong text.
        self.c.change(self.uri, 5, [{"text": new}])
        err = self.c.response(self.c.request("workspace/executeCommand", {"command": lens["command"]["command"],
                                                                          "arguments": lens["command"]["arguments"]}))
        self.assertEqual(err["error"]["code"], -32801)

    def test_switched_off(self):
        self.start(self.repo.root, options={"workState": {"inlayHints": False, "codeLens": False}})
        self.assertEqual(self.c.call("textDocument/inlayHint", {"textDocument": {"uri": self.uri},
                                                                "range": rng(0, 0, 30, 0)}), [])
        self.assertEqual(self.c.call("textDocument/codeLens", {"textDocument": {"uri": self.uri}}), [])


FINISH = """=== Session State ===
Last completed: Token service
Next task: Session store
Blockers: None
Current phase: 3 of 4 (Sessions)
Complexity level: Medium

=== Files Modified ===
src/token.py

=== Files To Modify ===
- [x] src/session.py (create)
- src/api.py
- [x] tests/test_session.py (tests)
"""


class FinishTheTask(WorkStateTest):

    def test_finish_applied_and_rediagnosed(self):
        root = self.tmpdir()
        self.start(root, FINISH)
        first = self.c.diagnostics(self.uri)["diagnostics"]
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(1, 0, 1, 0),
                                                          "context": {"diagnostics": []}})
        [finish] = [a for a in actions if a["title"] == "Finish the task"]
        new = apply_edits(FINISH, finish["edit"]["changes"][self.uri])
        self.assertEqual(new, """=== Session State ===
Last completed: Session store
Next task:
Blockers: None
Current phase: 4 of 4
Complexity level: Medium

=== Files Modified ===
src/token.py
[x] src/session.py
[x] tests/test_session.py

=== Files To Modify ===
- src/api.py
""")
        self.c.change(self.uri, 2, [{"text": new}])
        after = self.c.diagnostics(self.uri, version=2)["diagnostics"]
        # The done items no longer sit in Files To Modify; the only new finding is the Next task left to fill in.
        self.assertEqual([d["code"] for d in first].count("done-in-to-modify"), 2)
        self.assertEqual(sorted(d["code"] for d in after),
                         sorted([d["code"] for d in first if d["code"] != "done-in-to-modify"] + ["empty-field"]))
        # At the last phase, finishing again never goes beyond Y; the selected item moves.
        self.c.change(self.uri, 3, [{"range": rng(2, 10, 2, 10), "text": " Wire the API"}])
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri},
                                                          "range": rng(13, 0, 13, 3), "context": {"diagnostics": []}})
        [finish] = [a for a in actions if a["title"] == "Finish the task"]
        text = apply_edits(new.replace("Next task:", "Next task: Wire the API"), finish["edit"]["changes"][self.uri])
        self.assertIn("Current phase: 4 of 4\n", text)
        self.assertIn("Last completed: Wire the API", text)
        self.assertIn("=== Files To Modify ===\nNone", text)

    def test_not_offered_without_a_next_task(self):
        root = self.tmpdir()
        self.start(root, FINISH.replace("Next task: Session store", "Next task: None"))
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(1, 0, 1, 0),
                                                          "context": {"diagnostics": []}})
        self.assertNotIn("Finish the task", [a["title"] for a in actions])


FEATURES = [{"category": "functional", "description": "login works", "steps": ["open"], "passes": True},
            {"category": "functional", "description": "logout works", "steps": ["click"], "passes": True},
            {"category": "functional", "description": "sessions expire", "steps": ["wait"], "passes": False}]

CLAIMS = """=== Session State ===
Last completed: Logout
Next task: None
Blockers: None
Current phase: 4 of 4
Complexity level: Small

=== Notes ===
Status: 2/3 features passing
Earlier: 3 of 3 tests passing
"""


class FeatureList(WorkStateTest):

    def run_with(self, features_text, text=CLAIMS):
        root = self.tmpdir()
        if features_text is not None:
            write(root, "feature_list.json", features_text)
        self.start(root, text)
        self.root = root
        return root

    def test_counts_and_completion_claim(self):
        self.run_with(json.dumps(FEATURES, indent=2))
        diags = self.diagnostics_until(lambda ds: by_code(ds, "claims-complete"))
        # "2/3 features passing" agrees with the JSON; "3 of 3 tests passing" does not.
        [count] = by_code(diags, "feature-count-mismatch")
        self.assertEqual(count["range"], rng(9, 9, 9, 29))
        self.assertEqual(count["message"], "The file says 3 of 3 pass; feature_list.json has 2 of 3 passing")
        self.assertEqual(count["relatedInformation"][0]["location"]["uri"],
                         file_uri(os.path.join(self.root, "feature_list.json")))
        [claim] = by_code(diags, "claims-complete")
        self.assertEqual(claim["range"], rng(2, 11, 2, 15))
        self.assertIn("1 of 3 features", claim["message"])

    def test_all_passing_is_quiet(self):
        features = [dict(f, passes=True) for f in FEATURES]
        self.run_with(json.dumps(features), CLAIMS.replace("2/3 features passing", "3/3 features passing"))
        self.settle()
        answer_server_requests(self.c)
        diags = self.c.call("textDocument/diagnostic", {"textDocument": {"uri": self.uri}}) \
            if False else self.last_diagnostics()
        self.assertEqual(by_code(diags, "feature-count-mismatch"), [])
        self.assertEqual(by_code(diags, "claims-complete"), [])

    def last_diagnostics(self):
        got = None
        while True:
            try:
                got = self.c.diagnostics(self.uri, timeout=0.5)["diagnostics"]
            except Timeout:
                return got

    def test_malformed_json_is_one_clear_diagnostic(self):
        self.run_with('[{"passes": true},\n {"passes": fals}]')
        diags = self.diagnostics_until(lambda ds: by_code(ds, "invalid-feature-list"))
        [d] = by_code(diags, "invalid-feature-list")
        self.assertIn("feature_list.json cannot be checked: not valid JSON", d["message"])
        self.assertIn("(line 2)", d["message"])
        self.assertEqual(d["relatedInformation"][0]["location"]["range"]["start"]["line"], 1)
        self.assertEqual(by_code(diags, "claims-complete"), [])

    def test_entry_without_passes(self):
        self.run_with(json.dumps([{"passes": True}, {"description": "x"}]))
        diags = self.diagnostics_until(lambda ds: by_code(ds, "invalid-feature-list"))
        self.assertIn("entry 2 has no true or false \"passes\"", by_code(diags, "invalid-feature-list")[0]["message"])

    def test_a_changed_feature_list_is_read_again(self):
        root = self.run_with(json.dumps(FEATURES))
        self.diagnostics_until(lambda ds: by_code(ds, "claims-complete"))
        write(root, "feature_list.json", json.dumps([dict(f, passes=True) for f in FEATURES]))
        self.c.notify("workspace/didChangeWatchedFiles",
                      {"changes": [{"uri": file_uri(os.path.join(root, "feature_list.json")), "type": 2}]})
        diags = self.diagnostics_until(lambda ds: not by_code(ds, "claims-complete"))
        [count] = by_code(diags, "feature-count-mismatch")  # 2/3 in the text, 3 of 3 now
        self.assertIn("3 of 3 passing", count["message"])

    def test_no_feature_list_no_noise(self):
        self.run_with(None)
        self.settle()
        diags = self.last_diagnostics() or []
        self.assertEqual([d for d in diags if d["code"] in ("feature-count-mismatch", "claims-complete",
                                                            "invalid-feature-list")], [])


EVIDENCE_CODES = ("unlisted-changes", "unchanged-file", "unknown-commit", "pending-commit", "stale-progress")


def fake_git(directory, body):
    """An executable named git (a Python script, run without a shell) in `directory`."""
    path = os.path.join(directory, "git")
    with open(path, "w") as f:
        f.write("#!%s\n%s" % (sys.executable, body))
    os.chmod(path, 0o755)


class Quiet(WorkStateTest):
    """No evidence, no noise: a folder that is not a repository, an empty one, a file never committed, no git."""

    def quiet(self, root, text, env=None):
        self.start(root, text, env=env)
        return [d for d in self.evidence_in() if d["code"] in EVIDENCE_CODES]

    def test_not_a_repository(self):
        self.assertEqual(self.quiet(self.tmpdir(), PROGRESS_B.format(token="4f9c2e1")), [])

    def test_empty_repository(self):
        root = self.tmpdir()
        git(root, "init", "-q")
        write(root, "src/a.py", "a\n")
        # Only what the text itself says (a pending commit); nothing from the missing history.
        got = self.quiet(root, PROGRESS_B.format(token="4f9c2e1"))
        self.assertEqual([d["code"] for d in got], ["pending-commit"])

    def test_never_committed(self):
        root = self.tmpdir()
        git(root, "init", "-q")
        commit(root, "Code", {"src/a.py": "a\n"}, NOW - DAY)
        write(root, "progress.txt", PROGRESS_B.format(token="4f9c2e1"))
        # No baseline: nothing is unlisted, unchanged or stale; the commit reference is still checked.
        got = self.quiet(root, PROGRESS_B.format(token="4f9c2e1"))
        self.assertEqual(sorted(d["code"] for d in got), ["pending-commit", "unknown-commit"])

    def test_git_missing(self):
        bin_dir = self.tmpdir()
        repo = Repo()
        self.repo = repo
        env = dict(os.environ, PATH=bin_dir)  # no git on the PATH at all
        self.assertEqual(self.quiet(repo.root, repo.text, env=env), [])
        # The file index says once that it walks the folder instead; the work state says nothing.
        with open(self.log) as f:
            log = f.read()
        for word in ("rev-parse", "git log", "git status", "did not finish"):
            self.assertNotIn(word, self.c.stderr())
            self.assertNotIn(word, log)

    def test_detached_head(self):
        self.repo = Repo()
        git(self.repo.root, "checkout", "-q", "--detach", self.repo.b)
        self.start(self.repo.root)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unlisted-changes"))
        self.assertEqual(by_code(diags, "stale-progress"), [])  # HEAD is B: nothing after it
        self.assertEqual(by_code(diags, "unknown-commit"), [])

    def test_shallow_clone(self):
        self.repo = Repo()
        clone = os.path.join(self.tmpdir(), "clone")
        git(self.repo.root, "clone", "-q", "--depth", "1", "file://" + self.repo.root, clone)
        text = PROGRESS_B.format(token=self.repo.token[:7])
        self.start(clone, text)
        diags = self.evidence_in()
        # The token commit is outside the shallow history: not called unknown.
        self.assertEqual(by_code(diags, "unknown-commit"), [])


class TestHelpers:
    @staticmethod
    def last(t):
        got = None
        while True:
            try:
                got = t.c.diagnostics(t.uri, timeout=0.5)["diagnostics"]
            except Timeout:
                return got


    @staticmethod
    def assert_gone(t, pid_file):
        """Each process whose pid a fake git wrote to `pid_file` has ended (reaped, or a zombie holding nothing)."""
        with open(pid_file) as f:
            pids = [int(p) for p in f.read().split()]
        t.assertTrue(pids)
        for pid in pids:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    with open("/proc/%d/stat" % pid) as f:
                        if f.read().split(") ")[1].startswith("Z"):
                            break
                except FileNotFoundError:
                    break
                time.sleep(0.05)
            else:
                t.fail("git %d was not killed" % pid)


class BadInput(WorkStateTest):

    def test_git_that_hangs_is_killed(self):
        self.repo = Repo()
        bin_dir = self.tmpdir()
        pid_file = os.path.join(bin_dir, "pids")
        # Listing files works (the real git, after the repository's check); the work state's first command hangs.
        fake_git(bin_dir, "import os, sys, time\n"
                 "if '--show-prefix' in sys.argv:\n"
                 "    open(%r, 'a').write('%%d\\n' %% os.getpid())\n"
                 "    time.sleep(3600)\n"
                 "os.execv(%r, ['git'] + sys.argv[1:])\n" % (pid_file, shutil.which("git")))
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
        self.start(self.repo.root, options={"workState": {"gitTimeoutMs": 1500}}, env=env)
        log = self.c.notification("window/logMessage", timeout=15,
                                  match=lambda m: "did not finish within 1500 ms" in m["params"]["message"])
        self.assertIn("stopped it", log["params"]["message"])
        # Requests were answered all along, and the hung git is gone.
        self.assertIsInstance(self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": self.uri}}), list)
        TestHelpers.assert_gone(self, pid_file)
        diags = TestHelpers.last(self) or []
        self.assertEqual([d for d in diags if d["code"] in EVIDENCE_CODES], [])

    def test_100000_changed_files_capped_and_summarised(self):
        self.repo = Repo()
        many = os.path.join(self.repo.root, "gen")
        for d in range(100):
            os.makedirs(os.path.join(many, "d%02d" % d))
            for i in range(1000):
                open(os.path.join(many, "d%02d" % d, "f%04d.txt" % i), "w").close()
        self.start(self.repo.root)
        diags = self.diagnostics_until(lambda ds: by_code(ds, "unlisted-changes"), timeout=60)
        [u] = by_code(diags, "unlisted-changes")
        self.assertLess(len(u["message"]), 400)
        self.assertIn("more (too many to check one by one)", u["message"])
        self.assertLessEqual(len(u["relatedInformation"]), 20)
        # Still answering, and the add action is not offered for so many.
        actions = self.c.call("textDocument/codeAction", {"textDocument": {"uri": self.uri}, "range": rng(7, 0, 7, 0),
                                                          "context": {"diagnostics": []}})
        self.assertFalse([a for a in actions if a["title"].startswith("Add the")])


class Refreshing(WorkStateTest):
    """How often git runs: requests made while a refresh runs fold into one more; a refresh that finds HEAD
    where the last one did runs `git status` alone; evidence that did not change is not sent again. Observed
    through a git that records its calls and the server's log (one info line per refresh)."""

    def setUp(self):
        self.repo = Repo()
        self.bin_dir = self.tmpdir()
        self.calls = os.path.join(self.bin_dir, "calls")
        self.gate = os.path.join(self.bin_dir, "gate")
        self.pids = os.path.join(self.bin_dir, "pids")
        # The real git, but `git status` waits while the gate file exists: a refresh held open for as long as
        # the test needs, with no timing involved.
        self.argvs = os.path.join(self.bin_dir, "argvs")
        fake_git(self.bin_dir, "import json, os, sys, time\n"
                 "open(%r, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
                 "if 'status' in sys.argv:\n"
                 "    open(%r, 'a').write('%%d\\n' %% os.getpid())\n"
                 "    open(%r, 'a').write('status\\n')\n"
                 "    while os.path.exists(%r):\n"
                 "        time.sleep(0.02)\n"
                 "os.execv(%r, ['git'] + sys.argv[1:])\n" % (self.argvs, self.pids, self.calls, self.gate,
                                                            shutil.which("git")))
        self.env = dict(os.environ, PATH=self.bin_dir + os.pathsep + os.environ.get("PATH", ""))

    def status_calls(self):
        try:
            with open(self.calls) as f:
                return f.read().split()
        except FileNotFoundError:
            return []

    def start_held(self):
        """A server whose first refresh is held in `git status` (the gate is up) when this returns."""
        open(self.gate, "w").close()
        self.start(self.repo.root, env=self.env)
        deadline = time.monotonic() + 15
        while not self.status_calls():
            self.assertLess(time.monotonic(), deadline, "the first refresh never reached git status")
            self.c.drain(0.05)

    def test_saves_during_a_refresh_fold_into_one(self):
        self.start_held()
        # Ten saves while the first refresh is held in `git status`, then let it go.
        for _ in range(10):
            self.c.notify("textDocument/didSave", {"textDocument": {"uri": self.uri}})
        self.assertIsInstance(self.c.call("textDocument/documentSymbol", {"textDocument": {"uri": self.uri}}), list)
        os.remove(self.gate)
        first, second = self.refresh_lines(2)
        self.assertIn("refresh 1 ", first)
        self.assertIn("(asked 1 times)", first)
        self.assertIn("evidence changed; next: queued", first)
        # One more for all ten; HEAD has not moved, so it is `git status` alone (the commit references found
        # last time stand too), and it finds what the first found.
        self.assertIn("refresh 2 ", second)
        self.assertIn("(asked 10 times): 1 git commands", second)
        self.assertIn("evidence unchanged; next: none", second)
        self.assertEqual(self.status_calls(), ["status", "status"])

    def test_exit_while_git_runs_stops_it(self):
        # Git is spawned from a thread of the server's own: ending the session while `git status` is held stops
        # that git, hears the thread out and still exits cleanly (valgrind and the sanitizer build check the rest).
        self.start_held()
        self.assertEqual(self.c.shutdown_and_exit(), 0)
        TestHelpers.assert_gone(self, self.pids)

    def test_git_in_the_background_runs_no_program_and_keeps_to_one_core(self):
        self.start(self.repo.root, env=self.env)
        self.diagnostics_until(lambda ds: by_code(ds, "stale-progress"))
        self.refresh_lines(1)
        with open(self.argvs) as f:
            argvs = [json.loads(line) for line in f]
        self.assertTrue([argv for argv in argvs if "status" in argv])
        for argv in argvs:
            # Never a program from the repository's config (an fsmonitor hook), never the user's index lock.
            self.assertIn("core.fsmonitor=false", argv)
            self.assertIn("--no-optional-locks", argv)
            # The work state's git (not the index listing, which someone waits for, nor the repository's check
            # before it) refreshes no index on threads.
            if "ls-files" not in argv and "--show-toplevel" not in argv and "config" not in argv:
                self.assertIn("core.preloadIndex=false", argv)

    def test_a_commit_reads_the_history_again(self):
        self.start(self.repo.root, env=self.env)
        self.diagnostics_until(lambda ds: by_code(ds, "stale-progress"))
        [first] = self.refresh_lines(1)
        self.assertNotIn(": 1 git commands", first)  # rev-parse, the history, status, the references
        self.commit_the_update()
        # HEAD moved: the refresh that saw it began with status, then read the history from rev-parse on.
        lines = self.refresh_lines(2)
        changed = [line for line in lines[1:] if "evidence changed" in line]
        self.assertTrue(changed, lines)
        self.assertNotIn(": 1 git commands", changed[0])
        self.assertEqual(self.status_calls().count("status"), len(self.refresh_lines(len(lines))))


class CheckCommand(unittest.TestCase):
    """`progress-ls check --git` and the stop hook's "code changed since the progress file was last updated"."""

    def setUp(self):
        self.repo = Repo()

    def tearDown(self):
        self.repo.remove()

    def run_ls(self, *args, stdin=None, env=None):
        return subprocess.run([os.environ["PROGRESS_LS"], *args], cwd=self.repo.root, input=stdin, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)

    def test_check_git_reports_staleness(self):
        out = self.run_ls("check", "--git", "progress.txt").stdout.decode()
        self.assertIn("progress.txt:1:1: info: 1 commit since this file was last committed (the first 5 hours ago)"
                      ": update it [stale-progress]", out)
        self.assertIn("[unlisted-changes]", out)
        plain = self.run_ls("check", "progress.txt").stdout.decode()
        self.assertNotIn("stale-progress", plain)
        err = self.run_ls("check", "--git", "--severity", "stale-progress=error", "progress.txt")
        self.assertEqual(err.returncode, 1)

    def test_stop_hook_blocks_until_the_file_is_updated(self):
        env = dict(os.environ, CLAUDE_PROJECT_DIR=self.repo.root)
        payload = json.dumps({"hook_event_name": "Stop", "cwd": self.repo.root, "stop_hook_active": False}).encode()
        r = self.run_ls("hook", "claude", "--stop", stdin=payload, env=env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("progress.txt: 3 files (src/login.py, src/new.py, src/untracked.py) changed since its last "
                      "commit (committed after it, or not yet), and it was not updated", r.stderr.decode())
        # An edit that leaves Session State as it was does not satisfy it (tests/check/test_hook.py has the rest).
        text = self.repo.text.replace("src/gone.py", "src/new.py")
        write(self.repo.root, "progress.txt", text)
        r = self.run_ls("hook", "claude", "--stop", stdin=payload, env=env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("its Session State says nothing new", r.stderr.decode())
        # The agent records the session: the stop goes through.
        write(self.repo.root, "progress.txt", text.replace("Last completed: ", "Last completed: The new module; "))
        r = self.run_ls("hook", "claude", "--stop", stdin=payload, env=env)
        self.assertEqual(r.returncode, 0, r.stderr.decode())


if __name__ == "__main__":
    main()
