/* handlers_actions.c — textDocument/codeAction: core_actions as WorkspaceEdits, quick fixes tied to their diagnostics. */
#include <string.h>

#include "diagnostics.h"
#include "handlers_workspace.h"
#include "position.h"

#define KIND_QUICKFIX "quickfix"
#define KIND_REWRITE "refactor.rewrite"

/* Whether `kind` passes the client's `only` filter (borrowed, may be NULL): equal to an entry or under it ("refactor"). */
static bool wanted(const json_t *only, const char *kind)
{
    if (!json_is_array(only))
        return true;
    size_t i;
    const json_t *k;
    json_array_foreach(only, i, k)
    {
        const char *base = json_string_value(k);
        size_t n = base ? strlen(base) : 0;
        if (base && strncmp(kind, base, n) == 0 && (kind[n] == '\0' || kind[n] == '.'))
            return true;
    }
    return false;
}

/* The diagnostic a quick fix fixes: the client's own copy when it sent one (same code, range and message), else ours. */
static json_t *diagnostic_json(const LspServer *s, const LspDoc *d, const CoreDiag *g, const json_t *sent)
{
    const char *code = core_diag_code_name(g->code);
    const char *message = g->message ? g->message : code;
    json_t *range = lsp_range_json(d->doc, s->enc, g->range);
    size_t i;
    const json_t *c;
    json_array_foreach(sent, i, c)
    {
        const char *their = json_string_value(json_object_get(c, "code"));
        const char *text = json_string_value(json_object_get(c, "message"));
        if (their && text && strcmp(their, code) == 0 && strcmp(text, message) == 0 &&
            json_equal(json_object_get(c, "range"), range)) {
            json_decref(range);
            return json_incref((json_t *)c);
        }
    }
    return json_pack("{s:o, s:i, s:s, s:s, s:s}", "range", range, "severity", g->severity, "code", code, "source",
                     "progress-ls", "message", message);
}

static json_t *workspace_edit(const LspServer *s, const LspDoc *d, const CoreAction *a)
{
    json_t *edits = json_array();
    for (size_t i = 0; i < a->edit_count; i++)
        json_array_append_new(edits, json_pack("{s:o, s:s}", "range", lsp_range_json(d->doc, s->enc, a->edits[i].range),
                                               "newText", a->edits[i].text));
    json_t *changes = json_object();
    json_object_set_new(changes, d->uri, edits);
    return json_pack("{s:o}", "changes", changes);
}

int lsp_on_code_action(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    CoreRange range;
    if (lsp_range_parse(json_object_get(params, "range"), &range) < 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: codeAction needs a range");
    /* A selection ending at the start of a line does not touch that line (a whole-line selection). */
    uint32_t first = range.start.line, last = range.end.line;
    if (last > first && range.end.col == 0)
        last--;
    const json_t *context = json_object_get(params, "context");
    const json_t *only = json_object_get(context, "only");
    const json_t *sent = json_object_get(context, "diagnostics");
    const CoreDiagList *diags = lsp_doc_diagnostics(d, &s->settings.core);

    CoreActionList list;
    core_actions(d->doc, first, last, diags, &list);
    r->result = json_array();
    for (size_t i = 0; i < list.count; i++) {
        const CoreAction *a = &list.items[i];
        const CoreDiag *g = a->diag >= 0 && (size_t)a->diag < diags->count ? &diags->items[a->diag] : NULL;
        const char *kind = a->diag >= 0 ? KIND_QUICKFIX : KIND_REWRITE;
        if ((g && g->severity == CORE_SEV_OFF) || !wanted(only, kind))
            continue; /* no fix for a diagnostic the user turned off */
        json_t *action = json_pack("{s:s, s:s, s:o}", "title", a->title, "kind", kind, "edit", workspace_edit(s, d, a));
        if (a->preferred)
            json_object_set_new(action, "isPreferred", json_true());
        if (g)
            json_object_set_new(action, "diagnostics", json_pack("[o]", diagnostic_json(s, d, g, sent)));
        json_array_append_new(r->result, action);
    }
    core_action_list_free(&list);
    return 0;
}
