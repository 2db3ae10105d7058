/* harness.c — reads feature_list.json (the long-running agent harness's list of features) and Ralph's prd.json: what passes, and the stories. */
#include "evidence/harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "platform/platform.h"
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

/*
 * `root`/`name` as JSON (NULL when absent, or malformed into `out`), with its text in *text when asked (caller
 * frees): a regular file only. A link could lead out of the workspace and is not followed, a FIFO would block:
 * both are refused with the reason, as a file over 16 MiB is.
 */
static json_t *read_json(const char *root, const char *name, LspFeatureList *out, char **text, size_t *len)
{
    char *path = core_xasprintf("%s/%s", root, name);
    char *buf;
    size_t got;
    int rc = lsp_file_read(path, LSP_FILE_CAP, &buf, &got, NULL);
    free(path);
    if (rc == UV_EFBIG || rc == UV_ELOOP || rc == UV_EINVAL)
        malformed(out, 0, "%s %s", name, rc == UV_ELOOP ? "is a symbolic link (not followed)" : lsp_file_strerror(rc));
    if (rc < 0)
        return NULL;
    json_error_t err;
    json_t *value = json_loadb(buf, got, JSON_ALLOW_NUL, &err);
    if (!value)
        malformed(out, err.line > 0 ? (uint32_t)err.line - 1 : 0, "not valid JSON: %s", err.text);
    if (text && value) {
        *text = buf;
        *len = got;
    } else {
        free(buf);
    }
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
    json_t *value = read_json(root, LSP_FEATURE_LIST, out, NULL, NULL);
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

/* The 0-based line of the first `"id"` string in `text` (the story's place in prd.json), 0 when not found. */
static uint32_t line_of_string(const char *text, size_t len, const char *id)
{
    char *quoted = core_xasprintf("\"%s\"", id);
    size_t ql = strlen(quoted);
    uint32_t line = 0;
    for (size_t i = 0; i + ql <= len; i++) {
        if (text[i] == '\n')
            line++;
        else if (text[i] == '"' && memcmp(text + i, quoted, ql) == 0)
            break;
    }
    free(quoted);
    return line;
}

/* Whether every folder of `folder` under `root` is a real folder, not a link that could leave the root. */
static bool folder_inside(const char *root, const char *folder)
{
    char *path = core_xasprintf("%s/%s", root, folder);
    size_t rl = strlen(root) + 1;
    bool ok = true;
    for (size_t i = rl; ok && path[i - 1]; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char keep = path[i];
        path[i] = '\0';
        uv_stat_t st;
        ok = i == rl || (lsp_platform_lstat(path, &st) == 0 && S_ISDIR(st.st_mode));
        path[i] = keep;
    }
    free(path);
    return ok;
}

/* The stories of a counted prd.json (`text` its bytes, for the stories' lines) and its branchName. */
static void prd_stories(const json_t *top, const json_t *list, const char *text, size_t len, LspPrd *out)
{
    json_t *branch = json_object_get(top, "branchName");
    if (branch && !json_is_string(branch)) {
        malformed(&out->counts, 0, "%s's \"branchName\" is not a string", LSP_PRD);
        return;
    }
    out->stories = core_xcalloc(json_array_size(list) + 1, sizeof *out->stories);
    size_t i;
    json_t *story;
    json_array_foreach(list, i, story)
    {
        json_t *id = json_object_get(story, "id"), *title = json_object_get(story, "title");
        if (!json_is_string(id) || !json_string_length(id)) {
            malformed(&out->counts, 0, "%s story %zu has no string \"id\"", LSP_PRD, i + 1);
            return;
        }
        CoreStory *st = &out->stories[out->count++];
        st->id = core_xstrndup(json_string_value(id), json_string_length(id));
        st->title = json_is_string(title) ? core_xstrndup(json_string_value(title), json_string_length(title)) : NULL;
        st->priority = (int64_t)json_integer_value(json_object_get(story, "priority"));
        st->passes = json_is_true(json_object_get(story, "passes"));
        st->line = line_of_string(text, len, st->id);
    }
    out->branch = branch ? core_xstrndup(json_string_value(branch), json_string_length(branch)) : NULL;
}

void lsp_prd_read_stories(const char *root, const char *folder, LspPrd *out)
{
    memset(out, 0, sizeof *out);
    if (*folder && !folder_inside(root, folder)) {
        malformed(&out->counts, 0, "its folder %s is a symbolic link (not followed)", folder);
        return;
    }
    char *where = *folder ? core_xasprintf("%s/%s", root, folder) : core_xstrndup(root, strlen(root));
    char *text = NULL;
    size_t len = 0;
    json_t *value = read_json(where, LSP_PRD, &out->counts, &text, &len);
    free(where);
    if (!value)
        return;
    json_t *list = json_object_get(value, "userStories");
    if (!json_is_object(value) || !json_is_array(list))
        malformed(&out->counts, 0, "%s holds no \"userStories\" array", LSP_PRD);
    else
        count_entries(list, LSP_PRD, true, &out->counts);
    if (out->counts.state == CORE_FEATURES_READ)
        prd_stories(value, list, text, len, out);
    json_decref(value);
    free(text);
    if (out->counts.state == CORE_FEATURES_MALFORMED) { /* nothing half-read is handed on */
        LspFeatureList counts = out->counts;
        lsp_prd_free(out);
        out->counts = counts;
    }
}

void lsp_prd_read(const char *root, LspFeatureList *out)
{
    LspPrd prd;
    lsp_prd_read_stories(root, "", &prd);
    *out = prd.counts;
    lsp_prd_free(&prd);
}

void lsp_prd_free(LspPrd *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count; i++) {
        free((char *)p->stories[i].id);
        free((char *)p->stories[i].title);
    }
    free(p->stories);
    free(p->branch);
    memset(p, 0, sizeof *p);
}

