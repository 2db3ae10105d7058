/* gitstate.c — a progress file's git evidence: baselines B and P, changed files, staleness, commit lookups, in the background. */
#include "evidence/gitstate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/process.h"
#include "support/log.h"
#include "progress/alloc.h"
#include "progress/array.h"

enum {
    WATCH_DEBOUNCE_MS = 300, /* a commit touches the git folder several times: one refresh */
    MAX_REFS = 256,          /* commit references looked up per document */
    REST_FACTOR = 2,         /* after a refresh that took T, the next starts T * 2 later at the earliest */
    MAX_REST_MS = 30000,
    MAX_SUBJECTS = 1000,     /* commit subjects kept for the story ids they name (Ralph) */
    MAX_HEAD_TEXT = 16 << 20, /* HEAD's version of the progress file, as large as the file may be */
};

typedef Array(char *) StringArray;

/* A list of paths, kept up to a cap; `total` counts them all. */
typedef struct {
    StringArray items;
    size_t total;
} PathSet;

typedef Array(CoreCommit) CommitArray;

/* What one refresh found: swapped in whole when the refresh completes. */
typedef struct {
    bool git, shallow, has_head, has_base, has_prev, commits_known;
    char head[41], base[41], prev[41];
    int64_t base_time;
    uint32_t commits_after;
    int64_t first_after_time;
    char *prefix;          /* the root's path inside the repository ("" or "sub/dir/") */
    char *gitdir;
    char *off;             /* why git is not run in this repository (lsp_git_start's `unsafe`), or NULL */
    PathSet since_base, since_prev, status;
    StringArray changed;   /* since_base ∪ status, sorted, unique */
    StringArray session;   /* since_prev ∪ status */
    StringArray uncommitted; /* status, sorted, unique: the changed files not committed yet */
    size_t changed_total;
    bool session_capped;
    StringArray queried;   /* sorted */
    CommitArray commits;   /* sorted by hash */
    char *branch;          /* `# branch.head` of git status; NULL when detached */
    /* Ralph's log (lsp_gitstate_set_ralph): depends on HEAD only */
    bool ralph_read;       /* the two below were read (or taken over) */
    StringArray subjects;  /* newest first */
    Array(char) head_text; /* HEAD's version of the file, when has_head_text */
    bool has_head_text, head_text_big;
} Findings;

typedef enum {
    STEP_NONE = 0,
    STEP_REVPARSE,
    STEP_BASELINES,
    STEP_AFTER,
    STEP_DIFF_BASE,
    STEP_DIFF_PREV,
    STEP_STATUS,
    STEP_COMMITS,
    STEP_SUBJECTS,
    STEP_HEAD_TEXT,
    STEP_WAIT, /* the history is read; the side run's `git status` still runs (side_start) */
} Step;

typedef struct Side Side;

struct LspGitState {
    LspGitStateConfig cfg;
    char *root, *file;
    Findings now;          /* what fill hands out */
    Findings next;         /* being filled by the running refresh */
    uint64_t generation;
    Step step;
    LspGitRun *run;
    LspGitCarry carry;
    uint32_t records;      /* records of the running step */
    bool status_first;     /* this refresh began with `git status`, whose header says where HEAD is */
    bool status_done;
    bool status_old;       /* the next `git status` record is a rename's old path */
    /* An eager first refresh runs `git status` beside rev-parse and the history (side_start). */
    Side *side;            /* this refresh's side run while it runs, or NULL */
    uint32_t sides;        /* side runs not ended yet (a dropped one may outlive its refresh) */
    bool side_used;        /* this refresh's status is the side run's */
    bool side_ended;
    bool side_streaming;   /* the root's prefix is known: the side run's records are read as they come */
    Array(char) side_out;  /* its output until then */
    LspGitCarry side_carry;
    char *side_error;      /* why it failed, or NULL */
    bool again;            /* a refresh was asked for while one ran: one more follows it, however many asked */
    bool closing;
    uint32_t asked;        /* requests since the last refresh started */
    uint32_t serving;      /* the requests the running refresh answers (folded into it) */
    uint32_t commands;     /* git commands the running refresh has started */
    uint64_t runs;         /* refreshes started */
    uint64_t started_ms, ended_ms, took_ms; /* loop time of the last refresh */
    uv_timer_t timer;
    uv_fs_event_t watch;
    bool watching;
    int handles;           /* open handles: the state is freed when they and the run are gone */
    StringArray refs;      /* the document's references, lowercase, sorted, unique */
    bool ralph;            /* read the subjects and HEAD's text too */
};

/* ---------------------------------------------------------------- small helpers */

static void strings_clear(StringArray *a)
{
    for (uint32_t i = 0; i < a->size; i++)
        free(a->contents[i]);
    array_delete(a);
}

static void pathset_clear(PathSet *p)
{
    strings_clear(&p->items);
    p->total = 0;
}

static void findings_clear(Findings *f)
{
    free(f->prefix);
    free(f->gitdir);
    free(f->off);
    pathset_clear(&f->since_base);
    pathset_clear(&f->since_prev);
    pathset_clear(&f->status);
    strings_clear(&f->changed);
    strings_clear(&f->session);
    strings_clear(&f->uncommitted);
    strings_clear(&f->queried);
    for (uint32_t i = 0; i < f->commits.size; i++) {
        free((char *)f->commits.contents[i].hash);
        free((char *)f->commits.contents[i].author);
        free((char *)f->commits.contents[i].subject);
    }
    array_delete(&f->commits);
    free(f->branch);
    strings_clear(&f->subjects);
    array_delete(&f->head_text);
    memset(f, 0, sizeof *f);
}

