/* find.c — lists the progress files below a folder with the workspace's scanner, run to completion on its own loop. */
#include "cli/find.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/findings.h"
#include "platform/platform.h"
#include "progress/core.h"
#include "index/scan.h"

typedef struct {
    LspPathList found; /* candidates by name; checked against the index at the end */
    bool failed;
} Find;

/* Every path is kept in the index (the walk asks about folders too); progress-file names are noted. */
static bool keep(void *data, const char *path, size_t len)
{
    Find *f = data;
    if (core_name_is_progress_file(path, len))
        array_push(&f->found, core_xstrndup(path, len));
    return true;
}

static void say(void *data, const char *message)
{
    Find *f = data;
    f->failed = true;
    lsp_check_warn("progress-ls check: %s", message);
}

/* Outside a repository git's complaint is expected: the walk answers instead, silently. */
static void fell_back(void *data, const char *why)
{
    (void)data;
    (void)why;
}

static void done(void *data, const LspScanResult *result)
{
    (void)data;
    (void)result;
}

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lsp_check_find(const char *dir, LspPathList *out)
{
    /* The scanner reports an unreadable root only in passing: say it here, once, with the name as given. */
    DIR *d = opendir(dir);
    if (!d) {
        lsp_check_warn("progress-ls check: cannot read the folder %s: %s", dir, strerror(errno));
        return -1;
    }
    closedir(d);
    char *root = lsp_platform_realpath(dir);
    if (!root) {
        lsp_check_warn("progress-ls check: cannot read the folder %s: %s", dir, strerror(errno));
        return -1;
    }
    Find f = {0};
    uv_loop_t loop;
    uv_loop_init(&loop);
    LspPathIndex *index = lsp_path_index_new();
    LspScanConfig cfg = {
        .loop = &loop,
        .root = root,
        .index = index,
        .mode = LSP_SCAN_AUTO,
        /* Where git cannot list it (no repository: a container's `/`, a home folder), the walk stays shallow. */
        .max_depth = LSP_CHECK_WALK_DEPTH,
        .data = &f,
        .keep = keep,
        .log = say,
        .fell_back = fell_back,
        .done = done,
    };
    lsp_scan_start(&cfg);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);

    /* A name noted while git ran and then dropped for the walk, or a folder with a progress name, is no file. */
    if (f.found.size > 1)
        qsort(f.found.contents, f.found.size, sizeof *f.found.contents, by_bytes);
    const char *last = NULL; /* git lists a conflicted file once per stage */
    for (uint32_t i = 0; i < f.found.size; i++) {
        char *p = f.found.contents[i];
        if ((!last || strcmp(last, p) != 0) && lsp_path_index_kind(index, p, strlen(p)) == LSP_PATH_FILE) {
            array_push(out, p);
            last = p;
        } else {
            free(p);
        }
    }
    array_delete(&f.found);
    lsp_path_index_free(index);
    free(root);
    return f.failed ? -1 : 0;
}

void lsp_path_list_free(LspPathList *list)
{
    for (uint32_t i = 0; i < list->size; i++)
        free(list->contents[i]);
    array_delete(list);
}
