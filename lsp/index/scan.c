/* scan.c — lists a root's files into its path index: `git ls-files` read through a pipe, else a scandir walk. */
#include "index/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git/process.h"
#include "support/log.h"
#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "index/root.h"

enum {
    WALK_PARALLEL = 4,   /* scandir requests in flight: the size of libuv's default thread pool */
    ERR_TEXT_MAX = 400,  /* how much of git's stderr goes into the log line */
    GIT_TIMEOUT_MS = 120000, /* a git that lists nothing for this long is stuck (a hung filesystem): walk instead */
};

typedef enum { PHASE_GIT, PHASE_WALK } Phase;

typedef struct {
    uv_fs_t req;
    LspScan *scan;
    char *rel; /* the folder listed, relative to the root ("" for the root) */
} DirReq;

struct LspScan {
    LspScanConfig cfg;
    char **specs;
    uint64_t started;
    uint32_t added;
    Phase phase;
    int pending; /* open handles plus requests in flight: the scan ends when this drops to zero */
    bool cancelled;
    bool capped; /* max_files reached */
    /* git */
    LspGitRun *git;
    bool git_ok;
    int spawn_error;
    int exit_code;       /* git's status, or 128 + the signal that ended it */
    bool timed_out;
    bool unsafe;         /* git refused the repository: `errtext` says why */
    LspGitCarry carry;   /* a record split across reads */
    char *errtext;       /* the start of git's stderr */
    uv_timer_t defer;
    /* walk */
    Array(char *) queue;
    uint32_t in_flight;
};

/* VCS, dependency, build and cache folders: never worth offering, often huge. */
static const char *const skipped_dirs[] = {
    ".git", ".hg", ".svn", ".jj", "node_modules", "bower_components", "target", "dist", "build",
    "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".cache",
    ".gradle", ".next", ".nuxt", ".terraform", ".direnv", ".eggs", "CMakeFiles", ".zig-cache", "zig-out",
};

bool lsp_scan_skips_dir(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof skipped_dirs / sizeof skipped_dirs[0]; i++)
        if (strlen(skipped_dirs[i]) == len && memcmp(skipped_dirs[i], name, len) == 0)
            return true;
    /* build-release, cmake-build-debug, … */
    return (len > 6 && memcmp(name, "build-", 6) == 0) || (len > 12 && memcmp(name, "cmake-build-", 12) == 0);
}

/* A line for the user's log through the scan's hook. */
#define say(scan, ...) lsp_log_to((scan)->cfg.log, (scan)->cfg.data, __VA_ARGS__)

/* ---------------------------------------------------------------- adding paths */

static bool full(LspScan *scan)
{
    if (scan->capped)
        return true;
    if (scan->cfg.max_files && lsp_path_index_file_count(scan->cfg.index) >= scan->cfg.max_files) {
        char count[32];
        snprintf(count, sizeof count, "%u", scan->cfg.max_files);
        say(scan, "stopped indexing %s at %s files; exclude large folders to see the rest", scan->cfg.root,
            count);
        scan->capped = true;
    }
    return scan->capped;
}

/* Adds `path` (raw `len` bytes, from git or a folder listing) when it is a clean path the user keeps. */
static void add_path(LspScan *scan, const char *path, size_t len)
{
    if (len == 0 || path[len - 1] == '/' || full(scan)) /* "sub/": git's way of naming a nested repository */
        return;
    char stack[512];
    char *clean = len < sizeof stack ? stack : core_xmalloc(len + 1);
    int n = lsp_path_normalize(path, len, clean);
    if (n > 0 && (!scan->cfg.keep || scan->cfg.keep(scan->cfg.data, clean, (size_t)n))) {
        uint32_t before = lsp_path_index_file_count(scan->cfg.index);
        lsp_path_index_add(scan->cfg.index, clean, (size_t)n);
        scan->added += lsp_path_index_file_count(scan->cfg.index) - before;
    }
    if (clean != stack)
        free(clean);
}

static void report(LspScan *scan)
{
    if (scan->cfg.progress && !scan->cancelled)
        scan->cfg.progress(scan->cfg.data, lsp_path_index_file_count(scan->cfg.index));
}

