/* test_tokens.c — the semantic tokens cache: every delta applied to the previous tokens gives the new full tokens. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"
#include "server/tokens.h"

typedef Array(uint32_t) Ints;

/* The data array `t` sends, as integers. */
static void data_of(const LspTokens *t, Ints *out)
{
    LspOut o;
    lsp_out_init(&o);
    lsp_tokens_write_data(&o, t);
    json_error_t err;
    json_t *arr = json_loadb(o.data, o.len, 0, &err);
    cr_assert(json_is_array(arr), "data is a JSON array: %s", err.text);
    array_clear(out);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) array_push(out, (uint32_t)json_integer_value(v));
    json_decref(arr);
    lsp_out_free(&o);
}

static void check_equal(const Ints *a, const Ints *b, const char *what, int step)
{
    cr_assert_eq(a->size, b->size, "%s, step %d: %u integers, full tokens have %u", what, step, a->size, b->size);
    for (uint32_t i = 0; i < a->size; i++)
        cr_assert_eq(a->contents[i], b->contents[i], "%s, step %d: integer %u is %u, full tokens say %u", what, step, i,
                     a->contents[i], b->contents[i]);
}

static const char *const snippets[] = {
    "=== Notes ===\n", "=== Files Modified ===\n", "=== Session State ===\n", "=== Interfaces Defined ===\n",
    "Next task: write it\n", "Complexity level: Large\n", "Current phase: 2 of 4\n", "src/a.c (create)\n",
    "gen(a: int) -> str\n", "[placeholder]\n", "- note\n", "\n", "x", "é", "漢", "😀", "(", ")", " ", "=", ":",
    "\r\n", "Blockers:", "=== Scratch ===", "-", "src/b.py", "    - detail\n", "  ", "\t", "[x] ", "✅",
    "abc1234 ", "`a.py`, `b.py`", "Tests:\n", "~~",
};

static const char start_text[] =
    "=== Session State ===\nLast completed: [what]\nNext task: é tests\nBlockers: None\nCurrent phase: 2 of 4\n"
    "Complexity level: Medium\n\n=== Files Modified ===\nsrc/a.c (create)\n- src/é.py\n\n=== Files To Modify ===\n"
    "src/b.c\n\n=== Interfaces Defined ===\ngen(a: int) -> str\n\n=== Notes ===\n- 😀 [todo] x\n";

/* Random edits (inserts, deletes, replacements, header changes that move every line's section) in one encoding. */
static void random_edits(CoreEncoding enc, uint32_t seed, int steps)
{
    CoreDoc *doc = core_doc_new(start_text, strlen(start_text));
    LspTokens *cache = lsp_tokens_new(), *fresh = lsp_tokens_new();
    uint64_t id = 1;
    lsp_tokens_full(cache, doc, enc, id);
    Ints prev = {0}, full = {0};
    data_of(cache, &prev);
    for (int step = 0; step < steps; step++) {
        int edits = 1 + (int)(seed % 3); /* several edits between two requests, as a fast typist makes */
        for (int e = 0; e < edits; e++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t lines = core_doc_line_count(doc);
            CorePos a = {(seed >> 4) % (lines + 1), (seed >> 12) % 12};
            seed = seed * 1103515245u + 12345u;
            CorePos b = (seed & 3) ? a : (CorePos){a.line + (seed >> 4) % 3, (seed >> 8) % 20};
            const char *text = (seed & 0x30) ? snippets[(seed >> 16) % (sizeof snippets / sizeof snippets[0])] : "";
            core_doc_edit(doc, enc, (CoreRange){a, b}, text, strlen(text));
        }
        LspTokensEdit edit;
        lsp_tokens_delta(cache, doc, ++id, &edit);
        cr_assert_eq(cache->result_id, id);
        cr_assert(edit.start % 5 == 0 && edit.delete_count % 5 == 0 && edit.data.size % 5 == 0, "whole tokens");
        cr_assert_leq(edit.start + edit.delete_count, prev.size, "step %d: the edit stays inside the old data", step);
        /* Apply the edit to the previous data, as a client does. */
        uint32_t old = prev.size;
        uint32_t new_size = old - edit.delete_count + edit.data.size;
        array_splice_gap(&prev, edit.start, edit.delete_count, edit.data.size);
        if (edit.data.size)
            memcpy(prev.contents + edit.start, edit.data.contents, edit.data.size * sizeof(uint32_t));
        cr_assert_eq(prev.size, new_size);
        array_delete(&edit.data);
        lsp_tokens_full(fresh, doc, enc, id);
        data_of(fresh, &full);
        check_equal(&prev, &full, enc == CORE_ENC_UTF16 ? "utf-16" : enc == CORE_ENC_UTF8 ? "utf-8" : "utf-32", step);
        /* The cache itself holds the new tokens too. */
        Ints cached = {0};
        data_of(cache, &cached);
        check_equal(&cached, &full, "cache", step);
        array_delete(&cached);
    }
    array_delete(&prev);
    array_delete(&full);
    lsp_tokens_free(cache);
    lsp_tokens_free(fresh);
    core_doc_free(doc);
}

