/* test_actions.c — moving items between Files To Modify and Files Modified: which moves are offered, what they write. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_read.h"
#include "edits_apply.h"
#include "progress/core.h"

#define SS                                                                                        \
    "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n" \
    "Complexity level: Small\n\n"

/* Inline arrays, not pointers: Criterion runs each case in a fresh process, where pointers would dangle. */
typedef struct {
    char text[260];
    uint32_t first, last; /* the selected lines, counted after SS's 7 lines where the text starts with SS */
    char title[32];
    char expected[260];
} MoveCase;

ParameterizedTestParameters(moves, apply)
{
    static MoveCase cases[] = {
        /* One item moves; its work annotation goes, another annotation stays. */
        {SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\nsrc/b.py (create)\nsrc/c.py (reason: x)\n", 11,
         11, "Move to Files Modified",
         SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py\n\n=== Files To Modify ===\nsrc/c.py (reason: x)\n"},
        {SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\nsrc/b.py (create)\nsrc/c.py (reason: x)\n", 12,
         12, "Move to Files Modified",
         SS "=== Files Modified ===\nsrc/a.py\nsrc/c.py (reason: x)\n\n=== Files To Modify ===\nsrc/b.py (create)\n"},
        /* A lone None in the target is replaced; the emptied source gets None; no target items: own bullet. */
        {SS "=== Files Modified ===\nNone\n\n=== Files To Modify ===\n- src/b.py (Modify)\n", 11, 11,
         "Move to Files Modified", SS "=== Files Modified ===\n- src/b.py\n\n=== Files To Modify ===\nNone\n"},
        /* The target's bullet style wins. */
        {SS "=== Files Modified ===\n- src/a.py\n\n=== Files To Modify ===\nsrc/b.py\n", 11, 11, "Move to Files Modified",
         SS "=== Files Modified ===\n- src/a.py\n- src/b.py\n\n=== Files To Modify ===\nNone\n"},
        {SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\n* src/b.py\nsrc/c.py\n", 11, 11,
         "Move to Files Modified", SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py\n\n=== Files To Modify ===\nsrc/c.py\n"},
        /* A missing Files Modified is created where the template puts it: before Files To Modify. */
        {SS "=== Key Decisions ===\n- x\n\n=== Files To Modify ===\nsrc/b.py (tests)\nsrc/c.py", 11, 12,
         "Move to Files Modified",
         SS "=== Key Decisions ===\n- x\n\n=== Files Modified ===\nsrc/b.py\nsrc/c.py\n\n=== Files To Modify ===\nNone"},
        /* Move all, from the section's header line. */
        {SS "=== Files To Modify ===\nsrc/a.py\n\nsrc/b.py (integration)\n=== Notes ===\nNone\n", 7, 7,
         "Move all to Files Modified",
         SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py\n\n=== Files To Modify ===\nNone\n\n=== Notes ===\nNone\n"},
        /* A target listing an item twice. */
        {SS "=== Files Modified ===\nsrc/a.py\nsrc/a.py\n\n=== Files To Modify ===\nsrc/b.py\n", 12, 12,
         "Move to Files Modified",
         SS "=== Files Modified ===\nsrc/a.py\nsrc/a.py\nsrc/b.py\n\n=== Files To Modify ===\nNone\n"},
        /* Copies of a moved item go with it, so none stays behind. */
        {SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py\nsrc/a.py\n=== Notes ===\nNone\n", 8, 8,
         "Move to Files To Modify",
         SS "=== Files Modified ===\nsrc/b.py\n\n=== Files To Modify ===\nsrc/a.py\n\n=== Notes ===\nNone\n"},
        /* An item the target already lists only leaves the source. */
        {SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\nsrc/a.py (update)\nsrc/b.py\n", 11, 11,
         "Move to Files Modified", SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\nsrc/b.py\n"},
        /* The reverse keeps annotations; a missing Files To Modify goes before the next section... */
        {SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py (tests)\n=== Notes ===\nNone\n", 9, 9, "Move to Files To Modify",
         SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\nsrc/b.py (tests)\n\n=== Notes ===\nNone\n"},
        /* ... or at the end, with or without a final line break. */
        {SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py\n", 8, 8, "Move to Files To Modify",
         SS "=== Files Modified ===\nsrc/b.py\n\n=== Files To Modify ===\nsrc/a.py\n"},
        {SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py", 9, 9, "Move to Files To Modify",
         SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\nsrc/b.py"},
        {SS "=== Files Modified ===\nsrc/a.py\n\n", 8, 8, "Move to Files To Modify",
         SS "=== Files Modified ===\nNone\n\n=== Files To Modify ===\nsrc/a.py\n"},
        /* The last line of a document without a final line break. */
        {SS "=== Files Modified ===\nsrc/a.py\n\n=== Files To Modify ===\nsrc/b.py\nsrc/c.py", 12, 12,
         "Move to Files Modified",
         SS "=== Files Modified ===\nsrc/a.py\nsrc/c.py\n\n=== Files To Modify ===\nsrc/b.py"},
        /* CRLF documents get CRLF lines. */
        {"=== Files Modified ===\r\n- src/a.py\r\n\r\n=== Files To Modify ===\r\n* src/b.py (tests)\r\n", 4, 4,
         "Move to Files Modified",
         "=== Files Modified ===\r\n- src/a.py\r\n- src/b.py\r\n\r\n=== Files To Modify ===\r\nNone\r\n"},
        {"=== Files To Modify ===\r\nsrc/b.py\r\n", 1, 1, "Move to Files Modified",
         "=== Files Modified ===\r\nsrc/b.py\r\n\r\n=== Files To Modify ===\r\nNone\r\n"},
        /* A numbered list counts on after a move (issue 23). */
        {SS "=== Files Modified ===\n- a.py\n\n=== Files To Modify ===\n1. b.py\n2. c.py\n3. d.py\n", 12, 12,
         "Move to Files Modified", SS "=== Files Modified ===\n- a.py\n- c.py\n\n=== Files To Modify ===\n1. b.py\n2. d.py\n"},
        /* ... unless it never did (`1.` `1.` `1.`, as Markdown allows). */
        {SS "=== Files Modified ===\n- a.py\n\n=== Files To Modify ===\n1. b.py\n1. c.py\n1. d.py\n", 11, 11,
         "Move to Files Modified", SS "=== Files Modified ===\n- a.py\n- b.py\n\n=== Files To Modify ===\n1. c.py\n1. d.py\n"},
        /* A detail aligned under its item's words stays aligned under the new bullet. */
        {SS "=== Files Modified ===\n- a.py\n\n=== Files To Modify ===\n10. b.py\n    the detail\n11. c.py\n", 11, 11,
         "Move to Files Modified",
         SS "=== Files Modified ===\n- a.py\n- b.py\n  the detail\n\n=== Files To Modify ===\n10. c.py\n"},
    };
    return cr_make_param_array(MoveCase, cases, sizeof cases / sizeof cases[0]);
}

static const CoreAction *find_action(const CoreActionList *list, const char *title)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].title, title) == 0)
            return &list->items[i];
    return NULL;
}

/* Compares line by line, so a failure names the first line that differs. */
static void assert_text(const char *got, const char *want)
{
    uint32_t line = 0;
    const char *g = got, *w = want;
    while (*g || *w) {
        size_t gl = strcspn(g, "\n"), wl = strcspn(w, "\n");
        cr_assert(gl == wl && memcmp(g, w, gl) == 0, "line %u is \"%.*s\", expected \"%.*s\"\n--- got:\n%s\n--- expected:\n%s",
                  line, (int)gl, g, (int)wl, w, got, want);
        g += gl + (g[gl] == '\n');
        w += wl + (w[wl] == '\n');
        line++;
    }
}

/* Counts the diagnostics of each code. */
static void count_codes(const char *text, uint32_t counts[CORE_DIAG_CODE_COUNT])
{
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagList diags;
    cr_assert_eq(core_diagnose(doc, NULL, &diags), 0);
    memset(counts, 0, sizeof(uint32_t) * CORE_DIAG_CODE_COUNT);
    for (size_t i = 0; i < diags.count; i++)
        counts[diags.items[i].code]++;
    core_diag_list_free(&diags);
    core_doc_free(doc);
}

ParameterizedTest(MoveCase *c, moves, apply)
{
    CoreDoc *doc = core_doc_new(c->text, strlen(c->text));
    CoreActionList list;
    cr_assert_eq(core_actions(doc, c->first, c->last, NULL, &list), 0);
    const CoreAction *a = find_action(&list, c->title);
    cr_assert(a, "no \"%s\" action for lines %u-%u of:\n%s", c->title, c->first, c->last, c->text);
    cr_assert_not(a->preferred);
    cr_assert_eq(a->diag, -1);
    /* Lines in or out span whole lines, character 0 to character 0 (a client counting columns as bytes survives
     * them); only the document's last line, which has no next line, is reached by its end. */
    uint32_t last_line = core_doc_line_count(doc) - 1;
    for (size_t i = 0; i < a->edit_count; i++) {
        const CoreEdit *e = &a->edits[i];
        size_t n = strlen(e->text);
        bool lines = e->range.start.line != e->range.end.line || (n && e->text[n - 1] == '\n');
        if (lines && e->range.end.line < last_line)
            cr_assert(e->range.start.col == 0 && e->range.end.col == 0, "edit %zu of \"%s\" (%u:%u-%u:%u) is not whole lines",
                      i, c->title, e->range.start.line, e->range.start.col, e->range.end.line, e->range.end.col);
    }
    char *out = edits_apply_action(c->text, a);
    cr_assert(out, "the edits of \"%s\" are out of range, unsorted or overlapping for:\n%s", c->title, c->text);
    assert_text(out, c->expected);

    /* The result parses without any diagnostic the original did not have. */
    uint32_t before[CORE_DIAG_CODE_COUNT], after[CORE_DIAG_CODE_COUNT];
    count_codes(c->text, before);
    count_codes(out, after);
    for (int k = 0; k < CORE_DIAG_CODE_COUNT; k++)
        cr_assert_leq(after[k], before[k], "%s: %u before, %u after", core_diag_code_name((CoreDiagCode)k),
                      before[k], after[k]);
    free(out);
    core_action_list_free(&list);
    core_doc_free(doc);
}

/* ---------------------------------------------------------------- which moves are offered */

typedef struct {
    uint32_t first, last;
    char titles[96]; /* in order, separated by '|' */
} OfferCase;

static const char offer_doc[] = SS                 /* 0-6 */
    "=== Files Modified ===\n"                     /* 7 */
    "src/a.py\n"                                   /* 8 */
    "\n"                                           /* 9 */
    "=== Files To Modify ===\n"                    /* 10 */
    "src/b.py (create)\n"                          /* 11 */
    "src/c.py\n"                                   /* 12 */
    "[List files still needing changes]\n"         /* 13 */
    "\n"                                           /* 14 */
    "=== Notes ===\n"                              /* 15 */
    "- src/d.py is next\n";                        /* 16 */

ParameterizedTestParameters(moves, offered)
{
    static OfferCase cases[] = {
        {11, 11, "Move to Files Modified|Move all to Files Modified"},
        {11, 12, "Move to Files Modified"}, /* "all" would move the same items */
        {12, 11, "Move to Files Modified"}, /* a reversed selection */
        {10, 10, "Move all to Files Modified"},
        {13, 14, "Move all to Files Modified"},
        {8, 8, "Move to Files To Modify"},
        {8, 11, "Move to Files Modified|Move to Files To Modify|Move all to Files Modified"},
        {0, 6, ""},
        {15, 16, ""},
        {16, 999, ""},
        {999, 999, ""},
    };
    return cr_make_param_array(OfferCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(OfferCase *c, moves, offered)
{
    CoreDoc *doc = core_doc_new(offer_doc, strlen(offer_doc));
    CoreActionList list;
    cr_assert_eq(core_actions(doc, c->first, c->last, NULL, &list), 0);
    char titles[256] = "";
    for (size_t i = 0; i < list.count; i++) {
        cr_assert(list.items[i].edit_count > 0, "\"%s\" has no edit", list.items[i].title);
        snprintf(titles + strlen(titles), sizeof titles - strlen(titles), "%s%s", i ? "|" : "", list.items[i].title);
    }
    cr_assert_str_eq(titles, c->titles, "lines %u-%u", c->first, c->last);
    core_action_list_free(&list);
    core_doc_free(doc);
}

Test(moves, edits_are_sorted_and_disjoint)
{
    CoreDoc *doc = core_doc_new(offer_doc, strlen(offer_doc));
    CoreActionList list;
    core_actions(doc, 0, 16, NULL, &list);
    cr_assert_geq(list.count, 2);
    for (size_t i = 0; i < list.count; i++) {
        const CoreAction *a = &list.items[i];
        for (size_t k = 1; k < a->edit_count; k++) {
            CorePos end = a->edits[k - 1].range.end, start = a->edits[k].range.start;
            cr_assert(end.line < start.line || (end.line == start.line && end.col <= start.col),
                      "\"%s\": edit %zu starts before edit %zu ends", a->title, k, k - 1);
        }
    }
    core_action_list_free(&list);
    core_doc_free(doc);
}

/* On every line of every corpus file, each move applies cleanly and adds no diagnostic. */
static void moves_keep_clean(const CorpusFile *f, void *data)
{
    if (f->has_nul) /* edits_apply works on C strings */
        return;
    uint32_t before[CORE_DIAG_CODE_COUNT], after[CORE_DIAG_CODE_COUNT];
    count_codes(f->text, before);
    for (uint32_t line = 0; line < core_doc_line_count(f->doc); line++) {
        CoreActionList list;
        core_actions(f->doc, line, line, NULL, &list);
        for (size_t i = 0; i < list.count; i++) {
            char *out = edits_apply_action(f->text, &list.items[i]);
            cr_assert(out, "%s line %u: \"%s\" has bad edits", f->name, line, list.items[i].title);
            count_codes(out, after);
            for (int k = 0; k < CORE_DIAG_CODE_COUNT; k++)
                cr_assert_leq(after[k], before[k], "%s line %u: \"%s\" adds %s:\n%s", f->name, line,
                              list.items[i].title, core_diag_code_name((CoreDiagCode)k), out);
            free(out);
            ++*(size_t *)data;
        }
        core_action_list_free(&list);
    }
}

Test(moves, every_move_in_the_corpus_keeps_the_document_clean)
{
    size_t moves = 0;
    corpus_each(moves_keep_clean, &moves);
    cr_assert_gt(moves, 0, "the corpus offers no move at all");
}
