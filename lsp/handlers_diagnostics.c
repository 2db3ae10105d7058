/* handlers_diagnostics.c — diagnostics as LSP sees them: pushed after each change, or pulled by the client. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "position.h"

static void write_items(LspOut *o, const LspDoc *d, CoreEncoding enc, const CoreDiagList *list)
{
    lsp_out_arr_begin(o);
    for (size_t i = 0; i < list->count; i++) {
        const CoreDiag *g = &list->items[i];
        if (g->severity == CORE_SEV_OFF)
            continue;
        const char *code = core_diag_code_name(g->code);
        lsp_out_obj_begin(o);
        lsp_out_key(o, "range");
        lsp_out_range(o, d->doc, enc, g->range);
        lsp_out_key(o, "severity");
        lsp_out_int(o, g->severity);
        lsp_out_key(o, "code");
        lsp_out_cstr(o, code);
        lsp_out_key(o, "source");
        lsp_out_cstr(o, "progress-ls");
        lsp_out_key(o, "message");
        lsp_out_cstr(o, g->message ? g->message : code);
        if (g->has_related) {
            lsp_out_key(o, "relatedInformation");
            lsp_out_arr_begin(o);
            lsp_out_obj_begin(o);
            lsp_out_key(o, "location");
            lsp_out_obj_begin(o);
            lsp_out_key(o, "uri");
            lsp_out_cstr(o, d->uri);
            lsp_out_key(o, "range");
            lsp_out_range(o, d->doc, enc, g->related);
            lsp_out_obj_end(o);
            lsp_out_key(o, "message");
            lsp_out_cstr(o, g->related_message ? g->related_message : "");
            lsp_out_obj_end(o);
            lsp_out_arr_end(o);
        }
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
}

static void publish(LspServer *s, const char *uri, const LspDoc *d, const CoreDiagList *list)
{
    LspOut o;
    lsp_out_init(&o);
    lsp_rpc_notification_begin(&o, "textDocument/publishDiagnostics");
    lsp_out_obj_begin(&o);
    lsp_out_key(&o, "uri");
    lsp_out_cstr(&o, uri);
    if (d) {
        lsp_out_key(&o, "version");
        lsp_out_int(&o, d->version);
        lsp_out_key(&o, "diagnostics");
        write_items(&o, d, s->enc, list);
    } else {
        lsp_out_key(&o, "diagnostics");
        lsp_out_arr_begin(&o);
        lsp_out_arr_end(&o);
    }
    lsp_out_obj_end(&o);
    lsp_rpc_notification_end(&o);
    lsp_server_send(s, &o);
}

void lsp_diagnostics_publish(LspServer *s, LspDoc *d)
{
    if (!s->pull_diagnostics)
        publish(s, d->uri, d, lsp_doc_diagnostics(d, &s->settings.core));
}

void lsp_diagnostics_clear(LspServer *s, const char *uri)
{
    if (!s->pull_diagnostics)
        publish(s, uri, NULL, NULL);
}

int lsp_on_diagnostic(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(s, params, r, &d);
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
        write_items(o, d, s->enc, lsp_doc_diagnostics(d, &s->settings.core));
    }
    lsp_out_obj_end(o);
    return 0;
}
