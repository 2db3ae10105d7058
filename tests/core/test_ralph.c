/* test_ralph.c — Ralph's log against its evidence: the append-only comparison, prd.json's stories, branch, patterns. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

/* Inline arrays, not pointers: Criterion runs each case in a fresh process. */
typedef struct {
    char name[48];
    char base[400];     /* the committed text */
    char now[400];      /* the working copy */
    char expected[120]; /* each rewrite as "line+count<old_line+old_count;" (0-based), in order */
} RewriteCase;

#define PATTERNS "# Ralph Progress Log\nStarted: 2026-01-05\n\n## Codebase Patterns\n- use zod\n\n---\n\n"
#define E1 "## 2026-01-05 10:00 - US-001\n- Added login\n- Files changed: src/a.ts\n---\n"
#define E2 "## 2026-01-05 11:30 - US-002\n- Added logout\n---\n"

ParameterizedTestParameters(rewrites, table)
{
    static RewriteCase cases[] = {
        {"same text", PATTERNS E1, PATTERNS E1, ""},
        {"appended", PATTERNS E1, PATTERNS E1 E2, ""},
        {"appended without final newline", "a\nb\n", "a\nb\nc", ""},
        {"final newline dropped", "a\nb\n", "a\nb", ""},
        {"CRLF kept", "a\r\nb\r\n", "a\r\nb\r\nc\r\n", ""},
        {"empty base", "", "a\n", ""},
        {"one line changed", PATTERNS E1 E2, PATTERNS "## 2026-01-05 10:00 - US-001\n- Added login form\n"
                                             "- Files changed: src/a.ts\n---\n" E2, "9+1<9+1;"},
        {"changed and appended", PATTERNS E1, PATTERNS "## 2026-01-05 10:00 - US-001\n- Added signup\n"
                                              "- Files changed: src/a.ts\n---\n" E2, "9+1<9+1;"},
        {"one line removed", PATTERNS E1 E2, PATTERNS "## 2026-01-05 10:00 - US-001\n- Files changed: src/a.ts\n"
                                             "---\n" E2, "9+0<9+1;"},
        {"an entry removed", PATTERNS E1 E2, PATTERNS E2, "8+0<8+4;"},
        {"the last line changed", "a\nb\nc\n", "a\nb\nC\nd\n", "2+1<2+1;"},
        {"the last lines removed", "a\nb\nc\n", "a\n", "1+0<1+2;"},
        {"inserted between entries", PATTERNS E1 E2, PATTERNS E1 "- a note\n" E2, ""},
        {"patterns edited in place", PATTERNS E1, "# Ralph Progress Log\nStarted: 2026-01-05\n\n## Codebase Patterns\n"
                                               "- use zod for every schema\n- prefer pnpm\n\n---\n\n" E1, ""},
        {"patterns added at the top", "# Ralph Progress Log\nStarted: 2026-01-05\n---\n\n" E1,
         "# Ralph Progress Log\nStarted: 2026-01-05\n---\n\n## Codebase Patterns\n- use zod\n\n---\n\n" E1, ""},
        {"a rule and a blank changed", "a\n---\n\nb\n", "a\n***\nb\n", "1+1<1+2;"},
        {"two separate rewrites", "t1\nx\nt2\ny\nt3\n", "t1\nX\nt2\nt3\nz\n", "1+1<1+1;3+0<3+1;"},
        {"all replaced", "a\nb\n", "c\nd\ne\n", "0+2<0+2;"},
        {"removed before a repeated rule", "t\nx\ny\n---\n", "t\nx\n---\n\nt2\n---\n", "2+0<2+1;"},
        {"changed before repeated lines", "a\n-\n-\nb\n-\n", "a\n-\n-\nB\n-\nc\n-\n", "3+1<3+1;"},
    };
    return cr_make_param_array(RewriteCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(RewriteCase *c, rewrites, table)
{
    CoreDoc *doc = core_doc_new(c->now, strlen(c->now));
    CoreRewriteList rw;
    cr_assert_eq(core_log_rewrites(c->base, strlen(c->base), doc, &rw), 0);
    char got[200] = "";
    for (size_t i = 0; i < rw.count; i++) {
        char one[48];
        snprintf(one, sizeof one, "%u+%u<%u+%u;", rw.items[i].line, rw.items[i].count, rw.items[i].old_line,
                 rw.items[i].old_count);
        strcat(got, one);
    }
    cr_expect_str_eq(got, c->expected, "%s", c->name);
    core_rewrite_list_free(&rw);
    core_doc_free(doc);
}

static const CoreStory story_list[] = {
    {"US-001", "Login form", 1, true, 4},
    {"US-002", "Logout", 2, true, 10},
    {"US-003", "Password reset", 3, true, 16},
    {"US-004", "Audit log", 4, false, 22},
};
static const char *const subjects[] = {"feat: [US-003] - Password reset", "chore: bump"};

static CoreEvidence ralph_evidence(void)
{
    CoreEvidence ev = {.stories = true, .append_only = true, .git = true, .branch = "ralph/auth",
                       .subjects_known = true, .subjects = subjects, .subject_count = 2, .prd_state = CORE_FEATURES_READ,
                       .prd_path = "scripts/ralph/prd.json", .prd_branch = "ralph/auth", .story_list = story_list,
                       .story_count = 4};
    return ev;
}

/* The findings as "code@line;" (0-based lines), in order. */
static void codes_at(const CoreDiagList *list, char *got, size_t cap)
{
    got[0] = '\0';
    for (size_t i = 0; i < list->count; i++) {
        size_t at = strlen(got);
        snprintf(got + at, cap - at, "%s@%u;", core_diag_code_name(list->items[i].code), list->items[i].range.start.line);
    }
}

/* The evidence findings of `text` (the document is gone after: the findings own their messages). */
static CoreDiagList diagnose(const char *text, const CoreEvidence *ev)
{
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreDiagList list = {0};
    cr_assert_eq(core_evidence_diagnose(doc, ev, NULL, &list), 0);
    core_doc_free(doc);
    return list;
}

typedef struct {
    char name[48];
    char text[400];
    char branch[24];
    char base[400];     /* HEAD's text; "" = not committed */
    char expected[160]; /* each finding as "code@line;" in order */
} StoryCase;

ParameterizedTestParameters(stories, table)
{
    static StoryCase cases[] = {
        {"all logged or committed", PATTERNS E1 E2, "ralph/auth", "", ""},
        {"US-002 neither logged nor committed", PATTERNS E1, "ralph/auth", "",
         "story-without-evidence@0;"},
        {"named in prose only", PATTERNS E1 "- US-002 was hard\n", "ralph/auth", "", "story-without-evidence@0;"},
        {"unknown story", PATTERNS E1 E2 "## 2026-01-06 - US-009\n- x\n", "ralph/auth", "", "unknown-story@15;"},
        {"an id of another shape is no story", PATTERNS E1 E2 "## 2026-01-06 - JIRA-12 follow-up\n", "ralph/auth", "",
         ""},
        {"another branch", PATTERNS E1 E2, "main", "", "branch-mismatch@0;"},
        {"patterns below an entry", "# Ralph Progress Log\n\n" E1 "\n## Codebase Patterns\n- use zod\n" E2,
         "ralph/auth", "", "patterns-not-first@7;"},
        {"an earlier line rewritten", PATTERNS "## 2026-01-05 10:00 - US-001\n- Added the login\n"
                                              "- Files changed: src/a.ts\n---\n" E2,
         "ralph/auth", PATTERNS E1, "log-rewritten@9;"},
        {"appended after HEAD", PATTERNS E1 E2, "ralph/auth", PATTERNS E1, ""},
        {"a line removed before the rule", PATTERNS "## 2026-01-05 10:00 - US-001\n- Added login\n---\n" E2,
         "ralph/auth", PATTERNS E1, "log-rewritten@10;"},
    };
    return cr_make_param_array(StoryCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(StoryCase *c, stories, table)
{
    CoreEvidence ev = ralph_evidence();
    ev.branch = c->branch;
    ev.has_head_text = c->base[0] != '\0';
    ev.head_text = c->base;
    ev.head_len = strlen(c->base);
    CoreDiagList list = diagnose(c->text, &ev);
    char got[400];
    codes_at(&list, got, sizeof got);
    cr_expect_str_eq(got, c->expected, "%s", c->name);
    core_diag_list_free(&list);
}

Test(stories, messages_name_the_evidence)
{
    CoreEvidence ev = ralph_evidence();
    CoreDiagList list = diagnose(PATTERNS E1, &ev);
    cr_assert_eq(list.count, 1);
    cr_expect_str_eq(list.items[0].message,
                     "scripts/ralph/prd.json marks US-002 (Logout) as passing, but no entry of this log and no "
                     "commit names it");
    cr_assert_eq(list.items[0].more_count, 1);
    cr_expect_str_eq(list.items[0].more[0].path, "scripts/ralph/prd.json");
    cr_expect_eq(list.items[0].more[0].range.start.line, 10);
    core_diag_list_free(&list);
}

Test(stories, invalid_prd_is_one_finding)
{
    CoreEvidence ev = {.stories = true, .append_only = true, .prd_state = CORE_FEATURES_MALFORMED,
                       .prd_path = "prd.json", .prd_error = "not valid JSON: end of file expected near ','",
                       .prd_error_line = 3};
    CoreDiagList list = diagnose(PATTERNS E1, &ev);
    cr_assert_eq(list.count, 1);
    cr_expect_eq(list.items[0].code, CORE_DIAG_INVALID_PRD);
    cr_expect_str_eq(list.items[0].message,
                     "prd.json cannot be checked: not valid JSON: end of file expected near ',' (line 4)");
    core_diag_list_free(&list);
}

Test(stories, rewrite_message_quotes_head)
{
    const char *base = "# Log\nkept\nold words\n";
    CoreEvidence ev = {.append_only = true, .git = true, .prd_state = CORE_FEATURES_READ, .has_head_text = true,
                       .head_text = base, .head_len = strlen(base)};
    CoreDiagList list = diagnose("# Log\nkept\nnew words\nmore\n", &ev);
    cr_assert_eq(list.count, 1);
    cr_expect_eq(list.items[0].code, CORE_DIAG_LOG_REWRITTEN);
    cr_expect_eq(list.items[0].range.start.line, 2);
    cr_expect_str_eq(list.items[0].message, "This log is append-only: line 3 was changed since the last commit (HEAD "
                                            "has \"old words\"); add new lines after it instead");
    core_diag_list_free(&list);
}

Test(stories, no_prd_no_ralph_checks)
{
    const char *base = "a\nb\n";
    CoreEvidence ev = {.stories = true, .append_only = true, .git = true, .has_head_text = true, .head_text = base,
                       .head_len = 4};
    CoreDiagList list = diagnose("a\nB\n", &ev);
    cr_expect_eq(list.count, 0);
    core_diag_list_free(&list);
}

Test(stories, not_called_unproven_before_git_has_spoken)
{
    CoreEvidence ev = ralph_evidence();
    ev.subjects_known = false; /* the first git refresh has not ended */
    CoreDiagList list = diagnose(PATTERNS E1, &ev);
    cr_expect_eq(list.count, 0);
    core_diag_list_free(&list);
}

/* A markdown or plain log against git and feature_list.json: the newest entry is what the file says now. */
static const char *const log_changed[] = {"claude-progress.txt", "src/cart.py", "src/checkout.py"};

typedef struct {
    char name[48];
    char text[400];
    char expected[200];
} LogCase;

#define S1 "# Progress\n\n## Session 1 — 2026-11-28\n- Cart (src/cart.py)\n- Status: 1/4 features passing\n\n"

ParameterizedTestParameters(logs, newest_entry)
{
    static LogCase cases[] = {
        {"an older entry's path lists nothing now", S1 "## Session 2 — 2026-11-30\n- Status: 2/4 features passing\n",
         "unlisted-changes@6;stale-progress@6;"},
        {"the newest entry lists them", S1 "## Session 2 — 2026-11-30\n- Touched src/cart.py, src/checkout.py\n"
                                           "- 2/4 features passing\n",
         "stale-progress@6;"},
        {"the newest count, not an older one", S1 "## Session 2 — 2026-11-30\n- src/cart.py src/checkout.py\n"
                                                  "- Status: 3/4 features passing\n",
         "stale-progress@6;feature-count-mismatch@8;"},
        {"next steps none claims completion", S1 "## Session 2 — 2026-11-30\n- src/cart.py src/checkout.py\n"
                                                 "- 2/4 features passing\n### Next Steps\n- None\n",
         "stale-progress@6;claims-complete@10;"},
        {"dates running downward", "# Progress\n\n## Session 2 — 2026-11-30\n- src/cart.py, src/checkout.py\n"
                                   "- 2/4 tests passing\n\n## Session 1 — 2026-11-28\n- all tests passing\n",
         "stale-progress@2;"},
        {"plain log titles", "=== Session 2026-11-28 ===\nDid src/cart.py\n\n=== Session 2026-11-30 ===\n"
                             "STATUS: 1/4 features passing\n",
         "unlisted-changes@3;stale-progress@3;feature-count-mismatch@4;"},
    };
    return cr_make_param_array(LogCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(LogCase *c, logs, newest_entry)
{
    CoreEvidence ev = {.changed_files = true, .commits = true, .staleness = true, .features = true, .now = 100000,
                       .git = true, .has_base = true, .base_time = 90000, .self = "claude-progress.txt",
                       .changed = log_changed, .changed_count = 3, .changed_total = 3, .commits_after = 1,
                       .first_after_time = 95000, .feature_state = CORE_FEATURES_READ, .feature_total = 4,
                       .feature_passing = 2};
    CoreDiagList list = diagnose(c->text, &ev);
    char got[400];
    codes_at(&list, got, sizeof got);
    cr_expect_str_eq(got, c->expected, "%s: %s", c->name, got);
    core_diag_list_free(&list);
}
