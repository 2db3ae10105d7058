/* write.h — the MCP write tools' changes to a progress file: set a field, add or move an item, finish the task. */
#ifndef LSP_MCP_WRITE_H
#define LSP_MCP_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "progress/core.h"

typedef enum {
    LSP_WRITE_SET,    /* Session State field `name` := `text` (added after the last field when absent) */
    LSP_WRITE_ADD,    /* a new item `text` at the end of section `name` (a lone `None` is replaced) */
    LSP_WRITE_MOVE,   /* the Files item `text` (its path or its words) to section `name` (default: the other one) */
    LSP_WRITE_FINISH, /* Next task into Last completed, done files to Files Modified, phase + 1; then Next task := `text` */
} LspWriteOp;

/*
 * Applies `op` to `doc` (edited in place): only the bytes the change needs are touched, new lines get the file's
 * own line ending and its sections' bullet style. `name` and `text` are borrowed (NULL when not given). Returns 0,
 * or -1 with a sentence for the model in `*error` (owned) when the change cannot be made (unknown field or section,
 * no such item, a value with a line break, nothing to finish).
 */
int lsp_write_apply(CoreDoc *doc, LspWriteOp op, const char *name, const char *text, char **error);

/* The error-severity findings of `doc` with the default options (what a write must not add to). */
size_t lsp_write_error_count(const CoreDoc *doc);

#endif
