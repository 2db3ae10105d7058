/* harness.c — reads feature_list.json (the long-running agent harness's list of features) and counts what passes. */
#include "evidence/harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "progress/alloc.h"
#include "support/files.h"

static void malformed(LspFeatureList *out, uint32_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void malformed(LspFeatureList *out, uint32_t line, const char *fmt, ...)
{
    out->state = CORE_FEATURES_MALFORMED;
    out->error_line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->error, sizeof out->error, fmt, ap);
    va_end(ap);
}

/* `root`/`name` as JSON (NULL when absent, or malformed into `out`): a regular file directly in the root only. */
static json_t *read_json(const char *root, const char *name, LspFeatureList *out)
{
    char *path = core_xasprintf("%s/%s", root, name);
    /* Only a regular file in the root itself: a link could lead out of the workspace, a FIFO would block. */
    char *buf;
    size_t got;
    int rc = lsp_file_read(path, LSP_FILE_CAP, &buf, &got, NULL);
    free(path);
    if (rc == UV_EFBIG)
        malformed(out, 0, "%s is larger than 16 MiB", name);
    if (rc < 0)
        return NULL;
    json_error_t err;
    json_t *value = json_loadb(buf, got, JSON_ALLOW_NUL, &err);
    free(buf);
    if (!value)
        malformed(out, err.line > 0 ? (uint32_t)err.line - 1 : 0, "not valid JSON: %s", err.text);
    return value;
}

/* What names an entry for a reader: its first string among `keys`, with `id` before it when asked. */
static void entry_name(const json_t *entry, const char *const *keys, bool with_id, char *out, size_t cap)
{
    const char *id = with_id ? json_string_value(json_object_get(entry, "id")) : NULL;
    for (; *keys; keys++) {
        const char *s = json_string_value(json_object_get(entry, *keys));
        if (s && *s) {
            snprintf(out, cap, "%s%s%s", id ? id : "", id ? ": " : "", s);
            return;
        }
    }
    if (id)
        snprintf(out, cap, "%s", id);
}

/*
 * Counts the entries of `list` (found in `name`) by their boolean `passes`, keeping the first failing one's name;
 * `priority` (prd.json): the failing entry with the lowest "priority" number comes first, as Ralph picks.
 */
static void count_entries(const json_t *list, const char *name, bool priority, LspFeatureList *out)
{
    static const char *const keys[] = {"description", "title", "name", NULL};
    size_t i;
    json_t *entry, *next = NULL;
    json_int_t best = 0;
    json_array_foreach(list, i, entry)
    {
        json_t *passes = json_object_get(entry, "passes");
        if (!json_is_boolean(passes)) {
            malformed(out, 0, "%s entry %zu has no true or false \"passes\"", name, i + 1);
            return;
        }
        out->total++;
        out->passing += json_is_true(passes);
        json_int_t rank = json_integer_value(json_object_get(entry, "priority"));
        if (!json_is_true(passes) && (!next || (priority && rank < best))) {
            next = entry;
            best = rank;
        }
    }
    if (next)
        entry_name(next, keys, priority, out->next_failing, sizeof out->next_failing);
    out->state = CORE_FEATURES_READ;
}

void lsp_feature_list_read(const char *root, LspFeatureList *out)
{
    memset(out, 0, sizeof *out);
    json_t *value = read_json(root, LSP_FEATURE_LIST, out);
    if (!value)
        return;
    /* The harness writes an array; some wrap it as {"features": [...]}. */
    json_t *list = json_is_array(value) ? value : json_object_get(value, "features");
    if (!json_is_array(list))
        malformed(out, 0, "%s holds no array of features", LSP_FEATURE_LIST);
    else
        count_entries(list, LSP_FEATURE_LIST, false, out);
    json_decref(value);
}

void lsp_prd_read(const char *root, LspFeatureList *out)
{
    memset(out, 0, sizeof *out);
    json_t *value = read_json(root, LSP_PRD, out);
    if (!value)
        return;
    json_t *list = json_object_get(value, "userStories");
    if (!json_is_array(list))
        malformed(out, 0, "%s holds no \"userStories\" array", LSP_PRD);
    else
        count_entries(list, LSP_PRD, true, out);
    json_decref(value);
}

void lsp_feature_list_fill(const LspFeatureList *f, CoreEvidence *ev)
{
    ev->feature_path = LSP_FEATURE_LIST;
    ev->feature_state = f->state;
    ev->feature_total = f->total;
    ev->feature_passing = f->passing;
    ev->feature_error = f->error;
    ev->feature_error_line = f->error_line;
}

struct LspHarnessRead {
    uv_work_t work;
    char *root;
    void *data;
    void (*done)(void *data, const LspFeatureList *result);
    bool cancelled;
    LspFeatureList result;
};

static void work(uv_work_t *w)
{
    LspHarnessRead *req = w->data;
    lsp_feature_list_read(req->root, &req->result);
}

static void after(uv_work_t *w, int status)
{
    LspHarnessRead *req = w->data;
    if (!req->cancelled && status == 0)
        req->done(req->data, &req->result);
    free(req->root);
    free(req);
}

LspHarnessRead *lsp_harness_read(uv_loop_t *loop, const char *root, void *data,
                                 void (*done)(void *data, const LspFeatureList *result))
{
    LspHarnessRead *req = core_xcalloc(1, sizeof *req);
    req->root = core_xstrndup(root, strlen(root));
    req->data = data;
    req->done = done;
    req->work.data = req;
    uv_queue_work(loop, &req->work, work, after);
    return req;
}

void lsp_harness_cancel(LspHarnessRead *req)
{
    req->cancelled = true;
    uv_cancel((uv_req_t *)&req->work); /* fails when it already runs: `after` then drops the result */
}
