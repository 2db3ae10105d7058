/* test_incremental.c — property: after any sequence of edits the model equals a full parse of the final text. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_equal.h"
#include "progress/core.h"
#include "progress/tokens.h" /* core_doc_newer_lines */

/* xorshift: a seeded, reproducible sequence of edits on every machine. */
static uint32_t next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const fragments[] = {
    "", "a", "\n", "\r\n", "\r", "=== Notes ===", "=== Session State ===\n", "Complexity level: Medium",
    "- src/a.c (create)\n", "😀", "日本語", "\xff", "None", "Current phase: 1 of 3", "f(x: int) -> y\n",
    "[placeholder]", " ", "==", ":", "(", ")", "\n\n=== Files Modified ===\nsrc/x.c\n",
    /* the item grammar: marks, bullets, groups, details (an indent or a `:` turns a line into one and back) */
    "  ", "    - detail\n", "\t", "- [x] ", "[ ] ", "✅ ", "❌", "1. ", "• ", "~~", "Tests:\n", "**Tests:**",
    "`src/b.py:12`, `c.py`", " — note", " - ", "src/a.py#L3", "\n  - sub\n  more\n", "**Next task:** x\n",
    "Current phase: 2/4\n", "`func f(x int) error`",
    /* the dialects: headings, entry titles, banners, rules, fences (one typed opens a block of code), conflicts, a BOM */
    "# Log\n", "## Session 2 — 2026-01-02\n", "### Next Steps\n", "```\n", "~~~", "```", "---\n", "* * *",
    "<<<<<<< HEAD\n", "=======\n", ">>>>>>> b\n", "=== Session 2026-02-20 08:29 ===\n", "--- Session 3: x ---\n",
    "[2026-02-13 11:18] x\n", "Session 4: y\n", "## Codebase Patterns\n", "\xEF\xBB\xBF", "NEXT TASK: z\n",
    "## 2026-01-10 14:00 - US-001\n", "- Files changed: a.py\n", "#", "2026-01-03: x\n",
};

static void assert_same_model(const CoreDoc *inc, CoreEntryKeys *keys, const CoreDoc *full, uint32_t seed, int step)
{
    uint32_t at;
    const char *diff = model_diff(inc, keys, full, &at);
    cr_assert_null(diff, "seed %u step %d: %s %u differs", seed, step, diff, at);
}

/* core_doc_newer_lines(since) against every line's stamp read one by one. */
static void assert_newer_lines(const CoreDoc *doc, uint32_t since, uint32_t seed, int step)
{
    uint32_t n = core_doc_line_count(doc), first = UINT32_MAX, last = 0, got_first, got_last;
    for (uint32_t l = 0; l < n; l++)
        if (core_doc_line_stamp(doc, l) > since) {
            first = first == UINT32_MAX ? l : first;
            last = l;
        }
    bool got = core_doc_newer_lines(doc, since, &got_first, &got_last);
    cr_assert_eq(got, first != UINT32_MAX, "seed %u step %d: lines newer than %u: %s", seed, step, since,
                 got ? "found, there are none" : "none found");
    if (got)
        cr_assert(got_first == first && got_last == last, "seed %u step %d: newer than %u: %u-%u, not %u-%u", seed,
                  step, since, got_first, got_last, first, last);
}

static void run(uint32_t seed, int steps, const char *start)
{
    uint32_t s = seed;
    CoreDoc *inc = core_doc_new(start, strlen(start));
    CoreEntryKeys *keys = core_entry_keys_new(); /* the newest entry as the outline reads it while typing */
    enum { KEPT = 6 };
    uint32_t stamps[KEPT]; /* the document's last stamp before each of the last KEPT steps, as caches keep it */
    for (int step = 0; step < steps; step++) {
        stamps[step % KEPT] = core_doc_last_stamp(inc);
        CoreEncoding enc = (CoreEncoding)(next(&s) % 3);
        uint32_t lines = core_doc_line_count(inc) + 1;
        CoreRange r = {{next(&s) % lines, next(&s) % 12}, {next(&s) % lines, next(&s) % 12}};
        if (next(&s) % 2)
            r.end = r.start; /* pure insertions are the common keystroke */
        const char *frag = fragments[next(&s) % (sizeof fragments / sizeof fragments[0])];
        cr_assert_eq(core_doc_edit(inc, enc, r, frag, strlen(frag)), 0);

        size_t len;
        char *text = core_doc_text(inc, &len);
        CoreDoc *full = core_doc_new(text, len);
        assert_same_model(inc, keys, full, seed, step);
        for (int k = 0; k < KEPT && k <= step; k++)
            assert_newer_lines(inc, stamps[k], seed, step);
        core_doc_free(full);
        free(text);
    }
    core_entry_keys_free(keys);
    core_doc_free(inc);
}

Test(incremental, random_edit_sequences_match_full_parse)
{
    const char *template = "=== Session State ===\r\nLast completed: x\n\n=== Files To Modify ===\nsrc/a.c\n"
                           "Group:\n- [ ] src/b.c\n  - detail\n    deeper\n";
    const char *log = "# Log\n\n## Session 1 — 2026-01-01\n### Next Steps\n- a\n```\n# code\n```\n---\n"
                      "## Session 2 — 2026-01-02\n**Blockers:** None\n";
    for (uint32_t seed = 1; seed <= 200; seed++) {
        run(seed * 2654435761u, 60, template);
        run(seed * 2246822519u, 60, log);
    }
}

/* A log longer than the model's recent range (256 lines): edits far apart start that range again. */
Test(incremental, random_edits_far_apart_in_a_long_log)
{
    enum { ENTRIES = 120 };
    char *log = malloc(ENTRIES * 128 + 16), *p = log;
    p += sprintf(p, "# Log\n");
    for (int i = 0; i < ENTRIES; i++)
        p += sprintf(p, "## Session %d — 2026-01-02\n### Next Steps\n- a %d\n```\n# c\n```\n", i, i);
    for (uint32_t seed = 1; seed <= 20; seed++)
        run(seed * 2654435761u, 60, log);
    free(log);
}
