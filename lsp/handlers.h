/* handlers.h — the handler prototype, the helpers every handler uses, and every handler in the method table. */
#ifndef LSP_HANDLERS_H
#define LSP_HANDLERS_H

#include <jansson.h>

#include "dispatch.h"
#include "docs.h"
#include "json_out.h"
#include "jsonrpc.h"
#include "server.h"

/* The method table of the server (methods.c): main.c hands it to lsp_server_run. */
extern const LspMethodTable lsp_methods;

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

/* handlers_format.c */
int lsp_on_formatting(LspServer *s, json_t *params, LspReply *r);
int lsp_on_range_formatting(LspServer *s, json_t *params, LspReply *r);
int lsp_on_on_type_formatting(LspServer *s, json_t *params, LspReply *r);

/* handlers_tokens.c */
int lsp_on_semantic_tokens_full(LspServer *s, json_t *params, LspReply *r);
int lsp_on_semantic_tokens_delta(LspServer *s, json_t *params, LspReply *r);
int lsp_on_semantic_tokens_range(LspServer *s, json_t *params, LspReply *r);
/* The semanticTokensProvider legend (a new reference). */
json_t *lsp_tokens_legend(void);

/* handlers_selection.c, handlers_highlight.c, handlers_linked.c: the core's navigate.h at a position */
int lsp_on_selection_range(LspServer *s, json_t *params, LspReply *r);
int lsp_on_document_highlight(LspServer *s, json_t *params, LspReply *r);
int lsp_on_linked_editing_range(LspServer *s, json_t *params, LspReply *r);

/* handlers_wsymbol.c, handlers_wdiagnostic.c: every progress file of the workspace (progress_files.h) */
int lsp_on_workspace_symbol(LspServer *s, json_t *params, LspReply *r);
int lsp_on_workspace_diagnostic(LspServer *s, json_t *params, LspReply *r);

/* handlers_diagnostics.c */
int lsp_on_diagnostic(LspServer *s, json_t *params, LspReply *r);

#endif
