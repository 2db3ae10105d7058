/* test_navigate.c — selection ranges, highlights, linked interface names and workspace symbols of one document. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor_text.h"
#include "progress/navigate.h"

/* The text of `r` (any lines) in `doc`, lines joined with '\n'. Caller frees. */
static char *text_of(const CoreDoc *doc, CoreRange r)
{
    size_t cap = 1, len = 0;
    for (uint32_t l = r.start.line; l <= r.end.line; l++) {
        size_t n;
        core_doc_line(doc, l, &n);
        cap += n + 1;
    }
    char *out = malloc(cap);
    for (uint32_t l = r.start.line; l <= r.end.line; l++) {
        size_t n;
        const char *s = core_doc_line(doc, l, &n);
        size_t a = l == r.start.line ? r.start.col : 0, b = l == r.end.line ? r.end.col : n;
        memcpy(out + len, s + a, b - a);
        len += b - a;
        if (l < r.end.line)
            out[len++] = '\n';
    }
    out[len] = '\0';
    return out;
}

#define DOC                                            \
    "=== Session State ===\n"                          \
    "Next task: wire validate_token into login\n"      \
    "Blockers: None\n"                                 \
    "\n"                                               \
    "=== Files Modified ===\n"                         \
    "Backend:\n"                                       \
    "- src/auth/token.py (create)\n"                   \
    "  - adds validate_token\n"                        \
    "- src/auth/login.py\n"                            \
    "\n"                                               \
    "=== Interfaces Defined ===\n"                     \
    "validate_token(token: str) -> bool\n"             \
    "\n"                                               \
    "=== Notes ===\n"                                  \
    "- src/auth/token.py calls validate_token twice\n"

typedef struct {
    char text[400];
    char steps[8][100]; /* expected texts, innermost first; "" ends the list; "*" is the whole document */
} SelectionCase;

ParameterizedTestParameters(selection, cases)
{
    static SelectionCase cases[] = {
        /* A word in a path: word, path token, body, item with its annotation, item with details, group, section. */
        {"=== Files Modified ===\nBackend:\n- src/au|th/token.py (create)\n  - adds x\n- b.py\n\n=== Notes ===\n",
         {"auth", "src/auth/token.py", "src/auth/token.py (create)", "- src/auth/token.py (create)",
          "- src/auth/token.py (create)\n  - adds x", "Backend:\n- src/auth/token.py (create)\n  - adds x\n- b.py",
          "=== Files Modified ===\nBackend:\n- src/auth/token.py (create)\n  - adds x\n- b.py", "*"}},
        /* A field value: word, value, line, group, section. */
        {"=== Session State ===\nNext task: wire vali|date_token in\nBlockers: None\n",
         {"validate_token", "wire validate_token in", "Next task: wire validate_token in",
          "Next task: wire validate_token in\nBlockers: None",
          "=== Session State ===\nNext task: wire validate_token in\nBlockers: None", "*"}},
        /* The annotation is its own step before the whole item. */
        {"=== Files To Modify ===\n- a.py (cre|ate)\n", {"create", "(create)", "a.py (create)", "- a.py (create)", "=== Files To Modify ===\n- a.py (create)", "*"}},
        /* A header: the name word, the name, the header, the section. */
        {"=== Key Dec|isions ===\n- one\n", {"Decisions", "Key Decisions", "=== Key Decisions ===", "=== Key Decisions ===\n- one", "*"}},
        /* A blank line: section, document. */
        {"=== Notes ===\n- one\n|\n- two\n", {"=== Notes ===\n- one\n\n- two", "*"}},
        /* Marks and comments (the item grammar): body, item without the mark, text with it, line with the bullet. */
        {"=== Files Modified ===\n- [x] src/a.|py — done twice\n",
         {"py", "a.py", "src/a.py", "src/a.py — done twice", "[x] src/a.py — done twice",
          "- [x] src/a.py — done twice", "=== Files Modified ===\n- [x] src/a.py — done twice", "*"}},
        /* Labelled groups end at the next label, blank line or not; a detail line steps out to its item. */
        {"=== Files Modified ===\nBackend:\n- a.py\n  - adds |x\nTests:\n- t.py\n",
         {"x", "adds x", "- adds x", "- a.py\n  - adds x", "Backend:\n- a.py\n  - adds x",
          "=== Files Modified ===\nBackend:\n- a.py\n  - adds x\nTests:\n- t.py", "*"}},
        {"=== Files Modified ===\nBackend:\n- a.py\n\n- b|.py\nTests:\n- t.py\n",
         {"b", "b.py", "- b.py", "Backend:\n- a.py\n\n- b.py",
          "=== Files Modified ===\nBackend:\n- a.py\n\n- b.py\nTests:\n- t.py", "*"}},
        /* Empty document and a position far past the end: only the document. */
        {"|", {"*"}},
    };
    return cr_make_param_array(SelectionCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(SelectionCase *c, selection, cases)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc(c->text, &pos);
    CoreRangeList list;
    cr_assert_eq(core_selection_at(doc, pos, &list), 0);
    size_t expected = 0;
    while (expected < 8 && c->steps[expected][0])
        expected++;
    cr_assert_eq(list.count, expected, "%zu steps for %s, expected %zu", list.count, c->text, expected);
    char *whole = core_doc_text(doc, NULL);
    for (size_t i = 0; i < list.count; i++) {
        char *got = text_of(doc, list.items[i]);
        const char *want = strcmp(c->steps[i], "*") == 0 ? whole : c->steps[i];
        cr_expect_str_eq(got, want, "step %zu: got «%s», want «%s»", i, got, want);
        free(got);
    }
    free(whole);
    core_range_list_free(&list);
    core_doc_free(doc);
}

Test(selection, positions_out_of_the_document_are_clamped)
{
    CoreDoc *doc = core_doc_new(DOC, strlen(DOC));
    CoreRangeList list;
    core_selection_at(doc, (CorePos){9999, 9999}, &list);
    cr_assert_geq(list.count, 1);
    CoreRange last = list.items[list.count - 1];
    cr_assert_eq(last.start.line, 0);
    cr_assert_eq(last.end.line, core_doc_line_count(doc) - 1);
    for (size_t i = 1; i < list.count; i++) /* each step holds the one before */
        cr_assert(list.items[i].start.line <= list.items[i - 1].start.line);
    core_range_list_free(&list);
    core_doc_free(doc);
}

static void expect_ranges(const CoreDoc *doc, CoreRange *items, size_t count, const char *want_text, size_t want)
{
    cr_assert_eq(count, want);
    for (size_t i = 0; i < count; i++) {
        char *t = text_of(doc, items[i]);
        cr_expect_str_eq(t, want_text);
        free(t);
    }
}

Test(highlight, an_interface_highlights_its_definition_as_write_and_mentions_as_read)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc("=== Notes ===\n- call validate_tok|en\n=== Interfaces Defined ===\n"
                              "validate_token(t: str) -> bool\n=== Known Issues ===\n- validate_token slow\n",
                              &pos);
    CoreHighlightList list;
    core_highlights_at(doc, pos, &list);
    cr_assert_eq(list.count, 3);
    cr_expect_eq(list.items[0].range.start.line, 1);
    cr_expect_eq(list.items[0].kind, CORE_HIGHLIGHT_READ);
    cr_expect_eq(list.items[1].range.start.line, 3);
    cr_expect_eq(list.items[1].kind, CORE_HIGHLIGHT_WRITE);
    cr_expect_eq(list.items[2].kind, CORE_HIGHLIGHT_READ);
    for (size_t i = 0; i < list.count; i++) {
        char *t = text_of(doc, list.items[i].range);
        cr_expect_str_eq(t, "validate_token");
        free(t);
    }
    core_highlight_list_free(&list);
    core_doc_free(doc);
}

