/* test_hover.c — what is under a cursor, and every mention of an interface. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_read.h"
#include "cursor_text.h"
#include "progress/core.h"

#define IFACES                                                   \
    "=== Interfaces Defined ===\n"                               \
    "validate_token(token: str) -> Optional[TokenPayload] (core)\n" \
    "TokenPayload(sub: str)\n"                                   \
    "Auth.login(user: User) -> Session\n"

/* Inline arrays, not pointers: Criterion runs each case in a fresh process, where pointers would dangle. */
typedef struct {
    char text[200]; /* '|' marks the cursor */
    CoreHoverKind kind;
    char word[32];
    uint32_t def_line;  /* INTERFACE */
    char signature[56]; /* INTERFACE */
} HoverCase;

ParameterizedTestParameters(hover, cases)
{
    static HoverCase cases[] = {
        /* Interfaces: at the definition, at mentions before and after it, qualified names. */
        {IFACES "=== Notes ===\n- call valid|ate_token here\n", CORE_HOVER_INTERFACE, "validate_token", 1,
         "validate_token(token: str) -> Optional[TokenPayload]"},
        {"=== Notes ===\n- call validate_token|\n" IFACES, CORE_HOVER_INTERFACE, "validate_token", 3,
         "validate_token(token: str) -> Optional[TokenPayload]"},
        {"=== Interfaces Defined ===\nvalid|ate_token(t: str) -> bool\n", CORE_HOVER_INTERFACE, "validate_token", 1,
         "validate_token(t: str) -> bool"},
        {"=== Interfaces Defined ===\nvalidate(t: str) -> Token|Payload\nTokenPayload(sub: str)\n",
         CORE_HOVER_INTERFACE, "TokenPayload", 2, "TokenPayload(sub: str)"},
        {IFACES "=== Notes ===\n- Auth.log|in is used\n", CORE_HOVER_INTERFACE, "Auth.login", 3,
         "Auth.login(user: User) -> Session"},
        {"=== Interfaces Defined ===\nAu|th.login(user: User) -> Session\n", CORE_HOVER_INTERFACE, "Auth.login", 1,
         "Auth.login(user: User) -> Session"},
        {"=== Session State ===\nNext task: call validate_t|oken\n" IFACES, CORE_HOVER_INTERFACE, "validate_token",
         3, "validate_token(token: str) -> Optional[TokenPayload]"},
        /* Not a mention: part of a longer word, inside a path, an unknown name. */
        {IFACES "=== Notes ===\n- validate_token_v|2 differs\n", CORE_HOVER_NOTHING, "", 0, ""},
        {IFACES "=== Notes ===\n- unknown_na|me\n", CORE_HOVER_NOTHING, "", 0, ""},
        /* Paths: in Files sections, and words holding '/' anywhere. */
        {IFACES "=== Notes ===\n- see src/auth/validate_tok|en.py.\n", CORE_HOVER_PATH, "src/auth/validate_token.py",
         0, ""},
        {"=== Files Modified ===\n- src/au|th/token.py (tests)\n", CORE_HOVER_PATH, "src/auth/token.py", 0, ""},
        {"=== Files To Modify ===\nREADME|.md (update)\n", CORE_HOVER_PATH, "README.md", 0, ""},
        {"=== Files To Modify ===\nREADME.md (upd|ate)\n", CORE_HOVER_NOTHING, "", 0, ""},
        /* Sections, keys, levels. */
        {"=== Key Dec|isions ===\n", CORE_HOVER_SECTION, "Key Decisions", 0, ""},
        {"=== Notes ===\n=== Scr|atch ===\n", CORE_HOVER_NOTHING, "", 0, ""},
        /* The first line, where nothing else is: the dialect it is read as; a log's heading: the block. */
        {"|=== Notes ===\n", CORE_HOVER_DIALECT, "=== Notes ===", 0, ""},
        {"# Log\n## Sess|ion 2 — 2026-01-02\n- a\n", CORE_HOVER_BLOCK, "## Session 2 — 2026-01-02", 0, ""},
        {"# L|og\n## Session 2 — 2026-01-02\n- a\n", CORE_HOVER_BLOCK, "# Log", 0, ""},
        {"=== Session State ===\nNext t|ask: x\n", CORE_HOVER_FIELD, "Next task", 0, ""},
        {"=== Session State ===\nNext tsk|: x\n", CORE_HOVER_NOTHING, "", 0, ""},
        {"=== Session State ===\nComplexity level: Lar|ge\n", CORE_HOVER_LEVEL, "Large", 0, ""},
        {"=== Session State ===\nComplexity level: Big|\n", CORE_HOVER_NOTHING, "", 0, ""},
        {"=== Session State ===\n|\n", CORE_HOVER_NOTHING, "", 0, ""},
    };
    return cr_make_param_array(HoverCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(HoverCase *c, hover, cases)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc(c->text, &pos);
    CoreHover h;
    cr_assert_eq(core_hover_at(doc, pos, &h), 0);
    cr_assert_eq(h.kind, c->kind, "%s: kind %d, expected %d", c->text, h.kind, c->kind);
    if (c->kind != CORE_HOVER_NOTHING) {
        cursor_assert_range(doc, h.range, c->word, c->text);
        cr_assert(h.word_len == strlen(c->word) && memcmp(h.word, c->word, h.word_len) == 0);
    }
    if (c->kind == CORE_HOVER_INTERFACE) {
        cr_assert_eq(h.def_line, c->def_line, "%s: def_line %u", c->text, h.def_line);
        cr_assert(h.signature_len == strlen(c->signature) && memcmp(h.signature, c->signature, h.signature_len) == 0,
                  "%s: signature \"%.*s\"", c->text, (int)h.signature_len, h.signature);
    }
    core_doc_free(doc);
}

Test(hover, reports_the_level_section_and_field_it_names)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc("=== Session State ===\nComplexity level: sm|all\n", &pos);
    CoreHover h;
    core_hover_at(doc, pos, &h);
    cr_assert_eq(h.level, CORE_LEVEL_SMALL);
    core_hover_at(doc, (CorePos){0, 5}, &h);
    cr_assert_eq(h.section, CORE_SECTION_SESSION_STATE);
    core_hover_at(doc, (CorePos){1, 0}, &h);
    cr_assert_eq(h.field, CORE_FIELD_COMPLEXITY);
    core_hover_at(doc, (CorePos){40, 40}, &h); /* clamped to the end of the last line: nothing there */
    cr_assert_eq(h.kind, CORE_HOVER_NOTHING);
    core_doc_free(doc);
}

