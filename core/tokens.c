/* tokens.c — semantic tokens of one line, read off the model's spans of that line and its section's kind. */
#include "progress/tokens.h"

#include <string.h>

#include "model.h"

static const char *const type_names[CORE_TOKEN_TYPE_COUNT] = {
    "header", "sectionName", "fieldKey", "level", "phase", "path",
    "annotation", "interfaceName", "commitHash", "placeholder", "statusMark", "date", "storyId",
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

/* The name of a heading or title around its date and story id (each may be absent: an empty span at the end). */
static void title_tokens(const char *s, CoreSpan title, Tokens *t)
{
    CoreSpan parts[2] = {{title.end, title.end}, {title.end, title.end}};
    uint64_t key;
    if (core_date_find(s, title, &parts[0], &key))
        add(t, parts[0].start, parts[0].end, CORE_TOKEN_DATE, 0);
    if (core_story_find(s, title, &parts[1]))
        add(t, parts[1].start, parts[1].end, CORE_TOKEN_STORY, 0);
    if (parts[1].start < parts[0].start) {
        CoreSpan x = parts[0];
        parts[0] = parts[1];
        parts[1] = x;
    }
    uint32_t at = title.start;
    for (uint32_t k = 0; k < 2; k++) {
        add(t, at, parts[k].start, CORE_TOKEN_SECTION, 0);
        if (parts[k].end > at)
            at = parts[k].end;
    }
    add(t, at, title.end, CORE_TOKEN_SECTION, 0);
}

/* The marks around a title, without the spaces between them and the title. */
static void marks_tokens(const char *s, CoreSpan content, CoreSpan title, Tokens *t)
{
    uint32_t a = title.start, b = title.end;
    while (a > content.start && (s[a - 1] == ' ' || s[a - 1] == '\t'))
        a--;
    while (b < content.end && (s[b] == ' ' || s[b] == '\t'))
        b++;
    add(t, content.start, a, CORE_TOKEN_HEADER, 0);
    add(t, b, content.end, CORE_TOKEN_HEADER, 0);
}

/*
 * A log's heading or entry title (`## Session 3 — 2026-11-30`, `## 2026-01-05 10:00 - US-001`, `[2026-03-01] x`),
 * and a `=== … ===` header whose name is dated, numbered or names a story (`=== ITERATION 42 | 2026-03-12 ===`: an
 * entry's title, not a misspelled section): marks, name, date and story id, never "deprecated". Read from the
 * line alone (never from the document's dialect), so that the token cache's stamps hold.
 */
static bool heading_tokens(const CoreDoc *doc, uint32_t line, Tokens *t)
{
    const CoreLineHead *h = core_doc_line_head(doc, line);
    if (h->level & CORE_HEAD_FENCED)
        return false;
    size_t len;
    const char *s = core_doc_line(doc, line, &len);
    CoreLineInfo in;
    core_line_head(s, (uint32_t)len, &in);
    CoreSpan content = core_span_trim(s, (CoreSpan){0, (uint32_t)len}), title, found;
    uint64_t key;
    if (h->shape == CORE_SHAPE_HEADING || h->shape == CORE_SHAPE_TITLE) {
        title = core_span_trim(s, in.title);
    } else if (in.kind == CORE_LINE_HEADER && in.section == CORE_SECTION_UNKNOWN) {
        title = core_span_trim(s, in.text);
        if (!core_date_find(s, title, &found, &key) && !core_story_find(s, title, &found) &&
            !core_entry_number(s, title))
            return false;
    } else {
        return false;
    }
    marks_tokens(s, content, title, t);
    title_tokens(s, title, t);
    return true;
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
    if (e->has_annotation && e->has_commit && e->commit.start.col >= e->annotation.start.col &&
        e->commit.end.col <= e->annotation.end.col) {
        /* `(commit: abc1234)`: the hash is a commit hash, the rest of the parentheses the annotation */
        add(t, e->annotation.start.col, e->commit.start.col, CORE_TOKEN_ANNOTATION, 0);
        add_range(t, e->commit, CORE_TOKEN_COMMIT, 0);
        add(t, e->commit.end.col, e->annotation.end.col, CORE_TOKEN_ANNOTATION, 0);
    } else if (e->has_annotation) {
        add_range(t, e->annotation, CORE_TOKEN_ANNOTATION, 0);
    }
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
    if (heading_tokens(doc, line, &t))
        return t.count;
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
