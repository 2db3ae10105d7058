"""test_actions.py — code actions through the real binary: each applied to the text, checked line by line and
re-parsed by the server without new problems; every quick fix applied and its diagnostic gone."""
import collections

from lspclient import SESSION_STATE, DocumentTest, answer_server_requests, apply_edits, main

BASE = SESSION_STATE + """
=== Files Modified ===
src/auth/token.py

=== Files To Modify ===
src/auth/session.py (create)
tests/test_session.py (create)
src/api/auth.py (reason: the login route)

=== Notes ===
None
"""

NO_MODIFIED = """=== Session State ===
Last completed: Token service
Next task: Sessions
Blockers: None
Current phase: 2 of 4
Complexity level: Medium

=== Files To Modify ===
- src/auth/session.py (create)
- src/api/auth.py

=== Notes ===
None
"""

PROBLEMS = """=== Session State ===
Last completed: Token service
Nxt task: Sessions
Blockers: None
Blockers: maybe
Complexity level: Medum

=== Key Decisons ===
- JWT (reason: standard)

=== Files Modified ===
None
src/auth/token.py
src/auth/token.py

=== Files To Modify ===
src/auth/token.py
src/auth/session.py (create)

=== Notes
None
"""

NO_SESSION_STATE = """=== Notes ===
- nothing yet
"""

# Fixes that write the template's empty `Key: ` lines leave those keys to be filled in: that is the fix.
EXPECTED_AFTER_FIX = {"missing-section": {"empty-field"}, "missing-field": {"empty-field"}}


