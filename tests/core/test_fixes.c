/* test_fixes.c — quick fixes: every fixable diagnostic has one, and applying it makes that diagnostic go away. */
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
    CoreDiagCode code;
    char text[200];
    char expected[240]; /* the text after the fix */
    bool preferred;
} FixCase;

ParameterizedTestParameters(fixes, apply)
{
    static FixCase cases[] = {
        {CORE_DIAG_MALFORMED_HEADER, SS "=== Notes\n- a\n", SS "=== Notes ===\n- a\n", true},
        {CORE_DIAG_MALFORMED_HEADER, SS "== Key Decisons ==\n- a\n", SS "=== Key Decisions ===\n- a\n", true},
        {CORE_DIAG_MALFORMED_HEADER, SS "==Scratch\n- a\n", SS "=== Scratch ===\n- a\n", true},
        {CORE_DIAG_UNKNOWN_SECTION, SS "=== Key Decisons ===\n- a\n", SS "=== Key Decisions ===\n- a\n", true},
        {CORE_DIAG_MISSING_SECTION, "=== Notes ===\n- a\n",
         "=== Session State ===\nLast completed: \nNext task: \nBlockers: \nCurrent phase: \nComplexity level: \n\n"
         "=== Notes ===\n- a\n",
         false},
        {CORE_DIAG_MISSING_FIELD, "=== Session State ===\nLast completed: a\nBlockers: None\n\n=== Notes ===\nNone\n",
         "=== Session State ===\nLast completed: a\nBlockers: None\nNext task: \n\n=== Notes ===\nNone\n", true},
        {CORE_DIAG_MISSING_FIELD, "=== Session State ===\n=== Notes ===\nNone\n",
         "=== Session State ===\nLast completed: \n=== Notes ===\nNone\n", true},
        {CORE_DIAG_UNKNOWN_FIELD,
         "=== Session State ===\nLast completed: a\nNext tsk: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n",
         "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n",
         true},
        {CORE_DIAG_DUPLICATE_FIELD,
         "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nBlockers: x\nCurrent phase: 1 of 2\n"
         "Complexity level: Small",
         "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small",
         true},
        {CORE_DIAG_INVALID_LEVEL,
         "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: medum\n",
         "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Medium\n",
         true},
        {CORE_DIAG_MODIFIED_AND_TO_MODIFY, SS "=== Files Modified ===\nsrc/a.py\n=== Files To Modify ===\nsrc/a.py (x)\n",
         SS "=== Files Modified ===\nsrc/a.py\n=== Files To Modify ===\n", true},
        {CORE_DIAG_DUPLICATE_ITEM, SS "=== Notes ===\n- a note\n- other\n- a note",
         SS "=== Notes ===\n- a note\n- other", true},
        {CORE_DIAG_NONE_WITH_ITEMS, SS "=== Known Issues ===\nNone\n- a bug\n", SS "=== Known Issues ===\n- a bug\n", true},
    };
    return cr_make_param_array(FixCase, cases, sizeof cases / sizeof cases[0]);
}

static size_t count_code(const char *text, CoreDiagCode code)
{
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagList diags;
    core_diagnose(doc, NULL, &diags);
    size_t n = 0;
    for (size_t i = 0; i < diags.count; i++)
        n += diags.items[i].code == code;
    core_diag_list_free(&diags);
    core_doc_free(doc);
    return n;
}

ParameterizedTest(FixCase *c, fixes, apply)
{
    const char *name = core_diag_code_name(c->code);
    CoreDoc *doc = core_doc_new(c->text, strlen(c->text));
    CoreDiagList diags;
    cr_assert_eq(core_diagnose(doc, NULL, &diags), 0);
    int32_t index = -1;
    for (size_t i = 0; i < diags.count && index < 0; i++)
        if (diags.items[i].code == c->code)
            index = (int32_t)i;
    cr_assert_geq(index, 0, "%s: not reported for:\n%s", name, c->text);

    /* Ask for the actions on exactly the diagnostic's lines, as an editor would. */
    CoreRange r = diags.items[index].range;
    CoreActionList list;
    cr_assert_eq(core_actions(doc, r.start.line, r.end.line, &diags, &list), 0);
    const CoreAction *fix = NULL;
    for (size_t i = 0; i < list.count; i++) {
        cr_assert(list.items[i].diag < (int32_t)diags.count);
        if (list.items[i].diag == index) {
            cr_assert_null(fix, "%s: two fixes for one diagnostic", name);
            fix = &list.items[i];
        }
    }
    cr_assert(fix, "%s: no quick fix", name);
    cr_assert_eq(fix->preferred, c->preferred, "%s: preferred %d", name, fix->preferred);

    char *out = edits_apply_action(c->text, fix);
    cr_assert(out, "%s: the edits are out of range, unsorted or overlapping", name);
    cr_assert_str_eq(out, c->expected, "%s (\"%s\") gave:\n%s", name, fix->title, out);
    cr_assert_lt(count_code(out, c->code), count_code(c->text, c->code), "%s is still reported", name);
    free(out);
    core_action_list_free(&list);
    core_diag_list_free(&diags);
    core_doc_free(doc);
}

/* The codes the contract gives no quick fix, each with a text that reports it. */
typedef struct {
    CoreDiagCode code;
    char text[200];
} NoFixCase;

