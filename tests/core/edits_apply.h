/* edits_apply.h — test helper: applies a CoreEdit list to a text, independently of the core's own text code. */
#ifndef TESTS_EDITS_APPLY_H
#define TESTS_EDITS_APPLY_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

/* The byte offset of (line, byte col) in `text`, lines ending at \n, \r\n or a lone \r; -1 past the end. */
static inline long edits_offset(const char *text, size_t len, CorePos pos)
{
    size_t i = 0;
    for (uint32_t line = 0; line < pos.line; line++) {
        while (i < len && text[i] != '\n' && text[i] != '\r')
            i++;
        if (i == len)
            return -1;
        i += (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
    }
    size_t end = i;
    while (end < len && text[end] != '\n' && text[end] != '\r')
        end++;
    return pos.col <= end - i ? (long)(i + pos.col) : -1;
}

/*
 * Applies `edits` (positions in the original text) to `text` and returns the new text, NUL-terminated
 * (caller frees), or NULL when an edit is out of range, reversed, unsorted or overlapping: the list
 * must be in document order with each edit starting at or after the previous one's end.
 */
static inline char *edits_apply(const char *text, size_t len, const CoreEdit *edits, size_t count, size_t *out_len)
{
    size_t cap = len + 1;
    for (size_t k = 0; k < count; k++)
        cap += strlen(edits[k].text);
    char *out = malloc(cap);
    size_t n = 0;
    long prev_end = 0;
    for (size_t k = 0; k < count; k++) {
        long a = edits_offset(text, len, edits[k].range.start);
        long b = edits_offset(text, len, edits[k].range.end);
        if (a < 0 || b < a || a < prev_end) {
            free(out);
            return NULL;
        }
        memcpy(out + n, text + prev_end, (size_t)(a - prev_end));
        n += (size_t)(a - prev_end);
        size_t t = strlen(edits[k].text);
        memcpy(out + n, edits[k].text, t);
        n += t;
        prev_end = b;
    }
    memcpy(out + n, text + prev_end, len - (size_t)prev_end);
    n += len - (size_t)prev_end;
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}

/* Applies `action`'s edits to `text`; see edits_apply. */
static inline char *edits_apply_action(const char *text, const CoreAction *action)
{
    return edits_apply(text, strlen(text), action->edits, action->edit_count, NULL);
}

#endif
