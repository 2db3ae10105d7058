/* test_log.c — the dialect model (progress/log.h): recognition, blocks, the newest entry and the current state, kept while typing. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"
#include "progress/log.h"

/* Inline text: Criterion runs each case in a process of its own, where another's pointers mean nothing. */
typedef struct {
    char text[300];
    CoreDialect dialect;
    int32_t newest_line;   /* the newest entry's first line, -1 for none */
    char next[40];         /* the current state's next task, "" for none */
    char blockers[40];     /* its blockers, "" for none */
    bool blockers_none;
} DialectCase;

static char *part_text(const CoreDoc *doc, const CoreStatePart *p)
{
    if (!p->has)
        return NULL;
    const char *s = core_doc_line(doc, p->value.start.line, NULL) + p->value.start.col;
    size_t n = p->value.end.col - p->value.start.col;
    char *copy = malloc(n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

ParameterizedTestParameters(log, dialect_newest_state)
{
    static DialectCase cases[] = {
        /* the template: Session State is the state, no entries */
        {"=== Session State ===\nLast completed: a\nNext task: Printer\nBlockers: None\n", CORE_DIALECT_TEMPLATE, -1,
         "Printer", "None", true},
        /* a template with a log appended below it stays the template */
        {"=== Session State ===\nNext task: X\n\n## Session 4 — 2026-01-02\n- did y\n", CORE_DIALECT_TEMPLATE, -1, "X",
         "", false},
        /* misspelled template headers are still the template being written */
        {"=== Sesion State ===\nNext task: X\n", CORE_DIALECT_TEMPLATE, -1, "", "", false},
        /* a markdown log, dates running up: the last is the newest; `### Next Steps` is its next task */
        {"# Log\n\n## Session 1 — 2026-01-01\n### Next Steps\n- old\n\n## Session 2 — 2026-01-05\n"
         "### Completed\n- parser\n### Next Steps\n- printer\n- docs\n### Blockers\nNone\n",
         CORE_DIALECT_MARKDOWN, 6, "printer", "None", true},
        /* dates running down: the first is the newest */
        {"# Log\n\n## 2026-03-02\n**Next task:** ship it\n\n## 2026-03-01\n**Next task:** write it\n",
         CORE_DIALECT_MARKDOWN, 2, "ship it", "", false},
        /* CAPS labels, and a `Blockers:` with a list */
        {"# Progress\n## Session 7\nNEXT TASK: wire the cache\nBlockers:\n- staging DB down\n", CORE_DIALECT_MARKDOWN, 1,
         "wire the cache", "staging DB down", false},
        /* numbered sessions without dates: the highest number */
        {"# Log\n## Session 9: nine\nNext: a\n## Session 10: ten\nNext: b\n## Notes\n- n\n", CORE_DIALECT_MARKDOWN, 3,
         "b", "", false},
        /* Ralph: Codebase Patterns, then append-only entries naming stories */
        {"# Ralph Progress Log\n## Codebase Patterns\n- use x\n\n## 2026-01-10 14:00 - US-001\n- Files changed: a.py\n"
         "---\n## 2026-01-11 09:00 - US-002\n- **Learnings for future iterations:**\n  - y\n---\n",
         CORE_DIALECT_RALPH, 7, "", "", false},
        /* a plain log of `=== Session … ===` entries, a late END banner */
        {"=== Session 2026-02-20 08:29 ===\nNEXT: a\n\n=== Session 2026-02-21 10:00 ===\nNEXT: b\nBLOCKERS: none\n"
         "=== END ===\n",
         CORE_DIALECT_PLAIN_LOG, 3, "b", "none", true},
        /* one-line entries `[date] …` */
        {"[2026-02-13 11:18:55 UTC] started\n[2026-02-13 12:00:00 UTC] tests pass\n", CORE_DIALECT_PLAIN_LOG, 1, "", "",
         false},
        /* `--- Session N: title ---` */
        {"--- Session 1: setup ---\nStatus: ok\n--- Session 2: parser ---\nStatus: 45/200 features passing\nNext task: c\n",
         CORE_DIALECT_PLAIN_LOG, 2, "c", "", false},
        /* nothing structured: a plain file without entries, read whole */
        {"notes\nNext task: read the spec\n", CORE_DIALECT_PLAIN_LOG, -1, "", "", false},
        /* a heading inside a code fence is code */
        {"# Log\n## 2026-01-01\n```bash\n# install\n## 2027-01-01\n```\nNext: x\n", CORE_DIALECT_MARKDOWN, 1, "x", "",
         false},
        /* a byte order mark is read as nothing */
        {"\xEF\xBB\xBF=== Session State ===\nNext task: bom\n", CORE_DIALECT_TEMPLATE, -1, "bom", "", false},
    };
    return cr_make_param_array(DialectCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(DialectCase *c, log, dialect_newest_state)
{
    CoreDoc *doc = core_doc_new(c->text, strlen(c->text));
    cr_assert_eq(core_doc_dialect(doc), c->dialect, "dialect %s in\n%s", core_dialect_name(core_doc_dialect(doc)), c->text);
    CoreState st;
    cr_assert_eq(core_doc_state(doc, &st), 0);
    int32_t newest = core_doc_newest_entry(doc);
    CoreBlock b;
    cr_assert_eq(newest >= 0 ? (int32_t)(core_doc_block(doc, (uint32_t)newest, &b), b.line) : -1, c->newest_line,
                 "newest entry in\n%s", c->text);
    char *next = part_text(doc, &st.next), *blockers = part_text(doc, &st.blockers);
    cr_assert_str_eq(next ? next : "", c->next, "next \"%s\" in\n%s", next ? next : "(none)", c->text);
    cr_assert_str_eq(blockers ? blockers : "", c->blockers, "blockers \"%s\" in\n%s", blockers ? blockers : "(none)",
                     c->text);
    cr_assert_eq(st.blockers_none, c->blockers_none, "blockers none in\n%s", c->text);
    free(next);
    free(blockers);
    core_doc_free(doc);
}

/* Typing a template header into a markdown log makes it a template; deleting it makes it a log again. */
Test(log, dialect_follows_typing)
{
    const char *text = "# Log\n## 2026-01-01\n- a\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    cr_assert_eq(core_doc_dialect(doc), CORE_DIALECT_MARKDOWN);
    cr_assert_eq(core_doc_section_count(doc), 2);
    const char *header = "=== Session State ===\n";
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{0, 0}, {0, 0}}, header, strlen(header));
    cr_assert_eq(core_doc_dialect(doc), CORE_DIALECT_TEMPLATE);
    cr_assert_eq(core_doc_section_count(doc), 1);
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{0, 0}, {1, 0}}, "", 0);
    cr_assert_eq(core_doc_dialect(doc), CORE_DIALECT_MARKDOWN);
    cr_assert_eq(core_doc_section_count(doc), 2);
    /* a fence typed above a heading hides it; closing the fence shows it again */
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{1, 0}, {1, 0}}, "```\n", 4);
    cr_assert_eq(core_doc_section_count(doc), 1);
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{2, 0}, {2, 0}}, "```\n", 4);
    cr_assert_eq(core_doc_section_count(doc), 2);
    core_doc_free(doc);
}

