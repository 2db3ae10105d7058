/* actions.c — core_actions: the quick fixes (fixes.c) and the moves (moves.c) for a range of lines. */
#include "fixes.h"
#include "moves.h"
#include "progress/log.h"

/*
 * The actions for lines [first_line, last_line] (clamped; swapped when reversed), quick fixes first:
 * - a quick fix for each diagnostic of `diags` (may be NULL) touching the lines, when it has one
 *   (fixes.c; done-in-to-modify and open-in-modified are fixed by moving the item, moves.c);
 * - "Move to Files Modified" moving every Files To Modify item on the lines (a detail stands for its
 *   item), and "Move to Files To Modify" for Files Modified items;
 * - "Move all to Files Modified" when a line is anywhere in a Files To Modify section, moving all its
 *   items (left out when it would move exactly what "Move to Files Modified" moves).
 * A move takes each item with its details and keeps its text; it is written indented as the target's
 * items, with their bullet (numbered on from the target's last number), else its own; its mark follows
 * (`[ ]` → `[x]`, ❌ → ✅ moving to Files Modified, and back; an unmarked item moving into a marked list
 * takes that list's mark); an annotation naming work still to do — `(create)`, `(modify)`, `(update)`,
 * `(tests)`, `(integration)`, `(delete)`, `(rename)`, … — is dropped when moving to Files Modified,
 * since the work is then done; other annotations (`(reason: …)`) and comments stay. A lone `None` or
 * placeholder in the target is replaced; a source section left without items gets `None`; a group label
 * left without items goes too; other copies of a moved item in the source sections go with it; an item
 * the target already lists is only removed from the source; a missing target section is created where
 * the template puts it. Fills `out` (caller frees with core_action_list_free); returns 0.
 */
int core_actions(const CoreDoc *doc, uint32_t first_line, uint32_t last_line, const CoreDiagList *diags,
                 CoreActionList *out)
{
    CoreActionArray list = {0};
    if (core_edits_line_span(doc, &first_line, &last_line)) {
        if (diags)
            core_fixes_append(doc, first_line, last_line, diags, &list);
        /* the moves create and fill the template's sections: a log's entries are the log writer's to shape */
        if (core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE)
            core_moves_append(doc, first_line, last_line, diags, &list);
    }
    out->items = list.contents;
    out->count = list.size;
    return 0;
}
