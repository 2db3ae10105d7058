#!/usr/bin/env python3
"""test_check.py — `progress-ls check` driven as a script or CI job would: output lines, exit codes, settings files.

Needs PROGRESS_LS (the binary) and CORPUS_DIR (tests/corpus) in the environment, as ctest sets them.
"""
import os
import re
import shutil
import tempfile
import unittest

from checkrun import corpus, main, run_check
LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info|hint): (?P<msg>.+) \[(?P<code>[a-z-]+)\]$")


run = run_check


def findings(stdout):
    """Each output line parsed; fails on a line that does not have the documented shape."""
    out = []
    for line in stdout.splitlines():
        m = LINE.match(line)
        if not m:
            raise AssertionError("not FILE:LINE:COL: severity: message [code]: %r" % line)
        out.append(m.groupdict())
    return out


class Output(unittest.TestCase):
    def test_clean_files_print_nothing_and_exit_0(self):
        code, out, err = run(corpus("minimal.txt"), corpus("example.txt"), corpus("blocker-list.txt"))
        self.assertEqual((code, out, err), (0, "", ""))

    def test_warnings_only_exit_0(self):
        code, out, _ = run(corpus("template.txt"))
        self.assertEqual(code, 0)
        got = findings(out)
        self.assertEqual(len(got), 12)
        self.assertTrue(all(f["sev"] == "warning" and f["code"] == "placeholder" for f in got))
        self.assertEqual(got[0]["file"], corpus("template.txt"))

    def test_an_error_exits_1(self):
        code, out, _ = run(corpus("bad-fields.txt"))
        self.assertEqual(code, 1)
        self.assertIn("error", [f["sev"] for f in findings(out)])

    def test_lines_are_sorted_by_position_and_files_keep_argument_order(self):
        code, out, _ = run(corpus("misspelled-sections.txt"), corpus("duplicates.txt"))
        got = findings(out)
        files = [f["file"] for f in got]
        self.assertEqual(files, sorted(files, key=[corpus("misspelled-sections.txt"), corpus("duplicates.txt")].index))
        for name in set(files):
            pos = [(int(f["line"]), int(f["col"])) for f in got if f["file"] == name]
            self.assertEqual(pos, sorted(pos))
        self.assertEqual(code, 1)

    def test_columns_count_characters_from_1(self):
        # The placeholder on the last line of unicode.txt starts after CJK text: its column is in code points.
        with open(corpus("unicode.txt"), encoding="utf-8") as f:
            lines = f.read().split("\n")
        line = next(i for i, l in enumerate(lines) if "[未翻訳" in l)
        col = lines[line].index("[未翻訳")
        _, out, _ = run(corpus("unicode.txt"))
        ph = [f for f in findings(out) if f["code"] == "placeholder"]
        self.assertEqual([(int(ph[0]["line"]), int(ph[0]["col"]))], [(line + 1, col + 1)])

    def test_crlf_positions_ignore_the_carriage_return(self):
        _, out, _ = run(corpus("crlf.txt"))
        got = {f["code"]: (int(f["line"]), int(f["col"])) for f in findings(out)}
        self.assertEqual(got["phase-out-of-range"], (5, 16))

    def test_message_names_the_thing_and_suggests(self):
        _, out, _ = run(corpus("misspelled-sections.txt"))
        msgs = [f["msg"] for f in findings(out)]
        self.assertIn('unknown section "Key Decisons"; did you mean "Key Decisions"?', msgs)

    def test_stdin_is_read_for_dash(self):
        code, out, _ = run("-", stdin="=== Notes ===\n- a\n")
        self.assertEqual(code, 1)
        got = findings(out)
        self.assertEqual((got[0]["file"], got[0]["code"]), ("<stdin>", "missing-section"))


class Flags(unittest.TestCase):
    def test_help(self):
        code, out, _ = run("--help")
        self.assertEqual(code, 0)
        self.assertIn("usage: progress-ls check", out)
        self.assertIn("--severity CODE=LEVEL", out)

    def test_severity_off_drops_a_code(self):
        code, out, _ = run("--severity", "placeholder=off", corpus("template.txt"))
        self.assertEqual((code, out), (0, ""))

    def test_severity_error_makes_the_exit_code_1(self):
        code, out, _ = run("--severity=placeholder=error", corpus("template.txt"))
        self.assertEqual(code, 1)
        self.assertTrue(all(f["sev"] == "error" for f in findings(out)))

    def test_severity_can_lower_an_error(self):
        code, out, _ = run("--severity", "phase-out-of-range=info", corpus("crlf.txt"))
        self.assertEqual(code, 0)
        self.assertIn(("info", "phase-out-of-range"), [(f["sev"], f["code"]) for f in findings(out)])

    def test_max_lines(self):
        _, out, _ = run("--max-lines", "20", corpus("example.txt"))
        got = findings(out)
        self.assertEqual([(f["code"], f["line"]) for f in got], [("file-too-long", "21")])
        _, out, _ = run("--max-lines=0", corpus("long.txt"))
        self.assertNotIn("file-too-long", out)
        _, out, _ = run(corpus("long.txt"))
        self.assertIn("file-too-long", out)

    def test_bad_usage_exits_2_with_a_message(self):
        cases = [
            (["--bogus", corpus("minimal.txt")], "--bogus"),
            ([], "no FILE"),
            (["--max-lines", "many", corpus("minimal.txt")], "many"),
            (["--max-lines"], "--max-lines needs a value"),
            (["--severity", "placeholder", corpus("minimal.txt")], "CODE=LEVEL"),
            (["--severity", "placeholder=loud", corpus("minimal.txt")], "loud"),
            (["--severity", "no-such-code=off", corpus("minimal.txt")], "no-such-code"),
        ]
        for args, words in cases:
            with self.subTest(args=args):
                code, out, err = run(*args)
                self.assertEqual((code, out), (2, ""))
                self.assertIn(words, err)

    def test_double_dash_ends_the_options(self):
        with tempfile.TemporaryDirectory() as d:
            shutil.copy(corpus("minimal.txt"), os.path.join(d, "--help"))
            code, out, err = run("--", "--help", cwd=d)
            self.assertEqual((code, out, err), (0, "", ""))


