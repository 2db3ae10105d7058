/* outline.c — the documentSymbol answer: symbols written as JSON, and kept per section across requests. */
#include "server/outline.h"

#include <stdlib.h>

#include "support/position.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/log.h"
#include "progress/tokens.h" /* core_doc_line_stamp */

/*
 * One section's JSON (its symbols, comma-separated, no brackets) and what it was written from. In a log the
 * section's own symbol is left open after its own children (`{"name":…,"children":[…`): the blocks nested under
 * it follow, and the writer closes it (`]}`) when a block of its level or higher comes.
 */
typedef struct {
    uint32_t header_line, end_line;
    uint32_t first_stamp, last_stamp, max_stamp; /* of lines [header_line, end_line): core_doc_max_stamp */
    uint32_t last_line;   /* the line the range ends on (in a log: in its nested blocks too) */
    uint32_t range_stamp; /* that line's stamp: the range holds while both do (core_doc_block_last_line) */
    bool newest;      /* the log's newest entry (its detail says so) */
    bool open_empty;  /* left open with no children of its own: the next block needs no comma */
    LspOutPiece *piece; /* holds the JSON at [off, off + len): one reference; answers still being written hold others */
    size_t off, len;
    size_t at;        /* where it stands in the answer being written (pieces included) */
} Chunk;

struct LspOutline {
    CoreEncoding enc;
    Array(Chunk) chunks; /* in document order */
    /* A log's blocks' entry keys (date, number), kept with their titles' stamps: a keystroke on a heading reads
       that one title again to find the newest entry, not every entry's. Handed from each outline to the next. */
    CoreEntryKeys *entry_keys;
};

static void chunk_free(Chunk *c)
{
    lsp_out_piece_release(c->piece);
}

void lsp_outline_free(struct LspOutline *outline)
{
    if (!outline)
        return;
    for (uint32_t i = 0; i < outline->chunks.size; i++)
        chunk_free(&outline->chunks.contents[i]);
    array_delete(&outline->chunks);
    core_entry_keys_free(outline->entry_keys);
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
    case CORE_SYMBOL_ENTRY: return 24;    /* Event */
    }
    return 15;
}

/*
 * Writes symbol `i` and its subtree; returns the index after the subtree. The hot loop of the largest
 * answer: each symbol's worst case is reserved once and its bytes written with the cursor writers.
 */
static size_t write_symbol(LspOut *o, const CoreDoc *doc, CoreEncoding enc, const CoreOutline *ol, size_t i, bool open)
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
    if (!sym->child_count && !open) {
        *w++ = '}';
        lsp_out_commit(o, w);
        return next;
    }
    w = lsp_out_at_lit(w, ",\"children\":[");
    o->len = (size_t)(w - o->data);
    o->comma = false;
    for (uint32_t c = 0; c < sym->child_count && next < ol->count; c++)
        next = write_symbol(o, doc, enc, ol, next, false);
    if (open) /* the nested blocks follow; close_block ends it */
        return next;
    w = lsp_out_reserve(o, 2);
    *w++ = ']';
    *w++ = '}';
    lsp_out_commit(o, w);
    return next;
}

/* Writes the symbols of section `index` into `o`; in a log (`open`) its own symbol is left open, its range `range`
   (taking in the blocks nested under it). */
static void write_section(LspOut *o, const CoreDoc *doc, CoreEncoding enc, uint32_t index, int32_t newest, bool open,
                          CoreRange range)
{
    CoreOutline ol;
    core_outline_sections_newest(doc, index, 1, newest, &ol);
    if (open && ol.count)
        ol.items[0].range = range;
    for (size_t i = 0; i < ol.count;)
        i = write_symbol(o, doc, enc, &ol, i, open && i == 0);
    core_outline_free(&ol);
}

/* Ends a log block's symbol left open by write_section. */
static void close_block(LspOut *o)
{
    char *w = lsp_out_reserve(o, 2);
    *w++ = ']';
    *w++ = '}';
    lsp_out_commit(o, w);
}

/*
 * The kept chunk for the section at lines [h, end) ending its range on `last` if its lines are where and what they
 * were when it was written, else NULL: read from the stamps alone, so that an unchanged section costs no parse.
 */
static const Chunk *reusable(const struct LspOutline *kept, uint32_t *next, const CoreDoc *doc, uint32_t h,
                             uint32_t end, uint32_t last, bool newest)
{
    if (!kept)
        return NULL;
    /* Both lists are in document order: skip the kept chunks that start before this section. */
    while (*next < kept->chunks.size && kept->chunks.contents[*next].header_line < h)
        (*next)++;
    if (*next == kept->chunks.size)
        return NULL;
    const Chunk *c = &kept->chunks.contents[*next];
    if (c->header_line != h || c->end_line != end || c->newest != newest || c->last_line != last ||
        c->range_stamp != core_doc_line_stamp(doc, last) || c->first_stamp != core_doc_line_stamp(doc, h) ||
        c->last_stamp != core_doc_line_stamp(doc, end - 1) || core_doc_max_stamp(doc, h, end) > c->max_stamp)
        return NULL;
    return c;
}

