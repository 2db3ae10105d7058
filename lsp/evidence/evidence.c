/* evidence.c — one progress file's evidence, read synchronously: the gitstate pipeline on a private loop, the feature list. */
#include "evidence/evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/log.h"

static void on_changed(void *data)
{
    (void)data;
}

static void on_log(void *data, const char *message)
{
    (void)data;
    fflush(stdout);
    fprintf(stderr, "%s\n", message);
}

int lsp_evidence_open(const char *path, uint32_t timeout_ms, bool session, LspEvidence *out)
{
    memset(out, 0, sizeof *out);
    /* The canonical form (`C:/x` on Windows, where libuv's own realpath answers with backslashes). */
    char *real = lsp_platform_realpath(path);
    const char *slash = real ? strrchr(real, '/') : NULL;
    if (!slash) {
        free(real);
        return UV_ENOENT;
    }
    size_t top = lsp_platform_path_root_len(real), dir = (size_t)(slash - real);
    out->root = core_xstrndup(real, dir < top ? top : dir);
    out->file = core_xstrndup(slash + 1, strlen(slash + 1));
    free(real);
    int rc;
    if ((rc = uv_loop_init(&out->loop)) < 0)
        return rc;
    out->loop_open = true;
    LspGitStateConfig cfg = {
        .loop = &out->loop,
        .root = out->root,
        .file = out->file,
        .timeout_ms = timeout_ms,
        .max_paths = 5000,
        .no_session = !session,
        .eager = true,
        .log = on_log,
        .changed = on_changed,
    };
    out->git = lsp_gitstate_new(&cfg);
    out->git_stale = out->harness_stale = true;
    return 0;
}

/* Whether `path` is `root`/`name`. */
static bool is_file(const char *path, const char *root, const char *name)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && path[n] == '/' && strcmp(path + n + 1, name) == 0;
}

void lsp_evidence_changed(LspEvidence *e, const char *path)
{
    e->git_stale = true;
    if (!path || is_file(path, e->root, LSP_FEATURE_LIST) || is_file(path, e->root, LSP_PRD))
        e->harness_stale = true;
}

void lsp_evidence_update(LspEvidence *e, const CoreDoc *doc, CoreEvidence *ev)
{
    memset(ev, 0, sizeof *ev);
    uv_run(&e->loop, UV_RUN_NOWAIT); /* the watch events that arrived since the last update */
    if (e->harness_stale) {
        lsp_prd_free(&e->prd);
        /* prd.json first: beside it, the file is Ralph's log and git reads its commit subjects and HEAD's text. */
        lsp_prd_read_stories(e->root, "", &e->prd);
        lsp_feature_list_read(e->root, &e->features);
        e->harness_stale = false;
    }
    bool refs = lsp_gitstate_set_refs(e->git, doc);
    bool ralph = lsp_gitstate_set_ralph(e->git, e->prd.counts.state != CORE_FEATURES_NONE ||
                                                    core_doc_dialect(doc) == CORE_DIALECT_RALPH);
    /* A refresh git's own folder watch asked for is due now too: the answer waits for it anyway. */
    if (e->git_stale || refs || ralph || lsp_gitstate_busy(e->git))
        lsp_gitstate_refresh(e->git, 0);
    e->git_stale = false;
    while (lsp_gitstate_busy(e->git))
        uv_run(&e->loop, UV_RUN_ONCE);

    ev->changed_files = ev->commits = ev->staleness = ev->features = ev->stories = ev->append_only = true;
    ev->now = (int64_t)time(NULL);
    lsp_gitstate_fill(e->git, ev);
    lsp_feature_list_fill(&e->features, ev);
    lsp_prd_fill(&e->prd, LSP_PRD, ev);
}

const char *const *lsp_evidence_code(LspEvidence *e, const CoreEvidence *ev, size_t *count, bool *self)
{
    uint64_t refresh = lsp_gitstate_generation(e->git) + 1;
    if (e->code_of != refresh) {
        array_clear(&e->code);
        e->code_self = false;
        for (size_t i = 0; i < ev->changed_count; i++) {
            const char *path = ev->changed[i];
            if (ev->self && strcmp(path, ev->self) == 0)
                e->code_self = true;
            else if (!core_name_is_not_code(path, strlen(path)))
                array_push(&e->code, path);
        }
        e->code_of = refresh;
    }
    *count = e->code.size;
    *self = e->code_self;
    return e->code.contents;
}

int lsp_evidence_read(const char *path, const CoreDoc *doc, uint32_t timeout_ms, bool session, LspEvidence *out,
                      CoreEvidence *ev)
{
    int rc = lsp_evidence_open(path, timeout_ms, session, out);
    if (rc < 0) {
        memset(ev, 0, sizeof *ev);
        return rc;
    }
    lsp_evidence_update(out, doc, ev);
    return 0;
}

void lsp_evidence_destroy(LspEvidence *e)
{
    if (e->git) {
        lsp_gitstate_free(e->git);
        uv_run(&e->loop, UV_RUN_DEFAULT); /* until its handles are closed */
    }
    if (e->loop_open)
        uv_loop_close(&e->loop);
    lsp_prd_free(&e->prd);
    array_delete(&e->code);
    free(e->root);
    free(e->file);
    memset(e, 0, sizeof *e);
}
