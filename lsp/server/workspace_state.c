/* workspace_state.c — which root of the connection's workspace holds a document. */
#include "server/workspace_state.h"

#include <stdlib.h>
#include <uv.h>

#include "support/uri.h"

int lsp_workspace_doc_root(LspServer *s, const char *uri, char **path)
{
    if (path)
        *path = NULL;
    LspWorkspaceState *w = s->workspace;
    char *p = w && w->ws ? lsp_uri_to_path(uri) : NULL;
    if (!p)
        return UV_ENOENT;
    /* Single-file mode only when the client named no folder: a folder it named and we cannot use stays a problem. */
    int root = w->named_folders ? lsp_workspace_root_of(w->ws, p, NULL) : lsp_workspace_root_for_file(w->ws, p);
    if (path && root >= 0)
        *path = p;
    else
        free(p);
    return root;
}
