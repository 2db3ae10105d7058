/* progress_files.c — the workspace's progress files: found in the roots' indexes, read from disk when not open. */
#include "server/progress_files.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "progress/alloc.h"
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
    free(f->target);
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

/* Whether the cached file is still the one read: same file, size and modification time. */
static bool unchanged(const LspDiskFile *f)
{
    LspFileStamp now;
    return lsp_file_stamp(f->target, &now) == 0 && lsp_file_stamp_same(&now, &f->stamp);
}

/*
 * The file at `target` (taken; checked inside its root), known as `path` (taken), read as it is on disk now: a
 * regular file only, never blocking (a FIFO is refused), at most LSP_PROGRESS_FILE_MAX_BYTES; NULL when unreadable.
 */
static LspDiskFile *load(LspProgressFiles *pf, LspDiskFile *f, char *path, char *target, uint64_t *generation)
{
    char *text = NULL;
    size_t len = 0;
    LspFileStamp stamp;
    if (lsp_file_read(target, LSP_PROGRESS_FILE_MAX_BYTES, &text, &len, &stamp) < 0) {
        free(path);
        free(target);
        return NULL; /* a cached entry left unseen is dropped after the listing */
    }
    if (!f) {
        f = core_xcalloc(1, sizeof *f);
        f->path = path;
        f->uri = lsp_uri_from_path(path);
        array_push(&pf->files, f);
    } else {
        free(path);
        free(f->target);
        core_doc_free(f->doc);
        if (f->diags_valid)
            core_diag_list_free(&f->diags);
        f->diags_valid = false;
    }
    f->target = target;
    f->doc = core_doc_new(text, len);
    free(text);
    f->stamp = stamp;
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
            char *target = path ? lsp_workspace_target(ws, root, rel, len) : NULL;
            f = target ? load(pf, known, path, target, &docs->generation) : NULL;
            if (path && !target)
                free(path);
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
