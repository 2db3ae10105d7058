/* kept.c — the MCP server's kept evidence: one progress file's, on its own loop, with the project's folders watched. */
#include "mcp/kept.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "index/watch.h"
#include "platform/platform.h"
#include "progress/alloc.h"

enum {
    GIT_TIMEOUT_MS = 10000, /* per git command, as the commands' */
    MAX_FOLDERS = 20000,    /* inotify watches are the user's, shared with every editor: past this, read afresh */
};

struct LspMcpKept {
    char *root;
    char *file;         /* whose evidence `evidence` is; NULL: none kept */
    LspEvidence evidence;
    LspTreeWatch *watch;
    bool git_inside;    /* git's folder is the project's own .git: the watch sees commits, checkouts, staging */
};

LspMcpKept *lsp_mcp_kept_new(const char *root)
{
    LspMcpKept *k = core_xcalloc(1, sizeof *k);
    k->root = core_xstrndup(root, strlen(root));
    return k;
}

const char *lsp_mcp_kept_root(const LspMcpKept *k)
{
    return k->root;
}

static void drop(LspMcpKept *k)
{
    lsp_treewatch_free(k->watch);
    lsp_evidence_destroy(&k->evidence); /* runs the loop until the watch's handles are closed too */
    k->watch = NULL;
    free(k->file);
    k->file = NULL;
}

void lsp_mcp_kept_free(LspMcpKept *k)
{
    if (!k)
        return;
    drop(k);
    free(k->root);
    free(k);
}

static void on_changed(void *data, const char *path)
{
    LspMcpKept *k = data;
    lsp_evidence_changed(&k->evidence, path);
}

/* Whether git's folder for the project is its own `.git` folder (a `.git` file points elsewhere), or there is none. */
static bool git_folder_inside(const char *root)
{
    char *git = core_xasprintf("%s/.git", root);
    uv_stat_t st;
    bool inside = lsp_platform_lstat(git, &st) != 0 || S_ISDIR(st.st_mode);
    free(git);
    return inside;
}

LspEvidence *lsp_mcp_kept_evidence(LspMcpKept *k, const char *file)
{
    if (k->file && strcmp(k->file, file) == 0) {
        if (!k->watch || !k->git_inside || !lsp_treewatch_exact(k->watch))
            lsp_evidence_changed(&k->evidence, NULL);
        return &k->evidence;
    }
    drop(k);
    if (lsp_evidence_open(file, GIT_TIMEOUT_MS, true, &k->evidence) < 0) {
        lsp_evidence_destroy(&k->evidence);
        return NULL;
    }
    k->file = core_xstrndup(file, strlen(file));
    k->git_inside = git_folder_inside(k->root);
    if (!lsp_platform_watch_is_immediate())
        return &k->evidence; /* no watch to trust: every call reads again, as the commands do */
    LspTreeWatchConfig cfg = {
        .loop = &k->evidence.loop,
        .root = k->root,
        .max_folders = MAX_FOLDERS,
        .data = k,
        .changed = on_changed,
    };
    k->watch = lsp_treewatch_new(&cfg);
    return &k->evidence;
}
