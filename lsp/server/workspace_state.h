/* workspace_state.h — what the workspace side keeps per connection, and which root holds a document. */
#ifndef LSP_WORKSPACE_STATE_H
#define LSP_WORKSPACE_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "index/workspace.h"
#include "server/progress_files.h"
#include "server/server.h"
#include "server/settings.h"

/* What the workspace side keeps per connection (LspServer.workspace; made by handlers/workspace.c). */
typedef struct LspWorkspaceState {
    LspWorkspace *ws;
    LspProgressFiles files;    /* progress files read from disk, for workspace symbols and diagnostics */
    LspWorkspaceSettings settings;
    bool progress;         /* window.workDoneProgress: indexing is shown as progress */
    bool watch_register;   /* workspace.didChangeWatchedFiles.dynamicRegistration */
    bool configuration;    /* workspace.configuration: settings are pulled */
    bool markdown;         /* hover in Markdown */
    bool create_files;     /* workspace.workspaceEdit: documentChanges with the `create` resource operation */
    bool diag_refresh;     /* workspace.diagnostics.refreshSupport */
    bool named_folders;    /* the client named workspace folders (even unusable ones): no single-file mode */
    int progress_state;    /* see handlers/workspace.c */
    bool progress_ended;   /* indexing ended before the client accepted the token */
    char progress_message[64];
    uint32_t progress_seq;
} LspWorkspaceState;

/*
 * The root holding the document `uri` (borrowed), with its absolute path in *path (caller frees; may
 * be NULL) — or UV_ENOENT when the document is not a file in a root (no path features then).
 */
int lsp_workspace_doc_root(LspServer *s, const char *uri, char **path);

#endif
