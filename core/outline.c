/* outline.c — the document's symbols: each section, then its fields or items, in one pre-order array. */
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"

typedef Array(CoreSymbol) Symbols;

/* Points the symbol's name (or detail) at the bytes of the single-line range `r`. */
static const char *text_of(const CoreDoc *doc, CoreRange r, size_t *len)
{
    *len = r.end.col - r.start.col;
    return core_doc_line(doc, r.start.line, NULL) + r.start.col;
}

/* The child symbol for one line of a section, or false for lines that are not symbols (blank, None, prose). */
static bool child_of(const CoreDoc *doc, const CoreEntry *e, CoreSymbol *sym)
{
    memset(sym, 0, sizeof *sym);
    sym->range = e->content;
    if (e->kind == CORE_ENTRY_FIELD) {
        sym->kind = CORE_SYMBOL_FIELD;
        sym->selection = e->key;
        if (e->value.end.col > e->value.start.col)
            sym->detail = text_of(doc, e->value, &sym->detail_len);
    } else if (e->kind != CORE_ENTRY_ITEM || e->text.end.col == e->text.start.col) {
        return false;
    } else if (e->has_path) {
        sym->kind = CORE_SYMBOL_PATH;
        sym->selection = e->path;
        if (e->has_annotation)
            sym->detail = text_of(doc, e->annotation, &sym->detail_len);
    } else if (e->has_signature) {
        sym->kind = CORE_SYMBOL_INTERFACE;
        sym->selection = e->sig_name;
        sym->detail = text_of(doc, e->body, &sym->detail_len);
    } else {
        sym->kind = CORE_SYMBOL_ITEM;
        sym->selection = e->text;
    }
    sym->name = text_of(doc, sym->selection, &sym->name_len);
    return true;
}

int core_outline(const CoreDoc *doc, CoreOutline *out)
{
    Symbols syms = {0};
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        uint32_t parent = syms.size;
        CoreSymbol s = {.kind = CORE_SYMBOL_SECTION, .range = sec.range, .selection = sec.name, .parent = -1};
        s.name = text_of(doc, sec.name, &s.name_len);
        array_push(&syms, s);
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            if (!child_of(doc, &e, &s))
                continue;
            s.parent = (int32_t)parent;
            array_push(&syms, s);
            syms.contents[parent].child_count++;
        }
    }
    out->items = syms.contents;
    out->count = syms.size;
    return 0;
}

void core_outline_free(CoreOutline *outline)
{
    if (!outline)
        return;
    free(outline->items);
    outline->items = NULL;
    outline->count = 0;
}
