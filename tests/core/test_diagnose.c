/* test_diagnose.c — each diagnostic code: the text that raises it, its exact range, suggestion and related place. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

/*
 * Cases are written as documents with markers: «…» is the range the diagnostic must cover, ‹…› its
 * related range. The markers are removed before parsing. A case's text must raise exactly that one
 * diagnostic (code -1: no diagnostic at all), so each row also says what is NOT reported.
 */
#define STATE                                                                                                   \
    "=== Session State ===\nLast completed: Parser\nNext task: Printer\nBlockers: None\nCurrent phase: 1 of 2\n" \
    "Complexity level: Small\n\n"

struct diag_case {
    char text[400];
    int code;
    char suggestion[24];
};

ParameterizedTestParameters(diagnose, one_code_per_text)
{
    static struct diag_case cases[] = {
        /* not-progress-format: one hint, nothing else, even for what would otherwise be problems */
        {"«Progress log»\n\n- did the thing\n- did the thing\n", CORE_DIAG_NOT_PROGRESS_FORMAT, ""},
        {"# Progress log\n\n- ‹did the thing›\n- «did the thing»\n", CORE_DIAG_DUPLICATE_ITEM, ""},
        {"«»", CORE_DIAG_NOT_PROGRESS_FORMAT, ""},
        {"«== Scratch ==»\nNext task: x\n", CORE_DIAG_NOT_PROGRESS_FORMAT, ""},
        /* ...but malformed headers naming known sections make it a progress.txt with broken headers */
        {"«== Session State ==»\nNext task: x\n", CORE_DIAG_MALFORMED_HEADER, "Session State"},
        /* text-before-section: first to last non-blank line */
        {"\n«Notes for the migration\n  (kept by the agent)»\n\n" STATE, CORE_DIAG_TEXT_BEFORE_SECTION, ""},
        /* malformed-header */
        {STATE "=== Key Decisions ===\n- a\n«== Notes ==»\n- b\n", CORE_DIAG_MALFORMED_HEADER, "Notes"},
        {STATE "=== Key Decisions ===\n- a\n«=== Known Issues»\n- b\n", CORE_DIAG_MALFORMED_HEADER, "Known Issues"},
        {STATE "=== Key Decisions ===\n- a\n«====== Whatever ==»\n", CORE_DIAG_MALFORMED_HEADER, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n«== Key Decisions»\n",
         CORE_DIAG_MALFORMED_HEADER, "Key Decisions"},
        /* a note after the level does not make it invalid */
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Medium (auth is tricky)\n",
         -1, ""},
        /* unknown-section */
        {STATE "=== «Key Decisons» ===\n- a\n", CORE_DIAG_UNKNOWN_SECTION, "Key Decisions"},
        {STATE "===  «files to modfy»  ===\n- a\n", CORE_DIAG_UNKNOWN_SECTION, "Files To Modify"},
        {STATE "=== «Scratchpad» ===\n- a\n", CORE_DIAG_UNKNOWN_SECTION, ""},
        /* duplicate-section: case and spacing do not make a new section */
        {STATE "=== ‹Notes› ===\n- a\n=== «notes» ===\n- b\n", CORE_DIAG_DUPLICATE_SECTION, ""},
        {"=== ‹Session State› ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n=== «Session  State» ===\n",
         CORE_DIAG_DUPLICATE_SECTION, ""},
        /* missing-section: only Session State is required */
        {"«»=== Notes ===\n- a\n", CORE_DIAG_MISSING_SECTION, "Session State"},
        /* missing-field: at the Session State name, one per missing key */
        {"=== «Session State» ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n",
         CORE_DIAG_MISSING_FIELD, "Complexity level"},
        /* unknown-field */
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n«Nxt task»: c\n",
         CORE_DIAG_UNKNOWN_FIELD, "Next task"},
        /* duplicate-field */
        {"=== Session State ===\nLast completed: a\nNext task: b\n‹Blockers›: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n«blockers»: the VPN\n",
         CORE_DIAG_DUPLICATE_FIELD, ""},
        /* not-a-field: a bullet is a field's list only right after a field */
        {"=== Session State ===\n«- orphan»\nLast completed: a\nNext task: b\nBlockers: None\n"
         "Current phase: 1 of 2\nComplexity level: Small\n",
         CORE_DIAG_NOT_A_FIELD, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n«Remember to bump the version»\n",
         CORE_DIAG_NOT_A_FIELD, ""},
        /* empty-field */
        {"=== Session State ===\nLast completed: a\n«Next task»:   \nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: Small\n",
         CORE_DIAG_EMPTY_FIELD, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "«Complexity level»:",
         CORE_DIAG_EMPTY_FIELD, ""},
        /* invalid-level */
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: «Meduim»\n",
         CORE_DIAG_INVALID_LEVEL, "Medium"},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: «Tri»\n",
         CORE_DIAG_INVALID_LEVEL, "Trivial"},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: «Gigantic»\n",
         CORE_DIAG_INVALID_LEVEL, ""},
        /* invalid-phase and phase-out-of-range */
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: «two of four»\n"
         "Complexity level: Small\n",
         CORE_DIAG_INVALID_PHASE, ""},
        /* phase-form: understood, but not the template's `X of Y` */
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: «2/4»\n"
         "Complexity level: Small\n",
         CORE_DIAG_PHASE_FORM, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: «Phase 2 of 4 (Build)»\n"
         "Complexity level: Small\n",
         CORE_DIAG_PHASE_FORM, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\n"
         "Current phase: «2 of 4 Implementation»\nComplexity level: Small\n",
         CORE_DIAG_INVALID_PHASE, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: «5 of 4»\n"
         "Complexity level: Small\n",
         CORE_DIAG_PHASE_OUT_OF_RANGE, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: «0 of 3»\n"
         "Complexity level: Small\n",
         CORE_DIAG_PHASE_OUT_OF_RANGE, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: «1 of 0»\n"
         "Complexity level: Small\n",
         CORE_DIAG_PHASE_OUT_OF_RANGE, ""},
        /* placeholder: the first [...] of a line, and the value is then not checked */
        {"=== Session State ===\nLast completed: a\nNext task: «[What to work on next]»\nBlockers: None\n"
         "Current phase: 1 of 2\nComplexity level: Small\n",
         CORE_DIAG_PLACEHOLDER, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
         "Complexity level: «[Trivial/Small/Medium/Large/Huge]»\n",
         CORE_DIAG_PLACEHOLDER, ""},
        {STATE "=== Key Decisions ===\n- «[Decision 1]» (reason: [why])\n", CORE_DIAG_PLACEHOLDER, ""},
        /* modified-and-to-modify: paths compared exactly, annotations ignored, either order of sections */
        {STATE "=== Files To Modify ===\n- «src/a.py» (tests)\n=== Files Modified ===\n* ‹src/a.py›\n",
         CORE_DIAG_MODIFIED_AND_TO_MODIFY, ""},
        {STATE "=== Files Modified ===\n‹src/a.py› (create)\n=== Files To Modify ===\n«src/a.py»\n",
         CORE_DIAG_MODIFIED_AND_TO_MODIFY, ""},
        /* duplicate-item: the body and its note or comment compared (issue 21: never between lines that differ in
           their note), a Files item by its path */
        {STATE "=== Key Decisions ===\n- ‹JWT for tokens (reason: standard)›\n- other\n- «JWT for tokens (reason: "
               "standard)»\n",
         CORE_DIAG_DUPLICATE_ITEM, ""},
        {STATE "=== Notes ===\n- ‹Working tree: Clean›\n* «[x] Working tree: Clean»\n", CORE_DIAG_DUPLICATE_ITEM, ""},
        {STATE "=== Files Modified ===\n‹src/a.py›\n* «src/a.py»\n", CORE_DIAG_DUPLICATE_ITEM, ""},
        /* none-with-items */
        {STATE "=== Known Issues ===\n«None.»\n- flaky test\n", CORE_DIAG_NONE_WITH_ITEMS, ""},
        {STATE "=== Known Issues ===\n- flaky test\n- «none»\n", CORE_DIAG_NONE_WITH_ITEMS, ""},
        /* unbalanced-signature: the body, without bullet and annotation */
        {STATE "=== Interfaces Defined ===\n- «load(id: Uuid -> Record» (v2)\n", CORE_DIAG_UNBALANCED_SIGNATURE, ""},
        {STATE "=== Interfaces Defined ===\n«Map<K, List<V>> group(xs: List<V>»\n", CORE_DIAG_UNBALANCED_SIGNATURE, ""},

        /* clean texts: what the format allows */
        {STATE, -1, ""},
        {"=== session state ===\nlast completed: a\nNEXT TASK: b\nBlockers:\n- the VPN\n- a review\n"
         "Current phase: 2 of 4 (Implementation)\nComplexity level: medium\n",
         -1, ""},
        {"=== Session State ===\nLast completed: a\nNext task: b\nBlockers:\nNone\nCurrent phase: 3 of 3\n"
         "Complexity level: Huge\n",
         -1, ""},
        {"\n\n" STATE "===Notes===\n\n- a\n\n* b\nc\n=== Known Issues ===\nNone\n", -1, ""},
        /* the same item with another note or comment: no duplicate-item */
        {STATE "=== Key Decisions ===\n- JWT for tokens (reason: standard)\n- JWT for tokens (reason: again)\n", -1, ""},
        {STATE "=== Notes ===\n- Working tree: Clean (98 commits ahead)\n- Working tree: Clean (no uncommitted changes)\n"
               "- Working tree: Clean\n",
         -1, ""},
        {STATE "=== Notes ===\n- Login form — tests pass\n- Login form — reviewed\n", -1, ""},
        {STATE "=== Interfaces Defined ===\nf(x: int) -> Map<str, List[int]>\nHandler = Callable[[Event], None]\n"
               "T: TypeAlias\nAuth::login(u: &User) -> Result<Token, Error>\n",
         -1, ""},
        {STATE "=== Files Modified ===\nsrc/a.py\n=== Files To Modify ===\nsrc/a.pyc\nsrc/A.py\n", -1, ""},
        {STATE "=== Key Decisions ===\n- a\n=== Notes ===\n- a\n==========\n", -1, ""},
        {STATE "=== Notes ===\n- see [the docs](https://example.com) and list[int]\n", -1, ""},
        {"=== Session State ===\r\nLast completed: a\r\nNext task: b\r\nBlockers: None\r\nCurrent phase: 1 of 2\r\n"
         "Complexity level: Small\r\n",
         -1, ""},
    };
    return cr_make_param_array(struct diag_case, cases, sizeof cases / sizeof cases[0]);
}

