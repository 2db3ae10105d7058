/* workspace.h — the server's workspace side: roots and index, client abilities, settings, watched files. */
#ifndef LSP_HANDLERS_WORKSPACE_H
#define LSP_HANDLERS_WORKSPACE_H

#include <jansson.h>
#include <stdbool.h>

#include "handlers/handlers.h"
#include "server/workspace_state.h"


/*
 * The workspace side of the connection, driven by the lifecycle handlers:
 * - init (initialize): creates s->workspace from the params (borrowed: roots, capabilities,
 *   initializationOptions), adds the workspace features to `caps` (borrowed, the ServerCapabilities
 *   object being built) and registers its own stop and exit hooks with the server;
 * - start (initialized): starts indexing, registers for file changes, pulls the settings;
 * - opened (didOpen of `uri`, borrowed): single-file mode (no roots: the file's folder becomes one).
 */
void lsp_workspace_state_init(LspServer *s, const json_t *params, json_t *caps);
void lsp_workspace_state_start(LspServer *s);
void lsp_workspace_state_opened(LspServer *s, const char *uri);


/* Table entries. */
int lsp_on_did_change_watched_files(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_change_configuration(LspServer *s, json_t *params, LspReply *r);
int lsp_on_did_change_workspace_folders(LspServer *s, json_t *params, LspReply *r);

/* handlers/complete.c */
int lsp_on_completion(LspServer *s, json_t *params, LspReply *r);
/* The command a folder's completion item carries so the editor re-opens the list inside it. */
#define LSP_COMMAND_TRIGGER_SUGGEST "editor.action.triggerSuggest"
/* workspace/executeCommand: accepts LSP_COMMAND_TRIGGER_SUGGEST (nothing to do server-side); others are invalid. */
int lsp_on_execute_command(LspServer *s, json_t *params, LspReply *r);

/* handlers/navigate.c */
int lsp_on_hover(LspServer *s, json_t *params, LspReply *r);
int lsp_on_definition(LspServer *s, json_t *params, LspReply *r);
int lsp_on_references(LspServer *s, json_t *params, LspReply *r);
int lsp_on_prepare_rename(LspServer *s, json_t *params, LspReply *r);
int lsp_on_rename(LspServer *s, json_t *params, LspReply *r);
int lsp_on_will_rename_files(LspServer *s, json_t *params, LspReply *r);
int lsp_on_document_link(LspServer *s, json_t *params, LspReply *r);

/* handlers/actions.c */
int lsp_on_code_action(LspServer *s, json_t *params, LspReply *r);
/* The WorkspaceEdit of `a` (a new reference). */
json_t *lsp_action_edit_json(const LspServer *s, const LspDoc *d, const CoreAction *a);
/* "Archive entries older than the newest N" for `d` as a CodeAction (caller owns), or NULL when nothing is older,
 * the document is in no root, or the client cannot create files in a WorkspaceEdit (archive.c). */
json_t *lsp_archive_action(LspServer *s, const LspDoc *d);
/* workspace/executeCommand of LSP_COMMAND_APPLY_ACTION (a code lens): the named action as workspace/applyEdit. */
int lsp_on_apply_action_command(LspServer *s, json_t *params, LspReply *r);

/* handlers/workstate.c */
int lsp_on_inlay_hint(LspServer *s, json_t *params, LspReply *r);
int lsp_on_code_lens(LspServer *s, json_t *params, LspReply *r);
/* Hover on a prd.json story id (title, passes) or a commit reference: sets *result and returns true, else false. */
bool lsp_workstate_hover(LspServer *s, LspDoc *d, CorePos pos, bool markdown, json_t **result);

#endif