static bool text_same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool lsp_prd_same(const LspPrd *a, const LspPrd *b)
{
    if (memcmp(&a->counts, &b->counts, sizeof a->counts) != 0 || a->count != b->count || !text_same(a->branch, b->branch))
        return false;
    for (size_t i = 0; i < a->count; i++) {
        const CoreStory *x = &a->stories[i], *y = &b->stories[i];
        if (strcmp(x->id, y->id) != 0 || !text_same(x->title, y->title) || x->priority != y->priority ||
            x->passes != y->passes || x->line != y->line)
            return false;
    }
    return true;
}

void lsp_prd_fill(const LspPrd *p, const char *path, CoreEvidence *ev)
{
    ev->prd_path = path;
    ev->prd_state = p->counts.state;
    ev->prd_branch = p->branch;
    ev->story_list = p->stories;
    ev->story_count = p->count;
    ev->prd_error = p->counts.error;
    ev->prd_error_line = p->counts.error_line;
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
    char *root, *folder;
    void *data;
    void (*done)(void *data, LspHarnessResult *result);
    bool cancelled;
    LspHarnessResult result;
};

static void work(uv_work_t *w)
{
    LspHarnessRead *req = w->data;
    lsp_feature_list_read(req->root, &req->result.features);
    if (req->folder)
        lsp_prd_read_stories(req->root, req->folder, &req->result.prd);
}

static void after(uv_work_t *w, int status)
{
    LspHarnessRead *req = w->data;
    if (!req->cancelled && status == 0)
        req->done(req->data, &req->result);
    lsp_prd_free(&req->result.prd);
    free(req->root);
    free(req->folder);
    free(req);
}

LspHarnessRead *lsp_harness_read(uv_loop_t *loop, const char *root, const char *folder, void *data,
                                 void (*done)(void *data, LspHarnessResult *result))
{
    LspHarnessRead *req = core_xcalloc(1, sizeof *req);
    req->root = core_xstrndup(root, strlen(root));
    req->folder = folder ? core_xstrndup(folder, strlen(folder)) : NULL;
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