/* Removes the markers from `marked` into `out`, recording where they were (line, byte column of the result). */
static size_t unmark(const char *marked, char *out, CoreRange *want, CoreRange *related, bool *has_related)
{
    static const char *const marks[] = {"«", "»", "‹", "›"};
    CorePos at = {0, 0};
    CorePos *slots[] = {&want->start, &want->end, &related->start, &related->end};
    size_t n = 0;
    *has_related = false;
    for (const char *p = marked; *p;) {
        int m = -1;
        for (int k = 0; k < 4; k++)
            if (strncmp(p, marks[k], strlen(marks[k])) == 0)
                m = k;
        if (m >= 0) {
            *slots[m] = at;
            *has_related |= m >= 2;
            p += strlen(marks[m]);
            continue;
        }
        if (*p == '\n') {
            at.line++;
            at.col = 0;
        } else if (!(*p == '\r' && p[1] == '\n')) {
            at.col++;
        }
        out[n++] = *p++;
    }
    out[n] = '\0';
    return n;
}

static void assert_range(CoreRange got, CoreRange want, const char *what, const char *text)
{
    cr_assert(got.start.line == want.start.line && got.start.col == want.start.col &&
                  got.end.line == want.end.line && got.end.col == want.end.col,
              "%s: got %u:%u-%u:%u, expected %u:%u-%u:%u in\n%s", what, got.start.line, got.start.col, got.end.line,
              got.end.col, want.start.line, want.start.col, want.end.line, want.end.col, text);
}

