/* test_json_out.c — the direct JSON writer, checked against jansson's parser: escaping, invalid UTF-8, structure. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/corpus_read.h"
#include "handlers/handlers.h"
#include "support/json_out.h"
#include "support/position.h"

/* Parses what `o` holds with jansson (any value, NULs allowed); fails the test if it is not valid JSON. */
static json_t *parse(const LspOut *o)
{
    json_error_t err;
    json_t *v = json_loadb(o->data, o->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    cr_assert_not_null(v, "not JSON (%s): %.*s", err.text, (int)o->len, o->data);
    return v;
}

/* A string case: input bytes, and the bytes jansson must read back (U+FFFD is EF BF BD). */
struct str_case {
    char name[40];
    char in[24];
    size_t in_len;
    char out[40];
    size_t out_len;
};

#define CASE(name, in, out) {name, in, sizeof in - 1, out, sizeof out - 1}

ParameterizedTestParameters(json_out, strings)
{
    static struct str_case cases[] = {
        CASE("plain", "hello", "hello"),
        CASE("empty", "", ""),
        CASE("quote and backslash", "a\"b\\c", "a\"b\\c"),
        CASE("named controls", "\b\f\n\r\t", "\b\f\n\r\t"),
        CASE("other controls", "\x01\x1f\x7f", "\x01\x1f\x7f"),
        CASE("NUL inside", "a\0b", "a\0b"),
        CASE("two-byte", "\xc3\xa9", "\xc3\xa9"),
        CASE("three-byte CJK", "\xe6\x97\xa5", "\xe6\x97\xa5"),
        CASE("four-byte emoji", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"),
        CASE("largest code point", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"),
        CASE("lone continuation", "a\x80z", "a\xef\xbf\xbdz"),
        CASE("overlong slash", "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"),
        CASE("overlong three-byte", "\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
        CASE("UTF-16 surrogate", "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
        CASE("past U+10FFFF", "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
        CASE("truncated at the end", "ok\xe6\x97", "ok\xef\xbf\xbd\xef\xbf\xbd"),
        CASE("truncated then ASCII", "\xf0\x9f\x98x", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx"),
        CASE("bytes that never start one", "\xf5\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
    };
    return cr_make_param_array(struct str_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct str_case *c, json_out, strings)
{
    LspOut o;
    lsp_out_init(&o);
    lsp_out_str(&o, c->in, c->in_len);
    json_t *v = parse(&o);
    cr_assert(json_is_string(v), "%s: not a string", c->name);
    size_t len = json_string_length(v);
    cr_assert(len == c->out_len && memcmp(json_string_value(v), c->out, len) == 0, "%s: read back %zu bytes \"%.*s\"",
              c->name, len, (int)len, json_string_value(v));
    json_decref(v);
    lsp_out_free(&o);
}

/* Any bytes at all make valid JSON; bytes that are valid UTF-8 come back unchanged. */
Test(json_out, random_bytes_always_parse)
{
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char buf[32];
        size_t len = (size_t)(rand_r(&seed) % (int)sizeof buf);
        for (size_t i = 0; i < len; i++) {
            int r = rand_r(&seed) % 4;
            buf[i] = (char)(r == 0 ? rand_r(&seed) % 32 : r == 1 ? 0x80 + rand_r(&seed) % 128 : rand_r(&seed) % 256);
        }
        LspOut o;
        lsp_out_init(&o);
        lsp_out_str(&o, buf, len);
        json_t *v = parse(&o);
        json_t *direct = json_stringn_nocheck(buf, len);
        json_t *checked = json_stringn(buf, len);
        if (checked)
            cr_assert(json_equal(v, direct), "valid UTF-8 changed (round %d)", round);
        json_decref(checked);
        json_decref(direct);
        json_decref(v);
        lsp_out_free(&o);
    }
}

Test(json_out, structure_matches_jansson)
{
    LspOut o;
    lsp_out_init(&o);
    lsp_out_obj_begin(&o);
    lsp_out_key(&o, "a");
    lsp_out_arr_begin(&o);
    lsp_out_int(&o, 0);
    lsp_out_int(&o, -1);
    lsp_out_int(&o, INT64_MAX);
    lsp_out_int(&o, INT64_MIN);
    lsp_out_arr_begin(&o);
    lsp_out_arr_end(&o);
    lsp_out_obj_begin(&o);
    lsp_out_obj_end(&o);
    lsp_out_bool(&o, true);
    lsp_out_bool(&o, false);
    lsp_out_null(&o);
    lsp_out_arr_end(&o);
    lsp_out_key(&o, "key");
    lsp_out_cstr(&o, "v\"");
    lsp_out_key(&o, "raw");
    lsp_out_raw(&o, "[1,{\"x\":null}]", 14);
    lsp_out_key(&o, "embedded");
    json_t *e = json_pack("{s:[i,s]}", "x", 1, "y");
    lsp_out_json(&o, e);
    lsp_out_key(&o, "none");
    lsp_out_json(&o, NULL);
    lsp_out_obj_end(&o);
    json_t *got = parse(&o);
    json_t *want = json_pack("{s:[i,i,I,I,[],{},b,b,n], s:s, s:[i,{s:n}], s:O, s:n}", "a", 0, -1,
                             (json_int_t)INT64_MAX, (json_int_t)INT64_MIN, 1, 0, "key", "v\"", "raw", 1, "x",
                             "embedded", e, "none");
    cr_assert(json_equal(got, want), "got %.*s", (int)o.len, o.data);
    json_decref(want);
    json_decref(got);
    json_decref(e);
    lsp_out_free(&o);
}

Test(json_out, truncate_and_steal)
{
    LspOut o;
    lsp_out_init(&o);
    lsp_out_arr_begin(&o);
    size_t mark = o.len;
    lsp_out_int(&o, 1);
    lsp_out_truncate(&o, mark);
    lsp_out_int(&o, 2);
    lsp_out_arr_end(&o);
    size_t len, cap;
    char *s = lsp_out_steal(&o, &len, &cap);
    cr_assert_geq(cap, len);
    cr_assert(len == 3 && memcmp(s, "[2]", 3) == 0, "got %.*s", (int)len, s);
    cr_assert_eq(o.len, 0);
    cr_assert_null(o.data);
    free(s);
}

/* Pieces spliced by reference read as values in place (commas placed), truncation drops them, steal copies them in. */
Test(json_out, spliced_pieces)
{
    LspOutPiece *a = lsp_out_piece_new("{\"a\":1}", 7), *b = lsp_out_piece_new("\"b\"", 3),
                *empty = lsp_out_piece_new("", 0);
    LspOut o;
    lsp_out_init(&o);
    lsp_out_splice(&o, a); /* first: nothing written yet, no comma */
    cr_assert_eq(o.splice_count, 1);
    cr_assert_eq(a->refs, 2);
    lsp_out_free(&o);
    cr_assert_eq(a->refs, 1, "a freed writer releases its pieces");

    lsp_out_init(&o);
    lsp_out_arr_begin(&o);
    lsp_out_splice(&o, a);
    lsp_out_splice(&o, empty); /* an empty piece is no value: no comma, no splice */
    lsp_out_int(&o, 2);
    size_t mark = o.len;
    lsp_out_splice(&o, b);
    lsp_out_splice(&o, a);
    cr_assert_eq(o.splice_count, 3);
    lsp_out_truncate(&o, mark); /* drops the pieces spliced at or after the mark */
    cr_assert_eq(o.splice_count, 1);
    cr_assert_eq(b->refs, 1);
    cr_assert_eq(a->refs, 2);
    lsp_out_arr_end(&o);
    cr_assert_eq(o.spliced, 7);
    size_t len, cap;
    char *text = lsp_out_steal(&o, &len, &cap);
    cr_assert(len == 11 && memcmp(text, "[{\"a\":1},2]", 11) == 0, "got %.*s", (int)len, text);
    cr_assert_eq(a->refs, 1, "stealing copies the pieces in and releases them");
    cr_assert_eq(b->refs, 1);
    free(text);

    lsp_out_init(&o); /* pieces between written values */
    lsp_out_arr_begin(&o);
    lsp_out_int(&o, 1);
    lsp_out_splice(&o, b);
    lsp_out_int(&o, 3);
    lsp_out_splice(&o, a);
    lsp_out_arr_end(&o);
    text = lsp_out_steal(&o, &len, &cap);
    cr_assert(len == 17 && memcmp(text, "[1,\"b\",3,{\"a\":1}]", 17) == 0, "got %.*s", (int)len, text);
    free(text);

    /* The zero-copy path hands the pieces over as they are. */
    lsp_out_init(&o);
    lsp_out_arr_begin(&o);
    lsp_out_splice(&o, b);
    lsp_out_arr_end(&o);
    LspOutSplice *splices;
    size_t count;
    text = lsp_out_steal_spliced(&o, &len, &cap, &splices, &count);
    cr_assert(count == 1 && splices[0].at == 1 && splices[0].piece == b && len == 2 && memcmp(text, "[]", 2) == 0);
    cr_assert_eq(b->refs, 2);
    lsp_out_splices_free(splices, count);
    free(text);
    lsp_out_piece_release(a);
    lsp_out_piece_release(b);
    lsp_out_piece_release(empty);
    lsp_out_piece_release(NULL);
}

/* The writer's text, its pieces copied in, is `want`; the writer is freed. */
static void expect_text(LspOut *o, const char *want)
{
    size_t len, cap;
    char *got = lsp_out_steal(o, &len, &cap);
    cr_assert(len == strlen(want) && memcmp(got, want, len) == 0, "got %.*s", (int)len, got);
    free(got);
}

/*
 * Slices of one piece: one that continues the last slice, with exactly the bytes written since between them in the
 * piece, extends it (one buffer for a run of kept values); other bytes between, another piece, a gap in the piece or
 * bytes before `fixed` start a new one. The text is the same either way. lsp_out_gather makes the text one piece.
 */
Test(json_out, slices_side_by_side_in_one_piece_go_out_as_one)
{
    static const char kept[] = "[{\"a\":1},{\"b\":[2,{\"c\":3}]},4,5]";
    LspOutPiece *p = lsp_out_piece_new(kept, sizeof kept - 1), *q = lsp_out_piece_new("6", 1);
    LspOut o;
    lsp_out_init(&o);
    lsp_out_arr_begin(&o);
    lsp_out_splice_range(&o, p, 1, 7);  /* {"a":1} */
    lsp_out_splice_range(&o, p, 9, 17); /* the comma between them, due here, is the piece's too */
    cr_assert_eq(o.splice_count, 1);
    lsp_out_splice_range(&o, p, 27, 1); /* 4 */
    cr_assert_eq(o.splice_count, 1);
    lsp_out_splice_range(&o, p, 29, 1); /* 5 */
    lsp_out_splice(&o, q);              /* another piece */
    cr_assert_eq(o.splice_count, 2);
    lsp_out_arr_end(&o);
    cr_assert_eq(o.splices[0].len, 29);
    expect_text(&o, "[{\"a\":1},{\"b\":[2,{\"c\":3}]},4,5,6]");

    lsp_out_init(&o); /* a gap (`4` left out), and bytes written between that the piece does not hold */
    lsp_out_arr_begin(&o);
    lsp_out_splice_range(&o, p, 1, 7);
    lsp_out_splice_range(&o, p, 29, 1);
    lsp_out_int(&o, 9);
    lsp_out_splice_range(&o, p, 27, 1);
    lsp_out_arr_end(&o);
    cr_assert_eq(o.splice_count, 3);
    expect_text(&o, "[{\"a\":1},5,9,4]");

    lsp_out_init(&o); /* the same bytes written between, but before `fixed`: they stay where they are */
    lsp_out_arr_begin(&o);
    lsp_out_splice_range(&o, p, 1, 7);
    lsp_out_raw(&o, "{\"b\":[2,{\"c\":3}]}", 17);
    o.fixed = o.len;
    lsp_out_splice_range(&o, p, 27, 1);
    cr_assert_eq(o.splice_count, 2);
    size_t own = o.len;
    cr_assert_geq(own, 18, "the value written is still the writer's own");
    lsp_out_arr_end(&o);

    LspOutPiece *whole = lsp_out_gather(&o); /* the whole text as one piece, standing in the writer by reference */
    cr_assert_eq(o.len, 0);
    cr_assert_eq(o.splice_count, 1);
    cr_assert_eq(whole->refs, 1, "the writer's");
    cr_assert(whole->len == 29 && memcmp(whole->bytes, "[{\"a\":1},{\"b\":[2,{\"c\":3}]},4]", 29) == 0);
    cr_assert_eq(p->refs, 1, "the pieces gathered are released");
    lsp_out_piece_retain(whole);
    size_t len, cap;
    char *s = lsp_out_steal(&o, &len, &cap);
    cr_assert(len == 29 && memcmp(s, whole->bytes, 29) == 0);
    cr_assert_eq(whole->refs, 1, "stolen: the writer's reference released");
    lsp_out_piece_release(whole);
    free(s);
    lsp_out_piece_release(p);
    lsp_out_piece_release(q);
}

/*
 * Random strings built from tokens of every escape class, each with the bytes jansson must read back: plain
 * ASCII runs (long ones cross the writer's eight-byte blocks), quote, backslash, the named controls, the other
 * controls, DEL, NUL, valid two-, three- and four-byte UTF-8, bytes that never start a sequence, stray
 * continuation bytes, and a sequence cut short before ASCII. Every byte offset of a block boundary is hit.
 */
typedef struct {
    char *in, *want;
    size_t in_len, want_len;
} Expect;

static void put_token(Expect *e, const char *in, size_t in_len, const char *want, size_t want_len)
{
    memcpy(e->in + e->in_len, in, in_len);
    e->in_len += in_len;
    memcpy(e->want + e->want_len, want, want_len);
    e->want_len += want_len;
}

#define TOKEN(e, in, want) put_token((e), in, sizeof in - 1, want, sizeof want - 1)

static void random_token(Expect *e, unsigned *seed)
{
    static const char fffd[] = "\xef\xbf\xbd";
    char b[64];
    int kind = rand_r(seed) % 14;
    switch (kind) {
    case 0: /* a run of plain ASCII, 1 to 40 bytes */
    case 1: {
        size_t n = 1 + (size_t)(rand_r(seed) % 40);
        for (size_t i = 0; i < n; i++) {
            char c;
            do
                c = (char)(0x20 + rand_r(seed) % 0x60);
            while (c == '"' || c == '\\');
            b[i] = c;
        }
        put_token(e, b, n, b, n);
        break;
    }
    case 2: TOKEN(e, "\"", "\""); break;
    case 3: TOKEN(e, "\\", "\\"); break;
    case 4: {
        static const char named[] = "\b\f\n\r\t";
        const char *c = named + rand_r(seed) % 5;
        put_token(e, c, 1, c, 1);
        break;
    }
    case 5: { /* any control character, NUL included */
        b[0] = (char)(rand_r(seed) % 0x20);
        put_token(e, b, 1, b, 1);
        break;
    }
    case 6: TOKEN(e, "\x7f", "\x7f"); break;
    case 7: TOKEN(e, "\xc3\xa9", "\xc3\xa9"); break;
    case 8: TOKEN(e, "\xe6\x97\xa5", "\xe6\x97\xa5"); break;
    case 9: TOKEN(e, "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"); break;
    case 10: { /* a byte that never starts a sequence: C0, C1, F5..FF */
        static const unsigned char never[] = {0xc0, 0xc1, 0xf5, 0xf8, 0xfe, 0xff};
        b[0] = (char)never[rand_r(seed) % (int)sizeof never];
        put_token(e, b, 1, fffd, 3);
        break;
    }
    case 11: { /* a stray continuation byte: the token before it is always complete */
        b[0] = (char)(0x80 + rand_r(seed) % 0x40);
        put_token(e, b, 1, fffd, 3);
        break;
    }
    case 12: TOKEN(e, "\xe6\x97x", "\xef\xbf\xbd\xef\xbf\xbdx"); break;
    default: TOKEN(e, "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); break; /* a surrogate */
    }
}

Test(json_out, random_strings_of_every_escape_class)
{
    unsigned seed = 2026;
    Expect e = {malloc(4096), malloc(4096 * 3), 0, 0};
    LspOut o;
    lsp_out_init(&o);
    for (int round = 0; round < 5000; round++) {
        e.in_len = e.want_len = 0;
        /* A prefix of 0..7 plain bytes shifts everything after it across the eight-byte blocks. */
        for (int k = round % 8; k > 0; k--)
            TOKEN(&e, "p", "p");
        int tokens = rand_r(&seed) % 30;
        for (int t = 0; t < tokens; t++)
            random_token(&e, &seed);
        lsp_out_truncate(&o, 0);
        /* Inside an array after another value: the comma placement is exercised too. */
        lsp_out_arr_begin(&o);
        lsp_out_int(&o, round);
        lsp_out_str(&o, e.in, e.in_len);
        lsp_out_arr_end(&o);
        json_t *v = parse(&o);
        json_t *str = json_array_get(v, 1);
        cr_assert(json_is_string(str), "round %d: not a string", round);
        size_t len = json_string_length(str);
        cr_assert(len == e.want_len && memcmp(json_string_value(str), e.want, len) == 0,
                  "round %d: wrote %.*s", round, (int)o.len, o.data);
        cr_assert_eq(json_integer_value(json_array_get(v, 0)), round);
        json_decref(v);
    }
    lsp_out_free(&o);
    free(e.in);
    free(e.want);
}

/* Integers across every digit count and both signs, as jansson reads them. */
Test(json_out, integers_of_every_width)
{
    LspOut o;
    lsp_out_init(&o);
    int64_t values[200];
    int n = 0;
    uint64_t p = 1;
    for (int d = 0; d < 19; d++, p *= 10) {
        values[n++] = (int64_t)p;
        values[n++] = (int64_t)p - 1;
        values[n++] = -(int64_t)p;
        values[n++] = (int64_t)(p + p / 2 + 7);
    }
    values[n++] = INT64_MAX;
    values[n++] = INT64_MIN;
    lsp_out_arr_begin(&o);
    for (int i = 0; i < n; i++)
        lsp_out_int(&o, values[i]);
    lsp_out_arr_end(&o);
    json_t *v = parse(&o);
    cr_assert_eq((int)json_array_size(v), n);
    for (int i = 0; i < n; i++)
        cr_assert_eq(json_integer_value(json_array_get(v, (size_t)i)), values[i], "value %d", i);
    json_decref(v);
    lsp_out_free(&o);
}

/* Walks the answer's symbols in pre-order against the outline's, comparing what jansson reads back. */
static void check_symbols(const char *file, const CoreDoc *doc, const CoreOutline *ol, size_t *i, json_t *list)
{
    size_t k;
    json_t *sym;
    json_array_foreach(list, k, sym)
    {
        cr_assert_lt(*i, ol->count, "%s: more symbols than the outline", file);
        const CoreSymbol *want = &ol->items[(*i)++];
        const char *name = json_string_value(json_object_get(sym, "name"));
        cr_assert_not_null(name, "%s: symbol %zu has no name", file, *i - 1);
        json_t *same = json_stringn(want->name, want->name_len); /* NULL when the name is not valid UTF-8 */
        if (same && want->name_len)
            cr_assert_str_eq(name, json_string_value(same), "%s: symbol %zu", file, *i - 1);
        json_decref(same);
        CoreRange r = lsp_range_to(doc, CORE_ENC_UTF16, want->range);
        json_t *start = json_object_get(json_object_get(sym, "range"), "start");
        cr_assert_eq(json_integer_value(json_object_get(start, "line")), r.start.line, "%s", file);
        cr_assert_eq(json_integer_value(json_object_get(start, "character")), r.start.col, "%s", file);
        json_t *children = json_object_get(sym, "children");
        cr_assert_eq(children ? json_array_size(children) : 0, want->child_count, "%s: symbol %zu", file, *i - 1);
        if (children)
            check_symbols(file, doc, ol, i, children);
    }
}

/* Every corpus file's documentSymbol answer, as the handler writes it, read back by jansson. */
Test(json_out, corpus_outlines_read_back_by_jansson)
{
    char **names = corpus_list();
    for (char **n = names; *n; n++) {
        size_t len;
        char *text = corpus_read(*n, &len);
        LspServer s;
        memset(&s, 0, sizeof s);
        s.enc = CORE_ENC_UTF16;
        lsp_docs_init(&s.docs);
        lsp_docs_open(&s.docs, "file:///c.txt", text, len, 1);
        LspDoc *d = lsp_docs_get(&s.docs, "file:///c.txt");
        json_t *params = json_pack("{s:{s:s}}", "textDocument", "uri", "file:///c.txt");
        LspOut o;
        lsp_out_init(&o);
        LspReply reply = {.out = &o};
        cr_assert_eq(lsp_on_document_symbol(&s, params, &reply), 0, "%s", *n);
        json_t *v = parse(&o);
        CoreOutline ol;
        core_outline(d->doc, &ol);
        size_t i = 0;
        check_symbols(*n, d->doc, &ol, &i, v);
        cr_assert_eq(i, ol.count, "%s: %zu of %zu symbols", *n, i, ol.count);
        core_outline_free(&ol);
        json_decref(v);
        lsp_out_free(&o);
        json_decref(params);
        lsp_docs_destroy(&s.docs);
        free(text);
        free(*n);
    }
    free(names);
}
