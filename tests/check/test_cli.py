#!/usr/bin/env python3
"""test_cli.py — the command line a person meets: `--help` lists every command and points at `check --help`,
each command has its own --help, and the server started on a terminal says in one line what it is.

Needs PROGRESS_LS (as ctest sets it).
"""
import os
import pty
import re
import select
import subprocess
import time
import unittest

from checkrun import BIN, main


class Help(unittest.TestCase):
    def test_help_lists_every_command_with_a_line_each(self):
        p = subprocess.run([BIN, "--help"], capture_output=True, text=True, timeout=30)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        commands = re.findall(r"^  ([a-z]+) +\S.*$", p.stdout.split("Commands:\n", 1)[1], re.M)
        self.assertIn("check", commands)
        self.assertIn("hook", commands)
        self.assertIn("progress-ls check --help", p.stdout)
        for c in commands:
            with self.subTest(c):
                h = subprocess.run([BIN, c, "--help"], capture_output=True, text=True, timeout=30)
                self.assertEqual(h.returncode, 0)
                self.assertTrue(h.stdout.startswith("usage: progress-ls " + c), h.stdout[:80])

    def test_an_unknown_argument_is_one_line(self):
        p = subprocess.run([BIN, "chek"], capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr.splitlines(), ['progress-ls: unknown argument "chek"; try `progress-ls --help`'])


class Terminal(unittest.TestCase):
    def test_started_on_a_terminal_the_server_says_what_it_is(self):
        master, slave = pty.openpty()
        p = subprocess.Popen([BIN], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(slave)
        try:
            err = b""
            deadline = time.monotonic() + 30
            while b"\n" not in err and time.monotonic() < deadline:
                r, _, _ = select.select([p.stderr], [], [], 1)
                if r:
                    chunk = os.read(p.stderr.fileno(), 4096)
                    if not chunk:
                        break
                    err += chunk
        finally:
            os.close(master)  # the terminal goes away: the server sees the end of its input
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        line = err.decode().splitlines()[0]
        self.assertIn("speaks LSP on stdin/stdout", line)
        self.assertIn("progress-ls check progress.txt", line)

    def test_from_a_pipe_the_server_says_nothing(self):
        p = subprocess.run([BIN], input=b"", capture_output=True, timeout=30)
        self.assertEqual(p.stderr, b"")


if __name__ == "__main__":
    main("test_cli")