ParameterizedTest(struct diag_case *c, diagnose, one_code_per_text)
{
    char text[sizeof c->text];
    CoreRange want = {{0, 0}, {0, 0}}, related = want;
    bool has_related;
    size_t len = unmark(c->text, text, &want, &related, &has_related);
    CoreDoc *doc = core_doc_new(text, len);
    CoreDiagList list;
    cr_assert_eq(core_diagnose(doc, NULL, &list), 0);
    if (c->code < 0) {
        cr_assert_eq(list.count, 0, "expected no diagnostic, got %zu, the first: %s (%s) in\n%s", list.count,
                     list.count ? core_diag_code_name(list.items[0].code) : "", list.count ? list.items[0].message : "",
                     text);
    } else {
        cr_assert_eq(list.count, 1, "expected only %s, got %zu diagnostics, the first: %s in\n%s",
                     core_diag_code_name((CoreDiagCode)c->code), list.count, list.count ? list.items[0].message : "", text);
        const CoreDiag *d = &list.items[0];
        cr_assert_eq((int)d->code, c->code, "got %s (%s)", core_diag_code_name(d->code), d->message);
        cr_assert_eq(d->severity, core_diag_code_default_severity(d->code));
        assert_range(d->range, want, core_diag_code_name((CoreDiagCode)c->code), text);
        cr_assert_eq(d->has_related, has_related, "%s: related", core_diag_code_name((CoreDiagCode)c->code));
        if (has_related) {
            assert_range(d->related, related, "related", text);
            cr_assert(d->related_message && *d->related_message);
        }
        cr_assert_str_eq(d->suggestion ? d->suggestion : "", c->suggestion);
        cr_assert(d->message && strlen(d->message) > 10, "a sentence, not a word");
    }
    core_diag_list_free(&list);
    core_doc_free(doc);
}

/* ---------------------------------------------------------------- the rest of the contract */

static CoreDiagList diagnose_text(const char *text, const CoreOptions *opts, CoreDoc **doc)
{
    CoreDiagList list;
    *doc = core_doc_new(text, strlen(text));
    cr_assert_eq(core_diagnose(*doc, opts, &list), 0);
    return list;
}

