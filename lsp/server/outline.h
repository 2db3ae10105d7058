/* outline.h — a document's documentSymbol answer, kept as JSON per section and rewritten only where lines changed. */
#ifndef LSP_OUTLINE_H
#define LSP_OUTLINE_H

#include "progress/core.h"
#include "support/json_out.h"

/* Opaque: the JSON of each section with the line stamps it was written from. */
typedef struct LspOutline LspOutline;

/*
 * Writes the DocumentSymbol[] of `doc` (borrowed; positions in `enc`) into `o`. The JSON of each section is kept
 * in `*keep` (owned by the caller: the document's LspDoc.outline, NULL at first) with the line stamps it was
 * written from (core_doc_line_stamp); a section whose lines and place are unchanged is copied, not rebuilt, so a
 * keystroke rebuilds one section and an unchanged document none. An answer larger than LSP_OUTLINE_KEEP is written but not kept.
 */
void lsp_outline_write(LspOut *o, const CoreDoc *doc, LspOutline **keep, CoreEncoding enc);

/* The most JSON kept per document. */
#define LSP_OUTLINE_KEEP ((size_t)16 << 20)

/* Releases a document's kept outline (NULL is ignored). Must run whenever the document's CoreDoc is replaced. */
void lsp_outline_free(LspOutline *outline);

#endif
