/* framer.h — the LSP base protocol's Content-Length framing: bytes in, message bodies out, no I/O. */
#ifndef LSP_FRAMER_H
#define LSP_FRAMER_H

#include <stdbool.h>
#include <stddef.h>

#include "progress/array.h"

/* The largest body accepted; a larger one is skipped without being buffered. */
#define LSP_FRAME_MAX_BODY ((size_t)64 << 20)
/* A buffer larger than this is released once emptied. */
#define LSP_FRAME_KEEP ((size_t)256 << 10)
/* A header block longer than this without its blank line is not a header. */
#define LSP_FRAME_MAX_HEADER ((size_t)8192)

typedef enum {
    LSP_FRAME_NONE = 0,    /* nothing complete yet: feed more bytes */
    LSP_FRAME_MESSAGE,     /* `body`, `len`: one message body */
    LSP_FRAME_BAD_HEADER,  /* `reason`: a header block without a usable Content-Length; skipped */
    LSP_FRAME_TOO_LARGE,   /* `len`: the announced length, over the limit; the body is skipped */
} LspFrameKind;

typedef struct {
    LspFrameKind kind;
    const char *body;   /* borrowed: valid until the next lsp_framer_feed() */
    size_t len;
    const char *reason; /* static */
} LspFrame;

/*
 * Headers are `Name: value` lines ended by "\r\n" (a bare "\n" is tolerated) and a blank line; names
 * are case-insensitive, Content-Length is required, Content-Type and unknown headers are ignored.
 * After a bad header the framer drops bytes until the next "Content-Length", so one broken message
 * costs that message only.
 */
typedef struct {
    Array(char) buf;
    size_t pos;      /* bytes of `buf` already consumed */
    size_t max_body;
    size_t skip;     /* bytes of a too-large body still to drop */
    size_t need;     /* bytes from `pos` the incomplete message needs, when known */
    bool resync;     /* after a bad header: drop bytes until a Content-Length header */
} LspFramer;

void lsp_framer_init(LspFramer *f, size_t max_body);
void lsp_framer_destroy(LspFramer *f);

/* Appends `len` bytes (borrowed; copied). Invalidates the bodies returned so far. */
void lsp_framer_feed(LspFramer *f, const char *data, size_t len);

/*
 * Once every byte fed is consumed, empties the buffer and gives back one grown for a big message (a whole
 * document in didOpen: its ~20 MB need not stay while the document is built). Invalidates the bodies returned so far.
 */
void lsp_framer_release(LspFramer *f);

/* The next complete frame, or LSP_FRAME_NONE. */
LspFrameKind lsp_framer_next(LspFramer *f, LspFrame *out);

#endif