class Actions(DocumentTest):

    def actions(self, l0, c0, l1, c1, diagnostics=(), only=None):
        context = {"diagnostics": list(diagnostics)}
        if only:
            context["only"] = only
        result = self.c.call("textDocument/codeAction", {
            "textDocument": {"uri": self.uri},
            "range": {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}},
            "context": context})
        answer_server_requests(self.c)
        return result

    def action(self, title, l0, c0, l1, c1):
        found = [a for a in self.actions(l0, c0, l1, c1) if a["title"] == title]
        self.assertEqual(len(found), 1, "one %r among %r" % (title, [a["title"] for a in self.actions(l0, c0, l1, c1)]))
        self.assertEqual(found[0]["kind"], "refactor.rewrite")
        return found[0]

    def apply(self, action):
        self.assertEqual(list(action["edit"]["changes"]), [self.uri], "edits only this document")
        return apply_edits(self.text, action["edit"]["changes"][self.uri])

    def line(self, needle):
        return next(i for i, l in enumerate(self.text.split("\n")) if needle in l)

    def assert_lines(self, got, expected):
        got_lines, expected_lines = got.split("\n"), expected.split("\n")
        for i, (g, e) in enumerate(zip(got_lines, expected_lines)):
            self.assertEqual(g, e, "line %d" % i)
        self.assertEqual(len(got_lines), len(expected_lines))

    @staticmethod
    def problems(diags, text):
        """Diagnostics as (code, the text they cover): unchanged by lines moving above them, unlike ranges and
        messages that name line numbers."""
        lines = text.split("\n")

        def covered(r):
            s, e = r["start"], r["end"]
            if s["line"] == e["line"]:
                return lines[s["line"]][s["character"]:e["character"]] if s["line"] < len(lines) else ""
            return lines[s["line"]][s["character"]:]
        return collections.Counter((d["code"], covered(d["range"])) for d in diags)

    def assert_no_new_problems(self, before_text, before, after):
        new = self.problems(after, self.text) - self.problems(before, before_text)
        self.assertFalse(new, "new problems after the action: %r" % list(new))

    # ------------------------------------------------------------ moves

    def test_move_the_item_under_the_cursor(self):
        before = self.load(BASE)
        before_text = self.text
        l = self.line("tests/test_session.py")
        after = self.apply(self.action("Move to Files Modified", l, 3, l, 3))
        self.assert_lines(after, BASE.replace("tests/test_session.py (create)\n", "").replace(
            "src/auth/token.py\n", "src/auth/token.py\ntests/test_session.py\n"))
        self.assert_no_new_problems(before_text, before, self.load(after))

    def test_move_every_item_a_selection_touches(self):
        before = self.load(BASE)
        before_text = self.text
        a, b = self.line("src/auth/session.py"), self.line("tests/test_session.py")
        after = self.apply(self.action("Move to Files Modified", a, 5, b, 2))
        self.assert_lines(after, BASE.replace("src/auth/session.py (create)\ntests/test_session.py (create)\n", "")
                          .replace("src/auth/token.py\n", "src/auth/token.py\nsrc/auth/session.py\ntests/test_session.py\n"))
        self.assert_no_new_problems(before_text, before, self.load(after))

    def test_a_whole_line_selection_ends_before_the_next_line(self):
        self.load(BASE)
        a = self.line("src/auth/session.py")
        after = self.apply(self.action("Move to Files Modified", a, 0, a + 1, 0))
        self.assertIn("tests/test_session.py (create)", after.split("=== Files To Modify ===")[1])

    def test_move_all_from_anywhere_in_the_section(self):
        before = self.load(BASE)
        before_text = self.text
        l = self.line("=== Files To Modify ===")
        after = self.apply(self.action("Move all to Files Modified", l, 0, l, 0))
        self.assert_lines(after, BASE.replace(
            "src/auth/token.py\n",
            "src/auth/token.py\nsrc/auth/session.py\ntests/test_session.py\nsrc/api/auth.py (reason: the login route)\n")
            .replace("src/auth/session.py (create)\ntests/test_session.py (create)\n"
                     "src/api/auth.py (reason: the login route)\n", "None\n"))
        self.assert_no_new_problems(before_text, before, self.load(after))

    def test_the_reverse_move(self):
        before = self.load(BASE)
        before_text = self.text
        l = self.line("src/auth/token.py")
        after = self.apply(self.action("Move to Files To Modify", l, 0, l, 0))
        self.assert_lines(after, BASE.replace("=== Files Modified ===\nsrc/auth/token.py\n", "=== Files Modified ===\nNone\n")
                          .replace("(reason: the login route)\n", "(reason: the login route)\nsrc/auth/token.py\n"))
        self.assert_no_new_problems(before_text, before, self.load(after))

    def test_a_missing_files_modified_is_created_in_its_place(self):
        before = self.load(NO_MODIFIED)
        before_text = self.text
        l = self.line("src/api/auth.py")
        after = self.apply(self.action("Move to Files Modified", l, 0, l, 0))
        self.assert_lines(after, NO_MODIFIED.replace(
            "=== Files To Modify ===\n", "=== Files Modified ===\n- src/api/auth.py\n\n=== Files To Modify ===\n")
            .replace("- src/api/auth.py\n\n=== Notes", "\n=== Notes"))
        self.assert_no_new_problems(before_text, before, self.load(after))

    def test_a_lone_none_is_replaced(self):
        text = BASE.replace("=== Files Modified ===\nsrc/auth/token.py\n", "=== Files Modified ===\nNone\n")
        before = self.load(text)
        before_text = self.text
        l = self.line("src/api/auth.py")
        after = self.apply(self.action("Move to Files Modified", l, 0, l, 0))
        self.assert_lines(after, text.replace("=== Files Modified ===\nNone\n",
                                              "=== Files Modified ===\nsrc/api/auth.py (reason: the login route)\n")
                          .replace("src/api/auth.py (reason: the login route)\n\n=== Notes", "\n=== Notes"))
        self.assert_no_new_problems(before_text, before, self.load(after))

    def test_only_filters_by_kind(self):
        self.load(PROBLEMS)
        l = self.line("src/auth/session.py")
        self.assertTrue(all(a["kind"] == "quickfix" for a in self.actions(0, 0, 30, 0, only=["quickfix"])))
        self.assertTrue(all(a["kind"] == "refactor.rewrite" for a in self.actions(l, 0, l, 0, only=["refactor"])))
        self.assertTrue(self.actions(l, 0, l, 0, only=["refactor"]))

    # ------------------------------------------------------------ quick fixes

    def check_every_fix(self, text):
        initial = self.load(text)
        fixable = 0
        for diag in initial:
            self.load(text)
            r = diag["range"]
            fixes = self.actions(r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"],
                                 [diag], only=["quickfix"])
            fixes = [f for f in fixes if f["diagnostics"] == [diag]]
            if not fixes:
                continue
            fixable += 1
            self.assertEqual(len(fixes), 1, diag)
            fix = fixes[0]
            self.assertEqual(fix.get("isPreferred", False), diag["code"] != "missing-section")
            after = self.load(self.apply(fix))
            had = self.problems(initial, text)
            has = self.problems(after, self.text)
            key = next(iter(self.problems([diag], text)))
            self.assertLess(has[key], had[key], "%s fixed by %r" % (diag["message"], fix["title"]))
            new = has - had
            allowed = EXPECTED_AFTER_FIX.get(diag["code"], set())
            self.assertTrue(all(code in allowed for code, _ in new), "%r brought %r" % (fix["title"], list(new)))
        return initial, fixable

    def test_every_quick_fix_removes_its_diagnostic(self):
        initial, fixable = self.check_every_fix(PROBLEMS)
        codes = {d["code"] for d in initial}
        for code in ["malformed-header", "unknown-section", "unknown-field", "duplicate-field", "invalid-level",
                     "duplicate-item", "modified-and-to-modify", "none-with-items", "missing-field"]:
            self.assertIn(code, codes, "the sample shows %s" % code)
        self.assertGreaterEqual(fixable, 9)

    def test_a_phase_out_of_range_is_fixed_either_way(self):
        for value, titles, fixed in [
            ("5 of 3 (Integration)", ["Set the phase to 3 of 3 (Integration) (X to Y)", "Set the plan to 5 of 5 (Integration) (Y to X)"],
             ["3 of 3 (Integration)", "5 of 5 (Integration)"]),
            ("0 of 4", ["Set the phase to 1 of 4"], ["1 of 4"]),
            ("2 of 0", ["Set the plan to 2 of 2 (Y to X)"], ["2 of 2"]),
        ]:
            text = NO_MODIFIED.replace("Current phase: 2 of 4", "Current phase: " + value)
            diags = [d for d in self.load(text) if d["code"] == "phase-out-of-range"]
            self.assertEqual(len(diags), 1, value)
            l = self.line("Current phase")
            fixes = [f for f in self.actions(l, 0, l, 0, diags, only=["quickfix"]) if f["diagnostics"] == diags]
            self.assertEqual([f["title"] for f in fixes], titles, value)
            for fix, want in zip(fixes, fixed):
                self.load(text)
                after = self.apply(fix)
                self.assertEqual(after.split("\n")[l], "Current phase: " + want)
                self.assertNotIn("phase-out-of-range", [d["code"] for d in self.load(after)])

    def test_the_missing_session_state_is_added(self):
        initial, fixable = self.check_every_fix(NO_SESSION_STATE)
        self.assertIn("missing-section", {d["code"] for d in initial})
        self.assertEqual(fixable, 1)

    def test_a_diagnostic_turned_off_gets_no_fix(self):
        self.c.notify("workspace/didChangeConfiguration", {"settings": {}})
        request = self.c.take(lambda m: m.get("method") == "workspace/configuration")
        self.c.send({"jsonrpc": "2.0", "id": request["id"],
                     "result": [{"severity": {"invalid-level": "off"}}]})
        self.load(PROBLEMS)
        self.assertNotIn("invalid-level", [d["code"] for d in self.diags])
        l = self.line("Complexity level")
        titles = [a["title"] for a in self.actions(l, 0, l, 40, only=["quickfix"])]
        self.assertFalse([t for t in titles if "Medium" in t], titles)


if __name__ == "__main__":
    main()
