/* model_meaning.h — test helper: what a document means, with its layout left out, as one comparable string. */
#ifndef TESTS_MODEL_MEANING_H
#define TESTS_MODEL_MEANING_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

typedef struct {
    char *s;
    size_t len, cap;
} Meaning;

static inline void meaning__put(Meaning *m, const char *s, size_t len)
{
    if (m->len + len + 1 > m->cap) {
        m->cap = (m->len + len + 1) * 2;
        m->s = realloc(m->s, m->cap);
    }
    memcpy(m->s + m->len, s, len);
    m->len += len;
    m->s[m->len] = '\0';
}

/* The bytes of `r` (a range on one line of `doc`) followed by a separator. */
static inline void meaning__range(Meaning *m, const CoreDoc *doc, CoreRange r)
{
    size_t len;
    const char *s = core_doc_line(doc, r.start.line, &len);
    if (s && r.end.col >= r.start.col && r.end.col <= len)
        meaning__put(m, s + r.start.col, r.end.col - r.start.col);
    meaning__put(m, "\x1f", 1);
}

/*
 * Every non-blank line's entry, blank lines and columns left out: its kind, section, field, level, phase,
 * mark, status, indentation and ordered number, and the bytes of every part the grammar reads (a field's:
 * its key, value, annotation, placeholder, note and mark); a header by its kind (and its name when the kind
 * is unknown). `len` gets its length (NUL bytes of the document included). Two documents that differ only in layout (spacing,
 * blank lines, header spelling, bullet characters) mean the same. Caller frees.
 */
static inline char *model_meaning_len(const CoreDoc *doc, size_t *len)
{
    Meaning m = {0};
    meaning__put(&m, "", 0);
    for (uint32_t l = 0; l < core_doc_line_count(doc); l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind == CORE_ENTRY_BLANK)
            continue;
        /* Bullets: unordered ones are all one (the formatter may change which); a number is itself. */
        bool ordered = e.bullet == CORE_BULLET_NUMBER || e.bullet == CORE_BULLET_NUMBER_PAREN;
        char head[200];
        snprintf(head, sizeof head, "%d/%d/%d/%d/%d/%d/%u/%u/%d/%d/%d/%d/%d/%d/%u/%u:", (int)e.kind, (int)e.section_kind,
                 (int)e.field, (int)e.level, (int)e.has_phase, (int)e.has_bullet, e.phase_x, e.phase_y,
                 (int)e.has_annotation, (int)e.has_path, (int)e.has_signature, (int)e.mark, (int)e.status,
                 ordered ? (int)e.bullet : -1, e.indent, e.path_count);
        meaning__put(&m, head, strlen(head));
        if (ordered)
            meaning__range(&m, doc, e.bullet_range);
        if (e.kind == CORE_ENTRY_HEADER) {
            CoreSection sec;
            core_doc_section(doc, (uint32_t)e.section, &sec);
            if (sec.kind == CORE_SECTION_UNKNOWN)
                meaning__range(&m, doc, sec.name);
        } else if (e.kind == CORE_ENTRY_FIELD) {
            /* A field is its key and value; its text read as an item (a path, a comment) means nothing here. */
            CoreRange parts[] = {e.key, e.value, e.annotation, e.placeholder, e.phase_label, e.note, e.mark_range};
            for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
                meaning__range(&m, doc, parts[i]);
        } else {
            CoreRange parts[] = {e.text,     e.item,      e.body,        e.annotation, e.comment_sep, e.comment,
                                 e.path,     e.location,  e.label,       e.signature,  e.sig_name,    e.sig_params,
                                 e.sig_return, e.placeholder, e.mark_range, e.mark_close, e.key,      e.value};
            for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
                meaning__range(&m, doc, parts[i]);
        }
        meaning__put(&m, "\n", 1);
    }
    *len = m.len;
    return m.s;
}

/* The same as a NUL-terminated string, for documents without NUL bytes (the tests' own texts). */
static inline char *model_meaning(const CoreDoc *doc)
{
    size_t len;
    return model_meaning_len(doc, &len);
}

#endif
