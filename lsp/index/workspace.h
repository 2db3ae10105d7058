/* workspace.h — the workspace roots and their file indexes, built in the background and kept current by change events. */
#ifndef LSP_WORKSPACE_H
#define LSP_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "index/path_index.h"

/*
 * A workspace is a list of roots (absolute folders). Each root has a path index filled by a scan
 * (git ls-files, else a folder walk) and patched by file-change events. Everything the workspace
 * reads or stats is inside a root: paths from documents and events are normalized first (no "..",
 * no absolute paths) and links on the way are never followed. Paths are handed out relative to
 * their root.
 */
typedef struct LspWorkspace LspWorkspace;

/* The LSP FileChangeType values. */
typedef enum {
    LSP_FILE_CREATED = 1,
    LSP_FILE_CHANGED = 2,
    LSP_FILE_DELETED = 3,
} LspFileChange;

typedef enum {
    LSP_WS_PROGRESS_BEGIN,
    LSP_WS_PROGRESS_REPORT,
    LSP_WS_PROGRESS_END,
} LspWorkspaceProgress;

/* How the workspace talks back; any hook may be NULL. Strings are borrowed for the call. */
typedef struct {
    void *data;
    /* A line for the user's log: something went wrong, and where. */
    void (*log)(void *data, const char *message);
    /* Indexing started (BEGIN), advanced (REPORT, at most a few times a second) or ended (END). */
    void (*progress)(void *data, LspWorkspaceProgress phase, const char *message);
} LspWorkspaceHooks;

/* The most files one root holds, so a root like a home folder cannot eat the memory. */
#define LSP_WORKSPACE_MAX_FILES 200000u

/*
 * A new workspace without roots on `loop` (borrowed). `hooks` is copied. Close with lsp_workspace_close.
 * NULL (after hooks->log) only when the loop cannot take one more timer.
 */
LspWorkspace *lsp_workspace_new(uv_loop_t *loop, const LspWorkspaceHooks *hooks);

/* Stops every scan and frees the workspace once they have let go of the loop (on a later loop turn). */
void lsp_workspace_close(LspWorkspace *ws);

/*
 * Adds the folder `path` (borrowed, absolute) as a root. Returns the root's number, or a negative
 * libuv code (logged) when it is not an existing folder. Adding a known root returns its number.
 * Scanning starts with lsp_workspace_index, or at once when that has been called.
 */
int lsp_workspace_add_root(LspWorkspace *ws, const char *path);

/* Forgets the root at `path` (borrowed) and its index. Returns 0 or UV_ENOENT. Root numbers shift. */
int lsp_workspace_remove_root(LspWorkspace *ws, const char *path);

/*
 * Single-file mode: when the workspace has no roots, makes the folder of `file` (borrowed, absolute)
 * the root and starts indexing it. Returns the root containing `file`, or -1.
 */
int lsp_workspace_root_for_file(LspWorkspace *ws, const char *file);

/*
 * Sets the folders to leave out (borrowed; copied): a bare name ("vendor") leaves out every folder of
 * that name, a path ("third_party/big") that folder under a root; "**" / and trailing "/" are ignored.
 * Re-indexes when the set changed and indexing had started.
 */
void lsp_workspace_set_excludes(LspWorkspace *ws, const char *const *folders, size_t count);

/* (Re)builds every root's index in the background. */
void lsp_workspace_index(LspWorkspace *ws);

/* Whether any root is being scanned (results may be incomplete). */
bool lsp_workspace_busy(const LspWorkspace *ws);

size_t lsp_workspace_root_count(const LspWorkspace *ws);
/* The root's folder as the client named it (borrowed). */
const char *lsp_workspace_root_path(const LspWorkspace *ws, int root);
/* The root's index (borrowed; changes as scans and events arrive; matching it updates its match cache). */
LspPathIndex *lsp_workspace_paths(const LspWorkspace *ws, int root);

/*
 * The root containing the absolute `path` (borrowed), the innermost when roots nest, or -1. `rel`
 * (may be NULL) points into `path` at the part after the root.
 */
int lsp_workspace_root_of(const LspWorkspace *ws, const char *path, const char **rel);

/*
 * Applies a file-change event for the absolute `path` (borrowed). Deletions apply at once; creations
 * are gathered and listed again shortly after (git decides whether an ignored file stays out).
 * Paths outside every root are ignored.
 */
void lsp_workspace_file_changed(LspWorkspace *ws, const char *path, LspFileChange change);

/*
 * What the document path `path` (borrowed, `len` bytes, as written in a document) names in `root`:
 * LSP_PATH_NONE when it is not a clean relative path or not in the index. No file-system access.
 */
LspPathKind lsp_workspace_lookup(const LspWorkspace *ws, int root, const char *path, size_t len);

/*
 * The absolute path of the indexed file or folder `path` (borrowed, `len` bytes) in `root`, checked
 * on disk to stay inside the root: no link on the way, and a final link only when its target is
 * inside the root too. Returns a new string (caller frees) or NULL.
 */
char *lsp_workspace_resolve(const LspWorkspace *ws, int root, const char *path, size_t len);

/* Like lsp_workspace_resolve, but the path to open: the final link target's real path (lsp_root_target). */
char *lsp_workspace_target(const LspWorkspace *ws, int root, const char *path, size_t len);

#endif
