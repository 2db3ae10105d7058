/* fuzz_format.c — libFuzzer target: the formatter's promises and the semantic tokens' delta on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edits_apply.h"
#include "fuzz_check.h"
#include "model_meaning.h"
#include "progress/format.h"
#include "server/tokens.h"

/* The formatted text of `doc` (caller frees), its edits checked to be in order, in range and applicable. */
static char *formatted(const CoreDoc *doc, const char *text, size_t len, size_t *out_len)
{
    CoreEditList edits;
    fuzz_require(core_format(doc, NULL, 0, UINT32_MAX, &edits) == 0, "format succeeds");
    for (size_t i = 0; i < edits.count; i++)
        fuzz_require_range(doc, edits.items[i].range, "format edit");
    char *out = edits_apply(text, len, edits.items, edits.count, out_len);
    fuzz_require(out != NULL, "format edits are in order and do not overlap");
    fuzz_require(core_doc_section_count(doc) > 0 || edits.count == 0, "a file without headers is left alone");
    core_edit_list_free(&edits);
    return out;
}

/* Lossless and idempotent: fmt(x) means what x means, and fmt(fmt(x)) == fmt(x). */
static void check_format(const CoreDoc *doc, const char *text, size_t len)
{
    size_t once_len, twice_len;
    char *once = formatted(doc, text, len, &once_len);
    CoreDoc *fdoc = core_doc_new(once, once_len);
    size_t n1, n2;
    char *m1 = model_meaning_len(doc, &n1), *m2 = model_meaning_len(fdoc, &n2);
    fuzz_require(n1 == n2 && memcmp(m1, m2, n1) == 0, "the model of fmt(x) equals the model of x");
    char *twice = formatted(fdoc, once, once_len, &twice_len);
    fuzz_require(twice_len == once_len && memcmp(once, twice, once_len) == 0, "fmt(fmt(x)) == fmt(x)");
    free(m1);
    free(m2);
    free(once);
    free(twice);
    core_doc_free(fdoc);
}

/* Enter anywhere: the edits stay inside the document and apply. */
static void check_enter(const CoreDoc *doc, const char *text, size_t len, CorePos pos)
{
    CoreEditList edits;
    fuzz_require(core_format_on_enter(doc, core_doc_pos_from(doc, CORE_ENC_UTF8, pos), &edits) == 0, "on_enter");
    for (size_t i = 0; i < edits.count; i++)
        fuzz_require_range(doc, edits.items[i].range, "on_enter edit");
    char *out = edits_apply(text, len, edits.items, edits.count, NULL);
    fuzz_require(out != NULL, "on_enter edits apply");
    free(out);
    core_edit_list_free(&edits);
}

/* The tokens after an edit: the cache's delta brings it to what a fresh tokenization gives. */
static void check_tokens(CoreDoc *doc, CoreEncoding enc, CorePos a, CorePos b, const char *ins, size_t ins_len)
{
    LspTokens *cache = lsp_tokens_new(), *fresh = lsp_tokens_new();
    lsp_tokens_full(cache, doc, enc, 1);
    for (uint32_t l = 0; l < core_doc_line_count(doc); l++) {
        CoreToken tok[CORE_LINE_TOKENS_MAX];
        size_t len;
        core_doc_line(doc, l, &len);
        uint32_t n = core_line_tokens(doc, l, tok);
        for (uint32_t i = 0; i < n; i++) {
            fuzz_require(tok[i].len > 0 && tok[i].col + tok[i].len <= len, "token inside its line");
            fuzz_require(i == 0 || tok[i].col >= tok[i - 1].col + tok[i - 1].len, "tokens in order, apart");
        }
    }
    core_doc_edit(doc, enc, (CoreRange){a, b}, ins, ins_len);
    LspTokensEdit edit;
    uint32_t old_size = cache->toks.size;
    lsp_tokens_delta(cache, doc, 2, &edit);
    fuzz_require(edit.start + edit.delete_count <= old_size * 5, "the delta edits the old data");
    lsp_tokens_full(fresh, doc, enc, 2);
    fuzz_require(cache->lines.size == fresh->lines.size && cache->toks.size == fresh->toks.size &&
                     (cache->toks.size == 0 ||
                      memcmp(cache->toks.contents, fresh->toks.contents, cache->toks.size * sizeof(LspToken)) == 0),
                 "delta-updated tokens equal full tokens");
    array_delete(&edit.data);
    lsp_tokens_free(cache);
    lsp_tokens_free(fresh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    /* The first four bytes choose positions and the edit; the rest is the document. */
    uint8_t k[4] = {0};
    memcpy(k, data, size < 4 ? size : 4);
    const char *text = (const char *)data + (size < 4 ? size : 4);
    size_t len = size < 4 ? 0 : size - 4;
    CoreDoc *doc = core_doc_new(text, len);
    check_format(doc, text, len);
    uint32_t lines = core_doc_line_count(doc);
    check_enter(doc, text, len, (CorePos){k[0] % (lines + 1), k[1] % 8});
    static const char *const inserts[] = {"", "\n", "x", "=== Notes ===\n", "  ", "- [x] ", "`a.py`", "é", ":"};
    const char *ins = inserts[k[3] % (sizeof inserts / sizeof inserts[0])];
    CorePos a = {k[0] % (lines + 1), k[1] % 16}, b = {a.line + k[2] % 3, k[2] % 16};
    check_tokens(doc, (CoreEncoding)(k[3] % 3), a, b, ins, strlen(ins));
    core_doc_free(doc);
    return 0;
}
