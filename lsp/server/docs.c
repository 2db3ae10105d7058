/* docs.c — the open-document map (chained hashing on the URI) and each document's cached diagnostics. */
#include "server/docs.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "platform/platform.h"
#include "support/position.h"
#include "progress/alloc.h"
#include "server/outline.h"
#include "server/tokens.h"
#include "progress/hash.h"
#include "progress/log.h"

static uint32_t hash(const char *uri)
{
    return core_fnv1a(uri, strlen(uri));
}

void lsp_docs_init(LspDocs *docs)
{
    memset(docs, 0, sizeof *docs);
}

static void doc_free(LspDoc *d)
{
    if (d->diags_valid)
        core_diag_list_free(&d->diags);
    core_doc_free(d->doc);
    lsp_tokens_free(d->tokens);
    lsp_outline_free(d->outline);
    core_diag_cache_free(d->diag_cache);
    core_entry_keys_free(d->entry_keys);
    free(d->uri);
    free(d);
}

void lsp_docs_destroy(LspDocs *docs)
{
    for (uint32_t i = 0; i < docs->bucket_count; i++) {
        LspDoc *d = docs->buckets[i];
        while (d) {
            LspDoc *next = d->next;
            doc_free(d);
            d = next;
        }
    }
    free(docs->buckets);
    lsp_docs_init(docs);
}

static LspDoc **slot(const LspDocs *docs, const char *uri)
{
    if (!docs->bucket_count)
        return NULL;
    LspDoc **p = &docs->buckets[hash(uri) & (docs->bucket_count - 1)];
    while (*p && strcmp((*p)->uri, uri) != 0)
        p = &(*p)->next;
    return p;
}

LspDoc *lsp_docs_get(const LspDocs *docs, const char *uri)
{
    LspDoc **p = slot(docs, uri);
    return p ? *p : NULL;
}

int lsp_params_doc(const LspDocs *docs, const json_t *params, LspReply *r, LspDoc **doc)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    if (!uri)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: textDocument.uri must be a string");
    *doc = lsp_docs_get(docs, uri);
    if (!*doc)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: %s is not open", uri);
    return 0;
}

int lsp_params_doc_pos(const LspDocs *docs, CoreEncoding enc, const json_t *params, LspReply *r, LspDoc **doc,
                       CorePos *pos)
{
    int err = lsp_params_doc(docs, params, r, doc);
    if (err)
        return err;
    if (lsp_pos_parse_bytes(json_object_get(params, "position"), (*doc)->doc, enc, pos) < 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: position must be {line, character}");
    return 0;
}

int lsp_params_doc_range(const LspDocs *docs, const json_t *params, const char *what, LspReply *r, LspDoc **doc,
                         CoreRange *range)
{
    int err = lsp_params_doc(docs, params, r, doc);
    if (err)
        return err;
    if (lsp_range_parse(json_object_get(params, "range"), range) < 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: %s needs a range", what);
    return 0;
}

static void grow(LspDocs *docs)
{
    uint32_t count = docs->bucket_count ? docs->bucket_count * 2 : 16;
    LspDoc **buckets = core_xcalloc(count, sizeof *buckets);
    for (uint32_t i = 0; i < docs->bucket_count; i++) {
        LspDoc *d = docs->buckets[i];
        while (d) {
            LspDoc *next = d->next;
            uint32_t b = hash(d->uri) & (count - 1);
            d->next = buckets[b];
            buckets[b] = d;
            d = next;
        }
    }
    free(docs->buckets);
    docs->buckets = buckets;
    docs->bucket_count = count;
}

/* A document of `taken` (handed over) or else of `text` (borrowed; core_doc_new sizes its copy to the lines). */
static CoreDoc *doc_new(const char *text, char *taken, size_t len)
{
    return taken ? core_doc_new_take(taken, len) : core_doc_new(text, len);
}

static void replace_doc(LspDocs *docs, LspDoc *d, const char *text, char *taken, size_t len)
{
    lsp_docs_changed(docs, d);
    core_doc_free(d->doc); /* first: the old and the new document are not held at once */
    d->doc = doc_new(text, taken, len);
    lsp_tokens_free(d->tokens); /* line stamps start again in the new document */
    d->tokens = NULL;
    lsp_outline_free(d->outline);
    d->outline = NULL;
    core_diag_cache_free(d->diag_cache);
    d->diag_cache = NULL;
    core_entry_keys_free(d->entry_keys);
    d->entry_keys = core_entry_keys_new();
}

static LspDoc *open_doc(LspDocs *docs, const char *uri, const char *text, char *taken, size_t len, int64_t version)
{
    LspDoc *d = lsp_docs_get(docs, uri);
    if (d) {
        replace_doc(docs, d, text, taken, len);
    } else {
        if (docs->count + 1 > docs->bucket_count / 4 * 3)
            grow(docs);
        d = core_xcalloc(1, sizeof *d);
        d->uri = core_xstrndup(uri, strlen(uri));
        LspDoc **p = slot(docs, uri);
        *p = d;
        docs->count++;
        d->doc = doc_new(text, taken, len);
        d->entry_keys = core_entry_keys_new();
    }
    d->version = version;
    d->generation = ++docs->generation;
    return d;
}

LspDoc *lsp_docs_open(LspDocs *docs, const char *uri, const char *text, size_t len, int64_t version)
{
    return open_doc(docs, uri, text, NULL, len, version);
}

LspDoc *lsp_docs_open_take(LspDocs *docs, const char *uri, char *text, size_t len, int64_t version)
{
    return open_doc(docs, uri, NULL, text, len, version);
}

/*
 * glibc keeps freed heap pages resident unless they sit at the top of the heap, so a session that opened and
 * closed many documents would stay at its peak: hand the pages back once the closed documents add up to
 * TRIM_BYTES, and whenever the last one closes (clangd trims for the same reason).
 */
enum { TRIM_BYTES = 8 << 20 };

static void give_back(LspDocs *docs)
{
    if (docs->closed_bytes < TRIM_BYTES && docs->count > 0)
        return;
    docs->closed_bytes = 0;
    lsp_platform_heap_trim();
}

int lsp_docs_close(LspDocs *docs, const char *uri)
{
    LspDoc **p = slot(docs, uri);
    if (!p || !*p)
        return UV_ENOENT;
    LspDoc *d = *p;
    *p = d->next;
    docs->closed_bytes += core_doc_length(d->doc);
    doc_free(d);
    docs->count--;
    give_back(docs);
    return 0;
}

LspDoc *lsp_docs_next(const LspDocs *docs, uint32_t *cursor, LspDoc *prev)
{
    if (prev && prev->next)
        return prev->next;
    while (*cursor < docs->bucket_count) {
        LspDoc *d = docs->buckets[(*cursor)++];
        if (d)
            return d;
    }
    return NULL;
}

void lsp_docs_changed(LspDocs *docs, LspDoc *d)
{
    d->generation = ++docs->generation;
    if (d->diags_valid) {
        core_diag_list_free(&d->diags);
        d->diags_valid = false;
    }
}

void lsp_doc_replace(LspDocs *docs, LspDoc *d, const char *text, size_t len)
{
    replace_doc(docs, d, text, NULL, len);
}

void lsp_doc_replace_take(LspDocs *docs, LspDoc *d, char *text, size_t len)
{
    replace_doc(docs, d, NULL, text, len);
}
