/* alloc.c — allocate or abort: the program's single policy for running out of memory. */
#include "progress/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom_silent(size_t size)
{
    (void)size;
}

/* The core's one piece of process-wide state: who hears about running out of memory (progress/alloc.h). */
static CoreOomHandler oom_handler = oom_silent;

void core_set_oom_handler(CoreOomHandler handler)
{
    oom_handler = handler ? handler : oom_silent;
}

static void oom(size_t size)
{
    oom_handler(size);
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

char *core_xvasprintf(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0) /* only a bad format or a wide-character conversion fails: an empty string, not NULL */
        n = 0;
    char *s = core_xmalloc((size_t)n + 1);
    va_copy(again, ap);
    if (vsnprintf(s, (size_t)n + 1, fmt, again) < 0)
        s[0] = '\0';
    va_end(again);
    return s;
}

char *core_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = core_xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}
