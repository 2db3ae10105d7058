/* tokens.c — semantic tokens in the client's units, cached per line so that a delta re-reads only changed lines. */
#include "server/tokens.h"

#include <stdlib.h>

enum { PREAMBLE = 0xFF }; /* the section "kind" of lines before the first header */

LspTokens *lsp_tokens_new(void)
{
    return core_xcalloc(1, sizeof(LspTokens));
}

void lsp_tokens_free(LspTokens *t)
{
    if (!t)
        return;
    array_delete(&t->lines);
    array_delete(&t->toks);
    free(t);
}

/* Walks the section kinds of lines in order, one header at a time (a binary search per line would cost more). */
typedef struct {
    const CoreDoc *doc;
    uint32_t next;     /* the next section's index */
    uint32_t next_line;/* its header line, or UINT32_MAX */
    uint8_t kind;      /* the kind of the section the walk is in */
} SectionWalk;

static void walk_init(SectionWalk *w, const CoreDoc *doc, uint32_t line)
{
    int32_t at = core_doc_section_at(doc, line);
    w->doc = doc;
    w->kind = PREAMBLE;
    if (at >= 0) {
        CoreSection sec;
        core_doc_section(doc, (uint32_t)at, &sec);
        w->kind = (uint8_t)sec.kind;
    }
    w->next = (uint32_t)(at + 1);
    CoreSection next;
    w->next_line = core_doc_section(doc, w->next, &next) == 0 ? next.header_line : UINT32_MAX;
}

/* The section kind of `line`: lines must come in ascending order. */
static uint8_t walk_kind(SectionWalk *w, uint32_t line)
{
    while (line >= w->next_line) {
        CoreSection sec;
        core_doc_section(w->doc, w->next, &sec);
        w->kind = (uint8_t)sec.kind;
        w->next++;
        CoreSection next;
        w->next_line = core_doc_section(w->doc, w->next, &next) == 0 ? next.header_line : UINT32_MAX;
    }
    return w->kind;
}

/* The same walk upwards: lines must come in descending order. */
typedef struct {
    const CoreDoc *doc;
    int32_t at;        /* the section the walk is in, -1 for the preamble */
    uint32_t top;      /* its header line (0 for the preamble) */
    uint8_t kind;
} SectionWalkBack;

static void back_enter(SectionWalkBack *w, int32_t at)
{
    CoreSection sec;
    w->at = at;
    w->kind = PREAMBLE;
    w->top = 0;
    if (at >= 0 && core_doc_section(w->doc, (uint32_t)at, &sec) == 0) {
        w->kind = (uint8_t)sec.kind;
        w->top = sec.header_line;
    }
}

static uint8_t back_kind(SectionWalkBack *w, uint32_t line)
{
    while (w->at >= 0 && line < w->top)
        back_enter(w, w->at - 1);
    return w->kind;
}

/* Converts the `n` tokens `tok` of `line` to `enc` units into `out`. */
static void convert(const CoreDoc *doc, CoreEncoding enc, uint32_t line, const CoreToken *tok, uint32_t n, LspToken *out)
{
    for (uint32_t i = 0; i < n; i++) {
        uint32_t a = tok[i].col, b = tok[i].col + tok[i].len;
        if (enc != CORE_ENC_UTF8) {
            a = core_doc_pos_to(doc, enc, (CorePos){line, a}).col;
            b = core_doc_pos_to(doc, enc, (CorePos){line, b}).col;
        }
        out[i] = (LspToken){a, b - a, tok[i].type, tok[i].mods};
    }
}

/* Tokenizes `line` of `doc` in `enc` onto the end of `toks`; returns how many tokens it has. */
static uint32_t line_tokens(const CoreDoc *doc, CoreEncoding enc, uint32_t line, LspTokenArray *toks)
{
    CoreToken tok[CORE_LINE_TOKENS_MAX];
    uint32_t n = core_line_tokens(doc, line, tok);
    if (n == 0) /* the array may still be NULL: no pointer arithmetic on it (found by fuzz_format) */
        return 0;
    if (toks->size + n > toks->capacity)
        array_reserve(toks, toks->capacity * 2 > toks->size + n ? toks->capacity * 2 : toks->size + n);
    convert(doc, enc, line, tok, n, toks->contents + toks->size);
    toks->size += n;
    return n;
}

void lsp_tokens_full(LspTokens *t, const CoreDoc *doc, CoreEncoding enc, uint64_t result_id)
{
    uint32_t lines = core_doc_line_count(doc);
    array_clear(&t->lines);
    array_clear(&t->toks);
    array_reserve(&t->lines, lines);
    t->enc = enc;
    t->result_id = result_id;
    SectionWalk w;
    walk_init(&w, doc, 0);
    for (uint32_t l = 0; l < lines; l++) {
        uint32_t n = line_tokens(doc, enc, l, &t->toks);
        LspTokenLine tl = {core_doc_line_stamp(doc, l), walk_kind(&w, l), n};
        array_push(&t->lines, tl);
    }
}

/* The five integers of token `k` on `line`, relative to the token before it (on `prev_line`, at `prev_col`). */
static void put_token(uint32_t *out, const LspToken *k, uint32_t line, uint32_t prev_line, uint32_t prev_col)
{
    out[0] = line - prev_line;
    out[1] = line == prev_line ? k->col - prev_col : k->col;
    out[2] = k->len;
    out[3] = k->type;
    out[4] = k->mods;
}

