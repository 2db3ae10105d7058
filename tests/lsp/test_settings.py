"""test_settings.py — the user's settings through the real binary: from initializationOptions, pulled with
workspace/configuration (section "progressLs"), and changed live by workspace/didChangeConfiguration."""
import time

from lspclient import WORKSPACE_CAPS, DocumentTest, answer_server_requests, file_uri, main

TEXT = """=== Session State ===
Last completed: Token service
Next task: Sessions
Blockers: None
Current phase: 2 of 4
Complexity level: Medum

=== Files To Modify ===


=== Notes ===
None
"""


class Settings(DocumentTest):

    FILES = ("vendor/lib/dep.c", "src/main.c", "src/vendor/inner.c", "third_party/big/x.c")
    INITIALIZE = False  # how the settings arrive is the test's

    def start(self, options=None, caps=None, configuration=None):
        self.initialize(options=options, caps=caps, configuration=configuration)
        return self.load(TEXT)

    def paths(self, token):
        line = TEXT.split("\n").index("=== Files To Modify ===") + 1
        self.version += 1
        self.c.change(self.uri, self.version, [{"range": {"start": {"line": line, "character": 0},
                                                          "end": {"line": line, "character": 200}}, "text": token}])
        result = self.c.call("textDocument/completion", {"textDocument": {"uri": self.uri},
                                                         "position": {"line": line, "character": len(token)}})
        answer_server_requests(self.c)
        return [i["label"] for i in result["items"]]

    def codes(self, diags):
        return sorted(d["code"] for d in diags)

    def forget_diagnostics(self):
        """Drops the diagnostics already received, so the next ones are those after what comes next."""
        self.c.drain()
        self.c.messages = [m for m in self.c.messages if m.get("method") != "textDocument/publishDiagnostics"]

    def next_diagnostics(self):
        return self.c.diagnostics(self.uri)["diagnostics"]

    def test_initialization_options(self):
        diags = self.start({"maxLines": 5, "severity": {"invalid-level": "off"}, "exclude": ["vendor"],
                            "maxCompletionItems": 1})
        self.assertEqual(self.codes(diags), ["file-too-long"])
        self.assertEqual(len(self.paths("c")), 1, "maxCompletionItems")
        for token in ["dep", "inner"]:
            self.assertEqual([p for p in self.paths(token) if "vendor" in p], [], "vendor folders are left out")

    def test_settings_are_pulled_from_the_progressLs_section(self):
        initialize = self.c.call("initialize", {"processId": None, "rootUri": file_uri(self.root),
                                                "capabilities": WORKSPACE_CAPS})
        self.assertTrue(initialize["capabilities"]["completionProvider"])
        self.c.notify("initialized", {})
        request = self.c.take(lambda m: m.get("method") == "workspace/configuration")
        self.assertEqual(request["params"], {"items": [{"section": "progressLs"}]})
        self.c.send({"jsonrpc": "2.0", "id": request["id"], "result": [{"severity": {"invalid-level": "hint"}}]})
        self.c.open(self.uri, TEXT)
        diags = self.next_diagnostics()
        self.assertEqual([d["severity"] for d in diags if d["code"] == "invalid-level"], [4])

    def test_a_change_applies_live(self):
        self.assertIn("invalid-level", self.codes(self.start()))
        self.assertIn("vendor/lib/dep.c", self.paths("dep"))
        self.forget_diagnostics()
        self.c.notify("workspace/didChangeConfiguration", {"settings": None})
        request = self.c.take(lambda m: m.get("method") == "workspace/configuration")
        self.c.send({"jsonrpc": "2.0", "id": request["id"], "result": [
            {"severity": {"invalid-level": "off"}, "exclude": ["vendor/lib", "third_party"]}]})
        self.assertNotIn("invalid-level", self.codes(self.next_diagnostics()), "diagnostics pushed again")
        deadline = time.monotonic() + 10
        while "vendor/lib/dep.c" in self.paths("dep") and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertNotIn("vendor/lib/dep.c", self.paths("dep"), "re-indexed without the excluded folder")
        self.assertIn("src/vendor/inner.c", self.paths("inner"), "a path excludes only itself")
        self.assertEqual(self.paths("x.c"), [])

    def test_without_configuration_support_the_notification_carries_them(self):
        caps = dict(WORKSPACE_CAPS, workspace={"didChangeWatchedFiles": {"dynamicRegistration": True}})
        self.assertIn("invalid-level", self.codes(self.start(caps=caps)))
        self.forget_diagnostics()
        self.c.notify("workspace/didChangeConfiguration",
                      {"settings": {"progressLs": {"severity": {"invalid-level": "off"}}}})
        self.assertNotIn("invalid-level", self.codes(self.next_diagnostics()))

    def test_bad_values_are_reported_and_skipped(self):
        diags = self.start({"maxCompletionItems": "many", "exclude": "vendor", "maxLines": 5})
        self.assertIn("file-too-long", self.codes(diags), "the good value still applies")
        log = self.c.notification("window/logMessage", match=lambda m: "maxCompletionItems" in m["params"]["message"])
        self.assertIn("exclude", log["params"]["message"])
        self.assertEqual(len(self.paths("c")), 4, "the default limit, and nothing excluded")

if __name__ == "__main__":
    main()