Test(diagnose, missing_fields_one_per_key_in_canonical_order)
{
    CoreDoc *doc;
    CoreDiagList list = diagnose_text("=== Session State ===\nNext task: b\n", NULL, &doc);
    static const char *const want[] = {"Last completed", "Blockers", "Current phase", "Complexity level"};
    cr_assert_eq(list.count, 4);
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(list.items[i].code, CORE_DIAG_MISSING_FIELD);
        cr_assert_str_eq(list.items[i].suggestion, want[i]);
        cr_assert(strstr(list.items[i].message, want[i]), "%s", list.items[i].message);
    }
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(diagnose, messages_are_sentences_that_name_the_thing)
{
    CoreDoc *doc;
    CoreDiagList list = diagnose_text(STATE "=== Key Decisons ===\n- a\n", NULL, &doc);
    cr_assert_eq(list.count, 1);
    cr_assert_str_eq(list.items[0].message, "unknown section \"Key Decisons\"; did you mean \"Key Decisions\"?");
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(diagnose, long_quotes_are_cut_at_a_character_boundary)
{
    char text[600];
    snprintf(text, sizeof text, "%s=== Interfaces Defined ===\nf(%s\n", STATE,
             "日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語");
    CoreDoc *doc;
    CoreDiagList list = diagnose_text(text, NULL, &doc);
    cr_assert_eq(list.count, 1);
    const char *m = list.items[0].message;
    const char *cut = strstr(m, "…\"");
    cr_assert_not_null(cut, "%s", m);
    /* the byte before the ellipsis ends a 3-byte character: the text before it is whole characters */
    size_t quoted = (size_t)(cut - (strchr(m, '"') + 1));
    cr_assert_eq((quoted - 2) % 3, 0, "%s", m); /* "f(" then CJK characters of 3 bytes each */
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(diagnose, sorted_by_position)
{
    CoreDoc *doc;
    CoreDiagList list = diagnose_text("intro\n=== Notes ===\nNone\n- a\n=== Scratch ===\n=== Notes ===\n", NULL, &doc);
    cr_assert_geq(list.count, 4);
    for (size_t i = 1; i < list.count; i++) {
        CorePos a = list.items[i - 1].range.start, b = list.items[i].range.start;
        cr_assert(a.line < b.line || (a.line == b.line && a.col <= b.col), "diagnostic %zu out of order", i);
    }
    core_diag_list_free(&list);
    core_doc_free(doc);
}

/* A Session State and `n` - 6 note lines: n lines in all, plus the final newline. */
static char *lines_text(uint32_t n)
{
    char *text = malloc(strlen(STATE) + (size_t)n * 16);
    strcpy(text, "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 1 of 2\n"
                 "Complexity level: Small\n=== Notes ===\n");
    for (uint32_t i = 7; i < n; i++)
        sprintf(text + strlen(text), "- note %u\n", i);
    return text;
}

struct length_case {
    uint32_t lines;
    uint32_t max_lines;
    bool reported;
};

ParameterizedTestParameters(diagnose, file_too_long)
{
    static struct length_case cases[] = {
        {150, CORE_DEFAULT_MAX_LINES, false}, /* a final newline does not make line 151 */
        {151, CORE_DEFAULT_MAX_LINES, true},
        {400, 0, false},                      /* 0 turns the check off */
        {10, 9, true},
        {9, 9, false},
    };
    return cr_make_param_array(struct length_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct length_case *c, diagnose, file_too_long)
{
    char *text = lines_text(c->lines);
    CoreOptions opts;
    core_options_init(&opts);
    opts.max_lines = c->max_lines;
    CoreDoc *doc;
    CoreDiagList list = diagnose_text(text, &opts, &doc);
    cr_assert_eq(list.count, c->reported ? 1u : 0u, "%u lines, max %u: %zu diagnostics", c->lines, c->max_lines,
                 list.count);
    if (c->reported) {
        cr_assert_eq(list.items[0].code, CORE_DIAG_FILE_TOO_LONG);
        /* the first line past the limit, its content */
        size_t len;
        core_doc_line(doc, c->max_lines, &len);
        assert_range(list.items[0].range, (CoreRange){{c->max_lines, 0}, {c->max_lines, (uint32_t)len}}, "range", "");
    }
    core_diag_list_free(&list);
    core_doc_free(doc);
    free(text);
}

Test(diagnose, severity_options_override_and_turn_off)
{
    const char *text = STATE "=== Known Issues ===\nNone\n- a\n=== Scratch ===\n";
    CoreOptions opts;
    core_options_init(&opts);
    opts.severity[CORE_DIAG_NONE_WITH_ITEMS] = CORE_SEV_ERROR;
    opts.severity[CORE_DIAG_UNKNOWN_SECTION] = CORE_SEV_OFF;
    CoreDoc *doc;
    CoreDiagList list = diagnose_text(text, &opts, &doc);
    cr_assert_eq(list.count, 1);
    cr_assert_eq(list.items[0].code, CORE_DIAG_NONE_WITH_ITEMS);
    cr_assert_eq(list.items[0].severity, CORE_SEV_ERROR);
    core_diag_list_free(&list);
    core_doc_free(doc);

    list = diagnose_text(text, NULL, &doc);
    cr_assert_eq(list.count, 2, "NULL options are the defaults");
    cr_assert_eq(list.items[0].severity, CORE_SEV_WARNING);
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(diagnose, not_progress_format_silences_everything_else)
{
    CoreOptions opts;
    core_options_init(&opts);
    opts.max_lines = 2;
    CoreDoc *doc;
    CoreDiagList list = diagnose_text("log\n\n- a\n- a\n- b\n", &opts, &doc);
    cr_assert_eq(list.count, 1);
    cr_assert_eq(list.items[0].code, CORE_DIAG_NOT_PROGRESS_FORMAT);
    cr_assert_eq(list.items[0].severity, CORE_SEV_HINT);
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(diagnose, follows_edits)
{
    CoreDoc *doc;
    CoreDiagList list = diagnose_text(STATE "=== Notes ===\n- a\n", NULL, &doc);
    cr_assert_eq(list.count, 0);
    core_diag_list_free(&list);
    /* type a duplicate, then fix the level */
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{8, 3}, {8, 3}}, "\n- a", 4), 0);
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{5, 18}, {5, 23}}, "Big", 3), 0);
    cr_assert_eq(core_diagnose(doc, NULL, &list), 0);
    cr_assert_eq(list.count, 2);
    cr_assert_eq(list.items[0].code, CORE_DIAG_INVALID_LEVEL);
    cr_assert_eq(list.items[1].code, CORE_DIAG_DUPLICATE_ITEM);
    assert_range(list.items[1].range, (CoreRange){{9, 2}, {9, 3}}, "duplicate", "");
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(diagnose, free_is_idempotent_on_an_emptied_list)
{
    CoreDiagList list = {0};
    core_diag_list_free(&list);
    core_diag_list_free(NULL);
    cr_assert_eq(list.count, 0);
}

/* ---------------------------------------------------------------- core_diagnose_until: giving up on request */

/* A stop callback that says "stop" at its `at`-th question (0 = never) and counts the questions. */
typedef struct {
    int asked, at;
} StopAt;

static bool stop_at(void *data)
{
    StopAt *s = data;
    return ++s->asked == s->at;
}

/* A `lines`-line document with a diagnostic at both ends (a duplicate item, a placeholder), or no header at all. */
static CoreDoc *long_doc(uint32_t lines, bool headers)
{
    size_t cap = (size_t)lines * 32 + 512, len = 0;
    char *text = malloc(cap);
    if (headers)
        len += (size_t)snprintf(text + len, cap - len, STATE "=== Notes ===\n- twice\n- twice\n");
    for (uint32_t i = 0; i < lines; i++)
        len += (size_t)snprintf(text + len, cap - len, headers ? "- note %u\n" : "line %u of the log\n", i);
    if (headers)
        len += (size_t)snprintf(text + len, cap - len, "- <fill in>\n");
    CoreDoc *doc = core_doc_new(text, len);
    free(text);
    return doc;
}

Test(diagnose, until_a_stop_that_never_comes_gives_the_whole_list)
{
    CoreDoc *doc = long_doc(5000, true);
    CoreDiagList whole, until;
    cr_assert_eq(core_diagnose(doc, NULL, &whole), 0);
    StopAt s = {0, 0};
    cr_assert_eq(core_diagnose_until(doc, NULL, stop_at, &s, &until), 0);
    cr_assert_geq(s.asked, 4, "asked about every thousand lines (%d questions over 5,000 lines)", s.asked);
    cr_assert_geq(whole.count, 2);
    cr_assert_eq(until.count, whole.count);
    for (size_t i = 0; i < whole.count; i++) {
        cr_assert_eq(until.items[i].code, whole.items[i].code);
        cr_assert_eq(core_pos_cmp(until.items[i].range.start, whole.items[i].range.start), 0);
        cr_assert_str_eq(until.items[i].message, whole.items[i].message);
    }
    core_diag_list_free(&whole);
    core_diag_list_free(&until);
    core_doc_free(doc);
}

