/* moves.c — moving items with their details between Files To Modify and Files Modified, marks following the move. */
#include "moves.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

typedef Array(uint32_t) LineArray;

static void add_str(CoreCharBuf *buf, const char *s)
{
    core_buf_add(buf, s, strlen(s));
}

static void add_range(CoreCharBuf *buf, const CoreDoc *doc, CoreRange r)
{
    core_buf_add(buf, core_doc_line(doc, r.start.line, NULL) + r.start.col, r.end.col - r.start.col);
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

static bool numbered(const CoreEntry *e)
{
    return e->bullet == CORE_BULLET_NUMBER || e->bullet == CORE_BULLET_NUMBER_PAREN;
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
    uint32_t order; /* the moved item's index; UINT32_MAX for the target's items, which sort first */
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

static int key_bytes_qcmp(const void *a, const void *b)
{
    return key_bytes_cmp(a, b);
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

/* The section items move into, and the style its items are written in. */
typedef struct {
    CoreSectionKind kind;
    int32_t index;      /* -1 when the document has no such section */
    CoreSection sec;
    uint32_t last;      /* its last non-blank line (the header when the body is empty) */
    int32_t lone;       /* the line of a lone `None` or placeholder to replace, else -1 */
    Array(CoreEntry) items;
    uint32_t next_number; /* for numbered lists: the number the next item gets */
} Target;

static void target_find(const CoreDoc *doc, CoreSectionKind kind, Target *t)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->index = -1;
    t->lone = -1;
    t->next_number = 1;
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
        if (e.kind == CORE_ENTRY_DETAIL)
            continue;
        entries++;
        if (movable(&e)) {
            array_push(&t->items, e);
            if (numbered(&e))
                t->next_number = (uint32_t)strtoul(core_doc_line(doc, l, NULL) + e.bullet_range.start.col, NULL, 10) + 1;
        } else if (e.kind == CORE_ENTRY_NONE || placeholder_only(&e)) {
            t->lone = (int32_t)l;
        }
    }
    if (entries != 1 || t->items.size)
        t->lone = -1;
}

/* The bullet a moved item gets: the target's style (numbered on from its last number), else its own. */
static void write_bullet(const CoreDoc *doc, const CoreEntry *e, Target *t, CoreCharBuf *out)
{
    const CoreEntry *style = t->items.size ? &t->items.contents[t->items.size - 1] : e;
    char num[16];
    switch (style->bullet) {
    case CORE_BULLET_NONE: return;
    case CORE_BULLET_NUMBER:
    case CORE_BULLET_NUMBER_PAREN:
        if (style == e) {
            add_range(out, doc, e->bullet_range);
        } else {
            snprintf(num, sizeof num, "%u%c", t->next_number++, style->bullet == CORE_BULLET_NUMBER ? '.' : ')');
            add_str(out, num);
        }
        break;
    default: add_range(out, doc, style->bullet_range); break;
    }
    add_str(out, " ");
}

/*
 * The mark a moved item gets: its own mark's family saying the new status (`[ ]` → `[x]`, ❌ → ✅, and back);
 * an unmarked item moving into a list whose items carry marks takes their family's. NONE for no mark.
 */
static CoreMark moved_mark(const CoreEntry *e, const Target *t)
{
    CoreStatus want = t->kind == CORE_SECTION_FILES_MODIFIED ? CORE_STATUS_DONE : CORE_STATUS_OPEN;
    if (e->mark == CORE_MARK_STRIKE)
        return CORE_MARK_NONE; /* the struck-through text is written as it is */
    if (e->mark != CORE_MARK_NONE) {
        CoreMark m = core_mark_for(e->mark, want);
        return m != CORE_MARK_NONE ? m : e->mark;
    }
    for (uint32_t i = 0; i < t->items.size; i++)
        if (t->items.contents[i].mark != CORE_MARK_NONE && t->items.contents[i].mark != CORE_MARK_STRIKE)
            return core_mark_for(t->items.contents[i].mark, want);
    return CORE_MARK_NONE;
}

/*
 * One moved item's new text, its details after it: indented as the target's items, with their bullet,
 * its mark following the move, and without an annotation naming work still to do when moving to Files
 * Modified. Details keep their place below the item: one aligned under the item's words stays so under its new
 * bullet; one less deep keeps its depth below the bullet.
 */
static void item_text(const CoreDoc *doc, const CoreEntry *e, Target *t, const char *eol, CoreCharBuf *out)
{
    const char *s = core_doc_line(doc, e->line, NULL);
    uint32_t indent = t->items.size ? t->items.contents[0].indent : 0;
    size_t line_start = out->size;
    for (uint32_t i = 0; i < indent; i++)
        add_str(out, " ");
    write_bullet(doc, e, t, out);
    /* Where the item's words start, before and after: a detail aligned under them stays aligned (`1. a` → `- a`). */
    uint32_t old_body = e->has_bullet ? e->text.start.col : e->indent;
    uint32_t new_body = (uint32_t)(out->size - line_start);
    CoreMark mark = moved_mark(e, t);
    bool trailing = e->mark != CORE_MARK_NONE && e->mark_range.start.col >= e->item.end.col;
    if (mark != CORE_MARK_NONE && !trailing) {
        add_str(out, core_mark_text(mark));
        add_str(out, " ");
    }
    CoreRange what = e->item;
    if (e->mark == CORE_MARK_STRIKE) /* the item as written, `~~` and all */
        what.start = e->mark_range.start;
    bool drop = e->has_annotation && t->kind == CORE_SECTION_FILES_MODIFIED && is_work_annotation(s, e->annotation);
    if (drop) {
        uint32_t a = e->annotation.start.col;
        while (a > what.start.col && s[a - 1] == ' ')
            a--;
        core_buf_add(out, s + what.start.col, a - what.start.col);
        core_buf_add(out, s + e->annotation.end.col, what.end.col - e->annotation.end.col);
    } else {
        add_range(out, doc, what);
    }
    if (mark != CORE_MARK_NONE && trailing) {
        add_str(out, " ");
        add_str(out, core_mark_text(mark));
    }
    uint32_t end = core_doc_item_end(doc, e->line);
    for (uint32_t l = e->line + 1; l < end; l++) {
        CoreEntry d;
        core_doc_entry(doc, l, &d);
        add_str(out, eol);
        if (d.kind == CORE_ENTRY_BLANK)
            continue;
        uint32_t depth = d.indent >= old_body ? new_body + (d.indent - old_body)
                                              : indent + (d.indent > e->indent ? d.indent - e->indent : 2);
        for (uint32_t i = 0; i < depth; i++)
            add_str(out, " ");
        add_range(out, doc, d.content);
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

static int line_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/*
 * The lines a move deletes from one section (ascending, into `out`): each moved item with its details,
 * and each group label left with no item. Returns how many items the section keeps.
 */
static uint32_t section_removals(const CoreDoc *doc, const CoreSection *sec, const LineArray *items, LineArray *out)
{
    uint32_t left = 0, kept_in_group = 0, moved_in_group = 0, group_indent = 0;
    int64_t group = -1;
    for (uint32_t l = sec->header_line + 1; l < sec->end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        /* A group ends at the next label, or at an item less indented than its label (core_doc_item_group). */
        if (e.kind == CORE_ENTRY_GROUP || (e.kind == CORE_ENTRY_ITEM && group >= 0 && e.indent < group_indent)) {
            if (group >= 0 && moved_in_group && !kept_in_group)
                array_push(out, (uint32_t)group);
            group = e.kind == CORE_ENTRY_GROUP ? (int64_t)l : -1;
            group_indent = e.indent;
            kept_in_group = moved_in_group = 0;
        }
        if (e.kind != CORE_ENTRY_ITEM)
            continue;
        if (!contains(items, l)) {
            left++;
            kept_in_group++;
            continue;
        }
        moved_in_group++;
        uint32_t end = core_doc_item_end(doc, l);
        for (uint32_t k = l; k < end; k++)
            array_push(out, k);
        l = end - 1;
    }
    if (group >= 0 && moved_in_group && !kept_in_group)
        array_push(out, (uint32_t)group);
    if (out->size > 1)
        qsort(out->contents, out->size, sizeof *out->contents, line_cmp);
    return left;
}

/*
 * A numbered list that counted on (`1.` `2.` `3.`) still does once lines are gone: the items `removed` leaves (at
 * the first numbered item's indent) get their numbers again from the first one's, only their digits rewritten.
 * A list that did not count on (`1.` `1.` `1.`, as Markdown allows) is left as it is.
 */
static void renumber(const CoreDoc *doc, const CoreSection *sec, const LineArray *removed, CoreEditArray *edits)
{
    int64_t indent = -1;
    uint32_t first = 0, expect = 0;
    for (uint32_t l = sec->header_line + 1; l < sec->end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind != CORE_ENTRY_ITEM || !numbered(&e) || (indent >= 0 && e.indent != indent))
            continue;
        uint32_t n = (uint32_t)strtoul(core_doc_line(doc, l, NULL) + e.bullet_range.start.col, NULL, 10);
        if (indent < 0) {
            indent = e.indent;
            first = expect = n;
        } else if (n != expect) {
            return;
        }
        expect++;
    }
    uint32_t next = first;
    for (uint32_t l = sec->header_line + 1; indent >= 0 && l < sec->end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind != CORE_ENTRY_ITEM || !numbered(&e) || e.indent != indent || contains(removed, l))
            continue;
        const char *s = core_doc_line(doc, l, NULL);
        uint32_t a = e.bullet_range.start.col, b = e.bullet_range.end.col - 1; /* the digits, not the `.` */
        if ((uint32_t)strtoul(s + a, NULL, 10) != next) {
            char num[16];
            int len = snprintf(num, sizeof num, "%u", next);
            core_edits_add(edits, (CoreRange){{l, a}, {l, b}}, num, (size_t)len);
        }
        next++;
    }
}

/*
 * Deletes the moved items (with their details) from their sections; a section left with no item gets
 * `None` in place of its first deleted line. Records the deleted lines in `removed` (ascending).
 */
static void remove_sources(const CoreDoc *doc, const LineArray *items, const char *eol, CoreEditArray *edits,
                           LineArray *removed)
{
    for (uint32_t i = 0; i < items->size;) {
        int32_t section = core_doc_section_at(doc, items->contents[i]);
        uint32_t j = i;
        while (j < items->size && core_doc_section_at(doc, items->contents[j]) == section)
            j++;
        CoreSection sec;
        core_doc_section(doc, (uint32_t)section, &sec);
        bool has_none = false;
        for (uint32_t l = sec.header_line + 1; l < sec.end_line && !has_none; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            has_none = e.kind == CORE_ENTRY_NONE;
        }
        LineArray lines = {0};
        uint32_t left = section_removals(doc, &sec, items, &lines);
        uint32_t k = 0;
        if (left == 0 && !has_none && lines.size) {
            /* Whole lines (see insert_target): `None` in place of the first run of deleted lines, with a terminator
             * when the run ends before the document does. */
            uint32_t a = lines.contents[k++], b = a;
            while (k < lines.size && lines.contents[k] == b + 1)
                b = lines.contents[k++];
            if (b + 1 < core_doc_line_count(doc)) {
                char *none = core_xasprintf("None%s", eol);
                core_edits_add(edits, (CoreRange){{a, 0}, {b + 1, 0}}, none, strlen(none));
                free(none);
            } else {
                core_edits_add(edits, (CoreRange){{a, 0}, {b, core_edits_line_len(doc, b)}}, "None", 4);
            }
            for (uint32_t l = a + 1; l <= b; l++) /* line a stays, saying None */
                array_push(removed, l);
        }
        while (k < lines.size) {
            uint32_t a = lines.contents[k], b = a;
            while (k + 1 < lines.size && lines.contents[k + 1] == b + 1)
                b = lines.contents[++k];
            k++;
            core_edits_add(edits, core_edits_delete_lines(doc, a, b), "", 0);
            for (uint32_t l = a + 1; l <= b; l++) /* line a stays, saying None */
                array_push(removed, l);
        }
        if (left)
            renumber(doc, &sec, &lines, edits);
        array_delete(&lines);
        i = j;
    }
    if (removed->size > 1)
        qsort(removed->contents, removed->size, sizeof *removed->contents, line_cmp);
}

/*
 * Writes `text` (the moved items, joined) into the target: in place of a lone `None` or placeholder,
 * after its last non-blank line, or, when the section is missing, as a new section before the first
 * section that the template orders after it (else at the end), separated by blank lines.
 */
static void insert_target(const CoreDoc *doc, const Target *t, const CoreCharBuf *text, const LineArray *removed,
                          const char *eol, CoreEditArray *edits)
{
    CoreCharBuf buf = {0};
    if (t->index >= 0) {
        /* Whole lines: replace the lone line, or insert at character 0 of the line after the last one. A client
         * that counts a line's columns in bytes where LSP says UTF-16 (Vim's ALE) then cannot cut a `—` or `✅`. */
        uint32_t l = t->lone >= 0 ? (uint32_t)t->lone : t->last;
        bool next = l + 1 < core_doc_line_count(doc);
        CoreRange at = t->lone >= 0 ? (CoreRange){{l, 0}, {l, core_edits_line_len(doc, l)}}
                                    : (CoreRange){{l, core_edits_line_len(doc, l)}, {l, core_edits_line_len(doc, l)}};
        if (next)
            at = t->lone >= 0 ? (CoreRange){{l, 0}, {l + 1, 0}} : (CoreRange){{l + 1, 0}, {l + 1, 0}};
        else if (t->lone < 0)
            add_str(&buf, eol);
        core_buf_add(&buf, text->contents, text->size);
        if (next)
            add_str(&buf, eol);
        core_edits_add(edits, at, buf.contents, buf.size);
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
            add_str(&buf, eol);
        at = (CorePos){(uint32_t)before, 0};
        trailing_eols = 2;
    } else {
        /* A document that ends with a terminator has an empty last line, which no move removes. */
        uint32_t last = lines - 1;
        bool ends_with_eol = core_edits_line_len(doc, last) == 0;
        int64_t p = ends_with_eol ? kept_before(removed, last) : kept_before(removed, last + 1);
        bool sep = p >= 0 && !is_blank(doc, (uint32_t)p);
        if (!ends_with_eol)
            add_str(&buf, eol);
        if (sep)
            add_str(&buf, eol);
        at = (CorePos){last, core_edits_line_len(doc, last)};
        trailing_eols = ends_with_eol;
    }
    add_str(&buf, "=== ");
    add_str(&buf, core_section_name(t->kind));
    add_str(&buf, " ===");
    add_str(&buf, eol);
    core_buf_add(&buf, text->contents, text->size);
    while (trailing_eols-- > 0)
        add_str(&buf, eol);
    core_edits_add(edits, (CoreRange){at, at}, buf.contents, buf.size);
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

void core_moves_edits(const CoreDoc *doc, const uint32_t *picked, size_t count, CoreSectionKind to,
                      CoreEditArray *edits)
{
    LineArray given = {(uint32_t *)picked, (uint32_t)count, (uint32_t)count}, moved = {0}, *lines = &moved;
    with_copies(doc, &given,
                to == CORE_SECTION_FILES_MODIFIED ? CORE_SECTION_FILES_TO_MODIFY : CORE_SECTION_FILES_MODIFIED, &moved);
    const char *eol = core_edits_eol(doc);
    Target t;
    target_find(doc, to, &t);
    bool *dup = find_duplicates(doc, lines, &t);
    CoreCharBuf text = {0};
    for (uint32_t i = 0; i < lines->size; i++) {
        if (dup[i])
            continue;
        CoreEntry e;
        core_doc_entry(doc, lines->contents[i], &e);
        if (text.size)
            add_str(&text, eol);
        item_text(doc, &e, &t, eol, &text);
    }
    LineArray removed = {0};
    remove_sources(doc, lines, eol, edits, &removed);
    if (text.size)
        insert_target(doc, &t, &text, &removed, eol, edits);
    array_delete(&removed);
    array_delete(&text);
    array_delete(&t.items);
    array_delete(&moved);
    free(dup);
}

void core_moves_add_paths(const CoreDoc *doc, CoreSectionKind to, const char *const *paths, size_t count,
                          CoreEditArray *edits)
{
    if (!count)
        return;
    const char *eol = core_edits_eol(doc);
    Target t;
    target_find(doc, to, &t);
    CoreCharBuf text = {0};
    CoreEntry plain = {0}; /* a new item without a bullet of its own: the target's style, numbered on */
    for (size_t i = 0; i < count; i++) {
        if (text.size)
            add_str(&text, eol);
        write_bullet(doc, &plain, &t, &text);
        CoreMark mark = moved_mark(&plain, &t); /* the list's items carry `[x]`: so do the added ones */
        if (mark != CORE_MARK_NONE) {
            add_str(&text, core_mark_text(mark));
            add_str(&text, " ");
        }
        add_str(&text, paths[i]);
    }
    LineArray removed = {0};
    insert_target(doc, &t, &text, &removed, eol, edits);
    array_delete(&text);
    array_delete(&t.items);
}

/* Appends the action moving the items on `picked` (ascending), their details and copies, to the section of kind `to`. */
static void add_move(const CoreDoc *doc, const LineArray *picked, CoreSectionKind to, const char *title, bool preferred,
                     int32_t diag, CoreActionArray *out)
{
    CoreEditArray edits = {0};
    core_moves_edits(doc, picked->contents, picked->size, to, &edits);
    core_edits_push_action_take(out, core_xstrndup(title, strlen(title)), preferred, diag, &edits);
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

/* The item a line stands for: itself, or for a detail the item it belongs to; -1 for neither. */
static int64_t item_of(const CoreDoc *doc, uint32_t line, CoreEntry *e)
{
    core_doc_entry(doc, line, e);
    if (e->kind == CORE_ENTRY_DETAIL) {
        int32_t owner = core_doc_detail_owner(doc, line);
        if (owner < 0)
            return -1;
        core_doc_entry(doc, (uint32_t)owner, e);
    }
    return movable(e) ? (int64_t)e->line : -1;
}

static void push_unique(LineArray *a, uint32_t line)
{
    if (!a->size || a->contents[a->size - 1] != line)
        array_push(a, line);
}

void core_moves_append(const CoreDoc *doc, uint32_t first, uint32_t last, const CoreDiagList *diags,
                       CoreActionArray *out)
{
    LineArray to_done = {0}, to_undo = {0}, all = {0}, one = {0};
    int32_t last_section = -1;
    for (uint32_t l = first; l <= last; l++) {
        CoreEntry e;
        int64_t item = item_of(doc, l, &e);
        if (e.section_kind == CORE_SECTION_FILES_TO_MODIFY && e.section != last_section)
            section_items(doc, e.section, &all);
        last_section = e.section;
        if (item < 0)
            continue;
        if (e.section_kind == CORE_SECTION_FILES_TO_MODIFY)
            push_unique(&to_done, (uint32_t)item);
        else if (e.section_kind == CORE_SECTION_FILES_MODIFIED)
            push_unique(&to_undo, (uint32_t)item);
    }
    for (size_t i = 0; diags && i < diags->count; i++) {
        const CoreDiag *d = &diags->items[i];
        bool done = d->code == CORE_DIAG_DONE_IN_TO_MODIFY;
        if ((!done && d->code != CORE_DIAG_OPEN_IN_MODIFIED) || d->range.end.line < first || d->range.start.line > last)
            continue;
        CoreEntry e;
        if (item_of(doc, d->range.start.line, &e) < 0)
            continue;
        array_clear(&one);
        array_push(&one, e.line);
        add_move(doc, &one, done ? CORE_SECTION_FILES_MODIFIED : CORE_SECTION_FILES_TO_MODIFY,
                 done ? "Move it to Files Modified" : "Move it to Files To Modify", true, (int32_t)i, out);
    }
    if (to_done.size)
        add_move(doc, &to_done, CORE_SECTION_FILES_MODIFIED, "Move to Files Modified", false, -1, out);
    if (to_undo.size)
        add_move(doc, &to_undo, CORE_SECTION_FILES_TO_MODIFY, "Move to Files To Modify", false, -1, out);
    if (all.size && !same_lines(&all, &to_done))
        add_move(doc, &all, CORE_SECTION_FILES_MODIFIED, "Move all to Files Modified", false, -1, out);
    array_delete(&to_done);
    array_delete(&to_undo);
    array_delete(&all);
    array_delete(&one);
}
