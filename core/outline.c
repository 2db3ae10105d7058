/* outline.c — the document's symbols: sections, their fields, groups and items, and the items' details, in one pre-order array. */
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "model.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "progress/log.h"

/* The detail of the newest entry of a log: what an agent resumes from. */
static const char newest_detail[] = "newest entry";

typedef Array(CoreSymbol) Symbols;

/* Points the symbol's name (or detail) at the bytes of the single-line range `r`. */
static const char *text_of(const CoreDoc *doc, CoreRange r, size_t *len)
{
    *len = r.end.col - r.start.col;
    return core_doc_line(doc, r.start.line, NULL) + r.start.col;
}

/* The symbol for one line, or false for lines that are not symbols (blank, None, prose). */
static bool symbol_of(const CoreDoc *doc, const CoreEntry *e, CoreSymbol *sym)
{
    memset(sym, 0, sizeof *sym);
    sym->range = e->content;
    sym->status = e->kind == CORE_ENTRY_ITEM || e->kind == CORE_ENTRY_DETAIL ? e->status : CORE_STATUS_NONE;
    switch (e->kind) {
    case CORE_ENTRY_FIELD:
        sym->kind = CORE_SYMBOL_FIELD;
        sym->selection = e->key;
        if (e->value.end.col > e->value.start.col)
            sym->detail = text_of(doc, e->value, &sym->detail_len);
        break;
    case CORE_ENTRY_GROUP:
        sym->kind = CORE_SYMBOL_GROUP;
        sym->selection = e->label;
        break;
    case CORE_ENTRY_DETAIL:
        sym->kind = CORE_SYMBOL_DETAIL;
        sym->selection = e->item.end.col > e->item.start.col ? e->item : e->content;
        break;
    case CORE_ENTRY_ITEM:
        if (e->text.end.col == e->text.start.col)
            return false;
        if (e->has_path) {
            sym->kind = CORE_SYMBOL_PATH;
            sym->selection = e->path;
            if (e->has_annotation)
                sym->detail = text_of(doc, e->annotation, &sym->detail_len);
        } else if (e->has_signature) {
            sym->kind = CORE_SYMBOL_INTERFACE;
            sym->selection = e->sig_name;
            sym->detail = text_of(doc, e->signature, &sym->detail_len);
        } else {
            sym->kind = CORE_SYMBOL_ITEM;
            sym->selection = e->item.end.col > e->item.start.col ? e->item : e->text;
        }
        break;
    default:
        return false;
    }
    sym->name = text_of(doc, sym->selection, &sym->name_len);
    return true;
}

/* Appends `sym` under `parent`, stretching the parent's range (and its ancestors') to take it in. */
static uint32_t add(Symbols *syms, CoreSymbol sym, int32_t parent)
{
    sym.parent = parent;
    array_push(syms, sym);
    if (parent >= 0)
        syms->contents[parent].child_count++;
    for (int32_t p = parent; p >= 0; p = syms->contents[p].parent)
        if (core_pos_cmp(syms->contents[p].range.end, sym.range.end) < 0)
            syms->contents[p].range.end = sym.range.end;
    return syms->size - 1;
}

/* The further paths of a Files item naming several (`a.py`, `b.py`): siblings of the first. Returns the last one's index. */
static int32_t add_more_paths(const CoreDoc *doc, const CoreEntry *e, Symbols *syms, CoreSymbol sym, int32_t parent,
                              int32_t first)
{
    CorePathRef refs[16];
    uint32_t n = core_doc_paths(doc, e->line, refs, 16);
    int32_t last = first;
    for (uint32_t i = 1; i < n && i < 16; i++) {
        sym.selection = refs[i].path;
        sym.name = text_of(doc, sym.selection, &sym.name_len);
        sym.child_count = 0;
        last = (int32_t)add(syms, sym, parent);
    }
    return last;
}

