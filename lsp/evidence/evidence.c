/* evidence.c — one progress file's evidence, read synchronously: the gitstate pipeline on a private loop, the feature list. */
#include "evidence/evidence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int lsp_evidence_read(const char *path, const CoreDoc *doc, uint32_t timeout_ms, LspEvidence *out, CoreEvidence *ev)
{
    memset(out, 0, sizeof *out);
    memset(ev, 0, sizeof *ev);
    uv_fs_t req;
    int rc = uv_fs_realpath(NULL, &req, path, NULL);
    if (rc < 0) {
        uv_fs_req_cleanup(&req);
        return rc;
    }
    const char *real = req.ptr;
    const char *slash = strrchr(real, '/');
    out->root = core_xstrndup(real, slash == real ? 1 : (size_t)(slash - real));
    out->file = core_xstrndup(slash + 1, strlen(slash + 1));
    uv_fs_req_cleanup(&req);
    if ((rc = uv_loop_init(&out->loop)) < 0)
        return rc;
    out->loop_open = true;

    LspGitStateConfig cfg = {
        .loop = &out->loop,
        .root = out->root,
        .file = out->file,
        .timeout_ms = timeout_ms,
        .max_paths = 5000,
        .log = on_log,
        .changed = on_changed,
    };
    out->git = lsp_gitstate_new(&cfg);
    lsp_gitstate_set_refs(out->git, doc);
    /* prd.json first: beside it, the file is Ralph's log and git reads its commit subjects and HEAD's text. */
    lsp_prd_read_stories(out->root, "", &out->prd);
    lsp_gitstate_set_ralph(out->git, out->prd.counts.state != CORE_FEATURES_NONE ||
                                         core_doc_dialect(doc) == CORE_DIALECT_RALPH);
    lsp_gitstate_refresh(out->git, 0);
    while (lsp_gitstate_busy(out->git))
        uv_run(&out->loop, UV_RUN_ONCE);

    ev->changed_files = ev->commits = ev->staleness = ev->features = ev->stories = ev->append_only = true;
    ev->now = (int64_t)time(NULL);
    lsp_gitstate_fill(out->git, ev);
    lsp_feature_list_read(out->root, &out->features);
    lsp_feature_list_fill(&out->features, ev);
    lsp_prd_fill(&out->prd, LSP_PRD, ev);
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
    free(e->root);
    free(e->file);
    memset(e, 0, sizeof *e);
}
