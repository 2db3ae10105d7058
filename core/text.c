/* text.c — the document's lines: splitting, range replacement, and position conversion between encodings. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(CoreTextLine) == 24, "the per-line record is the model's per-line cost: keep it at 24 bytes");

/* A record's size, rounded to its alignment (4: it holds nothing wider than uint32_t) for the next one in the block. */
#define LINE_SIZE(len) ((sizeof(CoreTextLine) + (len) + 3) & ~(size_t)3)

/* A line of its own allocation, with room to type in: edits of this line stay in place for a while. */
static CoreTextLine *line_new(const char *s, uint32_t len, uint8_t eol, uint8_t ascii)
{
    size_t size = LINE_SIZE(len) + len / 2 + 16;
    CoreTextLine *l = core_xmalloc(size);
    l->cap = (uint32_t)(size - sizeof(CoreTextLine));
    l->len = len;
    l->eol = eol;
    l->ascii = ascii;
    memcpy(l->bytes, s, len);
    return l;
}

static const uint8_t eol_len[] = {0, 1, 2, 1};

/* Splits `s` into lines appended to `out`; a final piece without terminator is a line too when `tail`. */
static void split(const char *s, size_t len, int tail, CoreTextLines *out)
{
    size_t start = 0;
    unsigned char high = 0; /* the OR of the line's bytes: bit 7 set when any is non-ASCII */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        high |= c;
        if (c > '\r' || (c != '\n' && c != '\r'))
            continue;
        uint8_t eol = CORE_EOL_LF;
        if (c == '\r')
            eol = (i + 1 < len && s[i + 1] == '\n') ? CORE_EOL_CRLF : CORE_EOL_CR;
        array_push(out, line_new(s + start, (uint32_t)(i - start), eol, !(high & 0x80)));
        i += eol_len[eol] - 1;
        start = i + 1;
        high = 0;
    }
    if (tail)
        array_push(out, line_new(s + start, (uint32_t)(len - start), CORE_EOL_NONE, !(high & 0x80)));
}

/* Terminators in `s`, to size the line array once (each \r\n counted twice: a harmless over-reserve). */
static uint32_t count_breaks(const char *s, size_t len)
{
    uint32_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += (s[i] == '\n') | (s[i] == '\r'); /* no branch: the loop vectorizes */
    return n;
}

static int all_ascii(const char *s, size_t len)
{
    uint64_t high = 0; /* the OR of every byte, eight at a time */
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        high |= w;
    }
    for (; i < len; i++)
        high |= (unsigned char)s[i];
    return !(high & 0x8080808080808080u);
}

/*
 * The initial parse, in two passes. The first notes where each line starts (in its slot of the line array, until
 * the line is laid out) and returns the size of the block of line records.
 */
static size_t line_starts(CoreText *t, const char *text, size_t len)
{
    array_init(&t->lines);
    array_reserve(&t->lines, count_breaks(text, len) + 1);
    size_t start = 0, total = 0;
    if (len && !memchr(text, '\r', len)) { /* the common text: each line's end found by memchr, many bytes a step */
        for (const char *nl; (nl = memchr(text + start, '\n', len - start)) != NULL;) {
            size_t i = (size_t)(nl - text);
            total += LINE_SIZE(i - start);
            t->lines.contents[t->lines.size++] = (CoreTextLine *)(uintptr_t)start; /* reserved above */
            start = i + 1;
        }
    } else {
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)text[i];
            if (c > '\r' || (c != '\n' && c != '\r'))
                continue;
            total += LINE_SIZE(i - start);
            i += c == '\r' && i + 1 < len && text[i + 1] == '\n';
            array_push(&t->lines, (CoreTextLine *)(uintptr_t)start);
            start = i + 1;
        }
    }
    array_push(&t->lines, (CoreTextLine *)(uintptr_t)start);
    return total + LINE_SIZE(len - start);
}

/*
 * The second moves each line, last first, from `src` to its record in `block` (`total` bytes). `src` may be the
 * block itself, grown from the text: no line's record starts before its bytes did (a record adds 24 bytes of head
 * where the text had a 1- or 2-byte terminator), so a move never overwrites bytes still to be read.
 */
