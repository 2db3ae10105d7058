/* bench_format.c — prints the formatter's and the semantic tokens' times on 10,000 lines (not a test). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "progress/core.h"
#include "progress/format.h"
#include "server/tokens.h"

/* The median and p99 of `n` samples (sorted in place). */
static void stats(double *t, int n, double *p50, double *p99)
{
    qsort(t, (size_t)n, sizeof t[0], bench_cmp_double);
    *p50 = t[n / 2];
    *p99 = t[n * 99 / 100];
}

/* The test document with its layout spoiled: trailing spaces, doubled blank lines, mixed bullets, spaced headers. */
static char *messy_doc(uint32_t lines, size_t *len)
{
    size_t clean_len;
    char *clean = bench_make_doc(lines, &clean_len);
    char *out = malloc(clean_len * 2 + 16), *w = out;
    uint32_t n = 0;
    for (char *line = clean; line < clean + clean_len; n++) {
        char *end = memchr(line, '\n', (size_t)(clean + clean_len - line));
        size_t l = end ? (size_t)(end - line) : strlen(line);
        if (l > 4 && memcmp(line, "=== ", 4) == 0) {
            w += sprintf(w, "==== %.*s =====\n\n", (int)(l - 8), line + 4);
        } else if (l > 2 && line[0] == '-' && n % 3 == 0) {
            w += sprintf(w, "*   %.*s  \n", (int)(l - 2), line + 2);
        } else {
            memcpy(w, line, l);
            w += l;
            w += sprintf(w, n % 5 == 0 ? "  \n" : "\n");
        }
        line += l + 1;
    }
    free(clean);
    *len = (size_t)(w - out);
    return out;
}

int main(void)
{
    enum { LINES = 10000, RUNS = 200, EDITS = 2000, WARMUP = 200 };
    static double t[EDITS];
    double p50, p99;
    printf("| measure (10,000 lines) | runs | median | p99 |\n|---|---|---|---|\n");

    /* Formatting: a canonical document (no edits to make) and a messy one (an edit on many lines). */
    size_t len;
    char *text = bench_make_doc(LINES, &len);
    CoreDoc *doc = core_doc_new(text, len);
    for (int r = 0; r < RUNS; r++) {
        CoreEditList edits;
        double t0 = bench_now_us();
        core_format(doc, NULL, 0, UINT32_MAX, &edits);
        t[r] = bench_now_us() - t0;
        core_edit_list_free(&edits);
    }
    stats(t, RUNS, &p50, &p99);
    printf("| formatting, canonical text (0 edits) | %d | %.3f ms | %.3f ms |\n", RUNS, p50 / 1e3, p99 / 1e3);
    size_t messy_len;
    char *messy = messy_doc(LINES, &messy_len);
    CoreDoc *mdoc = core_doc_new(messy, messy_len);
    size_t edit_count = 0;
    for (int r = 0; r < RUNS; r++) {
        CoreEditList edits;
        double t0 = bench_now_us();
        core_format(mdoc, NULL, 0, UINT32_MAX, &edits);
        t[r] = bench_now_us() - t0;
        edit_count = edits.count;
        core_edit_list_free(&edits);
    }
    stats(t, RUNS, &p50, &p99);
    printf("| formatting, messy text (%zu edits) | %d | %.3f ms | %.3f ms |\n", edit_count, RUNS, p50 / 1e3, p99 / 1e3);

    /* Semantic tokens, full: every line tokenized into the cache, and the cache written as the data array. */
    LspTokens *tok = lsp_tokens_new();
    LspOut o;
    lsp_out_init(&o);
    for (int r = 0; r < RUNS; r++) {
        lsp_out_truncate(&o, 0);
        double t0 = bench_now_us();
        lsp_tokens_full(tok, doc, CORE_ENC_UTF16, (uint64_t)r + 1);
        lsp_tokens_write_data(&o, tok);
        t[r] = bench_now_us() - t0;
    }
    stats(t, RUNS, &p50, &p99);
    printf("| semanticTokens/full: tokenize + write (%u tokens, %.2f MB) | %d | %.3f ms | %.3f ms |\n",
           tok->toks.size, (double)o.len / 1e6, RUNS, p50 / 1e3, p99 / 1e3);

    /* Semantic tokens, delta after a one-character edit on a random line. */
    uint32_t s = 12345;
    uint64_t id = RUNS + 1;
    for (int e = -WARMUP; e < EDITS; e++) {
        s = s * 1103515245u + 12345u;
        uint32_t line = (s >> 8) % core_doc_line_count(doc);
        core_doc_edit(doc, CORE_ENC_UTF16, (CoreRange){{line, 3}, {line, 3}}, "x", 1);
        LspTokensEdit edit;
        double t0 = bench_now_us();
        lsp_tokens_delta(tok, doc, ++id, &edit);
        double dt = bench_now_us() - t0;
        array_delete(&edit.data);
        if (e >= 0)
            t[e] = dt;
    }
    stats(t, EDITS, &p50, &p99);
    printf("| semanticTokens/full/delta after a one-character edit | %d | %.3f ms | %.3f ms |\n", EDITS, p50 / 1e3,
           p99 / 1e3);

    lsp_out_free(&o);
    lsp_tokens_free(tok);
    core_doc_free(mdoc);
    core_doc_free(doc);
    free(messy);
    free(text);
    return 0;
}
