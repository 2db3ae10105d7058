/* selection.c — textDocument/selectionRange: core_selection_at for each position, as nested SelectionRanges. */
#include "handlers/handlers.h"
#include "support/position.h"
#include "progress/navigate.h"

/* Writes the ranges innermost first, each next one the parent of the one before: {range, parent: {range, …}}. */
static void write_chain(LspOut *o, const CoreDoc *doc, CoreEncoding enc, const CoreRangeList *list)
{
    for (size_t i = 0; i < list->count; i++) {
        lsp_out_obj_begin(o);
        lsp_out_key(o, "range");
        lsp_range_write(o, doc, enc, list->items[i]);
        if (i + 1 < list->count)
            lsp_out_key(o, "parent");
    }
    for (size_t i = 0; i < list->count; i++)
        lsp_out_obj_end(o);
}

int lsp_on_selection_range(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    json_t *positions = json_object_get(params, "positions");
    if (!json_is_array(positions))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: selectionRange needs a positions array");
    /* Check them all first: one bad position fails the request before anything is written. */
    size_t i;
    json_t *p;
    json_array_foreach(positions, i, p)
    {
        CorePos pos;
        if (lsp_pos_parse(p, &pos) < 0)
            return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: positions[%zu] must be {line, character}", i);
    }
    LspOut *o = r->out;
    lsp_out_arr_begin(o);
    json_array_foreach(positions, i, p)
    {
        CorePos pos;
        lsp_pos_parse_bytes(p, d->doc, s->enc, &pos);
        CoreRangeList list;
        core_selection_at(d->doc, pos, &list);
        write_chain(o, d->doc, s->enc, &list);
        core_range_list_free(&list);
    }
    lsp_out_arr_end(o);
    return 0;
}
