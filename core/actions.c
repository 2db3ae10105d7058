/* actions.c — code actions: moving items between Files To Modify and Files Modified, and the action list itself. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_build.h"

typedef Array(char) CharBuf;
typedef Array(uint32_t) LineArray;

/* ---------------------------------------------------------------- building blocks */

const char *core_action_eol(const CoreDoc *doc)
{
    uint32_t n = core_doc_line_count(doc);
    size_t content = 0;
    for (uint32_t l = 0; l < n; l++) {
        size_t len;
        core_doc_line(doc, l, &len);
        content += len;
    }
    /* The terminators' bytes are what the lines' contents do not account for. */
    return n > 1 && core_doc_length(doc) - content == 2 * (size_t)(n - 1) ? "\r\n" : "\n";
}

static uint32_t line_len(const CoreDoc *doc, uint32_t line)
{
    size_t len;
    core_doc_line(doc, line, &len);
    return (uint32_t)len;
}

CoreRange core_action_delete_lines(const CoreDoc *doc, uint32_t first, uint32_t last)
{
    if (last + 1 < core_doc_line_count(doc))
        return (CoreRange){{first, 0}, {last + 1, 0}};
    if (first == 0)
        return (CoreRange){{0, 0}, {last, line_len(doc, last)}};
    return (CoreRange){{first - 1, line_len(doc, first - 1)}, {last, line_len(doc, last)}};
}

void core_action_edit(CoreEditArray *edits, CoreRange range, const char *text, size_t len)
{
    array_push(edits, ((CoreEdit){range, core_xstrndup(text, len)}));
}

