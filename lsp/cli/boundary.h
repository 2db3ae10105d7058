/* boundary.h — the commands' side of the root boundary: what a path given to check, fmt or hook may open. */
#ifndef LSP_CLI_BOUNDARY_H
#define LSP_CLI_BOUNDARY_H

/*
 * The folder a command keeps to for `path` (borrowed): the work tree holding it (the nearest folder above it with a
 * `.git`), else its own folder; as a real path (owned), or NULL when the folder cannot be resolved.
 */
char *lsp_cli_boundary_of(const char *path);

/*
 * What to open for `path` (borrowed; "-" is stdin and comes back as it is): the path itself when it is no
 * symbolic link, else the file its links end at when every one stays inside the real folder `boundary` (NULL:
 * lsp_cli_boundary_of(path)) — through lsp_root_target, the server's root boundary. Returns 0 with *target
 * (owned), or UV_ELOOP when a link leads out of the boundary (or loops), another UV_E* when it cannot be resolved.
 */
int lsp_cli_target(const char *path, const char *boundary, char **target);

#endif
