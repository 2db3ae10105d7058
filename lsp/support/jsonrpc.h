/* jsonrpc.h — JSON-RPC 2.0 as LSP uses it: parsing a body into a message, writing replies and notifications. */
#ifndef LSP_JSONRPC_H
#define LSP_JSONRPC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "support/json_out.h"

/* Error codes of JSON-RPC and LSP. */
enum {
    LSP_ERR_PARSE = -32700,
    LSP_ERR_INVALID_REQUEST = -32600,
    LSP_ERR_METHOD_NOT_FOUND = -32601,
    LSP_ERR_INVALID_PARAMS = -32602,
    LSP_ERR_INTERNAL = -32603,
    LSP_ERR_NOT_INITIALIZED = -32002,
    LSP_ERR_REQUEST_FAILED = -32803,
    LSP_ERR_CANCELLED = -32800,
    LSP_ERR_CONTENT_MODIFIED = -32801, /* the document changed under the request */
};

typedef enum {
    LSP_MSG_INVALID = 0, /* `error_code` and `error_text` say why; `id` is set when one could be read */
    LSP_MSG_REQUEST,     /* method, id, params */
    LSP_MSG_NOTIFICATION,/* method, params */
    LSP_MSG_RESPONSE,    /* id, and result or error: the answer to a request the server sent */
} LspMsgKind;

typedef struct {
    LspMsgKind kind;
    json_t *root;       /* owned: the whole message; NULL when the body is not JSON */
    json_t *id;         /* borrowed from root: an integer or a string; NULL if absent or unusable */
    const char *method; /* borrowed from root */
    json_t *params;     /* borrowed from root; NULL if absent */
    json_t *result;     /* borrowed (responses) */
    json_t *error;      /* borrowed (responses) */
    int error_code;     /* INVALID: LSP_ERR_PARSE or LSP_ERR_INVALID_REQUEST */
    char error_text[256];
    bool cancelled;     /* a $/cancelRequest for this request arrived before it was handled */
    size_t size;        /* the body's length in bytes */
    char *text;         /* owned: a document's text decoded apart (jsonrpc.c), until a handler takes it */
    size_t text_len;
    const json_t *text_at; /* borrowed from root: the string `text` stands in for (its value is a placeholder) */
} LspMessage;

/*
 * What a request handler answers: either it writes the result value straight into `out` (large
 * answers, with json_out.h) or it sets `result` (a new reference, stolen by the dispatcher; NULL
 * answers null). To fail it returns lsp_reply_error(). Notification handlers get a reply too and
 * leave it alone; an error they return is logged. `message` is owned by the reply (lsp_reply_free).
 */
typedef struct {
    LspOut *out;
    json_t *result;
    char *message;
    LspMessage *msg; /* borrowed: the message handled, for lsp_rpc_text_take; NULL outside the dispatcher */
} LspReply;

/*
 * Sets the reply's error message (any length) and returns `code`, a JSON-RPC error code, for
 * `return lsp_reply_error(r, LSP_ERR_..., "...")`. This is the one place an lsp/ error becomes a JSON-RPC code.
 */
int lsp_reply_error(LspReply *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Releases the reply's result and message. */
void lsp_reply_free(LspReply *r);

/*
 * Parses a message body (`len` bytes, borrowed). Always fills `out`; release with lsp_rpc_message_free. The text of
 * a large didOpen or full didChange is kept apart from the tree: read it with lsp_rpc_text_take.
 */
void lsp_rpc_parse(const char *body, size_t len, LspMessage *out);

/*
 * When `str` (borrowed from `m`'s tree; `m` may be NULL) is the text kept apart, hands it over: malloc'd, `*len`
 * bytes, owned by the caller. Otherwise, or a second time, NULL: read `str` itself. The node kept apart holds only a
 * placeholder, so a handler reads a document's text through this first.
 */
char *lsp_rpc_text_take(LspMessage *m, const json_t *str, size_t *len);
void lsp_rpc_message_free(LspMessage *msg);

/* True when `a` and `b` (borrowed, may be NULL) are the same request id. */
bool lsp_rpc_id_equal(const json_t *a, const json_t *b);

/*
 * Writers of whole message bodies into `o`. Ids and params are borrowed; a NULL id is written as
 * null. A result is written in two steps so that a handler can stream a large one straight into
 * `o`: lsp_rpc_result_begin, the result value, lsp_rpc_result_end.
 */
void lsp_rpc_result_begin(LspOut *o, const json_t *id);
void lsp_rpc_result_end(LspOut *o);
void lsp_rpc_write_error(LspOut *o, const json_t *id, int code, const char *message);
void lsp_rpc_notification_begin(LspOut *o, const char *method);
void lsp_rpc_notification_end(LspOut *o);
void lsp_rpc_write_request(LspOut *o, int64_t id, const char *method, const json_t *params);

#endif