class Files(unittest.TestCase):
    def test_missing_file_exits_2_and_the_others_are_still_checked(self):
        code, out, err = run(corpus("no-such-file.txt"), corpus("template.txt"))
        self.assertEqual(code, 2)
        self.assertIn(corpus("no-such-file.txt"), err)
        self.assertIn(os.strerror(2), err)  # ENOENT
        self.assertEqual(len(findings(out)), 12)

    def test_a_file_that_is_not_progress_format_fails(self):
        code, out, _ = run("/bin/ls")
        got = findings(out)
        self.assertEqual((code, [(f["sev"], f["code"]) for f in got]), (1, [("error", "not-progress-format")]))

    def test_not_progress_format_can_be_lowered(self):
        for args in (["--severity", "not-progress-format=hint"], ["--severity", "not-progress-format=off"]):
            code, out, _ = run(*args, "/bin/ls")
            self.assertEqual(code, 0, args)
            self.assertTrue(all(f["sev"] == "hint" for f in findings(out)), out)

    def test_a_path_through_a_file_is_unreadable(self):
        code, _, err = run(os.path.join(corpus("minimal.txt"), "x"))
        self.assertEqual(code, 2)
        self.assertIn(os.strerror(20), err)  # ENOTDIR

    @unittest.skipIf(hasattr(os, "geteuid") and os.geteuid() == 0, "root reads any file")
    def test_permission_denied(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "progress.txt")
            shutil.copy(corpus("minimal.txt"), p)
            os.chmod(p, 0)
            code, _, err = run(p)
            self.assertEqual(code, 2)
            self.assertIn(os.strerror(13), err)


class Config(unittest.TestCase):
    """Settings files: the nearest `.progress-ls` or `progress-ls.conf`, up to the directory holding `.git`."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.repo = os.path.join(self.tmp, "repo")
        self.sub = os.path.join(self.repo, "a", "b")
        os.makedirs(self.sub)
        os.makedirs(os.path.join(self.repo, ".git"))
        self.file = os.path.join(self.sub, "progress.txt")
        shutil.copy(corpus("template.txt"), self.file)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def test_nearest_file_up_to_the_repository_applies(self):
        self.write(os.path.join(self.repo, "progress-ls.conf"), "# quiet the template\nseverity.placeholder = off\n")
        self.assertEqual(run(self.file), (0, "", ""))

    def test_the_nearer_file_wins(self):
        self.write(os.path.join(self.repo, "progress-ls.conf"), "severity.placeholder = off\n")
        self.write(os.path.join(self.repo, "a", ".progress-ls"), "severity.placeholder = error\n")
        code, out, _ = run(self.file)
        self.assertEqual(code, 1)
        self.assertEqual(len(findings(out)), 12)

    def test_the_walk_stops_at_the_repository_root(self):
        self.write(os.path.join(self.tmp, "progress-ls.conf"), "severity.placeholder = off\n")
        code, out, _ = run(self.file)
        self.assertEqual((code, len(findings(out))), (0, 12))

    def test_flags_override_the_file(self):
        self.write(os.path.join(self.repo, ".progress-ls"), "severity.placeholder = off\nmax-lines = 10\n")
        code, out, _ = run("--severity", "placeholder=warning", self.file)
        got = findings(out)
        self.assertEqual(code, 0)
        self.assertEqual(sum(f["code"] == "placeholder" for f in got), 12)
        self.assertEqual([f["line"] for f in got if f["code"] == "file-too-long"], ["11"])

    def test_explicit_config_replaces_the_lookup(self):
        self.write(os.path.join(self.repo, ".progress-ls"), "severity.placeholder = off\n")
        explicit = os.path.join(self.tmp, "ci.conf")
        self.write(explicit, "  severity.placeholder=error  \n\n")
        code, out, _ = run("--config", explicit, self.file)
        self.assertEqual((code, len(findings(out))), (1, 12))

    def test_a_bad_config_names_file_and_line(self):
        conf = os.path.join(self.repo, ".progress-ls")
        self.write(conf, "max-lines = 10\nmax_lines = 3\nseverity.placeholder: off\nseverity.placeholder = loud\n")
        code, out, err = run(self.file)
        self.assertEqual((code, out), (2, ""))
        # By line number, never echoing the line (a settings file could be any file's text).
        self.assertIn("%s:2: unknown setting (known: max-lines, severity.CODE)" % conf, err)
        self.assertNotIn("max_lines", err)
        self.assertNotIn("loud", err)
        self.assertIn("%s:3: expected `key = value`" % conf, err)
        self.assertIn("%s:4:" % conf, err)

    def test_an_unreadable_explicit_config(self):
        code, _, err = run("--config", os.path.join(self.tmp, "nope.conf"), self.file)
        self.assertEqual(code, 2)
        self.assertIn("nope.conf", err)


if __name__ == "__main__":
    main("test_check")
