#!/usr/bin/env python3
"""test_formats.py — every `check --output-format`: JSON parsed, SARIF validated by Microsoft's SARIF Multitool,
GitHub workflow commands matched, JUnit parsed as XML; PROGRESS_LS_OUTPUT_FORMAT and the flag that wins over it.

Needs PROGRESS_LS and CORPUS_DIR (as ctest sets them) and the Multitool that scripts/deps.sh installs under
tests/check/sarif/node_modules.
"""
import json
import os
import re
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from checkrun import CORPUS, HERE, main, run_check as run

MULTITOOL = os.path.join(HERE, "sarif", "node_modules", ".bin", "sarif-multitool")
CONCISE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info|hint): (?P<msg>.+) \[(?P<code>[a-z-]+)\]$")
GITHUB = re.compile(r"^::(?P<kind>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
                    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=progress-ls (?P<code>[a-z-]+)::(?P<msg>.+)$")
# Files with findings of every severity, one not in progress format, and one with characters beyond ASCII.
FILES = ["bad-fields.txt", "template.txt", "unicode.txt", "misspelled-sections.txt"]


def concise(stdout):
    out = []
    for line in stdout.splitlines():
        m = CONCISE.match(line)
        if not m:
            raise AssertionError("not FILE:LINE:COL: severity: message [code]: %r" % line)
        out.append(m.groupdict())
    return out


class Formats(unittest.TestCase):
    """Each format carries the same findings as the concise one, in the same order."""

    @classmethod
    def setUpClass(cls):
        cls.cwd = CORPUS
        code, out, _ = run(*FILES, cwd=cls.cwd)
        cls.code = code
        cls.expected = [(f["file"], int(f["line"]), int(f["col"]), f["sev"], f["code"], f["msg"]) for f in concise(out)]
        assert cls.expected, "the corpus files have findings"

    def test_json_is_one_array_of_the_findings(self):
        code, out, err = run("--output-format", "json", *FILES, cwd=self.cwd)
        self.assertEqual((code, err), (self.code, ""))
        got = json.loads(out)
        self.assertEqual([(f["file"], f["line"], f["column"], f["severity"], f["code"], f["message"]) for f in got],
                         self.expected)
        for f in got:
            self.assertEqual(set(f), {"file", "dialect", "line", "column", "endLine", "endColumn", "severity", "code",
                                      "message"})
            self.assertIn(f["dialect"], {"template", "markdown", "ralph", "plain"})
            self.assertGreaterEqual((f["endLine"], f["endColumn"]), (f["line"], f["column"]))

    def test_json_lines_is_one_object_per_line(self):
        code, out, _ = run("--output-format=json-lines", *FILES, cwd=self.cwd)
        self.assertEqual(code, self.code)
        got = [json.loads(line) for line in out.splitlines()]
        self.assertEqual([(f["file"], f["line"], f["column"], f["severity"], f["code"], f["message"]) for f in got],
                         self.expected)

    def test_json_of_clean_files_is_an_empty_array(self):
        code, out, _ = run("--output-format", "json", "minimal.txt", cwd=self.cwd)
        self.assertEqual((code, json.loads(out)), (0, []))

    def test_github_workflow_commands(self):
        code, out, _ = run("--output-format", "github", *FILES, cwd=self.cwd)
        self.assertEqual(code, self.code)
        kinds = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}
        got = []
        for line in out.splitlines():
            m = GITHUB.match(line)
            self.assertIsNotNone(m, "not a workflow command: %r" % line)
            got.append(m.groupdict())
        self.assertEqual([(g["file"], int(g["line"]), int(g["col"]), g["kind"], g["code"]) for g in got],
                         [(f, l, c, kinds[s], code) for f, l, c, s, code, _ in self.expected])

    def test_github_escapes_percent_newline_and_property_separators(self):
        with tempfile.TemporaryDirectory() as d:
            name = os.path.join(d, "a,b:c%-progress.txt")
            with open(name, "w") as f:
                f.write("=== Session State ===\nComplexity level: 100%\n")
            _, out, _ = run("--output-format", "github", name)
        lines = out.splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertIn("file=" + d.replace(":", "%3A").replace(",", "%2C") + "/a%2Cb%3Ac%25-progress.txt,", line)
        self.assertTrue(any("100%25" in line for line in lines), lines)

    def test_full_shows_the_line_and_a_caret_under_the_range(self):
        code, out, _ = run("--output-format", "full", "bad-fields.txt", cwd=self.cwd)
        self.assertEqual(code, 1)
        lines = out.splitlines()
        heads = [i for i, l in enumerate(lines) if CONCISE.match(l)]
        self.assertEqual(len(heads) * 3, len(lines))
        with open(os.path.join(CORPUS, "bad-fields.txt"), encoding="utf-8") as f:
            source = f.read().split("\n")
        level = next(i for i in heads if "invalid complexity level \"Meduim\"" in lines[i])
        src, caret = lines[level + 1], lines[level + 2]
        self.assertEqual(src, " 6 | " + source[5])
        self.assertEqual(caret, "   | " + " " * len("Complexity level: ") + "^" * len("Meduim"))

    def test_full_carets_count_characters(self):
        code, out, _ = run("--output-format", "full", "unicode.txt", cwd=self.cwd)
        lines = out.splitlines()
        i = next(i for i, l in enumerate(lines) if "[placeholder]" in l)
        src, caret = lines[i + 1].split(" | ", 1)[1], lines[i + 2].split(" | ", 1)[1]
        self.assertEqual(len(caret) - len(caret.lstrip(" ")), src.index("[未翻訳"))

    def test_sarif_is_valid_for_the_multitool(self):
        code, out, err = run("--output-format", "sarif", *FILES, cwd=self.cwd)
        self.assertEqual((code, err), (self.code, ""))
        log = json.loads(out)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "check.sarif")
            report = os.path.join(d, "validation.sarif")
            with open(path, "w") as f:
                f.write(out)
            p = subprocess.run([MULTITOOL, "validate", "--output", report, path], capture_output=True, text=True,
                               timeout=300)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            with open(report) as f:
                validation = json.load(f)
        problems = [(r["ruleId"], r["message"].get("text", r["message"])) for run_ in validation["runs"]
                    for r in run_.get("results", []) if r.get("level", "warning") == "error"]
        self.assertEqual(problems, [], "the Multitool's errors")
        # Everything the issue asks of the log, read back.
        self.assertEqual(log["version"], "2.1.0")
        run0 = log["runs"][0]
        rules = run0["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        for r in rules:
            self.assertTrue(r["shortDescription"]["text"])
            self.assertIn("docs/format.md", r["help"]["text"])
            self.assertIn(r["defaultConfiguration"]["level"], ("error", "warning", "note"))
        self.assertEqual(rules[ids.index("invalid-level")]["defaultConfiguration"]["level"], "error")
        self.assertEqual(rules[ids.index("placeholder")]["defaultConfiguration"]["level"], "warning")
        levels = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
        got = []
        for r in run0["results"]:
            loc = r["locations"][0]["physicalLocation"]
            self.assertEqual(ids[r["ruleIndex"]], r["ruleId"])
            self.assertEqual(loc["artifactLocation"]["uriBaseId"], "SRCROOT")
            self.assertFalse(loc["artifactLocation"]["uri"].startswith("/"))
            self.assertGreaterEqual(loc["region"]["startLine"], 1)
            self.assertGreaterEqual(loc["region"]["startColumn"], 1)
            self.assertTrue(r["partialFingerprints"])
            got.append((loc["artifactLocation"]["uri"], loc["region"]["startLine"], loc["region"]["startColumn"],
                        r["level"], r["ruleId"], r["message"]["text"]))
        self.assertEqual(got, [(f, l, c, levels[s], code, m) for f, l, c, s, code, m in self.expected])
        self.assertTrue(run0["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file:///"))
        self.assertEqual(run0["columnKind"], "unicodeCodePoints")

    def test_sarif_fingerprints_survive_moved_lines_and_differ_between_findings(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "progress.txt")
            with open(os.path.join(CORPUS, "template.txt"), encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            _, before, _ = run("--output-format", "sarif", "progress.txt", cwd=d)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace("=== Key Decisions ===", "=== Key Decisions ===\n- moved everything down"))
            _, after, _ = run("--output-format", "sarif", "progress.txt", cwd=d)
        fp = lambda out: [(r["message"]["text"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                           list(r["partialFingerprints"].values())[0]) for r in json.loads(out)["runs"][0]["results"]]
        b, a = fp(before), fp(after)
        self.assertEqual(len(set(x[2] for x in b)), len(b), "one fingerprint per finding")
        self.assertEqual(sorted((m, h) for m, _, h in b), sorted((m, h) for m, _, h in a))
        self.assertNotEqual([l for _, l, _ in b], [l for _, l, _ in a], "the lines did move")

    def test_sarif_outside_the_directory_uses_an_absolute_uri(self):
        with tempfile.TemporaryDirectory() as d:
            _, out, _ = run("--output-format", "sarif", os.path.join(CORPUS, "template.txt"), cwd=d)
        loc = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        self.assertEqual(loc["uri"], "file://" + os.path.realpath(os.path.join(CORPUS, "template.txt")))
        self.assertNotIn("uriBaseId", loc)

    def test_junit_is_xml_with_a_case_per_file(self):
        code, out, err = run("--output-format", "junit", *FILES, "minimal.txt", cwd=self.cwd)
        self.assertEqual((code, err), (self.code, ""))
        root = ET.fromstring(out)
        cases = root.findall("./testsuite/testcase")
        self.assertEqual([c.get("name") for c in cases], FILES + ["minimal.txt"])
        failing = {f for f, _, _, s, _, _ in self.expected if s == "error"}
        self.assertEqual({c.get("name") for c in cases if c.find("failure") is not None}, failing)
        self.assertEqual(root.get("failures"), str(len(failing)))
        self.assertEqual(root.get("tests"), str(len(FILES) + 1))
        text = "".join((c.find("failure") if c.find("failure") is not None else c.find("system-out")).text or ""
                       for c in cases if c.find("failure") is not None or c.find("system-out") is not None)
        for f, l, c, s, code_, m in self.expected:
            self.assertIn("%s:%d:%d: %s: %s [%s]" % (f, l, c, s, m, code_), text)

    def test_junit_survives_bytes_that_are_not_utf8_and_markup(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x<&>'\"-progress.txt")
            with open(path, "wb") as f:
                f.write(b"=== Session State ===\nComplexity level: \xff\xfe<&>\x01\n")
            code, out, _ = run("--output-format", "junit", path)
        root = ET.fromstring(out.encode("utf-8", "surrogateescape"))
        self.assertEqual(code, 1)
        self.assertEqual(root.find("./testsuite/testcase").get("name"), path)

    def test_the_variable_sets_the_default_and_the_flag_wins(self):
        _, out, _ = run("bad-fields.txt", env={"PROGRESS_LS_OUTPUT_FORMAT": "json"}, cwd=self.cwd)
        self.assertIsInstance(json.loads(out), list)
        _, out, _ = run("--output-format", "concise", "bad-fields.txt", env={"PROGRESS_LS_OUTPUT_FORMAT": "json"},
                        cwd=self.cwd)
        self.assertTrue(concise(out))
        _, out, _ = run("--output-format", "json", "bad-fields.txt", env={"PROGRESS_LS_OUTPUT_FORMAT": "bogus"},
                        cwd=self.cwd)
        self.assertIsInstance(json.loads(out), list)

    def test_an_unknown_format_is_one_clear_line_and_exit_2(self):
        for args, env, origin in ((["--output-format", "xml"], {}, "--output-format"),
                                  ([], {"PROGRESS_LS_OUTPUT_FORMAT": "xml"}, "PROGRESS_LS_OUTPUT_FORMAT")):
            code, out, err = run(*args, "bad-fields.txt", env=env, cwd=self.cwd)
            self.assertEqual((code, out), (2, ""))
            self.assertIn('unknown output format "xml" (from %s)' % origin, err.splitlines()[0])
            self.assertIn("sarif", err)

    def test_whole_document_formats_are_whole_even_with_an_unreadable_file(self):
        for fmt, parse in (("json", json.loads), ("sarif", json.loads), ("junit", ET.fromstring)):
            code, out, err = run("--output-format", fmt, "no-such.txt", "bad-fields.txt", cwd=self.cwd)
            self.assertEqual(code, 2)
            self.assertIn("no-such.txt", err)
            parse(out)


if __name__ == "__main__":
    main("test_formats", needs=[(MULTITOOL, "run scripts/deps.sh test")])