/* ---------------------------------------------------------------- the end */

static void finish(LspScan *scan, int status)
{
    LspScanResult result = {
        .status = scan->cancelled ? UV_ECANCELED : status,
        .used = scan->phase == PHASE_GIT ? LSP_SCAN_GIT : LSP_SCAN_WALK,
        .added = scan->added,
        .elapsed_ns = uv_hrtime() - scan->started,
    };
    scan->cfg.done(scan->cfg.data, &result);
    for (size_t i = 0; i < scan->cfg.spec_count; i++)
        free(scan->specs[i]);
    free(scan->specs);
    for (uint32_t i = 0; i < scan->queue.size; i++)
        free(scan->queue.contents[i]);
    array_delete(&scan->queue);
    array_delete(&scan->carry);
    free(scan->errtext);
    free(scan);
}

static void walk_start(LspScan *scan);

/* git has exited and its pipes are closed: keep its list, or fall back to the walk. */
static void git_ended(LspScan *scan)
{
    if (scan->cancelled || scan->git_ok || (scan->capped && !scan->spawn_error)) {
        finish(scan, 0);
        return;
    }
    char why[ERR_TEXT_MAX + 64];
    if (scan->spawn_error) {
        snprintf(why, sizeof why, "cannot start git: %s", uv_strerror(scan->spawn_error));
    } else if (scan->unsafe) {
        snprintf(why, sizeof why, "git is not run there because %s", scan->errtext);
    } else if (scan->timed_out) {
        snprintf(why, sizeof why, "git ls-files did not finish within %d s; stopped it", GIT_TIMEOUT_MS / 1000);
    } else {
        const char *text = scan->errtext ? scan->errtext : "";
        snprintf(why, sizeof why, "git ls-files exited with %d%s%s", scan->exit_code, *text ? ": " : "", text);
    }
    if (scan->cfg.mode == LSP_SCAN_GIT) {
        say(scan, "cannot list the files of %s (%s)", scan->cfg.root, why);
        finish(scan, scan->spawn_error ? scan->spawn_error : UV_EIO);
        return;
    }
    if (scan->cfg.fell_back)
        scan->cfg.fell_back(scan->cfg.data, why);
    else
        say(scan, "%s is not listed by git (%s); walking the folder instead", scan->cfg.root, why);
    if (scan->cfg.spec_count == 0)
        lsp_path_index_clear(scan->cfg.index);
    scan->added = 0;
    walk_start(scan);
}

/* Nothing open and nothing in flight: the phase is over. */
static void settle(LspScan *scan)
{
    if (scan->pending)
        return;
    if (scan->phase == PHASE_GIT)
        git_ended(scan);
    else
        finish(scan, 0);
}

static void handle_closed(uv_handle_t *handle)
{
    LspScan *scan = handle->data;
    scan->pending--;
    settle(scan);
}

/* ---------------------------------------------------------------- git */

static void add_record(void *data, const char *path, size_t len)
{
    add_path(data, path, len);
}

/* One chunk of `git ls-files -z`: whole records now, the unfinished tail kept for the next chunk. */
static void on_git_out(void *data, const char *bytes, size_t len)
{
    LspScan *scan = data;
    if (scan->cancelled || scan->capped)
        return;
    lsp_git_records(&scan->carry, bytes, len, '\0', add_record, scan);
    if (scan->capped)
        lsp_git_cancel(scan->git);
    report(scan);
}

static void on_git_done(void *data, const LspGitResult *r)
{
    LspScan *scan = data;
    scan->git = NULL;
    scan->git_ok = r->ok;
    scan->timed_out = r->timed_out;
    scan->spawn_error = r->spawn_error;
    scan->exit_code = r->term_signal ? 128 + r->term_signal : (int)r->exit_status;
    /* A repository git is not run in (docs/security.md): its reason stands for git's own words. */
    const char *err = r->unsafe ? r->unsafe : r->err;
    scan->unsafe = r->unsafe != NULL;
    scan->errtext = core_xstrndup(err, strlen(err));
    scan->pending--;
    settle(scan);
}