/* ---------------------------------------------------------------- references */

static const char refs_doc[] =
    "=== Session State ===\n"                              /* 0 */
    "Next task: finish validate_token\n"                   /* 1 */
    "\n"                                                   /* 2 */
    "=== Files To Modify ===\n"                            /* 3 */
    "src/validate_token.py (create)\n"                     /* 4 */
    "\n"                                                   /* 5 */
    "=== Notes ===\n"                                      /* 6 */
    "- validate_token, then validate_token_v2\n"           /* 7 */
    "- see docs/validate_token.md; validate_token(x)\n"    /* 8 */
    "\n"                                                   /* 9 */
    "=== Interfaces Defined ===\n"                         /* 10 */
    "validate_token(token: str) -> bool\n"                 /* 11 */
    "check(t) -> validate_token\n";                        /* 12 */

static void assert_ref(const CoreRangeList *refs, size_t i, uint32_t line, uint32_t col, uint32_t len)
{
    cr_assert_lt(i, refs->count);
    CoreRange r = refs->items[i];
    cr_assert(r.start.line == line && r.start.col == col && r.end.line == line && r.end.col == col + len,
              "ref %zu is %u:%u-%u:%u, expected %u:%u-%u:%u", i, r.start.line, r.start.col, r.end.line, r.end.col,
              line, col, line, col + len);
}

Test(refs, definition_first_then_whole_word_mentions_outside_paths)
{
    CoreDoc *doc = core_doc_new(refs_doc, strlen(refs_doc));
    CoreRangeList refs;
    cr_assert_eq(core_interface_refs(doc, "validate_token", 14, &refs), 0);
    assert_ref(&refs, 0, 11, 0, 14);
    assert_ref(&refs, 1, 1, 18, 14);
    assert_ref(&refs, 2, 7, 2, 14);
    assert_ref(&refs, 3, 8, 30, 14);
    assert_ref(&refs, 4, 12, 12, 14);
    cr_assert_eq(refs.count, 5);
    core_range_list_free(&refs);
    cr_assert_eq(refs.count, 0);
    core_doc_free(doc);
}

Test(refs, mentions_without_a_definition_and_empty_names)
{
    CoreDoc *doc = core_doc_new(refs_doc, strlen(refs_doc));
    CoreRangeList refs;
    cr_assert_eq(core_interface_refs(doc, "validate_token_v2", 17, &refs), 0);
    cr_assert_eq(refs.count, 1);
    assert_ref(&refs, 0, 7, 23, 17);
    core_range_list_free(&refs);
    cr_assert_eq(core_interface_refs(doc, "", 0, &refs), 0);
    cr_assert_eq(refs.count, 0);
    core_range_list_free(&refs);
    core_doc_free(doc);
}

Test(refs, agree_with_hover_on_every_mention)
{
    CoreDoc *doc = core_doc_new(refs_doc, strlen(refs_doc));
    CoreRangeList refs;
    core_interface_refs(doc, "validate_token", 14, &refs);
    for (size_t i = 0; i < refs.count; i++) {
        CoreHover h;
        core_hover_at(doc, refs.items[i].start, &h);
        cr_assert_eq(h.kind, CORE_HOVER_INTERFACE, "ref %zu", i);
        cr_assert_eq(h.def_line, 11);
    }
    core_range_list_free(&refs);
    core_doc_free(doc);
}

/* At every position of every corpus file: what is hovered touches the position, and interfaces agree with refs. */
static void range_touches_position(const CorpusFile *f, void *data)
{
    (void)data;
    for (uint32_t line = 0; line < core_doc_line_count(f->doc); line++) {
        size_t n;
        core_doc_line(f->doc, line, &n);
        for (uint32_t col = 0; col <= n; col++) {
            CoreHover h;
            cr_assert_eq(core_hover_at(f->doc, (CorePos){line, col}, &h), 0);
            if (h.kind == CORE_HOVER_NOTHING)
                continue;
            cr_assert(h.range.start.line == line && h.range.start.col <= col && col <= h.range.end.col,
                      "%s %u:%u: range %u:%u-%u:%u", f->name, line, col, h.range.start.line, h.range.start.col,
                      h.range.end.line, h.range.end.col);
            if (h.kind != CORE_HOVER_INTERFACE)
                continue;
            CoreRangeList refs;
            core_interface_refs(f->doc, h.word, h.word_len, &refs);
            cr_assert_gt(refs.count, 0);
            cr_assert_eq(refs.items[0].start.line, h.def_line, "%s: the definition comes first", f->name);
            core_range_list_free(&refs);
        }
    }
}

Test(hover, range_touches_the_position_everywhere_in_the_corpus)
{
    corpus_each(range_touches_position, NULL);
}
