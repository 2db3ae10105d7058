/* tokens.c — semantic tokens of one line, read off the model's spans of that line and its section's kind. */
#include "progress/tokens.h"

#include <string.h>

#include "model.h"
#include "parse.h"

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
 * Adds a token for bytes [start, end) if it is not empty and starts at or after the previous one's end
 * (a later span inside an earlier one is left to the earlier one), keeping the list in column order.
 */
static void add(Tokens *t, uint32_t start, uint32_t end, CoreTokenType type, uint16_t mods)
{
    if (end <= start || t->count == CORE_LINE_TOKENS_MAX)
        return;
    if (t->count) {
        const CoreToken *prev = &t->items[t->count - 1];
        if (start < prev->col + prev->len)
            return;
    }
    t->items[t->count++] = (CoreToken){start, end - start, (uint16_t)type, mods};
}

static void add_range(Tokens *t, CoreRange r, CoreTokenType type, uint16_t mods)
{
    add(t, r.start.col, r.end.col, type, mods);
}

/* Spans arrive in line order except the placeholder, which may sit anywhere: it goes in where it belongs. */
static void add_sorted(Tokens *t, CoreRange r, CoreTokenType type, uint16_t mods)
{
    uint32_t start = r.start.col, end = r.end.col, i = t->count;
    if (end <= start || t->count == CORE_LINE_TOKENS_MAX)
        return;
    while (i > 0 && t->items[i - 1].col >= end)
        i--;
    if (i > 0 && t->items[i - 1].col + t->items[i - 1].len > start)
        return; /* inside a token already there */
    memmove(&t->items[i + 1], &t->items[i], (t->count - i) * sizeof t->items[0]);
    t->items[i] = (CoreToken){start, end - start, (uint16_t)type, mods};
    t->count++;
}

static void header_tokens(const CoreLineInfo *in, Tokens *t)
{
    uint16_t unknown = in->section == CORE_SECTION_UNKNOWN ? CORE_TOKEN_MOD_DEPRECATED : 0;
    add(t, in->content.start, in->text.start, CORE_TOKEN_HEADER, 0);
    add(t, in->text.start, in->text.end, CORE_TOKEN_SECTION, unknown);
    add(t, in->text.end, in->content.end, CORE_TOKEN_HEADER, 0);
}

static void field_tokens(const CoreEntry *e, Tokens *t)
{
    uint16_t key_mods = e->field == CORE_FIELD_UNKNOWN ? CORE_TOKEN_MOD_DEPRECATED : 0;
    if (e->value.start.col == e->value.end.col)
        key_mods |= CORE_TOKEN_MOD_MISSING;
    add_range(t, e->key, CORE_TOKEN_FIELD_KEY, key_mods);
    if (e->field == CORE_FIELD_COMPLEXITY && e->level != CORE_LEVEL_NONE)
        add_range(t, e->value, CORE_TOKEN_LEVEL, 0);
    if (e->has_phase)
        add_range(t, e->value, CORE_TOKEN_PHASE, 0);
}

static void item_tokens(const CoreEntry *e, Tokens *t)
{
    if (e->has_path) {
        uint16_t mods = e->section_kind == CORE_SECTION_FILES_MODIFIED ? CORE_TOKEN_MOD_DONE : CORE_TOKEN_MOD_OPEN;
        add_range(t, e->path, CORE_TOKEN_PATH, mods);
    }
    if (e->has_signature)
        add_range(t, e->sig_name, CORE_TOKEN_INTERFACE, CORE_TOKEN_MOD_DECLARATION);
    if (e->has_annotation)
        add_range(t, e->annotation, CORE_TOKEN_ANNOTATION, 0);
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
        header_tokens(core_doc_line_info(doc, line), &t);
        break;
    case CORE_ENTRY_FIELD:
        field_tokens(&e, &t);
        break;
    case CORE_ENTRY_ITEM:
        item_tokens(&e, &t);
        break;
    case CORE_ENTRY_TEXT:
    case CORE_ENTRY_GROUP:
    case CORE_ENTRY_DETAIL:
        break;
    }
    if (e.has_placeholder)
        add_sorted(&t, e.placeholder, CORE_TOKEN_PLACEHOLDER, CORE_TOKEN_MOD_MISSING);
    return t.count;
}