/* `git ls-files` through git/process.c, which adds the options that keep a repository's config from running anything. */
static void git_start(LspScan *scan)
{
    scan->phase = PHASE_GIT;
    size_t fixed = 7;
    const char **args = core_xcalloc(fixed + scan->cfg.spec_count, sizeof *args);
    size_t n = 0;
    args[n++] = "--literal-pathspecs"; /* file names are data: no globs, no ":(magic)" */
    args[n++] = "ls-files";
    args[n++] = "--cached";
    args[n++] = "--others";
    args[n++] = "--exclude-standard";
    args[n++] = "-z";
    args[n++] = "--";
    for (size_t i = 0; i < scan->cfg.spec_count; i++)
        args[n++] = scan->specs[i];
    LspGitConfig git = {
        .loop = scan->cfg.loop,
        .cwd = scan->cfg.root,
        .args = args,
        .arg_count = n,
        .timeout_ms = GIT_TIMEOUT_MS,
        .data = scan,
        .out = on_git_out,
        .done = on_git_done,
    };
    scan->pending++;
    scan->git = lsp_git_start(&git);
    free(args);
}

/* ---------------------------------------------------------------- walk */

static void walk_pump(LspScan *scan);

/* An entry of unknown type (some filesystems do not say): ask lstat, which never follows the link. */
static uv_dirent_type_t probe(LspScan *scan, const char *rel)
{
    char *path = lsp_root_join(scan->cfg.root, rel);
    uv_stat_t st;
    int rc = lsp_platform_lstat(path, &st);
    free(path);
    if (rc < 0)
        return UV_DIRENT_UNKNOWN;
    uint64_t mode = st.st_mode;
    if (S_ISDIR(mode))
        return UV_DIRENT_DIR;
    if (S_ISLNK(mode))
        return UV_DIRENT_LINK;
    return S_ISREG(mode) ? UV_DIRENT_FILE : UV_DIRENT_UNKNOWN;
}

static void on_scandir(uv_fs_t *req)
{
    DirReq *dr = (DirReq *)req;
    LspScan *scan = dr->scan;
    scan->pending--;
    scan->in_flight--;
    if (req->result < 0 && !scan->cancelled) {
        say(scan, "cannot list the folder %s: %s", req->path, uv_strerror((int)req->result));
    } else if (req->result >= 0 && !scan->cancelled) {
        size_t base = strlen(dr->rel);
        uv_dirent_t ent;
        uint32_t depth = 1; /* of the entries listed here, were they folders */
        for (const char *c = dr->rel; *dr->rel && *c; c++)
            depth += *c == '/';
        depth += *dr->rel != '\0';
        while (uv_fs_scandir_next(req, &ent) != UV_EOF && !full(scan)) {
            size_t nl = strlen(ent.name);
            char *rel = core_xmalloc(base + nl + 2);
            memcpy(rel, dr->rel, base);
            size_t n = base;
            if (base)
                rel[n++] = '/';
            memcpy(rel + n, ent.name, nl + 1);
            uv_dirent_type_t type = ent.type == UV_DIRENT_UNKNOWN ? probe(scan, rel) : ent.type;
            if (type == UV_DIRENT_DIR && !lsp_scan_skips_dir(ent.name, nl) &&
                (!scan->cfg.max_depth || depth <= scan->cfg.max_depth) &&
                (!scan->cfg.keep || scan->cfg.keep(scan->cfg.data, rel, n + nl))) {
                array_push(&scan->queue, rel);
                continue;
            }
            bool git_link = nl == 4 && memcmp(ent.name, ".git", 4) == 0; /* a worktree's pointer file */
            if ((type == UV_DIRENT_FILE || type == UV_DIRENT_LINK) && !git_link) /* links are named, never followed */
                add_path(scan, rel, n + nl);
            free(rel);
        }
        /* Drained to the end even when the cap stopped the listing: libuv frees the entries it hands out. */
        while (uv_fs_scandir_next(req, &ent) != UV_EOF)
            ;
        report(scan);
    }
    uv_fs_req_cleanup(req);
    free(dr->rel);
    free(dr);
    walk_pump(scan);
}

