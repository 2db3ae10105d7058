/* tokens.c — semantic tokens of one line, read off the model's spans of that line and its section's kind. */
#include "progress/tokens.h"

#include <string.h>

#include "model.h"

static const char *const type_names[CORE_TOKEN_TYPE_COUNT] = {
    "header", "sectionName", "fieldKey", "level", "phase", "path",
    "annotation", "interfaceName", "commitHash", "placeholder", "statusMark",
};

static const char *const modifier_names[CORE_TOKEN_MOD_COUNT] = {"done", "open", "missing", "deprecated", "declaration"};

const char *core_token_type_name(CoreTokenType type)
{
    return (unsigned)type < CORE_TOKEN_TYPE_COUNT ? type_names[type] : NULL;
}

const char *core_token_modifier_name(uint32_t bit)
{
    return bit < CORE_TOKEN_MOD_COUNT ? modifier_names[bit] : NULL;
}

typedef struct {
    CoreToken *items;
    uint32_t count;
} Tokens;

/*
 * Adds a token for bytes [start, end) where it belongs in column order, unless it is empty or overlaps a
 * token already there (the span read first wins).
 */
static void add(Tokens *t, uint32_t start, uint32_t end, CoreTokenType type, uint16_t mods)
{
    uint32_t i = t->count;
    if (end <= start || t->count == CORE_LINE_TOKENS_MAX)
        return;
    while (i > 0 && t->items[i - 1].col >= end)
        i--;
    if (i > 0 && t->items[i - 1].col + t->items[i - 1].len > start)
        return;
    if (i < t->count && t->items[i].col < end)
        return;
    memmove(&t->items[i + 1], &t->items[i], (t->count - i) * sizeof t->items[0]);
    t->items[i] = (CoreToken){start, end - start, (uint16_t)type, mods};
    t->count++;
}

static void add_range(Tokens *t, CoreRange r, CoreTokenType type, uint16_t mods)
{
    add(t, r.start.col, r.end.col, type, mods);
}

static void header_tokens(const CoreEntry *e, Tokens *t)
{
    uint16_t unknown = e->section_kind == CORE_SECTION_UNKNOWN ? CORE_TOKEN_MOD_DEPRECATED : 0;
    add(t, e->content.start.col, e->text.start.col, CORE_TOKEN_HEADER, 0);
    add_range(t, e->text, CORE_TOKEN_SECTION, unknown);
    add(t, e->text.end.col, e->content.end.col, CORE_TOKEN_HEADER, 0);
}

static void field_tokens(const CoreEntry *e, Tokens *t)
{
    uint16_t key_mods = e->field == CORE_FIELD_UNKNOWN ? CORE_TOKEN_MOD_DEPRECATED : 0;
    if (e->value.start.col == e->value.end.col)
        key_mods |= CORE_TOKEN_MOD_MISSING;
    add_range(t, e->key, CORE_TOKEN_FIELD_KEY, key_mods);
    if (e->field == CORE_FIELD_COMPLEXITY && e->level != CORE_LEVEL_NONE) /* the level word, its note apart */
        add(t, e->value.start.col, e->value.start.col + (uint32_t)strlen(core_level_name(e->level)), CORE_TOKEN_LEVEL, 0);
    if (e->has_phase) {
        add_range(t, e->phase_x_range, CORE_TOKEN_PHASE, 0);
        add_range(t, e->phase_y_range, CORE_TOKEN_PHASE, 0);
    }
}

static void item_tokens(const CoreDoc *doc, const CoreEntry *e, Tokens *t)
{
    if (e->has_path) {
        uint16_t mods = e->section_kind == CORE_SECTION_FILES_MODIFIED ? CORE_TOKEN_MOD_DONE : CORE_TOKEN_MOD_OPEN;
        if (e->path_count <= 1) { /* the entry's path: no second reading of the line */
            add_range(t, e->path, CORE_TOKEN_PATH, mods);
        } else {
            CorePathRef paths[CORE_LINE_TOKENS_MAX / 2];
            uint32_t n = core_doc_paths(doc, e->line, paths, CORE_LINE_TOKENS_MAX / 2);
            for (uint32_t i = 0; i < n && i < CORE_LINE_TOKENS_MAX / 2; i++)
                add_range(t, paths[i].path, CORE_TOKEN_PATH, mods);
        }
    }
    if (e->has_signature)
        add_range(t, e->sig_name, CORE_TOKEN_INTERFACE, CORE_TOKEN_MOD_DECLARATION);
    if (e->has_annotation)
        add_range(t, e->annotation, CORE_TOKEN_ANNOTATION, 0);
}

/* What a status mark says, as modifiers: done, open, dropped (deprecated); work in progress has none. */
static uint16_t status_mods(CoreStatus status)
{
    switch (status) {
    case CORE_STATUS_DONE: return CORE_TOKEN_MOD_DONE;
    case CORE_STATUS_OPEN: return CORE_TOKEN_MOD_OPEN;
    case CORE_STATUS_DROPPED: return CORE_TOKEN_MOD_DEPRECATED;
    default: return 0;
    }
}

uint32_t core_line_tokens(const CoreDoc *doc, uint32_t line, CoreToken *out)
{
    CoreEntry e;
    if (core_doc_entry(doc, line, &e) < 0)
        return 0;
    Tokens t = {out, 0};
    switch (e.kind) {
    case CORE_ENTRY_BLANK:
    case CORE_ENTRY_NONE:
        break;
    case CORE_ENTRY_HEADER:
        header_tokens(&e, &t);
        break;
    case CORE_ENTRY_FIELD:
        field_tokens(&e, &t);
        break;
    case CORE_ENTRY_ITEM:
        item_tokens(doc, &e, &t);
        break;
    case CORE_ENTRY_TEXT:
    case CORE_ENTRY_GROUP:
    case CORE_ENTRY_DETAIL:
        break;
    }
    if (e.kind == CORE_ENTRY_HEADER || e.kind == CORE_ENTRY_BLANK)
        return t.count;
    /* The grammar's spans of every other line: mark, commit, placeholder. */
    if (e.mark != CORE_MARK_NONE) {
        add_range(&t, e.mark_range, CORE_TOKEN_MARK, status_mods(e.status));
        add_range(&t, e.mark_close, CORE_TOKEN_MARK, status_mods(e.status));
    }
    if (e.has_commit)
        add_range(&t, e.commit, CORE_TOKEN_COMMIT, 0);
    if (e.has_placeholder)
        add_range(&t, e.placeholder, CORE_TOKEN_PLACEHOLDER, CORE_TOKEN_MOD_MISSING);
    return t.count;
}
