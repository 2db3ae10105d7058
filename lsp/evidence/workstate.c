/* workstate.c — per open progress file: its git state and the root's feature_list.json, kept fresh, handed to the core. */
#include "evidence/workstate.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/diagnostics.h"
#include "evidence/gitstate.h"
#include "server/workspace_state.h"
#include "evidence/harness.h"
#include "support/log.h"
#include "progress/alloc.h"
#include "progress/log.h"
#include "support/uri.h"

enum {
    EVENT_DEBOUNCE_MS = 300, /* file events come in bursts (a build, a checkout) */
    REFS_DEBOUNCE_MS = 500,  /* a hash being typed is looked up once the typing pauses */
};

typedef struct Entry Entry;
typedef Array(char *) PathList;

struct Entry {
    struct LspWorkState *owner;
    char *uri;
    char *root;              /* the root's real path: git's working folder */
    char *rel;               /* the progress file relative to the root */
    char *folder;            /* its folder relative to the root ("" for the root) */
    char *prd_rel;           /* the prd.json beside it, relative to the root */
    int root_index;
    LspGitState *git;
    LspHarnessRead *reading;
    bool reread;             /* feature_list.json changed while it was being read */
    LspFeatureList features;
    LspPrd prd;
    PathList marked;         /* the changed paths it has marked on its root's index: sorted copies */
    Entry *next;
};

typedef struct LspWorkState {
    LspServer *s;
    LspWorkStateSettings set;
    bool inlay_refresh, lens_refresh, diag_refresh, apply_edit;
    bool stopped;
    Entry *entries;
} LspWorkState;

static void settings_defaults(LspWorkStateSettings *set)
{
    *set = (LspWorkStateSettings){true, true, true, true, true, true, LSP_WORKSTATE_GIT_TIMEOUT_MS, true, true};
}

const LspWorkStateSettings *lsp_workstate_settings(const LspServer *s)
{
    static const LspWorkStateSettings defaults = {true, true, true, true, true, true, LSP_WORKSTATE_GIT_TIMEOUT_MS,
                                                  true, true};
    return s->workstate ? &s->workstate->set : &defaults;
}

/* ---------------------------------------------------------------- entries */

static Entry *find(const LspWorkState *w, const char *uri)
{
    for (Entry *e = w->entries; e; e = e->next)
        if (strcmp(e->uri, uri) == 0)
            return e;
    return NULL;
}

/* Forgets what `e` marked, leaving the index as it is. */
static void marks_forget(Entry *e)
{
    for (uint32_t i = 0; i < e->marked.size; i++)
        free(e->marked.contents[i]);
    array_delete(&e->marked);
}

static void entry_free(Entry *e)
{
    lsp_gitstate_free(e->git);
    if (e->reading)
        lsp_harness_cancel(e->reading);
    marks_forget(e);
    lsp_prd_free(&e->prd);
    free(e->uri);
    free(e->root);
    free(e->rel);
    free(e->folder);
    free(e->prd_rel);
    free(e);
}

/*
 * Completion ranks the files changed since the last update first: the root's index carries git's marks
 * for every open progress file in it. Each entry remembers what it marked, so a refresh touches only
 * the paths that changed state, never all 100,000 entries; a re-index (marks live with the index's
 * entries) marks everything again.
 */
static LspPathIndex *root_index(const LspWorkState *w, int root)
{
    LspServer *s = w->s;
    if (!s->workspace || !s->workspace->ws || root < 0 || (size_t)root >= lsp_workspace_root_count(s->workspace->ws))
        return NULL;
    return lsp_workspace_paths(s->workspace->ws, root);
}

static int path_qcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether another open progress file of the same root marks `path`. */
static bool marked_by_other(const LspWorkState *w, const Entry *e, const char *path)
{
    for (const Entry *o = w->entries; o; o = o->next)
        if (o != e && o->root_index == e->root_index && o->marked.size &&
            bsearch(&path, o->marked.contents, o->marked.size, sizeof *o->marked.contents, path_qcmp))
            return true;
    return false;
}

