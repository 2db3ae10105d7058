/* evidence.h — the work-state evidence of one progress file, read to the end on a loop of its own (check --git, the stop hook). */
#ifndef LSP_EVIDENCE_H
#define LSP_EVIDENCE_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "evidence/gitstate.h"
#include "evidence/harness.h"
#include "progress/array.h"

/* What was read; keeps the storage the CoreEvidence points into. Kept between requests by the MCP server. */
typedef struct {
    uv_loop_t loop;
    bool loop_open;
    LspGitState *git;
    LspFeatureList features;
    LspPrd prd;
    char *root;  /* the progress file's folder: paths in it are relative to that */
    char *file;  /* its name there */
    bool git_stale;     /* git is read again at the next update */
    bool harness_stale; /* feature_list.json and prd.json are read again at the next update */
    uint64_t code_of;   /* lsp_evidence_code: the git refresh (its generation + 1) `code` was worked out for */
    Array(const char *) code;
    bool code_self;
} LspEvidence;

/*
 * Opens the evidence of the progress file `path` (borrowed) into `out`, each git command limited to `timeout_ms`;
 * `session`: the files changed since the update before the last are read too (ev->session, for the unchanged-file
 * finding; one `git diff` more). Nothing is read until lsp_evidence_update. Returns 0 or a UV_E* code when the file's folder cannot be resolved
 * (`out` is destroyed with lsp_evidence_destroy either way).
 */
int lsp_evidence_open(const char *path, uint32_t timeout_ms, bool session, LspEvidence *out);

/*
 * Says that the file `path` (borrowed, absolute; NULL: anything) changed since the last update: git is read again
 * at the next one, and feature_list.json / prd.json when it is one of them (or NULL).
 */
void lsp_evidence_changed(LspEvidence *e, const char *path);

/*
 * Brings `e` up to date for the file's text `doc` (its commit references are looked up) and fills `ev` (pointers
 * into `e`, valid until the next update or lsp_evidence_destroy). First what arrived on the evidence's loop runs
 * (watch events: they call lsp_evidence_changed); then git is read again only when something changed (the
 * history only when HEAD moved: see gitstate.h), the harness files only when they did, and the update waits for
 * it. Git's failures are printed to stderr as they happen; outside a repository the git part is simply absent.
 */
void lsp_evidence_update(LspEvidence *e, const CoreDoc *doc, CoreEvidence *ev);

/*
 * The changed paths of `ev` (filled from `e` by its last update) that are code: the file itself and every path
 * core_name_is_not_code names left out; `*self` says whether the file itself changed. Borrowed from `e` and `ev`
 * until the next update; worked out once per git refresh, however many calls read it (a 100,000-file change keeps
 * 5,000 paths).
 */
const char *const *lsp_evidence_code(LspEvidence *e, const CoreEvidence *ev, size_t *count, bool *self);

/* lsp_evidence_open and one lsp_evidence_update: the evidence read to the end, for one command. */
int lsp_evidence_read(const char *path, const CoreDoc *doc, uint32_t timeout_ms, bool session, LspEvidence *out,
                      CoreEvidence *ev);
void lsp_evidence_destroy(LspEvidence *e);

#endif
