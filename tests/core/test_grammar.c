/* test_grammar.c — the item grammar, a row per shape, and the structure it gives a section (groups, details). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "progress/core.h"

/*
 * One Files To Modify line and what the grammar reads in it. Texts are the bytes each range covers ("" when
 * absent); `status` and `bullet` are the enums' values.
 */
struct item_case {
    char line[96];
    int bullet;
    int status;
    char mark[12], body[48], annotation[32], comment[32], path[40], location[12];
    unsigned paths;
};

ParameterizedTestParameters(grammar, files_items)
{
    static struct item_case cases[] = {
        /* bullets */
        {"src/a.py", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py", "", "", "src/a.py", "", 1},
        {"- src/a.py", CORE_BULLET_DASH, CORE_STATUS_NONE, "", "src/a.py", "", "", "src/a.py", "", 1},
        {"* src/a.py", CORE_BULLET_STAR, CORE_STATUS_NONE, "", "src/a.py", "", "", "src/a.py", "", 1},
        {"+ src/a.py", CORE_BULLET_PLUS, CORE_STATUS_NONE, "", "src/a.py", "", "", "src/a.py", "", 1},
        {"• src/a.py", CORE_BULLET_DOT, CORE_STATUS_NONE, "", "src/a.py", "", "", "src/a.py", "", 1},
        {"1. src/a.py", CORE_BULLET_NUMBER, CORE_STATUS_NONE, "", "src/a.py", "", "", "src/a.py", "", 1},
        {"12) src/a.py", CORE_BULLET_NUMBER_PAREN, CORE_STATUS_NONE, "", "src/a.py", "", "", "src/a.py", "", 1},
        {"3.14 is pi", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "3.14 is pi", "", "", "3.14", "", 1},
        /* checkbox marks */
        {"- [ ] src/a.py", CORE_BULLET_DASH, CORE_STATUS_OPEN, "[ ]", "src/a.py", "", "", "src/a.py", "", 1},
        {"- [x] src/a.py", CORE_BULLET_DASH, CORE_STATUS_DONE, "[x]", "src/a.py", "", "", "src/a.py", "", 1},
        {"- [X] src/a.py", CORE_BULLET_DASH, CORE_STATUS_DONE, "[X]", "src/a.py", "", "", "src/a.py", "", 1},
        {"- [-] src/a.py", CORE_BULLET_DASH, CORE_STATUS_DROPPED, "[-]", "src/a.py", "", "", "src/a.py", "", 1},
        {"- [/] src/a.py", CORE_BULLET_DASH, CORE_STATUS_IN_PROGRESS, "[/]", "src/a.py", "", "", "src/a.py", "", 1},
        {"- [~] src/a.py", CORE_BULLET_DASH, CORE_STATUS_IN_PROGRESS, "[~]", "src/a.py", "", "", "src/a.py", "", 1},
        /* emoji marks */
        {"✅ src/a.py", CORE_BULLET_NONE, CORE_STATUS_DONE, "✅", "src/a.py", "", "", "src/a.py", "", 1},
        {"- ✔️ src/a.py", CORE_BULLET_DASH, CORE_STATUS_DONE, "✔️", "src/a.py", "", "", "src/a.py", "", 1},
        {"✓ src/a.py", CORE_BULLET_NONE, CORE_STATUS_DONE, "✓", "src/a.py", "", "", "src/a.py", "", 1},
        {"☑ src/a.py", CORE_BULLET_NONE, CORE_STATUS_DONE, "☑", "src/a.py", "", "", "src/a.py", "", 1},
        {"🟢 src/a.py", CORE_BULLET_NONE, CORE_STATUS_DONE, "🟢", "src/a.py", "", "", "src/a.py", "", 1},
        {"❌ src/a.py", CORE_BULLET_NONE, CORE_STATUS_OPEN, "❌", "src/a.py", "", "", "src/a.py", "", 1},
        {"✗ src/a.py", CORE_BULLET_NONE, CORE_STATUS_OPEN, "✗", "src/a.py", "", "", "src/a.py", "", 1},
        {"✘ src/a.py", CORE_BULLET_NONE, CORE_STATUS_OPEN, "✘", "src/a.py", "", "", "src/a.py", "", 1},
        {"☐ src/a.py", CORE_BULLET_NONE, CORE_STATUS_OPEN, "☐", "src/a.py", "", "", "src/a.py", "", 1},
        {"⬜ src/a.py", CORE_BULLET_NONE, CORE_STATUS_OPEN, "⬜", "src/a.py", "", "", "src/a.py", "", 1},
        {"🔲 src/a.py", CORE_BULLET_NONE, CORE_STATUS_OPEN, "🔲", "src/a.py", "", "", "src/a.py", "", 1},
        {"🚧 src/a.py", CORE_BULLET_NONE, CORE_STATUS_IN_PROGRESS, "🚧", "src/a.py", "", "", "src/a.py", "", 1},
        {"⏳ src/a.py", CORE_BULLET_NONE, CORE_STATUS_IN_PROGRESS, "⏳", "src/a.py", "", "", "src/a.py", "", 1},
        {"🔄 src/a.py", CORE_BULLET_NONE, CORE_STATUS_IN_PROGRESS, "🔄", "src/a.py", "", "", "src/a.py", "", 1},
        {"🟡 src/a.py", CORE_BULLET_NONE, CORE_STATUS_IN_PROGRESS, "🟡", "src/a.py", "", "", "src/a.py", "", 1},
        {"- src/a.py ✅", CORE_BULLET_DASH, CORE_STATUS_DONE, "✅", "src/a.py", "", "", "src/a.py", "", 1},
        {"- ~~src/a.py~~ (not needed)", CORE_BULLET_DASH, CORE_STATUS_DROPPED, "~~", "src/a.py", "(not needed)", "",
         "src/a.py", "", 1},
        /* unknown marks are text; mixed shapes read as well as they can */
        {"- ★ src/a.py", CORE_BULLET_DASH, CORE_STATUS_NONE, "", "★ src/a.py", "", "", "★", "", 1},
        {"- [x] ✅ 1. src/a.py", CORE_BULLET_DASH, CORE_STATUS_DONE, "[x]", "src/a.py", "", "", "src/a.py", "", 1},
        /* annotation and comment */
        {"src/a.py (create)", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py", "(create)", "", "src/a.py", "", 1},
        {"src/a.py - reuse helpers", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py", "", "reuse helpers",
         "src/a.py", "", 1},
        {"1. `web/src/api/session.ts` (create) — fetch wrapper", CORE_BULLET_NUMBER, CORE_STATUS_NONE, "",
         "`web/src/api/session.ts`", "(create)", "fetch wrapper", "web/src/api/session.ts", "", 1},
        {"src/a.py – en dash note", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py", "", "en dash note", "src/a.py",
         "", 1},
        {"src/a.py: added x", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py", "", "added x", "src/a.py", "", 1},
        {"`f(a - b)` - note", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "`f(a - b)`", "", "note", "f(a - b)", "", 1},
        /* paths: quotes, bold, locations, trailing punctuation, several */
        {"\"src/a.py\"", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "\"src/a.py\"", "", "", "src/a.py", "", 1},
        {"**src/a.py**", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "**src/a.py**", "", "", "src/a.py", "", 1},
        {"src/search/writer.py:88 (flush on write)", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/search/writer.py:88",
         "(flush on write)", "", "src/search/writer.py", ":88", 1},
        {"src/a.py:12:5", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py:12:5", "", "", "src/a.py", ":12:5", 1},
        {"src/a.py#L12", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py#L12", "", "", "src/a.py", "#L12", 1},
        {"src/a.py,", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py,", "", "", "src/a.py", "", 1},
        {"src/a.py;", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "src/a.py;", "", "", "src/a.py", "", 1},
        {"`a.py`, `b/c.py:3`, `d.py` — three", CORE_BULLET_NONE, CORE_STATUS_NONE, "", "`a.py`, `b/c.py:3`, `d.py`", "",
         "three", "a.py", "", 3},
    };
    return cr_make_param_array(struct item_case, cases, sizeof cases / sizeof cases[0]);
}

static void expect_text(const char *doc_line, CoreRange r, const char *want, const char *what, const char *line)
{
    size_t n = strlen(want), got = r.end.col - r.start.col;
    cr_expect(got == n && memcmp(doc_line + r.start.col, want, n) == 0, "\"%s\": %s is \"%.*s\", expected \"%s\"", line,
              what, (int)got, doc_line + r.start.col, want);
}

/* A document of `header` and `line` under it (caller frees): the entry of `line` in `e`, its bytes in `*bytes`. */
static CoreDoc *doc_of_line(const char *header, const char *line, CoreEntry *e, const char **bytes)
{
    char text[256];
    snprintf(text, sizeof text, "%s\n%s\n", header, line);
    CoreDoc *doc = core_doc_new(text, strlen(text));
    cr_assert_eq(core_doc_entry(doc, 1, e), 0, "\"%s\": no entry", line);
    *bytes = core_doc_line(doc, 1, NULL);
    return doc;
}

ParameterizedTest(struct item_case *c, grammar, files_items)
{
    CoreEntry e;
    const char *s;
    CoreDoc *doc = doc_of_line("=== Files To Modify ===", c->line, &e, &s);
    cr_expect_eq(e.kind, CORE_ENTRY_ITEM, "\"%s\": kind %d", c->line, e.kind);
    cr_expect_eq(e.bullet, c->bullet, "\"%s\": bullet %d", c->line, e.bullet);
    cr_expect_eq(e.status, c->status, "\"%s\": status %d", c->line, e.status);
    expect_text(s, e.mark_range, c->mark, "mark", c->line);
    expect_text(s, e.body, c->body, "body", c->line);
    expect_text(s, e.has_annotation ? e.annotation : (CoreRange){{1, 0}, {1, 0}}, c->annotation, "annotation", c->line);
    expect_text(s, e.has_comment ? e.comment : (CoreRange){{1, 0}, {1, 0}}, c->comment, "comment", c->line);
    expect_text(s, e.path, c->path, "path", c->line);
    expect_text(s, e.has_location ? e.location : (CoreRange){{1, 0}, {1, 0}}, c->location, "location", c->line);
    cr_expect_eq(e.path_count, c->paths, "\"%s\": %u paths", c->line, e.path_count);
    CorePathRef refs[4];
    cr_expect_eq(core_doc_paths(doc, 1, refs, 4), c->paths, "\"%s\": core_doc_paths", c->line);
    cr_expect(!e.has_placeholder, "\"%s\": a mark is never a placeholder", c->line);
    core_doc_free(doc);
}

Test(grammar, several_paths_each_with_its_location)
{
    const char *text = "=== Files Modified ===\n- `a.py`, `b/c.py:3:7`, `d.py#L9` — three\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CorePathRef r[3];
    cr_assert_eq(core_doc_paths(doc, 1, r, 3), 3);
    const char *s = core_doc_line(doc, 1, NULL);
    expect_text(s, r[1].path, "b/c.py", "second path", "");
    cr_expect(r[1].has_location && r[1].loc_line == 3 && r[1].loc_col == 7);
    expect_text(s, r[2].path, "d.py", "third path", "");
    cr_expect(r[2].has_location && r[2].loc_line == 9 && r[2].loc_col == 0);
    cr_expect(!r[0].has_location);
    core_doc_free(doc);
}

/* Session State lines: the key wherever it is written, the phase forms, the level's note. */
struct field_case {
    char line[64];
    int field;
    char key[24], value[40];
    int level;
    int has_phase, canonical;
    unsigned x, y;
    char note[24];
};

ParameterizedTestParameters(grammar, fields)
{
    static struct field_case cases[] = {
        {"Next task: a", CORE_FIELD_NEXT_TASK, "Next task", "a", 0, 0, 0, 0, 0, ""},
        {"- Next task: a", CORE_FIELD_NEXT_TASK, "Next task", "a", 0, 0, 0, 0, 0, ""},
        {"**Next task:** a", CORE_FIELD_NEXT_TASK, "Next task", "a", 0, 0, 0, 0, 0, ""},
        {"**Next task**: a", CORE_FIELD_NEXT_TASK, "Next task", "a", 0, 0, 0, 0, 0, ""},
        {"* **Blockers:** None", CORE_FIELD_BLOCKERS, "Blockers", "None", 0, 0, 0, 0, 0, ""},
        {"Current phase: 2 of 4 (Build)", CORE_FIELD_CURRENT_PHASE, "Current phase", "2 of 4 (Build)", 0, 1, 1, 2, 4, ""},
        {"Current phase: Phase 2 of 4", CORE_FIELD_CURRENT_PHASE, "Current phase", "Phase 2 of 4", 0, 1, 0, 2, 4, ""},
        {"Current phase: 2/4", CORE_FIELD_CURRENT_PHASE, "Current phase", "2/4", 0, 1, 0, 2, 4, ""},
        {"Current phase: phase 3/5 - tests", CORE_FIELD_CURRENT_PHASE, "Current phase", "phase 3/5 - tests", 0, 1, 0, 3, 5,
         ""},
        {"Current phase: two", CORE_FIELD_CURRENT_PHASE, "Current phase", "two", 0, 0, 0, 0, 0, ""},
        {"Complexity level: Medium", CORE_FIELD_COMPLEXITY, "Complexity level", "Medium", CORE_LEVEL_MEDIUM, 0, 0, 0, 0,
         ""},
        {"Complexity level: Large (auth)", CORE_FIELD_COMPLEXITY, "Complexity level", "Large (auth)", CORE_LEVEL_LARGE, 0,
         0, 0, 0, "(auth)"},
        {"- Complexity level: small - one file", CORE_FIELD_COMPLEXITY, "Complexity level", "small - one file",
         CORE_LEVEL_SMALL, 0, 0, 0, 0, "- one file"},
    };
    return cr_make_param_array(struct field_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct field_case *c, grammar, fields)
{
    CoreEntry e;
    const char *s;
    CoreDoc *doc = doc_of_line("=== Session State ===", c->line, &e, &s);
    cr_expect_eq(e.kind, CORE_ENTRY_FIELD, "\"%s\": kind %d", c->line, e.kind);
    cr_expect_eq(e.field, c->field, "\"%s\": field", c->line);
    expect_text(s, e.key, c->key, "key", c->line);
    expect_text(s, e.value, c->value, "value", c->line);
    cr_expect_eq(e.level, c->level, "\"%s\": level", c->line);
    cr_expect_eq(e.has_phase, c->has_phase, "\"%s\": phase", c->line);
    if (c->has_phase)
        cr_expect(e.phase_canonical == c->canonical && e.phase_x == c->x && e.phase_y == c->y, "\"%s\": phase", c->line);
    expect_text(s, e.has_note ? e.note : (CoreRange){{1, 0}, {1, 0}}, c->note, "note", c->line);
    core_doc_free(doc);
}

/* Interfaces Defined lines: the name after keywords and inside backticks. */
struct sig_case {
    char line[64];
    char name[24], signature[56];
};

ParameterizedTestParameters(grammar, signatures)
{
    static struct sig_case cases[] = {
        {"generate_token(c: Creds) -> str", "generate_token", "generate_token(c: Creds) -> str"},
        {"- `createSession(email: string): Promise<Session>`", "createSession",
         "createSession(email: string): Promise<Session>"},
        {"- def issue(user: int) -> str", "issue", "def issue(user: int) -> str"},
        {"fn verify(t: &str) -> bool", "verify", "fn verify(t: &str) -> bool"},
        {"`func NewStore(db *sql.DB) *Store`", "NewStore", "func NewStore(db *sql.DB) *Store"},
        {"function refresh(): void", "refresh", "function refresh(): void"},
        {"interface Store { get(): V }", "Store", "interface Store { get(): V }"},
        {"type Claims = { sub: string }", "Claims", "type Claims = { sub: string }"},
        {"class TokenStore(Base)", "TokenStore", "class TokenStore(Base)"},
        {"export async function load(id)", "load", "export async function load(id)"},
        {"1. `f(x)` — does y", "f", "f(x)"},
    };
    return cr_make_param_array(struct sig_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct sig_case *c, grammar, signatures)
{
    CoreEntry e;
    const char *s;
    CoreDoc *doc = doc_of_line("=== Interfaces Defined ===", c->line, &e, &s);
    cr_expect(e.has_signature, "\"%s\": no signature", c->line);
    expect_text(s, e.sig_name, c->name, "name", c->line);
    expect_text(s, e.signature, c->signature, "signature", c->line);
    core_doc_free(doc);
}

/* ---------------------------------------------------------------- structure */

/* A section's lines, each with the kind it has and the line it belongs to (-1: none). */
static const char section[] = "=== Files To Modify ===\n" /* 0 */
                              "- src/top.py\n"            /* 1 item, in no group */
                              "  - a detail\n"            /* 2 detail of 1 */
                              "    deeper prose\n"        /* 3 detail of 1 */
                              "\n"                        /* 4 */
                              "  after a blank\n"         /* 5 detail of 1 */
                              "Parsers (unified schema):\n" /* 6 group */
                              "❌ app/windows.py\n"       /* 7 item of group 6 */
                              "  Notes:\n"                /* 8 a detail, not a group: deeper than its item */
                              "❌ app/macos.py\n"         /* 9 item of group 6 */
                              "**Tests:**\n"              /* 10 group */
                              "  - tests/a.py\n"          /* 11 item of group 10 */
                              "  - tests/b.py\n"          /* 12 item of group 10 */
                              "    - detail of b\n"       /* 13 detail of 12 */
                              "  Backend:\n"              /* 14 group (at the items' depth) */
                              "  - api.py\n"              /* 15 item of group 14 */
                              "- loose.py\n";             /* 16 item, less indented than label 14: in no group */

Test(structure, groups_items_and_details)
{
    static const struct {
        int kind;
        int32_t owner; /* DETAIL: core_doc_detail_owner; ITEM: core_doc_item_group */
    } want[] = {
        {CORE_ENTRY_HEADER, -1}, {CORE_ENTRY_ITEM, -1},  {CORE_ENTRY_DETAIL, 1}, {CORE_ENTRY_DETAIL, 1},
        {CORE_ENTRY_BLANK, -1},  {CORE_ENTRY_DETAIL, 1}, {CORE_ENTRY_GROUP, -1}, {CORE_ENTRY_ITEM, 6},
        {CORE_ENTRY_DETAIL, 7},  {CORE_ENTRY_ITEM, 6},   {CORE_ENTRY_GROUP, -1}, {CORE_ENTRY_ITEM, 10},
        {CORE_ENTRY_ITEM, 10},   {CORE_ENTRY_DETAIL, 12}, {CORE_ENTRY_GROUP, -1}, {CORE_ENTRY_ITEM, 14},
        {CORE_ENTRY_ITEM, -1},
    };
    CoreDoc *doc = core_doc_new(section, strlen(section));
    for (uint32_t l = 0; l < sizeof want / sizeof *want; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        cr_expect_eq(e.kind, want[l].kind, "line %u: kind %d, expected %d", l, e.kind, want[l].kind);
        int32_t owner = e.kind == CORE_ENTRY_DETAIL ? core_doc_detail_owner(doc, l) : core_doc_item_group(doc, l);
        cr_expect_eq(owner, want[l].owner, "line %u: belongs to %d, expected %d", l, owner, want[l].owner);
    }
    cr_expect_eq(core_doc_item_end(doc, 1), 6, "item 1 ends after its last detail");
    cr_expect_eq(core_doc_item_end(doc, 7), 9);
    cr_expect_eq(core_doc_item_end(doc, 12), 14);
    cr_expect_eq(core_doc_item_end(doc, 16), 17);
    core_doc_free(doc);
}

Test(structure, outline_nests_groups_items_and_details)
{
    CoreDoc *doc = core_doc_new(section, strlen(section));
    CoreOutline o;
    core_outline(doc, &o);
    /* section; item(top) > 3 details; group > item > detail, item; group > 2 items (one with a detail); group > item; item */
    static const int kinds[] = {CORE_SYMBOL_SECTION, CORE_SYMBOL_PATH,   CORE_SYMBOL_DETAIL, CORE_SYMBOL_DETAIL,
                                CORE_SYMBOL_DETAIL,  CORE_SYMBOL_GROUP,  CORE_SYMBOL_PATH,   CORE_SYMBOL_DETAIL,
                                CORE_SYMBOL_PATH,    CORE_SYMBOL_GROUP,  CORE_SYMBOL_PATH,   CORE_SYMBOL_PATH,
                                CORE_SYMBOL_DETAIL,  CORE_SYMBOL_GROUP,  CORE_SYMBOL_PATH,   CORE_SYMBOL_PATH};
    static const int32_t parents[] = {-1, 0, 1, 1, 1, 0, 5, 6, 5, 0, 9, 9, 11, 0, 13, 0};
    cr_assert_eq(o.count, sizeof kinds / sizeof *kinds);
    for (size_t i = 0; i < o.count; i++) {
        cr_expect_eq(o.items[i].kind, kinds[i], "symbol %zu: kind %d", i, o.items[i].kind);
        cr_expect_eq(o.items[i].parent, parents[i], "symbol %zu: parent %d", i, o.items[i].parent);
    }
    cr_expect_eq(o.items[1].range.end.line, 5, "an item's range takes in its details");
    cr_expect_eq(o.items[5].range.end.line, 9, "a group's range takes in its items");
    cr_expect_eq(o.items[7].status, CORE_STATUS_NONE);
    cr_expect_eq(o.items[6].status, CORE_STATUS_OPEN);
    core_outline_free(&o);
    core_doc_free(doc);
}

Test(structure, edits_make_and_unmake_details_and_groups)
{
    CoreDoc *doc = core_doc_new(section, strlen(section));
    CoreEntry e;
    /* Outdenting line 3 makes it an item: line 2 stays a detail of 1. */
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{3, 0}, {3, 4}}, "", 0);
    core_doc_entry(doc, 3, &e);
    cr_expect_eq(e.kind, CORE_ENTRY_ITEM);
    core_doc_entry(doc, 5, &e);
    cr_expect_eq(e.kind, CORE_ENTRY_DETAIL, "line 5 now belongs to line 3");
    cr_expect_eq(core_doc_detail_owner(doc, 5), 3);
    /* Typing a `:` at the end of an item turns it into a group label for the lines below. */
    core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{3, 13}, {3, 13}}, ":", 1);
    core_doc_entry(doc, 3, &e);
    cr_expect_eq(e.kind, CORE_ENTRY_GROUP);
    core_doc_entry(doc, 5, &e);
    cr_expect_eq(e.kind, CORE_ENTRY_ITEM, "under a group label, deeper lines are its items");
    cr_expect_eq(core_doc_item_group(doc, 5), 3);
    core_doc_free(doc);
}

Test(marks, follow_their_family)
{
    cr_expect_eq(core_mark_for(CORE_MARK_BOX_OPEN, CORE_STATUS_DONE), CORE_MARK_BOX_DONE);
    cr_expect_eq(core_mark_for(CORE_MARK_BOX_DONE_UPPER, CORE_STATUS_OPEN), CORE_MARK_BOX_OPEN);
    cr_expect_eq(core_mark_for(CORE_MARK_CROSS_RED, CORE_STATUS_DONE), CORE_MARK_CHECK_GREEN);
    cr_expect_eq(core_mark_for(CORE_MARK_CHECK_GREEN, CORE_STATUS_OPEN), CORE_MARK_CROSS_RED);
    cr_expect_eq(core_mark_for(CORE_MARK_CONSTRUCTION, CORE_STATUS_DONE), CORE_MARK_CHECK_GREEN);
    cr_expect_eq(core_mark_for(CORE_MARK_BALLOT_X, CORE_STATUS_DONE), CORE_MARK_CHECK);
    cr_expect_eq(core_mark_for(CORE_MARK_STRIKE, CORE_STATUS_DONE), CORE_MARK_NONE);
    cr_expect_eq(core_mark_for(CORE_MARK_BOX_DONE, CORE_STATUS_DONE), CORE_MARK_BOX_DONE);
    cr_expect_str_eq(core_mark_text(CORE_MARK_BOX_OPEN), "[ ]");
    cr_expect_str_eq(core_status_name(CORE_STATUS_IN_PROGRESS), "in progress");
}
