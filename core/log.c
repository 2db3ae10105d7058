/* log.c — the dialect model read from the kept blocks: each block's title, date and story, the newest entry, the current state. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/log.h"
#include "progress/tokens.h" /* core_doc_line_stamp */

static CoreRange span_range(uint32_t line, CoreSpan s)
{
    return (CoreRange){{line, s.start}, {line, s.end}};
}

/* What the title line of block `index` (at `line`) says: title, label, date, story, number, whether an entry. */
static void block_title(const CoreDoc *doc, uint32_t line, CoreBlock *out)
{
    const CoreLineHead *h = core_doc_line_head(doc, line);
    size_t len;
    const char *s = core_doc_line(doc, line, &len);
    CoreLineInfo in;
    core_line_head(s, (uint32_t)len, &in);
    CoreSpan title = in.kind == CORE_LINE_HEADER ? in.text : in.title;
    out->title = span_range(line, title);
    out->label = core_label_of(s + title.start, title.end - title.start);
    CoreSpan d, id;
    if (core_date_find(s, title, &d, &out->date_key)) {
        out->has_date = true;
        out->date = span_range(line, d);
    }
    if (core_story_find(s, title, &id)) {
        out->has_story = true;
        out->story = span_range(line, id);
    }
    /* `Session 12`, also after a heading's or title's leading marks (`## Session 12`, `=== ITERATION 4 | … ===`) */
    out->number = core_entry_number(s, title);
    CoreDialect dialect = core_doc_dialect(doc);
    out->is_entry = dialect != CORE_DIALECT_TEMPLATE &&
                    (out->has_date || out->number || (out->has_story && out->label == CORE_LABEL_NONE) ||
                     (dialect == CORE_DIALECT_PLAIN_LOG && h->shape != CORE_SHAPE_HEADING));
}

int core_doc_block(const CoreDoc *doc, uint32_t index, CoreBlock *out)
{
    return core_doc_block_read(doc, index, true, out);
}

int core_doc_block_read(const CoreDoc *doc, uint32_t index, bool parent, CoreBlock *out)
{
    CoreSection sec;
    memset(out, 0, sizeof *out);
    if (core_doc_section(doc, index, &sec) != 0)
        return CORE_ENOENT;
    out->index = index;
    out->line = sec.header_line;
    out->end_line = sec.end_line;
    out->subtree_end = core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE ? sec.end_line : core_doc_block_subtree_end(doc, index);
    out->level = core_doc_block_level(doc, index);
    out->kind = sec.kind;
    out->parent = -1;
    for (uint32_t i = index; parent && i-- > 0;)
        if (core_doc_block_level(doc, i) < out->level) {
            out->parent = (int32_t)i;
            break;
        }
    block_title(doc, sec.header_line, out);
    return 0;
}

/* What the newest-entry choice reads of one block: whether an entry, its date key, its number. */
typedef struct {
    uint32_t stamp;     /* its first line's (core_doc_line_stamp): the key holds while it does */
    bool is_entry, has_date;
    uint64_t date_key;
    uint32_t number;
} EntryKey;

static void entry_key(const CoreDoc *doc, uint32_t line, EntryKey *out)
{
    CoreBlock b;
    memset(&b, 0, sizeof b);
    block_title(doc, line, &b);
    *out = (EntryKey){core_doc_line_stamp(doc, line), b.is_entry, b.has_date, b.date_key, b.number};
}

/* The choice of core_doc_newest_entry, fed the blocks' keys in document order. */
typedef struct {
    int32_t last, first_dated, by_date, by_number;
    uint64_t first_key, best_key;
    uint32_t best_number;
    bool downward;
} Newest;

static void newest_add(Newest *n, int32_t i, const EntryKey *k)
{
    if (!k->is_entry)
        return;
    n->last = i;
    if (k->has_date) {
        if (n->first_dated < 0) {
            n->first_dated = i;
            n->first_key = k->date_key;
        } else if (k->date_key < n->first_key) {
            n->downward = true; /* a later entry with an earlier date: the log runs newest first */
        } else if (k->date_key > n->first_key) {
            n->downward = false;
        }
        /* equal dates: the later entry is the newer one in an upward log, the earlier in a downward one */
        if (n->by_date < 0 || k->date_key > n->best_key || (k->date_key == n->best_key && !n->downward)) {
            n->by_date = i;
            n->best_key = k->date_key;
        }
    }
    if (k->number && (n->by_number < 0 || k->number >= n->best_number)) {
        n->by_number = i;
        n->best_number = k->number;
    }
}

