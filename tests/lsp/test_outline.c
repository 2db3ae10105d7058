/* test_outline.c — the documentSymbol JSON kept per section: after any edits it is byte for byte a fresh answer. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../core/corpus_read.h"
#include "progress/log.h"
#include "server/docs.h"
#include "server/outline.h"

/* The answer as written from nothing (the kept outline set aside for the call). */
static LspOut fresh_answer(LspDoc *d, CoreEncoding enc)
{
    struct LspOutline *kept = d->outline;
    d->outline = NULL;
    LspOut o;
    lsp_out_init(&o);
    lsp_outline_write(&o, d->doc, &d->outline, enc);
    lsp_outline_free(d->outline);
    d->outline = kept;
    return o;
}

static void expect_fresh(LspDoc *d, CoreEncoding enc, const char *what, int step)
{
    LspOut kept, fresh = fresh_answer(d, enc);
    lsp_out_init(&kept);
    lsp_outline_write(&kept, d->doc, &d->outline, enc);
    cr_assert_eq(fresh.splice_count, 0, "nothing kept, nothing by reference");
    lsp_out_flatten(&kept); /* the kept sections were spliced in by reference */
    cr_assert(kept.len == fresh.len && memcmp(kept.data, fresh.data, kept.len) == 0,
              "%s, step %d: the kept answer (%zu bytes) differs from a fresh one (%zu bytes)", what, step, kept.len,
              fresh.len);
    lsp_out_free(&kept);
    lsp_out_free(&fresh);
}

/* Texts an edit inserts: characters, line breaks, a header, a group label, indented details, non-ASCII. */
static const char *const inserts[] = {
    "x", "\n", "\n\n", "=== Notes ===\n", "=== Files Modified ===\n", "Backend:\n", "  - a detail\n",
    "- [ ] new item\n", "src/new.c (create)\n", "h(x: int) -> y\n", "Blockers: None\n", "é日😀", "", "    ",
    "\r\n", "- ~~dropped~~\n",
};

static void random_edit(CoreDoc *doc, unsigned *seed)
{
    uint32_t lines = core_doc_line_count(doc);
    uint32_t l0 = (uint32_t)rand_r(seed) % (lines + 1), l1 = l0 + (uint32_t)rand_r(seed) % 3;
    size_t len0 = 0;
    core_doc_line(doc, l0, &len0);
    CoreRange r = {{l0, (uint32_t)rand_r(seed) % (uint32_t)(len0 + 2)}, {l1, (uint32_t)rand_r(seed) % 6}};
    if (rand_r(seed) % 3)
        r.end = r.start; /* mostly insertions, as typing is */
    const char *text = inserts[rand_r(seed) % (int)(sizeof inserts / sizeof inserts[0])];
    core_doc_edit(doc, CORE_ENC_UTF16, r, text, strlen(text));
}

Test(outline, kept_answer_equals_a_fresh_one_after_random_edits_on_every_corpus_file)
{
    char **names = corpus_list();
    unsigned seed = 7;
    for (char **n = names; *n; n++) {
        size_t len;
        char *text = corpus_read(*n, &len);
        LspDocs docs;
        lsp_docs_init(&docs);
        LspDoc *d = lsp_docs_open(&docs, "file:///o.txt", text, len, 1);
        for (int step = 0; step < 300; step++) {
            CoreEncoding enc = step % 50 == 49 ? CORE_ENC_UTF8 : CORE_ENC_UTF16; /* now and then another one */
            expect_fresh(d, enc, *n, step);
            int edits = 1 + rand_r(&seed) % 3; /* sometimes several changes between two requests */
            for (int e = 0; e < edits; e++)
                random_edit(d->doc, &seed);
            if (step == 150) /* a full-text change: line stamps start again */
                lsp_doc_replace(&docs, d, text, len);
        }
        lsp_docs_destroy(&docs);
        free(text);
        free(*n);
    }
    free(names);
}

/* An unchanged document answers from what is kept: the same bytes, every section taken over. */
Test(outline, an_unchanged_document_is_answered_from_what_is_kept)
{
    static const char text[] = "=== Session State ===\nLast completed: a\n\n=== Notes ===\n- one\n- two\n";
    LspDocs docs;
    lsp_docs_init(&docs);
    LspDoc *d = lsp_docs_open(&docs, "file:///u.txt", text, sizeof text - 1, 1);
    expect_fresh(d, CORE_ENC_UTF16, "unchanged", 0);
    cr_assert_not_null(d->outline);
    expect_fresh(d, CORE_ENC_UTF16, "unchanged", 1);
    /* A keystroke in the second section changes its symbols and nothing before it. */
    core_doc_edit(d->doc, CORE_ENC_UTF16, (CoreRange){{4, 5}, {4, 5}}, "!", 1);
    LspOut o;
    lsp_out_init(&o);
    lsp_outline_write(&o, d->doc, &d->outline, CORE_ENC_UTF16);
    cr_assert_not_null(memmem(o.data, o.len, "\"one!\"", 6), "got %.*s", (int)o.len, o.data);
    lsp_out_free(&o);
    lsp_docs_destroy(&docs);
}