/* The log's newest entry, from the entry keys the kept outline hands over (taken from it) or fresh ones. */
static int32_t newest_entry(const CoreDoc *doc, struct LspOutline *kept, struct LspOutline *fresh)
{
    fresh->entry_keys = kept && kept->entry_keys ? kept->entry_keys : core_entry_keys_new();
    if (kept)
        kept->entry_keys = NULL;
    return core_doc_newest_entry_kept(doc, fresh->entry_keys);
}

/* Answers spliced from more kept pieces than this are gathered into one piece, which the chunks then share: a
   keystroke's answer is a few buffers (the runs of kept chunks around the rebuilt one), not one per block. */
enum { GATHER_SPLICES = 32 };

void lsp_outline_write(LspOut *o, const CoreDoc *doc, struct LspOutline **keep, CoreEncoding enc)
{
    struct LspOutline *kept = *keep && (*keep)->enc == enc ? *keep : NULL;
    struct LspOutline *fresh = core_xcalloc(1, sizeof *fresh);
    fresh->enc = enc;
    size_t total = 0;
    uint32_t n = core_doc_section_count(doc), next = 0, rebuilt = 0;
    bool log = core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE;
    int32_t newest = log ? newest_entry(doc, kept, fresh) : -1;
    uint8_t open[8]; /* a log's blocks left open, by level */
    int depth = 0;
    uint32_t *ends = log && n ? core_xmalloc(n * sizeof *ends) : NULL;
    if (ends)
        core_doc_block_ends(doc, ends);
    uint32_t lines = core_doc_line_count(doc);
    array_reserve(&fresh->chunks, n);
    lsp_out_arr_begin(o);
    for (uint32_t i = 0; i < n; i++) {
        if (log) { /* close the blocks this one is not nested in */
            uint8_t level = core_doc_block_level(doc, i);
            while (depth > 0 && open[depth - 1] >= level) {
                close_block(o);
                depth--;
            }
            open[depth++] = level;
        }
        uint32_t h = core_doc_block_line(doc, i), end = i + 1 < n ? core_doc_block_line(doc, i + 1) : lines;
        uint32_t last = core_doc_block_last_line(doc, i, ends ? ends[i] : end);
        Chunk c = {.header_line = h, .end_line = end, .last_line = last,
                   .range_stamp = core_doc_line_stamp(doc, last), .newest = (int32_t)i == newest};
        const Chunk *old = reusable(kept, &next, doc, h, end, last, c.newest);
        if (old) {
            /* Taken over: the kept outline is dropped below, its chunks' memory moves to the fresh one. The JSON
             * goes into the answer by reference: the write sends it from where it is (zero copy). */
            c = *old;
            kept->chunks.contents[next].piece = NULL;
            lsp_out_splice_range(o, c.piece, c.off, c.len);
            c.at = o->len + o->spliced - c.len;
            if (c.open_empty)
                o->comma = false;
        } else {
            CoreSection sec;
            core_doc_section(doc, i, &sec);
            if (ends && ends[i] != sec.end_line)
                sec.range = core_doc_block_range(doc, i, ends[i]);
            size_t start = o->len;
            bool comma = o->comma;
            write_section(o, doc, enc, i, newest, log, sec.range);
            /* The chunk is kept without the comma that separates it from the section before; its bytes are in the
               writer's own, at `off`, until they get a piece below. */
            c.off = start + (comma && o->len > start ? 1 : 0);
            c.len = o->len - c.off;
            c.at = c.off + o->spliced;
            c.piece = NULL;
            o->fixed = o->len; /* its bytes get their piece from where they are written */
            c.open_empty = log && !o->comma;
            c.first_stamp = core_doc_line_stamp(doc, h);
            c.last_stamp = core_doc_line_stamp(doc, end - 1);
            c.max_stamp = core_doc_max_stamp(doc, h, end);
            rebuilt++;
        }
        total += c.len;
        array_push(&fresh->chunks, c);
    }
    while (depth-- > 0)
        close_block(o);
    free(ends);
    lsp_out_arr_end(o);
    if (o->splice_count > GATHER_SPLICES) {
        /* Every chunk from one piece: the writer's whole text (the answer), which it then sends by reference too. */
        LspOutPiece *whole = lsp_out_gather(o);
        for (uint32_t i = 0; i < fresh->chunks.size; i++) {
            Chunk *c = &fresh->chunks.contents[i];
            lsp_out_piece_release(c->piece);
            c->piece = lsp_out_piece_retain(whole);
            c->off = c->at;
        }
    } else if (rebuilt) {
        /* The rebuilt chunks from one piece: a copy of what was written, not what was spliced (a keystroke: one
           block and the separators; a first answer: all of it). */
        LspOutPiece *made = lsp_out_piece_new(o->data, o->len);
        for (uint32_t i = 0; i < fresh->chunks.size; i++)
            if (!fresh->chunks.contents[i].piece)
                fresh->chunks.contents[i].piece = lsp_out_piece_retain(made);
        lsp_out_piece_release(made);
    }
    lsp_outline_free(*keep);
    *keep = fresh;
    if (total > LSP_OUTLINE_KEEP) { /* too large to keep beside the document: rebuilt each time */
        lsp_outline_free(*keep);
        *keep = NULL;
    }
}
