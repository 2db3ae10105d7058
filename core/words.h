/* words.h — private: the word around a column (identifier, qualified name, path-like run), for completion and hover. */
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

/* The run of identifier bytes in s[lo, hi) that contains or touches `col` (possibly empty, at `col`). */
static inline CoreSpan core_word_ident(const char *s, uint32_t lo, uint32_t hi, uint32_t col)
{
    uint32_t a = col, b = col;
    while (a > lo && core_is_ident((unsigned char)s[a - 1]))
        a--;
    while (b < hi && core_is_ident((unsigned char)s[b]))
        b++;
    return (CoreSpan){a, b};
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
    uint32_t a = col, b = col;
    while (a > lo && core_word_is_path((unsigned char)s[a - 1]))
        a--;
    while (b < hi && core_word_is_path((unsigned char)s[b]))
        b++;
    while (b > a && b > col && s[b - 1] == '.')
        b--;
    return (CoreSpan){a, b};
}

/* True when s[span] holds a '/', which is what makes a word look like a path. */
static inline bool core_word_has_slash(const char *s, CoreSpan span)
{
    for (uint32_t i = span.start; i < span.end; i++)
        if (s[i] == '/')
            return true;
    return false;
}

#endif
