/* json_string.h — the largest string of a message body, found and decoded outside jansson (a whole document's text). */
#ifndef LSP_JSON_STRING_H
#define LSP_JSON_STRING_H

#include <stddef.h>

/*
 * The largest string value of `body` (borrowed, `len` bytes): sets [*start, *end) to its token, quotes included,
 * and returns its length; 0 when the body holds none. A string followed by ':' is a key and not counted. The scan
 * only follows quotes and backslashes, so on a body that is not JSON the span means nothing (the parse that
 * follows finds that out).
 */
size_t lsp_json_string_largest(const char *body, size_t len, size_t *start, size_t *end);

/*
 * Decodes the inside of a string token (`token`, borrowed, `len` bytes, without its quotes) as jansson would
 * (escapes, surrogate pairs, \u0000 kept as a byte), and as strictly: a raw control character, invalid UTF-8, a
 * lone surrogate or a bad escape returns UV_EINVAL and `*out` untouched, so that the caller can leave the whole
 * body to jansson and its error message. On success `*out` is malloc'd, `*out_len` bytes (never more than `len`),
 * owned by the caller; returns 0.
 */
int lsp_json_string_decode(const char *token, size_t len, char **out, size_t *out_len);

#endif