char *core_action_title(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *out = core_xmalloc((size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    return out;
}

static int pos_cmp(CorePos a, CorePos b)
{
    if (a.line != b.line)
        return a.line < b.line ? -1 : 1;
    return a.col < b.col ? -1 : a.col > b.col;
}

static int edit_cmp(const void *pa, const void *pb)
{
    const CoreEdit *a = pa, *b = pb;
    int c = pos_cmp(a->range.start, b->range.start);
    return c ? c : pos_cmp(a->range.end, b->range.end);
}

void core_action_push(CoreActionArray *list, char *title, bool preferred, int32_t diag, CoreEditArray *edits)
{
    if (edits->size > 1)
        qsort(edits->contents, edits->size, sizeof *edits->contents, edit_cmp);
    CoreAction a = {title, preferred, diag, edits->contents, edits->size};
    array_push(list, a);
    array_init(edits);
}

/* Releases every action of `list`, their titles and edits, and empties it. */
void core_action_list_free(CoreActionList *list)
{
    for (size_t i = 0; i < list->count; i++) {
        CoreAction *a = &list->items[i];
        for (size_t k = 0; k < a->edit_count; k++)
            free(a->edits[k].text);
        free(a->edits);
        free(a->title);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* ---------------------------------------------------------------- moves */

static void append(CharBuf *buf, const char *s, size_t len)
{
    if (!len)
        return;
    uint32_t at = buf->size;
    array_grow_by(buf, (uint32_t)len);
    memcpy(buf->contents + at, s, len);
}

static void append_str(CharBuf *buf, const char *s)
{
    append(buf, s, strlen(s));
}

static bool placeholder_only(const CoreEntry *e)
{
    return e->has_placeholder && e->placeholder.start.col == e->text.start.col &&
           e->placeholder.end.col == e->text.end.col;
}

/* Items that can move: real list items, not `None` and not a bare template placeholder. */
static bool movable(const CoreEntry *e)
{
    return e->kind == CORE_ENTRY_ITEM && !placeholder_only(e);
}

/* Annotations that name work still to do, dropped once the work is done (moved to Files Modified). */
static const char *const work_words[] = {
    "create", "modify", "update", "edit", "change", "integration", "integrate", "test", "tests", "delete",
    "remove", "rename", "move", "refactor", "fix", "add", "todo", "wip", "pending", NULL,
};

static bool is_work_annotation(const char *s, CoreRange ann)
{
    uint32_t a = ann.start.col + 1, b = ann.end.col;
    while (a < b && s[a] == ' ')
        a++;
    char word[16];
    size_t n = 0;
    for (; a < b && n < sizeof word - 1; a++) {
        char c = s[a];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c < 'a' || c > 'z')
            break;
        word[n++] = c;
    }
    word[n] = '\0';
    for (int i = 0; work_words[i]; i++)
        if (strcmp(word, work_words[i]) == 0)
            return true;
    return false;
}

/* What identifies an item for duplicate checks: its path, else its body. */
typedef struct {
    const char *s;
    uint32_t len;
    uint32_t order;  /* the moved item's index; UINT32_MAX for the target's items, which sort first */
} ItemKey;

static ItemKey item_key(const CoreDoc *doc, const CoreEntry *e, uint32_t order)
{
    CoreRange r = e->has_path ? e->path : e->body;
    return (ItemKey){core_doc_line(doc, e->line, NULL) + r.start.col, r.end.col - r.start.col, order};
}

static int key_bytes_cmp(const ItemKey *a, const ItemKey *b)
{
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int key_cmp(const void *pa, const void *pb)
{
    const ItemKey *a = pa, *b = pb;
    int c = key_bytes_cmp(a, b);
    if (c)
        return c;
    /* Target items (UINT32_MAX) first, then moved items in document order. */
    if (a->order == UINT32_MAX || b->order == UINT32_MAX)
        return (b->order == UINT32_MAX) - (a->order == UINT32_MAX);
    return (a->order > b->order) - (a->order < b->order);
}

/* The section items move into. */
typedef struct {
    CoreSectionKind kind;
    int32_t index;       /* -1 when the document has no such section */
    CoreSection sec;
    uint32_t last;       /* its last non-blank line (the header when the body is empty) */
    int32_t lone;        /* the line of a lone `None` or placeholder to replace, else -1 */
    Array(CoreEntry) items;
} Target;

static void target_find(const CoreDoc *doc, CoreSectionKind kind, Target *t)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->index = -1;
    t->lone = -1;
    uint32_t n = core_doc_section_count(doc), entries = 0;
    for (uint32_t i = 0; i < n && t->index < 0; i++) {
        core_doc_section(doc, i, &t->sec);
        if (t->sec.kind == kind)
            t->index = (int32_t)i;
    }
    if (t->index < 0)
        return;
    t->last = t->sec.header_line;
    for (uint32_t l = t->sec.header_line + 1; l < t->sec.end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind == CORE_ENTRY_BLANK)
            continue;
        t->last = l;
        entries++;
        if (movable(&e))
            array_push(&t->items, e);
        else if (e.kind == CORE_ENTRY_NONE || placeholder_only(&e))
            t->lone = (int32_t)l;
    }
    if (entries != 1 || t->items.size)
        t->lone = -1;
}

/*
 * One moved item's new text: its own text, with the bullet of the target's items when it has any
 * (else its own), and without an annotation naming work still to do when moving to Files Modified.
 */
static void item_text(const CoreDoc *doc, const CoreEntry *e, const Target *t, CharBuf *out)
{
    const char *s = core_doc_line(doc, e->line, NULL);
    const CoreEntry *style = t->items.size ? &t->items.contents[0] : e;
    if (style->has_bullet) {
        const char *sl = core_doc_line(doc, style->line, NULL);
        append(out, sl + style->content.start.col, 1);
        append_str(out, " ");
    }
    append(out, s + e->body.start.col, e->body.end.col - e->body.start.col);
    if (e->has_annotation && !(t->kind == CORE_SECTION_FILES_MODIFIED && is_work_annotation(s, e->annotation))) {
        append_str(out, " ");
        append(out, s + e->annotation.start.col, e->annotation.end.col - e->annotation.start.col);
    }
}

static bool is_blank(const CoreDoc *doc, uint32_t line)
{
    CoreEntry e;
    core_doc_entry(doc, line, &e);
    return e.kind == CORE_ENTRY_BLANK;
}

/* True when `line` is in `lines` (ascending). */
static bool contains(const LineArray *lines, uint32_t line)
{
    uint32_t lo = 0, hi = lines->size;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lines->contents[mid] < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lines->size && lines->contents[lo] == line;
}

/* The nearest line before `line` that the edits keep, or -1. */
static int64_t kept_before(const LineArray *removed, uint32_t line)
{
    int64_t l = (int64_t)line - 1;
    while (l >= 0 && contains(removed, (uint32_t)l))
        l--;
    return l;
}

/*
 * Deletes the moved lines from their sections; a section left with no item gets `None` in place of
 * its first moved line. Records the deleted lines in `removed`.
 */
static void remove_sources(const CoreDoc *doc, const LineArray *lines, CoreEditArray *edits, LineArray *removed)
{
    for (uint32_t i = 0; i < lines->size;) {
        int32_t section = core_doc_section_at(doc, lines->contents[i]);
        uint32_t j = i;
        while (j < lines->size && core_doc_section_at(doc, lines->contents[j]) == section)
            j++;
        CoreSection sec;
        core_doc_section(doc, (uint32_t)section, &sec);
        uint32_t left = 0;
        bool has_none = false;
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            has_none |= e.kind == CORE_ENTRY_NONE;
            left += e.kind == CORE_ENTRY_ITEM && !contains(lines, l);
        }
        uint32_t k = i;
        if (left == 0 && !has_none) {
            uint32_t l = lines->contents[k++];
            core_action_edit(edits, (CoreRange){{l, 0}, {l, line_len(doc, l)}}, "None", 4);
        }
        while (k < j) {
            uint32_t a = lines->contents[k], b = a;
            while (k + 1 < j && lines->contents[k + 1] == b + 1)
                b = lines->contents[++k];
            k++;
            core_action_edit(edits, core_action_delete_lines(doc, a, b), "", 0);
            for (uint32_t l = a; l <= b; l++)
                array_push(removed, l);
        }
        i = j;
    }
}

/*
 * Writes `text` (the moved items, joined) into the target: in place of a lone `None` or placeholder,
 * after its last non-blank line, or, when the section is missing, as a new section before the first
 * section that the template orders after it (else at the end), separated by blank lines.
 */
static void insert_target(const CoreDoc *doc, const Target *t, const CharBuf *text, const LineArray *removed,
                          const char *eol, CoreEditArray *edits)
{
    CharBuf buf = {0};
    if (t->index >= 0) {
        uint32_t l = t->lone >= 0 ? (uint32_t)t->lone : t->last;
        uint32_t start = t->lone >= 0 ? 0 : line_len(doc, l);
        if (t->lone < 0)
            append_str(&buf, eol);
        append(&buf, text->contents, text->size);
        core_action_edit(edits, (CoreRange){{l, start}, {l, line_len(doc, l)}}, buf.contents, buf.size);
        array_delete(&buf);
        return;
    }
    uint32_t n = core_doc_section_count(doc), lines = core_doc_line_count(doc);
    int64_t before = -1;
    for (uint32_t i = 0; i < n && before < 0; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        if (sec.kind > t->kind)
            before = sec.header_line;
    }
    CorePos at;
    int trailing_eols;
    if (before >= 0) {
        int64_t p = kept_before(removed, (uint32_t)before);
        if (p >= 0 && !is_blank(doc, (uint32_t)p))
            append_str(&buf, eol);
        at = (CorePos){(uint32_t)before, 0};
        trailing_eols = 2;
    } else {
        /* A document that ends with a terminator has an empty last line, which no move removes. */
        uint32_t last = lines - 1;
        bool ends_with_eol = line_len(doc, last) == 0;
        int64_t p = ends_with_eol ? kept_before(removed, last) : kept_before(removed, last + 1);
        bool sep = p >= 0 && !is_blank(doc, (uint32_t)p);
        if (!ends_with_eol)
            append_str(&buf, eol);
        if (sep)
            append_str(&buf, eol);
        at = (CorePos){last, line_len(doc, last)};
        trailing_eols = ends_with_eol;
    }
    append_str(&buf, "=== ");
    append_str(&buf, core_section_name(t->kind));
    append_str(&buf, " ===");
    append_str(&buf, eol);
    append(&buf, text->contents, text->size);
    while (trailing_eols-- > 0)
        append_str(&buf, eol);
    core_action_edit(edits, (CoreRange){at, at}, buf.contents, buf.size);
    array_delete(&buf);
}

/*
 * Which moved items (by index in `lines`) only leave their section: those the target already lists
 * and repeats of an earlier moved item. Sorting the keys keeps this O(n log n) for long lists.
 * Caller frees the result.
 */
static bool *find_duplicates(const CoreDoc *doc, const LineArray *lines, const Target *t)
{
    uint32_t n = t->items.size + lines->size;
    ItemKey *keys = core_xmalloc((size_t)n * sizeof *keys);
    for (uint32_t k = 0; k < t->items.size; k++)
        keys[k] = item_key(doc, &t->items.contents[k], UINT32_MAX);
    for (uint32_t i = 0; i < lines->size; i++) {
        CoreEntry e;
        core_doc_entry(doc, lines->contents[i], &e);
        keys[t->items.size + i] = item_key(doc, &e, i);
    }
    qsort(keys, n, sizeof *keys, key_cmp);
    bool *dup = core_xcalloc(lines->size, sizeof *dup);
    for (uint32_t a = 0, b; a < n; a = b) {
        /* In a run of equal keys, everything after the first (a target item when there is one) repeats it. */
        for (b = a + 1; b < n && key_bytes_cmp(&keys[a], &keys[b]) == 0; b++)
            if (keys[b].order != UINT32_MAX)
                dup[keys[b].order] = true;
    }
    free(keys);
    return dup;
}

static int key_bytes_qcmp(const void *a, const void *b)
{
    return key_bytes_cmp(a, b);
}

/*
 * Fills `out` (ascending) with `lines` and every other item of the sections of kind `from` that
 * repeats one of them: a move takes all copies along, so none stays behind to be reported as both
 * modified and still to modify.
 */
static void with_copies(const CoreDoc *doc, const LineArray *lines, CoreSectionKind from, LineArray *out)
{
    ItemKey *keys = core_xmalloc((size_t)lines->size * sizeof *keys);
    for (uint32_t i = 0; i < lines->size; i++) {
        CoreEntry e;
        core_doc_entry(doc, lines->contents[i], &e);
        keys[i] = item_key(doc, &e, i);
    }
    qsort(keys, lines->size, sizeof *keys, key_bytes_qcmp);
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        if (sec.kind != from)
            continue;
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            ItemKey k = item_key(doc, &e, 0);
            if (movable(&e) && (contains(lines, l) || bsearch(&k, keys, lines->size, sizeof *keys, key_bytes_qcmp)))
                array_push(out, l);
        }
    }
    free(keys);
}