static void lay_out(CoreText *t, char *block, size_t total, const char *src, size_t len)
{
    size_t at = total, next = len;
    for (uint32_t n = t->lines.size; n-- > 0;) {
        size_t from = (uintptr_t)t->lines.contents[n];
        uint8_t eol = CORE_EOL_NONE;
        if (n + 1 < t->lines.size)
            eol = src[next - 1] == '\r' ? CORE_EOL_CR
                  : next - from >= 2 && src[next - 2] == '\r' ? CORE_EOL_CRLF
                                                             : CORE_EOL_LF;
        uint32_t line_len = (uint32_t)(next - from - eol_len[eol]);
        at -= LINE_SIZE(line_len);
        CoreTextLine *l = (CoreTextLine *)(void *)(block + at);
        memmove(l->bytes, src + from, line_len); /* before the head is written: the two may overlap */
        l->len = line_len;
        l->cap = (uint32_t)(LINE_SIZE(line_len) - sizeof(CoreTextLine));
        l->eol = eol;
        l->ascii = (uint8_t)all_ascii(l->bytes, line_len);
        t->lines.contents[n] = l;
        next = from;
    }
    t->block = block;
    t->block_size = total;
    t->length = len;
}

void core_text_init(CoreText *t, const char *text, size_t len)
{
    size_t total = line_starts(t, text, len);
    lay_out(t, core_xmalloc(total), total, text, len);
}

/* The text's buffer grows into the block: a 20 MB didOpen peaks at the block, not at the text, a copy and the block. */
void core_text_init_take(CoreText *t, char *text, size_t len)
{
    size_t total = line_starts(t, text, len);
    char *block = core_xrealloc(text, total);
    lay_out(t, block, total, block, len);
}

/* Lines of the initial block are released with it; later ones one by one. */
static void line_free(CoreText *t, CoreTextLine *l)
{
    uintptr_t p = (uintptr_t)l, b = (uintptr_t)t->block;
    if (p < b || p >= b + t->block_size)
        free(l);
}

void core_text_destroy(CoreText *t)
{
    for (uint32_t i = 0; i < t->lines.size; i++)
        line_free(t, t->lines.contents[i]);
    array_delete(&t->lines);
    free(t->block);
    t->block = NULL;
    t->length = 0;
}

/* The common keystroke — inside one line, no line break typed — done in place when the line has room. */
static int replace_in_line(CoreText *t, CorePos start, CorePos end, const char *text, size_t len)
{
    if (start.line != end.line || memchr(text, '\n', len) || memchr(text, '\r', len))
        return 0;
    CoreTextLine *l = t->lines.contents[start.line];
    size_t new_len = (size_t)l->len - (end.col - start.col) + len;
    if (new_len > l->cap)
        return 0;
    /* Emptying a line after a lone CR joins that CR with this line's LF into one CRLF: re-split instead. */
    if (new_len == 0 && l->eol == CORE_EOL_LF && start.line > 0 &&
        t->lines.contents[start.line - 1]->eol == CORE_EOL_CR)
        return 0;
    memmove(l->bytes + start.col + len, l->bytes + end.col, l->len - end.col);
    memcpy(l->bytes + start.col, text, len);
    t->length = t->length - l->len + new_len;
    l->len = (uint32_t)new_len;
    l->ascii = (uint8_t)((l->ascii || all_ascii(l->bytes, new_len)) && all_ascii(text, len));
    return 1;
}

