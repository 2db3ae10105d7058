/* kept.h — what the MCP server keeps between tool calls: a progress file's evidence, read again only where a watch saw a change. */
#ifndef LSP_MCP_KEPT_H
#define LSP_MCP_KEPT_H

#include <stdbool.h>

#include "evidence/evidence.h"

/*
 * The evidence (git, feature_list.json, prd.json) of the progress file the last tool call read, kept alive with
 * the project's folders watched (index/watch.h): a change anywhere in the project, git's folder included, makes
 * the next call read git again (`git status` alone while HEAD stays; the history when it moved) and the harness
 * file that changed; a call after no change reads nothing but the progress file. When the watch cannot be exact
 * (git's folder outside the project — a linked worktree, a submodule —, too many folders, an event burst the
 * kernel may have cut short), every call reads git afresh, as a command does.
 */
typedef struct LspMcpKept LspMcpKept;

/* Keeps evidence for files in the project `root` (a real path, copied). Free with lsp_mcp_kept_free. */
LspMcpKept *lsp_mcp_kept_new(const char *root);
void lsp_mcp_kept_free(LspMcpKept *k);

/* The project's real path (borrowed from `k`). */
const char *lsp_mcp_kept_root(const LspMcpKept *k);

/*
 * The kept evidence of the progress file `file` (a real path inside the root, borrowed), for lsp_prime_read or
 * LspCheckOptions.kept to bring up to date; another file's evidence kept before is dropped. NULL when the file's
 * folder cannot be resolved (the caller reads afresh and says why).
 */
LspEvidence *lsp_mcp_kept_evidence(LspMcpKept *k, const char *file);

#endif
