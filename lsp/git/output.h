/* output.h — one git command run to its end on a private loop, its standard output collected: for the commands (the hook). */
#ifndef LSP_GIT_OUTPUT_H
#define LSP_GIT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Runs `git ARGS...` in `cwd` (borrowed) through lsp_git_start (argument vector, safety options) and waits, at
 * most `timeout_ms`. Returns 0 when git exited with status 0, with *out its standard output (owned,
 * NUL-terminated past *len); else a negative code (a libuv spawn error, UV_ETIMEDOUT, or UV_EINVAL for a
 * non-zero exit) and *out NULL. `len` may be NULL.
 */
int lsp_git_output(const char *cwd, const char *const *args, size_t arg_count, uint64_t timeout_ms, char **out,
                   size_t *len);

#endif
