/* handlers_outline.c — textDocument/documentSymbol (hierarchical, from core_outline) and foldingRange (per section). */
#include "handlers.h"
#include "position.h"

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

int lsp_on_document_symbol(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    CoreOutline ol;
    if (core_outline(d->doc, &ol) < 0)
        return lsp_reply_error(r, LSP_ERR_INTERNAL, "Internal error: no outline for %s", d->uri);
    lsp_out_arr_begin(r->out);
    for (size_t i = 0; i < ol.count;)
        i = write_symbol(r->out, d->doc, s->enc, &ol, i);
    lsp_out_arr_end(r->out);
    core_outline_free(&ol);
    return 0;
}

int lsp_on_folding_range(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    LspOut *o = r->out;
    lsp_out_arr_begin(o);
    uint32_t n = core_doc_section_count(d->doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        if (core_doc_section(d->doc, i, &sec) < 0 || sec.range.end.line <= sec.header_line)
            continue;
        lsp_out_obj_begin(o);
        lsp_out_key(o, "startLine");
        lsp_out_int(o, sec.header_line);
        lsp_out_key(o, "endLine");
        lsp_out_int(o, sec.range.end.line);
        lsp_out_key(o, "kind");
        lsp_out_cstr(o, "region");
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
    return 0;
}
