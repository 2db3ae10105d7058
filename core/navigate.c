/* navigate.c — selection ranges, highlights and linked names at a position, read from the parser's entries. */
#include <stdlib.h>
#include <string.h>

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

static int pos_cmp(CorePos a, CorePos b)
{
    if (a.line != b.line)
        return a.line < b.line ? -1 : 1;
    return a.col < b.col ? -1 : a.col > b.col;
}

static bool contains(CoreRange outer, CoreRange inner)
{
    return pos_cmp(outer.start, inner.start) <= 0 && pos_cmp(inner.end, outer.end) <= 0;
}

static bool same(CoreRange a, CoreRange b)
{
    return pos_cmp(a.start, b.start) == 0 && pos_cmp(a.end, b.end) == 0;
}

/* Adds `r` when it holds the position and grows the last range kept; empty or other ranges add nothing. */
static void step(Steps *st, CoreRange r)
{
    if (pos_cmp(r.end, r.start) <= 0 || !contains(r, (CoreRange){st->pos, st->pos}))
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

static uint32_t indent_of(const CoreDoc *doc, uint32_t line)
{
    size_t len;
    const char *s = core_doc_line(doc, line, &len);
    uint32_t n = 0;
    while (n < len && core_word_is_space((unsigned char)s[n]))
        n++;
    return n;
}

static CoreRange line_content(const CoreDoc *doc, uint32_t line)
{
    CoreEntry e;
    core_doc_entry(doc, line, &e);
    return e.content;
}

/* The last line of the item at `line` with its details: the following lines indented deeper than it. */
static uint32_t details_end(const CoreDoc *doc, uint32_t line, uint32_t end_line)
{
    uint32_t indent = indent_of(doc, line), last = line;
    for (uint32_t l = line + 1; l < end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind == CORE_ENTRY_BLANK || e.kind == CORE_ENTRY_HEADER || indent_of(doc, l) <= indent)
            break;
        last = l;
    }
    return last;
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
    if (si >= 0)
        core_doc_section(doc, (uint32_t)si, &sec);
    uint32_t end_line = si >= 0 ? sec.end_line : (core_doc_section_count(doc) ? 0 : core_doc_line_count(doc));
    if (si < 0 && core_doc_section_count(doc)) {
        CoreSection first;
        core_doc_section(doc, 0, &first);
        end_line = first.header_line;
    }
    if (e.kind != CORE_ENTRY_BLANK) {
        uint32_t lo = e.content.start.col, hi = e.content.end.col;
        if (col >= lo && col <= hi) {
            step(r, span_range(line, core_word_ident(s, lo, hi, col)));
            step(r, span_range(line, core_word_qualified(s, lo, hi, col)));
            step(r, span_range(line, core_word_path(s, lo, hi, col)));
        }
        if (e.kind == CORE_ENTRY_FIELD) {
            if (contains(e.key, (CoreRange){pos, pos}))
                step(r, e.key);
            else
                step(r, e.value);
        } else if (e.kind == CORE_ENTRY_ITEM) {
            if (e.has_annotation && contains(e.annotation, (CoreRange){pos, pos}))
                step(r, e.annotation);
            else
                step(r, e.body);
        } else if (e.kind == CORE_ENTRY_HEADER) {
            step(r, sec.name);
        }
        step(r, e.text);
        step(r, e.content);
        if (e.kind != CORE_ENTRY_HEADER) {
            uint32_t last = details_end(doc, line, end_line);
            step(r, (CoreRange){e.content.start, line_content(doc, last).end});
            /* The group: the run of non-blank lines around this one, inside the section. */
            uint32_t first = line, final = last;
            uint32_t top = si >= 0 ? sec.header_line + 1 : 0;
            while (first > top) {
                CoreEntry p;
                core_doc_entry(doc, first - 1, &p);
                if (p.kind == CORE_ENTRY_BLANK || p.kind == CORE_ENTRY_HEADER)
                    break;
                first--;
            }
            while (final + 1 < end_line) {
                CoreEntry n;
                core_doc_entry(doc, final + 1, &n);
                if (n.kind == CORE_ENTRY_BLANK || n.kind == CORE_ENTRY_HEADER)
                    break;
                final++;
            }
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
    return pos_cmp(a->range.start, b->range.start);
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
    if (!list)
        return;
    free(list->items);
    list->items = NULL;
    list->count = 0;
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
