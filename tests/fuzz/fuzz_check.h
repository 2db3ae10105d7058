/* fuzz_check.h — the invariants every fuzz target checks on core results: ranges inside the document. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#include "progress/core.h"

/* Aborts (a finding for libFuzzer) with `what` when `ok` is false. */
static inline void fuzz_require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz invariant broken: %s\n", what);
        abort();
    }
}

/* A byte position is inside the document: an existing line, a column at most the line's length. */
static inline void fuzz_require_pos(const CoreDoc *doc, CorePos pos, const char *what)
{
    size_t len = 0;
    fuzz_require(pos.line < core_doc_line_count(doc), what);
    fuzz_require(core_doc_line(doc, pos.line, &len) != NULL, what);
    fuzz_require(pos.col <= len, what);
}

/* A range is inside the document and does not end before it starts. */
static inline void fuzz_require_range(const CoreDoc *doc, CoreRange r, const char *what)
{
    fuzz_require_pos(doc, r.start, what);
    fuzz_require_pos(doc, r.end, what);
    fuzz_require(r.start.line < r.end.line || (r.start.line == r.end.line && r.start.col <= r.end.col), what);
}

#endif
