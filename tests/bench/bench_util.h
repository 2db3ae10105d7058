/* bench_util.h — what every benchmark program shares: a clock, sorting of samples, and the test document. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

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

/*
 * A log of about `lines` lines in dialect `d` ("markdown", "ralph", "plain"), in the shapes of tests/corpus/dialects
 * and with the line lengths of the public logs read for it (bullets of a sentence or two, ~40 bytes a line with blanks).
 */
static inline char *bench_make_log(const char *d, uint32_t lines, size_t *len)
{
    static const char *const areas[] = {"parser", "printer", "cache", "exporter", "scheduler", "auth"};
    size_t cap = (size_t)lines * 128 + 4096, n = 0;
    char *t = malloc(cap);
    if (strcmp(d, "ralph") == 0)
        n += (size_t)sprintf(t + n, "# Ralph Progress Log\n\n## Codebase Patterns\n- one migration per story\n\n---\n\n");
    else if (strcmp(d, "markdown") == 0)
        n += (size_t)sprintf(t + n, "# Claude Progress Log\n\n");
    for (uint32_t i = 0, l = 0; l < lines; i++) {
        const char *a = areas[i % 6];
        int day = 1 + (int)(i % 28), month = 1 + (int)(i / 28 % 12);
        if (strcmp(d, "markdown") == 0) {
            n += (size_t)sprintf(t + n,
                                 "## Session %u — 2026-%02d-%02d\n\n### Completed\n- %s: step %u done, with its error paths and the retries "
                                 "the review asked for\n- tests for the %s: unit tests for every branch, one end-to-end run\n\n"
                                 "### Files Modified\n- `src/%s/part_%u.py` — the new code path and its logging\n\n"
                                 "### Next Steps\n- %s: step %u, then measure it against the previous release\n\n---\n\n",
                                 i + 1, month, day, a, i, a, a, i % 7, a, i + 1);
            l += 16;
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
        if (n + 512 > cap)
            t = realloc(t, cap *= 2);
    }
    *len = n;
    return t;
}

#endif
