/* test_framer.c — the Content-Length framer: whole, split and batched input; bad headers; over-limit bodies. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/framer.h"

/*
 * A case: the input stream, and the frames expected from it written as "M<body>" for a message,
 * "B" for a bad header and "L<length>" for an over-limit body, separated by '|'. Each case runs with
 * the input fed whole, one byte at a time, and in chunks of 2, 3 and 7 bytes.
 */
struct frame_case {
    char name[48];
    char input[200];
    char frames[120];
};

ParameterizedTestParameters(framer, frames)
{
    static struct frame_case cases[] = {
        {"one message", "Content-Length: 2\r\n\r\n{}", "M{}"},
        {"two messages", "Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]", "M{}|M[1]"},
        {"header name in any case", "content-LENGTH: 2\r\n\r\n{}", "M{}"},
        {"Content-Type before the length", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
                                           "Content-Length: 2\r\n\r\n{}", "M{}"},
        {"spaces around the value", "Content-Length:   2  \r\n\r\n{}", "M{}"},
        {"bare newlines", "Content-Length: 2\n\n{}", "M{}"},
        {"blank lines between messages", "\r\n\r\nContent-Length: 2\r\n\r\n{}", "M{}"},
        {"empty body", "Content-Length: 0\r\n\r\nContent-Length: 1\r\n\r\nx", "M|Mx"},
        {"a number that is not one", "Content-Length: 2x\r\n\r\n{}Content-Length: 1\r\n\r\n1", "B|M1"},
        {"no length at all", "Content-Type: a\r\n\r\n{}Content-Length: 1\r\n\r\n1", "B|M1"},
        {"two different lengths", "Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}Content-Length: 1\r\n\r\n1",
         "B|M1"},
        {"a line without a colon", "hello\r\nContent-Length: 1\r\n\r\n1", "B|M1"},
        {"over the limit", "Content-Length: 40\r\n\r\n0123456789012345678901234567890123456789"
                           "Content-Length: 1\r\n\r\n1", "L40|M1"},
        {"limit exactly", "Content-Length: 32\r\n\r\n01234567890123456789012345678901", "M01234567890123456789012345678901"},
        {"overflowing length", "Content-Length: 999999999999999999999999999\r\n\r\nContent-Length: 1\r\n\r\n1",
         "B|M1"},
        {"incomplete message", "Content-Length: 5\r\n\r\n{}", ""},
    };
    return cr_make_param_array(struct frame_case, cases, sizeof cases / sizeof cases[0]);
}

/* Appends a frame in the case notation to `out`. */
static void describe(char *out, size_t cap, const LspFrame *f)
{
    size_t n = strlen(out);
    if (n)
        out[n++] = '|';
    switch (f->kind) {
    case LSP_FRAME_MESSAGE:
        snprintf(out + n, cap - n, "M%.*s", (int)f->len, f->body);
        break;
    case LSP_FRAME_BAD_HEADER:
        cr_assert_not_null(f->reason);
        snprintf(out + n, cap - n, "B");
        break;
    case LSP_FRAME_TOO_LARGE:
        snprintf(out + n, cap - n, "L%zu", f->len);
        break;
    case LSP_FRAME_NONE:
        break;
    }
}

ParameterizedTest(struct frame_case *c, framer, frames)
{
    static const size_t chunks[] = {0, 1, 2, 3, 7};
    size_t len = strlen(c->input);
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        size_t chunk = chunks[k] ? chunks[k] : len;
        LspFramer f;
        lsp_framer_init(&f, 32);
        char got[400] = "";
        for (size_t at = 0; at < len; at += chunk) {
            lsp_framer_feed(&f, c->input + at, at + chunk > len ? len - at : chunk);
            LspFrame fr;
            while (lsp_framer_next(&f, &fr) != LSP_FRAME_NONE)
                describe(got, sizeof got, &fr);
        }
        cr_assert_str_eq(got, c->frames, "%s, fed %zu bytes at a time", c->name, chunk);
        lsp_framer_destroy(&f);
    }
}

