/* json_out.c — the direct JSON writer: comma placement, integer formatting and string escaping. */
#include "json_out.h"

#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

void lsp_out_init(LspOut *o)
{
    memset(o, 0, sizeof *o);
}

void lsp_out_init_buffer(LspOut *o, char *buf, size_t cap)
{
    lsp_out_init(o);
    o->data = buf;
    o->cap = buf ? cap : 0;
}

void lsp_out_free(LspOut *o)
{
    free(o->data);
    lsp_out_init(o);
}

void lsp_out_truncate(LspOut *o, size_t len)
{
    if (len < o->len)
        o->len = len;
    o->comma = false;
}

char *lsp_out_steal(LspOut *o, size_t *len, size_t *cap)
{
    char *data = o->data ? o->data : core_xmalloc(1);
    *len = o->len;
    *cap = o->data ? o->cap : 1;
    lsp_out_init(o);
    return data;
}

void lsp_out_grow(LspOut *o, size_t n)
{
    size_t cap = o->cap ? o->cap * 2 : 256;
    while (cap - o->len < n)
        cap *= 2;
    o->data = core_xrealloc(o->data, cap);
    o->cap = cap;
}

/* Room for `n` more bytes; the common case (there is room) stays inline. */
static inline char *reserve(LspOut *o, size_t n)
{
    if (o->cap - o->len < n)
        lsp_out_grow(o, n);
    return o->data + o->len;
}

static void put(LspOut *o, const char *s, size_t n)
{
    memcpy(reserve(o, n), s, n);
    o->len += n;
}

static void putc1(LspOut *o, char c)
{
    *reserve(o, 1) = c;
    o->len++;
}

/* Every value and key starts here: a comma if something precedes it at this level. */
static void sep(LspOut *o)
{
    if (o->comma)
        putc1(o, ',');
}

void lsp_out_obj_begin(LspOut *o)
{
    sep(o);
    putc1(o, '{');
    o->comma = false;
}

void lsp_out_obj_end(LspOut *o)
{
    putc1(o, '}');
    o->comma = true;
}

void lsp_out_arr_begin(LspOut *o)
{
    sep(o);
    putc1(o, '[');
    o->comma = false;
}

void lsp_out_arr_end(LspOut *o)
{
    putc1(o, ']');
    o->comma = true;
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

void lsp_out_str(LspOut *o, const char *str, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    sep(o);
    /* Worst case: every byte becomes \u00XX (6 bytes) or U+FFFD (3 bytes), plus the quotes. */
    reserve(o, len * 6 + 2);
    char *w = o->data + o->len;
    *w++ = '"';
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *w++ = (char)c;
            i++;
            continue;
        }
        if (c >= 0x80) {
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
        switch (c) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '\n': *w++ = 'n'; break;
        case '\r': *w++ = 'r'; break;
        case '\t': *w++ = 't'; break;
        case '\b': *w++ = 'b'; break;
        case '\f': *w++ = 'f'; break;
        default:
            memcpy(w, "u00", 3);
            w[3] = hex[c >> 4];
            w[4] = hex[c & 15];
            w += 5;
        }
        i++;
    }
    *w++ = '"';
    o->len = (size_t)(w - o->data);
    o->comma = true;
}

void lsp_out_cstr(LspOut *o, const char *s)
{
    lsp_out_str(o, s, strlen(s));
}

void lsp_out_int(LspOut *o, int64_t v)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    sep(o);
    put(o, p, (size_t)(tmp + sizeof tmp - p));
    o->comma = true;
}

void lsp_out_raw(LspOut *o, const char *json, size_t len)
{
    sep(o);
    put(o, json, len);
    o->comma = true;
}

void lsp_out_bool(LspOut *o, bool v)
{
    sep(o);
    if (v)
        put(o, "true", 4);
    else
        put(o, "false", 5);
    o->comma = true;
}

void lsp_out_null(LspOut *o)
{
    sep(o);
    put(o, "null", 4);
    o->comma = true;
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    put(data, buf, size);
    return 0;
}

void lsp_out_json(LspOut *o, const json_t *v)
{
    if (!v) {
        lsp_out_null(o);
        return;
    }
    sep(o);
    json_dump_callback(v, dump_cb, o, JSON_COMPACT | JSON_ENCODE_ANY);
    o->comma = true;
}
