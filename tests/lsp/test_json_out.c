/* test_json_out.c — the direct JSON writer, checked against jansson's parser: escaping, invalid UTF-8, structure. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"

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
