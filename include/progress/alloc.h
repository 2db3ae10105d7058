/* progress/alloc.h — the one allocation-failure policy of the program: allocate or abort. */
#ifndef PROGRESS_ALLOC_H
#define PROGRESS_ALLOC_H

#include <stdarg.h>
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

/* printf into a fresh string of the exact length (never truncated). Caller frees. */
char *core_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with a va_list (left unused: the function copies it). Caller frees. */
char *core_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Called with the size that could not be allocated, just before the process aborts (as redis's
 * zmalloc_set_oom_handler). The core itself never prints: the default handler does nothing, and the
 * program installs one that logs (lsp/main.c). Passing NULL restores the silent default. The handler
 * must not allocate with these functions.
 */
typedef void (*CoreOomHandler)(size_t size);
void core_set_oom_handler(CoreOomHandler handler);

#endif
