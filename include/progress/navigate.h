/* progress/navigate.h — the core's answers for moving around and across documents: selection, highlights, linked names, symbols. */
#ifndef PROGRESS_NAVIGATE_H
#define PROGRESS_NAVIGATE_H

#include <stddef.h>
#include <stdint.h>

#include "progress/core.h"

/*
 * The ranges that a growing selection at byte position `pos` (clamped to the document) steps
 * through, innermost first, each strictly inside the next: the word, the qualified name, the token (a
 * path or any run without spaces and brackets), the item's body (a field's value, a header's name),
 * the item (without its marks), the line with its marks and bullet, the item with its details (the
 * parser's DETAIL lines), the group (from its label to the next one; with no label, the run of
 * non-blank lines), the section, the document. In an annotation or a comment, that part comes
 * before the item. Levels that add nothing are left out. Fills `out`
 * (caller frees with core_range_list_free) and returns 0; the document range is always there.
 */
int core_selection_at(const CoreDoc *doc, CorePos pos, CoreRangeList *out);

typedef enum {
    CORE_HIGHLIGHT_TEXT = 1,  /* the LSP DocumentHighlightKind values: a path's occurrences */
    CORE_HIGHLIGHT_READ = 2,  /* an interface's mentions */
    CORE_HIGHLIGHT_WRITE = 3, /* an interface's definition */
} CoreHighlightKind;

typedef struct {
    CoreRange range;
    CoreHighlightKind kind;
} CoreHighlight;

typedef struct {
    CoreHighlight *items;
    size_t count;
} CoreHighlightList;

/*
 * What to highlight for the word at `pos`: on an interface name (definition or mention, as
 * core_hover_at finds it) its definition and every mention (core_interface_refs); on a path (a Files
 * item's path or a path-like run in prose) every place the same path is written as a whole run;
 * elsewhere nothing. Fills `out` in document order (caller frees with core_highlight_list_free); returns 0.
 */
int core_highlights_at(const CoreDoc *doc, CorePos pos, CoreHighlightList *out);
/* Releases the list's items and empties it. NULL is ignored. */
void core_highlight_list_free(CoreHighlightList *list);

/*
 * The ranges that edit together with the interface name at `pos`: its definition and every mention
 * (all the same text), definition first. Empty elsewhere. Fills `out` (caller frees with
 * core_range_list_free); returns 0.
 */
int core_linked_names_at(const CoreDoc *doc, CorePos pos, CoreRangeList *out);

typedef enum {
    CORE_WS_SYMBOL_SECTION = 0,
    CORE_WS_SYMBOL_INTERFACE,
    CORE_WS_SYMBOL_NEXT_TASK,
    CORE_WS_SYMBOL_BLOCKER,
} CoreWsSymbolKind;

typedef struct {
    CoreWsSymbolKind kind;
    const char *name;      /* borrowed from the document: the section name, interface name, task or blocker */
    size_t name_len;
    const char *container; /* static: "Next task", "Blockers"; or borrowed: an interface's section name; may be NULL */
    size_t container_len;
    CoreRange range;       /* the whole symbol */
    CoreRange selection;   /* its name */
    int32_t score;         /* core_fuzzy_score of the query against the name; 0 for an empty query */
} CoreWsSymbol;

typedef struct {
    CoreWsSymbol *items;
    size_t count;
} CoreWsSymbolList;

/*
 * The document's symbols for a workspace-wide search: each section, each interface defined, the Next
 * task, and each blocker — the Blockers value, or each line listed under an empty `Blockers:` — when it
 * says something (not a placeholder or `None`), whose name matches `query` (borrowed, `query_len` bytes;
 * empty matches all) with core_fuzzy_score. Document order. Fills `out` (caller frees with
 * core_ws_symbol_list_free); returns 0.
 */
int core_workspace_symbols(const CoreDoc *doc, const char *query, size_t query_len, CoreWsSymbolList *out);
/* Releases the list's items and empties it. NULL is ignored. */
void core_ws_symbol_list_free(CoreWsSymbolList *list);

#endif