/* Makes `paths` (borrowed, sorted, `count`) the marks of `e`: a merge walk against what it marked before. */
static void marks_set(LspWorkState *w, Entry *e, const char *const *paths, size_t count)
{
    LspPathIndex *idx = root_index(w, e->root_index);
    PathList next = {0};
    size_t i = 0, j = 0;
    while (i < e->marked.size || j < count) {
        int c = i == e->marked.size ? 1 : j == count ? -1 : strcmp(e->marked.contents[i], paths[j]);
        if (c < 0) {
            char *gone = e->marked.contents[i++];
            if (idx && !marked_by_other(w, e, gone))
                lsp_path_index_set_changed(idx, gone, strlen(gone), false);
            free(gone);
        } else if (c > 0) {
            if (idx)
                lsp_path_index_set_changed(idx, paths[j], strlen(paths[j]), true);
            array_push(&next, core_xstrndup(paths[j], strlen(paths[j])));
            j++;
        } else {
            array_push(&next, e->marked.contents[i++]);
            j++;
        }
    }
    array_delete(&e->marked);
    e->marked = next;
}

/* The marks `e` wants now: git's changed files, when that part is on. */
static void marks_sync(LspWorkState *w, Entry *e)
{
    CoreEvidence ev = {0};
    if (e->git && w->set.changed_files)
        lsp_gitstate_fill(e->git, &ev);
    marks_set(w, e, ev.git ? ev.changed : NULL, ev.git ? ev.changed_count : 0);
}

void lsp_workstate_index_ready(LspServer *s)
{
    LspWorkState *w = s->workstate;
    if (!w || !s->workspace || !s->workspace->ws)
        return;
    for (size_t root = 0; root < lsp_workspace_root_count(s->workspace->ws); root++)
        lsp_path_index_clear_changed(lsp_workspace_paths(s->workspace->ws, root));
    for (Entry *e = w->entries; e; e = e->next)
        marks_forget(e);
    for (Entry *e = w->entries; e; e = e->next)
        marks_sync(w, e);
}

/* The evidence of `e` changed: check the document again and ask the editor to fetch what depends on it. */
static void evidence_changed(Entry *e)
{
    LspWorkState *w = e->owner;
    LspServer *s = w->s;
    marks_sync(w, e);
    LspDoc *d = lsp_docs_get(&s->docs, e->uri);
    if (!d || s->stopping)
        return;
    lsp_docs_changed(&s->docs, d);
    lsp_diagnostics_publish(s, d);
    if (s->pull_diagnostics && w->diag_refresh)
        lsp_server_request_new(s, "workspace/diagnostic/refresh", NULL, NULL, NULL);
    if (w->inlay_refresh && w->set.inlay_hints)
        lsp_server_request_new(s, "workspace/inlayHint/refresh", NULL, NULL, NULL);
    if (w->lens_refresh && w->set.code_lens)
        lsp_server_request_new(s, "workspace/codeLens/refresh", NULL, NULL, NULL);
}

static void on_git_changed(void *data)
{
    evidence_changed(data);
}

static void on_git_log(void *data, const char *message)
{
    Entry *e = data;
    lsp_server_log_message(e->owner->s, LSP_MESSAGE_WARNING, "%s", message);
}

static void harness_start(Entry *e);
static void ralph_update(Entry *e, const LspDoc *d);
static void diagnose(void *data, LspDoc *d, const CoreOptions *opts, CoreDiagList *list);

static void on_features(void *data, LspHarnessResult *result)
{
    Entry *e = data;
    e->reading = NULL;
    bool same = memcmp(&e->features, &result->features, sizeof result->features) == 0;
    e->features = result->features;
    if (!lsp_prd_same(&e->prd, &result->prd)) {
        lsp_prd_free(&e->prd);
        e->prd = result->prd; /* taken */
        memset(&result->prd, 0, sizeof result->prd);
        same = false;
    }
    ralph_update(e, lsp_docs_get(&e->owner->s->docs, e->uri));
    if (e->reread) {
        e->reread = false;
        harness_start(e);
    }
    if (!same)
        evidence_changed(e);
}

static void harness_start(Entry *e)
{
    if (e->reading) {
        e->reread = true;
        return;
    }
    e->reading = lsp_harness_read(e->owner->s->loop, e->root, e->folder, e, on_features);
}

/* The document's commit references, handed to its git state; a new one is looked up after a pause. */
static void refs_update(Entry *e, const LspDoc *d)
{
    if (e->git && lsp_gitstate_set_refs(e->git, d->doc))
        lsp_gitstate_refresh(e->git, REFS_DEBOUNCE_MS);
}

