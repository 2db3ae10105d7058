/* test_json_string.c — a large message's document text, found and decoded apart: exactly as jansson reads it. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "support/json_string.h"

/*
 * Decodes the inside of a token both ways and asserts they agree: both refuse it, or both read the same bytes.
 * Returns whether jansson accepted it.
 */
static bool agrees_with_jansson(const char *inside, size_t len)
{
    char *token = malloc(len + 2);
    token[0] = '"';
    memcpy(token + 1, inside, len);
    token[len + 1] = '"';
    json_error_t err;
    json_t *want = json_loadb(token, len + 2, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    free(token);
    char *got = NULL;
    size_t got_len = 0;
    int rc = lsp_json_string_decode(inside, len, &got, &got_len);
    if (!want) {
        cr_assert_lt(rc, 0, "jansson refuses %.*s (%s); the decoder accepted it", (int)len, inside, err.text);
        return false;
    }
    cr_assert_eq(rc, 0, "jansson reads %.*s; the decoder refused it", (int)len, inside);
    cr_assert_eq(got_len, json_string_length(want), "length of %.*s", (int)len, inside);
    cr_assert_eq(memcmp(got, json_string_value(want), got_len), 0, "bytes of %.*s", (int)len, inside);
    cr_assert_leq(got_len, len, "a decoded string is never longer than its token");
    free(got);
    json_decref(want);
    return true;
}

struct token_case {
    char inside[24];
    size_t len; /* 0: strlen */
    bool valid;
};

ParameterizedTestParameters(json_string, tokens)
{
    static struct token_case cases[] = {
        {"plain text", 0, true},
        {"", 0, true},
        {"\\\"\\\\\\/", 0, true},              /* quote, backslash, slash */
        {"\\b\\f\\n\\r\\t", 0, true},          /* the named controls */
        {"\\u0041\\u00e9\\u65E5", 0, true},    /* 1, 2 and 3 UTF-8 bytes; either case of hex */
        {"\\u0000x", 0, true},                 /* a NUL is document text */
        {"\\ud83d\\ude80", 0, true},           /* a surrogate pair: one 4-byte character */
        {"é日🚀\x7f", 0, true},                 /* raw UTF-8 and DEL pass as they are */
        {"\\ud83d", 0, false},                 /* a high surrogate alone */
        {"\\ud83dx\\ude80", 0, false},         /* ... not followed by its low half */
        {"\\ud83d\\u0041", 0, false},          /* ... followed by another escape */
        {"\\ude80", 0, false},                 /* a low surrogate alone */
        {"\\x", 0, false},                     /* no such escape */
        {"\\u12G4", 0, false},                 /* not hex */
        {"\\u12", 0, false},                   /* cut short */
        {"\\", 0, false},                      /* a backslash at the end */
        {"a\tb", 0, false},                    /* a raw control character */
        {"a\0b", 3, false},                    /* a raw NUL */
        {"\x80", 0, false},                    /* a continuation byte alone */
        {"\xc0\x80", 0, false},                /* an overlong NUL */
        {"\xe0\x80\x80", 0, false},            /* an overlong 3-byte form */
        {"\xed\xa0\x80", 0, false},            /* a raw surrogate */
        {"\xf4\x90\x80\x80", 0, false},        /* past U+10FFFF */
        {"\xf5\x80\x80\x80", 0, false},        /* no such lead byte */
        {"\xe6\x97", 0, false},                /* a character cut short */
        {"a\"b", 0, false},                    /* a quote the token should have ended at */
    };
    return cr_make_param_array(struct token_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct token_case *c, json_string, tokens)
{
    size_t len = c->len ? c->len : strlen(c->inside);
    cr_assert_eq(agrees_with_jansson(c->inside, len), c->valid, "%s is %s JSON string", c->inside,
                 c->valid ? "a" : "not a");
}

/* Random tokens from pieces of every class, valid and not: the decoder and jansson agree on each. */
Test(json_string, random_tokens_agree_with_jansson)
{
    static const char *const pieces[] = {
        "abc", " ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001f", "\\u00e9",
        "\\u20AC", "\\uFFFF", "\\ud83d\\ude80", "\\uDBFF\\uDFFF", "é", "日本", "🚀", "\x7f", "\\ud83d", "\\ude80",
        "\\q", "\\u00", "\x01", "\x80", "\xc3", "\xed\xa0\x80", "\xf0\x9f\x9a", "\xff",
    };
    uint32_t seed = 12345, valid = 0;
    char buf[256];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        int count = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 8;
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        valid += agrees_with_jansson(buf, len);
    }
    cr_assert(valid > 1000 && valid < 19000, "both kinds were tried (%u of 20000 valid)", valid);
}

struct largest_case {
    char body[64];
    char want[24]; /* the token, quotes included; "" when there is none */
};

ParameterizedTestParameters(json_string, largest)
{
    static struct largest_case cases[] = {
        {"{\"a\":\"xx\",\"bbbbbb\":\"y\"}", "\"xx\""},          /* a key is not a value */
        {"{\"t\" : \"a\\\"b\\\\\", \"u\":\"c\"}", "\"a\\\"b\\\\\""}, /* escaped quote, escaped backslash */
        {"[\"one\", \"three\" ]", "\"three\""},
        {"{\"k\"\n:\n\"v\"}", "\"v\""},                          /* whitespace before the colon */
        {"{\"n\": 12345678}", ""},
        {"{\"open\": \"never closed", ""},
        {"\"top\"", "\"top\""},
    };
    return cr_make_param_array(struct largest_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct largest_case *c, json_string, largest)
{
    size_t start = 0, end = 0;
    size_t n = lsp_json_string_largest(c->body, strlen(c->body), &start, &end);
    cr_assert_eq(n, strlen(c->want), "in %s", c->body);
    if (n) {
        cr_assert_eq(end - start, n);
        cr_assert_eq(memcmp(c->body + start, c->want, n), 0, "in %s: %.*s", c->body, (int)n, c->body + start);
    }
}