/* Appends the action moving the items on `picked` (ascending), and their copies, to the section of kind `to`. */
static void add_move(const CoreDoc *doc, const LineArray *picked, CoreSectionKind to, const char *title,
                     CoreActionArray *out)
{
    LineArray moved = {0}, *lines = &moved;
    with_copies(doc, picked,
                to == CORE_SECTION_FILES_MODIFIED ? CORE_SECTION_FILES_TO_MODIFY : CORE_SECTION_FILES_MODIFIED, &moved);
    const char *eol = core_action_eol(doc);
    Target t;
    target_find(doc, to, &t);
    bool *dup = find_duplicates(doc, lines, &t);
    CharBuf text = {0};
    for (uint32_t i = 0; i < lines->size; i++) {
        if (dup[i])
            continue;
        CoreEntry e;
        core_doc_entry(doc, lines->contents[i], &e);
        if (text.size)
            append_str(&text, eol);
        item_text(doc, &e, &t, &text);
    }
    CoreEditArray edits = {0};
    LineArray removed = {0};
    remove_sources(doc, lines, &edits, &removed);
    if (text.size)
        insert_target(doc, &t, &text, &removed, eol, &edits);
    core_action_push(out, core_xstrndup(title, strlen(title)), false, -1, &edits);
    array_delete(&removed);
    array_delete(&text);
    array_delete(&t.items);
    array_delete(&moved);
    free(dup);
}

