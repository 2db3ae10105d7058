/* fixes.h — private: the quick fixes that are not moves (see moves.h for those). */
#ifndef CORE_FIXES_H
#define CORE_FIXES_H

#include "edits.h"

/* Appends a quick fix for each diagnostic of `diags` touching lines [first, last] that has one. */
void core_fixes_append(const CoreDoc *doc, uint32_t first, uint32_t last, const CoreDiagList *diags,
                       CoreActionArray *out);

#endif
