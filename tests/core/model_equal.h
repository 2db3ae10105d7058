/* model_equal.h — test helper: where an edited document's model differs from a full parse of its text. */
#ifndef TESTS_MODEL_EQUAL_H
#define TESTS_MODEL_EQUAL_H

#include <stdbool.h>
#include <string.h>

#include "progress/core.h"
#include "progress/log.h"

static inline void model__signs(const CoreDoc *doc, void *out)
{
    core_doc_dialect_signs(doc, out);
}

static inline void model__state(const CoreDoc *doc, void *out)
{
    core_doc_state(doc, out);
}

/* Whether `read` gives both documents the same bytes (`size` at most 1024; zeroed first, so memcmp sees the padding). */
static inline bool model__same(const CoreDoc *inc, const CoreDoc *full, void (*read)(const CoreDoc *, void *), size_t size)
{
    unsigned char a[1024], b[1024];
    memset(a, 0, size);
    memset(b, 0, size);
    read(inc, a);
    read(full, b);
    return memcmp(a, b, size) == 0;
}

/*
 * Compares `inc` (edited incrementally) with `full` (a fresh core_doc_new of the same text): line count,
 * every line's bytes, every core_doc_section and every core_doc_entry, the structs with memcmp so no
 * field is forgotten; and the newest entry read through `keys` (kept across `inc`'s edits; NULL: not asked) with
 * the one read from nothing. Returns NULL when they agree, else a static phrase naming the first difference,
 * with its line or section index in `*at`. Both documents are borrowed, `keys` too (updated).
 */
static inline const char *model_diff(const CoreDoc *inc, CoreEntryKeys *keys, const CoreDoc *full, uint32_t *at)
{
    uint32_t lines = core_doc_line_count(full);
    *at = 0;
    if (core_doc_line_count(inc) != lines)
        return "line count";
    for (uint32_t l = 0; l < lines; l++) {
        *at = l;
        size_t a_len = 0, b_len = 0;
        const char *a = core_doc_line(inc, l, &a_len);
        const char *b = core_doc_line(full, l, &b_len);
        if (a_len != b_len || memcmp(a, b, a_len) != 0)
            return "bytes of line";
        CoreEntry ea, eb;
        memset(&ea, 0, sizeof ea); /* padding too: memcmp sees every byte */
        memset(&eb, 0, sizeof eb);
        if (core_doc_entry(inc, l, &ea) != 0 || core_doc_entry(full, l, &eb) != 0 ||
            memcmp(&ea, &eb, sizeof ea) != 0)
            return "entry of line";
    }
    uint32_t n = core_doc_section_count(full);
    *at = 0;
    if (core_doc_section_count(inc) != n)
        return "section count";
    for (uint32_t i = 0; i < n; i++) {
        *at = i;
        CoreSection sa, sb;
        memset(&sa, 0, sizeof sa);
        memset(&sb, 0, sizeof sb);
        if (core_doc_section(inc, i, &sa) != 0 || core_doc_section(full, i, &sb) != 0 ||
            memcmp(&sa, &sb, sizeof sa) != 0)
            return "section";
        CoreBlock ba, bb;
        memset(&ba, 0, sizeof ba);
        memset(&bb, 0, sizeof bb);
        if (core_doc_block(inc, i, &ba) != 0 || core_doc_block(full, i, &bb) != 0 || memcmp(&ba, &bb, sizeof ba) != 0)
            return "block";
    }
    *at = 0;
    if (core_doc_dialect(inc) != core_doc_dialect(full))
        return "dialect";
    if (!model__same(inc, full, model__signs, sizeof(CoreDialectSigns)))
        return "dialect signs";
    if (core_doc_newest_entry(inc) != core_doc_newest_entry(full))
        return "newest entry";
    if (keys && core_doc_newest_entry_kept(inc, keys) != core_doc_newest_entry(full))
        return "newest entry from the kept keys";
    if (!model__same(inc, full, model__state, sizeof(CoreState)))
        return "current state";
    return NULL;
}

#endif