/* The answer's bytes with its pieces copied in, as a string to compare. */
static char *flat(const LspOut *o)
{
    char *text = malloc(o->len + o->spliced + 1);
    size_t from = 0, n = 0;
    for (size_t i = 0; i < o->splice_count; i++) {
        memcpy(text + n, o->data + from, o->splices[i].at - from);
        n += o->splices[i].at - from;
        memcpy(text + n, o->splices[i].piece->bytes + o->splices[i].off, o->splices[i].len);
        n += o->splices[i].len;
        from = o->splices[i].at;
    }
    memcpy(text + n, o->data + from, o->len - from);
    text[n + o->len - from] = '\0';
    return text;
}

/*
 * A keystroke inside one section: the others go into the answer by reference (no copy), those side by side as one
 * run, held by both the kept outline and the answer; the answer's bytes stay right after the outline moves on and drops those pieces, as a
 * write still queued for a slow client needs.
 */
Test(outline, an_edit_inside_a_section_keeps_the_others_by_reference)
{
    static const char text[] = "=== Session State ===\nLast completed: a\n\n=== Notes ===\n- one\n- two\n\n"
                               "=== Known Issues ===\n- slow\n\n=== Files Modified ===\nsrc/a.c\n";
    LspDocs docs;
    lsp_docs_init(&docs);
    LspDoc *d = lsp_docs_open(&docs, "file:///r.txt", text, sizeof text - 1, 1);
    expect_fresh(d, CORE_ENC_UTF16, "first", 0);
    core_doc_edit(d->doc, CORE_ENC_UTF16, (CoreRange){{4, 5}, {4, 5}}, "!", 1); /* "- one" in Notes */
    LspOut first;
    lsp_out_init(&first);
    lsp_outline_write(&first, d->doc, &d->outline, CORE_ENC_UTF16);
    /* Session State, then Known Issues and Files Modified side by side in the first answer: one buffer for both */
    cr_assert_eq(first.splice_count, 2, "the untouched sections by reference, in runs (%zu)", first.splice_count);
    LspOutPiece *kept = first.splices[0].piece;
    cr_assert(first.splices[1].piece == kept, "both runs from the answer the sections were kept from");
    cr_assert_eq(kept->refs, 5, "held by the kept outline's three sections and the answer's two runs");
    cr_assert_not_null(memmem(first.data, first.len, "\"one!\"", 6), "the edited section is written in the answer");
    cr_assert_null(memmem(first.data, first.len, "\"slow\"", 6), "an untouched section is not copied");
    char *before = flat(&first);
    LspOut fresh = fresh_answer(d, CORE_ENC_UTF16);
    cr_assert_eq(strlen(before), fresh.len);
    cr_assert(memcmp(before, fresh.data, fresh.len) == 0, "spliced answer differs from a fresh one:\n%s", before);
    lsp_out_free(&fresh);
    /* The document changes everywhere: the outline drops every piece it kept; the first answer still holds its. */
    lsp_doc_replace(&docs, d, "=== Notes ===\n- other\n", 22);
    expect_fresh(d, CORE_ENC_UTF16, "replaced", 1);
    cr_assert_eq(kept->refs, 2, "only the answer holds it now");
    char *after = flat(&first);
    cr_assert_str_eq(after, before);
    free(before);
    free(after);
    lsp_out_free(&first);
    lsp_docs_destroy(&docs);
}

/*
 * A markdown log of many entries: a keystroke's answer goes out as a few buffers (the runs of kept blocks around the
 * rebuilt one), however many blocks the log has; keystrokes spread over many blocks are gathered into one piece
 * again before the answer is more than GATHER_SPLICES (32) runs. Every answer is the fresh one's bytes.
 */
Test(outline, a_keystroke_in_a_long_log_is_answered_in_a_few_runs)
{
    char *text = malloc(64 * 200), *w = text;
    w += sprintf(w, "# Progress Log\n\n");
    for (int i = 1; i <= 60; i++)
        w += sprintf(w, "## Session %d — 2026-01-%02d\n### Completed\n- step %d\n### Files Modified\n- `src/m%d.c`\n---\n\n",
                     i, 1 + i % 28, i, i);
    LspDocs docs;
    lsp_docs_init(&docs);
    LspDoc *d = lsp_docs_open(&docs, "file:///log.txt", text, (size_t)(w - text), 1);
    cr_assert_eq(core_doc_dialect(d->doc), CORE_DIALECT_MARKDOWN);
    expect_fresh(d, CORE_ENC_UTF16, "first", 0);
    size_t most = 0;
    for (int step = 0; step < 120; step++) {
        uint32_t line = 2 + (uint32_t)(step * 37 % 60) * 7 + 3; /* `### Files Modified` of entries all over */
        core_doc_edit(d->doc, CORE_ENC_UTF16, (CoreRange){{line, 4}, {line, 4}}, "x", 1);
        LspOut o;
        lsp_out_init(&o);
        lsp_outline_write(&o, d->doc, &d->outline, CORE_ENC_UTF16);
        if (step == 0)
            cr_assert_leq(o.splice_count, 2, "one keystroke: the kept blocks before and after it (%zu)", o.splice_count);
        if (o.splice_count > most)
            most = o.splice_count;
        char *got = flat(&o);
        LspOut fresh = fresh_answer(d, CORE_ENC_UTF16);
        cr_assert(strlen(got) == fresh.len && memcmp(got, fresh.data, fresh.len) == 0, "step %d", step);
        lsp_out_free(&fresh);
        free(got);
        lsp_out_free(&o);
    }
    cr_assert_leq(most, 33, "gathered before the runs grow past 32 (%zu)", most);
    lsp_docs_destroy(&docs);
    free(text);
}
