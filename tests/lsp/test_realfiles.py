"""test_realfiles.py — files in the shapes agents write, through the real binary: moves of checked, unchecked and
marked items (with their details, out of groups, marks following the move), the status quick fixes, document links
selecting exactly each path, and hover/definition/references/rename on backticked and keyword-prefixed signatures."""

from lspclient import DocumentTest, answer_server_requests, apply_edits, main

STATE = """=== Session State ===
- Last completed: Parsers
- Next task: Tests
- Blockers: None
- Current phase: 2 of 4
- Complexity level: Medium
"""

CHECKBOXES = STATE + """
=== Files Modified ===
- [x] src/config/limits.py

=== Files To Modify ===
- [ ] src/api/admin.py (reason: mount the limiter)
  - wrap every route
  - keep the health check open
- [x] src/api/public.py (create)
- [ ] docs/ratelimit.md
"""

EMOJI_GROUPS = STATE + """
=== Files Modified ===
✅ app/schema/event.py

=== Files To Modify ===
Parsers (implement unified schema):
❌ app/parsers/windows.py (remove custom event class)
❌ app/parsers/macos.py
Tests:
❌ tests/parsers/test_windows.py (create)
"""

NUMBERED = STATE + """
=== Files Modified ===
1. `api/session.go` — issues the cookie
2. `api/csrf.go`

=== Files To Modify ===
1. `web/src/api/session.ts` (create) — fetch wrapper
2. `web/src/pages/Settings.tsx`
"""

SIGNATURES = STATE + """
=== Interfaces Defined ===
- `func NewStore(db *sql.DB) *Store`
- def issue_token(user_id: int) -> str

=== Notes ===
- NewStore is called once in main.go; issue_token signs with the secret
"""

LINKS = STATE + """
=== Files Modified ===
- src/search/writer.py:88 (flush on write)
- `src/search/index.py:120:5`, `src/search/reader.py#L42` — both
- "src/search/config.py": add flush_interval

=== Notes ===
- see src/search/reader.py#L42 and **src/search/writer.py**
"""


