/* progress_files.c — the workspace's progress files: found in the roots' indexes, read from disk when not open. */
#include "server/progress_files.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "progress/alloc.h"
#include "support/readfile.h"
#include "index/root.h"
#include "support/uri.h"

static void disk_free(LspDiskFile *f)
{
    if (!f)
        return;
    if (f->diags_valid)
        core_diag_list_free(&f->diags);
    core_doc_free(f->doc);
    free(f->path);
    free(f->uri);
    free(f);
}

void lsp_progress_files_destroy(LspProgressFiles *pf)
{
    for (uint32_t i = 0; i < pf->files.size; i++)
        disk_free(pf->files.contents[i]);
    array_delete(&pf->files);
}

static LspDiskFile *find(const LspProgressFiles *pf, const char *path)
{
    for (uint32_t i = 0; i < pf->files.size; i++)
        if (strcmp(pf->files.contents[i]->path, path) == 0)
            return pf->files.contents[i];
    return NULL;
}

static int64_t mtime_of(const uv_stat_t *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* Whether the cached file is still the one read: same file, size and modification time. */
static bool unchanged(const LspDiskFile *f)
{
    uv_fs_t req;
    int rc = uv_fs_stat(NULL, &req, f->path, NULL);
    uv_stat_t st = req.statbuf;
    uv_fs_req_cleanup(&req);
    return rc == 0 && st.st_dev == f->dev && st.st_ino == f->ino && st.st_size == f->size && mtime_of(&st) == f->mtime_ns;
}

/* The file at `path` (taken; checked inside its root) read as it is on disk now; NULL when unreadable. */
static LspDiskFile *load(LspProgressFiles *pf, LspDiskFile *f, char *path, uint64_t *generation)
{
    uv_fs_t req;
    int rc = uv_fs_stat(NULL, &req, path, NULL);
    uv_stat_t st = req.statbuf;
    uv_fs_req_cleanup(&req);
    char *text = NULL;
    size_t len = 0;
    if (rc == 0 && st.st_size <= LSP_PROGRESS_FILE_MAX_BYTES && (st.st_mode & S_IFMT) == S_IFREG)
        text = lsp_file_read(path, &len);
    if (text && len != st.st_size) { /* changed under us: the next listing reads it again */
        free(text);
        text = NULL;
    }
    if (!text) {
        free(path);
        return NULL; /* a cached entry left unseen is dropped after the listing */
    }
    if (!f) {
        f = core_xcalloc(1, sizeof *f);
        f->path = path;
        f->uri = lsp_uri_from_path(path);
        array_push(&pf->files, f);
    } else {
        free(path);
        core_doc_free(f->doc);
        if (f->diags_valid)
            core_diag_list_free(&f->diags);
        f->diags_valid = false;
    }
    f->doc = core_doc_new(text, st.st_size);
    free(text);
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->mtime_ns = mtime_of(&st);
    f->size = st.st_size;
    f->generation = ++*generation;
    f->seen = true;
    return f;
}

static bool listed(const LspProgressFileArray *out, const LspDoc *d)
{
    for (uint32_t i = 0; i < out->size; i++)
        if (out->contents[i].open == d)
            return true;
    return false;
}

/* The progress files of one root's index. */
static void list_root(LspProgressFiles *pf, const LspWorkspace *ws, int root, LspDocs *docs, LspProgressFileArray *out)
{
    LspPathIndex *idx = lsp_workspace_paths(ws, root);
    uint32_t cursor = 0, id;
    while (lsp_path_index_next_file(idx, &cursor, &id)) {
        size_t len;
        const char *rel = lsp_path_index_path(idx, id, &len);
        if (!core_name_is_progress_file(rel, len))
            continue;
        /* The path lsp_workspace_resolve would give: how the file is known between requests. */
        char *shown = lsp_root_join(lsp_workspace_root_path(ws, root), rel);
        LspDiskFile *known = find(pf, shown);
        if (known && known->seen) { /* listed already through an enclosing root */
            free(shown);
            continue;
        }
        char *uri = known ? NULL : lsp_uri_from_path(shown);
        LspDoc *d = lsp_docs_get(docs, known ? known->uri : uri);
        free(uri);
        free(shown);
        if (d) {
            if (!listed(out, d))
                array_push(out, ((LspProgressFile){d->uri, d->doc, d, NULL}));
            continue;
        }
        LspDiskFile *f = known;
        if (!known || !unchanged(known)) {
            char *path = lsp_workspace_resolve(ws, root, rel, len);
            f = path ? load(pf, known, path, &docs->generation) : NULL;
        }
        if (f) {
            f->seen = true;
            array_push(out, ((LspProgressFile){f->uri, f->doc, NULL, f}));
        }
    }
}

void lsp_progress_files_list(LspProgressFiles *pf, const LspWorkspace *ws, LspDocs *docs, LspProgressFileArray *out)
{
    array_clear(out);
    for (uint32_t i = 0; i < pf->files.size; i++)
        pf->files.contents[i]->seen = false;
    size_t roots = ws ? lsp_workspace_root_count(ws) : 0;
    for (size_t r = 0; r < roots; r++)
        list_root(pf, ws, (int)r, docs, out);
    /* Files no root lists any more (deleted, renamed, excluded) are forgotten. */
    uint32_t kept = 0;
    for (uint32_t i = 0; i < pf->files.size; i++) {
        LspDiskFile *f = pf->files.contents[i];
        if (f->seen)
            pf->files.contents[kept++] = f;
        else
            disk_free(f);
    }
    pf->files.size = kept;
    uint32_t cursor = 0;
    for (LspDoc *d = lsp_docs_next(docs, &cursor, NULL); d; d = lsp_docs_next(docs, &cursor, d))
        if (core_name_is_progress_file(d->uri, strlen(d->uri)) && !listed(out, d))
            array_push(out, ((LspProgressFile){d->uri, d->doc, d, NULL}));
}
