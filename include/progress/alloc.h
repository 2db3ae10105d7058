/* progress/alloc.h — the one allocation-failure policy of the program: allocate or abort. */
#ifndef PROGRESS_ALLOC_H
#define PROGRESS_ALLOC_H

#include <stddef.h>

/*
 * These wrap malloc and friends and abort the process when memory runs out, as tree-sitter's
 * ts_malloc and redis's zmalloc do: no caller ever sees NULL, so no caller checks for it.
 * Memory they return is freed with free().
 */
void *core_xmalloc(size_t size);
void *core_xcalloc(size_t count, size_t size);
void *core_xrealloc(void *ptr, size_t size);
/* A NUL-terminated copy of `len` bytes of `s` (borrowed). Caller frees. */
char *core_xstrndup(const char *s, size_t len);

#endif