/* The movable items of section `index`. */
static void section_items(const CoreDoc *doc, int32_t index, LineArray *out)
{
    CoreSection sec;
    core_doc_section(doc, (uint32_t)index, &sec);
    for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (movable(&e))
            array_push(out, l);
    }
}

static bool same_lines(const LineArray *a, const LineArray *b)
{
    return a->size == b->size && (a->size == 0 || memcmp(a->contents, b->contents, a->size * sizeof *a->contents) == 0);
}

/*
 * The actions for lines [first_line, last_line] (clamped; swapped when reversed), quick fixes first:
 * - a quick fix for each diagnostic of `diags` (may be NULL) touching the lines, when it has one
 *   (see fixes.c for the table);
 * - "Move to Files Modified" moving every Files To Modify item on the lines, and "Move to Files To
 *   Modify" for Files Modified items;
 * - "Move all to Files Modified" when a line is anywhere in a Files To Modify section, moving all its
 *   items (left out when it would move exactly what "Move to Files Modified" moves).
 * A move keeps each item's text, takes the bullet style of the target's items (keeps its own when the
 * target has none), and drops an annotation naming work still to do — `(create)`, `(modify)`,
 * `(update)`, `(tests)`, `(integration)`, `(delete)`, `(rename)`, … — when moving to Files Modified,
 * since the work is then done; other annotations (`(reason: …)`) stay. A lone `None` or placeholder in
 * the target is replaced; a source section left without items gets `None`; other copies of a moved
 * item in the source sections go with it; an item the target already lists is only removed from the
 * source; a missing target section is created where the
 * template puts it. Fills `out` (caller frees with core_action_list_free); returns 0.
 */
