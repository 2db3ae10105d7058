/* readfile.h — reading a whole file (or stdin) for the command-line tools. */
#ifndef LSP_READFILE_H
#define LSP_READFILE_H

#include <stddef.h>

/*
 * The bytes of the file at `path` (borrowed; "-" reads stdin to its end), NUL-terminated past `*len`
 * (caller frees). Returns NULL with errno set when it cannot be opened or read.
 */
char *lsp_file_read(const char *path, size_t *len);

#endif
