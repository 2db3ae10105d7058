/* parse.c — classifies one line (header, item, key/value, annotation, placeholder); no state, no allocation. */
#include "parse.h"

#include <string.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static CoreSpan trim(const char *s, uint32_t start, uint32_t end)
{
    while (start < end && is_space((unsigned char)s[start]))
        start++;
    while (end > start && is_space((unsigned char)s[end - 1]))
        end--;
    return (CoreSpan){start, end};
}

static int ieq(const char *s, uint32_t len, const char *word)
{
    size_t n = strlen(word);
    if (len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)word[i])
            return 0;
    }
    return 1;
}

/* `=== Name ===` with at least three `=` each side; anything else starting with `==` is malformed. */
static void parse_header(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->content.start, b = out->content.end;
    uint32_t lead = a, trail = b;
    while (lead < b && s[lead] == '=')
        lead++;
    if (lead == b) {
        out->kind = CORE_LINE_TEXT; /* a rule of `=` signs, not a header */
        out->text = out->content;
        return;
    }
    while (trail > lead && s[trail - 1] == '=')
        trail--;
    out->text = trim(s, lead, trail);
    if (lead - a >= 3 && b - trail >= 3 && out->text.end > out->text.start) {
        out->kind = CORE_LINE_HEADER;
        out->section = (uint8_t)core_section_kind_of(s + out->text.start, out->text.end - out->text.start);
    } else {
        out->kind = CORE_LINE_TEXT;
        out->flags |= CORE_LINE_F_MALFORMED_HEADER;
    }
}

/* A key is short words of letters, digits, spaces, `-` and `_`, starting with a letter. */
static void parse_key(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->text.start, b = out->text.end;
    const char *colon = memchr(s + a, ':', b - a);
    if (!colon)
        return;
    uint32_t c = (uint32_t)(colon - s);
    if (c == a || c - a > 40)
        return;
    unsigned char first = (unsigned char)s[a];
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')))
        return;
    for (uint32_t i = a; i < c; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(core_is_ident(ch) || ch == ' ' || ch == '-') || ch >= 0x80)
            return;
    }
    out->flags |= CORE_LINE_F_KEY;
    out->key = trim(s, a, c);
    out->value = trim(s, c + 1, b);
}

/* A trailing `(…)` preceded by a space, matched backwards so `(reason: f(x))` is one annotation. */
static void parse_annotation(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->text.start, b = out->text.end;
    out->body = out->text;
    if (b - a < 3 || s[b - 1] != ')')
        return;
    int depth = 0;
    for (uint32_t i = b; i > a; i--) {
        char ch = s[i - 1];
        if (ch == ')')
            depth++;
        else if (ch == '(' && --depth == 0) {
            uint32_t open = i - 1;
            if (open > a && is_space((unsigned char)s[open - 1])) {
                out->flags |= CORE_LINE_F_ANNOTATION;
                out->annotation = (CoreSpan){open, b};
                out->body = trim(s, a, open);
            }
            return;
        }
    }
}

/* The first `[…]` that starts a word, holds a letter (any non-ASCII byte counts), and is not a Markdown link `[text](url)`. */
static void parse_placeholder(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->text.start, b = out->text.end;
    for (uint32_t i = a; i < b; i++) {
        const char *open = memchr(s + i, '[', b - i);
        if (!open)
            return;
        i = (uint32_t)(open - s);
        char before = i > a ? s[i - 1] : ' ';
        if (!(is_space((unsigned char)before) || before == '(' || before == ':'))
            continue;
        const char *close = memchr(s + i, ']', b - i);
        if (!close)
            return;
        uint32_t j = (uint32_t)(close - s);
        if (j + 1 < b && s[j + 1] == '(')
            continue;
        for (uint32_t k = i + 1; k < j; k++) {
            unsigned char ch = (unsigned char)s[k];
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80) { /* [未翻訳] too */
                out->flags |= CORE_LINE_F_PLACEHOLDER;
                out->placeholder = (CoreSpan){i, j + 1};
                return;
            }
        }
    }
}

uint32_t core_hash_bytes(const char *s, uint32_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    uint32_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, s + i, len - i);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    }
    h ^= h >> 29;
    return (uint32_t)h;
}

