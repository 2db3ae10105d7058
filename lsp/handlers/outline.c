/* outline.c — textDocument/documentSymbol (outline.c: hierarchical, kept per section) and foldingRange. */
#include "handlers/handlers.h"
#include "server/outline.h"

#include <stdlib.h>

#include "progress/alloc.h"
#include "progress/log.h"

int lsp_on_document_symbol(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    lsp_outline_write(r->out, d->doc, &d->outline, s->enc);
    return 0;
}

int lsp_on_folding_range(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    LspOut *o = r->out;
    lsp_out_arr_begin(o);
    uint32_t n = core_doc_section_count(d->doc);
    /* a log's heading folds with the blocks nested under it */
    uint32_t *ends = n && core_doc_dialect(d->doc) != CORE_DIALECT_TEMPLATE ? core_xmalloc(n * sizeof *ends) : NULL;
    if (ends)
        core_doc_block_ends(d->doc, ends);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        if (core_doc_section(d->doc, i, &sec) < 0)
            continue;
        if (ends && ends[i] != sec.end_line)
            sec.range = core_doc_block_range(d->doc, i, ends[i]);
        if (sec.range.end.line <= sec.header_line)
            continue;
        lsp_out_obj_begin(o);
        lsp_out_key(o, "startLine");
        lsp_out_int(o, sec.header_line);
        lsp_out_key(o, "endLine");
        lsp_out_int(o, sec.range.end.line);
        lsp_out_key(o, "kind");
        lsp_out_cstr(o, "region");
        lsp_out_obj_end(o);
    }
    free(ends);
    lsp_out_arr_end(o);
    return 0;
}
