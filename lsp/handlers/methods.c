/* methods.c — the method table: add a feature with one row here and one handler file. */
#include "handlers/handlers.h"
#include "handlers/workspace.h"
#include "server/diagnostics.h"

static const LspMethod rows[] = {
    {"initialize", lsp_on_initialize, LSP_REQUEST},
    {"initialized", lsp_on_initialized, LSP_NEEDS_INIT},
    {"shutdown", lsp_on_shutdown, LSP_REQUEST | LSP_NEEDS_INIT},
    {"exit", lsp_on_exit, LSP_ANY_STATE},
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
    {"workspace/willRenameFiles", lsp_on_will_rename_files, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/documentLink", lsp_on_document_link, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/codeAction", lsp_on_code_action, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/formatting", lsp_on_formatting, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/rangeFormatting", lsp_on_range_formatting, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/onTypeFormatting", lsp_on_on_type_formatting, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/semanticTokens/full", lsp_on_semantic_tokens_full, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/semanticTokens/full/delta", lsp_on_semantic_tokens_delta, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/semanticTokens/range", lsp_on_semantic_tokens_range, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/selectionRange", lsp_on_selection_range, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/documentHighlight", lsp_on_document_highlight, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/linkedEditingRange", lsp_on_linked_editing_range, LSP_REQUEST | LSP_NEEDS_INIT},
    {"workspace/symbol", lsp_on_workspace_symbol, LSP_REQUEST | LSP_NEEDS_INIT},
    {"workspace/diagnostic", lsp_on_workspace_diagnostic, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/inlayHint", lsp_on_inlay_hint, LSP_REQUEST | LSP_NEEDS_INIT},
    {"textDocument/codeLens", lsp_on_code_lens, LSP_REQUEST | LSP_NEEDS_INIT},
    {"workspace/executeCommand", lsp_on_execute_command, LSP_REQUEST | LSP_NEEDS_INIT},
    {"workspace/didChangeWatchedFiles", lsp_on_did_change_watched_files, LSP_NEEDS_INIT},
    {"workspace/didChangeConfiguration", lsp_on_did_change_configuration, LSP_NEEDS_INIT},
    {"workspace/didChangeWorkspaceFolders", lsp_on_did_change_workspace_folders, LSP_NEEDS_INIT},
};

const LspMethodTable lsp_methods = {rows, sizeof rows / sizeof rows[0], lsp_diagnostics_flush};
