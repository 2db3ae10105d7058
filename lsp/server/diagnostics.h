/* diagnostics.h — the diagnostics service below the handlers: computed once per change, cached, pushed or pulled. */
#ifndef LSP_DIAGNOSTICS_H
#define LSP_DIAGNOSTICS_H

#include <stdbool.h>

#include "server/docs.h"
#include "support/json_out.h"
#include "server/progress_files.h"
#include "server/server.h"

/*
 * The document's diagnostics under `opts` (borrowed) — the text's own, then those of its `more_diags`
 * source (the work state's: workstate.h) — computed once per change of either. Borrowed result.
 */
const CoreDiagList *lsp_doc_diagnostics(LspDoc *d, const CoreOptions *opts);

/* lsp_doc_diagnostics whose diagnose pass gives up when `stop(data)` says so (core_diagnose_until): NULL then. */
const CoreDiagList *lsp_doc_diagnostics_until(LspDoc *d, const CoreOptions *opts, bool (*stop)(void *data),
                                              void *data);

/*
 * The diagnostics of progress file `f` (open or read from disk) under `opts`, computed once per text
 * and options, and in *result_id the id that changes exactly when they may have (the text's
 * generation; `generation` hands out a new one when only the options changed). Borrowed result.
 */
const CoreDiagList *lsp_diagnostics_of_file(LspProgressFile *f, const CoreOptions *opts, uint64_t *generation,
                                            uint64_t *result_id);

/* Writes `list` (borrowed) as an LSP Diagnostic[] of the text `doc` named `uri`, positions in `enc`. */
void lsp_diagnostics_write(LspOut *o, const char *uri, const CoreDoc *doc, CoreEncoding enc, const CoreDiagList *list);

/*
 * Pushes the document's diagnostics (unless the client pulls them) once every message read so far is handled
 * and the answers are written (lsp_diagnostics_flush, called by the server): a request sent with the change is
 * answered before the diagnose pass, and several changes queued together publish once, for the last version.
 */
void lsp_diagnostics_publish(LspServer *s, LspDoc *d);

/*
 * Publishes what lsp_diagnostics_publish made due. The diagnose pass stops when input is waiting (it stays due,
 * and the server flushes again once that input is handled), unless the push has waited 250 ms already (YIELD_LIMIT_NS).
 */
void lsp_diagnostics_flush(LspServer *s);

/* Pushes an empty list for `uri` (borrowed), e.g. after it closed (unless the client pulls). */
void lsp_diagnostics_clear(LspServer *s, const char *uri);

/*
 * The options changed: every open document is checked again and pushed, or — for a client that pulls —
 * asked to pull again with workspace/diagnostic/refresh when `refresh_support` says it can.
 */
void lsp_diagnostics_refresh(LspServer *s, bool refresh_support);

#endif
