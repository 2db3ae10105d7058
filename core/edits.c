/* edits.c — the building blocks of code actions: line ranges, edits, actions sorted and owned, and their release. */
#include "edits.h"

#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

const char *core_edits_eol(const CoreDoc *doc)
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

uint32_t core_edits_line_len(const CoreDoc *doc, uint32_t line)
{
    size_t len;
    core_doc_line(doc, line, &len);
    return (uint32_t)len;
}

CoreRange core_edits_delete_lines(const CoreDoc *doc, uint32_t first, uint32_t last)
{
    if (last + 1 < core_doc_line_count(doc))
        return (CoreRange){{first, 0}, {last + 1, 0}};
    if (first == 0)
        return (CoreRange){{0, 0}, {last, core_edits_line_len(doc, last)}};
    return (CoreRange){{first - 1, core_edits_line_len(doc, first - 1)}, {last, core_edits_line_len(doc, last)}};
}

void core_edits_add(CoreEditArray *edits, CoreRange range, const char *text, size_t len)
{
    array_push(edits, ((CoreEdit){range, core_xstrndup(text, len)}));
}

static int edit_cmp(const void *pa, const void *pb)
{
    const CoreEdit *a = pa, *b = pb;
    int c = core_pos_cmp(a->range.start, b->range.start);
    return c ? c : core_pos_cmp(a->range.end, b->range.end);
}

void core_edits_push_action_take(CoreActionArray *list, char *title, bool preferred, int32_t diag, CoreEditArray *edits)
{
    if (edits->size > 1)
        qsort(edits->contents, edits->size, sizeof *edits->contents, edit_cmp);
    CoreAction a = {title, preferred, diag, edits->contents, edits->size};
    array_push(list, a);
    array_init(edits);
}

static bool same_edits(const CoreAction *a, const CoreAction *b)
{
    if (a->edit_count != b->edit_count)
        return false;
    for (size_t i = 0; i < a->edit_count; i++)
        if (core_pos_cmp(a->edits[i].range.start, b->edits[i].range.start) != 0 ||
            core_pos_cmp(a->edits[i].range.end, b->edits[i].range.end) != 0 || strcmp(a->edits[i].text, b->edits[i].text) != 0)
            return false;
    return true;
}

void core_edit_free(void *edit)
{
    CoreEdit *e = edit;
    free(e->text);
}

static void action_free(void *item)
{
    CoreAction *a = item;
    core_items_free(a->edits, a->edit_count, sizeof *a->edits, core_edit_free);
    free(a->title);
}

void core_edits_drop_repeats(CoreActionArray *list)
{
    uint32_t kept = 0;
    for (uint32_t i = 0; i < list->size; i++) {
        CoreAction *a = &list->contents[i];
        bool repeat = false;
        for (uint32_t k = 0; k < kept && !repeat; k++)
            repeat = same_edits(&list->contents[k], a);
        if (!repeat) {
            list->contents[kept++] = *a;
            continue;
        }
        action_free(a);
    }
    list->size = kept;
}

void core_action_list_free(CoreActionList *list)
{
    core_list_free(list, action_free);
}

bool core_edits_line_span(const CoreDoc *doc, uint32_t *first, uint32_t *last)
{
    uint32_t n = core_doc_line_count(doc);
    if (*first > *last) {
        uint32_t t = *first;
        *first = *last;
        *last = t;
    }
    bool reaches = *first < n;
    if (*last >= n)
        *last = n - 1;
    if (*first > *last)
        *first = *last;
    return reaches;
}
