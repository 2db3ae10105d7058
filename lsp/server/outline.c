/* outline.c — the documentSymbol answer: symbols written as JSON, and kept per section across requests. */
#include "server/outline.h"

#include <stdlib.h>

#include "support/position.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/tokens.h" /* core_doc_line_stamp */

/* One section's JSON (its symbols, comma-separated, no brackets) and what it was written from. */
typedef struct {
    uint32_t header_line, end_line;
    uint32_t *stamps; /* of lines [header_line, end_line) */
    LspOutPiece *json; /* one reference; answers still being written hold others */
} Chunk;

struct LspOutline {
    CoreEncoding enc;
    Array(Chunk) chunks; /* in document order */
};

static void chunk_free(Chunk *c)
{
    free(c->stamps);
    lsp_out_piece_release(c->json);
}

void lsp_outline_free(struct LspOutline *outline)
{
    if (!outline)
        return;
    for (uint32_t i = 0; i < outline->chunks.size; i++)
        chunk_free(&outline->chunks.contents[i]);
    array_delete(&outline->chunks);
    free(outline);
}

/* LSP SymbolKind for each CoreSymbolKind. */
static int symbol_kind(CoreSymbolKind kind)
{
    switch (kind) {
    case CORE_SYMBOL_SECTION: return 2;   /* Module */
    case CORE_SYMBOL_FIELD: return 8;     /* Field */
    case CORE_SYMBOL_ITEM: return 15;     /* String */
    case CORE_SYMBOL_PATH: return 1;      /* File */
    case CORE_SYMBOL_INTERFACE: return 11; /* Interface */
    case CORE_SYMBOL_GROUP: return 3;     /* Namespace */
    case CORE_SYMBOL_DETAIL: return 7;    /* Property */
    }
    return 15;
}

/*
 * Writes symbol `i` and its subtree; returns the index after the subtree. The hot loop of the largest
 * answer: each symbol's worst case is reserved once and its bytes written with the cursor writers.
 */
static size_t write_symbol(LspOut *o, const CoreDoc *doc, CoreEncoding enc, const CoreOutline *ol, size_t i)
{
    const CoreSymbol *sym = &ol->items[i];
    /* Clients reject an empty name or a selection outside the range (VS Code drops the whole outline). */
    CoreRange sel = sym->selection;
    if (core_pos_cmp(sel.start, sym->range.start) < 0 || core_pos_cmp(sym->range.end, sel.end) < 0 ||
        core_pos_cmp(sel.end, sel.start) < 0)
        sel = sym->range;
    const char *name = sym->name_len ? sym->name : "(empty)";
    size_t name_len = sym->name_len ? sym->name_len : 7;
    size_t detail_len = sym->detail ? sym->detail_len : 0;
    char *w = lsp_out_sep(o, LSP_OUT_STR_ROOM(name_len) + LSP_OUT_STR_ROOM(detail_len) + 2 * LSP_OUT_RANGE_ROOM + 96);
    w = lsp_out_at_lit(w, "{\"name\":");
    w = lsp_out_at_str(w, name, name_len);
    if (detail_len) {
        w = lsp_out_at_lit(w, ",\"detail\":");
        w = lsp_out_at_str(w, sym->detail, detail_len);
    }
    w = lsp_out_at_lit(w, ",\"kind\":");
    w = lsp_out_at_uint(w, (unsigned)symbol_kind(sym->kind));
    w = lsp_out_at_lit(w, ",\"range\":");
    w = lsp_out_at_range(w, lsp_range_to(doc, enc, sym->range));
    w = lsp_out_at_lit(w, ",\"selectionRange\":");
    w = lsp_out_at_range(w, lsp_range_to(doc, enc, sel));
    if (sym->status == CORE_STATUS_DROPPED) /* struck through in the outline */
        w = lsp_out_at_lit(w, ",\"tags\":[1]"); /* SymbolTag.Deprecated */
    size_t next = i + 1;
    if (!sym->child_count) {
        *w++ = '}';
        lsp_out_commit(o, w);
        return next;
    }
    w = lsp_out_at_lit(w, ",\"children\":[");
    o->len = (size_t)(w - o->data);
    o->comma = false;
    for (uint32_t c = 0; c < sym->child_count && next < ol->count; c++)
        next = write_symbol(o, doc, enc, ol, next);
    w = lsp_out_reserve(o, 2);
    *w++ = ']';
    *w++ = '}';
    lsp_out_commit(o, w);
    return next;
}

/* Writes the symbols of section `index` into `o`. */
static void write_section(LspOut *o, const CoreDoc *doc, CoreEncoding enc, uint32_t index)
{
    CoreOutline ol;
    core_outline_sections(doc, index, 1, &ol);
    for (size_t i = 0; i < ol.count;)
        i = write_symbol(o, doc, enc, &ol, i);
    core_outline_free(&ol);
}

/* The kept chunk for `sec` if its lines are where and what they were when it was written, else NULL. */
static const Chunk *reusable(const struct LspOutline *kept, uint32_t *next, const CoreDoc *doc, const CoreSection *sec)
{
    if (!kept)
        return NULL;
    /* Both lists are in document order: skip the kept chunks that start before this section. */
    while (*next < kept->chunks.size && kept->chunks.contents[*next].header_line < sec->header_line)
        (*next)++;
    if (*next == kept->chunks.size)
        return NULL;
    const Chunk *c = &kept->chunks.contents[*next];
    if (c->header_line != sec->header_line || c->end_line != sec->end_line)
        return NULL;
    for (uint32_t l = sec->header_line; l < sec->end_line; l++)
        if (core_doc_line_stamp(doc, l) != c->stamps[l - sec->header_line])
            return NULL;
    return c;
}

void lsp_outline_write(LspOut *o, const CoreDoc *doc, struct LspOutline **keep, CoreEncoding enc)
{
    struct LspOutline *kept = *keep && (*keep)->enc == enc ? *keep : NULL;
    struct LspOutline *fresh = core_xcalloc(1, sizeof *fresh);
    fresh->enc = enc;
    size_t total = 0;
    uint32_t n = core_doc_section_count(doc), next = 0;
    lsp_out_arr_begin(o);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        Chunk c = {.header_line = sec.header_line, .end_line = sec.end_line};
        const Chunk *old = reusable(kept, &next, doc, &sec);
        if (old) {
            /* Taken over: the kept outline is dropped below, its chunks' memory moves to the fresh one. The JSON
             * goes into the answer by reference: the write sends it from here (zero copy). */
            c = *old;
            kept->chunks.contents[next].json = NULL;
            kept->chunks.contents[next].stamps = NULL;
            lsp_out_splice(o, c.json);
        } else {
            size_t start = o->len;
            bool comma = o->comma;
            write_section(o, doc, enc, i);
            /* The chunk is kept without the comma that separates it from the section before. */
            size_t from = start + (comma && o->len > start ? 1 : 0);
            c.json = lsp_out_piece_new(o->data + from, o->len - from);
            uint32_t lines = sec.end_line - sec.header_line;
            c.stamps = core_xmalloc(sizeof *c.stamps * (lines ? lines : 1));
            for (uint32_t l = 0; l < lines; l++)
                c.stamps[l] = core_doc_line_stamp(doc, sec.header_line + l);
        }
        total += c.json->len;
        array_push(&fresh->chunks, c);
    }
    lsp_out_arr_end(o);
    lsp_outline_free(*keep);
    *keep = fresh;
    if (total > LSP_OUTLINE_KEEP) { /* too large to keep beside the document: rebuilt each time */
        lsp_outline_free(*keep);
        *keep = NULL;
    }
}
