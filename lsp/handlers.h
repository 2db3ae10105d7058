/* handlers.h — the handler prototype, the helpers every handler uses, and every handler in the method table. */
#ifndef LSP_HANDLERS_H
#define LSP_HANDLERS_H

#include <jansson.h>

#include "docs.h"
#include "json_out.h"
#include "server.h"

/*
 * What a request handler answers: either it writes the result value straight into `out` (large
 * answers, with json_out.h) or it sets `result` (a new reference, stolen by the dispatcher; NULL
 * answers null). To fail it returns lsp_reply_error(). Notification handlers get a reply too and
 * leave it alone; an error they return is logged.
 */
typedef struct {
    LspOut *out;
    json_t *result;
    char message[512];
} LspReply;

/* A handler: `params` is borrowed (NULL when the message had none). Returns 0 or a JSON-RPC error code. */
typedef int (*LspHandler)(LspServer *s, json_t *params, LspReply *reply);

/* Sets the reply's error message and returns `code`, for `return lsp_reply_error(r, LSP_ERR_..., "...")`. */
int lsp_reply_error(LspReply *r, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The open document named by params.textDocument.uri. Returns 0 and *doc (borrowed), or
 * LSP_ERR_INVALID_PARAMS with the reply's message set (no such field, or the document is not open).
 */
int lsp_params_doc(LspServer *s, const json_t *params, LspReply *r, LspDoc **doc);

/* handlers_lifecycle.c */
int lsp_on_initialize(LspServer *s, json_t *params, LspReply *r);
int lsp_on_initialized(LspServer *s, json_t *params, LspReply *r);
int lsp_on_shutdown(LspServer *s, json_t *params, LspReply *r);
int lsp_on_exit(LspServer *s, json_t *params, LspReply *r);
int lsp_on_ignore(LspServer *s, json_t *params, LspReply *r);

/* handlers_documents.c */
int lsp_on_did_open(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_change(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_close(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_save(LspServer *s, json_t *params, LspReply *r);

/* handlers_outline.c */
int lsp_on_document_symbol(LspServer *s, json_t *params, LspReply *r);
int lsp_on_folding_range(LspServer *s, json_t *params, LspReply *r);

/* handlers_diagnostics.c */
int lsp_on_diagnostic(LspServer *s, json_t *params, LspReply *r);
/* Pushes the document's diagnostics (unless the client pulls them). */
void lsp_diagnostics_publish(LspServer *s, LspDoc *d);
/* Pushes an empty list for `uri` (borrowed), e.g. after it closed. */
void lsp_diagnostics_clear(LspServer *s, const char *uri);

#endif