static int str_qcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(StringArray *a)
{
    if (a->size > 1)
        qsort(a->contents, a->size, sizeof *a->contents, str_qcmp);
    uint32_t w = 0;
    for (uint32_t i = 0; i < a->size; i++) {
        if (w && strcmp(a->contents[w - 1], a->contents[i]) == 0)
            free(a->contents[i]);
        else
            a->contents[w++] = a->contents[i];
    }
    a->size = w;
}

/* Adds a changed path; an editor's scratch file (`.x.swp`, `#x#`, `x~` …) is no one's work and never evidence. */
static void pathset_add(PathSet *p, uint32_t cap, const char *path, size_t len)
{
    if (core_name_is_scratch(path, len))
        return;
    p->total++;
    if (p->items.size < cap)
        array_push(&p->items, core_xstrndup(path, len));
}

static void strings_copy(StringArray *dst, const StringArray *src)
{
    for (uint32_t i = 0; i < src->size; i++)
        array_push(dst, core_xstrndup(src->contents[i], strlen(src->contents[i])));
}

static bool strings_same(const StringArray *a, const StringArray *b)
{
    if (a->size != b->size)
        return false;
    for (uint32_t i = 0; i < a->size; i++)
        if (strcmp(a->contents[i], b->contents[i]) != 0)
            return false;
    return true;
}

static bool text_same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether two refreshes found the same evidence (what lsp_gitstate_fill hands out). */
static bool findings_same(const Findings *a, const Findings *b)
{
    if (a->git != b->git || a->shallow != b->shallow || a->has_base != b->has_base || a->has_prev != b->has_prev ||
        a->commits_known != b->commits_known || strcmp(a->base, b->base) != 0 || strcmp(a->prev, b->prev) != 0 ||
        a->base_time != b->base_time || a->commits_after != b->commits_after ||
        a->first_after_time != b->first_after_time || a->changed_total != b->changed_total ||
        a->session_capped != b->session_capped || !strings_same(&a->changed, &b->changed) ||
        !strings_same(&a->session, &b->session) || !strings_same(&a->queried, &b->queried) ||
        !strings_same(&a->uncommitted, &b->uncommitted) ||
        a->commits.size != b->commits.size || !text_same(a->branch, b->branch) || a->ralph_read != b->ralph_read ||
        !strings_same(&a->subjects, &b->subjects) || a->has_head_text != b->has_head_text ||
        a->head_text.size != b->head_text.size ||
        (a->head_text.size && memcmp(a->head_text.contents, b->head_text.contents, a->head_text.size) != 0) ||
        !text_same(a->off, b->off))
        return false;
    for (uint32_t i = 0; i < a->commits.size; i++) {
        const CoreCommit *x = &a->commits.contents[i], *y = &b->commits.contents[i];
        if (strcmp(x->hash, y->hash) != 0 || !text_same(x->author, y->author) || !text_same(x->subject, y->subject) ||
            x->time != y->time)
            return false;
    }
    return true;
}

/*
 * What depends only on the history (B, P, the commits after B, the files of those commits) is the same
 * while HEAD is: a refresh that finds HEAD where the last one did takes it over and runs only `git status`.
 */
static bool history_reusable(const Findings *last, const Findings *f)
{
    return last->git && last->has_head && f->has_head && strcmp(last->head, f->head) == 0 &&
           last->shallow == f->shallow && text_same(last->prefix, f->prefix);
}

/*
 * The commits the document names, looked up by the last refresh, stand while HEAD does if the
 * references are the same and each was found (one not found is asked again: a fetch may bring it).
 */
static bool commits_reusable(const Findings *last, const Findings *f, const StringArray *refs)
{
    if (!last->commits_known || !strings_same(&last->queried, refs) || !history_reusable(last, f))
        return false;
    for (uint32_t i = 0; i < refs->size; i++) {
        bool found = false;
        for (uint32_t k = 0; k < last->commits.size && !found; k++)
            found = strncmp(last->commits.contents[k].hash, refs->contents[i], strlen(refs->contents[i])) == 0;
        if (!found)
            return false;
    }
    return true;
}

static void commits_take(Findings *f, const Findings *last)
{
    f->commits_known = true;
    strings_copy(&f->queried, &last->queried);
    for (uint32_t i = 0; i < last->commits.size; i++) {
        const CoreCommit *c = &last->commits.contents[i];
        CoreCommit copy = {core_xstrndup(c->hash, strlen(c->hash)), core_xstrndup(c->author, strlen(c->author)),
                           core_xstrndup(c->subject, strlen(c->subject)), c->time};
        array_push(&f->commits, copy);
    }
}

static void history_take(Findings *f, const Findings *last)
{
    f->has_base = last->has_base;
    f->has_prev = last->has_prev;
    memcpy(f->base, last->base, sizeof f->base);
    memcpy(f->prev, last->prev, sizeof f->prev);
    f->base_time = last->base_time;
    f->commits_after = last->commits_after;
    f->first_after_time = last->first_after_time;
    strings_copy(&f->since_base.items, &last->since_base.items);
    f->since_base.total = last->since_base.total;
    strings_copy(&f->since_prev.items, &last->since_prev.items);
    f->since_prev.total = last->since_prev.total;
    if (last->ralph_read) {
        f->ralph_read = true;
        strings_copy(&f->subjects, &last->subjects);
        f->has_head_text = last->has_head_text;
        array_extend(&f->head_text, last->head_text.size, last->head_text.contents);
    }
}

