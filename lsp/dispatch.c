/* dispatch.c — the method table (add a feature: one row here, one function in a handlers_*.c) and its rules. */
#include "dispatch.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "handlers_workspace.h"
#include "log.h"

static const LspMethod methods[] = {
    {"initialize", lsp_on_initialize, LSP_REQUEST},
    {"initialized", lsp_on_initialized, LSP_NEEDS_INIT},
    {"shutdown", lsp_on_shutdown, LSP_REQUEST | LSP_NEEDS_INIT},
    {"exit", lsp_on_exit, 0},
    {"$/cancelRequest", lsp_on_ignore, 0}, /* acted on before dispatch: see server.c */
    {"textDocument/didOpen", lsp_on_did_open, LSP_NEEDS_INIT},
    {"textDocument/didChange", lsp_on_did_change, LSP_NEEDS_INIT},
    {"textDocument/didClose", lsp_on_did_close, LSP_NEEDS_INIT},
    {"textDocument/didSave", lsp_on_did_save, LSP_NEEDS_INIT},
    {"textDocument/documentSymbol", lsp_on_document_symbol, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/foldingRange", lsp_on_folding_range, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/diagnostic", lsp_on_diagnostic, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/completion", lsp_on_completion, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/hover", lsp_on_hover, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/definition", lsp_on_definition, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/references", lsp_on_references, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/prepareRename", lsp_on_prepare_rename, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/rename", lsp_on_rename, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/documentLink", lsp_on_document_link, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/codeAction", lsp_on_code_action, LSP_REQUEST | LSP_NEEDS_INIT},
    {"workspace/executeCommand", lsp_on_execute_command, LSP_REQUEST | LSP_NEEDS_INIT},
    {"workspace/didChangeWatchedFiles", lsp_on_did_change_watched_files, LSP_NEEDS_INIT},
    {"workspace/didChangeConfiguration", lsp_on_did_change_configuration, LSP_NEEDS_INIT},
    {"workspace/didChangeWorkspaceFolders", lsp_on_did_change_workspace_folders, LSP_NEEDS_INIT},
};

const LspMethod *lsp_dispatch_find(const char *method)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(methods[i].name, method) == 0)
            return &methods[i];
    return NULL;
}

int lsp_reply_error(LspReply *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
    return code;
}

int lsp_params_doc(LspServer *s, const json_t *params, LspReply *r, LspDoc **doc)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    if (!uri)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: textDocument.uri must be a string");
    *doc = lsp_docs_get(&s->docs, uri);
    if (!*doc)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: %s is not open", uri);
    return 0;
}

static void send_error(LspServer *s, const json_t *id, int code, const char *message)
{
    LspOut o;
    lsp_out_init(&o);
    lsp_rpc_write_error(&o, id, code, message);
    lsp_server_send(s, &o);
}

static void request(LspServer *s, LspMessage *m, const LspMethod *meth)
{
    char text[300];
    if (m->cancelled) {
        send_error(s, m->id, LSP_ERR_CANCELLED, "Request cancelled");
        return;
    }
    if (!meth || !(meth->flags & LSP_REQUEST)) {
        snprintf(text, sizeof text, "Method not found: %s", m->method);
        send_error(s, m->id, LSP_ERR_METHOD_NOT_FOUND, text);
        return;
    }
    if (s->state == LSP_STATE_UNINITIALIZED && (meth->flags & LSP_NEEDS_INIT)) {
        snprintf(text, sizeof text, "Server not initialized: %s before initialize", m->method);
        send_error(s, m->id, LSP_ERR_NOT_INITIALIZED, text);
        return;
    }
    if (s->state == LSP_STATE_SHUTDOWN) {
        snprintf(text, sizeof text, "Invalid request: %s after shutdown", m->method);
        send_error(s, m->id, LSP_ERR_INVALID_REQUEST, text);
        return;
    }
    LspOut o;
    lsp_server_out_init(s, &o);
    lsp_rpc_result_begin(&o, m->id);
    size_t mark = o.len;
    LspReply reply = {.out = &o};
    int err = meth->fn(s, m->params, &reply);
    if (err) {
        json_decref(reply.result);
        lsp_out_truncate(&o, 0);
        lsp_rpc_write_error(&o, m->id, err, reply.message);
        lsp_log(LSP_LOG_INFO, "%s failed: %s", m->method, reply.message);
    } else {
        if (o.len == mark)
            lsp_out_json(&o, reply.result);
        json_decref(reply.result);
        lsp_rpc_result_end(&o);
    }
    lsp_server_send(s, &o);
}

static void notification(LspServer *s, LspMessage *m, const LspMethod *meth)
{
    if (!meth || (meth->flags & LSP_REQUEST)) {
        lsp_log(LSP_LOG_DEBUG, "notification %s ignored", m->method);
        return;
    }
    if (meth->fn != lsp_on_exit &&
        (s->state == LSP_STATE_SHUTDOWN || (s->state == LSP_STATE_UNINITIALIZED && (meth->flags & LSP_NEEDS_INIT)))) {
        lsp_log(LSP_LOG_INFO, "notification %s dropped outside a running session", m->method);
        return;
    }
    LspReply reply = {0};
    if (meth->fn(s, m->params, &reply))
        lsp_log(LSP_LOG_WARN, "%s: %s", m->method, reply.message);
    json_decref(reply.result);
}

void lsp_dispatch(LspServer *s, LspMessage *m)
{
    switch (m->kind) {
    case LSP_MSG_INVALID:
        lsp_log(LSP_LOG_WARN, "%s", m->error_text);
        send_error(s, m->error_code == LSP_ERR_PARSE ? NULL : m->id, m->error_code, m->error_text);
        break;
    case LSP_MSG_REQUEST:
        request(s, m, lsp_dispatch_find(m->method));
        break;
    case LSP_MSG_NOTIFICATION:
        notification(s, m, lsp_dispatch_find(m->method));
        break;
    case LSP_MSG_RESPONSE:
        break;
    }
}
