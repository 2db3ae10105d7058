/* json_out.c — the direct JSON writer: buffer growth, its tables and the slow path of string escaping. */
#include "support/json_out.h"

#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

#define PAIRS(t) t "0" t "1" t "2" t "3" t "4" t "5" t "6" t "7" t "8" t "9"
const char lsp_out_digit_pairs[200] = PAIRS("0") PAIRS("1") PAIRS("2") PAIRS("3") PAIRS("4") PAIRS("5") PAIRS("6")
    PAIRS("7") PAIRS("8") PAIRS("9");
#undef PAIRS

#define U16(c) 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u'
#define ONE16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
const unsigned char lsp_out_escape[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u', /* 0x00 */
    U16(0x10),                                                                       /* 0x10 */
    [0x22] = '"',
    [0x5c] = '\\',
    [0x80] = ONE16, ONE16, ONE16, ONE16, ONE16, ONE16, ONE16, ONE16, /* 0x80–0xFF */
};
#undef U16
#undef ONE16

void lsp_out_init(LspOut *o)
{
    memset(o, 0, sizeof *o);
}

void lsp_out_init_take(LspOut *o, char *buf, size_t cap)
{
    lsp_out_init(o);
    o->data = buf;
    o->cap = buf ? cap : 0;
}

LspOutPiece *lsp_out_piece_new(const char *bytes, size_t len)
{
    LspOutPiece *p = core_xmalloc(sizeof *p + (len ? len : 1));
    p->refs = 1;
    p->len = len;
    if (len)
        memcpy(p->bytes, bytes, len);
    return p;
}

void lsp_out_piece_release(LspOutPiece *p)
{
    if (p && --p->refs == 0)
        free(p);
}

void lsp_out_splices_free(LspOutSplice *splices, size_t count)
{
    for (size_t i = 0; i < count; i++)
        lsp_out_piece_release(splices[i].piece);
    free(splices);
}

void lsp_out_free(LspOut *o)
{
    free(o->data);
    lsp_out_splices_free(o->splices, o->splice_count);
    lsp_out_init(o);
}

void lsp_out_truncate(LspOut *o, size_t len)
{
    if (len < o->len)
        o->len = len;
    while (o->splice_count && o->splices[o->splice_count - 1].at >= o->len) {
        LspOutSplice *last = &o->splices[--o->splice_count];
        o->spliced -= last->len;
        lsp_out_piece_release(last->piece);
    }
    o->comma = false;
}

void lsp_out_splice(LspOut *o, LspOutPiece *p)
{
    lsp_out_splice_range(o, p, 0, p->len);
}

void lsp_out_splice_range(LspOut *o, LspOutPiece *p, size_t off, size_t len)
{
    if (!len)
        return;
    if (o->splice_count) { /* does it continue the last slice, the bytes between included? */
        LspOutSplice *last = &o->splices[o->splice_count - 1];
        size_t end = last->off + last->len, written = o->len - last->at, between = written + (o->comma ? 1 : 0);
        bool same = last->piece == p && off == end + between && last->at >= o->fixed &&
                    (!o->comma || (off > 0 && p->bytes[off - 1] == ','));
        for (size_t i = 0; same && i < written; i++) /* a few bytes: `,` and the `]}` that close blocks */
            same = p->bytes[end + i] == o->data[last->at + i];
        if (same) {
            o->len = last->at;
            last->len += between + len;
            o->spliced += between + len;
            o->comma = true;
            return;
        }
    }
    if (o->comma) {
        char *w = lsp_out_reserve(o, 1);
        *w = ',';
        o->len++;
    }
    if (o->splice_count == o->splice_cap) {
        o->splice_cap = o->splice_cap ? o->splice_cap * 2 : 16;
        o->splices = core_xrealloc(o->splices, o->splice_cap * sizeof *o->splices);
    }
    o->splices[o->splice_count++] =
        (LspOutSplice){.at = o->len, .piece = lsp_out_piece_retain(p), .off = off, .len = len};
    o->spliced += len;
    o->comma = true;
}

/* Copies the text written, pieces included, to `w` (o->len + o->spliced bytes). */
static void copy_text(const LspOut *o, char *w)
{
    size_t from = 0;
    for (size_t i = 0; i < o->splice_count; i++) {
        const LspOutSplice *sp = &o->splices[i];
        if (sp->at > from) /* never from a NULL buffer: a piece may come first */
            memcpy(w, o->data + from, sp->at - from);
        w += sp->at - from;
        memcpy(w, sp->piece->bytes + sp->off, sp->len);
        w += sp->len;
        from = sp->at;
    }
    if (o->len > from)
        memcpy(w, o->data + from, o->len - from);
}

