/* cursor_text.h — test helper: a document written with a '|' where the cursor is. */
#ifndef TESTS_CURSOR_TEXT_H
#define TESTS_CURSOR_TEXT_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

/*
 * Parses `marked` without its first '|' into a new document (caller frees with core_doc_free) and
 * sets `pos` to where the '|' was, in bytes. A text without '|' puts the cursor at its end; a text
 * that needs a '|' of its own places it after the marker.
 */
static inline CoreDoc *cursor_doc(const char *marked, CorePos *pos)
{
    size_t len = strlen(marked);
    const char *bar = strchr(marked, '|');
    size_t at = bar ? (size_t)(bar - marked) : len;
    char *text = malloc(len + 1);
    memcpy(text, marked, at);
    memcpy(text + at, marked + at + (bar ? 1 : 0), len - at - (bar ? 1 : 0));
    size_t n = len - (bar ? 1 : 0);
    *pos = (CorePos){0, 0};
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            pos->line++;
            pos->col = 0;
        } else {
            pos->col++;
        }
    }
    CoreDoc *doc = core_doc_new(text, n);
    free(text);
    return doc;
}

/* A NUL-terminated copy of the text of `r` (one line) in `doc`; caller frees. */
static inline char *cursor_range_text(const CoreDoc *doc, CoreRange r)
{
    size_t len;
    const char *s = core_doc_line(doc, r.start.line, &len);
    size_t a = r.start.col < len ? r.start.col : len, b = r.end.col < len ? r.end.col : len;
    char *out = malloc(b - a + 1);
    memcpy(out, s ? s + a : "", b - a);
    out[b - a] = '\0';
    return out;
}

/* Asserts that `r` lies on one line of `doc` and holds exactly `want`; `what` names the case in the message. */
static inline void cursor_assert_range(const CoreDoc *doc, CoreRange r, const char *want, const char *what)
{
    cr_assert_eq(r.start.line, r.end.line, "%s: the range spans lines", what);
    char *got = cursor_range_text(doc, r);
    cr_assert_str_eq(got, want, "%s: the range holds \"%s\", expected \"%s\"", what, got, want);
    free(got);
}

#endif