int core_outline(const CoreDoc *doc, CoreOutline *out)
{
    int32_t newest = core_doc_newest_entry(doc);
    uint32_t n = core_doc_section_count(doc);
    if (core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE)
        return core_outline_sections_newest(doc, 0, n, newest, out);
    /* A log: each block's symbols, the block's own symbol under its parent block's. */
    Symbols syms = {0};
    struct {
        uint8_t level;
        int32_t symbol;
    } open[8]; /* the blocks enclosing the next one, by level (1 to 7) */
    int depth = 0;
    for (uint32_t i = 0; i < n; i++) {
        CoreOutline one;
        core_outline_sections_newest(doc, i, 1, newest, &one);
        uint8_t level = core_doc_block_level(doc, i);
        while (depth > 0 && open[depth - 1].level >= level)
            depth--;
        int32_t parent = depth > 0 ? open[depth - 1].symbol : -1, base = (int32_t)syms.size;
        open[depth].level = level;
        open[depth++].symbol = base;
        for (size_t k = 0; k < one.count; k++) {
            CoreSymbol sym = one.items[k];
            sym.child_count = 0;
            add(&syms, sym, sym.parent < 0 ? parent : sym.parent + base);
        }
        core_outline_free(&one);
    }
    out->items = syms.contents;
    out->count = syms.size;
    return 0;
}

int core_outline_sections(const CoreDoc *doc, uint32_t first, uint32_t count, CoreOutline *out)
{
    return core_outline_sections_newest(doc, first, count, core_doc_newest_entry(doc), out);
}

int core_outline_sections_newest(const CoreDoc *doc, uint32_t first, uint32_t count, int32_t newest, CoreOutline *out)
{
    Symbols syms = {0};
    uint32_t n = core_doc_section_count(doc);
    bool log = core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE;
    if (first > n)
        first = n;
    if (count > n - first)
        count = n - first;
    for (uint32_t i = first; i < first + count; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        CoreSymbol s = {.kind = CORE_SYMBOL_SECTION, .range = sec.range, .selection = sec.name, .parent = -1};
        if (log) {
            CoreBlock b;
            core_doc_block_read(doc, i, false, &b);
            if (b.is_entry)
                s.kind = CORE_SYMBOL_ENTRY;
            if ((int32_t)i == newest) {
                s.detail = newest_detail;
                s.detail_len = sizeof newest_detail - 1;
            }
        }
        s.name = text_of(doc, sec.name, &s.name_len);
        int32_t section = (int32_t)add(&syms, s, -1);
        int32_t group = -1, owner = -1; /* the open group label, and the item or field details attach to */
        uint32_t group_indent = 0;
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            if (e.kind == CORE_ENTRY_BLANK)
                continue;
            if (e.kind == CORE_ENTRY_ITEM && group >= 0 && e.indent < group_indent)
                group = -1; /* less indented than the label: out of its group */
            if (!symbol_of(doc, &e, &s)) {
                if (e.kind != CORE_ENTRY_DETAIL)
                    owner = -1;
                continue;
            }
            switch (e.kind) {
            case CORE_ENTRY_DETAIL:
                if (owner >= 0)
                    add(&syms, s, owner);
                break;
            case CORE_ENTRY_GROUP:
                group = (int32_t)add(&syms, s, section);
                group_indent = e.indent;
                owner = -1;
                break;
            case CORE_ENTRY_ITEM:
                owner = (int32_t)add(&syms, s, group >= 0 ? group : section);
                if (e.path_count > 1) /* details go under the last, so that they follow their parent (pre-order) */
                    owner = add_more_paths(doc, &e, &syms, s, group >= 0 ? group : section, owner);
                break;
            default:
                owner = (int32_t)add(&syms, s, section);
                break;
            }
        }
    }
    out->items = syms.contents;
    out->count = syms.size;
    return 0;
}

void core_outline_free(CoreOutline *outline)
{
    core_list_free(outline, NULL);
}
