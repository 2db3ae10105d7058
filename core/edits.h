/* edits.h — private: the building blocks of code actions (edits, actions, line ranges), shared by fixes.c and moves.c. */
#ifndef CORE_EDITS_H
#define CORE_EDITS_H

#include <stdbool.h>
#include <stdint.h>

#include "list.h"
#include "progress/array.h"
#include "progress/core.h"

typedef Array(CoreEdit) CoreEditArray;
typedef Array(CoreAction) CoreActionArray;
typedef Array(char) CoreCharBuf;

/* The terminator new lines get: "\r\n" when every line of the document ends so, else "\n". */
const char *core_edits_eol(const CoreDoc *doc);

/* The length of `line`'s content in bytes. */
uint32_t core_edits_line_len(const CoreDoc *doc, uint32_t line);

/* Orders the line span [*first, *last] and clamps both ends to the document's last line; returns whether the
 * span as given reaches the document (false when it lies wholly past the end). */
bool core_edits_line_span(const CoreDoc *doc, uint32_t *first, uint32_t *last);

/* The range that deletes lines [first, last] whole: through the next line's start, or for the
 * document's last line, from the end of the line before. */
CoreRange core_edits_delete_lines(const CoreDoc *doc, uint32_t first, uint32_t last);

/* Frees what an edit (a CoreEdit) owns, its text: the item free of every array of edits (core_items_free). */
void core_edit_free(void *edit);

/* Appends an edit replacing `range` with a copy of `text` (`len` bytes, borrowed). */
void core_edits_add(CoreEditArray *edits, CoreRange range, const char *text, size_t len);

/* Appends an action titled `title` (stolen) made of `edits` (stolen, sorted here by position; left empty). */
void core_edits_push_action_take(CoreActionArray *list, char *title, bool preferred, int32_t diag, CoreEditArray *edits);

/* Drops every action of `list` whose edits are exactly an earlier one's (a quick fix, a selection's move and a
 * lens twin all moving one done item): the first, the one tied to a diagnostic when there is one, stays. */
void core_edits_drop_repeats(CoreActionArray *list);

/* Appends `len` bytes of `s` (borrowed) to `buf`; nothing appended touches nothing. */
static inline void core_buf_add(CoreCharBuf *buf, const char *s, size_t len)
{
    array_extend(buf, (uint32_t)len, s);
}

#endif
