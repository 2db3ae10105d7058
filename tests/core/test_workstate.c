/* test_workstate.c — the file against its evidence: commit references, evidence diagnostics, hints, lenses, finish the task. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edits_apply.h"
#include "progress/core.h"
#include "progress/log.h"

#define SS                                                                                        \
    "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 2 of 4\n" \
    "Complexity level: Small\n\n"

typedef struct {
    char line[80];
    int kind;            /* a CoreCommitRefKind, or -1 for no reference */
    uint32_t start, end; /* the word's bytes */
} RefCase;

ParameterizedTestParameters(commit_refs, kinds)
{
    static RefCase cases[] = {
        {"Token service (commit: 4f9c2e1)", CORE_COMMIT_HASH, 23, 30},
        {"- done, commit: 4F9C2E1ABCDEF0123", CORE_COMMIT_HASH, 16, 33},
        {"Commit: `4f9c2e1`.", CORE_COMMIT_HASH, 9, 16},
        {"(commit: pending)", CORE_COMMIT_PENDING, 9, 16},
        {"commit: TBD", CORE_COMMIT_PENDING, 8, 11},
        {"commit: abc12", CORE_COMMIT_INVALID, 8, 13},
        {"commit: the login fix", -1, 0, 0},
        {"recommit: 4f9c2e1", -1, 0, 0},
        {"commit:", -1, 0, 0},
        {"commit: 0123456789012345678901234567890123456789a", CORE_COMMIT_INVALID, 8, 49},
    };
    return cr_make_param_array(RefCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(RefCase *c, commit_refs, kinds)
{
    char text[160];
    snprintf(text, sizeof text, "=== Notes ===\n%s\n", c->line);
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreCommitRefList refs;
    core_commit_refs(doc, &refs);
    if (c->kind < 0) {
        cr_expect_eq(refs.count, 0, "%s", c->line);
    } else {
        cr_assert_eq(refs.count, 1, "%s", c->line);
        cr_expect_eq(refs.items[0].kind, (CoreCommitRefKind)c->kind, "%s", c->line);
        cr_expect_eq(refs.items[0].range.start.line, 1);
        cr_expect_eq(refs.items[0].range.start.col, c->start, "%s", c->line);
        cr_expect_eq(refs.items[0].range.end.col, c->end, "%s", c->line);
        CoreCommitRef at;
        cr_expect_eq(core_commit_ref_at(doc, (CorePos){1, c->start + 1}, &at), 0);
    }
    core_commit_ref_list_free(&refs);
    core_doc_free(doc);
}

/* Sorted, as CoreEvidence says. */
static const char *const changed[] = {"notes/progress.txt", "src/a.py", "src/b.py", "src/sub/c.py"};
static const char *const session[] = {"src/a.py", "src/b.py"};
static const CoreCommit commits[] = {
    {"4f9c2e1000000000000000000000000000000000", "Ada", "Add tokens", 1000},
    {"4f9c2e2000000000000000000000000000000000", "Ada", "Other", 1000},
    {"aaaaaaa000000000000000000000000000000000", "Bob", "A very long subject that goes on and on past forty", 900},
};
static const char *const queried[] = {"4f9c2e", "aaaaaaa", "bbbbbbb"};

static CoreEvidence evidence(void)
{
    CoreEvidence ev = {.changed_files = true, .commits = true, .staleness = true, .features = true, .now = 100000,
                       .git = true, .has_base = true, .base_time = 100000 - 3 * 3600, .has_prev = true,
                       .self = "notes/progress.txt", .changed = changed, .changed_count = 4, .changed_total = 4,
                       .session = session, .session_count = 2, .commits_after = 2,
                       .first_after_time = 100000 - 2 * 86400, .commits_known = true, .queried = queried,
                       .queried_count = 3, .commit_list = commits, .commit_count = 3};
    return ev;
}

static int count_code(const CoreDiagList *l, CoreDiagCode code)
{
    int n = 0;
    for (size_t i = 0; i < l->count; i++)
        n += l->items[i].code == code;
    return n;
}

static const CoreDiag *find_code(const CoreDiagList *l, CoreDiagCode code)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].code == code)
            return &l->items[i];
    return NULL;
}

#define FILES SS "=== Files Modified ===\nsrc/a.py\nsrc/old.py\n\n=== Files To Modify ===\n- [x] src/sub/\n- src/d.py\n"