/* `a` ∪ `b` into `out` (copies), sorted and unique. */
static void merge(const PathSet *a, const PathSet *b, StringArray *out)
{
    strings_copy(out, &a->items);
    strings_copy(out, &b->items);
    sort_unique(out);
}

static bool all_hex(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* A line for the user's log through the owner's hook. */
#define say(gs, ...) lsp_log_to((gs)->cfg.log, (gs)->cfg.data, __VA_ARGS__)

/* ---------------------------------------------------------------- the life of the state */

static void maybe_free(LspGitState *gs)
{
    if (!gs->closing || gs->run || gs->handles || gs->sides)
        return;
    array_delete(&gs->side_out);
    array_delete(&gs->side_carry);
    free(gs->side_error);
    findings_clear(&gs->now);
    findings_clear(&gs->next);
    strings_clear(&gs->refs);
    array_delete(&gs->carry);
    free(gs->root);
    free(gs->file);
    free(gs);
}

static void handle_closed(uv_handle_t *h)
{
    LspGitState *gs = h->data;
    gs->handles--;
    maybe_free(gs);
}

static void refresh_start(LspGitState *gs);
static void side_drop(LspGitState *gs);

static void on_timer(uv_timer_t *t)
{
    LspGitState *gs = t->data;
    if (gs->step != STEP_NONE) {
        gs->again = true;
        return;
    }
    refresh_start(gs);
}

LspGitState *lsp_gitstate_new(const LspGitStateConfig *cfg)
{
    LspGitState *gs = core_xcalloc(1, sizeof *gs);
    gs->cfg = *cfg;
    gs->root = core_xstrndup(cfg->root, strlen(cfg->root));
    gs->file = core_xstrndup(cfg->file, strlen(cfg->file));
    gs->cfg.root = gs->root;
    gs->cfg.file = gs->file;
    uv_timer_init(cfg->loop, &gs->timer);
    gs->timer.data = gs;
    gs->handles = 1;
    return gs;
}

void lsp_gitstate_free(LspGitState *gs)
{
    if (!gs || gs->closing)
        return;
    gs->closing = true;
    if (gs->run)
        lsp_git_cancel(gs->run);
    side_drop(gs);
    uv_close((uv_handle_t *)&gs->timer, handle_closed);
    if (gs->watching)
        uv_close((uv_handle_t *)&gs->watch, handle_closed);
    maybe_free(gs);
}

void lsp_gitstate_refresh(LspGitState *gs, uint64_t delay_ms)
{
    if (gs->closing)
        return;
    gs->asked++;
    if (gs->step != STEP_NONE) {
        gs->again = true; /* queued once, however many ask while it runs */
        return;
    }
    /* A save storm or a busy git folder does not keep git running: it rests twice as long as it last ran. */
    uint64_t now = uv_now(gs->cfg.loop);
    uint64_t rest = gs->cfg.eager                            ? 0
                    : gs->took_ms * REST_FACTOR < MAX_REST_MS ? gs->took_ms * REST_FACTOR
                                                              : MAX_REST_MS;
    if (gs->ended_ms + rest > now + delay_ms)
        delay_ms = gs->ended_ms + rest - now;
    /* An earlier request that is not due yet keeps its time: events in a burst do not postpone it forever. */
    if (uv_is_active((uv_handle_t *)&gs->timer) && uv_timer_get_due_in(&gs->timer) <= delay_ms)
        return;
    uv_timer_start(&gs->timer, on_timer, delay_ms, 0);
}

bool lsp_gitstate_busy(const LspGitState *gs)
{
    return gs->step != STEP_NONE || uv_is_active((const uv_handle_t *)&gs->timer);
}

uint64_t lsp_gitstate_generation(const LspGitState *gs)
{
    return gs->generation;
}

static bool in_sorted(const StringArray *a, const char *s)
{
    return a->size && bsearch(&s, a->contents, a->size, sizeof *a->contents, str_qcmp);
}

bool lsp_gitstate_set_ralph(LspGitState *gs, bool on)
{
    bool was = gs->ralph;
    gs->ralph = on;
    return on && !was && !gs->now.ralph_read && gs->now.git && gs->now.has_head;
}

bool lsp_gitstate_set_refs(LspGitState *gs, const CoreDoc *doc)
{
    CoreCommitRefList refs;
    core_commit_refs(doc, &refs);
    StringArray next = {0};
    for (size_t i = 0; i < refs.count && next.size < MAX_REFS; i++) {
        CoreRange rr = refs.items[i].range;
        if (refs.items[i].kind != CORE_COMMIT_HASH)
            continue;
        char *r = core_xstrndup(core_doc_line(doc, rr.start.line, NULL) + rr.start.col, rr.end.col - rr.start.col);
        for (char *p = r; *p; p++)
            if (*p >= 'A' && *p <= 'F')
                *p = (char)(*p + 32);
        array_push(&next, r);
    }
    core_commit_ref_list_free(&refs);
    sort_unique(&next);
    bool unknown = false;
    for (uint32_t i = 0; i < next.size && !unknown; i++)
        unknown = !in_sorted(&gs->now.queried, next.contents[i]);
    strings_clear(&gs->refs);
    gs->refs = next;
    return unknown && gs->now.git && gs->now.has_head;
}

void lsp_gitstate_fill(const LspGitState *gs, CoreEvidence *ev)
{
    const Findings *f = &gs->now;
    ev->git = f->git;
    ev->git_off = f->off;
    if (!f->git)
        return;
    ev->shallow = f->shallow;
    ev->has_base = f->has_base;
    ev->base_time = f->base_time;
    ev->has_prev = f->has_prev;
    ev->self = gs->file;
    ev->changed = (const char *const *)f->changed.contents;
    ev->changed_count = f->changed.size;
    ev->changed_total = f->changed_total;
    ev->uncommitted = (const char *const *)f->uncommitted.contents;
    ev->uncommitted_count = f->uncommitted.size;
    ev->session = (const char *const *)f->session.contents;
    ev->session_count = f->session.size;
    ev->session_capped = f->session_capped;
    ev->commits_after = f->commits_after;
    ev->first_after_time = f->first_after_time;
    ev->commits_known = f->commits_known;
    ev->queried = (const char *const *)f->queried.contents;
    ev->queried_count = f->queried.size;
    ev->commit_list = f->commits.contents;
    ev->commit_count = f->commits.size;
    ev->branch = f->branch;
    if (!gs->ralph || !f->ralph_read)
        return;
    ev->subjects_known = true;
    ev->subjects = (const char *const *)f->subjects.contents;
    ev->subject_count = f->subjects.size;
    ev->has_head_text = f->has_head_text;
    ev->head_text = f->head_text.contents;
    ev->head_len = f->head_text.size;
}

/* ---------------------------------------------------------------- the steps */

static void step_run(LspGitState *gs, Step step);

/* The folder git keeps its state in is watched when it lies inside the root (a commit, a checkout, `git add`). */
static void on_watch(uv_fs_event_t *h, const char *name, int events, int status)
{
    (void)events;
    LspGitState *gs = h->data;
    if (status < 0 || gs->closing)
        return;
    /* Lock files come and go around every change; the change itself follows. */
    if (name && strlen(name) > 5 && strcmp(name + strlen(name) - 5, ".lock") == 0)
        return;
    lsp_gitstate_refresh(gs, gs->cfg.eager ? 0 : WATCH_DEBOUNCE_MS);
}

static void watch_start(LspGitState *gs, const char *gitdir)
{
    size_t rl = strlen(gs->root);
    if (gs->watching || strncmp(gitdir, gs->root, rl) != 0 || gitdir[rl] != '/')
        return; /* nothing outside the root is watched (a worktree's git folder lives elsewhere) */
    uv_fs_event_init(gs->cfg.loop, &gs->watch);
    gs->watch.data = gs;
    if (uv_fs_event_start(&gs->watch, on_watch, gitdir, 0) < 0) {
        uv_close((uv_handle_t *)&gs->watch, NULL);
        return;
    }
    gs->watching = true;
    gs->handles++;
}

/* A refresh ended (done or abandoned): its time sets the rest before the next; one asked for meanwhile follows. */
static void refresh_ended(LspGitState *gs, const char *outcome)
{
    gs->step = STEP_NONE;
    side_drop(gs); /* still running when the refresh ended sooner (no repository, a failure): stopped */
    gs->ended_ms = uv_now(gs->cfg.loop);
    gs->took_ms = gs->ended_ms - gs->started_ms;
    if (gs->closing)
        return;
    lsp_log(LSP_LOG_INFO, "git refresh %llu of %s/%s (asked %u times): %u git commands in %llu ms, %s; next: %s",
            (unsigned long long)gs->runs, gs->root, gs->file, gs->serving, gs->commands,
            (unsigned long long)gs->took_ms, outcome, gs->again ? "queued" : "none");
    if (gs->again) {
        gs->again = false;
        gs->asked--; /* the request below stands for the ones folded into `again`, already counted */
        lsp_gitstate_refresh(gs, gs->cfg.eager ? 0 : WATCH_DEBOUNCE_MS);
    }
}

/* The end of a refresh: swap in what it found and tell the owner when the evidence changed. */
static void refresh_done(LspGitState *gs)
{
    Findings *f = &gs->next;
    if (f->git && f->has_base) {
        merge(&f->since_base, &f->status, &f->changed);
        strings_copy(&f->uncommitted, &f->status.items);
        sort_unique(&f->uncommitted);
        bool capped = f->since_base.total > f->since_base.items.size || f->status.total > f->status.items.size;
        f->changed_total = capped ? f->since_base.total + f->status.total : f->changed.size;
        if (f->has_prev) {
            merge(&f->since_prev, &f->status, &f->session);
            f->session_capped = f->since_prev.total > f->since_prev.items.size ||
                                f->status.total > f->status.items.size;
        }
    }
    if (f->gitdir && !gs->closing)
        watch_start(gs, f->gitdir);
    /* The first refresh always tells (the owner learns the evidence is in); later ones only a difference. */
    bool changed = gs->generation == 0 || !findings_same(&gs->now, f);
    findings_clear(&gs->now);
    gs->now = *f;
    memset(f, 0, sizeof *f);
    gs->generation++;
    refresh_ended(gs, changed ? "evidence changed" : "evidence unchanged");
    if (changed && !gs->closing)
        gs->cfg.changed(gs->cfg.data);
}

/* A refresh that could not complete keeps what the last one found. */
static void refresh_abandon(LspGitState *gs)
{
    findings_clear(&gs->next);
    refresh_ended(gs, "abandoned");
}

/* One record of the running step's output (a line, or a NUL-terminated path). */
static void on_record(void *data, const char *rec, size_t len)
{
    LspGitState *gs = data;
    Findings *f = &gs->next;
    uint32_t k = gs->records++;
    switch (gs->step) {
    case STEP_REVPARSE:
        if (k == 0) {
            free(f->prefix);
            f->prefix = core_xstrndup(rec, len);
        } else if (k == 1) {
            f->shallow = len == 4 && memcmp(rec, "true", 4) == 0;
        } else if (k == 2) {
            free(f->gitdir);
            f->gitdir = core_xstrndup(rec, len);
        }
        else if (k == 3 && (f->has_head = len == 40 && all_hex(rec, len)))
            memcpy(f->head, rec, 40);
        break;
    case STEP_BASELINES:
        if (len > 41 && all_hex(rec, 40) && rec[40] == '\t') {
            char *t = core_xstrndup(rec + 41, len - 41);
            if (k == 0) {
                memcpy(f->base, rec, 40);
                f->base_time = strtoll(t, NULL, 10);
                f->has_base = true;
            } else if (k == 1 && !gs->cfg.no_session) {
                memcpy(f->prev, rec, 40);
                f->has_prev = true;
            }
            free(t);
        }
        break;
    case STEP_AFTER:
        if (len) {
            char *t = core_xstrndup(rec, len);
            f->commits_after++;
            f->first_after_time = strtoll(t, NULL, 10); /* newest first: the last line is the oldest */
            free(t);
        }
        break;
    case STEP_DIFF_BASE:
    case STEP_DIFF_PREV:
        if (len)
            pathset_add(gs->step == STEP_DIFF_BASE ? &f->since_base : &f->since_prev, gs->cfg.max_paths, rec, len);
        break;
    case STEP_COMMITS: {
        /* hash \x1f author \x1f time \x1f subject */
        const char *p[4];
        size_t l[4];
        size_t at = 0;
        for (int n = 0; n < 4; n++) {
            const char *sep = n < 3 ? memchr(rec + at, '\x1f', len - at) : NULL;
            size_t end = sep ? (size_t)(sep - rec) : len;
            if (n < 3 && !sep)
                return;
            p[n] = rec + at;
            l[n] = end - at;
            at = end + 1;
        }
        if (l[0] != 40 || !all_hex(p[0], 40))
            break;
        char *t = core_xstrndup(p[2], l[2]);
        CoreCommit c = {core_xstrndup(p[0], 40), core_xstrndup(p[1], l[1]), core_xstrndup(p[3], l[3]),
                        strtoll(t, NULL, 10)};
        free(t);
        array_push(&f->commits, c);
        break;
    }
    case STEP_SUBJECTS:
        if (f->subjects.size < MAX_SUBJECTS)
            array_push(&f->subjects, core_xstrndup(rec, len));
        break;
    default:
        break;
    }
}

/*
 * One record of `git status --porcelain=v2 --branch -z` (the step's or the side run's): "1 XY sub mH mI mW hH hI
 * PATH", "2 XY sub mH mI mW hH hI Xscore PATH" + a record with the old path, "u XY sub m1 m2 m3 mW h1 h2 h3 PATH",
 * "? PATH", "! PATH", and the "# branch." headers.
 */
static void on_status_record(void *data, const char *rec, size_t len)
{
    LspGitState *gs = data;
    Findings *f = &gs->next;
    if (gs->status_old) { /* a rename's old path follows it as a record of its own */
        gs->status_old = false;
        return;
    }
    static const char oid[] = "# branch.oid ", head[] = "# branch.head ";
    if (len >= sizeof head - 1 && memcmp(rec, head, sizeof head - 1) == 0) {
        free(f->branch);
        bool detached = len - (sizeof head - 1) == 10 && memcmp(rec + sizeof head - 1, "(detached)", 10) == 0;
        f->branch = detached ? NULL : core_xstrndup(rec + sizeof head - 1, len - (sizeof head - 1));
        return;
    }
    if (len >= sizeof oid - 1 && memcmp(rec, oid, sizeof oid - 1) == 0) {
        /* Only a refresh that begins here learns HEAD from it (otherwise rev-parse said, with the history). */
        const char *h = rec + sizeof oid - 1;
        size_t hl = len - (sizeof oid - 1);
        if (gs->status_first && (f->has_head = hl == 40 && all_hex(h, hl)))
            memcpy(f->head, h, 40);
        return;
    }
    if (len < 3)
        return;
    int fields = rec[0] == '1' ? 8 : rec[0] == '2' ? 9 : rec[0] == 'u' ? 10 : rec[0] == '?' ? 1 : -1;
    if (fields < 0)
        return;
    size_t i = 0;
    for (int n = 0; n < fields && i < len; i++)
        if (rec[i] == ' ')
            n++;
    const char *path = rec + i;
    size_t plen = len - i;
    size_t pl = strlen(f->prefix ? f->prefix : "");
    if (plen > pl && strncmp(path, f->prefix ? f->prefix : "", pl) == 0)
        pathset_add(&f->status, gs->cfg.max_paths, path + pl, plen - pl);
    gs->status_old = rec[0] == '2';
}

static void on_out(void *data, const char *bytes, size_t len)
{
    LspGitState *gs = data;
    if (gs->step == STEP_HEAD_TEXT) { /* bytes, not records */
        Findings *f = &gs->next;
        if (f->head_text.size + len > MAX_HEAD_TEXT)
            f->head_text_big = true;
        else
            array_extend(&f->head_text, (uint32_t)len, bytes);
        return;
    }
    bool nul = gs->step == STEP_DIFF_BASE || gs->step == STEP_DIFF_PREV || gs->step == STEP_STATUS;
    lsp_git_records(&gs->carry, bytes, len, nul ? '\0' : '\n',
                    gs->step == STEP_STATUS ? on_status_record : on_record, gs);
}

static int commit_qcmp(const void *a, const void *b)
{
    return strcmp(((const CoreCommit *)a)->hash, ((const CoreCommit *)b)->hash);
}

static const char *step_name(Step s)
{
    switch (s) {
    case STEP_REVPARSE: return "git rev-parse";
    case STEP_BASELINES: return "git log (the progress file's commits)";
    case STEP_AFTER: return "git log (commits since)";
    case STEP_DIFF_BASE:
    case STEP_DIFF_PREV: return "git diff --name-only";
    case STEP_STATUS: return "git status";
    case STEP_COMMITS: return "git log (commit references)";
    case STEP_SUBJECTS: return "git log (commit subjects)";
    case STEP_HEAD_TEXT: return "git cat-file (the committed log)";
    default: return "git";
    }
}

static Step side_take(LspGitState *gs);

/* What follows `git status`: the commit references, unless the last refresh's answer stands. */
static Step after_status(LspGitState *gs)
{
    Findings *f = &gs->next;
    if (!f->has_head || !gs->refs.size)
        return STEP_NONE;
    if (!commits_reusable(&gs->now, f, &gs->refs))
        return STEP_COMMITS;
    commits_take(f, &gs->now);
    return STEP_NONE;
}

/* What follows the history steps: Ralph's subjects and committed text when wanted, then `git status` unless
 * this refresh began with it. */
static Step after_history(LspGitState *gs)
{
    if (gs->ralph && gs->next.has_head && !gs->next.ralph_read)
        return STEP_SUBJECTS;
    if (gs->status_done)
        return after_status(gs);
    if (!gs->side_used)
        return STEP_STATUS;
    return gs->side_ended ? side_take(gs) : STEP_WAIT;
}

/* The next step after `done`, given what is known by now; STEP_NONE when the refresh is complete. */
static Step next_step(LspGitState *gs, Step done)
{
    Findings *f = &gs->next;
    switch (done) {
    case STEP_REVPARSE: return f->has_head && !history_reusable(&gs->now, f) ? STEP_BASELINES : after_history(gs);
    case STEP_BASELINES:
        /* The file committed last (HEAD is B): no commit since, and no `git log B..HEAD` process to say so. */
        if (f->has_base && f->has_head && strcmp(f->base, f->head) == 0)
            return f->has_prev ? STEP_DIFF_PREV : after_history(gs);
        return f->has_base ? STEP_AFTER : after_history(gs);
    case STEP_AFTER:
        return f->commits_after ? STEP_DIFF_BASE : f->has_prev ? STEP_DIFF_PREV : after_history(gs);
    case STEP_DIFF_BASE: return f->has_prev ? STEP_DIFF_PREV : after_history(gs);
    case STEP_DIFF_PREV: return after_history(gs);
    case STEP_SUBJECTS: return STEP_HEAD_TEXT;
    case STEP_HEAD_TEXT:
        f->ralph_read = true;
        return after_history(gs);
    case STEP_STATUS:
        if (!gs->status_first)
            return after_status(gs);
        /* HEAD where the last refresh found it: the history stands; else it is read again, from rev-parse. */
        if (!history_reusable(&gs->now, f))
            return STEP_REVPARSE;
        history_take(f, &gs->now);
        return after_history(gs);
    default: return STEP_NONE;
    }
}

/* The log line for a git command that did not finish or failed (owned). */
static char *failure_text(const LspGitState *gs, Step step, const LspGitResult *r)
{
    if (r->timed_out)
        return core_xasprintf("progress-ls: %s did not finish within %llu ms; stopped it (the git evidence stays as "
                              "it was)", step_name(step), (unsigned long long)gs->cfg.timeout_ms);
    if (r->unsafe)
        return core_xasprintf("progress-ls: git is not run in %s: %s", gs->root, r->unsafe);
    return core_xasprintf("progress-ls: %s exited with %d%s%s in %s", step_name(step),
                          r->term_signal ? 128 + r->term_signal : (int)r->exit_status, *r->err ? ": " : "", r->err,
                          gs->root);
}

static void side_stream(LspGitState *gs);

/* Goes on with `next`: a step, the wait for the side run, or the end (unless side_take abandoned the refresh). */
static void step_next(LspGitState *gs, Step next)
{
    if (next == STEP_WAIT)
        gs->step = STEP_WAIT;
    else if (next != STEP_NONE)
        step_run(gs, next);
    else if (gs->step != STEP_NONE)
        refresh_done(gs);
}

static void on_done(void *data, const LspGitResult *r)
{
    LspGitState *gs = data;
    Step step = gs->step;
    gs->run = NULL;
    array_clear(&gs->carry);
    if (gs->closing) {
        refresh_abandon(gs);
        maybe_free(gs);
        return;
    }
    Findings *f = &gs->next;
    if (r->timed_out) {
        char *line = failure_text(gs, step, r);
        say(gs, "%s", line);
        free(line);
        refresh_abandon(gs);
        return;
    }
    if (r->unsafe) {
        /* The repository cannot be made safe to run git in: no git evidence, and the file says why, once. */
        if (!gs->now.off || strcmp(gs->now.off, r->unsafe) != 0) {
            char *line = failure_text(gs, step, r);
            say(gs, "%s", line);
            free(line);
        }
        findings_clear(f);
        f->off = core_xstrndup(r->unsafe, strlen(r->unsafe));
        refresh_done(gs);
        return;
    }
    if (step == STEP_REVPARSE) {
        /* An empty repository fails on HEAD after printing the rest: still a repository. */
        f->git = r->spawn_error == 0 && f->gitdir != NULL && !r->cancelled;
        if (!f->git) {
            refresh_done(gs); /* not a repository, or no git: no evidence, quietly */
            return;
        }
        if (history_reusable(&gs->now, f))
            history_take(f, &gs->now);
        side_stream(gs);
    } else if (!r->ok && step == STEP_STATUS && gs->status_first) {
        /* Not the repository the last refresh knew (removed, moved): start over from rev-parse, quietly. */
        findings_clear(f);
        gs->status_first = gs->status_done = false;
        step_run(gs, STEP_REVPARSE);
        return;
    } else if (step == STEP_HEAD_TEXT) {
        /* Not in HEAD (never committed, or a new name): nothing to compare with, and no fault. */
        f->has_head_text = r->ok && !f->head_text_big;
        if (!f->has_head_text)
            array_clear(&f->head_text);
    } else if (!r->ok && step != STEP_BASELINES) {
        char *line = failure_text(gs, step, r);
        say(gs, "%s", line);
        free(line);
        refresh_abandon(gs);
        return;
    }
    if (step == STEP_STATUS)
        gs->status_done = true;
    if (step == STEP_COMMITS) {
        f->commits_known = true;
        for (uint32_t i = 0; i < gs->refs.size; i++)
            array_push(&f->queried, core_xstrndup(gs->refs.contents[i], strlen(gs->refs.contents[i])));
        if (f->commits.size > 1)
            qsort(f->commits.contents, f->commits.size, sizeof *f->commits.contents, commit_qcmp);
    }
    step_next(gs, next_step(gs, step));
}

static const char *const status_args[] = {"status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all",
                                          "--ignore-submodules=all", "--", "."};
enum { STATUS_ARGS = sizeof status_args / sizeof status_args[0] };

/* One git command of a refresh in the root, with the state's deadline and priority. */
static LspGitRun *git_start(LspGitState *gs, const char *const *args, size_t n, void *data,
                            void (*out)(void *data, const char *bytes, size_t len),
                            void (*done)(void *data, const LspGitResult *r))
{
    gs->commands++;
    LspGitConfig cfg = {
        .loop = gs->cfg.loop,
        .cwd = gs->root,
        .args = args,
        .arg_count = n,
        .timeout_ms = gs->cfg.timeout_ms,
        .background = gs->cfg.background,
        .data = data,
        .out = out,
        .done = done,
    };
    return lsp_git_start(&cfg);
}

static void step_run(LspGitState *gs, Step step)
{
    Findings *f = &gs->next;
    const char *args[16 + MAX_REFS];
    size_t n = 0;
    char range[90];
    char *blob = NULL;
    args[n++] = "--literal-pathspecs";
    switch (step) {
    case STEP_REVPARSE:
        args[n++] = "rev-parse";
        args[n++] = "--show-prefix";
        args[n++] = "--is-shallow-repository";
        args[n++] = "--absolute-git-dir";
        args[n++] = "HEAD";
        break;
    case STEP_BASELINES:
        args[n++] = "log";
        args[n++] = "-n";
        args[n++] = gs->cfg.no_session ? "1" : "2";
        args[n++] = "--format=%H%x09%ct";
        args[n++] = "--";
        args[n++] = gs->file;
        break;
    case STEP_AFTER:
        snprintf(range, sizeof range, "%s..HEAD", f->base);
        args[n++] = "log";
        args[n++] = "--format=%ct";
        args[n++] = range;
        args[n++] = "--";
        break;
    case STEP_DIFF_BASE:
    case STEP_DIFF_PREV:
        args[n++] = "diff";
        args[n++] = "--relative";
        args[n++] = "--name-only";
        args[n++] = "-z";
        args[n++] = "--no-renames";
        args[n++] = "--no-ext-diff";
        args[n++] = "--no-textconv";
        args[n++] = step == STEP_DIFF_BASE ? f->base : f->prev;
        args[n++] = "HEAD"; /* the commits' files; uncommitted and untracked ones come from `git status` */
        args[n++] = "--";
        break;
    case STEP_STATUS:
        for (size_t i = 0; i < STATUS_ARGS; i++)
            args[n++] = status_args[i];
        gs->status_old = false;
        break;
    case STEP_COMMITS:
        args[n++] = "log";
        args[n++] = "--no-walk=unsorted";
        args[n++] = "--ignore-missing";
        args[n++] = "--format=%H%x1f%an%x1f%ct%x1f%s";
        for (uint32_t i = 0; i < gs->refs.size; i++)
            args[n++] = gs->refs.contents[i];
        args[n++] = "--";
        break;
    case STEP_SUBJECTS:
        snprintf(range, sizeof range, "--max-count=%d", MAX_SUBJECTS);
        args[n++] = "log";
        args[n++] = range;
        args[n++] = "--format=%s";
        args[n++] = "HEAD";
        args[n++] = "--";
        break;
    case STEP_HEAD_TEXT:
        /* `HEAD:./file`: the path relative to the working folder; cat-file runs no textconv filter. */
        blob = core_xasprintf("HEAD:./%s", gs->file);
        args[n++] = "cat-file";
        args[n++] = "blob";
        args[n++] = blob;
        break;
    default:
        return;
    }
    gs->step = step;
    gs->records = 0;
    gs->run = git_start(gs, args, n, gs, on_out, on_done);
    free(blob); /* lsp_git_start copies the arguments */
}

/* ---------------------------------------------------------------- git status beside the history */

/*
 * A first refresh a command waits for (eager, not background: prime, check, the hooks, the MCP server's first call)
 * starts `git status` at once, beside rev-parse and the history steps (git/process.c runs two git processes at a
 * time), instead of after them: in a large work tree the status is most of the wall time, and the history (a `git
 * diff` over every path committed since the file's commit) then costs none of its own. Its records are read as they
 * come once rev-parse has said the root's prefix (kept until then), and taken when the history steps reach the status;
 * a refresh that ends sooner (no repository, a failure) stops it. The language server's refreshes (background) keep
 * to one git process at a time on one core (issue 20): it restores hundreds of files at once, and nobody waits.
 */
struct Side {
    LspGitState *gs;
    LspGitRun *run;
    bool dropped; /* its refresh ended without it: the output goes nowhere */
};

static void on_side_out(void *data, const char *bytes, size_t len)
{
    Side *side = data;
    LspGitState *gs = side->gs;
    if (side->dropped)
        return;
    if (gs->side_streaming)
        lsp_git_records(&gs->side_carry, bytes, len, '\0', on_status_record, gs);
    else
        array_extend(&gs->side_out, (uint32_t)len, bytes);
}

static void on_side_done(void *data, const LspGitResult *r)
{
    Side *side = data;
    LspGitState *gs = side->gs;
    bool dropped = side->dropped;
    gs->sides--;
    free(side);
    if (dropped) {
        maybe_free(gs);
        return;
    }
    gs->side = NULL;
    gs->side_ended = true;
    if (!r->ok)
        gs->side_error = failure_text(gs, STEP_STATUS, r);
    if (gs->step == STEP_WAIT)
        step_next(gs, after_history(gs));
}

static void side_start(LspGitState *gs)
{
    Side *side = core_xcalloc(1, sizeof *side);
    side->gs = gs;
    gs->side = side;
    gs->sides++;
    gs->side_used = true;
    gs->status_old = false;
    const char *args[1 + STATUS_ARGS];
    args[0] = "--literal-pathspecs";
    memcpy(args + 1, status_args, sizeof status_args);
    LspGitRun *run = git_start(gs, args, 1 + STATUS_ARGS, side, on_side_out, on_side_done);
    if (gs->side == side) /* not ended inside the call (no timer could be made) */
        side->run = run;
}

/* rev-parse said where the root is: the side run's records so far are read, and the rest as they come. */
static void side_stream(LspGitState *gs)
{
    if (!gs->side_used || gs->side_streaming)
        return;
    gs->side_streaming = true;
    lsp_git_records(&gs->side_carry, gs->side_out.contents, gs->side_out.size, '\0', on_status_record, gs);
    array_delete(&gs->side_out);
}

/* The side run of this refresh, if it runs still, is stopped and its output dropped: ready for the next refresh. */
static void side_drop(LspGitState *gs)
{
    if (gs->side) {
        gs->side->dropped = true;
        lsp_git_cancel(gs->side->run);
        gs->side = NULL;
    }
    gs->side_used = gs->side_ended = gs->side_streaming = false;
    array_delete(&gs->side_out);
    array_delete(&gs->side_carry);
    free(gs->side_error);
    gs->side_error = NULL;
}

/* The history is read and the side run has ended: its status stands as the step's, or its failure abandons all. */
static Step side_take(LspGitState *gs)
{
    if (gs->side_error) {
        say(gs, "%s", gs->side_error);
        refresh_abandon(gs);
        return STEP_NONE;
    }
    gs->status_done = true;
    return after_status(gs);
}

/*
 * A refresh in a repository the last one knew begins with `git status` (one process while nothing is
 * committed: the steady state of a save storm); the first, or one after a folder was not a repository,
 * begins with rev-parse.
 */
static void refresh_start(LspGitState *gs)
{
    Findings *f = &gs->next, *last = &gs->now;
    findings_clear(f);
    gs->started_ms = uv_now(gs->cfg.loop);
    gs->commands = 0;
    gs->serving = gs->asked;
    gs->asked = 0;
    gs->runs++;
    gs->status_done = false;
    gs->status_first = last->git && last->gitdir;
    if (!gs->status_first) {
        if (gs->cfg.eager && !gs->cfg.background)
            side_start(gs);
        step_run(gs, STEP_REVPARSE);
        return;
    }
    f->git = true;
    f->shallow = last->shallow;
    f->prefix = core_xstrndup(last->prefix ? last->prefix : "", strlen(last->prefix ? last->prefix : ""));
    f->gitdir = core_xstrndup(last->gitdir, strlen(last->gitdir));
    step_run(gs, STEP_STATUS);
}
