/* jsonrpc.c — message shapes: what makes a body a request, a notification, a response, or invalid. */
#include "jsonrpc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

int lsp_reply_error(LspReply *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(r->message);
    r->message = core_xvasprintf(fmt, ap);
    va_end(ap);
    return code;
}

void lsp_reply_free(LspReply *r)
{
    json_decref(r->result);
    free(r->message);
    r->result = NULL;
    r->message = NULL;
}

static void invalid(LspMessage *m, int code, const char *fmt, const char *detail)
{
    m->kind = LSP_MSG_INVALID;
    m->error_code = code;
    snprintf(m->error_text, sizeof m->error_text, fmt, detail);
}

void lsp_rpc_parse(const char *body, size_t len, LspMessage *m)
{
    memset(m, 0, sizeof *m);
    json_error_t err;
    /* NULs inside strings are legal JSON (\u0000) and legal document text. */
    m->root = json_loadb(body, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
    if (!m->root) {
        m->kind = LSP_MSG_INVALID;
        m->error_code = LSP_ERR_PARSE;
        snprintf(m->error_text, sizeof m->error_text, "Parse error at byte %d: %.160s", err.position, err.text);
        return;
    }
    if (!json_is_object(m->root)) {
        invalid(m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s", "a message must be a JSON object");
        return;
    }
    json_t *id = json_object_get(m->root, "id");
    if (id && (json_is_integer(id) || json_is_string(id)))
        m->id = id;
    json_t *version = json_object_get(m->root, "jsonrpc");
    if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0) {
        invalid(m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s", "\"jsonrpc\" must be \"2.0\"");
        return;
    }
    if (id && !m->id && !json_is_null(id)) {
        invalid(m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s", "\"id\" must be an integer or a string");
        return;
    }
    json_t *method = json_object_get(m->root, "method");
    json_t *params = json_object_get(m->root, "params");
    if (!method) {
        m->result = json_object_get(m->root, "result");
        m->error = json_object_get(m->root, "error");
        if (!m->id || (!m->result && !m->error)) {
            invalid(m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s", "no \"method\"");
            return;
        }
        m->kind = LSP_MSG_RESPONSE;
        return;
    }
    if (!json_is_string(method)) {
        invalid(m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s", "\"method\" must be a string");
        return;
    }
    /* `"params": null` is omitted params (Emacs's jsonrpc writes nil as null for shutdown and exit): the handler
     * sees NULL, and one that needs params says so. */
    if (json_is_null(params))
        params = NULL;
    if (params && !json_is_object(params) && !json_is_array(params)) {
        invalid(m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s", "\"params\" must be an object or an array");
        return;
    }
    m->method = json_string_value(method);
    m->params = params;
    m->kind = id ? LSP_MSG_REQUEST : LSP_MSG_NOTIFICATION;
    if (id && !m->id)
        invalid(m, LSP_ERR_INVALID_REQUEST, "Invalid request: %s", "a request id must not be null");
}

void lsp_rpc_message_free(LspMessage *m)
{
    json_decref(m->root);
    memset(m, 0, sizeof *m);
}

bool lsp_rpc_id_equal(const json_t *a, const json_t *b)
{
    return a && b && json_equal(a, b);
}

static void envelope(LspOut *o)
{
    lsp_out_obj_begin(o);
    lsp_out_key(o, "jsonrpc");
    lsp_out_str(o, "2.0", 3);
}

void lsp_rpc_result_begin(LspOut *o, const json_t *id)
{
    envelope(o);
    lsp_out_key(o, "id");
    lsp_out_json(o, id);
    lsp_out_key(o, "result");
}

void lsp_rpc_result_end(LspOut *o)
{
    lsp_out_obj_end(o);
}

void lsp_rpc_write_error(LspOut *o, const json_t *id, int code, const char *message)
{
    envelope(o);
    lsp_out_key(o, "id");
    lsp_out_json(o, id);
    lsp_out_key(o, "error");
    lsp_out_obj_begin(o);
    lsp_out_key(o, "code");
    lsp_out_int(o, code);
    lsp_out_key(o, "message");
    lsp_out_cstr(o, message);
    lsp_out_obj_end(o);
    lsp_out_obj_end(o);
}

void lsp_rpc_notification_begin(LspOut *o, const char *method)
{
    envelope(o);
    lsp_out_key(o, "method");
    lsp_out_cstr(o, method);
    lsp_out_key(o, "params");
}

void lsp_rpc_notification_end(LspOut *o)
{
    lsp_out_obj_end(o);
}

void lsp_rpc_write_request(LspOut *o, int64_t id, const char *method, const json_t *params)
{
    envelope(o);
    lsp_out_key(o, "id");
    lsp_out_int(o, id);
    lsp_out_key(o, "method");
    lsp_out_cstr(o, method);
    if (params) {
        lsp_out_key(o, "params");
        lsp_out_json(o, params);
    }
    lsp_out_obj_end(o);
}
