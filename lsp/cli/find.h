/* find.h — the progress files below a folder: `git ls-files` inside a repository, else a walk that skips build folders. */
#ifndef LSP_CHECK_FIND_H
#define LSP_CHECK_FIND_H

#include "progress/array.h"

typedef Array(char *) LspPathList;

/*
 * Appends to `out` the progress files (core_name_is_progress_file) below the folder `dir` (borrowed), as
 * paths relative to it in byte order: what `git ls-files --cached --others --exclude-standard` lists inside a
 * repository (gitignored files left out), otherwise what a walk finds that skips VCS, dependency and build
 * folders and goes at most LSP_CHECK_WALK_DEPTH folders deep (lsp_scan_start does both; git runs through
 * git/process.c, never a shell). Returns 0, or -1 after
 * printing to stderr why `dir` or a folder below it could not be read (what was found is still appended).
 */
int lsp_check_find(const char *dir, LspPathList *out);

/* Frees the strings of `list` and the list. */
void lsp_path_list_free(LspPathList *list);

/* How deep `check DIR` and the hooks look for progress files where no repository lists them. */
#define LSP_CHECK_WALK_DEPTH 4

#endif