void core_line_parse(const char *s, uint32_t len, CoreLineInfo *out)
{
    memset(out, 0, sizeof *out);
    out->content = trim(s, 0, len);
    if (out->content.start == out->content.end) {
        out->content = (CoreSpan){0, 0};
        out->kind = CORE_LINE_BLANK;
        return;
    }
    uint32_t a = out->content.start, b = out->content.end;
    if (b - a >= 2 && s[a] == '=' && s[a + 1] == '=') {
        parse_header(s, out);
        if (out->kind == CORE_LINE_HEADER || (out->flags & CORE_LINE_F_MALFORMED_HEADER))
            return;
    }
    out->kind = CORE_LINE_TEXT;
    out->text = out->content;
    if ((s[a] == '-' || s[a] == '*') && (b - a == 1 || is_space((unsigned char)s[a + 1]))) {
        out->flags |= CORE_LINE_F_BULLET;
        out->text = trim(s, a + 1, b);
    }
    uint32_t ta = out->text.start, tb = out->text.end;
    if (ieq(s + ta, tb - ta, "none") || ieq(s + ta, tb - ta, "none."))
        out->flags |= CORE_LINE_F_NONE;
    parse_key(s, out);
    parse_annotation(s, out);
    parse_placeholder(s, out);
    /* Read once here, not on every look at the line: diagnostics look at every line after every keystroke. */
    core_sig_parse(s, out->body, &out->sig);
    uint32_t word = out->body.start;
    while (word < out->body.end && !is_space((unsigned char)s[word]))
        word++;
    out->word_end = word;
    out->body_hash = core_hash_bytes(s + out->body.start, out->body.end - out->body.start);
    out->word_hash = core_hash_bytes(s + out->body.start, word - out->body.start);
}

/* For each byte: the closer it opens, or 1 when it is itself a closer, or 0 — one load per byte on the hot path. */
static const unsigned char bracket[256] = {
    ['('] = ')', ['['] = ']', ['{'] = '}', ['<'] = '>', [')'] = 1, [']'] = 1, ['}'] = 1, ['>'] = 1,
};

/* Brackets must nest; `->` and `=>` are arrows, not angle brackets. */
static int unbalanced(const char *s, CoreSpan body)
{
    char stack[64];
    int depth = 0;
    for (uint32_t i = body.start; i < body.end; i++) {
        unsigned char c = (unsigned char)s[i], b = bracket[c];
        if (!b)
            continue;
        if (b > 1) {
            if (depth == (int)sizeof stack)
                return 1;
            stack[depth++] = (char)b;
            continue;
        }
        if (c == '>' && i > body.start && (s[i - 1] == '-' || s[i - 1] == '='))
            continue;
        if (depth == 0 || stack[depth - 1] != (char)c)
            return 1;
        depth--;
    }
    return depth != 0;
}

void core_sig_parse(const char *s, CoreSpan body, CoreSig *out)
{
    memset(out, 0, sizeof *out);
    uint32_t i = body.start, b = body.end;
    while (i < b && (core_is_ident((unsigned char)s[i]) || s[i] == '.' ||
                     (s[i] == ':' && i + 1 < b && s[i + 1] == ':') || (s[i] == ':' && i > body.start && s[i - 1] == ':')))
        i++;
    out->name = (CoreSpan){body.start, i};
    out->unbalanced = unbalanced(s, body);
    if (i < b && s[i] == '(') {
        int depth = 0;
        uint32_t j = i;
        for (; j < b; j++) {
            if (s[j] == '(')
                depth++;
            else if (s[j] == ')' && --depth == 0)
                break;
        }
        out->has_params = 1;
        out->params = trim(s, i + 1, j < b ? j : b);
        i = j < b ? j + 1 : b;
    }
    while (i < b && is_space((unsigned char)s[i]))
        i++;
    if (i + 1 < b && s[i] == '-' && s[i + 1] == '>')
        out->ret = trim(s, i + 2, b);
    else if (i < b && s[i] == ':')
        out->ret = trim(s, i + 1, b);
    else
        out->ret = (CoreSpan){b, b};
}