/* Which unlisted files are committed since the file's last commit and which are not yet (issue 23). */
typedef struct {
    char uncommitted[2][16]; /* sorted; "" ends the list */
    char message[160];
} KindCase;

ParameterizedTestParameters(evidence, unlisted_say_committed_or_not)
{
    static KindCase cases[] = {
        {{"", ""}, "2 files changed since this file was last committed are listed nowhere: src/b.py (committed), "
                   "src/e.py (committed)"},
        {{"src/b.py", ""}, "2 files changed since this file was last committed are listed nowhere: src/b.py "
                           "(uncommitted), src/e.py (committed)"},
        {{"src/b.py", "src/e.py"}, "2 files changed since this file was last committed are listed nowhere: src/b.py "
                                   "(uncommitted), src/e.py (uncommitted)"},
    };
    return cr_make_param_array(KindCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(KindCase *c, evidence, unlisted_say_committed_or_not)
{
    static const char *const files[] = {"src/a.py", "src/b.py", "src/e.py"};
    const char *open[2];
    size_t n = 0;
    for (size_t i = 0; i < 2 && c->uncommitted[i][0]; i++)
        open[n++] = c->uncommitted[i];
    const char *text = SS "=== Files Modified ===\nsrc/a.py\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreEvidence ev = evidence();
    ev.changed = files;
    ev.changed_count = ev.changed_total = 3;
    ev.uncommitted = open;
    ev.uncommitted_count = n;
    CoreDiagList list = {0};
    core_evidence_diagnose(doc, &ev, NULL, &list);
    const CoreDiag *u = find_code(&list, CORE_DIAG_UNLISTED_CHANGES);
    cr_assert(u);
    cr_expect_str_eq(u->message, c->message);
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(evidence, diagnostics)
{
    const char *text = FILES "\n=== Notes ===\n(commit: 4f9c2e1) (commit: 4f9c2e) (commit: bbbbbbb) (commit: ccccccc) commit: TBD\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreEvidence ev = evidence();
    CoreDiagList list = {0};
    core_evidence_diagnose(doc, &ev, NULL, &list);
    /* src/b.py is listed nowhere; src/sub/c.py is under the listed folder; the file itself is not reported. */
    const CoreDiag *u = find_code(&list, CORE_DIAG_UNLISTED_CHANGES);
    cr_assert(u);
    cr_expect_str_eq(u->message,
                     "1 file changed since this file was last committed is listed nowhere: src/b.py (committed)");
    cr_expect_eq(u->range.start.line, 7);
    cr_assert_eq(u->more_count, 1);
    cr_expect_str_eq(u->more[0].path, "src/b.py");
    /* src/old.py: not changed since P. */
    const CoreDiag *c = find_code(&list, CORE_DIAG_UNCHANGED_FILE);
    cr_assert(c);
    cr_expect_eq(c->range.start.line, 9);
    cr_expect_eq(count_code(&list, CORE_DIAG_UNCHANGED_FILE), 1);
    /* 4f9c2e is too short for a hash, bbbbbbb was looked up and not found, ccccccc not looked up yet. */
    cr_expect_eq(count_code(&list, CORE_DIAG_UNKNOWN_COMMIT), 2);
    cr_expect_eq(count_code(&list, CORE_DIAG_PENDING_COMMIT), 1);
    const CoreDiag *s = find_code(&list, CORE_DIAG_STALE_PROGRESS);
    cr_assert(s);
    cr_expect_str_eq(s->message, "2 commits since this file was last committed (the first 2 days ago): update it");
    cr_expect_eq(s->range.start.line, 0);
    core_diag_list_free(&list);

    /* A shallow clone calls no hash unknown (only the malformed one stays); no P: no unchanged-file; capped: summarised. */
    ev.shallow = true;
    ev.has_prev = false;
    ev.changed_total = 100000;
    core_evidence_diagnose(doc, &ev, NULL, &list);
    cr_expect_eq(count_code(&list, CORE_DIAG_UNKNOWN_COMMIT), 1);
    cr_expect_eq(count_code(&list, CORE_DIAG_UNCHANGED_FILE), 0);
    u = find_code(&list, CORE_DIAG_UNLISTED_CHANGES);
    cr_assert(u);
    cr_expect(strstr(u->message, "and 99996 more (too many to check one by one)"), "%s", u->message);
    core_diag_list_free(&list);

    /* No git at all: nothing. */
    ev = evidence();
    ev.git = false;
    core_evidence_diagnose(doc, &ev, NULL, &list);
    cr_expect_eq(list.count, 0);
    core_diag_list_free(&list);
    core_doc_free(doc);
}

/* What the document names, against a sorted changed list: files, folders with and without the slash, overlaps. */
typedef struct {
    char words[80];
    char unlisted[120]; /* expected, in the list's order, space-separated */
} UnlistedCase;

static const char *const many[] = {"README.md", "docs/guide.md", "feature_list.json", "progress.txt", "src/a.py",
                                   "src/ab.py", "src/b/c.py", "src/b/d/e.py", "src/bc.py", "zeta/z.c"};

ParameterizedTestParameters(evidence, unlisted)
{
    static UnlistedCase cases[] = {
        {"", "README.md docs/guide.md src/a.py src/ab.py src/b/c.py src/b/d/e.py src/bc.py zeta/z.c"},
        {"src/b/ src/b/d/e.py src/a.py", "README.md docs/guide.md src/ab.py src/bc.py zeta/z.c"},
        {"src/b/d/ src/b/", "README.md docs/guide.md src/a.py src/ab.py src/bc.py zeta/z.c"},
        {"src/b", "README.md docs/guide.md src/a.py src/ab.py src/bc.py zeta/z.c"},
        {"src/ docs/guide.md", "README.md zeta/z.c"},
        {"`./zeta/z.c`, README.md src/a.p src/ab.py.", "docs/guide.md src/a.py src/b/c.py src/b/d/e.py src/bc.py"},
        {"README.md zeta/ src/ docs/", ""},
    };
    return cr_make_param_array(UnlistedCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(UnlistedCase *c, evidence, unlisted)
{
    char text[160];
    snprintf(text, sizeof text, "=== Files Modified ===\n%s\n", c->words);
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreEvidence ev = evidence();
    ev.changed = many;
    ev.changed_count = ev.changed_total = sizeof many / sizeof many[0];
    ev.self = "progress.txt";
    ev.feature_path = "feature_list.json"; /* neither the file itself nor the feature list is reported */
    size_t count;
    const char **got = core_evidence_unlisted(doc, &ev, &count);
    char joined[160] = "";
    for (size_t i = 0; i < count; i++)
        snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i ? " " : "", got[i]);
    cr_expect_str_eq(joined, c->unlisted, "words: %s", c->words);
    /* The diagnostic names the same files, in the same order, as its related places. */
    CoreDiagList list = {0};
    core_evidence_diagnose(doc, &ev, NULL, &list);
    const CoreDiag *u = find_code(&list, CORE_DIAG_UNLISTED_CHANGES);
    if (!count) {
        cr_expect_null(u, "words: %s", c->words);
    } else {
        cr_assert(u);
        cr_assert_eq(u->more_count, count, "words: %s", c->words);
        for (size_t i = 0; i < count; i++)
            cr_expect_str_eq(u->more[i].path, got[i]);
        char head[40];
        snprintf(head, sizeof head, "%zu file%s changed", count, count == 1 ? "" : "s");
        cr_expect(strncmp(u->message, head, strlen(head)) == 0, "%s", u->message);
    }
    core_diag_list_free(&list);
    free(got);
    core_doc_free(doc);
}

Test(evidence, features)
{
    const char *text = SS "=== Notes ===\n45/200 features passing\nAll features complete\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreEvidence ev = {.features = true, .feature_state = CORE_FEATURES_READ, .feature_path = "feature_list.json",
                       .feature_total = 200, .feature_passing = 45};
    CoreDiagList list = {0};
    core_evidence_diagnose(doc, &ev, NULL, &list);
    cr_expect_eq(count_code(&list, CORE_DIAG_FEATURE_COUNT), 0);
    const CoreDiag *c = find_code(&list, CORE_DIAG_CLAIMS_COMPLETE);
    cr_assert(c);
    cr_expect_eq(c->range.start.line, 9);
    core_diag_list_free(&list);
    ev.feature_passing = 46;
    core_evidence_diagnose(doc, &ev, NULL, &list);
    const CoreDiag *m = find_code(&list, CORE_DIAG_FEATURE_COUNT);
    cr_assert(m);
    cr_expect_eq(m->range.start.col, 0);
    cr_expect_eq(m->range.end.col, 23);
    cr_expect_str_eq(m->more[0].path, "feature_list.json");
    core_diag_list_free(&list);
    ev.feature_passing = 200;
    core_evidence_diagnose(doc, &ev, NULL, &list);
    cr_expect_eq(count_code(&list, CORE_DIAG_CLAIMS_COMPLETE), 0);
    core_diag_list_free(&list);
    ev.feature_state = CORE_FEATURES_MALFORMED;
    ev.feature_error = "not valid JSON: ']' expected";
    ev.feature_error_line = 3;
    core_evidence_diagnose(doc, &ev, NULL, &list);
    cr_expect_eq(list.count, 1);
    cr_expect_str_eq(list.items[0].message, "feature_list.json cannot be checked: not valid JSON: ']' expected (line 4)");
    core_diag_list_free(&list);
    core_doc_free(doc);
}

Test(evidence, inlay_hints_and_lenses)
{
    const char *text = FILES "\n=== Notes ===\nSee (commit: aaaaaaa)\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreEvidence ev = evidence();
    CoreInlayHintList hints;
    core_inlay_hints(doc, &ev, 0, 100, &hints);
    const char *want[] = {"3 hours ago", "50%", "0 open \xc2\xb7 2 done", "1 open \xc2\xb7 1 done",
                          "A very long subject that goes on and on \xe2\x80\xa6"};
    cr_assert_eq(hints.count, 5);
    for (size_t i = 0; i < 5; i++)
        cr_expect_str_eq(hints.items[i].label, want[i]);
    cr_expect_eq(hints.items[1].pos.line, 4);
    cr_expect_eq(hints.items[1].pos.col, 21);
    core_inlay_hint_list_free(&hints);
    core_inlay_hints(doc, NULL, 0, 100, &hints); /* without git: phase and counts only */
    cr_expect_eq(hints.count, 3);
    core_inlay_hint_list_free(&hints);

    CoreLensList lenses;
    core_lenses(doc, &lenses);
    cr_assert_eq(lenses.count, 1);
    cr_expect_str_eq(lenses.items[0].title, "1 to do \xc2\xb7 move the done ones");
    cr_expect_str_eq(lenses.items[0].action, "Move the 1 done file to Files Modified");
    core_lens_list_free(&lenses);
    core_doc_free(doc);
}

static char *apply_action(const char *text, const CoreEvidence *ev, uint32_t first, uint32_t last, const char *title)
{
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreActionList list = {0};
    core_evidence_actions(doc, ev, first, last, &list);
    char *out = NULL;
    for (size_t i = 0; i < list.count; i++)
        if (strcmp(list.items[i].title, title) == 0)
            out = edits_apply_action(text, &list.items[i]);
    core_action_list_free(&list);
    core_doc_free(doc);
    return out;
}

Test(evidence, finish_the_task)
{
    const char *text = "=== Session State ===\nLast completed: a\nNext task: b\nBlockers: None\nCurrent phase: 4 of 4\n"
                       "Complexity level: Small\n\n=== Files To Modify ===\n- [x] src/a.py\n- src/b.py\n";
    char *out = apply_action(text, NULL, 0, 0, "Finish the task");
    cr_assert(out);
    /* Never beyond Y; the done item moves into a new Files Modified section. */
    cr_expect(strstr(out, "Last completed: b\nNext task:\n"), "%s", out); /* no trailing space */
    cr_expect(strstr(out, "Current phase: 4 of 4\n"), "%s", out);
    cr_expect(strstr(out, "=== Files Modified ===\n- [x] src/a.py\n"), "%s", out);
    cr_expect(strstr(out, "=== Files To Modify ===\n- src/b.py\n"), "%s", out);
    free(out);
    /* A selected item moves instead of the done-marked one. */
    out = apply_action(text, NULL, 9, 9, "Finish the task");
    cr_assert(out);
    cr_expect(strstr(out, "=== Files To Modify ===\n- [x] src/a.py\n"), "%s", out);
    free(out);
    /* Nothing to finish without a next task. */
    cr_expect_null(apply_action("=== Session State ===\nNext task: None\n", NULL, 0, 0, "Finish the task"));
}

Test(evidence, add_changed_files)
{
    const char *text = SS "=== Files Modified ===\nNone\n";
    CoreEvidence ev = evidence();
    ev.changed = changed + 1; /* src/a.py, src/b.py */
    ev.changed_count = 2;
    char *out = apply_action(text, &ev, 0, 0, "Add the 2 changed files to Files Modified");
    cr_assert(out);
    cr_expect_str_eq(out, SS "=== Files Modified ===\nsrc/a.py\nsrc/b.py\n");
    free(out);
}

Test(evidence, needs_update)
{
    CoreEvidence ev = evidence();
    uint32_t commits;
    size_t files;
    ev.changed = changed + 1; /* without the progress file itself */
    ev.changed_count = ev.changed_total = 3;
    cr_expect(core_evidence_needs_update(&ev, &commits, &files));
    cr_expect_eq(commits, 2);
    cr_expect_eq(files, 3);
    ev.changed = changed;
    ev.changed_count = ev.changed_total = 4; /* the progress file itself was edited: it is being updated */
    cr_expect_not(core_evidence_needs_update(&ev, NULL, NULL));
    ev = evidence();
    ev.has_base = false;
    cr_expect_not(core_evidence_needs_update(&ev, NULL, NULL));
}

/* The evidence's findings with the entry keys kept across edits (as the server keeps them per document) equal those
   of a fresh parse read from every title: retitled entries, new dates and numbers, entries typed and taken away. */
Test(evidence, kept_entry_keys_match_fresh_read)
{
    static const char start[] = "# Log\n\n## Session 1 — 2026-01-01\n### Completed\n- a\n### Files Modified\n"
                                "- `src/a.py`\n### Next Steps\n- b\n\n## Session 2 — 2026-01-02\n### Next Steps\n"
                                "- c\n### Files Modified\n- `src/b.py`\n";
    static const char *const frags[] = {"", "x", "\n", "## Session 9 — 2026-03-01\n", "## Session 3 — 2025-12-31\n",
                                        "9", "0", "### Files Modified\n- `src/e.py`\n", "### Next Steps\n- d\n",
                                        "- `src/a.py`\n", "## Notes\n", "```\n", "#", "2026-02-02", " — "};
    for (uint32_t seed = 1; seed <= 20; seed++) {
        uint32_t s = seed * 2654435761u;
        CoreDoc *inc = core_doc_new(start, strlen(start));
        CoreEvidence kept = evidence();
        kept.entry_keys = core_entry_keys_new();
        for (int step = 0; step < 60; step++) {
            s ^= s << 13, s ^= s >> 17, s ^= s << 5;
            uint32_t lines = core_doc_line_count(inc) + 1;
            CoreRange r = {{s % lines, (s >> 8) % 6}, {s % lines, (s >> 8) % 6}};
            if ((s >> 16) % 4 == 0)
                r.end = (CorePos){(s >> 4) % lines, 0};
            if (r.end.line < r.start.line || (r.end.line == r.start.line && r.end.col < r.start.col))
                r.end = r.start;
            const char *frag = frags[(s >> 20) % (sizeof frags / sizeof frags[0])];
            cr_assert_eq(core_doc_edit(inc, CORE_ENC_UTF8, r, frag, strlen(frag)), 0);
            size_t len;
            char *text = core_doc_text(inc, &len);
            CoreDoc *full = core_doc_new(text, len);
            CoreEvidence fresh = evidence();
            CoreDiagList a = {0}, b = {0};
            core_evidence_diagnose(inc, &kept, NULL, &a);
            core_evidence_diagnose(full, &fresh, NULL, &b);
            cr_assert_eq(a.count, b.count, "seed %u step %d: %zu findings, a fresh read %zu", seed, step, a.count,
                         b.count);
            for (size_t i = 0; i < a.count; i++) {
                cr_assert_eq(a.items[i].code, b.items[i].code, "seed %u step %d finding %zu", seed, step, i);
                cr_assert(memcmp(&a.items[i].range, &b.items[i].range, sizeof a.items[i].range) == 0,
                          "seed %u step %d finding %zu: another range", seed, step, i);
                cr_assert_str_eq(a.items[i].message, b.items[i].message, "seed %u step %d", seed, step);
            }
            core_diag_list_free(&a);
            core_diag_list_free(&b);
            core_doc_free(full);
            free(text);
        }
        core_entry_keys_free(kept.entry_keys);
        core_doc_free(inc);
    }
}
