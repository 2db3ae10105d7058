/* test_model.c — the model: sections, entries with exact ranges, and incremental edits equal to a full parse. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

static const char example[] =
    "=== Session State ===\n"                                         /* 0 */
    "Last completed: Token generation service\n"                     /* 1 */
    "Next task: [What to work on next]\n"                            /* 2 */
    "Blockers: None\n"                                               /* 3 */
    "Current phase: 2 of 4 (Implementation)\n"                       /* 4 */
    "Complexity level: Medium\n"                                     /* 5 */
    "\n"                                                             /* 6 */
    "=== Key Decisions ===\n"                                        /* 7 */
    "- JWT for tokens (reason: industry standard)\n"                 /* 8 */
    "\n"                                                             /* 9 */
    "===  files to modify ===\n"                                     /* 10 */
    "src/auth/session.py (create)\n"                                 /* 11 */
    "* tests/auth/test_session.py\n"                                 /* 12 */
    "\n"                                                             /* 13 */
    "=== Interfaces Defined ===\n"                                   /* 14 */
    "generate_token(credentials: UserCredentials) -> str\n"          /* 15 */
    "TokenPayload(sub: str, exp: datetime)\n"                        /* 16 */
    "validate(token: str: TokenPayload\n"                            /* 17 */
    "=== Known Issues ===\n"                                         /* 18 */
    "None\n"                                                         /* 19 */
    "=== Scratch ===\n";                                             /* 20 */

static CoreDoc *doc;

static void setup(void)
{
    doc = core_doc_new(example, strlen(example));
}

static void teardown(void)
{
    core_doc_free(doc);
}

static void assert_range(CoreRange r, uint32_t l0, uint32_t c0, uint32_t l1, uint32_t c1)
{
    cr_assert(r.start.line == l0 && r.start.col == c0 && r.end.line == l1 && r.end.col == c1,
              "range %u:%u-%u:%u, expected %u:%u-%u:%u", r.start.line, r.start.col, r.end.line, r.end.col, l0,
              c0, l1, c1);
}

TestSuite(model, .init = setup, .fini = teardown);

Test(model, sections_in_order_with_kinds_and_ranges)
{
    static const struct {
        CoreSectionKind kind;
        uint32_t header, end;
    } want[] = {
        {CORE_SECTION_SESSION_STATE, 0, 7},  {CORE_SECTION_KEY_DECISIONS, 7, 10},
        {CORE_SECTION_FILES_TO_MODIFY, 10, 14}, {CORE_SECTION_INTERFACES, 14, 18},
        {CORE_SECTION_KNOWN_ISSUES, 18, 20}, {CORE_SECTION_UNKNOWN, 20, 22},
    };
    cr_assert_eq(core_doc_section_count(doc), 6);
    for (uint32_t i = 0; i < 6; i++) {
        CoreSection s;
        cr_assert_eq(core_doc_section(doc, i, &s), 0);
        cr_assert_eq(s.kind, want[i].kind, "section %u kind", i);
        cr_assert_eq(s.header_line, want[i].header);
        cr_assert_eq(s.end_line, want[i].end);
    }
    CoreSection s;
    core_doc_section(doc, 0, &s);
    assert_range(s.name, 0, 4, 0, 17);
    assert_range(s.range, 0, 0, 5, 24);
    core_doc_section(doc, 2, &s);
    assert_range(s.name, 10, 5, 10, 20); /* case and spacing tolerated, the name as written */
    cr_assert_eq(core_doc_section(doc, 6, &s), CORE_ENOENT);
    cr_assert_eq(core_doc_section_at(doc, 12), 2);
}

Test(model, lines_before_first_header_belong_to_no_section)
{
    CoreDoc *d = core_doc_new("intro\n=== Notes ===\n", 20);
    cr_assert_eq(core_doc_section_at(d, 0), -1);
    CoreEntry e;
    core_doc_entry(d, 0, &e);
    cr_assert_eq(e.kind, CORE_ENTRY_TEXT);
    cr_assert_eq(e.section, -1);
    core_doc_free(d);
}

