/* test_text.c — the document text: line splitting, range edits, clamping and position encodings. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

static char *text_after(const char *before, CoreEncoding enc, CoreRange r, const char *insert)
{
    CoreDoc *doc = core_doc_new(before, strlen(before));
    cr_assert_eq(core_doc_edit(doc, enc, r, insert, strlen(insert)), 0);
    size_t len;
    char *out = core_doc_text(doc, &len);
    cr_assert_eq(len, core_doc_length(doc), "length kept in step with the text");
    core_doc_free(doc);
    return out;
}

/* Criterion copies parameters into each test's process: strings live inside the struct, not behind pointers. */
struct line_case {
    char text[16];
    uint32_t lines;
};

ParameterizedTestParameters(text, line_count)
{
    static struct line_case cases[] = {
        {"", 1},          {"a", 1},         {"a\n", 2},        {"a\nb", 2},     {"a\r\nb\r\n", 3},
        {"a\rb", 2},      {"a\r\n\rb", 3},  {"\n\n\n", 4},     {"\r\r\n\n", 4},
    };
    return cr_make_param_array(struct line_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct line_case *c, text, line_count)
{
    size_t len = strlen(c->text);
    CoreDoc *doc = core_doc_new(c->text, len);
    cr_assert_eq(core_doc_line_count(doc), c->lines, "%u lines in a %zu-byte text", c->lines, len);
    core_doc_free(doc);
}

/* The initial parse moves each line into place inside the text's own buffer: every terminator, reads back whole. */
struct round_case {
    char text[24];
    size_t len; /* 0: strlen */
};

ParameterizedTestParameters(text, reads_back_whole)
{
    static struct round_case cases[] = {
        {"", 0},           {"\r", 0},         {"\n", 0},           {"\r\n", 0},          {"\r\r", 0},
        {"\n\r", 0},       {"a\r\n\rb\n", 0}, {"é\r\nà\rü\n", 0},  {"x\0\r\n\0", 5},     {"no terminator", 0},
        {"\n\n\n\n\n\n", 0}, {"ab\r\n\r\n\r\ncd", 0},
    };
    return cr_make_param_array(struct round_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct round_case *c, text, reads_back_whole)
{
    size_t len = c->len ? c->len : strlen(c->text);
    char *taken = malloc(len ? len : 1);
    memcpy(taken, c->text, len);
    CoreDoc *doc = core_doc_new_take(taken, len);
    size_t out_len;
    char *out = core_doc_text(doc, &out_len);
    cr_assert_eq(out_len, len);
    cr_assert_eq(memcmp(out, c->text, len), 0, "the text reads back byte for byte");
    free(out);
    core_doc_free(doc);
}

/* Many lines of every length and terminator: each line holds its own bytes after the moves. */
Test(text, lines_hold_their_bytes_after_the_layout)
{
    static const char *const eols[] = {"\n", "\r\n", "\r"};
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    uint32_t lines = 0;
    for (; len + 200 < cap; lines++) {
        uint32_t n = (lines * 7919u) % 97 + 1; /* lengths 1..97 in no order (an empty line after a CR would join an LF) */
        for (uint32_t k = 0; k < n; k++)
            text[len++] = (char)('a' + (lines + k) % 26);
        const char *eol = eols[lines % 3];
        memcpy(text + len, eol, strlen(eol));
        len += strlen(eol);
    }
    char *copy = malloc(len);
    memcpy(copy, text, len);
    CoreDoc *docs[] = {core_doc_new(text, len), core_doc_new_take(copy, len)}; /* copied, and laid out in place */
    for (int d = 0; d < 2; d++) {
        cr_assert_eq(core_doc_line_count(docs[d]), lines + 1);
        for (uint32_t i = 0; i < lines; i++) {
            size_t got;
            const char *line = core_doc_line(docs[d], i, &got);
            uint32_t n = (i * 7919u) % 97 + 1;
            cr_assert_eq(got, n, "line %u is %u bytes", i, n);
            for (uint32_t k = 0; k < n; k++)
                cr_assert_eq(line[k], (char)('a' + (i + k) % 26), "line %u byte %u", i, k);
        }
        core_doc_free(docs[d]);
    }
    free(text);
}

Test(text, nul_bytes_are_content)
{
    CoreDoc *doc = core_doc_new("x\0y\nz", 5);
    size_t len;
    const char *line = core_doc_line(doc, 0, &len);
    cr_assert_eq(len, 3);
    cr_assert_eq(memcmp(line, "x\0y", 3), 0);
    cr_assert_eq(core_doc_line_count(doc), 2);
    core_doc_free(doc);
}

struct edit_case {
    char before[24];
    CoreEncoding enc;
    uint32_t l0, c0, l1, c1;
    char insert[24];
    char after[24];
};

ParameterizedTestParameters(text, edits)
{
    static struct edit_case cases[] = {
        {"hello", CORE_ENC_UTF16, 0, 5, 0, 5, " world", "hello world"},
        {"hello", CORE_ENC_UTF16, 0, 0, 0, 5, "", ""},
        {"a\nb\nc", CORE_ENC_UTF16, 0, 1, 2, 0, "", "ac"},
        {"a\nb\nc", CORE_ENC_UTF16, 1, 0, 1, 1, "x\ny", "a\nx\ny\nc"},
        {"a\r\nb", CORE_ENC_UTF16, 0, 1, 0, 1, "!", "a!\r\nb"},
        {"a\r\nb", CORE_ENC_UTF16, 0, 1, 1, 0, "", "ab"},
        /* a lone CR followed by an inserted LF becomes one CRLF terminator */
        {"a\rb", CORE_ENC_UTF16, 1, 0, 1, 0, "\n", "a\r\nb"},
        {"a\rX\nb", CORE_ENC_UTF16, 1, 0, 1, 1, "", "a\r\nb"},
        {"ab\n", CORE_ENC_UTF16, 0, 2, 0, 2, "\r", "ab\r\n"},
        /* the emoji is two UTF-16 units, one UTF-32 unit, four UTF-8 bytes */
        {"a😀b", CORE_ENC_UTF16, 0, 3, 0, 3, "!", "a😀!b"},
        {"a😀b", CORE_ENC_UTF32, 0, 2, 0, 2, "!", "a😀!b"},
        {"a😀b", CORE_ENC_UTF8, 0, 5, 0, 5, "!", "a😀!b"},
        {"日本語", CORE_ENC_UTF16, 0, 1, 0, 2, "", "日語"},
        {"日本語", CORE_ENC_UTF8, 0, 3, 0, 6, "", "日語"},
        /* a column inside a character is rounded down to its start */
        {"a😀b", CORE_ENC_UTF16, 0, 2, 0, 2, "!", "a!😀b"},
        {"日本語", CORE_ENC_UTF8, 0, 4, 0, 4, "!", "日!本語"},
        /* out-of-range positions are clamped to the line's end or the document's end */
        {"abc\ndef", CORE_ENC_UTF16, 0, 99, 0, 99, "!", "abc!\ndef"},
        {"abc\ndef", CORE_ENC_UTF16, 9, 0, 9, 0, "!", "abc\ndef!"},
        {"abc\ndef", CORE_ENC_UTF16, 1, 0, 9, 9, "", "abc\n"},
        /* an end before the start is swapped, not trusted */
        {"abcdef", CORE_ENC_UTF16, 0, 4, 0, 2, "", "abef"},
        /* invalid UTF-8: each stray byte is one unit wide in every encoding */
        {"a\xff\xfe" "b", CORE_ENC_UTF16, 0, 2, 0, 3, "", "a\xff" "b"},
        {"a\xc3(b", CORE_ENC_UTF32, 0, 2, 0, 2, "!", "a\xc3!(b"},
        {"", CORE_ENC_UTF16, 0, 0, 0, 0, "=== Notes ===\r\nx", "=== Notes ===\r\nx"},
    };
    return cr_make_param_array(struct edit_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct edit_case *c, text, edits)
{
    CoreRange r = {{c->l0, c->c0}, {c->l1, c->c1}};
    char *out = text_after(c->before, c->enc, r, c->insert);
    cr_assert_str_eq(out, c->after);
    free(out);
}

struct pos_case {
    char text[16];
    CoreEncoding enc;
    uint32_t line, units;
    uint32_t byte_line, byte_col;
};

ParameterizedTestParameters(text, positions)
{
    static struct pos_case cases[] = {
        {"a😀b", CORE_ENC_UTF16, 0, 3, 0, 5},  {"a😀b", CORE_ENC_UTF32, 0, 2, 0, 5},
        {"a😀b", CORE_ENC_UTF8, 0, 5, 0, 5},   {"é", CORE_ENC_UTF16, 0, 1, 0, 2},
        {"ab\ncd", CORE_ENC_UTF16, 1, 7, 1, 2}, {"ab\ncd", CORE_ENC_UTF16, 5, 0, 1, 2},
        {"\xff\xff", CORE_ENC_UTF16, 0, 1, 0, 1},
    };
    return cr_make_param_array(struct pos_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct pos_case *c, text, positions)
{
    CoreDoc *doc = core_doc_new(c->text, strlen(c->text));
    CorePos b = core_doc_pos_from(doc, c->enc, (CorePos){c->line, c->units});
    cr_assert_eq(b.line, c->byte_line);
    cr_assert_eq(b.col, c->byte_col);
    CorePos back = core_doc_pos_to(doc, c->enc, b);
    CorePos again = core_doc_pos_from(doc, c->enc, back);
    cr_assert_eq(again.col, b.col, "round trip through units lands on the same byte");
    core_doc_free(doc);
}

Test(text, unknown_encoding_is_rejected)
{
    CoreDoc *doc = core_doc_new("abc", 3);
    CoreRange r = {{0, 0}, {0, 0}};
    cr_assert_eq(core_doc_edit(doc, (CoreEncoding)7, r, "x", 1), CORE_EINVAL);
    size_t len;
    char *t = core_doc_text(doc, &len);
    cr_assert_str_eq(t, "abc");
    free(t);
    core_doc_free(doc);
}

Test(text, in_place_edits_keep_positions_right)
{
    /* A keystroke inside a line is applied in place; its ASCII fast path must follow what the line now holds. */
    CoreDoc *doc = core_doc_new("ab\ncd", 5);
    CoreRange at1 = {{0, 1}, {0, 1}};
    core_doc_edit(doc, CORE_ENC_UTF16, at1, "😀", 4);
    CorePos p = core_doc_pos_from(doc, CORE_ENC_UTF16, (CorePos){0, 3});
    cr_assert_eq(p.col, 5, "after the emoji: byte 5, UTF-16 unit 3");
    CoreRange emoji = {{0, 1}, {0, 3}};
    core_doc_edit(doc, CORE_ENC_UTF16, emoji, "", 0);
    p = core_doc_pos_to(doc, CORE_ENC_UTF16, (CorePos){0, 2});
    cr_assert_eq(p.col, 2);
    for (int i = 0; i < 100; i++)
        core_doc_edit(doc, CORE_ENC_UTF16, at1, "x", 1); /* outgrows the line's room: moved, not overrun */
    size_t len;
    char *t = core_doc_text(doc, &len);
    cr_assert_eq(len, 105);
    cr_assert_eq(core_doc_length(doc), 105);
    cr_assert_eq(memcmp(t + 100, "xb\ncd", 5), 0);
    free(t);
    core_doc_free(doc);
}