Test(highlight, a_path_highlights_whole_runs_of_the_same_path_only)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc("=== Files Modified ===\n- src/auth/tok|en.py (create)\n"
                              "=== Notes ===\n- see src/auth/token.py. Not src/auth/token.pyc nor x/src/auth/token.py\n"
                              "- `src/auth/token.py` again\n",
                              &pos);
    CoreHighlightList list;
    core_highlights_at(doc, pos, &list);
    cr_assert_eq(list.count, 3);
    for (size_t i = 0; i < list.count; i++) {
        cr_expect_eq(list.items[i].kind, CORE_HIGHLIGHT_TEXT);
        char *t = text_of(doc, list.items[i].range);
        cr_expect_str_eq(t, "src/auth/token.py");
        free(t);
    }
    cr_expect_eq(list.items[1].range.start.line, 3);
    cr_expect_eq(list.items[1].range.start.col, 6);
    cr_expect_eq(list.items[2].range.start.line, 4);
    core_highlight_list_free(&list);
    core_doc_free(doc);
}

Test(linked, an_interface_name_links_its_definition_and_mentions)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc("=== Interfaces Defined ===\nAuth.lo|gin(user: User) -> Session\n"
                              "=== Notes ===\n- Auth.login twice: Auth.login\n- Auth.login_v2 is not it\n",
                              &pos);
    CoreRangeList list;
    core_linked_names_at(doc, pos, &list);
    expect_ranges(doc, list.items, list.count, "Auth.login", 3);
    cr_expect_eq(list.items[0].start.line, 1);
    core_range_list_free(&list);
    core_doc_free(doc);
}

typedef struct {
    char text[120];
} NothingCase;