/* Blocks nest by level: parents, subtree ends, entries. */
Test(log, blocks_nest_by_level)
{
    const char *text = "# Log\n## Session 1 — 2026-01-01\n### Files Modified\n- `a.py`\n## US-002 2026-01-02\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    cr_assert_eq(core_doc_section_count(doc), 4);
    CoreBlock b[4];
    for (uint32_t i = 0; i < 4; i++)
        cr_assert_eq(core_doc_block(doc, i, &b[i]), 0);
    cr_assert_eq(b[0].parent, -1);
    cr_assert_eq(b[0].subtree_end, core_doc_line_count(doc));
    cr_assert_eq(b[1].parent, 0);
    cr_assert(b[1].is_entry && b[1].has_date && b[1].number == 1);
    cr_assert_eq(b[1].subtree_end, 4);
    cr_assert_eq(b[2].parent, 1);
    cr_assert_eq(b[2].kind, CORE_SECTION_FILES_MODIFIED);
    cr_assert_eq(b[2].label, CORE_LABEL_FILES_MODIFIED);
    cr_assert(!b[2].is_entry);
    cr_assert(b[3].is_entry && b[3].has_story);
    CorePathRef refs[4];
    cr_assert_eq(core_doc_item_paths(doc, 3, refs, 4), 1);
    cr_assert_eq(refs[0].path.start.col, 3);
    cr_assert_eq(refs[0].path.end.col, 7);
    core_doc_free(doc);
}

/* Paths in any list: `Files changed: a.py, src/b.c` and backticked ones; URLs and prose are no paths. */
Test(log, item_paths_anywhere)
{
    const char *text = "# Log\n## 2026-01-01\n- Files changed: a.py, src/b.c\n- see https://x.org/a.py e.g. this\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CorePathRef refs[4];
    cr_assert_eq(core_doc_item_paths(doc, 2, refs, 4), 2);
    cr_assert_eq(core_doc_item_paths(doc, 3, refs, 4), 0);
    core_doc_free(doc);
}
