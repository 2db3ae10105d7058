/* jsonrpc.c — message shapes: what makes a body a request, a notification, a response, or invalid. */
#include "support/jsonrpc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/json_string.h"
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

/* What makes the loaded `m->root` a request, a notification, a response, or invalid. */
static void shape(LspMessage *m)
{
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

static void parse_whole(const char *body, size_t len, LspMessage *m)
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
    shape(m);
}

/*
 * A whole document's text — the largest string of a large didOpen or full didChange — is decoded apart from the
 * rest of the message, which jansson loads with this string in its place: jansson's lexer would hold the text's
 * token besides the message and the decoded string (a 20 MB didOpen peaked at 3× its size before the document was
 * even built). The handler takes the decoded text (lsp_rpc_text_take) and the document is built in it.
 */
enum { APART_MIN = 1 << 20 };
static const char PLACEHOLDER[] = "progress-ls: the document text, decoded apart";

static size_t placeholders(const json_t *v)
{
    size_t n = 0, i;
    const char *key;
    json_t *child;
    if (json_is_string(v))
        return strcmp(json_string_value(v), PLACEHOLDER) == 0;
    if (json_is_object(v))
        json_object_foreach((json_t *)v, key, child) n += placeholders(child);
    else if (json_is_array(v))
        json_array_foreach(v, i, child) n += placeholders(child);
    return n;
}

/* The string standing for the text where a document's text belongs (didOpen, a full didChange), or NULL. */
static json_t *text_slot(const LspMessage *m)
{
    if (m->kind != LSP_MSG_NOTIFICATION)
        return NULL;
    json_t *at = NULL;
    if (strcmp(m->method, "textDocument/didOpen") == 0) {
        at = json_object_get(json_object_get(m->params, "textDocument"), "text");
    } else if (strcmp(m->method, "textDocument/didChange") == 0) {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(m->params, "contentChanges"), i, c)
        {
            json_t *text = json_object_get(c, "text");
            if (!json_object_get(c, "range") && json_is_string(text) && strcmp(json_string_value(text), PLACEHOLDER) == 0)
                at = text;
        }
    }
    return json_is_string(at) && strcmp(json_string_value(at), PLACEHOLDER) == 0 ? at : NULL;
}

static bool parse_apart(const char *body, size_t len, LspMessage *m)
{
    size_t start, end, text_len;
    char *text;
    if (lsp_json_string_largest(body, len, &start, &end) < APART_MIN ||
        lsp_json_string_decode(body + start + 1, end - start - 2, &text, &text_len) < 0)
        return false;
    size_t small_len = start + 1 + strlen(PLACEHOLDER) + 1 + (len - end);
    char *small = core_xmalloc(small_len);
    memcpy(small, body, start + 1);
    memcpy(small + start + 1, PLACEHOLDER, strlen(PLACEHOLDER));
    memcpy(small + small_len - (len - end) - 1, body + end - 1, len - end + 1);
    parse_whole(small, small_len, m);
    free(small);
    json_t *at = text_slot(m);
    /* Anything else (another method, a client string equal to the placeholder, an invalid message): the whole body
     * goes to jansson, as any message does. */
    if (!at || placeholders(m->root) != 1) {
        free(text);
        lsp_rpc_message_free(m);
        return false;
    }
    m->text = text;
    m->text_len = text_len;
    m->text_at = at;
    return true;
}

void lsp_rpc_parse(const char *body, size_t len, LspMessage *m)
{
    if (len < APART_MIN || !parse_apart(body, len, m))
        parse_whole(body, len, m);
}

char *lsp_rpc_text_take(LspMessage *m, const json_t *str, size_t *len)
{
    if (!m || !m->text || str != m->text_at)
        return NULL;
    char *text = m->text;
    *len = m->text_len;
    m->text = NULL;
    m->text_at = NULL;
    return text;
}

void lsp_rpc_message_free(LspMessage *m)
{
    json_decref(m->root);
    free(m->text);
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
