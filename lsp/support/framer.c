/* framer.c — Content-Length framing over a growing buffer, with resynchronisation after bad headers. */
#include "support/framer.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char content_length[] = "content-length";
#define CL_LEN (sizeof content_length - 1)

void lsp_framer_init(LspFramer *f, size_t max_body)
{
    memset(f, 0, sizeof *f);
    f->max_body = max_body;
}

void lsp_framer_destroy(LspFramer *f)
{
    array_delete(&f->buf);
}

void lsp_framer_release(LspFramer *f)
{
    if (f->pos != f->buf.size)
        return;
    f->pos = 0;
    /* A big message (a whole document) leaves a big buffer: give it back rather than keep it. */
    if (f->buf.capacity > LSP_FRAME_KEEP)
        array_delete(&f->buf);
    array_clear(&f->buf);
}

void lsp_framer_feed(LspFramer *f, const char *data, size_t len)
{
    lsp_framer_release(f);
    /* A body being skipped never enters the buffer. */
    if (f->skip && f->pos == f->buf.size) {
        size_t n = len < f->skip ? len : f->skip;
        f->skip -= n;
        data += n;
        len -= n;
    }
    if (!len)
        return;
    if (f->pos > 0) {
        size_t rest = f->buf.size - f->pos;
        memmove(f->buf.contents, f->buf.contents + f->pos, rest);
        f->buf.size = (uint32_t)rest;
        f->pos = 0;
    }
    /* Make room for a whole announced body at once rather than growing read by read. */
    if (f->need > f->buf.size + len)
        array_reserve(&f->buf, (uint32_t)f->need);
    f->need = 0;
    array_extend(&f->buf, len, data);
}

static bool name_is(const char *s, size_t n, const char *name, size_t name_len)
{
    if (n != name_len)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != name[i])
            return false;
    return true;
}

/* Drops bytes up to the next "content-length" (any case); keeps a tail that may be the start of one. */
static bool resync(LspFramer *f)
{
    const char *s = f->buf.contents;
    size_t end = f->buf.size;
    for (size_t i = f->pos; i + CL_LEN <= end; i++) {
        if (name_is(s + i, CL_LEN, content_length, CL_LEN)) {
            f->pos = i;
            f->resync = false;
            return true;
        }
    }
    if (end - f->pos > CL_LEN - 1)
        f->pos = end - (CL_LEN - 1);
    return false;
}

typedef enum { HDR_INCOMPLETE, HDR_OK, HDR_BAD } HeaderResult;

/* Parses the header block at `pos`: its length and the announced body length. */
static HeaderResult parse_header(const char *s, size_t avail, size_t *header_len, size_t *body_len,
                                 const char **reason)
{
    size_t i = 0;
    bool have_length = false;
    bool any_line = false;
    *reason = NULL;
    for (;;) {
        const char *nl = memchr(s + i, '\n', avail - i);
        if (!nl) {
            if (avail > LSP_FRAME_MAX_HEADER) {
                *reason = "header block longer than 8 KiB";
                *header_len = avail;
                return HDR_BAD;
            }
            return HDR_INCOMPLETE;
        }
        size_t line_end = (size_t)(nl - s);
        size_t n = line_end - i;
        if (n && s[i + n - 1] == '\r')
            n--;
        const char *line = s + i;
        i = line_end + 1;
        if (n == 0) {
            if (!any_line)
                continue; /* stray blank lines between messages */
            *header_len = i;
            if (*reason)
                return HDR_BAD;
            if (!have_length) {
                *reason = "no Content-Length header";
                return HDR_BAD;
            }
            return HDR_OK;
        }
        any_line = true;
        const char *colon = memchr(line, ':', n);
        if (!colon) {
            *reason = "header line without ':'";
            *header_len = i;
            return HDR_BAD;
        }
        size_t name_len = (size_t)(colon - line);
        if (!name_is(line, name_len, content_length, CL_LEN))
            continue;
        const char *v = colon + 1, *v_end = line + n;
        while (v < v_end && (*v == ' ' || *v == '\t'))
            v++;
        while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t'))
            v_end--;
        size_t value = 0;
        bool ok = v < v_end;
        for (const char *p = v; p < v_end && ok; p++) {
            if (*p < '0' || *p > '9' || value > (SIZE_MAX - 9) / 10)
                ok = false;
            else
                value = value * 10 + (size_t)(*p - '0');
        }
        if (!ok)
            *reason = "Content-Length is not a number";
        else if (have_length && value != *body_len)
            *reason = "two different Content-Length headers";
        have_length = true;
        *body_len = value;
    }
}

LspFrameKind lsp_framer_next(LspFramer *f, LspFrame *out)
{
    memset(out, 0, sizeof *out);
    for (;;) {
        size_t avail = f->buf.size - f->pos;
        if (f->skip) {
            size_t n = avail < f->skip ? avail : f->skip;
            f->pos += n;
            f->skip -= n;
            if (f->skip)
                return LSP_FRAME_NONE;
            continue;
        }
        if (f->resync) {
            if (!resync(f))
                return LSP_FRAME_NONE;
            continue;
        }
        if (!avail)
            return LSP_FRAME_NONE;
        const char *s = f->buf.contents + f->pos;
        size_t header_len = 0, body_len = 0;
        const char *reason;
        switch (parse_header(s, avail, &header_len, &body_len, &reason)) {
        case HDR_INCOMPLETE:
            return LSP_FRAME_NONE;
        case HDR_BAD:
            f->pos += header_len;
            f->resync = true;
            out->kind = LSP_FRAME_BAD_HEADER;
            out->reason = reason;
            return out->kind;
        case HDR_OK:
            break;
        }
        if (body_len > f->max_body) {
            f->pos += header_len;
            f->skip = body_len;
            out->kind = LSP_FRAME_TOO_LARGE;
            out->len = body_len;
            out->reason = "body over the size limit";
            return out->kind;
        }
        if (avail - header_len < body_len) {
            f->need = header_len + body_len;
            return LSP_FRAME_NONE;
        }
        out->kind = LSP_FRAME_MESSAGE;
        out->body = s + header_len;
        out->len = body_len;
        f->pos += header_len + body_len;
        return out->kind;
    }
}
