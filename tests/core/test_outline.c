/* test_outline.c — the outline: one symbol per section, its fields or items as children, names borrowed from the text. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "progress/core.h"

static bool same_range(CoreRange a, CoreRange b)
{
    return a.start.line == b.start.line && a.start.col == b.start.col && a.end.line == b.end.line &&
           a.end.col == b.end.col;
}

/* ---------------------------------------------------------------- one line in one section */

struct line_case {
    char section[24];
    char line[64];
    int kind;       /* a CoreSymbolKind, or -1: the line is no symbol */
    char name[48];
    char detail[48]; /* "" when the symbol has no detail */
};

ParameterizedTestParameters(outline, child_of_one_line)
{
    static struct line_case cases[] = {
        {"Session State", "Next task: ship it", CORE_SYMBOL_FIELD, "Next task", "ship it"},
        {"Session State", "  Owner :  Dana ", CORE_SYMBOL_FIELD, "Owner", "Dana"},
        {"Session State", "Blockers:", CORE_SYMBOL_FIELD, "Blockers", ""},
        {"Session State", "just a sentence", -1, "", ""},
        {"Files Modified", "- src/a.py (create)", CORE_SYMBOL_PATH, "src/a.py", "(create)"},
        {"files to modify", "src/b.py needs tests", CORE_SYMBOL_PATH, "src/b.py", ""},
        {"Files Modified", "[List files changed]", CORE_SYMBOL_ITEM, "[List files changed]", ""},
        {"Interfaces Defined", "f(x: int) -> y", CORE_SYMBOL_INTERFACE, "f", "f(x: int) -> y"},
        {"Interfaces Defined", "* Auth.login(u: User) -> Token (v2)", CORE_SYMBOL_INTERFACE, "Auth.login",
         "Auth.login(u: User) -> Token"},
        {"Interfaces Defined", "[Key interfaces]", CORE_SYMBOL_ITEM, "[Key interfaces]", ""},
        {"Key Decisions", "- JWT (reason: standard)", CORE_SYMBOL_ITEM, "JWT (reason: standard)", ""},
        {"Notes", "* remember the cache", CORE_SYMBOL_ITEM, "remember the cache", ""},
        {"Scratch", "anything: at all", CORE_SYMBOL_ITEM, "anything: at all", ""},
        {"Known Issues", "None", -1, "", ""},
        {"Known Issues", "- None.", -1, "", ""},
        {"Notes", "   ", -1, "", ""},
        {"Notes", "-", -1, "", ""},
        {"Notes", "== Broken header ==", -1, "", ""},
    };
    return cr_make_param_array(struct line_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct line_case *c, outline, child_of_one_line)
{
    char text[160];
    snprintf(text, sizeof text, "=== %s ===\n%s\n", c->section, c->line);
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreOutline o;
    cr_assert_eq(core_outline(doc, &o), 0);
    cr_assert_eq(o.count, c->kind < 0 ? 1u : 2u, "\"%s\" in %s: %zu symbols", c->line, c->section, o.count);
    cr_assert_eq(o.items[0].child_count, o.count - 1);
    if (c->kind >= 0) {
        const CoreSymbol *s = &o.items[1];
        cr_assert_eq(s->kind, (CoreSymbolKind)c->kind, "\"%s\": kind %d", c->line, s->kind);
        cr_assert_eq(s->parent, 0);
        cr_assert_eq(s->child_count, 0);
        cr_assert(s->name_len == strlen(c->name) && memcmp(s->name, c->name, s->name_len) == 0, "\"%s\": name %.*s",
                  c->line, (int)s->name_len, s->name);
        if (*c->detail)
            cr_assert(s->detail && s->detail_len == strlen(c->detail) && memcmp(s->detail, c->detail, s->detail_len) == 0,
                      "\"%s\": detail %.*s", c->line, (int)s->detail_len, s->detail ? s->detail : "");
        else
            cr_assert_null(s->detail, "\"%s\": no detail expected", c->line);
        /* the name is borrowed from the line, and the selection is exactly where it is */
        CoreEntry e;
        core_doc_entry(doc, 1, &e);
        cr_assert(same_range(s->range, e.content), "range is the line's content");
        cr_assert_eq(s->name, core_doc_line(doc, 1, NULL) + s->selection.start.col);
        cr_assert_eq(s->selection.end.col - s->selection.start.col, s->name_len);
    }
    core_outline_free(&o);
    core_doc_free(doc);
}

/* ---------------------------------------------------------------- whole documents */

static const char doc_text[] =
    "Intro text is no symbol\n"        /* 0 */
    "=== Session State ===\n"          /* 1 */
    "Last completed: Parser\n"         /* 2 */
    "Blockers:\n"                      /* 3 */
    "- the VPN\n"                      /* 4 */
    "\n"                               /* 5 */
    "=== Known Issues ===\n"           /* 6 */
    "None\n"                           /* 7 */
    "\n"                               /* 8 */
    "===  files modified  ===\n"       /* 9 */
    "src/a.py\n"                       /* 10 */
    "src/b.py (create)\n"              /* 11 */
    "\n"                               /* 12 */
    "\n";                              /* 13, 14 */

Test(outline, sections_in_pre_order_with_their_children)
{
    CoreDoc *doc = core_doc_new(doc_text, strlen(doc_text));
    CoreOutline o;
    cr_assert_eq(core_outline(doc, &o), 0);
    static const struct {
        CoreSymbolKind kind;
        const char *name;
        int32_t parent;
        uint32_t children;
    } want[] = {
        {CORE_SYMBOL_SECTION, "Session State", -1, 2}, {CORE_SYMBOL_FIELD, "Last completed", 0, 0},
        {CORE_SYMBOL_FIELD, "Blockers", 0, 0},         {CORE_SYMBOL_SECTION, "Known Issues", -1, 0},
        {CORE_SYMBOL_SECTION, "files modified", -1, 2}, {CORE_SYMBOL_PATH, "src/a.py", 4, 0},
        {CORE_SYMBOL_PATH, "src/b.py", 4, 0},
    };
    cr_assert_eq(o.count, sizeof want / sizeof *want);
    for (size_t i = 0; i < o.count; i++) {
        const CoreSymbol *s = &o.items[i];
        cr_assert_eq(s->kind, want[i].kind, "symbol %zu", i);
        cr_assert(s->name_len == strlen(want[i].name) && memcmp(s->name, want[i].name, s->name_len) == 0,
                  "symbol %zu: %.*s", i, (int)s->name_len, s->name);
        cr_assert_eq(s->parent, want[i].parent, "symbol %zu", i);
        cr_assert_eq(s->child_count, want[i].children, "symbol %zu", i);
    }
    /* a section spans its header to its last non-blank line; it selects the name as written */
    CoreSection sec;
    core_doc_section(doc, 2, &sec);
    cr_assert(same_range(o.items[4].range, sec.range));
    cr_assert(same_range(o.items[4].range, (CoreRange){{9, 0}, {11, 17}}));
    cr_assert(same_range(o.items[4].selection, (CoreRange){{9, 5}, {9, 19}}));
    cr_assert(same_range(o.items[3].range, (CoreRange){{6, 0}, {7, 4}}), "None is no symbol but is in the range");
    core_outline_free(&o);
    core_doc_free(doc);
}

Test(outline, empty_and_headerless_documents_have_no_symbols)
{
    static const char *const texts[] = {"", "just prose\n- a\n", "\n\n\n", "== Notes ==\n- a\n"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        CoreDoc *doc = core_doc_new(texts[i], strlen(texts[i]));
        CoreOutline o;
        cr_assert_eq(core_outline(doc, &o), 0);
        cr_assert_eq(o.count, 0, "\"%s\"", texts[i]);
        core_outline_free(&o);
        core_doc_free(doc);
    }
}

Test(outline, follows_edits)
{
    CoreDoc *doc = core_doc_new(doc_text, strlen(doc_text));
    /* turn "Known Issues" into a Notes section with one item, and delete the intro line */
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{6, 4}, {7, 4}}, "Notes ===\n- a note", 18), 0);
    cr_assert_eq(core_doc_edit(doc, CORE_ENC_UTF8, (CoreRange){{0, 0}, {1, 0}}, "", 0), 0);
    CoreOutline o;
    cr_assert_eq(core_outline(doc, &o), 0);
    cr_assert_eq(o.count, 8);
    cr_assert_eq(o.items[3].kind, CORE_SYMBOL_SECTION);
    cr_assert(o.items[3].name_len == 5 && memcmp(o.items[3].name, "Notes", 5) == 0);
    cr_assert_eq(o.items[3].child_count, 1);
    cr_assert_eq(o.items[4].kind, CORE_SYMBOL_ITEM);
    cr_assert(same_range(o.items[4].selection, (CoreRange){{6, 2}, {6, 8}}));
    core_outline_free(&o);
    core_doc_free(doc);
}

Test(outline, free_tolerates_null_and_empty)
{
    CoreOutline o = {0};
    core_outline_free(&o);
    core_outline_free(NULL);
    cr_assert_eq(o.count, 0);
}