/* Places with nothing to highlight and no name to link: prose, a section name, a key, a level, a blank line. */
ParameterizedTestParameters(nothing, cases)
{
    static NothingCase cases[] = {
        {"=== Notes ===\n- some wo|rds here\n"},
        {"=== No|tes ===\n- validate_token\n=== Interfaces Defined ===\nvalidate_token() -> None\n"},
        {"=== Session State ===\nNext t|ask: x\n"},
        {"=== Session State ===\nComplexity level: Lar|ge\n"},
        {"=== Notes ===\n|\n"},
        {"|"},
    };
    return cr_make_param_array(NothingCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(NothingCase *c, nothing, cases)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc(c->text, &pos);
    CoreHighlightList hl;
    core_highlights_at(doc, pos, &hl);
    cr_expect_eq(hl.count, 0, "highlights at %s", c->text);
    CoreRangeList linked;
    core_linked_names_at(doc, pos, &linked);
    cr_expect_eq(linked.count, 0, "linked names at %s", c->text);
    core_highlight_list_free(&hl);
    core_range_list_free(&linked);
    core_highlight_list_free(NULL);
    core_doc_free(doc);
}

/* Expects the symbols' names (and kinds) to be exactly `want`, in order. */
static void expect_symbols(const CoreWsSymbolList *list, const char *const *want, const CoreWsSymbolKind *kinds,
                           size_t n)
{
    cr_assert_eq(list->count, n);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(list->items[i].kind, kinds[i], "symbol %zu", i);
        cr_expect_eq(list->items[i].name_len, strlen(want[i]), "symbol %zu", i);
        cr_expect(memcmp(list->items[i].name, want[i], list->items[i].name_len) == 0, "symbol %zu", i);
    }
}

Test(wsymbols, sections_interfaces_next_task_and_real_blockers)
{
    const char *text = DOC;
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreWsSymbolList list;
    core_workspace_symbols(doc, "", 0, &list);
    const char *const want[] = {"Session State", "wire validate_token into login", "Files Modified",
                                "Interfaces Defined", "validate_token", "Notes"};
    const CoreWsSymbolKind kinds[] = {CORE_WS_SYMBOL_SECTION, CORE_WS_SYMBOL_NEXT_TASK, CORE_WS_SYMBOL_SECTION,
                                      CORE_WS_SYMBOL_SECTION, CORE_WS_SYMBOL_INTERFACE, CORE_WS_SYMBOL_SECTION};
    expect_symbols(&list, want, kinds, 6); /* Blockers: None is not a symbol */
    core_ws_symbol_list_free(&list);
    core_doc_free(doc);
}

Test(wsymbols, the_query_filters_fuzzily_and_blockers_count)
{
    const char *text = "=== Session State ===\nNext task: ship it\nBlockers: waiting on the auth review\n"
                       "=== Interfaces Defined ===\nvalidate_token(t: str) -> bool\nrefresh_session() -> None\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreWsSymbolList list;
    core_workspace_symbols(doc, "vtok", 4, &list);
    cr_assert_eq(list.count, 1);
    cr_expect_eq(list.items[0].kind, CORE_WS_SYMBOL_INTERFACE);
    cr_expect_gt(list.items[0].score, 0);
    core_ws_symbol_list_free(&list);
    core_workspace_symbols(doc, "auth", 4, &list);
    cr_assert_eq(list.count, 1);
    cr_expect_eq(list.items[0].kind, CORE_WS_SYMBOL_BLOCKER);
    cr_expect_str_eq(list.items[0].container, "Blockers");
    core_ws_symbol_list_free(&list);
    core_ws_symbol_list_free(NULL);
    core_doc_free(doc);
}

Test(wsymbols, a_blockers_list_gives_one_symbol_per_blocker)
{
    const char *text = "=== Session State ===\nNext task: ship it\nBlockers:\n- waiting on review\n  - [ ] CI is red\n"
                       "- none.\nCurrent phase: 1 of 2\n- not a blocker\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreWsSymbolList list;
    core_workspace_symbols(doc, "", 0, &list);
    const char *const want[] = {"Session State", "ship it", "waiting on review", "CI is red"};
    const CoreWsSymbolKind kinds[] = {CORE_WS_SYMBOL_SECTION, CORE_WS_SYMBOL_NEXT_TASK, CORE_WS_SYMBOL_BLOCKER,
                                      CORE_WS_SYMBOL_BLOCKER};
    expect_symbols(&list, want, kinds, 4);
    core_ws_symbol_list_free(&list);
    core_doc_free(doc);
}

Test(wsymbols, a_logs_newest_next_steps_and_blockers)
{
    const char *text = "# Progress\n\n## Session 1 — 2026-11-28\n### Next Steps\n- Old step\n\n"
                       "## Session 2 — 2026-11-30\n**Next task:** Coupons\n### Blockers\n- Payment sandbox down\n- None\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreWsSymbolList list;
    core_workspace_symbols(doc, "", 0, &list);
    const char *const want[] = {"Progress", "Session 1 — 2026-11-28", "Next Steps", "Session 2 — 2026-11-30",
                                "Blockers", "Coupons", "Payment sandbox down"};
    const CoreWsSymbolKind kinds[] = {CORE_WS_SYMBOL_SECTION, CORE_WS_SYMBOL_SECTION, CORE_WS_SYMBOL_SECTION,
                                      CORE_WS_SYMBOL_SECTION, CORE_WS_SYMBOL_SECTION, CORE_WS_SYMBOL_NEXT_TASK,
                                      CORE_WS_SYMBOL_BLOCKER};
    expect_symbols(&list, want, kinds, 7); /* the older entry's step is no next task; `None` is no blocker */
    core_ws_symbol_list_free(&list);
    core_doc_free(doc);
}
