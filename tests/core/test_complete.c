/* test_complete.c — the completion context: what is expected at a cursor, the token it replaces, what is missing. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_read.h"
#include "cursor_text.h"
#include "progress/core.h"

/* Inline arrays, not pointers: Criterion runs each case in a fresh process, where pointers would dangle. */
typedef struct {
    char text[80]; /* '|' marks the cursor */
    CoreExpectKind kind;
    char token[32];
    char prefix[32];
    bool allow_none;
} ExpectCase;

#define SS "=== Session State ===\n"
#define FTM "=== Files To Modify ===\n"
#define FM "=== Files Modified ===\n"

ParameterizedTestParameters(expect, cases)
{
    static ExpectCase cases[] = {
        /* Session State keys: the key typed so far, to the ':' or the line's end. */
        {SS "Next ta|\n", CORE_EXPECT_FIELD_KEY, "Next ta", "Next ta", false},
        {SS "Ne|xt task: write tests\n", CORE_EXPECT_FIELD_KEY, "Next task", "Ne", false},
        {SS "|\n", CORE_EXPECT_FIELD_KEY, "", "", false},
        {SS "Next task |: x\n", CORE_EXPECT_FIELD_KEY, "Next task ", "Next task ", false},
        {SS "- Block|\n", CORE_EXPECT_FIELD_KEY, "Block", "Block", false},
        /* Session State values. */
        {SS "Complexity level: Me|\n", CORE_EXPECT_LEVEL, "Me", "Me", false},
        {SS "Complexity level: Me|dium\n", CORE_EXPECT_LEVEL, "Medium", "Me", false},
        {SS "Complexity level: [Trivial/Sm|all/Medium]\n", CORE_EXPECT_LEVEL, "[Trivial/Small/Medium]",
         "[Trivial/Sm", false},
        {SS "Complexity level: |\n", CORE_EXPECT_LEVEL, "", "", false},
        {SS "Current phase: 2 of |\n", CORE_EXPECT_NOTHING, "", "", false},
        {SS "Blockers: No|\n", CORE_EXPECT_INTERFACE, "No", "No", true},
        {SS "Blockers: |\n", CORE_EXPECT_INTERFACE, "", "", true},
        {SS "Next task: call gen|\n", CORE_EXPECT_INTERFACE, "gen", "gen", false},
        {SS "Next task: wire up src/au|th\n", CORE_EXPECT_PATH, "src/auth", "src/au", false},
        /* Headers: the name inside a complete header, else the whole line. */
        {"=|", CORE_EXPECT_SECTION, "=", "=", false},
        {"=== Fil|", CORE_EXPECT_SECTION, "=== Fil", "=== Fil", false},
        {"== Notes|\n", CORE_EXPECT_SECTION, "== Notes", "== Notes", false},
        {"=== Fil|es Modified ===\n", CORE_EXPECT_SECTION, "Files Modified", "Fil", false},
        {"=== Files Modified =|==\n", CORE_EXPECT_SECTION, "=== Files Modified ===", "=== Files Modified =", false},
        {"=|== Notes ===\n", CORE_EXPECT_SECTION, "=== Notes ===", "=", false},
        {"  =|\n", CORE_EXPECT_SECTION, "=", "=", false},
        {"===  | ===\n", CORE_EXPECT_SECTION, "", "", false},
        /* Empty lines. */
        {"|\n=== Notes ===\n", CORE_EXPECT_SECTION, "", "", false},
        {"=== Notes ===\n|\n", CORE_EXPECT_NONE_WORD, "", "", true},
        {"=== Notes ===\n- a note\n|\n", CORE_EXPECT_SECTION, "", "", false},
        {"=== Notes ===\nNone\n|\n", CORE_EXPECT_SECTION, "", "", false},
        {FM "|\n", CORE_EXPECT_PATH, "", "", true},
        {FM "src/a.py\n|\n", CORE_EXPECT_PATH, "", "", false},
        /* Files items: path, then annotation, then free text. */
        {FTM "src/au|\n", CORE_EXPECT_PATH, "src/au", "src/au", true},
        {FTM "- src/au|th/x.py (create)\n", CORE_EXPECT_PATH, "src/auth/x.py", "src/au", false},
        {FTM "src/a.py\nsrc/b|\n", CORE_EXPECT_PATH, "src/b", "src/b", false},
        {FTM "src/a.py |\n", CORE_EXPECT_ANNOTATION, "", "", false},
        {FTM "src/a.py (cr|\n", CORE_EXPECT_ANNOTATION, "(cr", "(cr", false},
        {FTM "src/a.py (cr|eate)\n", CORE_EXPECT_ANNOTATION, "(create)", "(cr", false},
        {FTM "src/a.py |(create)\n", CORE_EXPECT_ANNOTATION, "(create)", "", false},
        {FTM "src/a.py - uses Tok|\n", CORE_EXPECT_INTERFACE, "Tok", "Tok", false},
        {FM "[List files| changed]\n", CORE_EXPECT_PATH, "[List files changed]", "[List files", false},
        {FM "No|\n", CORE_EXPECT_PATH, "No", "No", true},
        /* After a bare bullet or mark the path comes next (issue 23, B2). */
        {FTM "- |\n", CORE_EXPECT_PATH, "", "", true},
        {FTM "- [ ] |\n", CORE_EXPECT_PATH, "", "", false},
        {FTM "* |\n", CORE_EXPECT_PATH, "", "", true},
        {FM "src/a.py\n4. |\n", CORE_EXPECT_PATH, "", "", false},
        {FM "- [x] |\n", CORE_EXPECT_PATH, "", "", false},
        /* Inside an opening backtick not yet closed, from the character after it (B3). */
        {FTM "- `sess|\n", CORE_EXPECT_PATH, "sess", "sess", false},
        {FTM "1. `src/api/|\n", CORE_EXPECT_PATH, "src/api/", "src/api/", false},
        {FTM "- [ ] `|\n", CORE_EXPECT_PATH, "", "", false},
        /* Prose. */
        {"=== Notes ===\n- reuse gen|\n", CORE_EXPECT_INTERFACE, "gen", "gen", false},
        {"=== Notes ===\n- reuse gen|erate_token now\n", CORE_EXPECT_INTERFACE, "generate_token", "gen", false},
        {"=== Notes ===\n- see src/utils/cr|ypto.py here\n", CORE_EXPECT_PATH, "src/utils/crypto.py",
         "src/utils/cr", false},
        {"=== Notes ===\n- see (src/a|.py).\n", CORE_EXPECT_PATH, "src/a.py", "src/a", false},
        {"=== Notes ===\n- word |\n", CORE_EXPECT_INTERFACE, "", "", false},
        {"=== Known Issues ===\nNo|\n", CORE_EXPECT_INTERFACE, "No", "No", true},
        {"=== Known Issues ===\n- a bug\nNo|\n", CORE_EXPECT_INTERFACE, "No", "No", false},
        {"=== Interfaces Defined ===\nvalidate(t: Tok|)\n", CORE_EXPECT_INTERFACE, "Tok", "Tok", false},
        {"=== Scratch ===\nsome wo|rds\n", CORE_EXPECT_INTERFACE, "words", "wo", false},
        /* Nothing: prose before the first header, a cursor inside a bullet. */
        {"intro te|xt\n=== Notes ===\n", CORE_EXPECT_NOTHING, "", "", false},
        {"=== Notes ===\n|- an item\n", CORE_EXPECT_NOTHING, "", "", false},
    };
    return cr_make_param_array(ExpectCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ExpectCase *c, expect, cases)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc(c->text, &pos);
    CoreExpect e;
    cr_assert_eq(core_expect_at(doc, pos, &e), 0);
    cr_assert_eq(e.kind, c->kind, "%s: kind %d, expected %d", c->text, e.kind, c->kind);
    if (c->kind != CORE_EXPECT_NOTHING) {
        cr_assert_eq(e.token.start.line, pos.line);
        cursor_assert_range(doc, e.token, c->token, c->text);
        cr_assert(e.prefix_len == strlen(c->prefix) && memcmp(e.prefix, c->prefix, e.prefix_len) == 0,
                  "%s: prefix \"%.*s\", expected \"%s\"", c->text, (int)e.prefix_len, e.prefix, c->prefix);
    }
    cr_assert_eq(e.allow_none, c->allow_none, "%s: allow_none %d", c->text, e.allow_none);
    core_doc_free(doc);
}

