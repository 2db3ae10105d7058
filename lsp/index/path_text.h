/* path_text.h — the text of workspace paths: cleaning and joining. */
#ifndef LSP_PATH_TEXT_H
#define LSP_PATH_TEXT_H

#include <stddef.h>

/*
 * Cleans `len` bytes of `path` (borrowed) into `out` (at least len + 1 bytes): drops "." segments,
 * repeated and trailing '/', a leading "./". Returns the cleaned length (0 for the root itself), or
 * UV_EINVAL for an absolute path, a ".." segment, a backslash, a NUL or a control byte: such a path
 * names nothing inside the root.
 */
int lsp_path_normalize(const char *path, size_t len, char *out);

/*
 * Joins the normalized folder `dir` (borrowed, `dir_len` bytes, empty for the root) with the relative
 * `rel` (borrowed), resolving "." and ".." by text, into `out` (at least dir_len + rel_len + 2 bytes).
 * Returns the length, or UV_EINVAL when `rel` is absolute, holds a bad byte or climbs above the root.
 */
int lsp_path_join(const char *dir, size_t dir_len, const char *rel, size_t rel_len, char *out);

#endif
