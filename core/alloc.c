/* alloc.c — allocate or abort: the program's single policy for running out of memory. */
#include "progress/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t size)
{
    /* The only output the core ever makes: there is no caller left that could report it. */
    fprintf(stderr, "progress-ls: out of memory allocating %zu bytes\n", size);
    abort();
}

void *core_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

void *core_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *core_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

char *core_xstrndup(const char *s, size_t len)
{
    char *p = core_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