static uint32_t bit(int kind)
{
    return 1u << kind;
}

Test(expect, missing_fields_are_the_known_keys_absent_from_the_section)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc(SS "Next task: x\n|\nBlockers: None\nBogus: 1\n", &pos);
    CoreExpect e;
    core_expect_at(doc, pos, &e);
    cr_assert_eq(e.kind, CORE_EXPECT_FIELD_KEY);
    cr_assert_eq(e.missing_fields,
                 bit(CORE_FIELD_LAST_COMPLETED) | bit(CORE_FIELD_CURRENT_PHASE) | bit(CORE_FIELD_COMPLEXITY));
    core_doc_free(doc);
}

Test(expect, the_key_being_edited_counts_as_missing)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc(SS "Next ta|sk: x\n", &pos);
    CoreExpect e;
    core_expect_at(doc, pos, &e);
    cr_assert(e.missing_fields & bit(CORE_FIELD_NEXT_TASK));
    core_doc_free(doc);
}

Test(expect, missing_sections_leave_out_present_ones_but_not_the_header_being_edited)
{
    CorePos pos;
    CoreDoc *doc = cursor_doc(SS "\n=== No|tes ===\n\n=== Scratch ===\n", &pos);
    CoreExpect e;
    core_expect_at(doc, pos, &e);
    cr_assert_eq(e.kind, CORE_EXPECT_SECTION);
    cr_assert_eq(e.section_kind, CORE_SECTION_NOTES);
    uint32_t all = 0;
    for (int k = 1; k < CORE_SECTION_KIND_COUNT; k++)
        all |= bit(k);
    cr_assert_eq(e.missing_sections, all & ~bit(CORE_SECTION_SESSION_STATE));
    core_doc_free(doc);
}