LspOutPiece *lsp_out_gather(LspOut *o)
{
    size_t total = o->len + o->spliced;
    LspOutPiece *p = core_xmalloc(sizeof *p + (total ? total : 1));
    p->refs = 1;
    p->len = total;
    copy_text(o, p->bytes);
    lsp_out_splices_free(o->splices, o->splice_count);
    o->splices = NULL;
    o->splice_count = o->splice_cap = 0;
    o->spliced = 0;
    o->len = o->fixed = 0;
    o->splice_cap = 1;
    o->splices = core_xmalloc(sizeof *o->splices);
    o->splices[0] = (LspOutSplice){.at = 0, .piece = p, .off = 0, .len = total}; /* the writer's reference */
    o->splice_count = 1;
    o->spliced = total;
    return p;
}

void lsp_out_flatten(LspOut *o)
{
    if (!o->splice_count)
        return;
    size_t total = o->len + o->spliced;
    char *data = core_xmalloc(total ? total : 1);
    copy_text(o, data);
    lsp_out_splices_free(o->splices, o->splice_count);
    free(o->data);
    o->splices = NULL;
    o->splice_count = o->splice_cap = 0;
    o->spliced = 0;
    o->data = data;
    o->cap = total ? total : 1;
    o->len = total;
}

char *lsp_out_steal_spliced(LspOut *o, size_t *len, size_t *cap, LspOutSplice **splices, size_t *count)
{
    char *data = o->data ? o->data : core_xmalloc(1);
    *len = o->len;
    *cap = o->data ? o->cap : 1;
    *splices = o->splices;
    *count = o->splice_count;
    lsp_out_init(o);
    return data;
}

char *lsp_out_steal(LspOut *o, size_t *len, size_t *cap)
{
    lsp_out_flatten(o);
    LspOutSplice *none;
    size_t count;
    return lsp_out_steal_spliced(o, len, cap, &none, &count);
}

void lsp_out_grow(LspOut *o, size_t n)
{
    size_t cap = o->cap ? o->cap * 2 : 256;
    while (cap - o->len < n)
        cap *= 2;
    o->data = core_xrealloc(o->data, cap);
    o->cap = cap;
}

/* Length of the valid UTF-8 sequence at s[0] (RFC 3629: no overlongs, surrogates or > U+10FFFF), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

char *lsp_out_at_str_rest(char *w, const unsigned char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0;
    while (i < len) {
        /* A run of plain ASCII: eight bytes at a time, then byte by byte up to the next special one. */
        for (; i + 8 <= len; i += 8, w += 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            memcpy(w, &x, 8);
            if (lsp_out_special8(x))
                break;
        }
        for (; i < len && lsp_out_escape[s[i]] == 0; i++)
            *w++ = (char)s[i];
        if (i == len)
            break;
        unsigned char c = s[i], e = lsp_out_escape[c];
        if (e == 1) {
            size_t n = utf8_valid(s + i, len - i);
            if (n) {
                memcpy(w, s + i, n);
                w += n;
                i += n;
            } else {
                memcpy(w, "\xEF\xBF\xBD", 3);
                w += 3;
                i++;
            }
            continue;
        }
        *w++ = '\\';
        *w++ = (char)e;
        if (e == 'u') {
            memcpy(w, "00", 2);
            w[2] = hex[c >> 4];
            w[3] = hex[c & 15];
            w += 4;
        }
        i++;
    }
    return w;
}

void lsp_out_raw(LspOut *o, const char *json, size_t len)
{
    char *w = lsp_out_sep(o, len);
    memcpy(w, json, len);
    lsp_out_commit(o, w + len);
}

void lsp_out_bool(LspOut *o, bool v)
{
    char *w = lsp_out_sep(o, 5);
    lsp_out_commit(o, v ? lsp_out_at_lit(w, "true") : lsp_out_at_lit(w, "false"));
}

void lsp_out_null(LspOut *o)
{
    char *w = lsp_out_sep(o, 4);
    lsp_out_commit(o, lsp_out_at_lit(w, "null"));
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    LspOut *o = data;
    memcpy(lsp_out_reserve(o, size), buf, size);
    o->len += size;
    return 0;
}

void lsp_out_json(LspOut *o, const json_t *v)
{
    if (!v) {
        lsp_out_null(o);
        return;
    }
    if (o->comma) {
        *lsp_out_reserve(o, 1) = ',';
        o->len++;
    }
    json_dump_callback(v, dump_cb, o, JSON_COMPACT | JSON_ENCODE_ANY);
    o->comma = true;
}
