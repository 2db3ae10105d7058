/* scan.h — filling a root's path index in the background: `git ls-files` through a pipe, or a folder walk. */
#ifndef LSP_WORKSPACE_SCAN_H
#define LSP_WORKSPACE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "index/path_index.h"

typedef enum {
    LSP_SCAN_AUTO = 0, /* git when it works in the root, else the walk */
    LSP_SCAN_GIT,
    LSP_SCAN_WALK,
} LspScanMode;

typedef struct {
    int status;       /* 0, UV_ECANCELED, or the error that left the index empty */
    LspScanMode used; /* GIT or WALK: what listed the files */
    uint32_t added;   /* files added by this scan */
    uint64_t elapsed_ns;
} LspScanResult;

typedef struct {
    uv_loop_t *loop;
    const char *root;            /* borrowed until `done`: the root's real absolute path */
    LspPathIndex *index;         /* borrowed until `done`: paths are added as they arrive */
    const char *const *specs;    /* copied: normalized paths under the root to (re)list; none = the whole root */
    size_t spec_count;
    LspScanMode mode;
    uint32_t max_files;          /* stop adding past this many files in the index (a root like $HOME) */
    uint32_t max_depth;          /* the walk lists folders at most this deep below the root (0: no bound) */
    void *data;
    /* Whether to keep `path` (borrowed, normalized): the user's excluded folders say no. */
    bool (*keep)(void *data, const char *path, size_t len);
    /* A user-visible line about something that went wrong (borrowed, NUL-terminated). */
    void (*log)(void *data, const char *message);
    /* AUTO mode, when git cannot list the root and the walk takes over: why (borrowed). NULL: said through `log`. */
    void (*fell_back)(void *data, const char *why);
    /* After each slice of work, with the index's file count. May be NULL. */
    void (*progress)(void *data, uint32_t files);
    /* Once, at the end; the scan frees itself right after. */
    void (*done)(void *data, const LspScanResult *result);
} LspScanConfig;

typedef struct LspScan LspScan;

/*
 * Starts listing. In AUTO and GIT mode: `git ls-files --cached --others --exclude-standard -z` with the
 * root as working folder, read incrementally; when git is missing or fails, a whole-root scan clears
 * what it added and walks instead (AUTO only). The walk skips VCS, dependency, build and cache folders
 * and does not follow symbolic links. The work starts on the next loop turn; errors arrive through `log`
 * and `done`. Returns NULL (after `log`, without `done`) only when the loop cannot take one more timer.
 */
LspScan *lsp_scan_start(const LspScanConfig *cfg);

/* Stops the scan: `done` follows with UV_ECANCELED once its process, pipes and requests are closed. */
void lsp_scan_cancel(LspScan *scan);

/* Whether the walk leaves out a folder named `name` (borrowed, `len` bytes) wherever it appears. */
bool lsp_scan_skips_dir(const char *name, size_t len);

#endif