struct stop_case {
    bool headers;
    int at; /* the question answered "stop" */
};

ParameterizedTestParameters(diagnose, until_stops_when_asked)
{
    static struct stop_case cases[] = {{true, 1}, {true, 3}, {false, 1}, {false, 2}};
    return cr_make_param_array(struct stop_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct stop_case *c, diagnose, until_stops_when_asked)
{
    CoreDoc *doc = long_doc(5000, c->headers);
    CoreDiagList list = {(CoreDiag *)&list, 99}; /* overwritten: nothing to free after a stop */
    StopAt s = {0, c->at};
    cr_assert_eq(core_diagnose_until(doc, NULL, stop_at, &s, &list), CORE_ECANCELED);
    cr_assert_eq(s.asked, c->at, "no question after the stop (asked %d times)", s.asked);
    cr_assert_eq(list.count, 0);
    cr_assert_null(list.items);
    core_diag_list_free(&list);
    cr_assert_str_eq(core_strerror(CORE_ECANCELED), "stopped on request");
    core_doc_free(doc);
}

Test(diagnose, until_never_asks_about_a_short_document)
{
    CoreDoc *doc = long_doc(200, true);
    CoreDiagList list;
    StopAt s = {0, 1};
    cr_assert_eq(core_diagnose_until(doc, NULL, stop_at, &s, &list), 0);
    cr_assert_eq(s.asked, 0);
    cr_assert_geq(list.count, 2);
    core_diag_list_free(&list);
    core_doc_free(doc);
}

/* ---------------------------------------------------------------- core_diagnose_cached: only what changed is read */

#include "corpus_read.h"

/* The two lists are the same, item for item (message, ranges, related place, suggestion). */
static void assert_same_list(const CoreDiagList *got, const CoreDiagList *want, const char *where)
{
    cr_assert_eq(got->count, want->count, "%s: %zu diagnostics, a fresh pass finds %zu", where, got->count,
                 want->count);
    for (size_t i = 0; i < want->count; i++) {
        const CoreDiag *g = &got->items[i], *w = &want->items[i];
        cr_assert_eq(g->code, w->code, "%s: diagnostic %zu", where, i);
        cr_assert_eq(g->severity, w->severity, "%s: diagnostic %zu", where, i);
        cr_assert(core_pos_cmp(g->range.start, w->range.start) == 0 && core_pos_cmp(g->range.end, w->range.end) == 0,
                  "%s: diagnostic %zu (%s) at another range", where, i, w->message);
        cr_assert_str_eq(g->message, w->message, "%s: diagnostic %zu", where, i);
        cr_assert_eq(g->has_related, w->has_related, "%s: diagnostic %zu", where, i);
        if (w->has_related) {
            cr_assert_eq(core_pos_cmp(g->related.start, w->related.start), 0, "%s: diagnostic %zu", where, i);
            cr_assert_str_eq(g->related_message, w->related_message, "%s: diagnostic %zu", where, i);
        }
        cr_assert_eq(g->suggestion, w->suggestion, "%s: diagnostic %zu", where, i);
    }
}

/* core_diagnose_cached with `cache` against core_diagnose, both with `opts`. */
static void assert_cached_is_fresh(const CoreDoc *doc, const CoreOptions *opts, CoreDiagCache *cache, const char *where)
{
    CoreDiagList cached, fresh;
    cr_assert_eq(core_diagnose_cached(doc, opts, cache, NULL, NULL, &cached), 0);
    cr_assert_eq(core_diagnose(doc, opts, &fresh), 0);
    assert_same_list(&cached, &fresh, where);
    core_diag_list_free(&cached);
    core_diag_list_free(&fresh);
}

/* What random edits type: the things diagnostics are about, and line breaks that move sections. */
static const char *const typed[] = {
    "x", "\n", "- a", "- a\n", "=== Notes ===\n", "=== Files Modified ===\n", "=== Files To Modify ===\n",
    "- `src/a.c` (create)\n", "src/a.c\n", "None\n", "Blockers:", "<fill in>", "[Name]", " (wip)",
    "Complexity level: Mediun\n", "== Session State ==\n", "=== Session State ===\n", "Current phase: 3 of 2\n",
    "f(a: int", "- ✅ done\n", "",
};

/* A byte offset of line `l` that starts a character (ASCII or a UTF-8 lead byte), chosen with `r`. */
static uint32_t char_start(const CoreDoc *doc, uint32_t l, uint32_t r)
{
    size_t len;
    const char *s = core_doc_line(doc, l, &len);
    uint32_t col = len ? r % (uint32_t)(len + 1) : 0;
    while (col > 0 && col < len && ((unsigned char)s[col] & 0xC0) == 0x80)
        col--;
    return col;
}

/* Random edits of `file`, a pass after each with probability 1 / *every (a client sends several changes at once). */
static void cached_follows_random_edits(const CorpusFile *file, void *data)
{
    uint32_t every = *(const uint32_t *)data;
    CoreDoc *doc = core_doc_new(file->text, file->len);
    CoreDiagCache *cache = core_diag_cache_new();
    CoreOptions opts;
    core_options_init(&opts);
    uint32_t seed = 2026;
    char where[160];
    snprintf(where, sizeof where, "%s, as opened", file->name);
    assert_cached_is_fresh(doc, &opts, cache, where);
    for (int e = 0; e < 120; e++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t n = core_doc_line_count(doc), a = (seed >> 8) % n, b = a + (seed >> 20) % 3;
        if (b >= n)
            b = n - 1;
        seed = seed * 1103515245u + 12345u;
        CorePos start = {a, char_start(doc, a, seed >> 8)}, end = {b, char_start(doc, b, seed >> 16)};
        if (b == a && end.col < start.col)
            end.col = start.col;
        if (seed % 3) /* mostly typing in place, as editors send */
            end = start;
        const char *text = typed[(seed >> 4) % (sizeof typed / sizeof typed[0])];
        cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){start, end}, text, strlen(text)), 0);
        if (e % 40 == 39) /* other settings: everything kept was made with the old ones */
            opts.severity[CORE_DIAG_PLACEHOLDER] = opts.severity[CORE_DIAG_PLACEHOLDER] == CORE_SEV_OFF ? -1 : CORE_SEV_OFF;
        if ((seed >> 12) % every)
            continue;
        snprintf(where, sizeof where, "%s, after edit %d (\"%s\" at %u:%u)", file->name, e, text, start.line, start.col);
        assert_cached_is_fresh(doc, &opts, cache, where);
    }
    core_diag_cache_free(cache);
    core_doc_free(doc);
}