class RealFiles(DocumentTest):

    FILES = ("src/search/writer.py", "src/search/index.py", "src/search/reader.py", "src/search/config.py")

    def line(self, needle):
        return next(i for i, l in enumerate(self.text.split("\n")) if needle in l)

    def actions(self, line, diagnostics=()):
        result = self.c.call("textDocument/codeAction", {
            "textDocument": {"uri": self.uri},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "context": {"diagnostics": list(diagnostics)}})
        answer_server_requests(self.c)
        return result

    def move(self, needle, title):
        found = [a for a in self.actions(self.line(needle)) if a["title"] == title]
        self.assertEqual(len(found), 1, [a["title"] for a in self.actions(self.line(needle))])
        return apply_edits(self.text, found[0]["edit"]["changes"][self.uri])

    def at(self, needle, offset=0):
        l = self.line(needle)
        return {"line": l, "character": self.text.split("\n")[l].index(needle) + offset}

    # ---------------------------------------------------------------- moves

    def test_unchecked_item_moves_checked_with_its_details(self):
        self.load(CHECKBOXES)
        got = self.move("src/api/admin.py", "Move to Files Modified")
        self.assertEqual(got, STATE + """
=== Files Modified ===
- [x] src/config/limits.py
- [x] src/api/admin.py (reason: mount the limiter)
  - wrap every route
  - keep the health check open

=== Files To Modify ===
- [x] src/api/public.py (create)
- [ ] docs/ratelimit.md
""")
        self.assertEqual([d["code"] for d in self.load(got)], ["done-in-to-modify"])

    def test_a_detail_stands_for_its_item(self):
        self.load(CHECKBOXES)
        got = self.move("keep the health check open", "Move to Files Modified")
        self.assertIn("- [x] src/api/admin.py (reason: mount the limiter)\n  - wrap every route\n", got)
        self.assertNotIn("wrap every route", got.split("=== Files To Modify ===")[1])

    def test_checked_item_moves_back_unchecked(self):
        self.load(CHECKBOXES)
        got = self.move("src/config/limits.py", "Move to Files To Modify")
        self.assertEqual(got.split("=== Files Modified ===")[1].split("===")[0], "\nNone\n\n")
        self.assertTrue(got.endswith("- [ ] docs/ratelimit.md\n- [ ] src/config/limits.py\n"), got)

    def test_done_item_in_to_modify_has_a_warning_whose_fix_moves_it(self):
        diags = self.load(CHECKBOXES)
        (d,) = [d for d in diags if d["code"] == "done-in-to-modify"]
        self.assertEqual(d["range"]["start"]["line"], self.line("src/api/public.py"))
        fixes = [a for a in self.actions(d["range"]["start"]["line"], [d]) if a.get("diagnostics") == [d]]
        self.assertEqual(len(fixes), 1)
        self.assertTrue(fixes[0]["isPreferred"])
        got = apply_edits(self.text, fixes[0]["edit"]["changes"][self.uri])
        # `(create)` names work that is now done: it goes; the mark stays done.
        self.assertIn("- [x] src/config/limits.py\n- [x] src/api/public.py\n", got)
        self.assertEqual(self.load(got), [])

    def test_marked_item_under_a_group_moves_alone_and_its_mark_follows(self):
        self.load(EMOJI_GROUPS)
        # `(remove custom event class)` names work, done once moved: it goes, as `(create)` does.
        got = self.move("app/parsers/windows.py", "Move to Files Modified")
        self.assertEqual(got, STATE + """
=== Files Modified ===
✅ app/schema/event.py
✅ app/parsers/windows.py

=== Files To Modify ===
Parsers (implement unified schema):
❌ app/parsers/macos.py
Tests:
❌ tests/parsers/test_windows.py (create)
""")
        self.load(got)
        # The last item of a group takes its label along; the other group stays.
        got = self.move("app/parsers/macos.py", "Move to Files Modified")
        self.assertIn("✅ app/parsers/macos.py\n", got)
        self.assertNotIn("Parsers (implement unified schema):", got)
        self.assertIn("Tests:\n❌ tests/parsers/test_windows.py (create)\n", got)
        # And back: ✅ becomes ❌.
        self.load(got)
        back = self.move("app/parsers/macos.py", "Move to Files To Modify")
        self.assertIn("❌ tests/parsers/test_windows.py (create)\n❌ app/parsers/macos.py\n", back)

    def test_numbered_items_continue_the_target_numbering_and_keep_comments(self):
        self.load(NUMBERED)
        got = self.move("web/src/pages/Settings.tsx", "Move to Files Modified")
        self.assertIn("2. `api/csrf.go`\n3. `web/src/pages/Settings.tsx`\n", got)
        self.load(got)
        got = self.move("web/src/api/session.ts", "Move to Files Modified")
        self.assertIn("4. `web/src/api/session.ts` — fetch wrapper\n", got)
        self.assertEqual([d["code"] for d in self.load(got)], [])

    # ---------------------------------------------------------------- links

    def test_links_select_exactly_each_path(self):
        self.load(LINKS)
        links = self.c.call("textDocument/documentLink", {"textDocument": {"uri": self.uri}})
        lines = self.text.split("\n")
        got = [(l["range"]["start"]["line"], lines[l["range"]["start"]["line"]][
            l["range"]["start"]["character"]:l["range"]["end"]["character"]], l["target"].rsplit("/", 2)[-1])
            for l in links]
        w, i, c, n = (self.line(x) for x in ("writer.py:88", "index.py:120", '"src/search/config', "see src/"))
        self.assertEqual(got, [
            (w, "src/search/writer.py", "writer.py"),
            (i, "src/search/index.py", "index.py"), (i, "src/search/reader.py", "reader.py"),
            (c, "src/search/config.py", "config.py"),
            (n, "src/search/reader.py", "reader.py"), (n, "src/search/writer.py", "writer.py")])

    # ---------------------------------------------------------------- signatures

    def test_hover_definition_references_rename_on_keyword_and_backticked_signatures(self):
        self.load(SIGNATURES)
        for name, sig in (("NewStore", "func NewStore(db *sql.DB) *Store"),
                          ("issue_token", "def issue_token(user_id: int) -> str")):
            mention = self.at(name + (" is called" if name == "NewStore" else " signs"))
            hover = self.c.call("textDocument/hover", {"textDocument": {"uri": self.uri}, "position": mention})
            self.assertIn(sig, hover["contents"]["value"])
            definition = self.c.call("textDocument/definition", {"textDocument": {"uri": self.uri}, "position": mention})
            d = self.at(name)  # the first occurrence is the definition, after its keyword
            self.assertEqual(definition["range"]["start"], d)
            self.assertEqual(definition["range"]["end"]["character"], d["character"] + len(name))
            refs = self.c.call("textDocument/references", {"textDocument": {"uri": self.uri}, "position": d,
                                                           "context": {"includeDeclaration": True}})
            self.assertEqual([r["range"]["start"] for r in refs], [d, mention])
        edit = self.c.call("textDocument/rename", {"textDocument": {"uri": self.uri}, "position": self.at("NewStore"),
                                                   "newName": "OpenStore"})
        got = apply_edits(self.text, edit["changes"][self.uri])
        self.assertIn("- `func OpenStore(db *sql.DB) *Store`\n", got)
        self.assertIn("- OpenStore is called once", got)


if __name__ == "__main__":
    main()
