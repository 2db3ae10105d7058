#!/usr/bin/env python3
"""Writes the long logs of this corpus (over 1,000 lines each): deterministic, so the .expected files hold.

Run from anywhere: python3 tests/corpus/dialects/make-long.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
AREAS = ["parser", "printer", "cache", "exporter", "scheduler", "auth", "search", "billing"]


def day(i):
    return "2026-%02d-%02d" % (1 + i // 28 % 12, 1 + i % 28)


def markdown(n):
    out = ["# Claude Progress Log", "", "Harness: feature_list.json, 200 features.", ""]
    for i in range(n):
        a = AREAS[i % len(AREAS)]
        out += ["## Session %d — %s" % (i + 1, day(i)), "", "### Completed",
                "- %s: step %d done" % (a, i), "- tests for the %s, round %d" % (a, i), "",
                "### Files Modified", "- `src/%s/part_%d.py`" % (a, i % 7), "",
                "### Next Steps", "- %s: step %d" % (a, i + 1), "", "Status: %d/200 features passing" % min(200, i), "",
                "---", ""]
    return out


def ralph(n):
    out = ["# Ralph Progress Log", "Started: 2026-01-01", "", "## Codebase Patterns",
           "- Run the type checker before each commit", "- One migration per story", "", "---", ""]
    for i in range(n):
        a = AREAS[i % len(AREAS)]
        out += ["## %s %02d:%02d - US-%03d" % (day(i // 3), 8 + i % 3 * 3, i % 60, i + 1),
                "- Implemented the %s change of story %d" % (a, i + 1), "- Files changed:",
                "  - src/%s/story_%d.ts" % (a, i + 1), "- **Learnings for future iterations:**",
                "  - the %s module wants its fixtures reset" % a, "---", ""]
    return out


def plain(n):
    out = []
    for i in range(n):
        a = AREAS[i % len(AREAS)]
        out += ["=== Session %s %02d:00 ===" % (day(i), 9 + i % 8), "TASK: %s round %d" % (a, i),
                "STATUS: done", "FILES: src/%s/r%d.go" % (a, i), "NEXT: %s round %d" % (a, i + 1), ""]
    return out


for name, lines in (("markdown-long.txt", markdown(80)), ("ralph-long.txt", ralph(160)), ("plain-long.txt", plain(200))):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
