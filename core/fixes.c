/* fixes.c — quick fixes: for each fixable diagnostic, the edit that makes it go away. */
#include <stdlib.h>
#include <string.h>

#include "fixes.h"
#include "progress/alloc.h"

/* Appends an action of one edit replacing `range` with `text` (borrowed); `title` is stolen. */
static void replace(CoreActionArray *out, int32_t diag, bool preferred, CoreRange range, const char *text,
                    char *title)
{
    CoreEditArray edits = {0};
    core_edits_add(&edits, range, text, strlen(text));
    core_edits_push_action_take(out, title, preferred, diag, &edits);
}

/* The fixes that delete the diagnostic's line, by code. */
static const char *const delete_titles[CORE_DIAG_CODE_COUNT] = {
    [CORE_DIAG_DUPLICATE_FIELD] = "Delete the duplicate field",
    [CORE_DIAG_DUPLICATE_ITEM] = "Delete the duplicate item",
    [CORE_DIAG_MODIFIED_AND_TO_MODIFY] = "Delete it from Files To Modify",
    [CORE_DIAG_NONE_WITH_ITEMS] = "Delete the \"None\" line",
};

static void delete_line(const CoreDoc *doc, CoreActionArray *out, int32_t diag, uint32_t line, const char *title)
{
    CoreEditArray edits = {0};
    core_edits_add(&edits, core_edits_delete_lines(doc, line, line), "", 0);
    core_edits_push_action_take(out, core_xasprintf("%s", title), true, diag, &edits);
}

/* `=== Notes` → `=== Notes ===`: the suggestion, else the name the parser read inside the `=` marks. */
static void fix_header(const CoreDoc *doc, const CoreDiag *d, int32_t index, CoreActionArray *out)
{
    CoreEntry e;
    if (core_doc_entry(doc, d->range.start.line, &e) != 0 || !e.malformed_header)
        return;
    const char *s = core_doc_line(doc, e.line, NULL);
    uint32_t a = e.text.start.col, b = e.text.end.col;
    if (!d->suggestion && a == b)
        return;
    char *text = d->suggestion ? core_xasprintf("=== %s ===", d->suggestion)
                               : core_xasprintf("=== %.*s ===", (int)(b - a), s + a);
    replace(out, index, true, d->range, text, core_xasprintf("Rewrite as \"%s\"", text));
    free(text);
}

/* The template's Session State block, every key empty, then a blank line, at the top. */
static void fix_missing_section(const CoreDoc *doc, int32_t index, CoreActionArray *out)
{
    const char *eol = core_edits_eol(doc);
    char *block = core_xasprintf("=== %s ===%s", core_section_name(CORE_SECTION_SESSION_STATE), eol);
    for (int k = CORE_FIELD_UNKNOWN + 1; k <= CORE_FIELD_KIND_COUNT; k++) {
        char *next = k < CORE_FIELD_KIND_COUNT
                         ? core_xasprintf("%s%s: %s", block, core_field_name((CoreFieldKind)k), eol)
                         : core_xasprintf("%s%s", block, eol);
        free(block);
        block = next;
    }
    replace(out, index, false, (CoreRange){{0, 0}, {0, 0}}, block,
            core_xasprintf("Add the %s section", core_section_name(CORE_SECTION_SESSION_STATE)));
    free(block);
}

/* `Key: ` on a new line after the section's last field (after its header when it has none). */
static void fix_missing_field(const CoreDoc *doc, const CoreDiag *d, int32_t index, CoreActionArray *out)
{
    int32_t section = core_doc_section_at(doc, d->range.start.line);
    CoreSection sec;
    if (!d->suggestion || section < 0 || core_doc_section(doc, (uint32_t)section, &sec) != 0)
        return;
    uint32_t after = sec.header_line;
    for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind == CORE_ENTRY_FIELD)
            after = l;
    }
    /* A whole line at character 0 of the next one (a client counting columns as bytes still gets it right); at the
     * end of the document's last line when there is no next one. */
    size_t len;
    core_doc_line(doc, after, &len);
    bool next = after + 1 < core_doc_line_count(doc);
    char *text = next ? core_xasprintf("%s: %s", d->suggestion, core_edits_eol(doc))
                      : core_xasprintf("%s%s: ", core_edits_eol(doc), d->suggestion);
    CorePos at = next ? (CorePos){after + 1, 0} : (CorePos){after, (uint32_t)len};
    replace(out, index, true, (CoreRange){at, at}, text,
            core_xasprintf("Add the \"%s:\" field", d->suggestion));
    free(text);
}

/* The phase's whole value rewritten `X of Y (label)`; `title` (stolen) may name the text with one "%s". */
static void set_phase(const CoreDoc *doc, const CoreEntry *e, int32_t index, uint32_t x, uint32_t y, bool preferred,
                      const char *title, CoreActionArray *out)
{
    const char *s = core_doc_line(doc, e->line, NULL);
    uint32_t la = e->phase_label.start.col, lb = e->phase_label.end.col;
    char *text = lb > la ? core_xasprintf("%u of %u (%.*s)", x, y, (int)(lb - la), s + la)
                         : core_xasprintf("%u of %u", x, y);
    replace(out, index, preferred, e->value, text, core_xasprintf(title, text));
    free(text);
}