Test(framer, bodies_stay_valid_until_the_next_feed)
{
    static const char input[] = "Content-Length: 3\r\n\r\nabcContent-Length: 3\r\n\r\ndefContent-Length: 3\r\n\r\ngh";
    LspFramer f;
    lsp_framer_init(&f, LSP_FRAME_MAX_BODY);
    lsp_framer_feed(&f, input, sizeof input - 1);
    LspFrame a, b, none;
    cr_assert_eq(lsp_framer_next(&f, &a), LSP_FRAME_MESSAGE);
    cr_assert_eq(lsp_framer_next(&f, &b), LSP_FRAME_MESSAGE);
    cr_assert_eq(lsp_framer_next(&f, &none), LSP_FRAME_NONE, "the third body is incomplete");
    cr_assert_eq(memcmp(a.body, "abc", 3), 0);
    cr_assert_eq(memcmp(b.body, "def", 3), 0);
    lsp_framer_feed(&f, "i", 1);
    cr_assert_eq(lsp_framer_next(&f, &a), LSP_FRAME_MESSAGE);
    cr_assert_eq(memcmp(a.body, "ghi", 3), 0);
    lsp_framer_destroy(&f);
}

Test(framer, release_gives_back_a_big_buffer_once_it_is_consumed)
{
    size_t body = 2 * LSP_FRAME_KEEP;
    char header[64];
    int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", body);
    char *big = malloc(body);
    memset(big, 'x', body);
    LspFramer f;
    lsp_framer_init(&f, LSP_FRAME_MAX_BODY);
    lsp_framer_feed(&f, header, (size_t)n);
    lsp_framer_feed(&f, big, body - 1);
    LspFrame fr;
    cr_assert_eq(lsp_framer_next(&f, &fr), LSP_FRAME_NONE);
    lsp_framer_release(&f);
    cr_assert_gt(f.buf.size, 0, "an incomplete message is kept");
    lsp_framer_feed(&f, big, 1);
    cr_assert_eq(lsp_framer_next(&f, &fr), LSP_FRAME_MESSAGE);
    cr_assert_eq(fr.len, body);
    cr_assert_gt(f.buf.capacity, LSP_FRAME_KEEP);
    lsp_framer_release(&f);
    cr_assert_eq(f.buf.capacity, 0, "the consumed big buffer is given back");
    cr_assert_eq(f.buf.size, 0);
    lsp_framer_feed(&f, "Content-Length: 2\r\n\r\nok", 23);
    cr_assert_eq(lsp_framer_next(&f, &fr), LSP_FRAME_MESSAGE);
    cr_assert_eq(memcmp(fr.body, "ok", 2), 0);
    lsp_framer_destroy(&f);
    free(big);
}

Test(framer, a_skipped_body_is_never_buffered)
{
    LspFramer f;
    lsp_framer_init(&f, 1024);
    static const char header[] = "Content-Length: 100000000\r\n\r\n";
    lsp_framer_feed(&f, header, sizeof header - 1);
    LspFrame fr;
    cr_assert_eq(lsp_framer_next(&f, &fr), LSP_FRAME_TOO_LARGE);
    cr_assert_eq(fr.len, 100000000);
    static char chunk[65536];
    memset(chunk, 'x', sizeof chunk);
    for (size_t sent = 0; sent < 100000000; sent += sizeof chunk) {
        size_t n = 100000000 - sent < sizeof chunk ? 100000000 - sent : sizeof chunk;
        lsp_framer_feed(&f, chunk, n);
        cr_assert_eq(lsp_framer_next(&f, &fr), LSP_FRAME_NONE);
    }
    cr_assert_leq(f.buf.capacity, 4096, "skipped bytes were buffered: capacity %u", f.buf.capacity);
    lsp_framer_feed(&f, "Content-Length: 2\r\n\r\nok", 23);
    cr_assert_eq(lsp_framer_next(&f, &fr), LSP_FRAME_MESSAGE);
    cr_assert_eq(memcmp(fr.body, "ok", 2), 0);
    lsp_framer_destroy(&f);
}

Test(framer, an_endless_header_is_bad_not_buffered_forever)
{
    LspFramer f;
    lsp_framer_init(&f, LSP_FRAME_MAX_BODY);
    char junk[1000];
    memset(junk, 'a', sizeof junk);
    int bad = 0;
    LspFrame fr;
    for (int i = 0; i < 100; i++) {
        lsp_framer_feed(&f, junk, sizeof junk);
        while (lsp_framer_next(&f, &fr) != LSP_FRAME_NONE)
            bad += fr.kind == LSP_FRAME_BAD_HEADER;
    }
    cr_assert_eq(bad, 1, "one bad header reported, then bytes dropped while resynchronising");
    cr_assert_leq(f.buf.size - f.pos, LSP_FRAME_MAX_HEADER + sizeof junk);
    lsp_framer_feed(&f, "Content-Length: 2\r\n\r\n{}", 23);
    cr_assert_eq(lsp_framer_next(&f, &fr), LSP_FRAME_MESSAGE);
    lsp_framer_destroy(&f);
}