Test(tokens, delta_applied_gives_full_utf16)
{
    random_edits(CORE_ENC_UTF16, 7, 1500);
}

Test(tokens, delta_applied_gives_full_utf8)
{
    random_edits(CORE_ENC_UTF8, 99, 1500);
}

Test(tokens, delta_applied_gives_full_utf32)
{
    random_edits(CORE_ENC_UTF32, 4242, 1500);
}

/* A header renamed changes the tokens of every line of its section although only the header line changed. */
Test(tokens, section_kind_change_reaches_its_lines)
{
    const char *text = "=== Files Modified ===\nsrc/a.c\nsrc/b.c\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    LspTokens *t = lsp_tokens_new();
    lsp_tokens_full(t, doc, CORE_ENC_UTF16, 1);
    cr_assert_eq(t->toks.size, 5, "header marks, name, two paths");
    core_doc_edit(doc, CORE_ENC_UTF16, (CoreRange){{0, 4}, {0, 18}}, "Notes", 5);
    LspTokensEdit edit;
    lsp_tokens_delta(t, doc, 2, &edit);
    cr_assert_eq(t->toks.size, 3, "in Notes the paths are words");
    cr_assert_eq(edit.start, 0);
    array_delete(&edit.data);
    lsp_tokens_free(t);
    core_doc_free(doc);
}

Test(tokens, legend_names)
{
    for (int i = 0; i < CORE_TOKEN_TYPE_COUNT; i++)
        cr_assert_not_null(core_token_type_name((CoreTokenType)i));
    cr_assert_null(core_token_type_name(CORE_TOKEN_TYPE_COUNT));
    cr_assert_str_eq(core_token_modifier_name(0), "done");
    cr_assert_null(core_token_modifier_name(CORE_TOKEN_MOD_COUNT));
}

/* Tokens are in column order, non-empty, inside their line, and never overlap, on every corpus-like line. */
Test(tokens, well_formed)
{
    CoreDoc *doc = core_doc_new(start_text, strlen(start_text));
    for (uint32_t l = 0; l < core_doc_line_count(doc); l++) {
        CoreToken tok[CORE_LINE_TOKENS_MAX];
        uint32_t n = core_line_tokens(doc, l, tok);
        size_t len;
        core_doc_line(doc, l, &len);
        for (uint32_t i = 0; i < n; i++) {
            cr_assert_gt(tok[i].len, 0);
            cr_assert_leq(tok[i].col + tok[i].len, len);
            if (i)
                cr_assert_geq(tok[i].col, tok[i - 1].col + tok[i - 1].len);
        }
    }
    core_doc_free(doc);
}
