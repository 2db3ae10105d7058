/* navigate.c — selection ranges, highlights and linked names at a position, read from the parser's entries. */
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "progress/array.h"
#include "progress/navigate.h"
#include "words.h"

typedef Array(CoreRange) Ranges;
typedef Array(CoreHighlight) Highlights;

/* The selection being built: ranges that all hold `pos`, each growing the one before. */
typedef struct {
    Ranges r;
    CorePos pos;
} Steps;

static bool contains(CoreRange outer, CoreRange inner)
{
    return core_pos_cmp(outer.start, inner.start) <= 0 && core_pos_cmp(inner.end, outer.end) <= 0;
}

static bool same(CoreRange a, CoreRange b)
{
    return core_pos_cmp(a.start, b.start) == 0 && core_pos_cmp(a.end, b.end) == 0;
}

/* Adds `r` when it holds the position and grows the last range kept; empty or other ranges add nothing. */
static void step(Steps *st, CoreRange r)
{
    if (core_pos_cmp(r.end, r.start) <= 0 || !contains(r, (CoreRange){st->pos, st->pos}))
        return;
    if (st->r.size) {
        CoreRange last = *array_back(&st->r);
        if (same(last, r) || !contains(r, last))
            return;
    }
    array_push(&st->r, r);
}

static CoreRange span_range(uint32_t line, CoreSpan s)
{
    return (CoreRange){{line, s.start}, {line, s.end}};
}

static CoreRange line_content(const CoreDoc *doc, uint32_t line)
{
    CoreEntry e;
    core_doc_entry(doc, line, &e);
    return e.content;
}

/* The parser's kind of `line`. */
static CoreEntryKind kind_of(const CoreDoc *doc, uint32_t line)
{
    CoreEntry e;
    core_doc_entry(doc, line, &e);
    return e.kind;
}

/* The last line of the item at `line` with its details (the DETAIL lines right after it), before `end`. */
static uint32_t details_end(const CoreDoc *doc, uint32_t line, uint32_t end)
{
    while (line + 1 < end && kind_of(doc, line + 1) == CORE_ENTRY_DETAIL)
        line++;
    return line;
}

/*
 * The group around `line` in [top, end): from the group label above it (GROUP) to the line before the next
 * label, without trailing blank lines; with no label above, the run of non-blank lines around it.
 */
static void group_of(const CoreDoc *doc, uint32_t line, uint32_t top, uint32_t end, uint32_t *first, uint32_t *last)
{
    uint32_t a = line;
    while (a > top && kind_of(doc, a) != CORE_ENTRY_GROUP)
        a--;
    bool labelled = kind_of(doc, a) == CORE_ENTRY_GROUP;
    if (!labelled) {
        for (a = line; a > top && kind_of(doc, a - 1) != CORE_ENTRY_BLANK; a--)
            ;
    }
    uint32_t b = line;
    while (b + 1 < end) {
        CoreEntryKind k = kind_of(doc, b + 1);
        if (k == CORE_ENTRY_GROUP || k == CORE_ENTRY_HEADER || (!labelled && k == CORE_ENTRY_BLANK))
            break;
        b++;
    }
    while (b > line && kind_of(doc, b) == CORE_ENTRY_BLANK)
        b--;
    *first = a;
    *last = b;
}

