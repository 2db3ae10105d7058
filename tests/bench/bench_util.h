/* bench_util.h — what every benchmark program shares: a clock, sorting of samples, and the test document. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

#endif
