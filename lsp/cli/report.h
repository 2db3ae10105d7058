/* report.h — the output formats of `check`: concise, full, json, json-lines, github, sarif and junit. */
#ifndef LSP_CHECK_REPORT_H
#define LSP_CHECK_REPORT_H

#include <stdio.h>

#include "cli/findings.h"

typedef enum {
    LSP_REPORT_CONCISE = 0, /* FILE:LINE:COL: severity: message [code] */
    LSP_REPORT_FULL,        /* concise, then the source line and a caret under the range */
    LSP_REPORT_JSON,        /* one JSON array of findings */
    LSP_REPORT_JSON_LINES,  /* one JSON object per finding per line */
    LSP_REPORT_GITHUB,      /* GitHub Actions workflow commands (::error file=…::message) */
    LSP_REPORT_SARIF,       /* one SARIF 2.1.0 log */
    LSP_REPORT_JUNIT,       /* one JUnit XML report, a test case per file */
    LSP_REPORT_FORMAT_COUNT
} LspReportFormat;

/* The format named `name` (borrowed), or -1. */
int lsp_report_format_of(const char *name);
/* The names, comma-separated, for messages ("concise, full, …"; static). */
const char *lsp_report_format_names(void);

typedef struct LspReport LspReport;

/* A report in `format` written to `out` (borrowed until lsp_report_end). Caller ends it with lsp_report_end. */
LspReport *lsp_report_new(LspReportFormat format, FILE *out);

/* Reports one checked file (borrowed for the call): streamed formats print now, whole-document ones keep it. */
void lsp_report_file(LspReport *r, const LspCheckFile *f);

/* Prints what whole-document formats kept, flushes, and frees the report. NULL is ignored. */
void lsp_report_end(LspReport *r);

#endif