void lsp_tokens_delta(LspTokens *t, const CoreDoc *doc, uint64_t result_id, LspTokensEdit *edit)
{
    uint32_t old_n = t->lines.size, new_n = core_doc_line_count(doc);
    LspTokenLine *old = t->lines.contents;

    /* The unchanged lines at the top, counting their tokens and remembering where the last one was. */
    SectionWalk w;
    walk_init(&w, doc, 0);
    uint32_t p = 0, before = 0, prev_line = 0, prev_col = 0;
    while (p < old_n && p < new_n && old[p].stamp == core_doc_line_stamp(doc, p) && old[p].section == walk_kind(&w, p)) {
        if (old[p].count) {
            prev_line = p;
            prev_col = t->toks.contents[before + old[p].count - 1].col;
        }
        before += old[p].count;
        p++;
    }
    /* The unchanged lines at the bottom. */
    uint32_t s = 0;
    SectionWalkBack back = {.doc = doc};
    back_enter(&back, new_n ? core_doc_section_at(doc, new_n - 1) : -1);
    while (s < old_n - p && s < new_n - p && old[old_n - 1 - s].stamp == core_doc_line_stamp(doc, new_n - 1 - s) &&
           old[old_n - 1 - s].section == back_kind(&back, new_n - 1 - s))
        s++;
    uint32_t old_mid = 0;
    for (uint32_t l = p; l < old_n - s; l++)
        old_mid += old[l].count;
    uint32_t after = before + old_mid; /* the first token of the unchanged bottom */

    /* Re-read the lines in between. */
    uint32_t mid_lines = new_n - s - p;
    LspTokenArray fresh = {0};
    Array(LspTokenLine) fresh_lines = {0};
    array_reserve(&fresh_lines, mid_lines);
    walk_init(&w, doc, p);
    for (uint32_t l = p; l < new_n - s; l++) {
        uint32_t n = line_tokens(doc, t->enc, l, &fresh);
        LspTokenLine tl = {core_doc_line_stamp(doc, l), walk_kind(&w, l), n};
        array_push(&fresh_lines, tl);
    }

    /* The edit: the middle tokens, and the first bottom token whose distance to the one before it changed. */
    edit->start = before * 5;
    edit->delete_count = old_mid * 5;
    array_init(&edit->data);
    array_reserve(&edit->data, (fresh.size + 1) * 5);
    uint32_t k = 0;
    for (uint32_t l = p; l < new_n - s; l++) {
        for (uint32_t i = 0; i < fresh_lines.contents[l - p].count; i++, k++) {
            array_grow_by(&edit->data, 5);
            put_token(edit->data.contents + edit->data.size - 5, &fresh.contents[k], l, prev_line, prev_col);
            prev_line = l;
            prev_col = fresh.contents[k].col;
        }
    }
    if (after < t->toks.size) {
        uint32_t line = new_n - s; /* the bottom's first line with a token */
        for (uint32_t l = old_n - s; old[l].count == 0; l++)
            line++;
        array_grow_by(&edit->data, 5);
        put_token(edit->data.contents + edit->data.size - 5, &t->toks.contents[after], line, prev_line, prev_col);
        edit->delete_count += 5;
    }

    /* The cache becomes the new text's. */
    array_splice_gap(&t->lines, p, old_n - s - p, mid_lines);
    if (mid_lines)
        memcpy(t->lines.contents + p, fresh_lines.contents, mid_lines * sizeof *fresh_lines.contents);
    array_splice_gap(&t->toks, before, old_mid, fresh.size);
    if (fresh.size)
        memcpy(t->toks.contents + before, fresh.contents, fresh.size * sizeof *fresh.contents);
    t->result_id = result_id;
    array_delete(&fresh);
    array_delete(&fresh_lines);
}

void lsp_tokens_write_data(LspOut *o, const LspTokens *t)
{
    lsp_out_arr_begin(o);
    uint32_t k = 0, prev_line = 0, prev_col = 0, v[5];
    for (uint32_t l = 0; l < t->lines.size; l++) {
        for (uint32_t i = 0; i < t->lines.contents[l].count; i++, k++) {
            put_token(v, &t->toks.contents[k], l, prev_line, prev_col);
            for (int j = 0; j < 5; j++)
                lsp_out_int(o, v[j]);
            prev_line = l;
            prev_col = t->toks.contents[k].col;
        }
    }
    lsp_out_arr_end(o);
}

void lsp_tokens_write_range(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CorePos start, CorePos end)
{
    lsp_out_arr_begin(o);
    uint32_t prev_line = 0, prev_col = 0, v[5];
    LspToken tok[CORE_LINE_TOKENS_MAX];
    CoreToken raw[CORE_LINE_TOKENS_MAX];
    for (uint32_t l = start.line; l <= end.line && l < core_doc_line_count(doc); l++) {
        uint32_t n = core_line_tokens(doc, l, raw);
        convert(doc, enc, l, raw, n, tok);
        for (uint32_t i = 0; i < n; i++) {
            if ((l == start.line && raw[i].col + raw[i].len <= start.col) || (l == end.line && raw[i].col >= end.col))
                continue;
            put_token(v, &tok[i], l, prev_line, prev_col);
            for (int j = 0; j < 5; j++)
                lsp_out_int(o, v[j]);
            prev_line = l;
            prev_col = tok[i].col;
        }
    }
    lsp_out_arr_end(o);
}
