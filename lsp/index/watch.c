/* watch.c — a folder tree watched with one libuv fs event per folder, new folders added as their events arrive. */
#include "index/watch.h"

#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/array.h"

/*
 * The most events one loop turn may bring before the watch gives up being exact: Linux's inotify queue holds
 * 16,384 by default and drops the rest without a word libuv passes on, so a burst near that size may have lost
 * some (a folder created in it would go unwatched).
 */
enum { BURST_MAX = 8192 };

typedef struct Folder {
    uv_fs_event_t handle;
    struct LspTreeWatch *watch;
    char *path;
} Folder;

struct LspTreeWatch {
    LspTreeWatchConfig cfg;
    char *root;
    Array(Folder *) folders; /* sorted by path */
    bool exact;
    bool closing;
    uint32_t open;          /* handles not closed yet */
    uint32_t burst;         /* events since the loop last had nothing to do */
    uv_idle_t calm;         /* resets `burst` once a loop turn brings no more events */
    bool calm_on;
};

static int folder_cmp(const void *a, const void *b)
{
    return strcmp((*(Folder *const *)a)->path, (*(Folder *const *)b)->path);
}

/* The index of `path` in the sorted folders, or where it would go (`*found` says which). */
static uint32_t folder_find(const LspTreeWatch *w, const char *path, bool *found)
{
    uint32_t lo = 0, hi = w->folders.size;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(w->folders.contents[mid]->path, path);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

static void maybe_free(LspTreeWatch *w)
{
    if (!w->closing || w->open)
        return;
    array_delete(&w->folders);
    free(w->root);
    free(w);
}

static void folder_closed(uv_handle_t *h)
{
    Folder *f = h->data;
    LspTreeWatch *w = f->watch;
    free(f->path);
    free(f);
    w->open--;
    maybe_free(w);
}

static void on_calm(uv_idle_t *idle)
{
    LspTreeWatch *w = idle->data;
    w->burst = 0;
    uv_idle_stop(idle);
}

static void watch_tree(LspTreeWatch *w, const char *path, bool sorted);

/* Whether `path` is a folder, not a link to one (links are never followed). */
static bool is_folder(const char *path)
{
    uv_stat_t st;
    return lsp_platform_lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR;
}

static void on_event(uv_fs_event_t *h, const char *name, int events, int status)
{
    Folder *f = h->data;
    LspTreeWatch *w = f->watch;
    if (w->closing)
        return;
    if (status < 0) {
        w->exact = false;
        return;
    }
    if (++w->burst > BURST_MAX)
        w->exact = false;
    uv_idle_start(&w->calm, on_calm);
    char *path = name && *name ? core_xasprintf("%s/%s", f->path, name) : core_xstrndup(f->path, strlen(f->path));
    /* A folder made, moved in, or made again under a name watched before (whose watch died with the old folder):
     * watched anew with every folder it holds by now. */
    if ((events & UV_RENAME) && is_folder(path))
        watch_tree(w, path, true);
    w->cfg.changed(w->cfg.data, path);
    free(path);
}

/* Whether the folder `name` in `parent` is git's object store. */
static bool skipped(const char *parent, const char *name)
{
    size_t n = strlen(parent);
    return strcmp(name, "objects") == 0 && n >= 5 && strcmp(parent + n - 5, "/.git") == 0;
}

/*
 * Watches the folder `path`. `sorted`: the folders are sorted (after the first walk): one watched before is
 * watched again (the name may hold another folder now), a new one inserted in place; else appended.
 */
static bool watch_one(LspTreeWatch *w, const char *path, bool sorted)
{
    bool found = false;
    uint32_t at = sorted ? folder_find(w, path, &found) : w->folders.size;
    if (found) {
        Folder *f = w->folders.contents[at];
        uv_fs_event_stop(&f->handle);
        if (uv_fs_event_start(&f->handle, on_event, path, 0) < 0)
            w->exact = false;
        return true;
    }
    if (w->folders.size >= w->cfg.max_folders) {
        w->exact = false;
        return false;
    }
    Folder *f = core_xcalloc(1, sizeof *f);
    f->watch = w;
    f->path = core_xstrndup(path, strlen(path));
    uv_fs_event_init(w->cfg.loop, &f->handle);
    f->handle.data = f;
    w->open++;
    if (uv_fs_event_start(&f->handle, on_event, path, 0) < 0) {
        w->exact = false;
        uv_close((uv_handle_t *)&f->handle, folder_closed);
        return false;
    }
    array_splice_gap(&w->folders, at, 0, 1);
    w->folders.contents[at] = f;
    return true;
}

/* Watches `path` and every folder below it (links not followed). Sorted or not, as watch_one. */
static void watch_tree(LspTreeWatch *w, const char *path, bool sorted)
{
    if (!watch_one(w, path, sorted))
        return;
    uv_fs_t req;
    if (uv_fs_scandir(NULL, &req, path, 0, NULL) < 0) {
        uv_fs_req_cleanup(&req);
        return; /* gone again, or unreadable: its own event said what changed */
    }
    uv_dirent_t ent;
    while (w->exact && uv_fs_scandir_next(&req, &ent) != UV_EOF) {
        if ((ent.type != UV_DIRENT_DIR && ent.type != UV_DIRENT_UNKNOWN) || skipped(path, ent.name))
            continue;
        char *child = core_xasprintf("%s/%s", path, ent.name);
        if (is_folder(child))
            watch_tree(w, child, sorted);
        free(child);
    }
    uv_fs_req_cleanup(&req);
}

LspTreeWatch *lsp_treewatch_new(const LspTreeWatchConfig *cfg)
{
    LspTreeWatch *w = core_xcalloc(1, sizeof *w);
    w->cfg = *cfg;
    w->root = core_xstrndup(cfg->root, strlen(cfg->root));
    w->cfg.root = w->root;
    w->exact = true;
    uv_idle_init(cfg->loop, &w->calm);
    w->calm.data = w;
    w->open = 1;
    if (is_folder(w->root))
        watch_tree(w, w->root, false);
    else
        w->exact = false;
    if (w->folders.size > 1)
        qsort(w->folders.contents, w->folders.size, sizeof *w->folders.contents, folder_cmp);
    return w;
}

bool lsp_treewatch_exact(const LspTreeWatch *w)
{
    return w->exact;
}

static void calm_closed(uv_handle_t *h)
{
    LspTreeWatch *w = h->data;
    w->open--;
    maybe_free(w);
}

void lsp_treewatch_free(LspTreeWatch *w)
{
    if (!w || w->closing)
        return;
    w->closing = true;
    for (uint32_t i = 0; i < w->folders.size; i++)
        uv_close((uv_handle_t *)&w->folders.contents[i]->handle, folder_closed);
    array_clear(&w->folders);
    uv_close((uv_handle_t *)&w->calm, calm_closed);
}
