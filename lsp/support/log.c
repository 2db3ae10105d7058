/* log.c — the server's diagnostic log: one process-wide sink (stderr or a file) and a level filter. */
#include "support/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

/* The log is process-wide by nature (it outlives every connection), so its state is the one global of lsp/. */
static struct {
    FILE *file; /* NULL: stderr */
    LspLogLevel level;
} g_log = {NULL, LSP_LOG_WARN};

static const char *const level_names[] = {"error", "warn", "info", "debug"};

int lsp_log_level_of(const char *name)
{
    for (int i = 0; i <= LSP_LOG_DEBUG; i++)
        if (strcmp(name, level_names[i]) == 0)
            return i;
    return -1;
}

int lsp_log_open(const char *path, LspLogLevel level)
{
    g_log.level = level;
    if (!path)
        return 0;
    FILE *f = fopen(path, "a");
    if (!f)
        return -errno;
    setvbuf(f, NULL, _IOLBF, 0);
    lsp_log_close();
    g_log.file = f;
    return 0;
}

void lsp_log_close(void)
{
    if (g_log.file)
        fclose(g_log.file);
    g_log.file = NULL;
}

bool lsp_log_enabled(LspLogLevel level)
{
    return level <= g_log.level;
}

void lsp_log(LspLogLevel level, const char *fmt, ...)
{
    if (!lsp_log_enabled(level))
        return;
    FILE *f = g_log.file ? g_log.file : stderr;
    va_list ap;
    va_start(ap, fmt);
    fprintf(f, "progress-ls: %s: ", level_names[level]);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
}

void lsp_log_to(LspLineSink sink, void *data, const char *fmt, ...)
{
    if (!sink)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *line = core_xvasprintf(fmt, ap);
    va_end(ap);
    sink(data, line);
    free(line);
}