static int32_t newest_of(const Newest *n)
{
    return n->by_date >= 0 ? n->by_date : n->by_number >= 0 ? n->by_number : n->last;
}

static const Newest newest_none = {-1, -1, -1, -1, 0, 0, 0, false};

int32_t core_doc_newest_entry(const CoreDoc *doc)
{
    if (core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE)
        return -1;
    uint32_t n = core_doc_section_count(doc);
    Newest best = newest_none;
    for (uint32_t i = 0; i < n; i++) {
        EntryKey k;
        entry_key(doc, core_doc_block_line(doc, i), &k);
        newest_add(&best, (int32_t)i, &k);
    }
    return newest_of(&best);
}

typedef Array(EntryKey) EntryKeys;

struct CoreEntryKeys {
    EntryKeys keys;  /* every block's, in document order, as of the last call */
    EntryKeys spare; /* the next call's, swapped with keys: no allocation per call */
};

CoreEntryKeys *core_entry_keys_new(void)
{
    return core_xcalloc(1, sizeof(CoreEntryKeys));
}

void core_entry_keys_free(CoreEntryKeys *keys)
{
    if (!keys)
        return;
    array_delete(&keys->keys);
    array_delete(&keys->spare);
    free(keys);
}

/* How far ahead a block's stamp is looked for among the kept keys: blocks deleted at once beyond it are read again. */
enum { KEYS_AHEAD = 8 };

int32_t core_doc_newest_entry_kept(const CoreDoc *doc, CoreEntryKeys *kept)
{
    if (core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE) /* a dialect change restamps every line: nothing kept holds */
        return -1;
    uint32_t n = core_doc_section_count(doc), j = 0;
    EntryKey *old = kept->keys.contents;
    uint32_t old_n = kept->keys.size;
    EntryKeys *fresh = &kept->spare;
    array_reserve(fresh, n);
    fresh->size = 0;
    Newest best = newest_none;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t line = core_doc_block_line(doc, i), stamp = core_doc_line_stamp(doc, line);
        /* Blocks keep their order: an unedited first line is found at or just after the last one matched. */
        uint32_t k = j;
        while (k < old_n && k < j + KEYS_AHEAD && old[k].stamp != stamp)
            k++;
        EntryKey key;
        if (k < old_n && k < j + KEYS_AHEAD) {
            key = old[k];
            j = k + 1;
        } else {
            entry_key(doc, line, &key);
        }
        fresh->contents[fresh->size++] = key;
        newest_add(&best, (int32_t)i, &key);
    }
    EntryKeys swap = kept->keys;
    kept->keys = *fresh;
    kept->spare = swap;
    return newest_of(&best);
}

int32_t core_doc_newest_entry_retitled(const CoreDoc *doc, CoreEntryKeys *kept, uint32_t index)
{
    uint32_t n = core_doc_section_count(doc);
    if (core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE || kept->keys.size != n || index >= n)
        return core_doc_newest_entry_kept(doc, kept);
    entry_key(doc, core_doc_block_line(doc, index), &kept->keys.contents[index]);
    Newest best = newest_none;
    for (uint32_t i = 0; i < n; i++)
        newest_add(&best, (int32_t)i, &kept->keys.contents[i]);
    return newest_of(&best);
}

/* ---------------------------------------------------------------- the current state */

static CoreStatePart *part_of(CoreState *st, CoreLabel label)
{
    switch (label) {
    case CORE_LABEL_NEXT: return &st->next;
    case CORE_LABEL_BLOCKERS: return &st->blockers;
    case CORE_LABEL_COMPLETED: return &st->completed;
    case CORE_LABEL_STATUS: return &st->status;
    case CORE_LABEL_PHASE: return &st->phase;
    case CORE_LABEL_FILES_MODIFIED: return &st->files_modified;
    case CORE_LABEL_FILES_TO_MODIFY: return &st->files_to_modify;
    default: return NULL;
    }
}

static CoreLabel label_of_kind(CoreSectionKind kind)
{
    return kind == CORE_SECTION_FILES_MODIFIED ? CORE_LABEL_FILES_MODIFIED
           : kind == CORE_SECTION_FILES_TO_MODIFY ? CORE_LABEL_FILES_TO_MODIFY
                                                  : CORE_LABEL_NONE;
}

