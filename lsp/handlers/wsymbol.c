/* wsymbol.c — workspace/symbol: sections, interfaces, next tasks and blockers of every progress file. */
#include <stdlib.h>
#include <string.h>

#include "handlers/workspace.h"
#include "support/position.h"
#include "progress/navigate.h"

/* Answers are cut here: a picker shows a screenful, and the best come first. */
enum { MAX_SYMBOLS = 1000 };

typedef struct {
    const LspProgressFile *file;
    CoreWsSymbol sym;
} Found;

static int symbol_kind(CoreWsSymbolKind kind)
{
    switch (kind) {
    case CORE_WS_SYMBOL_SECTION: return 2;    /* Module, as in the outline */
    case CORE_WS_SYMBOL_INTERFACE: return 11; /* Interface */
    case CORE_WS_SYMBOL_NEXT_TASK: return 24; /* Event: what happens next */
    case CORE_WS_SYMBOL_BLOCKER: return 8;    /* Field */
    }
    return 8;
}

/* Best score first; then by file and place, so the answer is stable. */
static int found_cmp(const void *pa, const void *pb)
{
    const Found *a = pa, *b = pb;
    if (a->sym.score != b->sym.score)
        return a->sym.score > b->sym.score ? -1 : 1;
    int c = strcmp(a->file->uri, b->file->uri);
    if (c)
        return c;
    if (a->sym.range.start.line != b->sym.range.start.line)
        return a->sym.range.start.line < b->sym.range.start.line ? -1 : 1;
    return (a->sym.kind > b->sym.kind) - (a->sym.kind < b->sym.kind);
}

int lsp_on_workspace_symbol(LspServer *s, json_t *params, LspReply *r)
{
    json_t *q = json_object_get(params, "query");
    if (!json_is_string(q))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: workspace/symbol needs a query string");
    const char *query = json_string_value(q);
    size_t query_len = json_string_length(q);
    LspWorkspaceState *w = s->workspace;
    LspProgressFileArray files = {0};
    lsp_progress_files_list(&w->files, w->ws, &s->docs, &files);
    Array(Found) found = {0};
    Array(CoreWsSymbolList) lists = {0}; /* the names are borrowed from the documents; the lists hold them */
    for (uint32_t i = 0; i < files.size; i++) {
        CoreWsSymbolList list;
        core_workspace_symbols(files.contents[i].doc, query, query_len, &list);
        for (size_t k = 0; k < list.count; k++)
            array_push(&found, ((Found){&files.contents[i], list.items[k]}));
        array_push(&lists, list);
    }
    if (found.size > 1)
        qsort(found.contents, found.size, sizeof *found.contents, found_cmp);
    LspOut *o = r->out;
    lsp_out_arr_begin(o);
    for (uint32_t i = 0; i < found.size && i < MAX_SYMBOLS; i++) {
        const Found *f = &found.contents[i];
        lsp_out_obj_begin(o);
        lsp_out_key(o, "name");
        lsp_out_str(o, f->sym.name, f->sym.name_len);
        lsp_out_key(o, "kind");
        lsp_out_int(o, symbol_kind(f->sym.kind));
        lsp_out_key(o, "location");
        lsp_out_obj_begin(o);
        lsp_out_key(o, "uri");
        lsp_out_cstr(o, f->file->uri);
        lsp_out_key(o, "range");
        lsp_range_write(o, f->file->doc, s->enc, f->sym.selection);
        lsp_out_obj_end(o);
        if (f->sym.container) {
            lsp_out_key(o, "containerName");
            lsp_out_str(o, f->sym.container, f->sym.container_len);
        }
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
    for (uint32_t i = 0; i < lists.size; i++)
        core_ws_symbol_list_free(&lists.contents[i]);
    array_delete(&lists);
    array_delete(&found);
    array_delete(&files);
    return 0;
}
