/* json_out.h — a direct JSON writer for the large answers (outlines, folding ranges, diagnostics). */
#ifndef LSP_JSON_OUT_H
#define LSP_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Writes compact JSON into a growable buffer, placing commas itself: after a value or a container's
 * end the next value or key gets one. Building a jansson tree for a 10,000-symbol outline and dumping
 * it costs ~25x more than writing the same bytes here (docs/performance.md), so big answers use this
 * and small ones use jansson. Zero-initialise or lsp_out_init to start; `data` is owned by the writer.
 */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool comma; /* the next key or value needs a ',' first */
} LspOut;

void lsp_out_init(LspOut *o);
/* Starts empty on `buf` (stolen; `cap` bytes, may be NULL with cap 0), e.g. a buffer recycled from a write. */
void lsp_out_init_buffer(LspOut *o, char *buf, size_t cap);
void lsp_out_free(LspOut *o);
/* Forgets everything written after byte `len` (a length taken earlier) and clears the comma state. */
void lsp_out_truncate(LspOut *o, size_t len);
/* The bytes written (not NUL-terminated; caller frees with free()) and the buffer's capacity; the writer is left empty. */
char *lsp_out_steal(LspOut *o, size_t *len, size_t *cap);

void lsp_out_obj_begin(LspOut *o);
void lsp_out_obj_end(LspOut *o);
void lsp_out_arr_begin(LspOut *o);
void lsp_out_arr_end(LspOut *o);
/*
 * An object key. Keys are string literals needing no escaping (the macro rejects anything else at
 * compile time), so they are copied as they are: keys are a third of an outline's bytes.
 */
#define lsp_out_key(o, key) lsp_out_key_literal((o), "\"" key "\":", sizeof(key) + 2)

/* Grows the buffer to hold `n` more bytes (the slow path of the inline writers). */
void lsp_out_grow(LspOut *o, size_t n);

/* Inline so that the copy of a literal of known length compiles to a few moves. */
static inline void lsp_out_key_literal(LspOut *o, const char *quoted, size_t len)
{
    if (o->cap - o->len < len + 1)
        lsp_out_grow(o, len + 1);
    char *w = o->data + o->len;
    if (o->comma)
        *w++ = ',';
    memcpy(w, quoted, len);
    o->len = (size_t)(w + len - o->data);
    o->comma = false;
}

/*
 * A string of `len` bytes (borrowed, NULs allowed): quotes, backslashes and control characters are
 * escaped, and each byte that starts no valid UTF-8 sequence becomes U+FFFD, so the output is always
 * valid JSON text whatever the document holds.
 */
void lsp_out_str(LspOut *o, const char *s, size_t len);
void lsp_out_cstr(LspOut *o, const char *s);
void lsp_out_int(LspOut *o, int64_t v);
void lsp_out_bool(LspOut *o, bool v);
void lsp_out_null(LspOut *o);
/* A jansson value (borrowed), serialised compactly; NULL writes null. */
void lsp_out_json(LspOut *o, const json_t *v);
/* A value already written as JSON text (`len` bytes, borrowed), copied as it is. */
void lsp_out_raw(LspOut *o, const char *json, size_t len);

#endif
