#!/usr/bin/env python3
"""test_mcp.py — `progress-ls mcp` driven over stdio as a client drives it: both protocol revisions (2026-07-28's
server/discover and per-request _meta, 2025-11-25's initialize), the five tools and their schemas, the writes (set a
field, add and move items, finish the task) keeping every other byte and the line endings, refusing a stale stamp and
an edit that adds an error, and bad input of every kind answered with an error while the server keeps serving.

Needs PROGRESS_LS and CORPUS_DIR (as ctest sets them).
"""
import json
import os
import subprocess

from mcpclient import BIN, LEGACY, MODERN, Project, clean_env, corpus_text, main

TOOLS = ["state", "check", "prime", "edit", "finish"]


class Modern(Project):
    def test_discover(self):
        s = self.server()
        r = s.request("server/discover")["result"]
        self.assertEqual(r["resultType"], "complete")
        self.assertEqual(r["supportedVersions"], [MODERN, LEGACY])
        self.assertEqual(r["capabilities"], {"tools": {}})
        self.assertEqual(r["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "progress-ls")
        self.assertGreater(r["ttlMs"], 0)
        self.assertEqual(r["cacheScope"], "public")
        self.assertLessEqual(len(r["instructions"].splitlines()), 5)

    def test_tools_list(self):
        r = self.server().request("tools/list")["result"]
        self.assertEqual([t["name"] for t in r["tools"]], TOOLS)
        self.assertEqual((r["resultType"], r["cacheScope"]), ("complete", "public"))
        for t in r["tools"]:
            self.assertEqual(t["inputSchema"]["type"], "object")
            self.assertEqual(t["outputSchema"]["type"], "object")
            self.assertFalse(t["inputSchema"]["additionalProperties"])
            self.assertEqual(t["annotations"]["readOnlyHint"], t["name"] in ("state", "check", "prime"))

    def test_state(self):
        s = self.server()
        r = s.call("state")["result"]
        self.assertEqual(r["resultType"], "complete")
        st = r["structuredContent"]
        self.assertEqual(json.loads(r["content"][0]["text"]), st)
        self.assertEqual(st["file"], "progress.txt")
        self.assertEqual(st["dialect"], "template")
        self.assertEqual(st["nextTask"], "Session management implementation")
        self.assertEqual(st["blockers"], "None")
        self.assertEqual(st["phase"], "2 of 4 (Implementation)")
        self.assertIn("src/auth/session.py (create)", st["filesToModify"])
        self.assertEqual(st["git"], {"repository": True, "committed": False, "commitsSince": 0, "ownEdits": False,
                                     "changed": [], "changedTotal": 0})
        self.assertEqual(st["errors"], [])
        self.assertRegex(st["stamp"], r"^[0-9a-f]+(-[0-9a-f]+){4}$")

    def test_state_evidence(self):
        self.git("add", "-A")
        self.git("commit", "-qm", "progress")
        self.write("src/a.py", "x\n")
        self.write("feature_list.json", json.dumps([{"description": "a", "passes": True},
                                                    {"description": "b works", "passes": False}]))
        st = self.server().call("state")["result"]["structuredContent"]
        self.assertEqual(st["features"], {"source": "feature_list.json", "passing": 1, "total": 2, "nextFailing": "b works"})
        self.assertEqual(st["git"]["changed"], ["feature_list.json", "src/a.py"])
        self.assertTrue(st["git"]["committed"])

    def test_state_of_a_log(self):
        self.write("progress.txt", "# Progress\n\n## Session 2 — 2026-03-02\n### Completed\n- The API\n"
                                   "### Next Steps\n- Page breaks\n")
        st = self.server().call("state")["result"]["structuredContent"]
        self.assertEqual((st["dialect"], st["newestEntry"], st["nextTask"], st["lastCompleted"]),
                         ("markdown", "Session 2 — 2026-03-02", "Page breaks", "The API"))

    def test_check_and_prime(self):
        self.write("progress.txt", corpus_text("bad-fields.txt"))
        s = self.server()
        findings = s.call("check")["result"]["structuredContent"]["findings"]
        self.assertTrue(any(f["severity"] == "error" for f in findings), findings)
        self.assertTrue(all(set(f) == {"line", "severity", "code", "message"} for f in findings))
        p = s.call("prime", budget=300)["result"]["structuredContent"]
        self.assertLessEqual(len(p["briefing"].encode()), 300)
        self.assertTrue(p["briefing"].startswith("Progress briefing: progress.txt"))

    def test_unsupported_version_and_missing_meta(self):
        s = self.server()
        r = s.request("tools/list", {"_meta": {"io.modelcontextprotocol/protocolVersion": "1900-01-01"}})
        self.assertEqual(r["error"]["code"], -32022)
        self.assertEqual(r["error"]["data"], {"supported": [MODERN, LEGACY], "requested": "1900-01-01"})
        r = s.request("tools/list", {"_meta": {"io.modelcontextprotocol/protocolVersion": MODERN,
                                               "io.modelcontextprotocol/clientCapabilities": None}})
        self.assertEqual(r["error"]["code"], -32602)
        self.assertIn("clientCapabilities", r["error"]["message"])
        r = s.request("tools/list", modern=False)  # neither _meta nor initialize
        self.assertEqual(r["error"]["code"], -32602)
        self.assertIn("io.modelcontextprotocol/protocolVersion", r["error"]["message"])
        self.assertEqual(s.request("prompts/list")["error"]["code"], -32601)
        self.assertIn("result", s.request("tools/list"))


class Legacy(Project):
    def test_initialize_then_tools(self):
        s = self.server()
        r = s.initialize()["result"]
        self.assertEqual(r["protocolVersion"], LEGACY)
        self.assertEqual(r["capabilities"], {"tools": {"listChanged": False}})
        self.assertEqual(r["serverInfo"]["name"], "progress-ls")
        self.assertIn("instructions", r)
        tools = s.request("tools/list", modern=False)["result"]
        self.assertEqual([t["name"] for t in tools["tools"]], TOOLS)
        self.assertNotIn("resultType", tools)
        st = s.call("state", modern=False)["result"]
        self.assertNotIn("resultType", st)
        self.assertEqual(st["structuredContent"]["file"], "progress.txt")
        self.assertEqual(s.request("ping", modern=False)["result"], {})

    def test_version_negotiation(self):
        self.assertEqual(self.server().initialize("2025-06-18")["result"]["protocolVersion"], "2025-06-18")
        self.assertEqual(self.server().initialize("2024-01-01")["result"]["protocolVersion"], LEGACY)

    def test_both_eras_on_one_process(self):
        s = self.server()
        s.initialize()
        self.assertIn("resultType", s.request("tools/list")["result"])
        self.assertNotIn("resultType", s.request("tools/list", modern=False)["result"])


class BadInput(Project):
    def test_errors_and_the_server_keeps_serving(self):
        s = self.server()
        s.send_line("{not json")
        self.assertEqual(s.read()["error"]["code"], -32700)
        s.send_line("[]")
        r = s.read()
        self.assertEqual((r["id"], r["error"]["code"]), (None, -32600))
        s.send_line('{"jsonrpc":"2.0","id":null,"method":"tools/list"}')
        self.assertEqual(s.read()["error"]["code"], -32600)
        s.send_line('{"jsonrpc":"1.0","id":7,"method":"tools/list"}')
        r = s.read()
        self.assertEqual((r["id"], r["error"]["code"]), (7, -32600))
        s.send_line('{"jsonrpc":"2.0","id":8,"method":"tools/list","params":[1]}')
        self.assertEqual(s.read()["error"]["code"], -32602)
        self.assertIn("result", s.request("tools/list"))

    def test_tool_errors(self):
        s = self.server()
        self.assertEqual(s.call("nope")["error"], {"code": -32602, "message": "Unknown tool: nope"})
        e = s.call("edit", op="set", text="x")["error"]
        self.assertEqual(e["code"], -32602)
        self.assertIn("missing required property 'stamp'", e["message"])
        for bad in ({"op": "rename", "text": "x", "stamp": "s"}, {"op": "set", "text": 3, "stamp": "s"},
                    {"op": "set", "text": "x", "stamp": "s", "extra": 1}):
            self.assertEqual(s.call("edit", **bad)["error"]["code"], -32602, bad)
        self.assertEqual(s.call("prime", budget=12)["error"]["code"], -32602)
        r = s.request("tools/call", {"name": "state", "arguments": "x"})
        self.assertEqual(r["error"]["code"], -32602)
        r = s.call("state", path="/etc")["result"]
        self.assertTrue(r["isError"])
        self.assertIn("outside the project", r["content"][0]["text"])
        self.assertIn("result", s.request("tools/list"))

    def test_notifications_and_responses_get_no_answer(self):
        s = self.server()
        s.send_line('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}')
        s.send_line('{"jsonrpc":"2.0","id":99,"result":{}}')
        s.send_line("")
        self.assertEqual(s.request("ping", modern=False)["result"], {})
        code, rest = s.close()
        self.assertEqual((code, rest), (0, b""))


class KeptState(Project):
    """One running server keeps the git and harness evidence between calls and reads again only what changed: every
    change made between two calls is in the second answer, whichever tool asks."""

    def state(self, s):
        return s.call("state")["result"]["structuredContent"]

    def briefing(self, s):
        return s.call("prime")["result"]["structuredContent"]["briefing"]

    def test_every_change_between_two_calls_is_seen(self):
        self.git("add", "-A")
        self.git("commit", "-qm", "progress")
        s = self.server()
        st = self.state(s)
        self.assertEqual((st["git"]["changed"], st["git"]["commitsSince"], st["git"]["ownEdits"]), ([], 0, False))
        self.assertNotIn("features", st)
        self.assertEqual(self.state(s), st)  # nothing changed: the same answer
        # A modified file, then a file in a folder made since (watched from its making).
        self.write("src/a.py", "a\n")
        self.assertEqual(self.state(s)["git"]["changed"], ["src/a.py"])
        self.write("src/deep/er/b.py", "b\n")
        self.assertEqual(self.state(s)["git"]["changed"], ["src/a.py", "src/deep/er/b.py"])
        self.write("src/deep/er/c.py", "c\n")
        self.assertIn("Changed since (3): src/a.py; src/deep/er/b.py; src/deep/er/c.py\n", self.briefing(s))
        # A commit: counted after the file's, its files still changed since.
        self.git("add", "-A")
        self.git("commit", "-qm", "code")
        st = self.state(s)
        self.assertEqual((st["git"]["commitsSince"], st["git"]["changedTotal"]), (1, 3))
        # Staged only (the index alone changes), then unstaged again.
        self.write("src/a.py", "a2\n")
        self.git("add", "src/a.py")
        self.git("commit", "-qm", "a2")
        self.git("rm", "-q", "--cached", "src/deep/er/c.py")
        self.assertEqual(self.state(s)["git"]["commitsSince"], 2)
        self.git("reset", "-q", "HEAD", "src/deep/er/c.py")
        # An edit of the progress file itself: its text, its own edits and its stamp.
        stamp = self.state(s)["stamp"]
        self.write("progress.txt", corpus_text("example.txt").replace("Blockers: None", "Blockers: CI is red"))
        st = self.state(s)
        self.assertEqual((st["blockers"], st["git"]["ownEdits"]), ("CI is red", True))
        self.assertNotEqual(st["stamp"], stamp)
        r = s.call("edit", op="set", name="Blockers", text="None", stamp=stamp)["result"]
        self.assertTrue(r["isError"])  # the write tools refuse the state read before the edit
        self.assertIn("changed since the state you read", r["content"][0]["text"])
        # The progress file committed: nothing changed since it any more.
        self.git("add", "-A")
        self.git("commit", "-qm", "progress again")
        st = self.state(s)
        self.assertEqual((st["git"]["commitsSince"], st["git"]["changed"], st["git"]["ownEdits"]), (0, [], False))
        # feature_list.json made, changed, removed.
        self.write("feature_list.json", json.dumps([{"description": "a", "passes": True},
                                                    {"description": "b works", "passes": False}]))
        self.assertEqual(self.state(s)["features"],
                         {"source": "feature_list.json", "passing": 1, "total": 2, "nextFailing": "b works"})
        self.write("feature_list.json", json.dumps([{"description": "a", "passes": True},
                                                    {"description": "b works", "passes": True}]))
        self.assertIn("Features: 2/2 passing (feature_list.json)\n", self.briefing(s))
        self.write("feature_list.json", "[{")
        self.assertIn("Features: feature_list.json cannot be read", self.briefing(s))
        os.remove(os.path.join(self.root, "feature_list.json"))
        self.assertNotIn("features", self.state(s))
        # prd.json beside the file.
        self.write("prd.json", json.dumps({"userStories": [{"id": "US-001", "title": "Schema", "priority": 1,
                                                            "passes": False}]}))
        self.assertEqual(self.state(s)["features"], {"source": "prd.json", "passing": 0, "total": 1,
                                                     "nextFailing": "US-001: Schema"})
        self.write("prd.json", json.dumps({"userStories": [{"id": "US-001", "title": "Schema", "priority": 1,
                                                            "passes": True}]}))
        self.assertEqual(self.state(s)["features"]["passing"], 1)
        # A folder removed and made again under the same name is watched again (a commit after the progress
        # file's: prd.json is changed since it).
        self.git("add", "-A")
        self.git("commit", "-qm", "all")
        self.assertEqual(self.state(s)["git"]["changed"], ["prd.json"])
        os.rename(os.path.join(self.root, "src"), os.path.join(self.root, "gone"))
        self.git("add", "-A")
        self.git("commit", "-qm", "moved")
        self.assertEqual(self.state(s)["git"]["changedTotal"], 7)  # prd.json, and src/ as gone/ (3 paths, both ways)
        self.git("reset", "-q", "--hard", "HEAD~1")
        self.assertEqual(self.state(s)["git"]["changed"], ["prd.json"])
        self.write("src/deep/er/b.py", "b changed\n")
        self.assertEqual(self.state(s)["git"]["changed"], ["prd.json", "src/deep/er/b.py"])

    def test_agent_config_and_scratch_files_are_not_code(self):
        self.git("add", "-A")
        self.git("commit", "-qm", "progress")
        s = self.server()
        self.assertEqual(self.state(s)["git"]["changed"], [])
        self.write(".claude/settings.json", "{}\n")
        self.write("src/.main.py.swp", "swap\n")
        self.write("src/main.py", "real\n")
        git = self.state(s)["git"]
        self.assertEqual((git["changed"], git["changedTotal"]), (["src/main.py"], 1))


class StatusBesideHistory(Project):
    """A command's first git refresh (prime, check, the hooks, this server's first call) runs `git status` beside the
    history steps, two git processes at once; the server's later refreshes run it alone, after them. Both ways give
    the same briefing, and it is what git says: the files of the commits since the progress file's, and the
    uncommitted ones (a rename by its new name), inside the file's folder only, each once."""

    def prime_cli(self, cwd):
        p = subprocess.run([BIN, "prime"], cwd=cwd, env=clean_env(), capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.decode("utf-8")

    def test_the_two_orders_give_the_same_briefing(self):
        # The file in a folder below the repository's top: git status names paths from the top, so its records are
        # read once rev-parse has said where the folder is (kept until then when they come first).
        os.rename(os.path.join(self.root, "progress.txt"), os.path.join(self.root, "app-progress.txt"))
        os.makedirs(os.path.join(self.root, "app"))
        os.rename(os.path.join(self.root, "app-progress.txt"), os.path.join(self.root, "app", "progress.txt"))
        for rel in ("app/src/a.py", "app/src/b.py", "lib/x.py"):
            self.write(rel, rel + "\n")
        self.git("add", "-A")
        self.git("commit", "-qm", "progress")
        self.write("app/src/a.py", "a1\n")
        self.write("app/src/c.py", "c\n")
        self.write("lib/y.py", "y\n")
        self.git("add", "-A")
        self.git("commit", "-qm", "code 1")
        self.write("app/src/d.py", "d\n")
        self.git("add", "-A")
        self.git("commit", "-qm", "code 2")
        app = os.path.join(self.root, "app")
        s = self.server(app)
        since = "Since app/progress.txt was last committed: 2 commits\n"
        first = s.call("prime")["result"]["structuredContent"]["briefing"]  # this server's first refresh: beside
        self.assertIn(since + "Changed since (3): src/a.py; src/c.py; src/d.py\n", first)
        self.assertEqual(self.prime_cli(app), first)
        # Uncommitted now too: a file committed since and changed again, one removed, a staged rename, an untracked
        # file in a new folder, and changes outside the folder.
        self.write("app/src/c.py", "c2\n")
        os.remove(os.path.join(app, "src", "d.py"))
        self.git("mv", "app/src/b.py", "app/src/b2.py")
        self.write("app/new/e.py", "e\n")
        self.write("lib/z.py", "z\n")
        self.write("lib/x.py", "x2\n")
        later = s.call("prime")["result"]["structuredContent"]["briefing"]  # HEAD stays: `git status` alone
        self.assertIn(since + "Changed since (5): new/e.py; src/a.py; src/b2.py; src/c.py; src/d.py\n", later)
        for _ in range(5):  # whichever of the two git processes ends first
            self.assertEqual(self.prime_cli(app), later)


class Writes(Project):
    def state(self, s):
        return s.call("state")["result"]["structuredContent"]

    def edit(self, s, **args):
        r = s.call("edit", stamp=self.state(s)["stamp"], **args)["result"]
        return r

    def test_set_field_keeps_every_other_byte(self):
        before = self.read_bytes()
        s = self.server()
        r = self.edit(s, op="set", name="next task", text="Wire sessions into the API")
        self.assertFalse(r.get("isError"), r)
        self.assertTrue(r["structuredContent"]["changed"])
        self.assertEqual(self.read_bytes(), before.replace(b"Next task: Session management implementation",
                                                          b"Next task: Wire sessions into the API"))
        self.assertEqual(r["structuredContent"]["stamp"], self.state(s)["stamp"])

    def test_crlf_and_adding_items(self):
        text = corpus_text("example.txt").replace("\n", "\r\n").encode()
        self.write_bytes(text)
        s = self.server()
        self.assertFalse(self.edit(s, op="add", name="Known Issues", text="Tokens are not revoked").get("isError"))
        self.assertFalse(self.edit(s, op="add", name="Files To Modify", text="src/api/routes.py").get("isError"))
        data = self.read_bytes()
        self.assertNotIn(b"\n", data.replace(b"\r\n", b""))
        self.assertIn(b"=== Known Issues ===\r\nTokens are not revoked\r\n", data)  # `None` replaced
        self.assertIn(b"src/api/auth.py (integration)\r\nsrc/api/routes.py\r\n", data)

    def test_move_and_finish(self):
        s = self.server()
        r = self.edit(s, op="move", text="src/auth/session.py")
        self.assertFalse(r.get("isError"), r)
        st = self.state(s)
        self.assertNotIn("src/auth/session.py (create)", st["filesToModify"])
        self.assertIn(b"=== Files Modified ===\nsrc/auth/token.py\nsrc/models/token.py\ntests/auth/test_token.py\n"
                      b"src/auth/session.py\n\n", self.read_bytes())  # the core's move drops `(create)`
        r = s.call("finish", stamp=st["stamp"], next="Refresh tokens")["result"]
        self.assertFalse(r.get("isError"), r)
        st = self.state(s)
        self.assertEqual((st["lastCompleted"], st["nextTask"], st["phase"]),
                         ("Session management implementation", "Refresh tokens", "3 of 4"))  # the finished phase's label goes

    def test_refusals(self):
        s = self.server()
        stamp = self.state(s)["stamp"]
        changed = self.read_bytes().replace(b"Blockers: None", b"Blockers: review")
        self.write_bytes(changed)  # the file changes underneath
        r = s.call("edit", op="set", name="Blockers", text="None", stamp=stamp)["result"]
        self.assertTrue(r["isError"])
        self.assertIn("changed since the state you read", r["content"][0]["text"])
        self.assertEqual(self.read_bytes(), changed)
        stamp = self.state(s)["stamp"]
        r = s.call("edit", op="set", name="Current phase", text="five of four", stamp=stamp)["result"]
        self.assertTrue(r["isError"])
        self.assertIn("would add an error", r["content"][0]["text"])
        self.assertEqual(self.read_bytes(), changed)
        for args, words in (({"op": "set", "name": "Owner", "text": "x"}, "unknown field"),
                            ({"op": "set", "name": "Blockers", "text": "a\nb"}, "one line"),
                            ({"op": "add", "name": "Session State", "text": "x"}, "unknown list section"),
                            ({"op": "move", "text": "nowhere.py"}, "no item"),
                            ({"op": "move", "text": "src/auth/token.py", "name": "Files Modified"}, "already in")):
            r = s.call("edit", stamp=stamp, **args)["result"]
            self.assertTrue(r["isError"], args)
            self.assertIn(words, r["content"][0]["text"])
        self.assertEqual(self.read_bytes(), changed)

    def test_a_link_is_not_written_through(self):
        os.rename(os.path.join(self.root, "progress.txt"), os.path.join(self.root, "real.txt"))
        os.symlink("real.txt", os.path.join(self.root, "progress.txt"))
        s = self.server()
        r = s.call("state")["result"]
        self.assertTrue(r["isError"])
        self.assertIn("symbolic link", r["content"][0]["text"])


if __name__ == "__main__":
    main("test_mcp")
