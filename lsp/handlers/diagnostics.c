/* diagnostics.c — textDocument/diagnostic: the pull model, with resultId and `unchanged` reports. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "server/diagnostics.h"
#include "handlers/handlers.h"

int lsp_on_diagnostic(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    char result_id[24];
    snprintf(result_id, sizeof result_id, "%" PRIu64, d->generation);
    const char *previous = json_string_value(json_object_get(params, "previousResultId"));
    bool unchanged = previous && strcmp(previous, result_id) == 0;
    LspOut *o = r->out;
    lsp_out_obj_begin(o);
    lsp_out_key(o, "kind");
    lsp_out_cstr(o, unchanged ? "unchanged" : "full");
    lsp_out_key(o, "resultId");
    lsp_out_cstr(o, result_id);
    if (!unchanged) {
        lsp_out_key(o, "items");
        lsp_diagnostics_write(o, d->uri, d->doc, s->enc, lsp_doc_diagnostics(d, &s->settings.core));
    }
    lsp_out_obj_end(o);
    return 0;
}