Test(diagnose, cached_is_a_fresh_pass_after_every_edit_of_every_corpus_file)
{
    uint32_t every = 1;
    corpus_each(cached_follows_random_edits, &every);
}

Test(diagnose, cached_is_a_fresh_pass_after_several_edits_of_every_corpus_file)
{
    uint32_t every = 3;
    corpus_each(cached_follows_random_edits, &every);
}

/* Two edits of whole lines: lines [line, end) replaced by `text` (the text itself, not a pointer: the parameters are
   copied into the test's process); the second edit's lines counted after the first. */
struct TwoEdits {
    struct {
        uint32_t line, end;
        char text[40];
    } edit[2];
};

/* One pass after two edits that leave as many lines and blocks: lines between them moved, or a block's first line
   moved inside it (a keystroke's pass reads one block only when nothing moved outside it). */
ParameterizedTestParameters(diagnose, cached_after_two_edits_that_move_lines)
{
    static struct TwoEdits cases[] = {
        {{{3, 4, ""}, {9, 9, "- new item\n"}}},                 /* a line out of one entry, one into a later one */
        {{{9, 10, ""}, {2, 2, "- new item\n"}}},                /* and the other way round */
        {{{5, 6, ""}, {8, 8, "## Session 9 — 2026-01-09\n"}}},  /* an entry's title out, another after the next */
        {{{5, 6, ""}, {6, 6, "- b\n"}}},                        /* the duplicate's twin out of the first entry */
        {{{10, 11, "- <fill in>\n"}, {11, 12, "## Session 3 — 2026-01-03\n"}}}, /* a title moved down its entry */
    };
    return cr_make_param_array(struct TwoEdits, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct TwoEdits *t, diagnose, cached_after_two_edits_that_move_lines)
{
    const char *text = "# Log\n"
                       "## Session 1 — 2026-01-01\n"
                       "### Completed\n"
                       "- a\n"
                       "- b\n"
                       "## Session 2 — 2026-01-02\n"
                       "### Completed\n"
                       "- b\n"
                       "- b\n"
                       "- <fill in>\n"
                       "## Session 3 — 2026-01-03\n"
                       "- [placeholder]\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagCache *cache = core_diag_cache_new();
    assert_cached_is_fresh(doc, NULL, cache, "as opened");
    for (int e = 0; e < 2; e++)
        cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{t->edit[e].line, 0}, {t->edit[e].end, 0}},
                                   t->edit[e].text, strlen(t->edit[e].text)),
                     0);
    char where[160];
    snprintf(where, sizeof where, "lines %u-%u as \"%s\", then lines %u-%u as \"%s\"", t->edit[0].line,
             t->edit[0].end, t->edit[0].text, t->edit[1].line, t->edit[1].end, t->edit[1].text);
    assert_cached_is_fresh(doc, NULL, cache, where);
    core_diag_cache_free(cache);
    core_doc_free(doc);
}

/* Session State, a `big`-item Notes section, a one-item Known Issues section and a second big section. */
static CoreDoc *sections_doc(uint32_t big)
{
    size_t cap = (size_t)big * 64 + 1024, len = 0;
    char *text = malloc(cap);
    len += (size_t)snprintf(text + len, cap - len, STATE "=== Notes ===\n- twice\n- twice\n");
    for (uint32_t i = 0; i < big; i++)
        len += (size_t)snprintf(text + len, cap - len, "- note %u\n", i);
    len += (size_t)snprintf(text + len, cap - len, "=== Known Issues ===\n- <fill in>\n=== Key Decisions ===\n");
    for (uint32_t i = 0; i < big; i++)
        len += (size_t)snprintf(text + len, cap - len, "- decision %u\n", i);
    CoreDoc *doc = core_doc_new(text, len);
    free(text);
    return doc;
}

/* The questions a cached pass asks (one per 256 lines read): how many lines it read again. */
/* One cached pass with `opts`, then checked against a fresh pass: the questions it asked, and via *lines_read
   (when not NULL) how many lines it parsed. */
static int cached_pass(const CoreDoc *doc, const CoreOptions *opts, CoreDiagCache *cache, uint32_t *lines_read)
{
    StopAt s = {0, 0};
    CoreDiagList list;
    cr_assert_eq(core_diagnose_cached(doc, opts, cache, stop_at, &s, &list), 0);
    core_diag_list_free(&list);
    if (lines_read)
        *lines_read = core_diag_cache_lines_read(cache);
    assert_cached_is_fresh(doc, opts, cache, "after the cached pass");
    return s.asked;
}

static int questions_of_cached_pass(const CoreDoc *doc, CoreDiagCache *cache)
{
    return cached_pass(doc, NULL, cache, NULL);
}