/* The first part of each kind wins: the first written in the entry (or in the template's Session State). */
static void part_set(CoreStatePart *p, CoreRange value, uint32_t first, uint32_t end)
{
    if (!p || p->has)
        return;
    p->has = true;
    p->value = value;
    p->first_line = first;
    p->end_line = end;
}

static bool is_none_word(const CoreDoc *doc, CoreRange r)
{
    const char *s = core_doc_line(doc, r.start.line, NULL) + r.start.col;
    size_t n = r.end.col - r.start.col;
    while (n && (s[n - 1] == '.' || s[n - 1] == '*'))
        n--;
    static const char *const words[] = {"none", "n/a", "nothing", "no blockers", "-", NULL};
    for (int k = 0; words[k]; k++)
        if (strlen(words[k]) == n) {
            size_t i = 0;
            while (i < n && (s[i] | 32) == words[k][i])
                i++;
            if (i == n)
                return true;
        }
    return false;
}

/*
 * The list under a label on line `l` (a heading's own lines up to `end`, or the lines after a `Label:`): one past its
 * last line, with the first item's text in *first (empty when the list has none). `heading`: the label is a block,
 * so every line up to `end` is its list; else the list stops at the first line that is neither an item nor a detail.
 */
static uint32_t list_after(const CoreDoc *doc, uint32_t l, uint32_t end, bool heading, CoreRange *first, bool *none)
{
    uint32_t last = l + 1;
    bool found = false;
    *none = false;
    *first = (CoreRange){{l, 0}, {l, 0}};
    for (uint32_t i = l + 1; i < end; i++) {
        CoreEntry e;
        core_doc_entry(doc, i, &e);
        if (e.kind == CORE_ENTRY_BLANK)
            continue;
        bool listed = e.kind == CORE_ENTRY_ITEM || e.kind == CORE_ENTRY_DETAIL || e.kind == CORE_ENTRY_NONE ||
                      (e.kind == CORE_ENTRY_TEXT && e.has_bullet);
        if (!heading && !listed)
            break;
        last = i + 1;
        if (!found && (e.kind == CORE_ENTRY_ITEM || e.kind == CORE_ENTRY_NONE || e.kind == CORE_ENTRY_TEXT ||
                       e.kind == CORE_ENTRY_FIELD)) {
            found = true;
            *first = e.kind == CORE_ENTRY_FIELD ? e.content : e.item.end.col > e.item.start.col ? e.item : e.text;
            *none = e.kind == CORE_ENTRY_NONE;
        }
    }
    return last;
}

/* Reads the labelled parts of lines [from, end) into `st`. */
static void read_parts(const CoreDoc *doc, uint32_t from, uint32_t end, CoreState *st)
{
    for (uint32_t l = from; l < end; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        CoreRange first;
        bool none;
        if (e.kind == CORE_ENTRY_HEADER) {
            int32_t idx = core_doc_section_at(doc, l);
            CoreBlock b;
            if (idx < 0 || core_doc_block(doc, (uint32_t)idx, &b) != 0)
                continue;
            CoreLabel label = b.label != CORE_LABEL_NONE ? b.label : label_of_kind(b.kind);
            CoreStatePart *p = part_of(st, label);
            if (!p || p->has)
                continue;
            uint32_t stop = list_after(doc, l, b.end_line, true, &first, &none);
            part_set(p, first, l, stop);
            if (p == &st->blockers)
                st->blockers_none = none || stop == l + 1 || is_none_word(doc, first);
        } else if (e.kind == CORE_ENTRY_FIELD || e.kind == CORE_ENTRY_GROUP || e.kind == CORE_ENTRY_ITEM) {
            CoreLineInfo in;
            core_doc_line_parse(doc, l, &in);
            CoreSpan key = e.kind == CORE_ENTRY_GROUP ? in.label : in.key;
            if (e.kind != CORE_ENTRY_GROUP && !(in.flags & CORE_LINE_F_KEY))
                continue;
            const char *s = core_doc_line(doc, l, NULL);
            CoreLabel label = core_label_of(s + key.start, key.end - key.start);
            CoreStatePart *p = part_of(st, label);
            if (!p || p->has)
                continue;
            CoreRange value = span_range(l, in.value);
            uint32_t stop = list_after(doc, l, end, false, &first, &none);
            if (value.end.col == value.start.col) /* `Blockers:` then a list */
                value = first;
            else
                none = is_none_word(doc, value);
            part_set(p, value, l, stop);
            if (p == &st->blockers)
                st->blockers_none = none || (stop == l + 1 && value.end.col == value.start.col);
        }
    }
}

