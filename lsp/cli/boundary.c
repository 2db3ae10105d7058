/* boundary.c — a command's path resolved through the root boundary (index/root.c), links followed only inside. */
#include "cli/boundary.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>

#include "index/path_index.h"
#include "index/root.h"
#include "platform/platform.h"
#include "progress/alloc.h"

enum { MAX_LINKS = 8 }; /* as the server follows them */

/* The folder part of `path` ("." for a bare name), owned. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return core_xstrndup(".", 1);
    return slash == path ? core_xstrndup("/", 1) : core_xstrndup(path, (size_t)(slash - path));
}

static bool has_git(const char *dir)
{
    char *git = lsp_root_join(dir, ".git");
    uv_stat_t st;
    int rc = lsp_platform_lstat(git, &st);
    free(git);
    return rc == 0;
}

char *lsp_cli_boundary_of(const char *path)
{
    char *folder = folder_of(path), *real = lsp_platform_realpath(folder);
    free(folder);
    if (!real)
        return NULL;
    char *up = core_xstrndup(real, strlen(real));
    size_t root_len = lsp_platform_path_root_len(up); /* "/" or "C:/" is kept */
    for (;;) {
        if (has_git(up)) {
            free(real);
            return up;
        }
        char *slash = strrchr(up, '/');
        if (!slash || strlen(up) <= root_len)
            break;
        size_t keep = (size_t)(slash - up);
        up[keep < root_len ? root_len : keep] = '\0';
    }
    free(up);
    return real;
}

int lsp_cli_target(const char *path, const char *boundary, char **target)
{
    *target = NULL;
    uv_stat_t st;
    int rc = strcmp(path, "-") == 0 ? 0 : lsp_platform_lstat(path, &st);
    bool link = rc == 0 && strcmp(path, "-") != 0 && S_ISLNK(st.st_mode);
    if (rc < 0 || !link) { /* what is no link is read as it is: lsp_file_read refuses what is no regular file */
        *target = core_xstrndup(path, strlen(path));
        return 0;
    }
    char *own = boundary ? NULL : lsp_cli_boundary_of(path);
    const char *root = boundary ? boundary : own;
    char *folder = folder_of(path), *real = lsp_platform_realpath(folder);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t under = root && real ? lsp_root_under(real, root) : 0;
    rc = UV_ELOOP;
    if (under || (root && real && strcmp(real, root) == 0)) {
        /* The link's name relative to the boundary, then its targets followed while they stay inside. */
        const char *rest = real + strlen(root);
        while (*rest == '/')
            rest++;
        char *rel = *rest ? core_xasprintf("%s/%s", rest, base) : core_xstrndup(base, strlen(base));
        char *clean = core_xmalloc(strlen(rel) + 1);
        int n = lsp_path_normalize(rel, strlen(rel), clean);
        if (n > 0 && (*target = lsp_root_target(root, clean, (size_t)n, MAX_LINKS)) != NULL)
            rc = 0;
        free(clean);
        free(rel);
    }
    free(folder);
    free(real);
    free(own);
    return rc;
}