Test(diagnose, cached_reads_again_only_the_edited_section)
{
    CoreDoc *doc = sections_doc(3000);
    CoreDiagCache *cache = core_diag_cache_new();
    int whole = questions_of_cached_pass(doc, cache);
    cr_assert_geq(whole, 20, "the first pass reads all 6,000 lines (%d questions)", whole);
    cr_assert_eq(questions_of_cached_pass(doc, cache), 0, "nothing changed: nothing is read");
    uint32_t issue = 8 + 3002 + 1; /* the Known Issues item */
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{issue, 2}, {issue, 2}}, "x", 1), 0);
    cr_assert_eq(questions_of_cached_pass(doc, cache), 0, "a one-line section is read again, not the others");
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{100, 2}, {100, 2}}, "x", 1), 0);
    int notes = questions_of_cached_pass(doc, cache);
    cr_assert(notes >= 10 && notes <= 12, "Notes alone is read again (%d questions)", notes);
    /* A line break above every section moves them all: each is read again, its lines having new numbers. */
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{1, 0}, {1, 0}}, "\n", 1), 0);
    cr_assert_geq(questions_of_cached_pass(doc, cache), whole);
    core_diag_cache_free(cache);
    core_doc_free(doc);
}

/* How many lines one cached pass with `opts` parsed (then checked against a fresh pass). */
static uint32_t lines_read_by_cached_pass(const CoreDoc *doc, const CoreOptions *opts, CoreDiagCache *cache)
{
    uint32_t read;
    cached_pass(doc, opts, cache, &read);
    return read;
}

/* lines_read_by_cached_pass after typing `text` at `line`:`col`. */
static uint32_t lines_read_after_typing(CoreDoc *doc, const CoreOptions *opts, CoreDiagCache *cache, uint32_t line,
                                        uint32_t col, const char *text)
{
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{line, col}, {line, col}}, text, strlen(text)), 0);
    return lines_read_by_cached_pass(doc, opts, cache);
}

Test(diagnose, a_keystroke_parses_only_the_line_it_changed)
{
    size_t cap = 6000 * 32 + 1024, len = 0;
    char *text = malloc(cap);
    len += (size_t)snprintf(text + len, cap - len, STATE "=== Notes ===\n");
    for (uint32_t i = 0; i < 3000; i++)
        len += (size_t)snprintf(text + len, cap - len, "- note %u\n", i);
    len += (size_t)snprintf(text + len, cap - len, "=== Key Decisions ===\n");
    for (uint32_t i = 0; i < 3000; i++)
        len += (size_t)snprintf(text + len, cap - len, "- decision %u\n", i);
    CoreDoc *doc = core_doc_new(text, len);
    free(text);
    CoreOptions opts;
    core_options_init(&opts);
    opts.max_lines = 0; /* no length finding, whose line is parsed when the token count moves */
    CoreDiagCache *cache = core_diag_cache_new();
    cr_assert_geq(lines_read_by_cached_pass(doc, &opts, cache), 6000, "the first pass parses every line");
    uint32_t first = lines_read_after_typing(doc, &opts, cache, 100, 2, "x");
    cr_assert_geq(first, 3000, "the first keystroke in Notes after Key Decisions parses its lines (%u)", first);
    uint32_t again = lines_read_after_typing(doc, &opts, cache, 100, 3, "y");
    cr_assert_eq(again, 1, "the next one in the same line parses that line (%u)", again);
    uint32_t other = lines_read_after_typing(doc, &opts, cache, 2000, 2, "z");
    cr_assert_eq(other, 1, "one in another line of Notes, that line (%u)", other);
    /* A line break moves the lines after it: those of Notes are parsed again (not those above it), and Key
       Decisions, whose lines all moved (what each line gave is kept for the last section read only). */
    uint32_t moved = lines_read_after_typing(doc, &opts, cache, 2900, 4, "\n");
    cr_assert(moved >= 3000 + 100 && moved < 3000 + 200, "the rest of Notes and Key Decisions (%u)", moved);
    uint32_t decisions = lines_read_after_typing(doc, &opts, cache, 5000, 4, "w");
    cr_assert_eq(decisions, 1, "Key Decisions was read last: a keystroke in it parses its line (%u)", decisions);
    uint32_t back = lines_read_after_typing(doc, &opts, cache, 100, 2, "v");
    cr_assert_geq(back, 3000, "and one back in Notes parses Notes (%u)", back);
    core_diag_cache_free(cache);
    core_doc_free(doc);
}

Test(diagnose, a_keystroke_in_a_log_entry_parses_that_line_and_the_duplicate_it_reports)
{
    const char *text = "# Log\n"
                       "## Session 1 — 2026-01-01\n"
                       "- a\n- b\n- b\n- None\n- <fill in>\n"
                       "## Session 2 — 2026-01-02\n"
                       "- c\n- d\n- e\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagCache *cache = core_diag_cache_new();
    lines_read_by_cached_pass(doc, NULL, cache);
    lines_read_after_typing(doc, NULL, cache, 2, 3, "x"); /* Session 2 was read last: Session 1's lines, its title */
    /* Also parsed: the duplicate's two lines, for its message, and the placeholder's line (a line that gave a
       finding keeps nothing); the None among items comes from what its line gave. */
    uint32_t again = lines_read_after_typing(doc, NULL, cache, 2, 4, "y");
    cr_assert_eq(again, 1 + 2 + 1, "the line typed in, the duplicate's two, the placeholder's (%u)", again);
    uint32_t other = lines_read_after_typing(doc, NULL, cache, 9, 3, "z");
    cr_assert_geq(other, 4, "a keystroke in Session 2 parses its lines (%u)", other);
    other = lines_read_after_typing(doc, NULL, cache, 9, 4, "z");
    cr_assert_eq(other, 1, "and the next one that line (%u)", other);
    core_diag_cache_free(cache);
    core_doc_free(doc);
}

