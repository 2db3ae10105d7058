/* harness.h — the harness files: feature_list.json in a workspace root, Ralph's prd.json beside its log, read in the thread pool. */
#ifndef LSP_HARNESS_H
#define LSP_HARNESS_H

#include <stdbool.h>
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

/* Fills the feature-list part of `ev` from `f` (borrowed: `ev` points into it). */
void lsp_feature_list_fill(const LspFeatureList *f, CoreEvidence *ev);

/* What Ralph's prd.json says: its counts, `branchName` and `userStories[]` with `id`, `title`, `priority`, `passes`. */
typedef struct {
    LspFeatureList counts;   /* state (NONE when there is no prd.json), passing of total, the error, the next story */
    char *branch;            /* owned; NULL when absent */
    CoreStory *stories;      /* owned, with their ids and titles; none unless counts.state is READ */
    size_t count;
} LspPrd;

/*
 * Reads `root`/`folder`/prd.json now (blocking): `folder` is the progress file's folder relative to the root
 * ("" for the root itself). Read as feature_list.json is: a regular file, no symbolic link (the file or a
 * folder on the way), at most 16 MiB; a link or a larger file is MALFORMED with the reason. The next failing
 * story is the failing one with the lowest "priority", as Ralph picks it. Free with lsp_prd_free.
 */
void lsp_prd_read_stories(const char *root, const char *folder, LspPrd *out);
/* Only the counts of `root`/prd.json (the briefing's): lsp_prd_read_stories without the stories. */
void lsp_prd_read(const char *root, LspFeatureList *out);
void lsp_prd_free(LspPrd *p);
bool lsp_prd_same(const LspPrd *a, const LspPrd *b);
/* Fills the prd.json part of `ev` from `p` (borrowed); `path` (borrowed) is prd.json relative to the root. */
void lsp_prd_fill(const LspPrd *p, const char *path, CoreEvidence *ev);

/* One read of the harness files in the thread pool. */
typedef struct {
    LspFeatureList features;
    LspPrd prd;              /* the callee may take it (and zero it) */
} LspHarnessResult;

typedef struct LspHarnessRead LspHarnessRead;

/*
 * Reads `root` (copied)/feature_list.json and, with `folder` (copied; may be NULL), `root`/`folder`/prd.json
 * in libuv's thread pool and calls `done` on the loop with the result (what it does not take is freed
 * after). The files are read only when they are regular files inside the root (a symbolic link is not
 * followed) and at most 16 MiB. Returns the request.
 */
LspHarnessRead *lsp_harness_read(uv_loop_t *loop, const char *root, const char *folder, void *data,
                                 void (*done)(void *data, LspHarnessResult *result));

/* `done` will not be called; the request frees itself when the thread pool lets go of it. */
void lsp_harness_cancel(LspHarnessRead *req);

#endif
