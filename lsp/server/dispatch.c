/* dispatch.c — the rules of the method table: lifecycle state, cancellation, replies and errors of each message. */
#include "server/dispatch.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "support/log.h"
#include "progress/alloc.h"

const LspMethod *lsp_dispatch_find(const LspMethodTable *table, const char *method)
{
    for (size_t i = 0; i < table->count; i++)
        if (strcmp(table->rows[i].name, method) == 0)
            return &table->rows[i];
    return NULL;
}

static void write_error(LspOut *o, const json_t *id, int code, const char *message)
{
    lsp_rpc_write_error(o, id, code, message);
}

/* Answers `m` with an error whose message is printf'd (never truncated, however long the method name). */
static void refuse(LspOut *o, const LspMessage *m, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void refuse(LspOut *o, const LspMessage *m, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = core_xvasprintf(fmt, ap);
    va_end(ap);
    write_error(o, m->id, code, text);
    free(text);
}

static void request(LspServer *s, LspState state, LspMessage *m, const LspMethod *meth, LspOut *o)
{
    if (m->cancelled) {
        write_error(o, m->id, LSP_ERR_CANCELLED, "Request cancelled");
        return;
    }
    if (!meth || !(meth->flags & LSP_REQUEST)) {
        refuse(o, m, LSP_ERR_METHOD_NOT_FOUND, "Method not found: %s", m->method);
        return;
    }
    if (state == LSP_STATE_UNINITIALIZED && (meth->flags & LSP_NEEDS_INIT)) {
        refuse(o, m, LSP_ERR_NOT_INITIALIZED, "Server not initialized: %s before initialize", m->method);
        return;
    }
    if (state == LSP_STATE_SHUTDOWN) {
        refuse(o, m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s after shutdown", m->method);
        return;
    }
    lsp_rpc_result_begin(o, m->id);
    size_t mark = o->len;
    LspReply reply = {.out = o, .msg = m};
    int err = meth->fn(s, m->params, &reply);
    const char *why = reply.message ? reply.message : "Internal error";
    if (err) {
        lsp_out_truncate(o, 0);
        lsp_rpc_write_error(o, m->id, err, why);
        lsp_log(LSP_LOG_INFO, "%s failed: %s", m->method, why);
    } else {
        if (o->len == mark)
            lsp_out_json(o, reply.result);
        lsp_rpc_result_end(o);
    }
    lsp_reply_free(&reply);
}

static void notification(LspServer *s, LspState state, LspMessage *m, const LspMethod *meth)
{
    if (!meth || (meth->flags & LSP_REQUEST)) {
        lsp_log(LSP_LOG_DEBUG, "notification %s ignored", m->method);
        return;
    }
    if (!(meth->flags & LSP_ANY_STATE) &&
        (state == LSP_STATE_SHUTDOWN || (state == LSP_STATE_UNINITIALIZED && (meth->flags & LSP_NEEDS_INIT)))) {
        lsp_log(LSP_LOG_INFO, "notification %s dropped outside a running session", m->method);
        return;
    }
    LspReply reply = {.msg = m};
    if (meth->fn(s, m->params, &reply))
        lsp_log(LSP_LOG_WARN, "%s: %s", m->method, reply.message ? reply.message : "failed");
    lsp_reply_free(&reply);
}

bool lsp_dispatch_answers(const LspMessage *m)
{
    return m->kind == LSP_MSG_REQUEST || m->kind == LSP_MSG_INVALID;
}

void lsp_dispatch(LspServer *s, LspState state, const LspMethodTable *table, LspMessage *m, LspOut *reply)
{
    switch (m->kind) {
    case LSP_MSG_INVALID:
        lsp_log(LSP_LOG_WARN, "%s", m->error_text);
        write_error(reply, m->error_code == LSP_ERR_PARSE ? NULL : m->id, m->error_code, m->error_text);
        break;
    case LSP_MSG_REQUEST:
        request(s, state, m, lsp_dispatch_find(table, m->method), reply);
        break;
    case LSP_MSG_NOTIFICATION:
        notification(s, state, m, lsp_dispatch_find(table, m->method));
        break;
    case LSP_MSG_RESPONSE:
        break;
    }
}