/* A prd.json beside the file, or a log written as Ralph's: git reads the commit subjects and HEAD's text too. */
static void ralph_update(Entry *e, const LspDoc *d)
{
    bool ralph = e->prd.counts.state != CORE_FEATURES_NONE || (d && core_doc_dialect(d->doc) == CORE_DIALECT_RALPH);
    if (e->git && lsp_gitstate_set_ralph(e->git, ralph))
        lsp_gitstate_refresh(e->git, 0);
}

static bool git_wanted(const LspWorkStateSettings *set)
{
    return set->changed_files || set->commits || set->staleness || set->inlay_hints || set->stories ||
           set->append_only;
}

/* ---------------------------------------------------------------- session hooks */

static void on_stop(void *data)
{
    LspServer *s = data;
    LspWorkState *w = s->workstate;
    if (!w || w->stopped)
        return;
    w->stopped = true;
    /* Git processes are stopped now, so the loop can end; their states free themselves once closed. */
    for (Entry *e = w->entries, *next; e; e = next) {
        next = e->next;
        entry_free(e);
    }
    w->entries = NULL;
}

static void on_exit(void *data)
{
    LspServer *s = data;
    on_stop(s);
    free(s->workstate);
    s->workstate = NULL;
}

static bool client_flag(const json_t *caps, const char *a, const char *b, const char *c)
{
    const json_t *v = json_object_get(json_object_get(caps, a), b);
    return json_is_true(c ? json_object_get(v, c) : v);
}

void lsp_workstate_init(LspServer *s, const json_t *params, json_t *caps)
{
    LspWorkState *w = core_xcalloc(1, sizeof *w);
    w->s = s;
    settings_defaults(&w->set);
    s->workstate = w;
    lsp_server_add_hooks(s, &(LspServerHooks){.stop = on_stop, .exit = on_exit, .data = s});
    const json_t *cc = json_object_get(params, "capabilities");
    w->inlay_refresh = client_flag(cc, "workspace", "inlayHint", "refreshSupport");
    w->lens_refresh = client_flag(cc, "workspace", "codeLens", "refreshSupport");
    w->diag_refresh = client_flag(cc, "workspace", "diagnostics", "refreshSupport");
    w->apply_edit = client_flag(cc, "workspace", "applyEdit", NULL);
    char *problems = lsp_workstate_settings_apply(s, json_object_get(params, "initializationOptions"));
    if (problems)
        lsp_server_log_message(s, LSP_MESSAGE_WARNING, "%s", problems);
    free(problems);
    json_object_set_new(caps, "inlayHintProvider", json_pack("{s:b}", "resolveProvider", 0));
    json_object_set_new(caps, "codeLensProvider", json_pack("{s:b}", "resolveProvider", 0));
    json_object_set_new(caps, "executeCommandProvider", json_pack("{s:[s]}", "commands", LSP_COMMAND_APPLY_ACTION));
}

void lsp_workstate_opened(LspServer *s, LspDoc *d)
{
    LspWorkState *w = s->workstate;
    if (!w || w->stopped || !s->workspace || !s->workspace->ws)
        return;
    Entry *old = find(w, d->uri);
    if (old)
        lsp_workstate_closed(s, d->uri);
    char *path;
    int root = lsp_workspace_doc_root(s, d->uri, &path);
    if (root < 0)
        return;
    const char *rel;
    lsp_workspace_root_of(s->workspace->ws, path, &rel);
    const char *root_path = lsp_workspace_root_path(s->workspace->ws, root);
    uv_fs_t req;
    char *real = uv_fs_realpath(NULL, &req, root_path, NULL) == 0 ? core_xstrndup(req.ptr, strlen(req.ptr))
                                                                 : core_xstrndup(root_path, strlen(root_path));
    uv_fs_req_cleanup(&req);
    Entry *e = core_xcalloc(1, sizeof *e);
    e->owner = w;
    e->uri = core_xstrndup(d->uri, strlen(d->uri));
    e->root = real;
    e->rel = core_xstrndup(rel, strlen(rel));
    const char *slash = strrchr(e->rel, '/');
    e->folder = core_xstrndup(e->rel, slash ? (size_t)(slash - e->rel) : 0);
    e->prd_rel = *e->folder ? core_xasprintf("%s/%s", e->folder, LSP_PRD) : core_xasprintf("%s", LSP_PRD);
    e->root_index = root;
    free(path);
    e->next = w->entries;
    w->entries = e;
    d->more_diags = diagnose;
    d->more_diags_data = s;
    if (git_wanted(&w->set) && *e->rel) {
        LspGitStateConfig cfg = {
            .loop = s->loop,
            .root = e->root,
            .file = e->rel,
            .timeout_ms = w->set.git_timeout_ms,
            .max_paths = LSP_WORKSTATE_MAX_PATHS,
            .background = true,
            .data = e,
            .log = on_git_log,
            .changed = on_git_changed,
        };
        e->git = lsp_gitstate_new(&cfg);
        refs_update(e, d);
        ralph_update(e, d);
        lsp_gitstate_refresh(e->git, 0);
    }
    if (w->set.features || w->set.stories || w->set.append_only)
        harness_start(e);
}