/* `Phase 2 of 4 (Build)`, `2/4` → `2 of 4 (Build)`: the template's form of what the parser understood. */
static void fix_phase(const CoreDoc *doc, const CoreDiag *d, int32_t index, CoreActionArray *out)
{
    CoreEntry e;
    if (core_doc_entry(doc, d->range.start.line, &e) == 0 && e.has_phase)
        set_phase(doc, &e, index, e.phase_x, e.phase_y, true, "Write \"%s\"", out);
}

/* A phase past the plan (`5 of 3`): the current phase down to the last (X to Y), or the plan up to the current
 * phase (Y to X); a phase 0 becomes 1; a plan of 0 phases grows to the current one. */
static void fix_phase_range(const CoreDoc *doc, const CoreDiag *d, int32_t index, CoreActionArray *out)
{
    CoreEntry e;
    if (core_doc_entry(doc, d->range.start.line, &e) != 0 || !e.has_phase)
        return;
    uint32_t x = e.phase_x, y = e.phase_y;
    if (x > y && y > 0)
        set_phase(doc, &e, index, y, y, false, "Set the phase to %s (X to Y)", out);
    if (x > y)
        set_phase(doc, &e, index, x, x, false, "Set the plan to %s (Y to X)", out);
    if (x == 0 && y > 0)
        set_phase(doc, &e, index, 1, y, false, "Set the phase to %s", out);
}

/* A level with a close match (`Medum`) changes to it; one without (`Enormous`, `XL`, `High`) offers each valid level,
 * none preferred: which one is meant is the writer's call. */
static void fix_level(const CoreDiag *d, int32_t index, CoreActionArray *out)
{
    if (d->suggestion) {
        replace(out, index, true, d->range, d->suggestion, core_xasprintf("Change to \"%s\"", d->suggestion));
        return;
    }
    for (CoreLevel l = CORE_LEVEL_TRIVIAL; l < CORE_LEVEL_COUNT; l++)
        replace(out, index, false, d->range, core_level_name(l), core_xasprintf("Change to \"%s\"", core_level_name(l)));
}

/*
 * The quick fixes, one per diagnostic at most (two for a phase, one per level for a level far from all), in the order of `diags`, each carrying the index of
 * the diagnostic it fixes:
 * - malformed-header: rewrite the line as `=== <suggestion or its own name> ===` (preferred);
 * - unknown-section, unknown-field, invalid-level: replace the word with the suggestion (preferred); an
 *   invalid level without one: one fix per valid level, none preferred;
 * - missing-section: insert the template's Session State block at the top;
 * - missing-field: insert `Key: ` after the last field of Session State (preferred);
 * - duplicate-field, duplicate-item: delete the later line (preferred);
 * - modified-and-to-modify: delete the Files To Modify line (preferred);
 * - none-with-items: delete the `None` line (preferred);
 * - phase-form: rewrite the value as `X of Y (label)` (preferred);
 * - phase-out-of-range: `X of Y` with X set to Y, or Y set to X (phase 0: 1 of Y), the label kept.
 * (done-in-to-modify and open-in-modified are fixed by a move: moves.c.)
 * A diagnostic touches the lines when its range overlaps them.
 */
void core_fixes_append(const CoreDoc *doc, uint32_t first, uint32_t last, const CoreDiagList *diags,
                       CoreActionArray *out)
{
    uint32_t lines = core_doc_line_count(doc);
    for (size_t i = 0; i < diags->count; i++) {
        const CoreDiag *d = &diags->items[i];
        int32_t index = (int32_t)i;
        if (d->range.end.line < first || d->range.start.line > last || d->range.start.line >= lines)
            continue;
        switch (d->code) {
        case CORE_DIAG_MALFORMED_HEADER:
            fix_header(doc, d, index, out);
            break;
        case CORE_DIAG_INVALID_LEVEL:
            fix_level(d, index, out);
            break;
        case CORE_DIAG_UNKNOWN_SECTION:
        case CORE_DIAG_UNKNOWN_FIELD:
            if (d->suggestion)
                replace(out, index, true, d->range, d->suggestion,
                        core_xasprintf("Change to \"%s\"", d->suggestion));
            break;
        case CORE_DIAG_MISSING_SECTION:
            fix_missing_section(doc, index, out);
            break;
        case CORE_DIAG_PHASE_OUT_OF_RANGE:
            fix_phase_range(doc, d, index, out);
            break;
        case CORE_DIAG_MISSING_FIELD:
            fix_missing_field(doc, d, index, out);
            break;
        case CORE_DIAG_PHASE_FORM:
            fix_phase(doc, d, index, out);
            break;
        case CORE_DIAG_DUPLICATE_FIELD:
        case CORE_DIAG_DUPLICATE_ITEM:
        case CORE_DIAG_MODIFIED_AND_TO_MODIFY:
        case CORE_DIAG_NONE_WITH_ITEMS:
            delete_line(doc, out, index, d->range.start.line, delete_titles[d->code]);
            break;
        default:
            break;
        }
    }
}
