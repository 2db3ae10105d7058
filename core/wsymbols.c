/* wsymbols.c — a document's symbols for a workspace-wide search: sections, interfaces, the next task, blockers. */
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "progress/array.h"
#include "progress/log.h"
#include "progress/navigate.h"

typedef Array(CoreWsSymbol) WsSymbols;

static const char *bytes_of(const CoreDoc *doc, CoreRange r, size_t *len)
{
    *len = r.end.col - r.start.col;
    return core_doc_line(doc, r.start.line, NULL) + r.start.col;
}

/* A value that says there is nothing: `None`, `none.`, `-` or `n/a` (what agents write for no blocker). */
static bool says_nothing(const char *s, size_t n)
{
    while (n && s[n - 1] == '.')
        n--;
    static const char *const words[] = {"none", "-", "n/a", "nothing"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t wl = strlen(words[w]);
        if (n != wl)
            continue;
        size_t i = 0;
        while (i < n && (s[i] | 0x20) == (words[w][i] | 0x20))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Keeps `sym` when its name matches the query (scoring it). */
static void offer(WsSymbols *out, CoreWsSymbol sym, const char *query, size_t query_len)
{
    if (!sym.name_len)
        return;
    sym.score = query_len ? core_fuzzy_score(query, query_len, sym.name, sym.name_len) : 0;
    if (sym.score >= 0)
        array_push(out, sym);
}

/*
 * A log's next steps or blockers, as its current state reads them from the newest entry (progress/log.h): the
 * value on the label's line (`**Next task:** x`) and each line listed under it, when it says something.
 */
static void state_part(const CoreDoc *doc, const CoreStatePart *part, CoreWsSymbolKind kind, const char *query,
                       size_t query_len, WsSymbols *out)
{
    const char *container = core_field_name(kind == CORE_WS_SYMBOL_NEXT_TASK ? CORE_FIELD_NEXT_TASK : CORE_FIELD_BLOCKERS);
    for (uint32_t l = part->first_line; part->has && l < part->end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        CoreRange r = l == part->first_line ? part->value : e.body;
        if (l == part->first_line && r.start.line != l)
            continue; /* the label's value is the first item: read on its own line */
        if (e.kind == CORE_ENTRY_BLANK || e.kind == CORE_ENTRY_HEADER || e.has_placeholder ||
            r.end.col <= r.start.col)
            continue;
        CoreWsSymbol c = {.kind = kind, .range = e.content, .selection = r, .container = container,
                          .container_len = strlen(container)};
        c.name = bytes_of(doc, r, &c.name_len);
        if (!says_nothing(c.name, c.name_len))
            offer(out, c, query, query_len);
    }
}

int core_workspace_symbols(const CoreDoc *doc, const char *query, size_t query_len, CoreWsSymbolList *out)
{
    WsSymbols syms = {0};
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        CoreWsSymbol s = {.kind = CORE_WS_SYMBOL_SECTION, .range = sec.range, .selection = sec.name};
        s.name = bytes_of(doc, sec.name, &s.name_len);
        offer(&syms, s, query, query_len);
        if (sec.kind != CORE_SECTION_SESSION_STATE && sec.kind != CORE_SECTION_INTERFACES)
            continue;
        bool under_blockers = false; /* the lines after an empty `Blockers:` list the blockers */
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            CoreWsSymbol c = {.range = e.content};
            if (e.kind == CORE_ENTRY_FIELD || e.kind == CORE_ENTRY_BLANK || e.kind == CORE_ENTRY_GROUP)
                under_blockers = e.kind == CORE_ENTRY_FIELD && e.field == CORE_FIELD_BLOCKERS &&
                                 e.value.end.col == e.value.start.col;
            if (sec.kind == CORE_SECTION_INTERFACES && e.kind == CORE_ENTRY_ITEM && e.has_signature) {
                c.kind = CORE_WS_SYMBOL_INTERFACE;
                c.selection = e.sig_name;
                c.container = bytes_of(doc, sec.name, &c.container_len);
            } else if (e.kind == CORE_ENTRY_FIELD &&
                       (e.field == CORE_FIELD_NEXT_TASK || e.field == CORE_FIELD_BLOCKERS)) {
                c.kind = e.field == CORE_FIELD_NEXT_TASK ? CORE_WS_SYMBOL_NEXT_TASK : CORE_WS_SYMBOL_BLOCKER;
                c.selection = e.value;
            } else if (under_blockers && (e.kind == CORE_ENTRY_DETAIL || e.kind == CORE_ENTRY_TEXT ||
                                          e.kind == CORE_ENTRY_ITEM)) {
                c.kind = CORE_WS_SYMBOL_BLOCKER;
                c.selection = e.body;
            } else {
                continue;
            }
            if (c.kind == CORE_WS_SYMBOL_NEXT_TASK || c.kind == CORE_WS_SYMBOL_BLOCKER) {
                c.container = core_field_name(c.kind == CORE_WS_SYMBOL_NEXT_TASK ? CORE_FIELD_NEXT_TASK
                                                                                  : CORE_FIELD_BLOCKERS);
                c.container_len = strlen(c.container);
                size_t vl;
                const char *v = bytes_of(doc, c.selection, &vl);
                if (e.has_placeholder || says_nothing(v, vl))
                    continue;
            }
            c.name = bytes_of(doc, c.selection, &c.name_len);
            offer(&syms, c, query, query_len);
        }
    }
    /* A log's newest next steps and blockers, wherever and however its newest entry writes them. */
    CoreState st;
    if (core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE && core_doc_state(doc, &st) == 0) {
        state_part(doc, &st.next, CORE_WS_SYMBOL_NEXT_TASK, query, query_len, &syms);
        if (!st.blockers_none)
            state_part(doc, &st.blockers, CORE_WS_SYMBOL_BLOCKER, query, query_len, &syms);
    }
    out->items = syms.contents;
    out->count = syms.size;
    return 0;
}

void core_ws_symbol_list_free(CoreWsSymbolList *list)
{
    core_list_free(list, NULL);
}
