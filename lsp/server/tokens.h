/* tokens.h — a document's semantic tokens as last sent, kept per line, and the delta to the current text. */
#ifndef LSP_TOKENS_H
#define LSP_TOKENS_H

#include <stdint.h>

#include "support/json_out.h"
#include "progress/array.h"
#include "progress/core.h"
#include "progress/tokens.h"

/* One line as it was tokenized: what identifies it, and how many tokens it had. */
typedef struct {
    uint32_t stamp;   /* core_doc_line_stamp */
    uint8_t section;  /* its section's kind, or PREAMBLE */
    uint32_t count;   /* its tokens in `toks` */
} LspTokenLine;

/* A token in the client's units, on its line. */
typedef struct {
    uint32_t col, len;
    uint16_t type, mods;
} LspToken;

typedef Array(LspToken) LspTokenArray;

typedef struct LspTokens {
    uint64_t result_id;      /* the resultId of the tokens held; 0: none */
    CoreEncoding enc;
    Array(LspTokenLine) lines;
    LspTokenArray toks;      /* every line's tokens, in document order */
} LspTokens;

/* A SemanticTokensEdit in units of the data array: replace `delete_count` integers at `start` with `data`. */
typedef struct {
    uint32_t start;
    uint32_t delete_count;
    Array(uint32_t) data; /* owned: release with array_delete */
} LspTokensEdit;

/* A new, empty cache (caller frees with lsp_tokens_free). */
LspTokens *lsp_tokens_new(void);
/* Releases the cache. NULL is ignored. */
void lsp_tokens_free(LspTokens *t);

/* Tokenizes all of `doc` (borrowed) in `enc` into `t`, recording `result_id`. */
void lsp_tokens_full(LspTokens *t, const CoreDoc *doc, CoreEncoding enc, uint64_t result_id);

/*
 * Brings `t` up to date with `doc`, re-reading only the lines between the first and the last whose
 * stamp or section kind changed, and describes the change of the data array in `edit` (initialised
 * here). `t` must hold tokens of an earlier text of the same document in `enc`.
 */
void lsp_tokens_delta(LspTokens *t, const CoreDoc *doc, uint64_t result_id, LspTokensEdit *edit);

/* Writes `t`'s tokens as LSP's relative integer array. */
void lsp_tokens_write_data(LspOut *o, const LspTokens *t);

/*
 * Writes the relative integer array of the tokens of lines [first, last] of `doc` in `enc` that end
 * after `start` and begin before `end` (byte positions): the tokens a range request asks for.
 */
void lsp_tokens_write_range(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CorePos start, CorePos end);

#endif
