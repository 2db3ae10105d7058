/* bench_util.h — what every benchmark program shares: a clock, sorting of samples, and the test document. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * A realistic progress.txt grown to `lines` lines: Session State, then Files Modified, Files To Modify, Interfaces
 * Defined and Notes sections of 500 items each in turn. Caller frees; `*len` is its length.
 */
static inline char *bench_make_doc(uint32_t lines, size_t *len)
{
    size_t cap = (size_t)lines * 64 + 1024, n = 0;
    char *buf = malloc(cap);
    n += (size_t)sprintf(buf + n,
                         "=== Session State ===\nLast completed: Token service\nNext task: Sessions\n"
                         "Blockers: None\nCurrent phase: 2 of 4 (Implementation)\nComplexity level: Medium\n\n");
    uint32_t l = 7, i = 0;
    static const char *const heads[] = {"Files Modified", "Files To Modify", "Interfaces Defined", "Notes"};
    while (l < lines) {
        int sec = (int)((i / 500) % 4);
        if (i % 500 == 0) {
            n += (size_t)sprintf(buf + n, "\n=== %s ===\n", heads[sec]);
            l += 2;
        }
        if (sec < 2)
            n += (size_t)sprintf(buf + n, "src/module%u/file%u.py (create)\n", i % 97, i);
        else if (sec == 2)
            n += (size_t)sprintf(buf + n, "handler_%u(request: Request, n: int) -> Response\n", i);
        else
            n += (size_t)sprintf(buf + n, "- Note %u about the design of handler_%u\n", i, i / 2);
        l++, i++;
    }
    *len = n;
    return buf;
}

/* How many lines `t[0..n)` holds (each '\n' ends one). */
static inline uint32_t bench_count_lines(const char *t, size_t n)
{
    uint32_t l = 0;
    for (size_t i = 0; i < n; i++)
        l += t[i] == '\n';
    return l;
}

/*
 * One `## Session` entry of a markdown session log, as agents write them (tests/corpus/dialects/markdown-*.txt and
 * the public logs read for it): a paragraph of prose, Completed bullets of a sentence or two with paths in
 * backticks, Files Modified, and in turn a code fence, a CJK section, a Blockers section. Returns its length.
 */
static inline size_t bench_log_markdown_entry(char *t, uint32_t i, const char *a, int month, int day)
{
    size_t n = (size_t)sprintf(t,
                               "## Session %u — 2026-%02d-%02d\n\n"
                               "Picked up the %s work where session %u left it. The review asked for smaller functions "
                               "and a test for every error path, so most of the session went into the tests.\n\n"
                               "### Completed\n"
                               "- %s: step %u done, with its error paths and the retries the review asked for; the old entry point stays "
                               "behind a flag until the next release\n"
                               "- tests for the %s: unit tests for every branch, one end-to-end run against staging with the production "
                               "config, and a property test for the parser of its settings\n"
                               "- fixed the flaky `test_%s_timeout`, which raced the scheduler's first tick (it now waits on the ready event "
                               "instead of sleeping 100 ms)\n"
                               "- `make lint` and `make test` green\n\n"
                               "### Files Modified\n"
                               "- `src/%s/part_%u.py` — the new code path, its logging and the metrics the dashboard reads\n"
                               "- `tests/%s/test_part_%u.py` — table-driven cases for the retries and the timeouts\n"
                               "- `docs/%s.md`\n\n",
                               i + 1, month, day, a, i, a, i, a, a, a, i % 7, a, i % 7, a);
    if (i % 3 == 0)
        n += (size_t)sprintf(t + n,
                             "### Notes\nRun the slow tests with:\n\n```bash\nPYTHONPATH=src pytest tests/%s -k retries -x\n"
                             "# expect 42 passed\n```\n\n",
                             a);
    if (i % 4 == 1)
        n += (size_t)sprintf(t + n, "### 备注\n- %s 模块的重试逻辑已经完成，下一步是性能测试和文档。\n- 超时设置为 30 秒\n\n", a);
    if (i % 5 == 2)
        n += (size_t)sprintf(t + n, "### Blockers\n- waiting on the %s schema review before the migration\n\n", a);
    n += (size_t)sprintf(t + n,
                         "### Next Steps\n- %s: step %u, then measure it against the previous release\n"
                         "- ask in the review whether the retry budget should be per request or per session\n\n---\n\n",
                         a, i + 1);
    return n;
}

/*
 * A log in dialect `d` ("markdown", "ralph", "plain") in the shapes of tests/corpus/dialects and with the line
 * lengths of the public logs read for it: the markdown log exactly `lines` lines at ~47 bytes a line (3,600 lines are
 * ~170 KB, issue 21's log), the Ralph and plain logs about `lines`. Caller frees; `*len` is its length.
 */
static inline char *bench_make_log(const char *d, uint32_t lines, size_t *len)
{
    static const char *const areas[] = {"parser", "printer", "cache", "exporter", "scheduler", "auth"};
    size_t cap = (size_t)lines * 128 + 4096, n = 0;
    char *t = malloc(cap);
    bool markdown = strcmp(d, "markdown") == 0;
    if (strcmp(d, "ralph") == 0)
        n += (size_t)sprintf(t + n, "# Ralph Progress Log\n\n## Codebase Patterns\n- one migration per story\n\n---\n\n");
    else if (markdown)
        n += (size_t)sprintf(t + n, "# Claude Progress Log\n\nHarness: feature_list.json, 200 features.\n"
                             "Started 2026-01-01, one session a day; older sessions are archived in progress-archive.md.\n\n"
                             "Rules: one feature per session, tests before the commit, this log updated last.\n"
                             "Each session appends its entry below; the newest is last.\n\n");
    uint32_t l = bench_count_lines(t, n);
    for (uint32_t i = 0; l < lines; i++) {
        const char *a = areas[i % 6];
        int day = 1 + (int)(i % 28), month = 1 + (int)(i / 28 % 12);
        if (markdown) {
            size_t m = bench_log_markdown_entry(t + n, i, a, month, day);
            l += bench_count_lines(t + n, m);
            n += m;
        } else if (strcmp(d, "ralph") == 0) {
            n += (size_t)sprintf(t + n,
                                 "## 2026-%02d-%02d %02u:%02u - US-%03u\n- Implemented the %s change of the story with its migration and "
                                 "tests\n- Files changed:\n  - src/%s/story_%u.ts\n- **Learnings for future iterations:**\n"
                                 "  - reset the %s fixtures before each test, or the second run sees the first one's rows\n---\n\n",
                                 month, day, 8 + i % 10, i % 60, i + 1, a, a, i + 1, a);
            l += 8;
        } else {
            n += (size_t)sprintf(t + n, "=== Session 2026-%02d-%02d %02u:00 ===\nTASK: %s round %u, the part that "
                                        "handles retries and timeouts\nSTATUS: done, all tests green on CI after two "
                                        "flaky runs\nFILES: src/%s/r%u.go, with its table-driven tests\nNEXT: %s round "
                                        "%u, starting from the open review comments\n\n",
                                 month, day, 9 + i % 8, a, i, a, i, a, i + 1);
            l += 6;
        }
        if (n + 2048 > cap)
            t = realloc(t, cap *= 2);
    }
    /* The markdown log stops at the end of its `lines`th line, inside its last entry as a log being written does. */
    while (markdown && l > lines)
        if (t[--n - 1] == '\n')
            l--;
    *len = n;
    return t;
}

#endif
