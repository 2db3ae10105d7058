/* position.h — the one boundary between the core's byte positions and LSP positions in the negotiated encoding. */
#ifndef LSP_POSITION_H
#define LSP_POSITION_H

#include <jansson.h>

#include "support/json_out.h"
#include "progress/core.h"

/*
 * Reads an LSP Position {line, character} (borrowed) as it is, in the client's units. Numbers past
 * UINT32_MAX become UINT32_MAX (the core clamps them to the document). Returns 0, or UV_EINVAL when `v`
 * is not an object with two non-negative integers.
 */
int lsp_pos_parse(const json_t *v, CorePos *out);
/* Reads an LSP Range {start, end} (borrowed) the same way. Returns 0 or UV_EINVAL. */
int lsp_range_parse(const json_t *v, CoreRange *out);

/* Reads an LSP Position and converts it to a byte position in `doc` (clamped). Returns 0 or UV_EINVAL. */
int lsp_pos_parse_bytes(const json_t *v, const CoreDoc *doc, CoreEncoding enc, CorePos *out);

/*
 * Reads an LSP Range and converts it to a byte range in `doc`: clamped to the document, and an end
 * before the start swapped with it. Returns 0 or UV_EINVAL.
 */
int lsp_range_parse_bytes(const json_t *v, const CoreDoc *doc, CoreEncoding enc, CoreRange *out);

/* Writes the byte position or range `r` of `doc` as an LSP Position / Range in `enc`. */
void lsp_pos_write(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CorePos p);
void lsp_range_write(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CoreRange r);

/* Room for lsp_out_at_range. */
enum { LSP_OUT_RANGE_ROOM = 112 }; /* 101: the literals and four 10-digit numbers */

/*
 * Writes `r`, already in the client's units (lsp_range_to), at cursor `w` (json_out.h's cursor writers):
 * {"start":{"line":L,"character":C},"end":{...}}, at most LSP_OUT_RANGE_ROOM bytes.
 */
static inline char *lsp_out_at_range(char *w, CoreRange r)
{
    w = lsp_out_at_lit(w, "{\"start\":{\"line\":");
    w = lsp_out_at_uint(w, r.start.line);
    w = lsp_out_at_lit(w, ",\"character\":");
    w = lsp_out_at_uint(w, r.start.col);
    w = lsp_out_at_lit(w, "},\"end\":{\"line\":");
    w = lsp_out_at_uint(w, r.end.line);
    w = lsp_out_at_lit(w, ",\"character\":");
    w = lsp_out_at_uint(w, r.end.col);
    return lsp_out_at_lit(w, "}}");
}

/* The byte range `r` of `doc` in the client's units `enc`. */
static inline CoreRange lsp_range_to(const CoreDoc *doc, CoreEncoding enc, CoreRange r)
{
    return (CoreRange){core_doc_pos_to(doc, enc, r.start), core_doc_pos_to(doc, enc, r.end)};
}

/* The byte range `r` of `doc` as a new LSP Range object in `enc` (caller owns the reference). */
json_t *lsp_range_json(const CoreDoc *doc, CoreEncoding enc, CoreRange r);

#endif
