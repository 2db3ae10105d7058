/* test_archive.c — keeping a log compact: lines moved into the archive text and deleted, nothing lost, nothing doubled. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edits_apply.h"
#include "progress/core.h"

/* Inline arrays, not pointers: Criterion runs each case in a fresh process. */
typedef struct {
    char name[48];
    char text[200];
    CoreLineSpan spans[4];
    size_t count;
    char archive[200]; /* the archive text */
    char kept[200];    /* the document after the deletions */
    size_t edits;      /* how many deletions */
} ArchiveCase;

ParameterizedTestParameters(archive, lines)
{
    static ArchiveCase cases[] = {
        {"one span at the top", "a\nb\nc\n", {{0, 1}}, 1, "a\n", "b\nc\n", 1},
        {"touching spans make one deletion", "a\nb\nc\nd\n", {{0, 1}, {1, 3}}, 2, "a\nb\nc\n", "d\n", 1},
        {"apart", "a\nb\nc\nd\n", {{0, 1}, {2, 3}}, 2, "a\nc\n", "b\nd\n", 2},
        {"the last line without terminator", "a\nb\nc", {{1, 3}}, 1, "b\nc\n", "a", 1},
        {"CRLF kept", "a\r\nb\r\nc\r\n", {{1, 2}}, 1, "b\r\n", "a\r\nc\r\n", 1},
        {"CRLF for the unterminated last line", "a\r\nb\r\nc", {{2, 3}}, 1, "c\r\n", "a\r\nb", 1},
        {"end clamped", "a\nb\n", {{1, 99}}, 1, "b\n", "a\n", 1},
        {"UTF-8 and blank lines", "# 日誌\n\n## 1\nж\n\n## 2\n", {{2, 5}}, 1, "## 1\nж\n\n", "# 日誌\n\n## 2\n", 1},
    };
    return cr_make_param_array(ArchiveCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ArchiveCase *c, archive, lines)
{
    CoreDoc *doc = core_doc_new(c->text, strlen(c->text));
    CoreArchive a;
    cr_assert_eq(core_archive_lines(doc, c->spans, c->count, &a), 0, "%s", c->name);
    cr_expect_str_eq(a.text, c->archive, "%s", c->name);
    cr_expect_eq(a.len, strlen(c->archive), "%s", c->name);
    cr_expect_eq(a.edit_count, c->edits, "%s", c->name);
    size_t len;
    char *kept = edits_apply(c->text, strlen(c->text), a.edits, a.edit_count, &len);
    cr_assert_not_null(kept, "%s", c->name);
    cr_expect_str_eq(kept, c->kept, "%s", c->name);
    free(kept);
    core_archive_free(&a);
    core_doc_free(doc);
}

Test(archive, spans_out_of_order_are_refused)
{
    const char *text = "a\nb\nc\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreArchive a;
    CoreLineSpan backwards[] = {{2, 3}, {0, 1}}, empty[] = {{1, 1}}, overlapping[] = {{0, 2}, {1, 3}};
    cr_expect_eq(core_archive_lines(doc, backwards, 2, &a), CORE_EINVAL);
    cr_expect_eq(core_archive_lines(doc, empty, 1, &a), CORE_EINVAL);
    cr_expect_eq(core_archive_lines(doc, overlapping, 2, &a), CORE_EINVAL);
    core_archive_free(NULL);
    core_doc_free(doc);
}

typedef struct {
    char name[48];
    char text[400];
    uint32_t keep;
    uint32_t entries;  /* how many move */
    char archive[300];
} EntriesCase;

#define PAT "# Ralph Progress Log\n\n## Codebase Patterns\n- zod\n\n---\n\n"
#define R(n) "## 2026-01-0" #n " 10:00 - US-00" #n "\n- did " #n "\n---\n\n"

ParameterizedTestParameters(archive, entries)
{
    static EntriesCase cases[] = {
        {"Ralph: the oldest move, the patterns stay", PAT R(1) R(2) R(3), 1, 2, R(1) R(2)},
        {"nothing older", PAT R(1) R(2), 2, 0, ""},
        {"downward dates: the bottom moves", "# Log\n\n## Session 3 — 2026-02-03\n- c\n\n## Session 2 — 2026-02-02\n"
                                             "- b\n\n## Session 1 — 2026-02-01\n- a\n",
         1, 2, "## Session 2 — 2026-02-02\n- b\n\n## Session 1 — 2026-02-01\n- a\n"},
        {"sub-headings move with their entry", "# Log\n## Session 1 — 2026-02-01\n### Completed\n- a\n"
                                               "## Session 2 — 2026-02-02\n### Completed\n- b\n",
         1, 1, "## Session 1 — 2026-02-01\n### Completed\n- a\n"},
        {"plain titles", "=== Session 2026-02-01 ===\na\n=== Session 2026-02-02 ===\nb\n=== Session 2026-02-03 ===\nc\n",
         2, 1, "=== Session 2026-02-01 ===\na\n"},
        {"the template has no entries", "=== Session State ===\nNext task: x\n\n=== Notes ===\n- a\n", 1, 0, ""},
    };
    return cr_make_param_array(EntriesCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(EntriesCase *c, archive, entries)
{
    CoreDoc *doc = core_doc_new(c->text, strlen(c->text));
    CoreArchive a;
    cr_assert_eq(core_archive_entries(doc, c->keep, &a), 0, "%s", c->name);
    cr_expect_eq(a.entries, c->entries, "%s: %u", c->name, a.entries);
    cr_expect_str_eq(a.text ? a.text : "", c->archive, "%s: %s", c->name, a.text ? a.text : "");
    if (a.entries) { /* lossless: the kept text and the archive hold every line once */
        size_t len;
        char *kept = edits_apply(c->text, strlen(c->text), a.edits, a.edit_count, &len);
        cr_assert_not_null(kept);
        cr_expect_eq(len + a.len, strlen(c->text) + (c->text[strlen(c->text) - 1] == '\n' ? 0 : 1), "%s", c->name);
        free(kept);
    }
    core_archive_free(&a);
    core_doc_free(doc);
}