void lsp_workstate_edited(LspServer *s, LspDoc *d)
{
    LspWorkState *w = s->workstate;
    Entry *e = w ? find(w, d->uri) : NULL;
    if (e) {
        refs_update(e, d);
        ralph_update(e, d);
    }
}

void lsp_workstate_saved(LspServer *s, LspDoc *d)
{
    LspWorkState *w = s->workstate;
    Entry *e = w ? find(w, d->uri) : NULL;
    if (e && e->git)
        lsp_gitstate_refresh(e->git, EVENT_DEBOUNCE_MS);
}

void lsp_workstate_closed(LspServer *s, const char *uri)
{
    LspWorkState *w = s->workstate;
    if (!w)
        return;
    for (Entry **p = &w->entries; *p; p = &(*p)->next) {
        if (strcmp((*p)->uri, uri) == 0) {
            Entry *e = *p;
            marks_set(w, e, NULL, 0);
            *p = e->next;
            entry_free(e);
            LspDoc *d = lsp_docs_get(&s->docs, uri);
            if (d) /* still open (its evidence restarts): no source until then */
                d->more_diags = NULL;
            return;
        }
    }
}

void lsp_workstate_file_changed(LspServer *s, const char *path)
{
    LspWorkState *w = s->workstate;
    if (!w || !s->workspace || !s->workspace->ws)
        return;
    const char *rel;
    int root = lsp_workspace_root_of(s->workspace->ws, path, &rel);
    if (root < 0)
        return;
    for (Entry *e = w->entries; e; e = e->next) {
        if (e->root_index != root)
            continue;
        if (e->git)
            lsp_gitstate_refresh(e->git, EVENT_DEBOUNCE_MS);
        if ((w->set.features && strcmp(rel, LSP_FEATURE_LIST) == 0) ||
            ((w->set.stories || w->set.append_only) && strcmp(rel, e->prd_rel) == 0))
            harness_start(e);
    }
}

/* ---------------------------------------------------------------- settings */

