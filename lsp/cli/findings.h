/* findings.h — a checked file and what every source found in it; the commands' one way to warn on stderr. */
#ifndef LSP_FINDINGS_H
#define LSP_FINDINGS_H

#include <stdbool.h>

#include "progress/array.h"
#include "progress/core.h"

/* One finding in one file, whatever source produced it. */
typedef struct {
    CoreRange range;       /* UTF-8 bytes, as the core's ranges */
    CoreSeverity severity; /* never CORE_SEV_OFF */
    const char *code;      /* static: "placeholder", or an extra source's own code */
    const char *summary;   /* static: one sentence on when the code is reported (SARIF's rule description) */
    char *message;         /* owned */
} LspFinding;

/* A file being checked: its text and what every source found in it, by position. */
typedef struct {
    char *path;  /* owned: the path as given or found ("-" is standard input) */
    char *shown; /* owned: the path as printed ("<stdin>" for "-") */
    CoreDoc *doc; /* owned */
    Array(LspFinding) findings;
} LspCheckFile;

/* Releases what `f` owns and zeroes it. */
void lsp_check_file_destroy(LspCheckFile *f);

/* Adds a finding to `f`: `code` and `summary` static, `message` copied. Sources call this. */
void lsp_check_file_add(LspCheckFile *f, CoreRange range, CoreSeverity severity, const char *code,
                        const char *summary, const char *message);

/* Whether any finding of `f` has error severity. */
bool lsp_check_file_has_error(const LspCheckFile *f);

/* Prints one line to stderr after flushing stdout, so that a pipe keeps the order things happened in. */
void lsp_check_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
