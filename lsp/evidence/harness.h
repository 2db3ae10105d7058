/* harness.h — the agent harness's feature_list.json in a workspace root, read and counted in the thread pool. */
#ifndef LSP_HARNESS_H
#define LSP_HARNESS_H

#include <stdint.h>
#include <uv.h>

#include "progress/core.h"

#define LSP_FEATURE_LIST "feature_list.json"
#define LSP_PRD "prd.json" /* Ralph's user stories, beside its progress.txt */

/* What feature_list.json (or prd.json) says: an array of objects, each with a boolean `passes`. */
typedef struct {
    CoreFeatureState state;  /* NONE when the root has no such file (or it is not a regular file) */
    uint32_t total, passing;
    char error[200];         /* MALFORMED: what is wrong, one sentence */
    uint32_t error_line;     /* MALFORMED: 0-based line in the JSON */
    char next_failing[160];  /* READ: the first failing entry's description (prd.json: "ID: title"); "" if none */
} LspFeatureList;

/* Reads and counts `root`/feature_list.json now (blocking; for the check command and the thread pool). */
void lsp_feature_list_read(const char *root, LspFeatureList *out);

/*
 * Reads and counts `root`/prd.json now: its "userStories", each with a boolean `passes`; the next failing story is
 * the failing one with the lowest "priority", as Ralph picks it.
 */
void lsp_prd_read(const char *root, LspFeatureList *out);

/* Fills the feature-list part of `ev` from `f` (borrowed: `ev` points into it). */
void lsp_feature_list_fill(const LspFeatureList *f, CoreEvidence *ev);

typedef struct LspHarnessRead LspHarnessRead;

/*
 * Reads `root` (copied)/feature_list.json in libuv's thread pool and calls `done` on the loop with the
 * result (borrowed for the call). The file is read only when it is a regular file directly in the root
 * (a symbolic link is not followed) and at most 16 MiB. Returns the request.
 */
LspHarnessRead *lsp_harness_read(uv_loop_t *loop, const char *root, void *data,
                                 void (*done)(void *data, const LspFeatureList *result));

/* `done` will not be called; the request frees itself when the thread pool lets go of it. */
void lsp_harness_cancel(LspHarnessRead *req);

#endif