/* The template: Session State's fields and the first Files Modified and Files To Modify sections. */
static void template_state(const CoreDoc *doc, CoreState *st)
{
    uint32_t n = core_doc_section_count(doc);
    bool state_read = false;
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        if (sec.kind == CORE_SECTION_SESSION_STATE && !state_read) {
            state_read = true;
            st->first_line = sec.header_line;
            st->end_line = sec.end_line;
            for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
                CoreEntry e;
                core_doc_entry(doc, l, &e);
                if (e.kind != CORE_ENTRY_FIELD)
                    continue;
                CoreLabel label = e.field == CORE_FIELD_NEXT_TASK       ? CORE_LABEL_NEXT
                                  : e.field == CORE_FIELD_BLOCKERS      ? CORE_LABEL_BLOCKERS
                                  : e.field == CORE_FIELD_LAST_COMPLETED ? CORE_LABEL_COMPLETED
                                  : e.field == CORE_FIELD_CURRENT_PHASE ? CORE_LABEL_PHASE
                                                                        : CORE_LABEL_NONE;
                CoreStatePart *p = part_of(st, label);
                if (!p || p->has)
                    continue;
                CoreRange first, value = e.value;
                bool none = false;
                uint32_t stop = l + 1;
                if (value.end.col == value.start.col) { /* a field continued as a list */
                    stop = list_after(doc, l, sec.end_line, false, &first, &none);
                    value = first;
                } else {
                    none = is_none_word(doc, value);
                    stop = core_doc_item_end(doc, l);
                }
                part_set(p, value, l, stop);
                if (p == &st->blockers)
                    st->blockers_none = none;
            }
        } else {
            CoreStatePart *p = part_of(st, label_of_kind(sec.kind));
            CoreRange none_range = {{sec.header_line, 0}, {sec.header_line, 0}};
            CoreRange first;
            bool none;
            if (!p || p->has)
                continue;
            list_after(doc, sec.header_line, sec.end_line, true, &first, &none);
            part_set(p, none ? none_range : first, sec.header_line, sec.end_line);
        }
    }
}

int core_doc_state(const CoreDoc *doc, CoreState *out)
{
    return core_doc_state_kept(doc, NULL, out);
}

int core_doc_state_kept(const CoreDoc *doc, CoreEntryKeys *keys, CoreState *out)
{
    memset(out, 0, sizeof *out);
    out->dialect = core_doc_dialect(doc);
    out->entry = -1;
    if (out->dialect == CORE_DIALECT_TEMPLATE) {
        template_state(doc, out);
        return 0;
    }
    out->entry = keys ? core_doc_newest_entry_kept(doc, keys) : core_doc_newest_entry(doc);
    CoreBlock b;
    if (out->entry >= 0 && core_doc_block(doc, (uint32_t)out->entry, &b) == 0) {
        out->first_line = b.line;
        out->end_line = b.subtree_end;
    } else {
        out->entry = -1;
        out->first_line = 0;
        out->end_line = core_doc_line_count(doc);
    }
    read_parts(doc, out->first_line, out->end_line, out);
    return 0;
}

uint32_t core_doc_item_paths(const CoreDoc *doc, uint32_t line, CorePathRef *out, uint32_t max)
{
    CoreEntry e;
    if (core_doc_entry(doc, line, &e) != 0 || e.kind == CORE_ENTRY_BLANK || e.kind == CORE_ENTRY_HEADER ||
        core_doc_line_verbatim(doc, line))
        return 0;
    if (e.kind == CORE_ENTRY_ITEM &&
        (e.section_kind == CORE_SECTION_FILES_MODIFIED || e.section_kind == CORE_SECTION_FILES_TO_MODIFY))
        return core_doc_paths(doc, line, out, max);
    CoreLineInfo in;
    core_doc_line_parse(doc, line, &in);
    const char *s = core_doc_line(doc, line, NULL);
    /* `Files changed: a.py, b.py`: the paths are the value's; a colon in prose (`see https://…`) is no label */
    bool labelled = (in.flags & CORE_LINE_F_KEY) && core_label_of(s + in.key.start, in.key.end - in.key.start) != CORE_LABEL_NONE;
    return core_line_path_words(s, labelled ? in.value : in.item, out, max, line);
}
