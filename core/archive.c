/* archive.c — "keep it compact": whole lines moved out of a log into its archive, as the text to add and the deletions. */
#include <stdlib.h>
#include <string.h>

#include "edits.h"
#include "model.h"
#include "progress/alloc.h"
#include "progress/log.h"

void core_archive_free(CoreArchive *a)
{
    if (!a)
        return;
    free(a->text);
    core_items_free(a->edits, a->edit_count, sizeof *a->edits, core_edit_free);
    memset(a, 0, sizeof *a);
}

int core_archive_lines(const CoreDoc *doc, const CoreLineSpan *spans, size_t count, CoreArchive *out)
{
    memset(out, 0, sizeof *out);
    uint32_t n = core_doc_line_count(doc);
    const char *eol = core_edits_eol(doc);
    CoreCharBuf text = {0};
    CoreEditArray edits = {0};
    uint32_t after = 0; /* spans must ascend and not overlap */
    for (size_t i = 0; i < count; i++) {
        uint32_t first = spans[i].first, end = spans[i].end < n ? spans[i].end : n;
        size_t last_len;
        core_doc_line(doc, n - 1, &last_len);
        if (end == n && n > 1 && last_len == 0)
            end = n - 1; /* the empty "line" after a final terminator is no line of the text */
        if (first < after || first >= end) {
            array_delete(&text);
            core_items_free(edits.contents, edits.size, sizeof *edits.contents, core_edit_free);
            return CORE_EINVAL;
        }
        for (uint32_t l = first; l < end; l++) {
            size_t len;
            const char *s = core_doc_line(doc, l, &len);
            const char *term = core_doc_line_eol(doc, l);
            core_buf_add(&text, s, len);
            /* The last line has no terminator of its own: the archive's lines all end. */
            core_buf_add(&text, *term ? term : eol, strlen(*term ? term : eol));
        }
        /* Spans that touch make one deletion. */
        CoreRange del = core_edits_delete_lines(doc, first, end - 1);
        if (edits.size && first == after) {
            array_back(&edits)->range.end = del.end;
        } else {
            core_edits_add(&edits, del, "", 0);
        }
        out->lines += end - first;
        after = end;
    }
    array_push(&text, '\0');
    out->len = text.size - 1;
    out->text = text.contents;
    out->edits = edits.contents;
    out->edit_count = edits.size;
    return 0;
}

int core_archive_entries(const CoreDoc *doc, uint32_t keep, CoreArchive *out)
{
    memset(out, 0, sizeof *out);
    int32_t newest = core_doc_newest_entry(doc);
    if (newest < 0)
        return 0;
    /* The entries at the top of their nesting: an entry's sub-headings (`### Completed`) and entries move with it. */
    Array(CoreLineSpan) spans = {0};
    uint32_t n = core_doc_section_count(doc), newest_at = 0;
    uint32_t inside = 0; /* one past the subtree of the last entry taken */
    for (uint32_t i = 0; i < n; i++) {
        CoreBlock b;
        core_doc_block(doc, i, &b);
        if ((int32_t)i == newest) /* the entry holding it, when the newest is nested in another */
            newest_at = b.line < inside ? spans.size - 1 : spans.size;
        if (!b.is_entry || b.line < inside)
            continue;
        array_push(&spans, ((CoreLineSpan){b.line, b.subtree_end}));
        inside = b.subtree_end;
    }
    if (spans.size <= keep) {
        array_delete(&spans);
        return 0;
    }
    /* Older means away from the newest: above it in an append-only log, below it where dates run downward. */
    uint32_t moved = spans.size - keep;
    const CoreLineSpan *from = newest_at < spans.size / 2 ? spans.contents + keep : spans.contents;
    int rc = core_archive_lines(doc, from, moved, out);
    out->entries = rc == 0 ? moved : 0;
    array_delete(&spans);
    return rc;
}
