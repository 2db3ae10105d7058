/* watch.h — a folder and every folder below it watched for changes: what keeps the MCP server's evidence exact. */
#ifndef LSP_INDEX_WATCH_H
#define LSP_INDEX_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

/*
 * Every folder below the root is watched (libuv's fs events: one watch per folder, as inotify needs), symbolic
 * links not followed, git's object store (`.git/objects`) left out: objects change nothing until a ref or the
 * index does, and those are watched. A folder created later is watched as soon as its event arrives, with what
 * it holds by then. The kernel queues events until the loop runs, so a change made before the loop runs is seen
 * when it does. When a folder cannot be watched (too many folders, the kernel's watch limit), or when so many
 * events arrived at once that the kernel may have dropped some (its queue overflows silently), the watch is no
 * longer exact: lsp_treewatch_exact says so, and the owner reads everything afresh from then on.
 */
typedef struct LspTreeWatch LspTreeWatch;

typedef struct {
    uv_loop_t *loop;
    const char *root;     /* copied: a real absolute path */
    uint32_t max_folders; /* watch at most this many folders; more make the watch inexact */
    void *data;
    /* Something at `path` (borrowed, absolute) changed: created, written, removed, renamed, its attributes. */
    void (*changed)(void *data, const char *path);
} LspTreeWatchConfig;

/* Watches the root's folders now (a walk of them). Never NULL; see lsp_treewatch_exact. Free with lsp_treewatch_free. */
LspTreeWatch *lsp_treewatch_new(const LspTreeWatchConfig *cfg);

/* Whether every change below the root since lsp_treewatch_new is reported. */
bool lsp_treewatch_exact(const LspTreeWatch *w);

/* Stops watching; the memory goes once the loop has run the handles' close callbacks. NULL is ignored. */
void lsp_treewatch_free(LspTreeWatch *w);

#endif