static void walk_pump(LspScan *scan)
{
    if (scan->cancelled || scan->capped) {
        for (uint32_t i = 0; i < scan->queue.size; i++)
            free(scan->queue.contents[i]);
        array_clear(&scan->queue);
    }
    while (scan->in_flight < WALK_PARALLEL && scan->queue.size) {
        char *rel = scan->queue.contents[--scan->queue.size];
        DirReq *dr = core_xcalloc(1, sizeof *dr);
        dr->scan = scan;
        dr->rel = rel;
        char *path = lsp_root_join(scan->cfg.root, rel);
        int rc = uv_fs_scandir(scan->cfg.loop, &dr->req, path, 0, on_scandir);
        if (rc < 0) {
            say(scan, "cannot list the folder %s: %s", path, uv_strerror(rc));
            uv_fs_req_cleanup(&dr->req);
            free(dr->rel);
            free(dr);
        } else {
            scan->pending++;
            scan->in_flight++;
        }
        free(path);
    }
    settle(scan);
}

static void walk_start(LspScan *scan)
{
    scan->phase = PHASE_WALK;
    if (scan->cfg.spec_count == 0) {
        array_push(&scan->queue, core_xstrndup("", 0));
    }
    for (size_t i = 0; i < scan->cfg.spec_count; i++) {
        const char *spec = scan->specs[i];
        size_t len = strlen(spec);
        LspPathKind kind = lsp_root_lstat_inside(scan->cfg.root, spec, len);
        if (kind == LSP_PATH_DIR && (!scan->cfg.keep || scan->cfg.keep(scan->cfg.data, spec, len)))
            array_push(&scan->queue, core_xstrndup(spec, len));
        else if (kind == LSP_PATH_FILE)
            add_path(scan, spec, len);
    }
    walk_pump(scan);
}

/* ---------------------------------------------------------------- life */

/* The scan starts on the next loop turn, so `done` never runs before the caller holds the scan. */
static void start_deferred(uv_timer_t *timer)
{
    LspScan *scan = timer->data;
    uv_close((uv_handle_t *)timer, handle_closed); /* holds `pending` up until the scan has its first handles */
    if (scan->cancelled)
        return;
    if (scan->phase == PHASE_WALK)
        walk_start(scan);
    else
        git_start(scan);
}

LspScan *lsp_scan_start(const LspScanConfig *cfg)
{
    LspScan *scan = core_xcalloc(1, sizeof *scan);
    scan->cfg = *cfg;
    scan->started = uv_hrtime();
    scan->specs = core_xcalloc(cfg->spec_count + 1, sizeof *scan->specs);
    for (size_t i = 0; i < cfg->spec_count; i++)
        scan->specs[i] = core_xstrndup(cfg->specs[i], strlen(cfg->specs[i]));
    scan->cfg.specs = NULL;
    scan->phase = cfg->mode == LSP_SCAN_WALK ? PHASE_WALK : PHASE_GIT;
    int rc = uv_timer_init(cfg->loop, &scan->defer);
    if (rc < 0) {
        say(scan, "cannot list the files of %s: %s", scan->cfg.root, uv_strerror(rc));
        for (size_t i = 0; i < cfg->spec_count; i++)
            free(scan->specs[i]);
        free(scan->specs);
        free(scan);
        return NULL;
    }
    scan->defer.data = scan;
    scan->pending = 1;
    uv_timer_start(&scan->defer, start_deferred, 0, 0);
    return scan;
}

void lsp_scan_cancel(LspScan *scan)
{
    if (scan->cancelled)
        return;
    scan->cancelled = true;
    if (scan->phase == PHASE_GIT) {
        if (scan->git) /* not started yet: start_deferred sees `cancelled` */
            lsp_git_cancel(scan->git);
    } else {
        for (uint32_t i = 0; i < scan->queue.size; i++)
            free(scan->queue.contents[i]);
        array_clear(&scan->queue);
    }
}