CoreTextChange core_text_replace(CoreText *t, CorePos start, CorePos end, const char *text, size_t len)
{
    if (replace_in_line(t, start, end, text, len))
        return (CoreTextChange){start.line, 1, 1};

    uint32_t first = start.line, last = end.line;
    CoreTextLine **lines = t->lines.contents;
    size_t prefix_len = start.col;
    /* A lone CR before the edit may pair with an inserted LF: re-split that line too. */
    if (first > 0 && lines[first - 1]->eol == CORE_EOL_CR) {
        first--;
        prefix_len = lines[first]->len + 1 + start.col;
    }
    CoreTextLine *fl = lines[first], *ll = lines[last];
    size_t suffix_len = ll->len - end.col + eol_len[ll->eol];
    size_t chunk_len = prefix_len + len + suffix_len;
    char *chunk = core_xmalloc(chunk_len);
    if (first < start.line) {
        memcpy(chunk, fl->bytes, fl->len);
        chunk[fl->len] = '\r';
        memcpy(chunk + fl->len + 1, lines[start.line]->bytes, start.col);
    } else {
        memcpy(chunk, fl->bytes, start.col);
    }
    memcpy(chunk + prefix_len, text, len);
    static const char *const eol_bytes[] = {"", "\n", "\r\n", "\r"};
    memcpy(chunk + prefix_len + len, ll->bytes + end.col, ll->len - end.col);
    memcpy(chunk + chunk_len - eol_len[ll->eol], eol_bytes[ll->eol], eol_len[ll->eol]);

    size_t old_bytes = 0;
    for (uint32_t i = first; i <= last; i++)
        old_bytes += lines[i]->len + eol_len[lines[i]->eol];

    CoreTextLines fresh;
    array_init(&fresh);
    split(chunk, chunk_len, ll->eol == CORE_EOL_NONE, &fresh);
    free(chunk);

    uint32_t old_count = last - first + 1;
    for (uint32_t i = first; i <= last; i++)
        line_free(t, lines[i]);
    array_splice_gap(&t->lines, first, old_count, fresh.size);
    memcpy(t->lines.contents + first, fresh.contents, fresh.size * sizeof *fresh.contents);
    t->length = t->length - old_bytes + chunk_len;
    CoreTextChange change = {first, old_count, fresh.size};
    array_delete(&fresh);
    return change;
}

uint32_t core_utf8_char_len(const unsigned char *s, uint32_t i, uint32_t len, uint32_t *codepoint)
{
    unsigned char c = s[i];
    uint32_t n, cp, min;
    if (c < 0x80) {
        *codepoint = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07, min = 0x10000;
    } else {
        *codepoint = 0xFFFD;
        return 1;
    }
    if (len - i < n)
        goto invalid;
    for (uint32_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            goto invalid;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        goto invalid;
    *codepoint = cp;
    return n;
invalid:
    *codepoint = 0xFFFD;
    return 1;
}

static uint32_t units(CoreEncoding enc, uint32_t bytes, uint32_t cp)
{
    switch (enc) {
    case CORE_ENC_UTF8: return bytes;
    case CORE_ENC_UTF16: return cp >= 0x10000 ? 2 : 1;
    default: return 1;
    }
}

static const CoreTextLine *clamp_line(const CoreText *t, CorePos *pos)
{
    if (pos->line >= t->lines.size) {
        pos->line = t->lines.size - 1;
        pos->col = UINT32_MAX;
    }
    return t->lines.contents[pos->line];
}

CorePos core_text_pos_from(const CoreText *t, CoreEncoding enc, CorePos pos)
{
    const CoreTextLine *l = clamp_line(t, &pos);
    if (l->ascii) {
        if (pos.col > l->len)
            pos.col = l->len;
        return pos;
    }
    const unsigned char *s = (const unsigned char *)l->bytes;
    uint32_t i = 0, u = 0;
    while (i < l->len) {
        uint32_t cp, n = core_utf8_char_len(s, i, l->len, &cp);
        uint32_t w = units(enc, n, cp);
        if (u + w > pos.col)
            break;
        u += w;
        i += n;
    }
    pos.col = i;
    return pos;
}

CorePos core_text_pos_to(const CoreText *t, CoreEncoding enc, CorePos pos)
{
    const CoreTextLine *l = clamp_line(t, &pos);
    if (pos.col > l->len)
        pos.col = l->len;
    if (l->ascii || enc == CORE_ENC_UTF8) {
        if (!l->ascii)
            pos.col = core_text_pos_from(t, CORE_ENC_UTF8, pos).col;
        return pos;
    }
    const unsigned char *s = (const unsigned char *)l->bytes;
    uint32_t i = 0, u = 0;
    while (i < l->len) {
        uint32_t cp, n = core_utf8_char_len(s, i, l->len, &cp);
        if (i + n > pos.col)
            break;
        u += units(enc, n, cp);
        i += n;
    }
    pos.col = u;
    return pos;
}
