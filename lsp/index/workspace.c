/* workspace.c — the roots, their indexes and scans, exclusions and change events (the root boundary is root.c). */
#include "index/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "platform/platform.h"
#include "support/log.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "index/root.h"
#include "index/scan.h"

enum {
    CREATED_DELAY_MS = 50,     /* gather a burst of creations into one listing */
    REPORT_EVERY_MS = 250,
    MAX_LINK_DEPTH = 8,
    MAX_SPECS_PER_SCAN = 256,  /* keeps git's argument vector reasonable */
};

typedef struct Root Root;

struct Root {
    LspWorkspace *ws;
    char *path;            /* as the client named it, without a trailing '/' */
    char *real;            /* its real path: what scans and checks use */
    uint64_t dev, ino;     /* the folder `real` was when added: another there later (a link to /etc) is not scanned */
    bool replaced;         /* it was: said once, never scanned again */
    LspPathIndex *index;   /* what completion sees */
    LspPathIndex *next;    /* a re-index fills this, then it replaces `index` */
    LspScan *scan;
    bool scan_full;
    bool stale;            /* re-index once the running scan has stopped */
    bool detached;         /* removed from the workspace; freed when its scan ends */
    LspScanMode mode;      /* learned from the first full scan */
    Array(char *) created; /* normalized paths waiting to be listed */
};

struct LspWorkspace {
    uv_loop_t *loop;
    LspWorkspaceHooks hooks;
    Array(Root *) roots;
    Array(char *) excludes;
    uv_timer_t timer;
    uint32_t scans;
    uint32_t full_scans;  /* whole-root scans running: what the progress report is about */
    uint64_t last_report;
    uint32_t reported_files;
    bool started;
    bool single_file;
    bool closing;
    bool timer_closed;
};

/* A line for the user's log through the workspace's hook. */
#define say(ws, ...) lsp_log_to((ws)->hooks.log, (ws)->hooks.data, __VA_ARGS__)

static void progress(LspWorkspace *ws, LspWorkspaceProgress phase, const char *message)
{
    if (ws->hooks.progress)
        ws->hooks.progress(ws->hooks.data, phase, message);
}

static uint32_t total_files(const LspWorkspace *ws)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < ws->roots.size; i++)
        n += lsp_path_index_file_count(ws->roots.contents[i]->index);
    return n;
}

static void strings_free(char **items, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        free(items[i]);
}

static void root_free(Root *r)
{
    lsp_path_index_free(r->index);
    lsp_path_index_free(r->next);
    strings_free(r->created.contents, r->created.size);
    array_delete(&r->created);
    free(r->path);
    free(r->real);
    free(r);
}

static void maybe_free(LspWorkspace *ws)
{
    if (!ws->closing || ws->scans || !ws->timer_closed)
        return;
    for (uint32_t i = 0; i < ws->roots.size; i++)
        root_free(ws->roots.contents[i]);
    array_delete(&ws->roots);
    strings_free(ws->excludes.contents, ws->excludes.size);
    array_delete(&ws->excludes);
    free(ws);
}

/* ---------------------------------------------------------------- exclusions */

/* Whether `path` (normalized) is, or lies under, a folder the user excluded. */
static bool excluded(const LspWorkspace *ws, const char *path, size_t len)
{
    for (uint32_t k = 0; k < ws->excludes.size; k++) {
        const char *ex = ws->excludes.contents[k];
        size_t el = strlen(ex);
        if (memchr(ex, '/', el)) {
            if (len >= el && memcmp(path, ex, el) == 0 && (len == el || path[el] == '/'))
                return true;
            continue;
        }
        for (size_t i = 0; i < len;) {
            size_t j = i;
            while (j < len && path[j] != '/')
                j++;
            if (j - i == el && memcmp(path + i, ex, el) == 0)
                return true;
            i = j + 1;
        }
    }
    return false;
}

static bool keep_path(void *data, const char *path, size_t len)
{
    Root *r = data;
    return !excluded(r->ws, path, len);
}

/* ---------------------------------------------------------------- scans */

static void scan_start(Root *r, bool full);

static void scan_log(void *data, const char *message)
{
    Root *r = data;
    if (r->ws->hooks.log)
        r->ws->hooks.log(r->ws->hooks.data, message);
}

static void scan_progress(void *data, uint32_t files)
{
    (void)files;
    Root *r = data;
    LspWorkspace *ws = r->ws;
    uint64_t now = uv_now(ws->loop);
    if (!r->scan_full || now - ws->last_report < REPORT_EVERY_MS)
        return;
    ws->last_report = now;
    char message[64];
    snprintf(message, sizeof message, "%u files", total_files(ws) + (r->next ? lsp_path_index_file_count(r->next) : 0));
    progress(ws, LSP_WS_PROGRESS_REPORT, message);
}