int core_actions(const CoreDoc *doc, uint32_t first_line, uint32_t last_line, const CoreDiagList *diags,
                 CoreActionList *out)
{
    CoreActionArray list = {0};
    uint32_t n = core_doc_line_count(doc);
    if (first_line > last_line) {
        uint32_t tmp = first_line;
        first_line = last_line;
        last_line = tmp;
    }
    if (last_line >= n)
        last_line = n - 1;
    if (diags)
        core_fixes_append(doc, first_line, last_line, diags, &list);

    LineArray to_done = {0}, to_undo = {0}, all = {0};
    int32_t last_section = -1;
    for (uint32_t l = first_line; l <= last_line && first_line < n; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.section_kind == CORE_SECTION_FILES_TO_MODIFY && e.section != last_section)
            section_items(doc, e.section, &all);
        last_section = e.section;
        if (!movable(&e))
            continue;
        if (e.section_kind == CORE_SECTION_FILES_TO_MODIFY)
            array_push(&to_done, l);
        else if (e.section_kind == CORE_SECTION_FILES_MODIFIED)
            array_push(&to_undo, l);
    }
    if (to_done.size)
        add_move(doc, &to_done, CORE_SECTION_FILES_MODIFIED, "Move to Files Modified", &list);
    if (to_undo.size)
        add_move(doc, &to_undo, CORE_SECTION_FILES_TO_MODIFY, "Move to Files To Modify", &list);
    if (all.size && !same_lines(&all, &to_done))
        add_move(doc, &all, CORE_SECTION_FILES_MODIFIED, "Move all to Files Modified", &list);
    array_delete(&to_done);
    array_delete(&to_undo);
    array_delete(&all);
    out->items = list.contents;
    out->count = list.size;
    return 0;
}
