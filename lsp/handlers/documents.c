/* documents.c — text synchronisation: didOpen, didChange (incremental and full), didClose, didSave. */
#include "server/diagnostics.h"
#include "handlers/handlers.h"
#include "handlers/workspace.h"
#include "support/position.h"
#include "evidence/workstate.h"

#include <string.h>

#include <uv.h>

int lsp_on_did_open(LspServer *s, json_t *params, LspReply *r)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    json_t *version = json_object_get(td, "version");
    if (!uri || !json_is_string(text))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: didOpen needs textDocument.uri and .text");
    int64_t v = json_is_integer(version) ? json_integer_value(version) : 0;
    size_t len;
    char *apart = lsp_rpc_text_take(r->msg, text, &len);
    LspDoc *d = apart ? lsp_docs_open_take(&s->docs, uri, apart, len, v)
                      : lsp_docs_open(&s->docs, uri, json_string_value(text), json_string_length(text), v);
    const char *language = json_string_value(json_object_get(td, "languageId"));
    d->foreign = !core_name_is_progress_file(uri, strlen(uri)) && !(language && strcmp(language, "progresstxt") == 0);
    lsp_workspace_state_opened(s, uri);
    if (!d->foreign) /* no git, no harness files read for a file that is not ours */
        lsp_workstate_opened(s, d);
    lsp_diagnostics_publish(s, d);
    return 0;
}

/* A change with a range edits it; one without replaces the whole text. */
typedef struct {
    bool has_range;
    CoreRange range;
    const char *text;
    size_t len;
} Change;

static int read_change(const json_t *c, Change *out)
{
    const json_t *text = json_object_get(c, "text");
    const json_t *range = json_object_get(c, "range");
    if (!json_is_string(text))
        return UV_EINVAL;
    out->text = json_string_value(text);
    out->len = json_string_length(text);
    out->has_range = range != NULL;
    return range ? lsp_range_parse(range, &out->range) : 0;
}

int lsp_on_did_change(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    json_t *changes = json_object_get(params, "contentChanges");
    if (!json_is_array(changes))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: didChange needs a contentChanges array");
    /* Check every change before applying any, so that a malformed one leaves the text as it was; the first few are
       kept as read (a keystroke sends one), the others read again. */
    enum { READ_KEPT = 8 };
    Change read[READ_KEPT];
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c)
    {
        Change ch;
        if (read_change(c, &ch) < 0)
            return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS,
                                   "Invalid params: contentChanges[%zu] needs a text and a valid range", i);
        if (i < READ_KEPT)
            read[i] = ch;
    }
    json_array_foreach(changes, i, c)
    {
        Change ch;
        if (i < READ_KEPT)
            ch = read[i];
        else
            read_change(c, &ch);
        if (ch.has_range) {
            int rc = core_doc_edit(d->doc, s->enc, ch.range, ch.text, ch.len);
            if (rc < 0) { /* only an unknown encoding fails, and the server negotiated it: a bug, said loudly */
                lsp_docs_changed(&s->docs, d);
                return lsp_reply_error(r, LSP_ERR_INTERNAL, "Internal error: contentChanges[%zu] not applied: %s", i,
                                       core_strerror(rc));
            }
        } else {
            size_t len;
            char *apart = lsp_rpc_text_take(r->msg, json_object_get(c, "text"), &len);
            if (apart)
                lsp_doc_replace_take(&s->docs, d, apart, len);
            else
                lsp_doc_replace(&s->docs, d, ch.text, ch.len);
        }
    }
    json_t *version = json_object_get(json_object_get(params, "textDocument"), "version");
    if (json_is_integer(version))
        d->version = json_integer_value(version);
    lsp_docs_changed(&s->docs, d);
    lsp_workstate_edited(s, d);
    lsp_diagnostics_publish(s, d);
    return 0;
}

int lsp_on_did_close(LspServer *s, json_t *params, LspReply *r)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    if (!uri)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: textDocument.uri must be a string");
    if (lsp_docs_close(&s->docs, uri) < 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: %s is not open", uri);
    lsp_workstate_closed(s, uri);
    lsp_diagnostics_clear(s, uri);
    return 0;
}

int lsp_on_did_save(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    /* The text is already known from the changes: a save only has to name an open document. */
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (!err)
        lsp_workstate_saved(s, d); /* what git says about the file changes with its save */
    return err;
}
