/* root.h — the root boundary: every check that keeps the server's reads and stats inside a workspace root. */
#ifndef LSP_ROOT_H
#define LSP_ROOT_H

#include <stddef.h>

#include "index/path_index.h"

/*
 * The server reads and stats nothing outside the workspace roots. Paths come in three ways, and each
 * passes here before any file-system call:
 * - listing a root: `git ls-files` runs with the root as working folder and prints paths under it; the
 *   walk descends only into entries that are real folders (a symbolic link is never followed) and
 *   names them with lsp_root_join;
 * - change events and re-listed folders (index/scan.c): lsp_root_lstat_inside;
 * - a path the user wrote, opened as a link or hovered (workspace.c): lsp_root_resolve, which also
 *   follows symbolic links, at most `max_links` of them, only while they stay inside.
 * All paths here are normalized (lsp_path_normalize: no "." or "..", no leading '/').
 */

/* The length of `base` when `path` is `base` or lies under it (both absolute, borrowed), else 0. */
size_t lsp_root_under(const char *path, const char *base);

/* `root` + '/' + `rel` (both borrowed; `rel` normalized, may be empty). Caller frees. */
char *lsp_root_join(const char *root, const char *rel);

/*
 * Checks that `rel` (normalized) names something inside `root` (a real path) without passing through
 * a symbolic link on the way: each leading folder is lstat'ed and must be a real folder. Returns the kind
 * of the last component (LSP_PATH_FILE also for a link or special file), LSP_PATH_NONE when it is
 * missing or the way leaves the root. Synchronous: for a handful of paths, not for scanning.
 */
LspPathKind lsp_root_lstat_inside(const char *root, const char *rel, size_t rel_len);

/*
 * The absolute path of `rel` (normalized, `len` bytes) under the root `shown` (as the client named it),
 * when it exists and stays inside `real` (the root's real path) on disk, following at most `max_links`
 * symbolic links whose targets stay inside too — else NULL. Caller frees.
 */
char *lsp_root_resolve(const char *real, const char *shown, const char *rel, size_t len, int max_links);

/*
 * What to open for `rel` (as lsp_root_resolve takes it): the absolute path under `real` of the file the links on
 * the way end at, when every one stays inside `real` — a name that is itself no link (lsp_file_read and
 * lsp_file_write refuse links), else NULL. Caller frees.
 */
char *lsp_root_target(const char *real, const char *rel, size_t len, int max_links);

#endif
