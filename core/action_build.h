/* action_build.h — private: building code actions, shared by the moves (actions.c) and the quick fixes (fixes.c). */
#ifndef CORE_ACTION_BUILD_H
#define CORE_ACTION_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "progress/array.h"
#include "progress/core.h"

typedef Array(CoreEdit) CoreEditArray;
typedef Array(CoreAction) CoreActionArray;

/* The terminator new lines get: "\r\n" when every line of the document ends so, else "\n". */
const char *core_action_eol(const CoreDoc *doc);

/* The range that deletes lines [first, last] whole: through the next line's start, or for the
 * document's last line, from the end of the line before. */
CoreRange core_action_delete_lines(const CoreDoc *doc, uint32_t first, uint32_t last);

/* Appends an edit replacing `range` with a copy of `text` (`len` bytes, borrowed). */
void core_action_edit(CoreEditArray *edits, CoreRange range, const char *text, size_t len);

/* A new string formatted as by printf (caller frees). */
char *core_action_title(const char *fmt, ...);

/* Appends an action titled `title` (stolen) made of `edits` (stolen, sorted here by position). */
void core_action_push(CoreActionArray *list, char *title, bool preferred, int32_t diag, CoreEditArray *edits);

/* Appends a quick fix for each diagnostic of `diags` touching lines [first, last] that has one. */
void core_fixes_append(const CoreDoc *doc, uint32_t first, uint32_t last, const CoreDiagList *diags,
                       CoreActionArray *out);

#endif
