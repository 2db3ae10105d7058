/* docs.h — the open documents: a hash map from URI to the document, its version and cached analyses. */
#ifndef LSP_DOCS_H
#define LSP_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "support/jsonrpc.h"
#include "progress/core.h"

typedef struct LspDoc {
    char *uri;           /* owned */
    CoreDoc *doc;        /* owned */
    int64_t version;     /* the client's version of the text */
    uint64_t generation; /* unique per text across the session: the pull diagnostics resultId */
    bool diags_valid;
    /*
     * Not a progress file: neither its name (core_name_is_progress_file) nor the client's languageId
     * ("progresstxt") says it is one — a README.txt a client attached because it maps every .txt (Claude Code's
     * plugin). It gets no diagnostics, hints, lenses or evidence, answered at once.
     */
    bool foreign;
    bool publish_due;    /* diagnostics to push at the next lsp_diagnostics_flush */
    CoreDiagList diags;  /* owned; valid while diags_valid (see diagnostics.h) */
    /* A further source of diagnostics, appended after the text's own (the work state's); may be NULL. */
    void (*more_diags)(void *data, struct LspDoc *d, const CoreOptions *opts, CoreDiagList *list);
    void *more_diags_data;
    struct LspTokens *tokens; /* owned: the semantic tokens last sent (tokens.h), or NULL */
    struct LspOutline *outline; /* owned: the documentSymbol JSON kept per section (outline.h), or NULL */
    CoreDiagCache *diag_cache; /* owned: each section's findings kept between passes (core_diagnose_cached), or NULL */
    /* owned: a log's entry keys for this text (log.h), so the evidence's pass on each push finds the newest entry
       without reading every title (CoreEvidence.entry_keys); made anew with the text */
    struct CoreEntryKeys *entry_keys;
    struct LspDoc *next; /* the bucket chain */
} LspDoc;

typedef struct {
    LspDoc **buckets;
    uint32_t bucket_count; /* a power of two, or 0 */
    uint32_t count;
    uint64_t generation; /* the last generation handed out */
    size_t closed_bytes; /* text closed since the allocator last handed memory back */
} LspDocs;

void lsp_docs_init(LspDocs *docs);
/* Releases every document. */
void lsp_docs_destroy(LspDocs *docs);

/* The open document `uri` (borrowed, NUL-terminated), or NULL. The result is borrowed from `docs`. */
LspDoc *lsp_docs_get(const LspDocs *docs, const char *uri);

/*
 * The open document named by params.textDocument.uri (borrowed). Returns 0 and *doc (borrowed), or
 * LSP_ERR_INVALID_PARAMS with the reply's message set (no such field, or the document is not open).
 */
int lsp_params_doc(const LspDocs *docs, const json_t *params, LspReply *r, LspDoc **doc);

/*
 * The open document and the byte position (clamped to it) a positional request is about:
 * params.textDocument.uri and params.position in `enc`. Returns 0, or LSP_ERR_INVALID_PARAMS with the
 * reply's message set.
 */
int lsp_params_doc_pos(const LspDocs *docs, CoreEncoding enc, const json_t *params, LspReply *r, LspDoc **doc,
                       CorePos *pos);

/*
 * The open document and the range a ranged request (`what`, for the message) is about:
 * params.textDocument.uri and params.range, lines and characters as sent. Returns 0, or
 * LSP_ERR_INVALID_PARAMS with the reply's message set.
 */
int lsp_params_doc_range(const LspDocs *docs, const json_t *params, const char *what, LspReply *r, LspDoc **doc,
                         CoreRange *range);

/* Opens `uri` with `text` (both borrowed), replacing any document already open there. Borrowed result. */
LspDoc *lsp_docs_open(LspDocs *docs, const char *uri, const char *text, size_t len, int64_t version);
/* The same, taking `text` (malloc'd): the document is built in it (core_doc_new_take). */
LspDoc *lsp_docs_open_take(LspDocs *docs, const char *uri, char *text, size_t len, int64_t version);

/* Closes `uri`. Returns 0 or UV_ENOENT when it was not open. */
int lsp_docs_close(LspDocs *docs, const char *uri);

/* Iterates: pass *cursor = 0 first; returns NULL after the last document. Do not open or close meanwhile. */
LspDoc *lsp_docs_next(const LspDocs *docs, uint32_t *cursor, LspDoc *prev);

/* Drops the cached analyses after the text (or the options they depend on) changed. */
void lsp_docs_changed(LspDocs *docs, LspDoc *d);

/*
 * Replaces the whole text of `d` with `text` (borrowed): a new CoreDoc, whose line stamps start again, so
 * the caches keyed on stamps (semantic tokens, outline, diagnostics) are dropped too. Calls lsp_docs_changed.
 */
void lsp_doc_replace(LspDocs *docs, LspDoc *d, const char *text, size_t len);
/* The same, taking `text` (malloc'd). */
void lsp_doc_replace_take(LspDocs *docs, LspDoc *d, char *text, size_t len);

#endif
