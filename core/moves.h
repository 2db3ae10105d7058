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

/*
 * Appends to `edits` what moving the items on lines `picked` (ascending, `count`) — with their details
 * and copies — into the section of kind `to` takes, as "Move to Files Modified" does (for actions made
 * of more than a move: "Finish the task").
 */
void core_moves_edits(const CoreDoc *doc, const uint32_t *picked, size_t count, CoreSectionKind to,
                      CoreEditArray *edits);

/* Appends the edits adding `paths` (borrowed, one item each) at the end of the section of kind `to`, in
 * its bullet style, replacing a lone `None`, creating the section where the template puts it. */
void core_moves_add_paths(const CoreDoc *doc, CoreSectionKind to, const char *const *paths, size_t count,
                          CoreEditArray *edits);

#endif
