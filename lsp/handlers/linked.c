/* linked.c — textDocument/linkedEditingRange: an interface's definition and mentions edit together. */
#include <string.h>

#include "handlers/handlers.h"
#include "support/position.h"
#include "progress/navigate.h"

/*
 * What the client may keep typing while the ranges stay linked: an identifier, or a qualified one
 * (`Auth.login`, `auth::login`) when the name is qualified. Anything else ends the linked edit.
 */
static const char *word_pattern(const CoreDoc *doc, CoreRange name)
{
    const char *s = core_doc_line(doc, name.start.line, NULL) + name.start.col;
    size_t n = name.end.col - name.start.col;
    return memchr(s, '.', n) || memchr(s, ':', n) ? "[A-Za-z_\\u0080-\\uffff][A-Za-z0-9_.:\\u0080-\\uffff]*"
                                                   : "[A-Za-z_\\u0080-\\uffff][A-Za-z0-9_\\u0080-\\uffff]*";
}

int lsp_on_linked_editing_range(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CorePos pos;
    int err = lsp_params_doc_pos(&s->docs, s->enc, params, r, &d, &pos);
    if (err)
        return err;
    CoreRangeList list;
    core_linked_names_at(d->doc, pos, &list);
    LspOut *o = r->out;
    if (list.count == 0) {
        lsp_out_null(o);
    } else {
        lsp_out_obj_begin(o);
        lsp_out_key(o, "ranges");
        lsp_out_arr_begin(o);
        for (size_t i = 0; i < list.count; i++)
            lsp_range_write(o, d->doc, s->enc, list.items[i]);
        lsp_out_arr_end(o);
        lsp_out_key(o, "wordPattern");
        lsp_out_cstr(o, word_pattern(d->doc, list.items[0]));
        lsp_out_obj_end(o);
    }
    core_range_list_free(&list);
    return 0;
}
