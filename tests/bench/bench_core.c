/* bench_core.c — prints the core's full-parse throughput, single-character edit latency and model size (not a test). */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "progress/core.h"

/* One row: `text` (taken, `len` bytes) parsed, edited and analysed; `name` the dialect column (NULL: none). */
static void bench_text(const char *name, char *text, size_t len)
{
    uint32_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';

    int reps = lines >= 100000 ? 5 : lines >= 10000 ? 40 : 400;
    double best = 1e18;
    for (int r = 0; r < reps; r++) {
        double t0 = bench_now_us();
        CoreDoc *doc = core_doc_new(text, len);
        double t = bench_now_us() - t0;
        core_doc_free(doc);
        if (t < best)
            best = t;
    }
    double mbs = (double)len / best; /* bytes per µs = MB/s */

    /* The model's heap beside the text: what a document costs per line (glibc's count of bytes in use). */
    struct mallinfo2 m0 = mallinfo2();
    CoreDoc *doc = core_doc_new(text, len);
    struct mallinfo2 m1 = mallinfo2();
    double per_line = ((double)(m1.uordblks + m1.hblkhd) - (double)(m0.uordblks + m0.hblkhd) - (double)len) / lines;
    enum { EDITS = 2000 };
    static double lat[EDITS];
    uint32_t s = 12345;
    /* The first WARMUP edits are not counted: they grow the heap, which a running server did long ago. */
    enum { WARMUP = 200 };
    for (int e = -WARMUP; e < EDITS; e++) {
        s = s * 1103515245u + 12345u;
        uint32_t line = (s >> 8) % core_doc_line_count(doc);
        CoreRange r = {{line, 3}, {line, 3}};
        double t0 = bench_now_us();
        core_doc_edit(doc, CORE_ENC_UTF16, r, "x", 1);
        if (e >= 0)
            lat[e] = bench_now_us() - t0;
    }
    qsort(lat, EDITS, sizeof lat[0], bench_cmp_double);

    /* The analyses the server runs after each keystroke: best of a few runs each. */
    double diag = 1e18, outline = 1e18;
    for (int r = 0; r < (lines >= 100000 ? 5 : 50); r++) {
        CoreDiagList dl;
        CoreOutline ol;
        double t0 = bench_now_us();
        core_diagnose(doc, NULL, &dl);
        double t1 = bench_now_us();
        core_outline(doc, &ol);
        double t2 = bench_now_us();
        core_diag_list_free(&dl);
        core_outline_free(&ol);
        if (t1 - t0 < diag)
            diag = t1 - t0;
        if (t2 - t1 < outline)
            outline = t2 - t1;
    }
    if (name)
        printf("| %-8s | %7u | %8.2f | %10.0f | %11.2f | %11.2f | %11.3f | %10.3f |\n", name, lines, (double)len / 1e6,
               mbs, lat[EDITS / 2], lat[EDITS * 99 / 100], diag / 1e3, outline / 1e3);
    else
        printf("| %7u | %8.2f | %10.0f | %11.2f | %11.2f | %11.3f | %10.3f | %12.0f |\n", lines, (double)len / 1e6, mbs,
               lat[EDITS / 2], lat[EDITS * 99 / 100], diag / 1e3, outline / 1e3, per_line);
    core_doc_free(doc);
    free(text);
}

static void bench(uint32_t lines)
{
    size_t len;
    char *text = bench_make_doc(lines, &len);
    bench_text(NULL, text, len);
}

int main(void)
{
    printf("| lines   | size MB  | parse MB/s | edit p50 µs | edit p99 µs | diagnose ms | outline ms | model B/line |\n");
    printf("|---------|----------|------------|-------------|-------------|-------------|------------|--------------|\n");
    bench(1000);
    bench(10000);
    bench(100000);
    /* Every dialect at 10,000 lines: the template, and logs in the shapes of tests/corpus/dialects. */
    printf("\n| dialect  | lines   | size MB  | parse MB/s | edit p50 µs | edit p99 µs | diagnose ms | outline ms |\n");
    printf("|----------|---------|----------|------------|-------------|-------------|-------------|------------|\n");
    fflush(stdout);
    size_t len;
    char *text = bench_make_doc(10000, &len);
    bench_text("template", text, len);
    static const char *const logs[] = {"markdown", "ralph", "plain"};
    for (int k = 0; k < 3; k++) {
        text = bench_make_log(logs[k], 10000, &len);
        bench_text(logs[k], text, len);
    }
    return 0;
}
