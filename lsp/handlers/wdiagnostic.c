/* wdiagnostic.c — workspace/diagnostic: every progress file, open or not, with resultId and `unchanged` reports. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "server/diagnostics.h"
#include "handlers/workspace.h"

/* The client's previous result id for `uri` (borrowed), or NULL. */
static const char *previous_for(const json_t *previous, const char *uri)
{
    size_t i;
    const json_t *p;
    json_array_foreach(previous, i, p)
    {
        const char *u = json_string_value(json_object_get(p, "uri"));
        if (u && strcmp(u, uri) == 0)
            return json_string_value(json_object_get(p, "value"));
    }
    return NULL;
}

int lsp_on_workspace_diagnostic(LspServer *s, json_t *params, LspReply *r)
{
    if (!json_is_object(params))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: workspace/diagnostic needs an object");
    json_t *previous = json_object_get(params, "previousResultIds");
    if (previous && !json_is_array(previous))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: previousResultIds must be an array");
    LspWorkspaceState *w = s->workspace;
    LspProgressFileArray files = {0};
    lsp_progress_files_list(&w->files, w->ws, &s->docs, &files);
    LspOut *o = r->out;
    lsp_out_obj_begin(o);
    lsp_out_key(o, "items");
    lsp_out_arr_begin(o);
    for (uint32_t i = 0; i < files.size; i++) {
        LspProgressFile *f = &files.contents[i];
        uint64_t id;
        const CoreDiagList *list = lsp_diagnostics_of_file(f, &s->settings.core, &s->docs.generation, &id);
        char result_id[24];
        snprintf(result_id, sizeof result_id, "%" PRIu64, id);
        /* A stale or unknown id (from an earlier session, or for another file) just gets the full report. */
        const char *before = previous_for(previous, f->uri);
        bool unchanged = before && strcmp(before, result_id) == 0;
        lsp_out_obj_begin(o);
        lsp_out_key(o, "kind");
        lsp_out_cstr(o, unchanged ? "unchanged" : "full");
        lsp_out_key(o, "uri");
        lsp_out_cstr(o, f->uri);
        lsp_out_key(o, "version");
        if (f->open)
            lsp_out_int(o, f->open->version);
        else
            lsp_out_null(o);
        lsp_out_key(o, "resultId");
        lsp_out_cstr(o, result_id);
        if (!unchanged) {
            lsp_out_key(o, "items");
            lsp_diagnostics_write(o, f->uri, f->doc, s->enc, list);
        }
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
    lsp_out_obj_end(o);
    array_delete(&files);
    return 0;
}
