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
    uint8_t level;    /* core_doc_block_level */
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
    int32_t newest;      /* the newest entry's block, -1 for none */
    bool log;            /* written as a log (blocks nested by level) */
    uint32_t lines;      /* the document's line count */
    uint32_t doc_stamp;  /* core_doc_last_stamp: a line with a higher stamp changed since */
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
    if (!fresh->entry_keys) {
        fresh->entry_keys = kept && kept->entry_keys ? kept->entry_keys : core_entry_keys_new();
        if (kept)
            kept->entry_keys = NULL;
    }
    return core_doc_newest_entry_kept(doc, fresh->entry_keys);
}

/* The blocks left open in a log's answer, by level: a block closes those it is not nested in. */
typedef struct {
    uint8_t open[8];
    int depth;
} Nest;

static void nest_enter(LspOut *o, Nest *nest, uint8_t level)
{
    while (nest->depth > 0 && nest->open[nest->depth - 1] >= level) {
        close_block(o);
        nest->depth--;
    }
    nest->open[nest->depth++] = level;
}

/* Takes kept chunk `c` over into the answer, by reference (the write sends it from where it is: zero copy); its
   piece moves to the fresh outline. */
static void place_kept(LspOut *o, Chunk *c)
{
    lsp_out_splice_range(o, c->piece, c->off, c->len);
    c->at = o->len + o->spliced - c->len;
    if (c->open_empty)
        o->comma = false;
}

/* Writes block `i` anew into `c` (its lines and level already set), its range taking in its blocks up to `subtree`. */
static void place_fresh(LspOut *o, const CoreDoc *doc, CoreEncoding enc, uint32_t i, int32_t newest, bool log,
                        uint32_t subtree, Chunk *c)
{
    CoreSection sec;
    core_doc_section(doc, i, &sec);
    if (log && subtree != sec.end_line)
        sec.range = core_doc_block_range(doc, i, subtree);
    size_t start = o->len;
    bool comma = o->comma;
    write_section(o, doc, enc, i, newest, log, sec.range);
    /* The chunk is kept without the comma that separates it from the section before; its bytes are in the
       writer's own, at `off`, until they get a piece (lsp_outline_write's end). */
    c->off = start + (comma && o->len > start ? 1 : 0);
    c->len = o->len - c->off;
    c->at = c->off + o->spliced;
    c->piece = NULL;
    o->fixed = o->len;
    c->open_empty = log && !o->comma;
    c->first_stamp = core_doc_line_stamp(doc, c->header_line);
    c->last_stamp = core_doc_line_stamp(doc, c->end_line - 1);
    c->max_stamp = core_doc_max_stamp(doc, c->header_line, c->end_line);
}

/* One past the blocks nested in kept chunk `i`: the next chunk of its level or a higher one (core_doc_block_ends). */
static uint32_t kept_subtree_end(const struct LspOutline *kept, uint32_t i)
{
    const Chunk *ch = kept->chunks.contents;
    for (uint32_t j = i + 1; j < kept->chunks.size; j++)
        if (ch[j].level <= ch[i].level)
            return ch[j].header_line;
    return kept->lines;
}

/*
 * The answer of a keystroke, from `kept` alone but for one block: when every line changed since it was written
 * (stamps above its doc_stamp) lies in one kept chunk, the document has as many lines and blocks, that chunk's block
 * starts and ends where it did at the same level, the newest entry is the same and the ranges of the blocks around
 * it still end where they did, every other chunk is taken over without a look at its lines (a line inserted there
 * and one deleted elsewhere would move a block's first line). Returns false, having written nothing, otherwise.
 */