Test(diagnose, a_stopped_cached_pass_keeps_the_sections_it_finished)
{
    CoreDoc *doc = sections_doc(3000);
    CoreDiagCache *cache = core_diag_cache_new();
    CoreDiagList list = {0};
    StopAt s = {0, 15}; /* past Notes (~11 questions), inside Key Decisions */
    cr_assert_eq(core_diagnose_cached(doc, NULL, cache, stop_at, &s, &list), CORE_ECANCELED);
    cr_assert_eq(list.count, 0);
    int rest = questions_of_cached_pass(doc, cache);
    cr_assert(rest >= 10 && rest <= 12, "only Key Decisions is read again (%d questions)", rest);
    core_diag_cache_free(cache);
    core_doc_free(doc);
}

Test(diagnose, cached_follows_the_options)
{
    const char *text = STATE "=== Known Issues ===\nNone\n- a\n- <fill in>\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagCache *cache = core_diag_cache_new();
    CoreOptions opts;
    core_options_init(&opts);
    assert_cached_is_fresh(doc, &opts, cache, "defaults");
    opts.severity[CORE_DIAG_NONE_WITH_ITEMS] = CORE_SEV_ERROR;
    opts.severity[CORE_DIAG_PLACEHOLDER] = CORE_SEV_OFF;
    CoreDiagList list;
    cr_assert_eq(core_diagnose_cached(doc, &opts, cache, NULL, NULL, &list), 0);
    cr_assert_eq(list.count, 1, "the placeholder is off now");
    cr_assert_eq(list.items[0].severity, CORE_SEV_ERROR);
    core_diag_list_free(&list);
    assert_cached_is_fresh(doc, NULL, cache, "NULL options");
    core_diag_cache_free(cache);
    core_diag_cache_free(NULL);
    core_doc_free(doc);
}

/* One step of cached_length_finding_follows_what_it_says: an edit of the lines after the first 7 (or none), then
   the options the pass is made with. `move`: the edit moves line 10's third byte to the end of line 9 instead. */
struct LengthStep {
    bool edit, move;
    uint32_t line, col, end_line, end_col; /* counted from line 7 */
    const char *text;
    uint32_t max_lines;
    int severity; /* of file-too-long; -1: the default */
    bool no_options;
    const char *what;
};

static const struct LengthStep length_steps[] = {
    {false, false, 0, 0, 0, 0, NULL, 9, -1, false, "as opened"},
    {true, false, 2, 2, 2, 2, "xyz", 9, -1, false, "the line past the limit grows"},
    {true, false, 2, 2, 2, 5, "", 9, -1, false, "and shrinks back"},
    {true, true, 0, 0, 0, 0, NULL, 9, -1, false, "it grows by a byte its next line loses"},
    {true, false, 1, 2, 1, 2, "a", 9, -1, false, "a byte more"},
    {true, false, 1, 2, 1, 2, "abcd", 9, -1, false, "a token more"},
    {true, false, 4, 0, 5, 0, "", 9, -1, false, "a line less"},
    {true, false, 4, 0, 4, 0, "- new\n", 9, -1, false, "a line more"},
    {false, false, 0, 0, 0, 0, NULL, 8, -1, false, "another limit"},
    {false, false, 0, 0, 0, 0, NULL, 8, CORE_SEV_ERROR, false, "its severity set"},
    {false, false, 0, 0, 0, 0, NULL, 0, -1, true, "no options"},
    {false, false, 0, 0, 0, 0, NULL, 9, -1, false, "the limit again"},
};

/*
 * The file-too-long finding a cached pass copies from the last one is the one a fresh pass makes, in the template
 * and in a log, after each edit and change of options in turn on one cache.
 */
Test(diagnose, cached_length_finding_follows_what_it_says)
{
    const char *heads[] = {STATE "=== Notes ===\n", "# Log\n## Session 1 — 2026-01-01\n### Notes\n- a\n- b\n- c\n- d\n"};
    for (int h = 0; h < 2; h++) {
        char text[512];
        snprintf(text, sizeof text, "%s- g\n- h\n- ijk\n- l\n- m\n- n\n", heads[h]);
        CoreDoc *doc = core_doc_new(text, strlen(text));
        CoreDiagCache *cache = core_diag_cache_new();
        for (size_t i = 0; i < sizeof length_steps / sizeof length_steps[0]; i++) {
            const struct LengthStep *st = &length_steps[i];
            size_t len9, len10;
            core_doc_line(doc, 9, &len9);
            char moved[8] = {core_doc_line(doc, 10, &len10)[2], '\n', '-', ' ', '\0'};
            if (st->move)
                cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{9, (uint32_t)len9}, {10, 3}}, moved, 4), 0);
            else if (st->edit)
                cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8,
                                           (CoreRange){{7 + st->line, st->col}, {7 + st->end_line, st->end_col}},
                                           st->text, strlen(st->text)),
                             0);
            CoreOptions opts;
            core_options_init(&opts);
            opts.max_lines = st->max_lines;
            if (st->severity >= 0)
                opts.severity[CORE_DIAG_FILE_TOO_LONG] = (int8_t)st->severity;
            char where[96];
            snprintf(where, sizeof where, "%s: %s", h ? "log" : "template", st->what);
            assert_cached_is_fresh(doc, st->no_options ? NULL : &opts, cache, where);
            CoreDiagList list;
            cr_assert_eq(core_diagnose(doc, st->no_options ? NULL : &opts, &list), 0);
            bool found = false;
            for (size_t d = 0; d < list.count; d++)
                found |= list.items[d].code == CORE_DIAG_FILE_TOO_LONG;
            core_diag_list_free(&list);
            cr_assert(found || st->no_options, "%s: the file is too long (else the test proves nothing)", where);
        }
        core_diag_cache_free(cache);
        core_doc_free(doc);
    }
}
