/* evidence.h — the work-state evidence of one progress file, read to the end on a loop of its own (check --git, the stop hook). */
#ifndef LSP_EVIDENCE_H
#define LSP_EVIDENCE_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "evidence/gitstate.h"
#include "evidence/harness.h"

/* What was read; keeps the storage the CoreEvidence points into. */
typedef struct {
    uv_loop_t loop;
    bool loop_open;
    LspGitState *git;
    LspFeatureList features;
    LspPrd prd;
    char *root;  /* the progress file's folder: paths in it are relative to that */
    char *file;  /* its name there */
} LspEvidence;

/*
 * Reads what git and the folder's feature_list.json and prd.json say about the progress file `path` (borrowed) whose
 * text is `doc` (its commit references are looked up), each git command limited to `timeout_ms`, and
 * fills `ev` (pointers into `out`, valid until lsp_evidence_destroy). Git's failures are printed to
 * stderr as they happen; outside a repository the git part is simply absent. Returns 0 or a UV_E* code
 * when the file's folder cannot be resolved.
 */
int lsp_evidence_read(const char *path, const CoreDoc *doc, uint32_t timeout_ms, LspEvidence *out, CoreEvidence *ev);
void lsp_evidence_destroy(LspEvidence *e);

#endif