Test(model, session_state_fields)
{
    CoreEntry e;
    core_doc_entry(doc, 1, &e);
    cr_assert_eq(e.kind, CORE_ENTRY_FIELD);
    cr_assert_eq(e.field, CORE_FIELD_LAST_COMPLETED);
    assert_range(e.key, 1, 0, 1, 14);
    assert_range(e.value, 1, 16, 1, 40);

    core_doc_entry(doc, 2, &e);
    cr_assert(e.has_placeholder);
    assert_range(e.placeholder, 2, 11, 2, 33);

    core_doc_entry(doc, 4, &e);
    cr_assert_eq(e.field, CORE_FIELD_CURRENT_PHASE);
    cr_assert(e.has_phase);
    cr_assert_eq(e.phase_x, 2);
    cr_assert_eq(e.phase_y, 4);
    assert_range(e.phase_label, 4, 23, 4, 37);

    core_doc_entry(doc, 5, &e);
    cr_assert_eq(e.level, CORE_LEVEL_MEDIUM);
}

Test(model, items_paths_and_annotations)
{
    CoreEntry e;
    core_doc_entry(doc, 8, &e);
    cr_assert_eq(e.kind, CORE_ENTRY_ITEM);
    cr_assert(e.has_bullet);
    cr_assert(e.has_annotation);
    assert_range(e.annotation, 8, 17, 8, 44);
    assert_range(e.body, 8, 2, 8, 16);
    cr_assert(!e.has_path, "paths only in the Files sections");

    core_doc_entry(doc, 11, &e);
    cr_assert(e.has_path);
    assert_range(e.path, 11, 0, 11, 19);
    assert_range(e.annotation, 11, 20, 11, 28);

    core_doc_entry(doc, 12, &e);
    cr_assert(e.has_bullet);
    assert_range(e.path, 12, 2, 12, 28);
}

Test(model, interface_signatures)
{
    CoreEntry e;
    core_doc_entry(doc, 15, &e);
    cr_assert(e.has_signature);
    assert_range(e.sig_name, 15, 0, 15, 14);
    assert_range(e.sig_params, 15, 15, 15, 43);
    assert_range(e.sig_return, 15, 48, 15, 51);
    cr_assert(!e.sig_unbalanced);
    cr_assert(!e.has_annotation, "a signature's own parentheses are no annotation");

    core_doc_entry(doc, 16, &e);
    assert_range(e.sig_name, 16, 0, 16, 12);
    cr_assert_eq(e.sig_return.start.col, e.sig_return.end.col);

    core_doc_entry(doc, 17, &e);
    cr_assert(e.sig_unbalanced);
}

Test(model, none_and_blank)
{
    CoreEntry e;
    core_doc_entry(doc, 19, &e);
    cr_assert_eq(e.kind, CORE_ENTRY_NONE);
    core_doc_entry(doc, 13, &e);
    cr_assert_eq(e.kind, CORE_ENTRY_BLANK);
    cr_assert_eq(core_doc_entry(doc, 99, &e), CORE_ENOENT);
}

struct header_case {
    char line[32];
    bool header;
    CoreSectionKind kind;
};

ParameterizedTestParameters(model, headers)
{
    static struct header_case cases[] = {
        {"=== Notes ===", true, CORE_SECTION_NOTES},
        {"  ====  NOTES   ====  ", true, CORE_SECTION_NOTES},
        {"===Files To  Modify===", true, CORE_SECTION_FILES_TO_MODIFY},
        {"=== Todo ===", true, CORE_SECTION_UNKNOWN},
        {"=== Notes", false, CORE_SECTION_UNKNOWN},
        {"== Notes ==", false, CORE_SECTION_UNKNOWN},
        {"=== ===", false, CORE_SECTION_UNKNOWN},
        {"==========", false, CORE_SECTION_UNKNOWN},
    };
    return cr_make_param_array(struct header_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct header_case *c, model, headers)
{
    CoreDoc *d = core_doc_new(c->line, strlen(c->line));
    cr_assert_eq(core_doc_section_count(d), c->header ? 1u : 0u, "\"%s\"", c->line);
    if (c->header) {
        CoreSection s;
        core_doc_section(d, 0, &s);
        cr_assert_eq(s.kind, c->kind);
    }
    core_doc_free(d);
}

Test(model, edit_adds_and_removes_sections)
{
    CoreRange at_end = {{22, 0}, {22, 0}};
    core_doc_edit(doc, CORE_ENC_UTF16, at_end, "=== Notes ===\nhi\n", 17);
    cr_assert_eq(core_doc_section_count(doc), 7);
    CoreRange first_header = {{0, 0}, {0, 3}};
    core_doc_edit(doc, CORE_ENC_UTF16, first_header, "", 0);
    cr_assert_eq(core_doc_section_count(doc), 6, "a header with its === removed is no header");
    CoreSection s;
    core_doc_section(doc, 0, &s);
    cr_assert_eq(s.kind, CORE_SECTION_KEY_DECISIONS);
    cr_assert_eq(core_doc_section_at(doc, 3), -1);
}