int core_selection_at(const CoreDoc *doc, CorePos pos, CoreRangeList *out)
{
    CoreEntry e;
    const char *s = core_word_line_at(doc, &pos, &e);
    Steps st = {.pos = pos};
    Steps *r = &st;
    uint32_t line = pos.line, col = pos.col;
    int32_t si = e.section;
    CoreSection sec = {0};
    uint32_t top = 0, end = core_doc_line_count(doc);
    if (si >= 0) {
        core_doc_section(doc, (uint32_t)si, &sec);
        top = sec.header_line + 1;
        end = sec.end_line;
    } else if (core_doc_section_count(doc)) {
        CoreSection first;
        core_doc_section(doc, 0, &first);
        end = first.header_line;
    }
    if (e.kind != CORE_ENTRY_BLANK) {
        uint32_t lo = e.content.start.col, hi = e.content.end.col;
        if (col >= lo && col <= hi) {
            step(r, span_range(line, core_word_ident(s, lo, hi, col)));
            step(r, span_range(line, core_word_qualified(s, lo, hi, col)));
            step(r, span_range(line, core_word_path(s, lo, hi, col)));
        }
        CoreRange at = {pos, pos};
        if (e.kind == CORE_ENTRY_HEADER) {
            step(r, sec.name);
        } else if (e.kind == CORE_ENTRY_FIELD) {
            step(r, contains(e.key, at) ? e.key : e.value);
        } else {
            /* The annotation or the comment when the position is in one, else the body; then the item. */
            if (e.has_annotation && contains(e.annotation, at))
                step(r, e.annotation);
            else if (e.has_comment && contains(e.comment, at))
                step(r, e.comment);
            else
                step(r, e.body);
            step(r, e.item);
        }
        step(r, e.text);
        step(r, e.content);
        if (e.kind != CORE_ENTRY_HEADER) {
            /* A detail line belongs to the item above it: that item with all its details comes next. */
            uint32_t owner = line;
            while (owner > top && kind_of(doc, owner) == CORE_ENTRY_DETAIL)
                owner--;
            uint32_t last = details_end(doc, owner, end);
            step(r, (CoreRange){line_content(doc, owner).start, line_content(doc, last).end});
            uint32_t first, final;
            group_of(doc, owner, top, end, &first, &final);
            if (final < last)
                final = last;
            step(r, (CoreRange){line_content(doc, first).start, line_content(doc, final).end});
        }
    }
    if (si >= 0)
        step(r, sec.range);
    uint32_t count = core_doc_line_count(doc);
    size_t last_len;
    core_doc_line(doc, count - 1, &last_len);
    CoreRange whole = {{0, 0}, {count - 1, (uint32_t)last_len}};
    if (!st.r.size || !same(*array_back(&st.r), whole))
        array_push(&st.r, whole); /* always the last step, even when the document is empty */
    out->items = st.r.contents;
    out->count = st.r.size;
    return 0;
}

/* ---------------------------------------------------------------- highlights and linked names */

static void path_occurrences(const CoreDoc *doc, const char *path, size_t len, Highlights *out)
{
    uint32_t count = core_doc_line_count(doc);
    for (uint32_t l = 0; l < count; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind == CORE_ENTRY_BLANK || e.kind == CORE_ENTRY_HEADER)
            continue;
        CoreRange area = e.kind == CORE_ENTRY_FIELD ? e.value : e.content;
        uint32_t lo = area.start.col, hi = area.end.col;
        if (hi - lo < len)
            continue;
        const char *s = core_doc_line(doc, l, NULL);
        for (uint32_t i = lo; i + len <= hi; i++) {
            if (s[i] != path[0] || memcmp(s + i, path, len) != 0)
                continue;
            CoreSpan w = core_word_path(s, lo, hi, i);
            bool whole = w.start == i && w.end == i + len;
            bool files_path = e.has_path && e.path.start.col == i && e.path.end.col == i + len;
            if (whole || files_path) {
                array_push(out, ((CoreHighlight){{{l, i}, {l, i + (uint32_t)len}}, CORE_HIGHLIGHT_TEXT}));
                i += (uint32_t)len - 1;
            }
        }
    }
}

static int highlight_cmp(const void *pa, const void *pb)
{
    const CoreHighlight *a = pa, *b = pb;
    return core_pos_cmp(a->range.start, b->range.start);
}

int core_highlights_at(const CoreDoc *doc, CorePos pos, CoreHighlightList *out)
{
    Highlights list = {0};
    CoreHover h;
    core_hover_at(doc, pos, &h);
    if (h.kind == CORE_HOVER_INTERFACE) {
        CoreRangeList refs;
        core_interface_refs(doc, h.word, h.word_len, &refs);
        for (size_t i = 0; i < refs.count; i++) {
            /* core_interface_refs puts the definition first, and an interface hovered always has one. */
            array_push(&list, ((CoreHighlight){refs.items[i], i == 0 ? CORE_HIGHLIGHT_WRITE : CORE_HIGHLIGHT_READ}));
        }
        core_range_list_free(&refs);
        if (list.size > 1)
            qsort(list.contents, list.size, sizeof *list.contents, highlight_cmp);
    } else if (h.kind == CORE_HOVER_PATH && h.word_len) {
        path_occurrences(doc, h.word, h.word_len, &list);
    }
    out->items = list.contents;
    out->count = list.size;
    return 0;
}

void core_highlight_list_free(CoreHighlightList *list)
{
    core_list_free(list, NULL);
}

int core_linked_names_at(const CoreDoc *doc, CorePos pos, CoreRangeList *out)
{
    out->items = NULL;
    out->count = 0;
    CoreHover h;
    core_hover_at(doc, pos, &h);
    if (h.kind != CORE_HOVER_INTERFACE)
        return 0;
    return core_interface_refs(doc, h.word, h.word_len, out);
}
