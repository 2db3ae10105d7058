/* test_tokens.c — the semantic tokens of one line, by example: what each span of a line is, in its section. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "progress/core.h"
#include "progress/tokens.h"

typedef struct {
    char section[32]; /* the header above the line, "" for none */
    char line[96];
    char want[200];   /* `type[+modifier…]:text` for each token, space-separated */
} TokenCase;

ParameterizedTestParameters(tokens, line)
{
    static TokenCase cases[] = {
        {"", "=== Files Modified ===", "header:===  sectionName:Files Modified header: ==="},
        {"", "=== Scratch ===", "header:===  sectionName+deprecated:Scratch header: ==="},
        {"Session State", "Next task:", "fieldKey+missing:Next task"},
        {"Session State", "Nxt task: b", "fieldKey+deprecated:Nxt task"},
        {"Session State", "Complexity level: large (auth)", "fieldKey:Complexity level level:large"},
        {"Session State", "Complexity level: Enormous", "fieldKey:Complexity level"},
        {"Session State", "Current phase: Phase 3/5 - build", "fieldKey:Current phase phase:3 phase:5"},
        {"Session State", "- Last completed: login (3f2a9c1)", "fieldKey:Last completed commitHash:3f2a9c1"},
        {"Files To Modify", "- [ ] `src/a.py:12`, `b.py` (create) — both",
         "statusMark+open:[ ] path+open:src/a.py path+open:b.py annotation:(create)"},
        {"Files Modified", "✅ src/a.py", "statusMark+done:✅ path+done:src/a.py"},
        {"Interfaces Defined", "- `def gen(a: int) -> str`", "interfaceName+declaration:gen"},
        {"Notes", "- ~~old idea~~", "statusMark+deprecated:~~ statusMark+deprecated:~~"},
        {"Notes", "- 🚧 wip [describe it]", "statusMark:🚧 placeholder+missing:[describe it]"},
        {"Notes", "fixed in abc1234def.", "commitHash:abc1234def"},
        {"Notes", "src/abc1234.py, deadbeef and 1234567", ""},
        {"Notes", "None", ""},
        {"Notes", "- [x] Cart (commit: abc1234)", "statusMark+done:[x] annotation:(commit:  commitHash:abc1234 annotation:)"},
        {"", "text before any header [x]", "statusMark+done:[x]"},
        /* a log's headings and entry titles: marks, name, date and story id; never "deprecated" */
        {"", "## Session 3 — 2026-11-30", "header:## sectionName:Session 3 —  date:2026-11-30"},
        {"", "=== END ===", "header:===  sectionName+deprecated:END header: ==="},
        {"", "## 2026-01-05 10:00 - US-001", "header:## date:2026-01-05 10:00 sectionName: -  storyId:US-001"},
        {"", "### Next Steps", "header:### sectionName:Next Steps"},
        {"", "=== ITERATION 42 | 2026-03-12 04:20 UTC ===",
         "header:=== sectionName:ITERATION 42 |  date:2026-03-12 04:20 sectionName: UTC header:==="},
    };
    return cr_make_param_array(TokenCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(TokenCase *c, tokens, line)
{
    char text[200];
    snprintf(text, sizeof text, "%s%s%s%s\n", c->section[0] ? "=== " : "", c->section, c->section[0] ? " ===\n" : "",
             c->line);
    uint32_t line = c->section[0] ? 1 : 0;
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreToken tok[CORE_LINE_TOKENS_MAX];
    uint32_t n = core_line_tokens(doc, line, tok);
    size_t len;
    const char *s = core_doc_line(doc, line, &len);
    char got[400] = "";
    for (uint32_t i = 0; i < n; i++) {
        cr_assert_leq(tok[i].col + tok[i].len, len);
        if (i)
            cr_assert_geq(tok[i].col, tok[i - 1].col + tok[i - 1].len, "in order, no overlap");
        size_t at = strlen(got);
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%s", i ? " " : "", core_token_type_name(tok[i].type));
        for (uint32_t b = 0; b < CORE_TOKEN_MOD_COUNT; b++)
            if (tok[i].mods & (1u << b))
                at += (size_t)snprintf(got + at, sizeof got - at, "+%s", core_token_modifier_name(b));
        snprintf(got + at, sizeof got - at, ":%.*s", (int)tok[i].len, s + tok[i].col);
    }
    cr_expect_str_eq(got, c->want, "%s: got \"%s\"", c->line, got);
    core_doc_free(doc);
}

/* A line's stamp changes when the line is read again, and when its role changes under an edit above it. */
Test(tokens, stamps)
{
    const char *text = "=== Notes ===\n- a\n  - b\n- c\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    uint32_t s1 = core_doc_line_stamp(doc, 1), s2 = core_doc_line_stamp(doc, 2), s3 = core_doc_line_stamp(doc, 3);
    cr_assert(s1 && s2 && s3 && s1 != s2 && s2 != s3);
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{3, 1}, {3, 1}}, "x", 1);
    cr_expect_eq(core_doc_line_stamp(doc, 1), s1, "untouched");
    cr_expect_eq(core_doc_line_stamp(doc, 2), s2, "untouched");
    cr_expect_neq(core_doc_line_stamp(doc, 3), s3, "edited");
    /* Indenting line 1 makes line 2 no longer deeper than the item above it: its role changes, so does its stamp. */
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{1, 0}, {1, 0}}, "    ", 4);
    cr_expect_neq(core_doc_line_stamp(doc, 2), s2, "role changed");
    cr_expect_eq(core_doc_line_stamp(doc, 99), 0, "past the end");
    core_doc_free(doc);
}