ParameterizedTestParameters(fixes, none_where_none_is_knowable)
{
    static NoFixCase cases[] = {
        {CORE_DIAG_NOT_PROGRESS_FORMAT, "just some text\n"},
        {CORE_DIAG_TEXT_BEFORE_SECTION, "intro\n" SS},
        {CORE_DIAG_UNKNOWN_SECTION, SS "=== Scratch ===\n- a\n"},
        {CORE_DIAG_DUPLICATE_SECTION, SS "=== Notes ===\n- a\n=== Notes ===\n- b\n"},
        {CORE_DIAG_PLACEHOLDER, SS "=== Notes ===\n[Anything else]\n"},
        {CORE_DIAG_UNBALANCED_SIGNATURE, SS "=== Interfaces Defined ===\nf(a: int -> int\n"},
    };
    return cr_make_param_array(NoFixCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(NoFixCase *c, fixes, none_where_none_is_knowable)
{
    CoreDoc *doc = core_doc_new(c->text, strlen(c->text));
    CoreDiagList diags;
    core_diagnose(doc, NULL, &diags);
    bool reported = false;
    for (size_t i = 0; i < diags.count; i++)
        reported |= diags.items[i].code == c->code;
    cr_assert(reported, "%s: not reported", core_diag_code_name(c->code));
    CoreActionList list;
    core_actions(doc, 0, core_doc_line_count(doc), &diags, &list);
    for (size_t i = 0; i < list.count; i++)
        if (list.items[i].diag >= 0)
            cr_assert_neq(diags.items[list.items[i].diag].code, c->code, "%s: unexpected fix \"%s\"",
                          core_diag_code_name(c->code), list.items[i].title);
    core_action_list_free(&list);
    core_diag_list_free(&diags);
    core_doc_free(doc);
}

Test(fixes, only_for_diagnostics_touching_the_lines)
{
    static const char text[] = SS "=== Key Decisons ===\n- a\n=== Known Issues ===\nNone\n- bug\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagList diags;
    core_diagnose(doc, NULL, &diags);
    CoreActionList list;
    core_actions(doc, 9, 10, &diags, &list);
    cr_assert_eq(list.count, 1);
    cr_assert_eq(diags.items[list.items[0].diag].code, CORE_DIAG_NONE_WITH_ITEMS);
    core_action_list_free(&list);
    core_actions(doc, 7, 7, NULL, &list); /* no diagnostics given: no fixes */
    cr_assert_eq(list.count, 0);
    core_action_list_free(&list);
    core_diag_list_free(&diags);
    core_doc_free(doc);
}

/* Every quick fix offered anywhere in the corpus applies cleanly and lowers its diagnostic's count. */
static void fixes_remove_their_diagnostic(const CorpusFile *f, void *data)
{
    if (f->has_nul) /* edits_apply works on C strings */
        return;
    CoreDiagList diags;
    core_diagnose(f->doc, NULL, &diags);
    CoreActionList list;
    core_actions(f->doc, 0, core_doc_line_count(f->doc), &diags, &list);
    for (size_t i = 0; i < list.count; i++) {
        const CoreAction *a = &list.items[i];
        if (a->diag < 0)
            continue;
        CoreDiagCode code = diags.items[a->diag].code;
        char *out = edits_apply_action(f->text, a);
        cr_assert(out, "%s: \"%s\" has bad edits", f->name, a->title);
        cr_assert_lt(count_code(out, code), count_code(f->text, code), "%s: \"%s\" leaves %s", f->name, a->title,
                     core_diag_code_name(code));
        free(out);
        ++*(size_t *)data;
    }
    core_action_list_free(&list);
    core_diag_list_free(&diags);
}

Test(fixes, every_fix_in_the_corpus_removes_its_diagnostic)
{
    size_t fixes = 0;
    corpus_each(fixes_remove_their_diagnostic, &fixes);
    cr_assert_gt(fixes, 0, "the corpus offers no quick fix at all");
}

/* A level far from every valid one: one fix per valid level, none preferred, each making it valid (issue 23, B6). */
typedef struct {
    char level[24];
} FarLevelCase;

ParameterizedTestParameters(fixes, every_level_where_none_is_close)
{
    static FarLevelCase cases[] = {{"Enormous"}, {"XL"}, {"High"}, {"Medium-High"}, {"me"}};
    return cr_make_param_array(FarLevelCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(FarLevelCase *c, fixes, every_level_where_none_is_close)
{
    char text[200];
    snprintf(text, sizeof text, "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\n"
             "Current phase: 1 of 2\nComplexity level: %s\n", c->level);
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagList diags;
    core_diagnose(doc, NULL, &diags);
    int32_t index = -1;
    for (size_t i = 0; i < diags.count && index < 0; i++)
        if (diags.items[i].code == CORE_DIAG_INVALID_LEVEL)
            index = (int32_t)i;
    cr_assert_geq(index, 0, "\"%s\" is not reported", c->level);
    cr_assert_null(diags.items[index].suggestion, "\"%s\" has a close level", c->level);
    CoreActionList list;
    core_actions(doc, 5, 5, &diags, &list);
    size_t fixes = 0;
    for (size_t i = 0; i < list.count; i++) {
        if (list.items[i].diag != index)
            continue;
        CoreLevel level = (CoreLevel)(CORE_LEVEL_TRIVIAL + fixes++);
        char title[40];
        snprintf(title, sizeof title, "Change to \"%s\"", core_level_name(level));
        cr_assert_str_eq(list.items[i].title, title);
        cr_assert_not(list.items[i].preferred);
        char *out = edits_apply_action(text, &list.items[i]);
        cr_assert_eq(count_code(out, CORE_DIAG_INVALID_LEVEL), 0, "%s gave:\n%s", title, out);
        free(out);
    }
    cr_assert_eq(fixes, CORE_LEVEL_COUNT - CORE_LEVEL_TRIVIAL, "\"%s\": %zu fixes", c->level, fixes);
    core_action_list_free(&list);
    core_diag_list_free(&diags);
    core_doc_free(doc);
}
