/* moves.h — private: moving items (with their details) between Files To Modify and Files Modified. */
#ifndef CORE_MOVES_H
#define CORE_MOVES_H

#include "edits.h"

/*
 * Appends the moves for lines [first, last] (in range, first <= last) to `out`, then, for each
 * done-in-to-modify or open-in-modified diagnostic of `diags` (may be NULL) on those lines, the quick
 * fix moving its item. See core_actions in actions.c for what a move does.
 */
void core_moves_append(const CoreDoc *doc, uint32_t first, uint32_t last, const CoreDiagList *diags,
                       CoreActionArray *out);

#endif
