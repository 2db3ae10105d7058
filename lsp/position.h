/* position.h — the one boundary between the core's byte positions and LSP positions in the negotiated encoding. */
#ifndef LSP_POSITION_H
#define LSP_POSITION_H

#include <jansson.h>

#include "json_out.h"
#include "progress/core.h"

/*
 * Reads an LSP Position {line, character} (borrowed) as it is, in the client's units. Numbers past
 * UINT32_MAX become UINT32_MAX (the core clamps them to the document). Returns 0, or -1 when `v` is
 * not an object with two non-negative integers.
 */
int lsp_pos_parse(const json_t *v, CorePos *out);
/* Reads an LSP Range {start, end} (borrowed) the same way. Returns 0 or -1. */
int lsp_range_parse(const json_t *v, CoreRange *out);

/* Reads an LSP Position and converts it to a byte position in `doc` (clamped). Returns 0 or -1. */
int lsp_pos_parse_bytes(const json_t *v, const CoreDoc *doc, CoreEncoding enc, CorePos *out);

/* Writes the byte position or range `r` of `doc` as an LSP Position / Range in `enc`. */
void lsp_out_pos(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CorePos p);
void lsp_out_range(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CoreRange r);

/* The byte range `r` of `doc` as a new LSP Range object in `enc` (caller owns the reference). */
json_t *lsp_range_json(const CoreDoc *doc, CoreEncoding enc, CoreRange r);

#endif