static void scan_done(void *data, const LspScanResult *result)
{
    Root *r = data;
    LspWorkspace *ws = r->ws;
    bool was_full = r->scan_full;
    r->scan = NULL;
    ws->scans--;
    ws->full_scans -= was_full;
    if (was_full && result->status == 0) {
        r->mode = result->used;
        if (r->next) {
            lsp_path_index_free(r->index);
            r->index = r->next;
            r->next = NULL;
        }
    }
    lsp_path_index_free(r->next);
    r->next = NULL;
    if (r->detached) {
        root_free(r);
    } else if (!ws->closing) {
        if (r->stale)
            scan_start(r, true);
        else if (r->created.size)
            scan_start(r, false);
    }
    if (was_full && ws->full_scans == 0 && !ws->closing) {
        char message[64];
        snprintf(message, sizeof message, "%u files indexed", total_files(ws));
        progress(ws, LSP_WS_PROGRESS_END, message);
    }
    maybe_free(ws);
}

/* Starts a whole-root scan (`full`) or a listing of the paths gathered in `created`. */
/* Whether the root is still the folder it was when added (a folder, not a link to one, same device and inode). */
static bool root_same(Root *r)
{
    uv_stat_t st;
    int rc = lsp_platform_lstat(r->real, &st);
    bool same = rc == 0 && S_ISDIR(st.st_mode) && st.st_dev == r->dev && st.st_ino == r->ino;
    if (!same && !r->replaced)
        say(r->ws, "the workspace folder %s is no longer the folder it was when opened (%s); it is not indexed again",
            r->real, rc < 0 ? uv_strerror(rc) : "replaced");
    r->replaced |= !same;
    return same;
}

static void scan_start(Root *r, bool full)
{
    LspWorkspace *ws = r->ws;
    if (!root_same(r)) {
        strings_free(r->created.contents, r->created.size);
        array_clear(&r->created);
        return;
    }
    /* Only whole-root scans are reported: listing a few created files is not worth a progress bar. */
    if (full && ws->full_scans++ == 0) {
        ws->last_report = uv_now(ws->loop);
        progress(ws, LSP_WS_PROGRESS_BEGIN, "Indexing workspace files");
    }
    LspScanConfig cfg = {
        .loop = ws->loop,
        .root = r->real,
        .index = r->index,
        .mode = r->mode,
        .max_files = LSP_WORKSPACE_MAX_FILES,
        .data = r,
        .keep = keep_path,
        .log = scan_log,
        .progress = scan_progress,
        .done = scan_done,
    };
    char **specs = NULL;
    uint32_t taken = 0;
    if (full) {
        r->stale = false;
        /* The first fill goes straight into the live index; a re-index keeps the old one answering meanwhile. */
        if (lsp_path_index_file_count(r->index)) {
            r->next = lsp_path_index_new();
            cfg.index = r->next;
        }
        cfg.mode = LSP_SCAN_AUTO;
    } else {
        taken = r->created.size < MAX_SPECS_PER_SCAN ? r->created.size : MAX_SPECS_PER_SCAN;
        specs = r->created.contents;
        cfg.specs = (const char *const *)specs;
        cfg.spec_count = taken;
    }
    r->scan_full = full;
    r->scan = lsp_scan_start(&cfg);
    if (r->scan) {
        ws->scans++;
    } else if (full && --ws->full_scans == 0) {
        progress(ws, LSP_WS_PROGRESS_END, "indexing failed");
    }
    if (taken) {
        strings_free(specs, taken);
        array_splice_gap(&r->created, 0, taken, 0);
    }
}

/* ---------------------------------------------------------------- life */

static void timer_closed(uv_handle_t *handle)
{
    LspWorkspace *ws = handle->data;
    ws->timer_closed = true;
    maybe_free(ws);
}

LspWorkspace *lsp_workspace_new(uv_loop_t *loop, const LspWorkspaceHooks *hooks)
{
    LspWorkspace *ws = core_xcalloc(1, sizeof *ws);
    ws->loop = loop;
    if (hooks)
        ws->hooks = *hooks;
    int rc = uv_timer_init(loop, &ws->timer);
    if (rc < 0) {
        say(ws, "no workspace index: %s", uv_strerror(rc));
        free(ws);
        return NULL;
    }
    ws->timer.data = ws;
    return ws;
}

