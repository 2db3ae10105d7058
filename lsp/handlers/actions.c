/* actions.c — textDocument/codeAction: core_actions as WorkspaceEdits, quick fixes tied to their diagnostics. */
#include <string.h>

#include "server/diagnostics.h"
#include "handlers/workspace.h"
#include "support/position.h"
#include "evidence/workstate.h"

#define KIND_QUICKFIX "quickfix"
#define KIND_REWRITE "refactor.rewrite"
#define KIND_MOVE "refactor.move"

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

json_t *lsp_action_edit_json(const LspServer *s, const LspDoc *d, const CoreAction *a)
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
    CoreRange range;
    int err = lsp_params_doc_range(&s->docs, params, "codeAction", r, &d, &range);
    if (err)
        return err;
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
    CoreEvidence ev;
    bool known = lsp_workstate_evidence(s, d, &ev);
    core_evidence_actions(d->doc, known ? &ev : NULL, first, last, &list); /* finish the task, the lens twins */
    r->result = json_array();
    for (size_t i = 0; i < list.count; i++) {
        const CoreAction *a = &list.items[i];
        const CoreDiag *g = a->diag >= 0 && (size_t)a->diag < diags->count ? &diags->items[a->diag] : NULL;
        const char *kind = a->diag >= 0 ? KIND_QUICKFIX : KIND_REWRITE;
        if ((g && g->severity == CORE_SEV_OFF) || !wanted(only, kind))
            continue; /* no fix for a diagnostic the user turned off */
        json_t *action = json_pack("{s:s, s:s, s:o}", "title", a->title, "kind", kind, "edit", lsp_action_edit_json(s, d, a));
        if (a->preferred)
            json_object_set_new(action, "isPreferred", json_true());
        if (g)
            json_object_set_new(action, "diagnostics", json_pack("[o]", diagnostic_json(s, d, g, sent)));
        json_array_append_new(r->result, action);
    }
    core_action_list_free(&list);
    json_t *archive = wanted(only, KIND_MOVE) ? lsp_archive_action(s, d) : NULL; /* keep it compact */
    if (archive)
        json_array_append_new(r->result, archive);
    return 0;
}

int lsp_on_apply_action_command(LspServer *s, json_t *params, LspReply *r)
{
    const json_t *args = json_object_get(params, "arguments");
    const char *uri = json_string_value(json_array_get(args, 0));
    const json_t *version = json_array_get(args, 1);
    const char *title = json_string_value(json_array_get(args, 2));
    if (!uri || !title || !json_is_integer(version))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: %s takes [uri, version, title]",
                               LSP_COMMAND_APPLY_ACTION);
    LspDoc *d = lsp_docs_get(&s->docs, uri);
    if (!d)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: %s is not open", uri);
    if (json_integer_value(version) != d->version)
        return lsp_reply_error(r, LSP_ERR_CONTENT_MODIFIED, "%s changed since the lens was shown; nothing applied", uri);
    CoreEvidence ev;
    bool known = lsp_workstate_evidence(s, d, &ev);
    CoreActionList list = {0};
    core_evidence_actions(d->doc, known ? &ev : NULL, 0, core_doc_line_count(d->doc) - 1, &list);
    const CoreAction *a = NULL;
    for (size_t i = 0; i < list.count && !a; i++)
        if (strcmp(list.items[i].title, title) == 0)
            a = &list.items[i];
    if (!a) {
        core_action_list_free(&list);
        return lsp_reply_error(r, LSP_ERR_CONTENT_MODIFIED, "\"%s\" no longer applies to %s", title, uri);
    }
    /* The server never writes a file: the editor applies the edit, as one undo step. */
    lsp_server_request_new(s, "workspace/applyEdit", json_pack("{s:s, s:o}", "label", a->title, "edit",
                                                           lsp_action_edit_json(s, d, a)), NULL, NULL);
    core_action_list_free(&list);
    return 0;
}