char *lsp_workstate_settings_apply(LspServer *s, const json_t *obj)
{
    LspWorkState *w = s->workstate;
    const json_t *ws = json_object_get(obj, "workState");
    if (!w || !ws)
        return NULL;
    if (!json_is_object(ws))
        return core_xasprintf("progress-ls: the setting workState must be an object of switches");
    static const struct {
        const char *key;
        size_t offset;
    } switches[] = {
        {"changedFiles", offsetof(LspWorkStateSettings, changed_files)},
        {"commits", offsetof(LspWorkStateSettings, commits)},
        {"staleness", offsetof(LspWorkStateSettings, staleness)},
        {"featureList", offsetof(LspWorkStateSettings, features)},
        {"inlayHints", offsetof(LspWorkStateSettings, inlay_hints)},
        {"codeLens", offsetof(LspWorkStateSettings, code_lens)},
        {"stories", offsetof(LspWorkStateSettings, stories)},
        {"appendOnly", offsetof(LspWorkStateSettings, append_only)},
    };
    char *problems = NULL;
    LspWorkStateSettings before = w->set;
    for (size_t i = 0; i < sizeof switches / sizeof switches[0]; i++) {
        const json_t *v = json_object_get(ws, switches[i].key);
        if (!v)
            continue;
        if (json_is_boolean(v)) {
            *(bool *)((char *)&w->set + switches[i].offset) = json_is_true(v);
            continue;
        }
        char *more = core_xasprintf("%s%sprogress-ls: workState.%s must be true or false", problems ? problems : "",
                                    problems ? " " : "", switches[i].key);
        free(problems);
        problems = more;
    }
    const json_t *t = json_object_get(ws, "gitTimeoutMs");
    if (t) {
        if (json_is_integer(t) && json_integer_value(t) >= 100 && json_integer_value(t) <= 600000) {
            w->set.git_timeout_ms = (uint32_t)json_integer_value(t);
        } else {
            char *more = core_xasprintf("%s%sprogress-ls: workState.gitTimeoutMs must be a whole number of "
                                        "milliseconds from 100 to 600000", problems ? problems : "",
                                        problems ? " " : "");
            free(problems);
            problems = more;
        }
    }
    /* Git or the feature list turned on or off, or a new deadline: start each document's evidence afresh. */
    bool harness_before = before.features || before.stories || before.append_only;
    bool harness_now = w->set.features || w->set.stories || w->set.append_only;
    bool restart = git_wanted(&before) != git_wanted(&w->set) || harness_before != harness_now ||
                   before.git_timeout_ms != w->set.git_timeout_ms;
    if (restart && w->entries) {
        Array(char *) uris = {0};
        for (Entry *e = w->entries; e; e = e->next)
            array_push(&uris, core_xstrndup(e->uri, strlen(e->uri)));
        for (uint32_t i = 0; i < uris.size; i++) {
            LspDoc *d = lsp_docs_get(&s->docs, uris.contents[i]);
            lsp_workstate_closed(s, uris.contents[i]);
            if (d)
                lsp_workstate_opened(s, d);
            free(uris.contents[i]);
        }
        array_delete(&uris);
    }
    return problems;
}

/* ---------------------------------------------------------------- evidence */

static bool index_has(void *data, const char *path, size_t len)
{
    Entry *e = data;
    LspServer *s = e->owner->s;
    if (!s->workspace || !s->workspace->ws || lsp_workspace_busy(s->workspace->ws))
        return true; /* the index is being built: nothing is called missing meanwhile */
    return lsp_workspace_lookup(s->workspace->ws, e->root_index, path, len) != LSP_PATH_NONE;
}

bool lsp_workstate_evidence(LspServer *s, const LspDoc *d, CoreEvidence *ev)
{
    LspWorkState *w = s->workstate;
    const LspWorkStateSettings *set = lsp_workstate_settings(s);
    memset(ev, 0, sizeof *ev);
    ev->changed_files = set->changed_files;
    ev->commits = set->commits;
    ev->staleness = set->staleness;
    ev->features = set->features;
    ev->stories = set->stories;
    ev->append_only = set->append_only;
    ev->now = (int64_t)time(NULL);
    Entry *e = w ? find(w, d->uri) : NULL;
    if (!e)
        return false;
    if (e->git)
        lsp_gitstate_fill(e->git, ev);
    ev->exists = index_has;
    ev->exists_data = e;
    ev->entry_keys = d->entry_keys;
    lsp_feature_list_fill(&e->features, ev);
    lsp_prd_fill(&e->prd, e->prd_rel, ev);
    return true;
}

/* The document's more_diags source (docs.h): the evidence diagnostics after the text's own. */
static void diagnose(void *data, LspDoc *d, const CoreOptions *opts, CoreDiagList *list)
{
    LspServer *s = data;
    CoreEvidence ev;
    if (!lsp_workstate_evidence(s, d, &ev))
        return;
    size_t first = list->count;
    core_evidence_diagnose(d->doc, &ev, opts, list);
    Entry *e = find(s->workstate, d->uri);
    /* Places in other files of the root become URIs here, the one place that knows the root. */
    for (size_t i = first; i < list->count; i++) {
        CoreDiag *g = &list->items[i];
        for (size_t k = 0; k < g->more_count; k++) {
            if (!g->more[k].path)
                continue;
            char *abs = core_xasprintf("%s/%s", lsp_workspace_root_path(s->workspace->ws, e->root_index),
                                       g->more[k].path);
            g->more[k].uri = lsp_uri_from_path(abs);
            free(abs);
        }
    }
}

const char *const *lsp_workstate_changed_paths(LspServer *s, const LspDoc *d, size_t *count)
{
    *count = 0;
    CoreEvidence ev;
    if (!lsp_workstate_evidence(s, d, &ev) || !ev.git || !ev.changed_files)
        return NULL;
    *count = ev.changed_count;
    return ev.changed;
}
