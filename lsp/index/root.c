/* root.c — the root boundary in one file: joins, lstat walks and link resolution that never leave a root. */
#include "index/root.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>

#include "platform/platform.h"
#include "progress/alloc.h"

size_t lsp_root_under(const char *path, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(path, base, n) != 0)
        return 0;
    if (path[n] == '\0' || path[n] == '/')
        return n;
    return n == 1 && base[0] == '/' ? n : 0;
}

char *lsp_root_join(const char *root, const char *rel)
{
    size_t rl = strlen(root), l = strlen(rel);
    char *out = core_xmalloc(rl + l + 2);
    memcpy(out, root, rl);
    size_t n = rl;
    if (l) {
        if (n == 0 || out[n - 1] != '/')
            out[n++] = '/';
        memcpy(out + n, rel, l);
        n += l;
    }
    out[n] = '\0';
    return out;
}

LspPathKind lsp_root_lstat_inside(const char *root, const char *rel, size_t rel_len)
{
    size_t root_len = strlen(root);
    char *path = core_xmalloc(root_len + rel_len + 2);
    memcpy(path, root, root_len);
    path[root_len] = '/';
    LspPathKind kind = LSP_PATH_DIR; /* the empty path is the root itself */
    for (size_t i = 0; i < rel_len;) {
        size_t j = i;
        while (j < rel_len && rel[j] != '/')
            j++;
        memcpy(path + root_len + 1, rel, j);
        path[root_len + 1 + j] = '\0';
        uv_stat_t st;
        int rc = lsp_platform_lstat(path, &st);
        uint64_t mode = rc == 0 ? st.st_mode : 0;
        /* A link or a file on the way means the rest may lie outside the root: stop before following it. */
        if (rc < 0 || (j < rel_len && !S_ISDIR(mode))) {
            kind = LSP_PATH_NONE;
            break;
        }
        kind = S_ISDIR(mode) ? LSP_PATH_DIR : LSP_PATH_FILE;
        i = j + 1;
    }
    free(path);
    return kind;
}

/* The link's target as a normalized path under `real`, or NULL when it points outside. Caller frees. */
static char *link_target(const char *real, const char *rel, const char *target)
{
    if (target[0] == '/') {
        size_t n = lsp_root_under(target, real);
        if (!n || target[n] != '/')
            return NULL;
        size_t tl = strlen(target + n + 1);
        char *clean = core_xmalloc(tl + 1);
        if (lsp_path_normalize(target + n + 1, tl, clean) >= 0)
            return clean;
        free(clean);
        return NULL;
    }
    /* Relative to the link's folder; a ".." above the root makes the join fail. */
    const char *slash = strrchr(rel, '/');
    size_t dir = slash ? (size_t)(slash - rel) : 0;
    char *next = core_xmalloc(dir + strlen(target) + 2);
    if (lsp_path_join(rel, dir, target, strlen(target), next) < 0) {
        free(next);
        return NULL;
    }
    return next;
}

/*
 * What `rel` (normalized, owned) names once the links on it are followed, at most `depth` more of them: the
 * normalized path of the final target under `real` (owned), or NULL when the way leaves the root or is missing.
 */
static char *final_inside(const char *real, char *rel, int depth)
{
    if (lsp_root_lstat_inside(real, rel, strlen(rel)) == LSP_PATH_NONE) {
        free(rel);
        return NULL;
    }
    char *path = lsp_root_join(real, rel);
    uv_stat_t st;
    int rc = lsp_platform_lstat(path, &st);
    bool link = rc == 0 && S_ISLNK(st.st_mode);
    if (!link) {
        free(path);
        if (rc == 0)
            return rel;
        free(rel);
        return NULL;
    }
    uv_fs_t req;
    rc = depth > 0 ? uv_fs_readlink(NULL, &req, path, NULL) : UV_ELOOP;
    free(path);
    char *next = rc < 0 ? NULL : link_target(real, rel, req.ptr);
    if (rc == 0)
        uv_fs_req_cleanup(&req);
    free(rel);
    return next ? final_inside(real, next, depth - 1) : NULL;
}

char *lsp_root_resolve(const char *real, const char *shown, const char *rel, size_t len, int max_links)
{
    char *clean = core_xstrndup(rel, len);
    char *target = final_inside(real, core_xstrndup(rel, len), max_links);
    char *out = target ? lsp_root_join(shown, clean) : NULL;
    free(target);
    free(clean);
    return out;
}

char *lsp_root_target(const char *real, const char *rel, size_t len, int max_links)
{
    char *target = final_inside(real, core_xstrndup(rel, len), max_links);
    char *out = target ? lsp_root_join(real, target) : NULL;
    free(target);
    return out;
}
