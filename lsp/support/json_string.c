/* json_string.c — the largest string of a message body, found and decoded outside jansson (a whole document's text). */
#include "support/json_string.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "progress/alloc.h"

size_t lsp_json_string_largest(const char *body, size_t len, size_t *start, size_t *end)
{
    size_t best = 0;
    const char *p = body, *stop = body + len;
    while (p < stop && (p = memchr(p, '"', (size_t)(stop - p)))) {
        const char *open = p, *close = p + 1;
        for (;;) {
            close = memchr(close, '"', (size_t)(stop - close));
            if (!close)
                return best;
            size_t slashes = 0; /* an odd run of backslashes escapes the quote */
            while (close - 1 - slashes > open && close[-1 - (ptrdiff_t)slashes] == '\\')
                slashes++;
            if (!(slashes & 1))
                break;
            close++;
        }
        const char *after = close + 1;
        while (after < stop && (*after == ' ' || *after == '\t' || *after == '\n' || *after == '\r'))
            after++;
        size_t n = (size_t)(close + 1 - open);
        if (n > best && (after == stop || *after != ':')) {
            best = n;
            *start = (size_t)(open - body);
            *end = (size_t)(close + 1 - body);
        }
        p = close + 1;
    }
    return best;
}

/* Bytes copied as they are: printable ASCII but the quote and the backslash. */
static const uint8_t plain[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0),                                 /* 0x00-0x1f: control characters */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2f: the quote */
    R16(1), R16(1),                                 /* 0x30-0x4f */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5f: the backslash */
    R16(1), R16(1),                                 /* 0x60-0x7f; 0x80-0xff: UTF-8, checked apart */
#undef R16
};

/* Length of the valid UTF-8 sequence at `s` (jansson's rules: no overlong form, no surrogate, ≤ U+10FFFF), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (avail < n)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* The four hex digits of a \u escape, or -1. */
static int32_t hex4(const unsigned char *s, size_t avail)
{
    if (avail < 4)
        return -1;
    int32_t v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v << 4 | d;
    }
    return v;
}

static size_t utf8_put(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int lsp_json_string_decode(const char *token, size_t len, char **out, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *)token;
    char *buf = core_xmalloc(len ? len : 1);
    size_t i = 0, o = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && plain[s[run]])
            run++;
        memcpy(buf + o, s + i, run - i);
        o += run - i;
        i = run;
        if (i == len)
            break;
        if (s[i] >= 0x80) {
            size_t n = utf8_valid(s + i, len - i);
            if (!n)
                goto invalid;
            memcpy(buf + o, s + i, n);
            o += n;
            i += n;
            continue;
        }
        if (s[i] != '\\' || i + 1 == len)
            goto invalid; /* a raw control character, or a quote the token should have ended at */
        unsigned char e = s[i + 1];
        i += 2;
        static const char simple_from[] = "\"\\/bfnrt", simple_to[] = "\"\\/\b\f\n\r\t";
        const char *k = e ? strchr(simple_from, e) : NULL;
        if (k) {
            buf[o++] = simple_to[k - simple_from];
            continue;
        }
        if (e != 'u')
            goto invalid;
        int32_t cp = hex4(s + i, len - i);
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            goto invalid;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            int32_t low = i + 2 <= len && s[i] == '\\' && s[i + 1] == 'u' ? hex4(s + i + 2, len - i - 2) : -1;
            if (low < 0xDC00 || low > 0xDFFF)
                goto invalid;
            i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        o += utf8_put(buf + o, (uint32_t)cp);
    }
    *out = buf;
    *out_len = o;
    return 0;
invalid:
    free(buf);
    return UV_EINVAL;
}