void lsp_workspace_close(LspWorkspace *ws)
{
    if (!ws || ws->closing)
        return;
    ws->closing = true;
    for (uint32_t i = 0; i < ws->roots.size; i++)
        if (ws->roots.contents[i]->scan)
            lsp_scan_cancel(ws->roots.contents[i]->scan);
    uv_close((uv_handle_t *)&ws->timer, timer_closed);
}

/* `path` without trailing slashes, as a new string. */
static char *trimmed(const char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    return core_xstrndup(path, len);
}

static int find_root(const LspWorkspace *ws, const char *path)
{
    for (uint32_t i = 0; i < ws->roots.size; i++)
        if (strcmp(ws->roots.contents[i]->path, path) == 0)
            return (int)i;
    return -1;
}

int lsp_workspace_add_root(LspWorkspace *ws, const char *path)
{
    char *clean = trimmed(path);
    int known = find_root(ws, clean);
    if (known >= 0) {
        free(clean);
        return known;
    }
    uv_fs_t req;
    bool absolute = lsp_platform_path_is_absolute(clean);
    int rc = absolute ? uv_fs_realpath(NULL, &req, clean, NULL) : UV_EINVAL;
    char *real = rc == 0 ? core_xstrndup(req.ptr, strlen(req.ptr)) : NULL;
    if (absolute)
        uv_fs_req_cleanup(&req);
    if (real)
        lsp_platform_path_canonical(real);
    uint64_t dev = 0, ino = 0;
    if (rc == 0) {
        rc = uv_fs_stat(NULL, &req, real, NULL);
        if (rc == 0 && !S_ISDIR(req.statbuf.st_mode))
            rc = UV_ENOTDIR;
        dev = req.statbuf.st_dev;
        ino = req.statbuf.st_ino;
        uv_fs_req_cleanup(&req);
    }
    if (rc < 0) {
        say(ws, "cannot use %s as a workspace folder: %s", clean, uv_strerror(rc));
        free(clean);
        free(real);
        return rc;
    }
    Root *r = core_xcalloc(1, sizeof *r);
    r->ws = ws;
    r->path = clean;
    r->real = real;
    r->dev = dev;
    r->ino = ino;
    r->index = lsp_path_index_new();
    array_push(&ws->roots, r);
    if (ws->started && !ws->closing)
        scan_start(r, true);
    return (int)ws->roots.size - 1;
}

int lsp_workspace_remove_root(LspWorkspace *ws, const char *path)
{
    char *clean = trimmed(path);
    int i = find_root(ws, clean);
    free(clean);
    if (i < 0)
        return UV_ENOENT;
    Root *r = ws->roots.contents[i];
    array_splice_gap(&ws->roots, (uint32_t)i, 1, 0);
    if (r->scan) {
        r->detached = true;
        lsp_scan_cancel(r->scan);
    } else {
        root_free(r);
    }
    return 0;
}

int lsp_workspace_root_for_file(LspWorkspace *ws, const char *file)
{
    int root = lsp_workspace_root_of(ws, file, NULL);
    if (root >= 0 || (ws->roots.size && !ws->single_file) || !lsp_platform_path_is_absolute(file))
        return root;
    const char *slash = strrchr(file, '/');
    char *dir = core_xstrndup(file, slash == file ? 1 : (size_t)(slash - file));
    ws->single_file = true;
    ws->started = true;
    root = lsp_workspace_add_root(ws, dir);
    free(dir);
    return root;
}

void lsp_workspace_set_excludes(LspWorkspace *ws, const char *const *folders, size_t count)
{
    Array(char *) next = {0};
    for (size_t i = 0; i < count; i++) {
        const char *f = folders[i];
        size_t len = strlen(f);
        /* Glob decorations add nothing to a folder name: a leading "**" then "/", a trailing "/" then "**". */
        while (len >= 3 && memcmp(f, "**/", 3) == 0)
            f += 3, len -= 3;
        while (len >= 3 && memcmp(f + len - 3, "/**", 3) == 0)
            len -= 3;
        char *clean = core_xmalloc(len + 1);
        int n = lsp_path_normalize(f, len, clean);
        if (n <= 0) {
            say(ws, "ignoring the excluded folder \"%s\": %s", folders[i],
                "not a folder name or a path inside the workspace");
            free(clean);
            continue;
        }
        array_push(&next, clean);
    }
    bool same = next.size == ws->excludes.size;
    for (uint32_t i = 0; same && i < next.size; i++)
        same = strcmp(next.contents[i], ws->excludes.contents[i]) == 0;
    strings_free(ws->excludes.contents, ws->excludes.size);
    array_delete(&ws->excludes);
    ws->excludes.contents = next.contents;
    ws->excludes.size = next.size;
    ws->excludes.capacity = next.capacity;
    if (!same && ws->started)
        lsp_workspace_index(ws);
}

