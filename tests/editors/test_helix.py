"""test_helix.py — editors/helix/languages.toml parses and names the same language id, file names and server
command as the Neovim, Emacs and VS Code integrations (Helix itself is not packaged in Debian 12)."""
import json
import os
import re
import tomllib
import unittest

REPO = os.environ.get("REPO") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EDITORS = os.path.join(REPO, "editors")

LANGUAGE_ID = "progresstxt"
# The progress-file names (core_name_is_progress_file): claude-progress.txt is one of *-progress.txt.
FILE_NAMES = ["progress.txt", "*-progress.txt", "*_progress.txt", "*.progress.txt"]
SERVER = "progress-ls"


def read(*parts):
    with open(os.path.join(EDITORS, *parts), encoding="utf-8") as f:
        return f.read()


class Helix(unittest.TestCase):
    def setUp(self):
        with open(os.path.join(EDITORS, "helix", "languages.toml"), "rb") as f:
            self.toml = tomllib.load(f)
        langs = [l for l in self.toml["language"] if l["name"] == LANGUAGE_ID]
        self.assertEqual(len(langs), 1, "one [[language]] named progresstxt")
        self.lang = langs[0]

    def test_language(self):
        self.assertEqual(self.lang["language-id"], LANGUAGE_ID)
        self.assertEqual([ft["glob"] for ft in self.lang["file-types"]], FILE_NAMES)
        self.assertEqual(self.lang["roots"], [".git"])

    def test_server(self):
        self.assertEqual(self.lang["language-servers"], [SERVER])
        server = self.toml["language-server"][SERVER]
        self.assertEqual(server["command"], SERVER)
        self.assertNotIn("args", server, "progress-ls talks stdio with no arguments")
        self.assertIsInstance(server.get("config", {}), dict, "config becomes initializationOptions: an object")


class SameAsOthers(unittest.TestCase):
    """The facts Helix states, found in each other integration."""

    def test_nvim(self):
        ftdetect = read("nvim", "ftdetect", "progresstxt.vim")
        m = re.search(r"autocmd BufNewFile,BufRead (\S+) set filetype=(\w+)", ftdetect)
        self.assertIsNotNone(m, "ftdetect sets the filetype (not setfiletype)")
        self.assertEqual(m.group(1).split(","), FILE_NAMES)
        self.assertEqual(m.group(2), LANGUAGE_ID)
        init = read("nvim", "lua", "progress_ls", "init.lua")
        self.assertRegex(init, r"cmd = \{ '%s' \}" % SERVER)
        self.assertRegex(init, r"root_markers = \{ '\.git' \}")

    def test_emacs(self):
        el = read("emacs", "progress-txt-mode.el")
        self.assertIn(':language-id "%s"' % LANGUAGE_ID, el)
        self.assertIn("""(defcustom progress-txt-server-command '("%s")""" % SERVER, el)
        m = re.search(r"""\(add-to-list 'auto-mode-alist '\("([^"]+)" \. progress-txt-mode\)\)""", el)
        self.assertIsNotNone(m, "auto-mode-alist entry")
        # Emacs regexp to Python: \\(?: -> (?:, \\) -> ), \\. -> \., \\' -> end of string.
        rx = m.group(1).replace("\\\\(", "(").replace("\\\\)", ")").replace("\\\\.", "\\.").replace("\\\\'", "$")
        for name in ["/w/progress.txt", "/w/notes.progress.txt", "/w/claude-progress.txt", "/w/a_progress.txt"]:
            self.assertRegex(name, rx)
        for name in ["/w/myprogress.txt", "/w/progress.txt.bak", "/w/progress.md"]:
            self.assertNotRegex(name, rx)

    def test_vscode(self):
        pkg = json.loads(read("vscode", "package.json"))
        langs = [l for l in pkg["contributes"]["languages"] if l["id"] == LANGUAGE_ID]
        self.assertEqual(len(langs), 1, "package.json contributes the progresstxt language")
        self.assertEqual(langs[0].get("filenames"), FILE_NAMES[:1])
        self.assertEqual(langs[0].get("filenamePatterns"), ["**/" + n for n in FILE_NAMES[1:]])
        props = pkg["contributes"]["configuration"]["properties"]
        # Empty: the server the linux-x64 .vsix carries, else progress-ls on PATH (editors/vscode/src/extension.ts).
        self.assertEqual(props["progressLs.path"]["default"], "")
        self.assertIn("'progress-ls'", read("vscode", "src", "extension.ts"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
