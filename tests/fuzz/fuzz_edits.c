/* fuzz_edits.c — libFuzzer target: random edit scripts applied incrementally must equal a full parse of the result
   (and diagnostics kept between passes a fresh pass). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edits_apply.h"
#include "fuzz_check.h"
#include "model_equal.h"

/*
 * Input: a 2-byte little-endian length and that many bytes of initial text, then edits of 6 bytes each
 * (encoding, start line, start column, end line, end column, text length) followed by their text. An
 * encoding byte of 3 modulo 4 is an unknown encoding, which must be refused and change nothing; with bit 0x40 set
 * no diagnose pass follows the edit.
 */
enum { MAX_INSERT = 24 };

typedef struct {
    const uint8_t *p;
    size_t left;
} Input;

static uint8_t take_byte(Input *in)
{
    if (in->left == 0)
        return 0;
    in->left--;
    return *in->p++;
}

static const char *take_bytes(Input *in, size_t *n)
{
    if (*n > in->left)
        *n = in->left;
    const char *s = (const char *)in->p;
    in->p += *n;
    in->left -= *n;
    return s;
}

/* The diagnostics of `inc` read with what `cache` kept equal a fresh pass over `full`, item for item. */
static void require_same_diagnostics(const CoreDoc *inc, CoreDiagCache *cache, const CoreDoc *full)
{
    CoreDiagList kept, fresh;
    fuzz_require(core_diagnose_cached(inc, NULL, cache, NULL, NULL, &kept) == 0, "cached diagnose succeeds");
    fuzz_require(core_diagnose(full, NULL, &fresh) == 0, "diagnose succeeds");
    fuzz_require(kept.count == fresh.count, "cached diagnostics: as many as a fresh pass");
    for (size_t i = 0; i < fresh.count; i++) {
        const CoreDiag *k = &kept.items[i], *f = &fresh.items[i];
        fuzz_require(k->code == f->code && k->severity == f->severity && core_pos_cmp(k->range.start, f->range.start) == 0 &&
                         core_pos_cmp(k->range.end, f->range.end) == 0 && strcmp(k->message, f->message) == 0 &&
                         k->has_related == f->has_related && k->suggestion == f->suggestion,
                     "cached diagnostic equals the fresh pass's");
        fuzz_require(!f->has_related || (core_pos_cmp(k->related.start, f->related.start) == 0 &&
                                         strcmp(k->related_message, f->related_message) == 0),
                     "cached diagnostic's related place equals the fresh pass's");
    }
    core_diag_list_free(&kept);
    core_diag_list_free(&fresh);
}

/* The incremental document holds `text` and agrees with a fresh parse of it on every line, entry and section; and,
   `cache` not NULL, its cached diagnostics with a fresh pass's. */
static void require_same_model(const CoreDoc *inc, CoreDiagCache *cache, CoreEntryKeys *keys, const char *text,
                               size_t len)
{
    size_t inc_len = 0;
    char *inc_text = core_doc_text(inc, &inc_len);
    fuzz_require(inc_len == len && memcmp(inc_text, text, len) == 0, "edited text equals the reference text");
    free(inc_text);

    CoreDoc *full = core_doc_new(text, len);
    uint32_t at;
    const char *diff = model_diff(inc, keys, full, &at);
    if (diff) {
        fprintf(stderr, "incremental model differs from the full parse: %s %u\n", diff, at);
        abort();
    }
    if (cache)
        require_same_diagnostics(inc, cache, full);
    core_doc_free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Input in = {data, size};
    size_t len = take_byte(&in);
    len |= (size_t)take_byte(&in) << 8;
    const char *initial = take_bytes(&in, &len);

    char *ref = malloc(len + 1);
    memcpy(ref, initial, len);
    CoreDoc *doc = core_doc_new(ref, len);
    CoreDiagCache *cache = core_diag_cache_new();
    CoreEntryKeys *keys = core_entry_keys_new();

    while (in.left > 0) {
        uint8_t how = take_byte(&in);
        int enc = how % 4;
        CoreDiagCache *pass = how & 0x40 ? NULL : cache; /* no pass after this edit: the next sees two at once */
        CoreRange r;
        r.start.line = take_byte(&in);
        r.start.col = take_byte(&in);
        r.end.line = take_byte(&in);
        r.end.col = take_byte(&in);
        size_t n = take_byte(&in) % (MAX_INSERT + 1);
        const char *insert = take_bytes(&in, &n);

        if (enc == 3) {
            fuzz_require(core_doc_edit(doc, (CoreEncoding)enc, r, insert, n) == CORE_EINVAL, "unknown encoding");
            require_same_model(doc, pass, keys, ref, len);
            continue;
        }
        /* The reference edit: the same clamping (pos_from) and swapping, applied to the bytes directly. */
        CorePos a = core_doc_pos_from(doc, (CoreEncoding)enc, r.start);
        CorePos b = core_doc_pos_from(doc, (CoreEncoding)enc, r.end);
        if (b.line < a.line || (b.line == a.line && b.col < a.col)) {
            CorePos t = a;
            a = b;
            b = t;
        }
        long from = edits_offset(ref, len, a);
        long to = edits_offset(ref, len, b);
        fuzz_require(from >= 0 && to >= from, "clamped positions are inside the text");
        size_t new_len = len - (size_t)(to - from) + n;
        char *next = malloc(new_len + 1);
        memcpy(next, ref, (size_t)from);
        memcpy(next + from, insert, n);
        memcpy(next + from + n, ref + to, len - (size_t)to);
        free(ref);
        ref = next;
        len = new_len;

        fuzz_require(core_doc_edit(doc, (CoreEncoding)enc, r, insert, n) == 0, "edit succeeds");
        require_same_model(doc, pass, keys, ref, len);
    }
    free(ref);
    core_diag_cache_free(cache);
    core_entry_keys_free(keys);
    core_doc_free(doc);
    return 0;
}