void lsp_workspace_index(LspWorkspace *ws)
{
    if (ws->closing)
        return;
    ws->started = true;
    for (uint32_t i = 0; i < ws->roots.size; i++) {
        Root *r = ws->roots.contents[i];
        if (r->scan) {
            r->stale = true;
            lsp_scan_cancel(r->scan);
        } else {
            scan_start(r, true);
        }
    }
}

bool lsp_workspace_busy(const LspWorkspace *ws)
{
    return ws->scans > 0;
}

size_t lsp_workspace_root_count(const LspWorkspace *ws)
{
    return ws->roots.size;
}

const char *lsp_workspace_root_path(const LspWorkspace *ws, int root)
{
    return ws->roots.contents[root]->path;
}

LspPathIndex *lsp_workspace_paths(const LspWorkspace *ws, int root)
{
    return ws->roots.contents[root]->index;
}

int lsp_workspace_root_of(const LspWorkspace *ws, const char *path, const char **rel)
{
    int best = -1;
    size_t best_len = 0;
    for (uint32_t i = 0; i < ws->roots.size; i++) {
        const Root *r = ws->roots.contents[i];
        size_t n = lsp_root_under(path, r->path);
        if (!n)
            n = lsp_root_under(path, r->real);
        if (n > best_len) {
            best = (int)i;
            best_len = n;
        }
    }
    if (best >= 0 && rel) {
        const char *p = path + best_len;
        while (*p == '/')
            p++;
        *rel = p;
    }
    return best;
}

/* ---------------------------------------------------------------- events */

static void on_created_timer(uv_timer_t *timer)
{
    LspWorkspace *ws = timer->data;
    for (uint32_t i = 0; i < ws->roots.size; i++) {
        Root *r = ws->roots.contents[i];
        if (!r->scan && r->created.size)
            scan_start(r, false);
    }
}

void lsp_workspace_file_changed(LspWorkspace *ws, const char *path, LspFileChange change)
{
    const char *rel;
    int root = lsp_workspace_root_of(ws, path, &rel);
    if (root < 0 || change == LSP_FILE_CHANGED || ws->closing)
        return;
    Root *r = ws->roots.contents[root];
    size_t len = strlen(rel);
    char *clean = core_xmalloc(len + 1);
    int n = lsp_path_normalize(rel, len, clean);
    if (n <= 0 || excluded(ws, clean, (size_t)n)) {
        free(clean);
        return;
    }
    if (change == LSP_FILE_DELETED) {
        lsp_path_index_remove(r->index, clean, (size_t)n);
        if (r->next)
            lsp_path_index_remove(r->next, clean, (size_t)n);
        free(clean);
        return;
    }
    array_push(&r->created, clean);
    if (ws->started)
        uv_timer_start(&ws->timer, on_created_timer, CREATED_DELAY_MS, 0);
}

/* ---------------------------------------------------------------- lookups */

LspPathKind lsp_workspace_lookup(const LspWorkspace *ws, int root, const char *path, size_t len)
{
    if (root < 0 || (size_t)root >= ws->roots.size)
        return LSP_PATH_NONE;
    char stack[512];
    char *clean = len < sizeof stack ? stack : core_xmalloc(len + 1);
    int n = lsp_path_normalize(path, len, clean);
    LspPathKind kind = n > 0 ? lsp_path_index_kind(ws->roots.contents[root]->index, clean, (size_t)n) : LSP_PATH_NONE;
    if (clean != stack)
        free(clean);
    return kind;
}

/* `path` in `root` through lsp_root_target (`target`) or lsp_root_resolve, when the index holds it. */
static char *resolve_with(const LspWorkspace *ws, int root, const char *path, size_t len, bool target)
{
    if (root < 0 || (size_t)root >= ws->roots.size)
        return NULL;
    const Root *r = ws->roots.contents[root];
    char *clean = core_xmalloc(len + 1);
    int n = lsp_path_normalize(path, len, clean);
    char *out = NULL;
    if (n > 0 && lsp_path_index_kind(r->index, clean, (size_t)n) != LSP_PATH_NONE)
        out = target ? lsp_root_target(r->real, clean, (size_t)n, MAX_LINK_DEPTH)
                     : lsp_root_resolve(r->real, r->path, clean, (size_t)n, MAX_LINK_DEPTH);
    free(clean);
    return out;
}

char *lsp_workspace_resolve(const LspWorkspace *ws, int root, const char *path, size_t len)
{
    return resolve_with(ws, root, path, len, false);
}

char *lsp_workspace_target(const LspWorkspace *ws, int root, const char *path, size_t len)
{
    return resolve_with(ws, root, path, len, true);
}
