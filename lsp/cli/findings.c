/* findings.c — a checked file and what every source found in it; the commands' one way to warn on stderr. */
#include "cli/findings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

void lsp_check_warn(const char *fmt, ...)
{
    fflush(stdout);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void lsp_check_file_add(LspCheckFile *f, CoreRange range, CoreSeverity severity, const char *code,
                        const char *summary, const char *message)
{
    array_push(&f->findings, ((LspFinding){range, severity, code, summary, core_xstrndup(message, strlen(message))}));
}

bool lsp_check_file_has_error(const LspCheckFile *f)
{
    for (uint32_t i = 0; i < f->findings.size; i++)
        if (f->findings.contents[i].severity == CORE_SEV_ERROR)
            return true;
    return false;
}

void lsp_check_file_destroy(LspCheckFile *f)
{
    for (uint32_t i = 0; i < f->findings.size; i++)
        free(f->findings.contents[i].message);
    array_delete(&f->findings);
    core_doc_free(f->doc);
    free(f->path);
    free(f->shown);
    memset(f, 0, sizeof *f);
}
