#!/usr/bin/env python3
"""bench_agents.py — what the agents' channels cost: `progress-ls prime` in a 100,000-file repository against `git
status` alone, an MCP tool call warm (p50/p90 over a running `progress-ls mcp`), the briefing's size in bytes and
estimated tokens, and the token cost of the MCP tool definitions. Prints markdown tables; never part of the tests.

Usage: tests/bench/bench_agents.py BIN [DIR]   (DIR default /tmp/progress-bench-agents, generated once)
Tokens are estimated as bytes / 4 (no tokenizer is used), as the issue's own comparison does.
"""
import json
import os
import statistics
import subprocess
import sys
import time

BIN = os.path.abspath(sys.argv[1])
DIR = sys.argv[2] if len(sys.argv) > 2 else "/tmp/progress-bench-agents"
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "corpus", "example.txt")
FILES = int(os.environ.get("PROGRESS_BENCH_FILES", "100000"))
ENV = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="b@example.com", GIT_COMMITTER_NAME="bench",
           GIT_COMMITTER_EMAIL="b@example.com")
META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True)


def make_repo(path, files):
    """A repository whose progress.txt was committed before `files` files were (all changed since it)."""
    if os.path.exists(os.path.join(path, ".done")):
        return
    sys.stderr.write("generating %d files in %s (once)...\n" % (files, path))
    os.makedirs(path)
    git(path, "init", "-q")
    with open(EXAMPLE) as f, open(os.path.join(path, "progress.txt"), "w") as out:
        out.write(f.read())
    git(path, "add", "progress.txt")
    git(path, "commit", "-qm", "progress")
    for i in range(files):
        d = os.path.join(path, "src", "m%03d" % (i // 100))
        if i % 100 == 0:
            os.makedirs(d)
        with open(os.path.join(d, "f%03d.py" % (i % 100)), "w") as f:
            f.write("x = %d\n" % i)
    git(path, "add", "-A")
    git(path, "commit", "-qm", "files")
    open(os.path.join(path, ".done"), "w").close()


def timed(cmd, cwd):
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - t) * 1000


def prime_vs_status(repo, rounds=9):
    cmds = [("git status", ["git", "status"]),
            ("git status --porcelain=v2 -z --untracked-files=all", ["git", "status", "--porcelain=v2", "-z",
                                                                    "--untracked-files=all"]),
            ("progress-ls prime", [BIN, "prime"])]
    for _, cmd in cmds:  # warm the page cache and git's index
        timed(cmd, repo)
    times = {name: [] for name, _ in cmds}
    for _ in range(rounds):  # interleaved, so load hits all alike
        for name, cmd in cmds:
            times[name].append(timed(cmd, repo))
    return {name: statistics.median(v) for name, v in times.items()}


class Mcp:
    def __init__(self, repo):
        self.p = subprocess.Popen([BIN, "mcp"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.n = 0

    def ask(self, method, params=None):
        self.n += 1
        msg = {"jsonrpc": "2.0", "id": self.n, "method": method, "params": dict(params or {}, _meta=META)}
        self.p.stdin.write((json.dumps(msg) + "\n").encode())
        self.p.stdin.flush()
        return self.p.stdout.readline()

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def stamp(m):
    return json.loads(m.ask("tools/call", {"name": "state"}))["result"]["structuredContent"]["stamp"]


def tool_calls(repo, calls, label, warm=5, count=101):
    """p50/p90 of `count` requests of each kind to one running server after `warm` untimed ones. A call's params
    may be a function of the server (the edits need the stamp of the moment: read untimed, before the call)."""
    m = Mcp(repo)
    rows = []
    for name, method, params in calls:
        ts = []
        for i in range(warm + count):
            p = params(m, i) if callable(params) else params
            t = time.perf_counter()
            answer = json.loads(m.ask(method, p))
            took = (time.perf_counter() - t) * 1000
            assert "error" not in answer and not answer["result"].get("isError"), answer
            if i >= warm:
                ts.append(took)
        ts.sort()
        rows.append("| %s | %s | %d | %.3f ms | %.3f ms |" % (label, name, count, ts[count // 2], ts[count * 9 // 10]))
    m.close()
    return rows


def edit_same(m, i):
    """Blockers set to what it says already: the write path without a write (read, stamp, apply, compare)."""
    return {"name": "edit", "arguments": {"op": "set", "name": "Blockers", "text": "None", "stamp": stamp(m)}}


def edit_write(m, i):
    """Blockers set to another text each time: the file replaced (temporary, fsync, rename)."""
    return {"name": "edit", "arguments": {"op": "set", "name": "Blockers", "text": "Review %d" % i, "stamp": stamp(m)}}


CALLS = [("tools/list (the floor)", "tools/list", None), ("server/discover", "server/discover", None),
         ("state", "tools/call", {"name": "state"}), ("check", "tools/call", {"name": "check"}),
         ("prime", "tools/call", {"name": "prime"}),
         ("edit, nothing to change", "tools/call", edit_same), ("edit, the file written", "tools/call", edit_write)]


def main():
    big = os.path.join(DIR, "repo-%d" % FILES)
    small = os.path.join(DIR, "small")
    make_repo(big, FILES)
    make_repo(small, 50)

    print("### prime against git status in a %d-file repository\n" % FILES)
    print("| the repository | command | median of 9 (interleaved) | prime / this |")
    print("|---|---|---|---|")
    for label in ("every file committed after progress.txt", "progress.txt committed last (nothing since)"):
        if label.startswith("progress.txt"):
            with open(os.path.join(big, "progress.txt"), "a") as f:
                f.write("\n")
            git(big, "commit", "-qam", "progress again")
        med = prime_vs_status(big)
        for name, ms in med.items():
            print("| %s | `%s` | %.1f ms | %.2f× |" % (label, name, ms, med["progress-ls prime"] / ms))
    git(big, "reset", "-q", "--hard", "HEAD~1")  # as generated, for the next run
    print()

    print("### An MCP request, warm (one running `progress-ls mcp`, 5 requests to warm up, then timed)\n")
    print("| repository | request | timed | p50 | p90 |")
    print("|---|---|---|---|---|")
    for repo, label in ((small, "50 files"), (big, "%d files" % FILES)):
        for row in tool_calls(repo, CALLS, label):
            print(row)
        git(repo, "checkout", "-q", "progress.txt")  # the edits' Blockers, undone for the next run
    print()

    print("### Sizes (tokens estimated as bytes / 4)\n")
    print("| what | bytes | ~tokens |")
    print("|---|---|---|")
    for label, repo in (("briefing, example file, 50 changed files", small),
                        ("briefing, example file, %d changed files" % FILES, big)):
        out = subprocess.run([BIN, "prime"], cwd=repo, capture_output=True).stdout
        print("| %s | %d | %d |" % (label, len(out), len(out) // 4))
    m = Mcp(small)
    tools = json.loads(m.ask("tools/list"))["result"]["tools"]
    m.close()
    defs = json.dumps(tools, separators=(",", ":")).encode()
    print("| MCP tool definitions (tools/list `tools`, compact JSON, 5 tools) | %d | %d |" % (len(defs), len(defs) // 4))
    m = Mcp(small)
    instructions = json.loads(m.ask("server/discover"))["result"]["instructions"].encode()
    m.close()
    print("| MCP `instructions` | %d | %d |" % (len(instructions), len(instructions) // 4))


if __name__ == "__main__":
    main()
