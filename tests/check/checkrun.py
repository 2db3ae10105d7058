"""checkrun.py — what the tests of the command line share: the binary and corpus from ctest's environment, running
`progress-ls check`, and the unittest main that prints a summary line."""
import os
import subprocess
import sys
import unittest

BIN = os.environ.get("PROGRESS_LS", "")
HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get("CORPUS_DIR", os.path.join(HERE, "..", "corpus"))


def corpus(name):
    """The path of a corpus file."""
    return os.path.join(CORPUS, name)


def corpus_text(name):
    with open(corpus(name), encoding="utf-8") as f:
        return f.read()


def write_file(root, rel, text):
    """Writes `text` (UTF-8) to `root`/`rel`, making the folders on the way."""
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run_check(*args, stdin=None, cwd=None, env=None):
    """`progress-ls check ARGS`: (exit code, stdout, stderr), with no output format from the caller's environment."""
    e = dict(os.environ)
    e.pop("PROGRESS_LS_OUTPUT_FORMAT", None)
    e.update(env or {})
    p = subprocess.run([BIN, "check", *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=e, timeout=60)
    return p.returncode, p.stdout, p.stderr


def main(name, needs=()):
    """Runs the module's tests; `needs` lists (path, how to get it) that must be executable first."""
    if not BIN or not os.access(BIN, os.X_OK):
        print("%s: PROGRESS_LS must name the progress-ls binary" % name, file=sys.stderr)
        sys.exit(2)
    for path, how in needs:
        if not path or not os.access(path, os.X_OK):
            print("%s: %s is missing: %s" % (name, path, how), file=sys.stderr)
            sys.exit(2)
    result = unittest.main(exit=False, verbosity=1).result
    n, bad = result.testsRun, len(result.failures) + len(result.errors)
    print("%s: %d tests, %d failed, %d skipped" % (name, n, bad, len(result.skipped)))
    sys.exit(1 if bad else 0)
