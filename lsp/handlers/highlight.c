/* highlight.c — textDocument/documentHighlight: an interface's definition and mentions, a path's occurrences. */
#include "handlers/handlers.h"
#include "support/position.h"
#include "progress/navigate.h"

int lsp_on_document_highlight(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CorePos pos;
    int err = lsp_params_doc_pos(&s->docs, s->enc, params, r, &d, &pos);
    if (err)
        return err;
    CoreHighlightList list;
    core_highlights_at(d->doc, pos, &list);
    LspOut *o = r->out;
    lsp_out_arr_begin(o);
    for (size_t i = 0; i < list.count; i++) {
        lsp_out_obj_begin(o);
        lsp_out_key(o, "range");
        lsp_range_write(o, d->doc, s->enc, list.items[i].range);
        lsp_out_key(o, "kind");
        lsp_out_int(o, list.items[i].kind);
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
    core_highlight_list_free(&list);
    return 0;
}
