/* words.h — private: the line under a cursor and the word around it (identifier, qualified name, path-like run). */
#ifndef CORE_WORDS_H
#define CORE_WORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "parse.h"

static inline bool core_word_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* A path may hold anything but spaces, brackets, quotes and list punctuation. */
static inline bool core_word_is_path(unsigned char c)
{
    if (core_word_is_space(c))
        return false;
    switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case '<': case '>':
    case ',': case ';': case ':': case '"': case '\'': case '`':
        return false;
    default:
        return true;
    }
}

/* The run of bytes of s[lo, hi) satisfying `in` that contains or touches `col` (possibly empty, at `col`). */
static inline CoreSpan core_word_run(const char *s, uint32_t lo, uint32_t hi, uint32_t col, bool (*in)(unsigned char))
{
    uint32_t a = col, b = col;
    while (a > lo && in((unsigned char)s[a - 1]))
        a--;
    while (b < hi && in((unsigned char)s[b]))
        b++;
    return (CoreSpan){a, b};
}

static inline bool core_word_is_ident(unsigned char c)
{
    return core_is_ident(c);
}

/* The identifier around `col` in s[lo, hi). */
static inline CoreSpan core_word_ident(const char *s, uint32_t lo, uint32_t hi, uint32_t col)
{
    return core_word_run(s, lo, hi, col, core_word_is_ident);
}

/* Like core_word_ident, but joining identifiers across `.` and `::` (`Auth.login`, `auth::login`). */
static inline CoreSpan core_word_qualified(const char *s, uint32_t lo, uint32_t hi, uint32_t col)
{
    CoreSpan w = core_word_ident(s, lo, hi, col);
    for (;;) {
        uint32_t sep = w.start >= lo + 1 && s[w.start - 1] == '.' ? 1
                       : w.start >= lo + 2 && s[w.start - 1] == ':' && s[w.start - 2] == ':' ? 2 : 0;
        if (!sep || w.start - sep == lo || !core_is_ident((unsigned char)s[w.start - sep - 1]))
            break;
        w.start = core_word_ident(s, lo, hi, w.start - sep).start;
    }
    for (;;) {
        uint32_t sep = w.end + 1 < hi && s[w.end] == '.' ? 1
                       : w.end + 2 < hi && s[w.end] == ':' && s[w.end + 1] == ':' ? 2 : 0;
        if (!sep || !core_is_ident((unsigned char)s[w.end + sep]))
            break;
        w.end = core_word_ident(s, lo, hi, w.end + sep).end;
    }
    return w;
}

/*
 * The run of path bytes in s[lo, hi) that contains or touches `col`, without the sentence-ending
 * dots after the cursor ("see src/a.py." gives "src/a.py", but "src/a." typed so far stays whole).
 */
static inline CoreSpan core_word_path(const char *s, uint32_t lo, uint32_t hi, uint32_t col)
{
    CoreSpan w = core_word_run(s, lo, hi, col, core_word_is_path);
    while (w.end > w.start && w.end > col && s[w.end - 1] == '.')
        w.end--;
    /* `**src/a.py**` is bold, `src/a.py#L12` a location: neither is part of the path (as parse.c reads Files items). */
    while (w.end > w.start && s[w.end - 1] == '*' && w.end - 1 > col)
        w.end--;
    while (w.start < w.end && s[w.start] == '*' && w.start < col)
        w.start++;
    for (uint32_t i = w.start; i + 2 < w.end; i++) {
        if (s[i] != '#' || s[i + 1] != 'L' || s[i + 2] < '0' || s[i + 2] > '9')
            continue;
        uint32_t j = i + 2;
        while (j < w.end && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j == w.end && col <= i)
            w.end = i;
        break;
    }
    return w;
}

/* True when s[span] holds a '/', which is what makes a word look like a path. */
static inline bool core_word_has_slash(const char *s, CoreSpan span)
{
    for (uint32_t i = span.start; i < span.end; i++)
        if (s[i] == '/')
            return true;
    return false;
}

/*
 * Clamps `pos` to the document (a line past the end means the end of the last line; a column past
 * the end of its line, the line's end), reads its line's entry into `e`, and returns the line's bytes.
 */
static inline const char *core_word_line_at(const CoreDoc *doc, CorePos *pos, CoreEntry *e)
{
    uint32_t count = core_doc_line_count(doc);
    if (pos->line >= count) {
        pos->line = count - 1;
        pos->col = UINT32_MAX;
    }
    size_t len;
    const char *s = core_doc_line(doc, pos->line, &len);
    if (pos->col > len)
        pos->col = (uint32_t)len;
    core_doc_entry(doc, pos->line, e);
    return s;
}

#endif
