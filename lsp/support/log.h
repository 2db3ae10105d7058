/* log.h — the server's diagnostic log: a file or stderr, filtered by level; never stdout, which is the protocol's. */
#ifndef LSP_LOG_H
#define LSP_LOG_H

#include <stdbool.h>

typedef enum {
    LSP_LOG_ERROR = 0,
    LSP_LOG_WARN,
    LSP_LOG_INFO,
    LSP_LOG_DEBUG,
} LspLogLevel;

/* The level named `name` ("error", "warn", "info", "debug"), or -1. */
int lsp_log_level_of(const char *name);

/*
 * Sends the log to `path` (borrowed; appended to, created if missing), or to stderr when `path` is
 * NULL, keeping messages at `level` and below. Returns 0 or a negative errno (the log stays on stderr).
 */
int lsp_log_open(const char *path, LspLogLevel level);

/* Closes a log file opened by lsp_log_open; later messages go to stderr. */
void lsp_log_close(void);

bool lsp_log_enabled(LspLogLevel level);

/* Writes one line "progress-ls: <level>: <message>" when `level` is enabled. */
void lsp_log(LspLogLevel level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A sink for user-visible lines (a module's `log` hook): `line` is borrowed for the call. */
typedef void (*LspLineSink)(void *data, const char *line);

/* Formats one line of any length and hands it to `sink` with `data`; nothing when `sink` is NULL. */
void lsp_log_to(LspLineSink sink, void *data, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
