/* handlers.h — the handler prototype, the helpers every handler uses, and every handler in the method table. */
#ifndef LSP_HANDLERS_H
#define LSP_HANDLERS_H

#include <jansson.h>

#include "server/dispatch.h"
#include "server/docs.h"
#include "support/json_out.h"
#include "support/jsonrpc.h"
#include "server/server.h"

/* The method table of the server (methods.c): main.c hands it to lsp_server_run. */
extern const LspMethodTable lsp_methods;

/* handlers/lifecycle.c */
int lsp_on_initialize(LspServer *s, json_t *params, LspReply *r);
int lsp_on_initialized(LspServer *s, json_t *params, LspReply *r);
int lsp_on_shutdown(LspServer *s, json_t *params, LspReply *r);
int lsp_on_exit(LspServer *s, json_t *params, LspReply *r);
int lsp_on_ignore(LspServer *s, json_t *params, LspReply *r);

/* handlers/documents.c */
int lsp_on_did_open(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_change(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_close(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_save(LspServer *s, json_t *params, LspReply *r);

/* handlers/outline.c */
int lsp_on_document_symbol(LspServer *s, json_t *params, LspReply *r);
int lsp_on_folding_range(LspServer *s, json_t *params, LspReply *r);

/* handlers/format.c */
int lsp_on_formatting(LspServer *s, json_t *params, LspReply *r);
int lsp_on_range_formatting(LspServer *s, json_t *params, LspReply *r);
int lsp_on_on_type_formatting(LspServer *s, json_t *params, LspReply *r);

/* handlers/tokens.c */
int lsp_on_semantic_tokens_full(LspServer *s, json_t *params, LspReply *r);
int lsp_on_semantic_tokens_delta(LspServer *s, json_t *params, LspReply *r);
int lsp_on_semantic_tokens_range(LspServer *s, json_t *params, LspReply *r);
/* The semanticTokensProvider legend (a new reference). */
json_t *lsp_tokens_legend(void);

/* handlers/selection.c, handlers/highlight.c, handlers/linked.c: the core's navigate.h at a position */
int lsp_on_selection_range(LspServer *s, json_t *params, LspReply *r);
int lsp_on_document_highlight(LspServer *s, json_t *params, LspReply *r);
int lsp_on_linked_editing_range(LspServer *s, json_t *params, LspReply *r);

/* handlers/wsymbol.c, handlers/wdiagnostic.c: every progress file of the workspace (progress_files.h) */
int lsp_on_workspace_symbol(LspServer *s, json_t *params, LspReply *r);
int lsp_on_workspace_diagnostic(LspServer *s, json_t *params, LspReply *r);

/* handlers/diagnostics.c */
int lsp_on_diagnostic(LspServer *s, json_t *params, LspReply *r);

#endif