Test(expect, positions_past_the_end_are_clamped)
{
    static const char text[] = SS "Complexity level: Sm";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreExpect far, end;
    core_expect_at(doc, (CorePos){99, 99}, &far);
    core_expect_at(doc, (CorePos){1, 999}, &end);
    cr_assert_eq(far.kind, CORE_EXPECT_LEVEL);
    cr_assert_eq(end.kind, CORE_EXPECT_LEVEL);
    cr_assert_eq(far.token.start.col, 18);
    cr_assert_eq(far.token.end.col, 20);
    cr_assert_eq(far.prefix_len, 2);
    core_doc_free(doc);
}

Test(expect, empty_document_expects_a_section)
{
    CoreDoc *doc = core_doc_new("", 0);
    CoreExpect e;
    cr_assert_eq(core_expect_at(doc, (CorePos){0, 0}, &e), 0);
    cr_assert_eq(e.kind, CORE_EXPECT_SECTION);
    cr_assert_eq(e.prefix_len, 0);
    core_doc_free(doc);
}

Test(annotations, are_parenthesized_and_null_terminated)
{
    const char *const *a = core_annotations();
    size_t n = 0;
    bool has_create = false;
    for (; a[n]; n++) {
        size_t len = strlen(a[n]);
        cr_assert(len > 2 && a[n][0] == '(' && a[n][len - 1] == ')', "%s", a[n]);
        has_create |= strcmp(a[n], "(create)") == 0;
    }
    cr_assert_geq(n, 6);
    cr_assert(has_create);
}

/* At every position of every corpus file: the token is on the cursor's line and holds the cursor. */
static void token_holds_cursor(const CorpusFile *f, void *data)
{
    (void)data;
    for (uint32_t line = 0; line < core_doc_line_count(f->doc); line++) {
        size_t n;
        core_doc_line(f->doc, line, &n);
        for (uint32_t col = 0; col <= n + 1; col++) {
            CoreExpect e;
            cr_assert_eq(core_expect_at(f->doc, (CorePos){line, col}, &e), 0);
            if (e.kind == CORE_EXPECT_NOTHING)
                continue;
            uint32_t c = col > n ? (uint32_t)n : col;
            cr_assert(e.token.start.line == line && e.token.end.line == line && e.token.start.col <= c &&
                          c <= e.token.end.col && e.token.end.col <= n,
                      "%s %u:%u: token %u:%u-%u:%u", f->name, line, col, e.token.start.line, e.token.start.col,
                      e.token.end.line, e.token.end.col);
            cr_assert_eq(e.prefix_len, c - e.token.start.col, "%s %u:%u", f->name, line, col);
        }
    }
}

Test(expect, token_holds_the_cursor_everywhere_in_the_corpus)
{
    corpus_each(token_holds_cursor, NULL);
}
