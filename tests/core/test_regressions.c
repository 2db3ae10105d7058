/* test_regressions.c — inputs that once broke the core (most found by tests/fuzz), kept as specifications. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "model_equal.h"
#include "progress/core.h"

/* One edit on a small text; the edited model must equal a full parse of the edited text. */
struct edit_case {
    char before[32];
    CoreEncoding enc;
    uint32_t l0, c0, l1, c1;
    char insert[16];
    char why[80];
};

ParameterizedTestParameters(regressions, edits_match_full_parse)
{
    static struct edit_case cases[] = {
        /* fuzz_edits: a line emptied in place after a lone CR; its LF pairs with that CR into one CRLF */
        {"a\rx\nb", CORE_ENC_UTF16, 1, 0, 1, 1, "", "line emptied after a lone CR"},
        {"=== Notes ===\rx\n- a", CORE_ENC_UTF8, 1, 0, 1, 1, "", "header line, then an emptied line"},
        /* the same join reached from the other side: the CR typed at the end of the line before */
        {"a\n\nb", CORE_ENC_UTF16, 0, 1, 1, 0, "\r", "CR typed before an empty line"},
        /* emptied lines that must stay separate: no lone CR before them */
        {"a\r\nx\nb", CORE_ENC_UTF16, 1, 0, 1, 1, "", "line emptied after a CRLF"},
        {"a\rx", CORE_ENC_UTF16, 1, 0, 1, 1, "", "last line emptied after a lone CR"},
    };
    return cr_make_param_array(struct edit_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct edit_case *c, regressions, edits_match_full_parse)
{
    CoreDoc *inc = core_doc_new(c->before, strlen(c->before));
    CoreEntryKeys *keys = core_entry_keys_new(); /* read before the edit, then kept across it */
    core_doc_newest_entry_kept(inc, keys);
    CoreRange r = {{c->l0, c->c0}, {c->l1, c->c1}};
    cr_assert_eq(core_doc_edit(inc, c->enc, r, c->insert, strlen(c->insert)), 0);
    size_t len;
    char *text = core_doc_text(inc, &len);
    CoreDoc *full = core_doc_new(text, len);
    uint32_t at;
    const char *diff = model_diff(inc, keys, full, &at);
    cr_assert_null(diff, "%s: %s %u differs from the full parse", c->why, diff, at);
    core_doc_free(full);
    free(text);
    core_entry_keys_free(keys);
    core_doc_free(inc);
}

/* fuzz_core: an indented malformed header reads as a header (core_doc_entry), so it is never a detail with an owner. */
Test(regressions, indented_malformed_header_is_no_detail)
{
    static const char text[] = "=== Notes ===\n- item\n    == Known Issues\n";
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreEntry e;
    cr_assert_eq(core_doc_entry(doc, 2, &e), 0);
    cr_expect(e.kind != CORE_ENTRY_DETAIL, "the malformed header is an entry of kind %d, not a detail", e.kind);
    cr_expect_eq(core_doc_detail_owner(doc, 2), -1);
    cr_expect_eq(core_doc_item_end(doc, 1), 2, "the item above ends before it");
    core_doc_free(doc);
}
