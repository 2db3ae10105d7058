"""test_workspace_features.py — workspace/symbol and workspace/diagnostic over every progress file of the workspace,
open or not, through the real binary: names the core calls progress files only, the root boundary, resultId and
`unchanged` reports, files changed on disk, stale ids and bad params."""
import os
import shutil
import tempfile
import time
import unittest

from lspclient import LspClient, file_uri, initialize_workspace, main, utf16_offset

ROOT_FILE = """=== Session State ===
Next task: ship the tökén refresh
Blockers: None

=== Interfaces Defined ===
refresh_token(token: str) -> str
"""

API_FILE = """=== Session State ===
Next task: wire the rate limiter
Blockers: waiting on the gateway review
Complexity level: Gigantic

=== Interfaces Defined ===
RateLimiter.allow(key: str) -> bool
"""

MINE_FILE = """=== Notes ===
- nothing yet
"""

OUTSIDE_FILE = """=== Interfaces Defined ===
secret_outside(x: int) -> int
"""

NOT_PROGRESS = """=== Interfaces Defined ===
not_a_progress_file() -> None
"""


class WorkspaceFeatures(unittest.TestCase):

    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="progress-wsfeatures-"))
        self.outside = os.path.realpath(tempfile.mkdtemp(prefix="progress-wsoutside-"))
        self.files = {
            "progress.txt": ROOT_FILE,
            "services/api/claude-progress.txt": API_FILE,
            "sub/mine_progress.txt": MINE_FILE,
            "docs/notes.txt": NOT_PROGRESS,
            "docs/progress.txt.bak": NOT_PROGRESS,
        }
        for rel, text in self.files.items():
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        with open(os.path.join(self.outside, "progress.txt"), "w") as f:
            f.write(OUTSIDE_FILE)
        # Links that would lead outside the root: a linked folder and a linked file.
        os.symlink(self.outside, os.path.join(self.root, "escape"))
        os.symlink(os.path.join(self.outside, "progress.txt"), os.path.join(self.root, "linked-progress.txt"))
        self.c = LspClient()
        result = initialize_workspace(self.c, [self.root])
        caps = result["capabilities"]
        self.assertTrue(caps["workspaceSymbolProvider"])
        self.assertTrue(caps["diagnosticProvider"]["workspaceDiagnostics"])

    def tearDown(self):
        self.c.kill()
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.outside, ignore_errors=True)

    def uri(self, rel):
        return file_uri(os.path.join(self.root, rel))

    # ------------------------------------------------------------ workspace/symbol

    def test_symbols_come_from_every_progress_file_and_nothing_else(self):
        syms = self.c.call("workspace/symbol", {"query": ""})
        by_uri = {}
        for s in syms:
            by_uri.setdefault(s["location"]["uri"], []).append(s["name"])
        self.assertEqual(set(by_uri), {self.uri("progress.txt"), self.uri("services/api/claude-progress.txt"),
                                       self.uri("sub/mine_progress.txt")})
        self.assertEqual(sorted(by_uri[self.uri("progress.txt")]),
                         sorted(["Session State", "ship the tökén refresh", "Interfaces Defined", "refresh_token"]))
        self.assertIn("waiting on the gateway review", by_uri[self.uri("services/api/claude-progress.txt")])
        names = [s["name"] for s in syms]
        self.assertNotIn("secret_outside", names)       # behind a link out of the root
        self.assertNotIn("not_a_progress_file", names)  # not a progress-file name
        self.assertNotIn("None", names)                 # Blockers: None is not a blocker
        kinds = {s["name"]: (s["kind"], s.get("containerName")) for s in syms}
        self.assertEqual(kinds["refresh_token"], (11, "Interfaces Defined"))
        self.assertEqual(kinds["wire the rate limiter"], (24, "Next task"))
        self.assertEqual(kinds["waiting on the gateway review"], (8, "Blockers"))

    def test_symbol_ranges_are_in_utf16_for_files_not_open(self):
        [sym] = [s for s in self.c.call("workspace/symbol", {"query": "tökén refresh"})
                 if s["name"] == "ship the tökén refresh"]
        r = sym["location"]["range"]
        line = ROOT_FILE.split("\n")[r["start"]["line"]]
        self.assertEqual(line[utf16_offset(line, r["start"]["character"]):utf16_offset(line, r["end"]["character"])],
                         "ship the tökén refresh")
        self.assertEqual(r["end"]["character"], len("Next task: ship the tökén refresh"))

    def test_the_query_ranks_fuzzy_matches_first(self):
        syms = self.c.call("workspace/symbol", {"query": "ratelim"})
        self.assertEqual(syms[0]["name"], "RateLimiter.allow")
        self.assertTrue(all("session" not in s["name"].lower() for s in syms))
        self.assertEqual(self.c.call("workspace/symbol", {"query": "zzzzqqq"}), [])

    def test_an_open_document_is_read_from_the_editor_not_the_disk(self):
        uri = self.uri("progress.txt")
        self.c.open(uri, ROOT_FILE.replace("refresh_token", "rotate_token"))
        names = [s["name"] for s in self.c.call("workspace/symbol", {"query": ""})]
        self.assertIn("rotate_token", names)
        self.assertNotIn("refresh_token", names)
        self.assertEqual(names.count("rotate_token"), 1)

    def test_bad_query_is_invalid_params(self):
        for params in ({}, {"query": 3}, None):
            rid = self.c.request("workspace/symbol", params)
            self.assertEqual(self.c.response(rid)["error"]["code"], -32602, params)

    # ------------------------------------------------------------ workspace/diagnostic

    def reports(self, previous=()):
        result = self.c.call("workspace/diagnostic",
                             {"previousResultIds": [{"uri": u, "value": v} for u, v in previous]})
        return {r["uri"]: r for r in result["items"]}

    def test_every_progress_file_gets_a_full_report_then_unchanged(self):
        first = self.reports()
        self.assertEqual(set(first), {self.uri("progress.txt"), self.uri("services/api/claude-progress.txt"),
                                      self.uri("sub/mine_progress.txt")})
        api = first[self.uri("services/api/claude-progress.txt")]
        self.assertEqual(api["kind"], "full")
        self.assertIsNone(api["version"])
        self.assertIn("invalid-level", [d["code"] for d in api["items"]])
        second = self.reports([(u, r["resultId"]) for u, r in first.items()])
        for uri, r in second.items():
            self.assertEqual(r["kind"], "unchanged", uri)
            self.assertEqual(r["resultId"], first[uri]["resultId"])
            self.assertNotIn("items", r)

    def test_a_file_changed_on_disk_gets_a_new_full_report(self):
        first = self.reports()
        path = os.path.join(self.root, "services/api/claude-progress.txt")
        time.sleep(0.01)  # a different modification time even on coarse clocks
        with open(path, "w") as f:
            f.write(API_FILE.replace("Gigantic", "Large") + "\n")
        second = self.reports([(u, r["resultId"]) for u, r in first.items()])
        api = second[self.uri("services/api/claude-progress.txt")]
        self.assertEqual(api["kind"], "full")
        self.assertNotEqual(api["resultId"], first[self.uri("services/api/claude-progress.txt")]["resultId"])
        self.assertNotIn("invalid-level", [d["code"] for d in api["items"]])
        self.assertEqual(second[self.uri("progress.txt")]["kind"], "unchanged")

    def test_open_documents_report_their_version_and_follow_edits(self):
        uri = self.uri("sub/mine_progress.txt")
        self.c.open(uri, MINE_FILE, version=7)
        first = self.reports()[uri]
        self.assertEqual(first["version"], 7)
        self.c.change(uri, 8, [{"text": MINE_FILE + "=== Scratch ===\n"}])
        second = self.reports([(uri, first["resultId"])])[uri]
        self.assertEqual(second["kind"], "full")
        self.assertEqual(second["version"], 8)
        self.assertIn("unknown-section", [d["code"] for d in second["items"]])

    def test_stale_and_foreign_result_ids_get_full_reports(self):
        first = self.reports()
        uri = self.uri("progress.txt")
        stale = self.reports([(uri, "999999"), (uri + "x", first[uri]["resultId"]), ("not a uri", "1")])
        self.assertEqual(stale[uri]["kind"], "full")
        self.assertNotIn(uri + "x", stale)

    def test_changed_settings_change_every_result_id(self):
        first = self.reports()
        self.c.notify("workspace/didChangeConfiguration",
                      {"settings": {"progressLs": {"severity": {"invalid-level": "off"}}}})
        # The client pulls settings (workspace/configuration): answer with the new ones.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            self.c.drain(0.05)
            reqs = [m for m in self.c.messages if m.get("method") == "workspace/configuration"]
            if reqs:
                for m in reqs:
                    self.c.messages.remove(m)
                    self.c.send({"jsonrpc": "2.0", "id": m["id"], "result": [{"severity": {"invalid-level": "off"}}]})
                break
        second = self.reports([(u, r["resultId"]) for u, r in first.items()])
        api = second[self.uri("services/api/claude-progress.txt")]
        self.assertEqual(api["kind"], "full")
        self.assertNotIn("invalid-level", [d["code"] for d in api["items"]])

    def test_bad_previous_result_ids_are_invalid_params(self):
        rid = self.c.request("workspace/diagnostic", {"previousResultIds": {"uri": "x"}})
        self.assertEqual(self.c.response(rid)["error"]["code"], -32602)
        rid = self.c.request("workspace/diagnostic", None)
        self.assertEqual(self.c.response(rid)["error"]["code"], -32602)


if __name__ == "__main__":
    main()