static bool write_keystroke(LspOut *o, const CoreDoc *doc, CoreEncoding enc, struct LspOutline *kept,
                            struct LspOutline *fresh, uint32_t *rebuilt)
{
    uint32_t lines = core_doc_line_count(doc), n = core_doc_section_count(doc), first, last;
    bool log = core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE;
    if (!kept || lines != kept->lines || n != kept->chunks.size || log != kept->log || !n)
        return false;
    Chunk *ch = kept->chunks.contents;
    uint32_t k = n; /* the chunk written anew; n: none, nothing changed */
    int32_t newest = kept->newest;
    uint32_t subtree = lines;
    if (core_doc_newer_lines(doc, kept->doc_stamp, &first, &last)) {
        int32_t at = core_doc_section_at(doc, first); /* the block the first changed line is in now */
        if (at < 0)
            return false;
        k = (uint32_t)at;
        if (first < ch[k].header_line || last >= ch[k].end_line || core_doc_block_line(doc, k) != ch[k].header_line ||
            (k + 1 < n && core_doc_block_line(doc, k + 1) != ch[k].end_line) ||
            core_doc_block_level(doc, k) != ch[k].level)
            return false;
        if (log && first == ch[k].header_line && kept->entry_keys) { /* its title edited: the newest entry again */
            fresh->entry_keys = kept->entry_keys;
            kept->entry_keys = NULL;
            if ((newest = core_doc_newest_entry_retitled(doc, fresh->entry_keys, k)) != kept->newest)
                return false;
        } else if (log && first == ch[k].header_line) {
            return false;
        }
        /* The blocks it is nested in end their ranges where they did (their last line may be one of its lines). */
        uint8_t level = ch[k].level;
        for (uint32_t a = k; log && a-- > 0 && level > 1;) {
            if (ch[a].level >= level)
                continue;
            level = ch[a].level;
            uint32_t l = core_doc_block_last_line(doc, a, kept_subtree_end(kept, a));
            if (l != ch[a].last_line || core_doc_line_stamp(doc, l) != ch[a].range_stamp)
                return false;
        }
        subtree = log ? kept_subtree_end(kept, k) : ch[k].end_line;
    }
    if (!fresh->entry_keys) { /* the titles are as they were: the keys hold */
        fresh->entry_keys = kept->entry_keys;
        kept->entry_keys = NULL;
    }
    fresh->newest = newest;
    Nest nest = {.depth = 0};
    for (uint32_t i = 0; i < n; i++) {
        Chunk c = ch[i];
        ch[i].piece = NULL; /* moves to the fresh outline */
        if (log)
            nest_enter(o, &nest, c.level);
        if (i == k) {
            lsp_out_piece_release(c.piece);
            c.last_line = core_doc_block_last_line(doc, k, subtree);
            c.range_stamp = core_doc_line_stamp(doc, c.last_line);
            place_fresh(o, doc, enc, k, newest, log, subtree, &c);
            ++*rebuilt;
        } else {
            place_kept(o, &c);
        }
        array_push(&fresh->chunks, c);
    }
    while (nest.depth-- > 0)
        close_block(o);
    return true;
}

/* The answer block by block: each kept chunk reused while its lines, range and newest mark are unchanged. */
static void write_blocks(LspOut *o, const CoreDoc *doc, CoreEncoding enc, struct LspOutline *kept,
                         struct LspOutline *fresh, uint32_t *rebuilt)
{
    uint32_t n = core_doc_section_count(doc), next = 0;
    bool log = core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE;
    int32_t newest = fresh->newest = log ? newest_entry(doc, kept, fresh) : -1;
    Nest nest = {.depth = 0};
    uint32_t *ends = log && n ? core_xmalloc(n * sizeof *ends) : NULL;
    if (ends)
        core_doc_block_ends(doc, ends);
    uint32_t lines = core_doc_line_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t level = core_doc_block_level(doc, i);
        if (log)
            nest_enter(o, &nest, level);
        uint32_t h = core_doc_block_line(doc, i), end = i + 1 < n ? core_doc_block_line(doc, i + 1) : lines;
        uint32_t last = core_doc_block_last_line(doc, i, ends ? ends[i] : end);
        Chunk c = {.header_line = h, .end_line = end, .last_line = last, .level = level,
                   .range_stamp = core_doc_line_stamp(doc, last), .newest = (int32_t)i == newest};
        const Chunk *old = reusable(kept, &next, doc, h, end, last, c.newest);
        if (old) {
            c = *old;
            kept->chunks.contents[next].piece = NULL; /* moves to the fresh outline */
            place_kept(o, &c);
        } else {
            place_fresh(o, doc, enc, i, newest, log, ends ? ends[i] : end, &c);
            ++*rebuilt;
        }
        array_push(&fresh->chunks, c);
    }
    while (nest.depth-- > 0)
        close_block(o);
    free(ends);
}

/* Answers spliced from more kept pieces than this are gathered into one piece, which the chunks then share: a
   keystroke's answer is a few buffers (the runs of kept chunks around the rebuilt one), not one per block. */
enum { GATHER_SPLICES = 32 };

void lsp_outline_write(LspOut *o, const CoreDoc *doc, struct LspOutline **keep, CoreEncoding enc)
{
    struct LspOutline *kept = *keep && (*keep)->enc == enc ? *keep : NULL;
    struct LspOutline *fresh = core_xcalloc(1, sizeof *fresh);
    fresh->enc = enc;
    fresh->log = core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE;
    fresh->lines = core_doc_line_count(doc);
    fresh->doc_stamp = core_doc_last_stamp(doc);
    uint32_t rebuilt = 0;
    array_reserve(&fresh->chunks, core_doc_section_count(doc));
    lsp_out_arr_begin(o);
    if (!write_keystroke(o, doc, enc, kept, fresh, &rebuilt))
        write_blocks(o, doc, enc, kept, fresh, &rebuilt);
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
    size_t total = 0;
    for (uint32_t i = 0; i < fresh->chunks.size; i++)
        total += fresh->chunks.contents[i].len;
    lsp_outline_free(*keep);
    *keep = fresh;
    if (total > LSP_OUTLINE_KEEP) { /* too large to keep beside the document: rebuilt each time */
        lsp_outline_free(*keep);
        *keep = NULL;
    }
}
