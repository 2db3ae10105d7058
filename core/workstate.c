/* workstate.c — the file against its evidence (git, feature_list.json): diagnostics, inlay hints, lenses, "finish the task". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "model.h"
#include "moves.h"
#include "progress/alloc.h"
#include "progress/log.h"
#include "words.h"

typedef Array(char) CharBuf;
typedef Array(uint32_t) LineArray;
typedef Array(CoreCommitRef) RefArray;

enum {
    MESSAGE_NAMES = 5,     /* file names a message spells out before "and N more" */
    RELATED_MAX = 20,      /* related places one diagnostic carries */
    ADD_ACTION_MAX = 1000, /* "Add the N changed files" is offered up to this many */
    SUBJECT_MAX = 40,      /* bytes of a commit subject shown inline */
};

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z');
}

/* Whether s[0, len) equals `word` ignoring ASCII case. */
static bool word_is(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (n != len)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != word[i])
            return false;
    return true;
}

/* ---------------------------------------------------------------- commit references */

/* Words that say the commit is still to come. */
static const char *const pending_words[] = {
    "pending", "tbd", "tba", "todo", "uncommitted", "wip", "none", "n/a", "na", "?", "-", "soon", "later",
    "not-yet", "notyet", "xxx", "xxxxxxx", "unknown", "next", NULL,
};

static bool scan_ref(const char *s, uint32_t len, uint32_t at, uint32_t line, CoreCommitRef *out)
{
    uint32_t a = at;
    while (a < len && core_word_is_space((unsigned char)s[a]))
        a++;
    if (a < len && s[a] == '`')
        a++;
    uint32_t b = a;
    while (b < len && !core_word_is_space((unsigned char)s[b]) && s[b] != ')' && s[b] != ',' && s[b] != ';' &&
           s[b] != '`' && s[b] != ']')
        b++;
    while (b > a && (s[b - 1] == '.' || s[b - 1] == ':'))
        b--;
    if (b == a)
        return false;
    bool hex = true;
    for (uint32_t i = a; i < b && hex; i++)
        hex = is_hex(s[i]);
    out->range = (CoreRange){{line, a}, {line, b}};
    if (hex && b - a >= 7 && b - a <= 40) {
        out->kind = CORE_COMMIT_HASH;
        return true;
    }
    for (int k = 0; pending_words[k]; k++)
        if (word_is(s + a, b - a, pending_words[k])) {
            out->kind = CORE_COMMIT_PENDING;
            return true;
        }
    /* Hex of the wrong length looks like a mistyped hash; any other word is prose ("commit: the fix"). */
    if (hex && b - a >= 4) {
        out->kind = CORE_COMMIT_INVALID;
        return true;
    }
    return false;
}

/* The references on one line, appended to `out`. */
static void line_refs(const CoreDoc *doc, uint32_t line, RefArray *out)
{
    /* The kept head says blank or header: the whole document is scanned on every keystroke, so no re-parse. */
    const CoreLineHead *h = core_doc_line_head(doc, line);
    if (h->kind == CORE_LINE_BLANK || h->kind == CORE_LINE_HEADER)
        return;
    size_t n;
    const char *s = core_doc_line(doc, line, &n);
    uint32_t len = (uint32_t)n;
    /* `commit:` found by its colon: most lines have none, and memchr skips them at memory speed. */
    uint32_t from = 0; /* where a `commit:` may start: not inside a reference already read */
    for (const char *c = memchr(s, ':', len); c; c = memchr(c + 1, ':', len - (uint32_t)(c + 1 - s))) {
        uint32_t colon = (uint32_t)(c - s);
        if (colon < from + 6)
            continue;
        uint32_t i = colon - 6;
        if ((i > 0 && is_alnum(s[i - 1])) || !word_is(s + i, 6, "commit"))
            continue;
        CoreCommitRef r;
        if (scan_ref(s, len, colon + 1, line, &r)) {
            array_push(out, r);
            from = r.range.end.col + 1;
        }
    }
}

int core_commit_refs(const CoreDoc *doc, CoreCommitRefList *out)
{
    RefArray refs = {0};
    uint32_t n = core_doc_line_count(doc);
    for (uint32_t l = 0; l < n; l++)
        line_refs(doc, l, &refs);
    out->items = refs.contents;
    out->count = refs.size;
    return 0;
}

void core_commit_ref_list_free(CoreCommitRefList *list)
{
    core_list_free(list, NULL);
}

int core_commit_ref_at(const CoreDoc *doc, CorePos pos, CoreCommitRef *out)
{
    if (pos.line >= core_doc_line_count(doc))
        return CORE_ENOENT;
    RefArray refs = {0};
    line_refs(doc, pos.line, &refs);
    int rc = CORE_ENOENT;
    for (uint32_t i = 0; i < refs.size && rc; i++)
        if (pos.col >= refs.contents[i].range.start.col && pos.col <= refs.contents[i].range.end.col) {
            *out = refs.contents[i];
            rc = 0;
        }
    array_delete(&refs);
    return rc;
}

const CoreCommit *core_evidence_commit(const CoreEvidence *ev, const char *ref, size_t len)
{
    if (!ev || len < 4 || len > 40)
        return NULL;
    char key[41];
    for (size_t i = 0; i < len; i++)
        key[i] = lower(ref[i]);
    /* The first hash not below the prefix; a second one with the same prefix makes it ambiguous. */
    size_t lo = 0, hi = ev->commit_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(ev->commit_list[mid].hash, key, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= ev->commit_count || strncmp(ev->commit_list[lo].hash, key, len) != 0)
        return NULL;
    if (lo + 1 < ev->commit_count && strncmp(ev->commit_list[lo + 1].hash, key, len) == 0)
        return NULL;
    return &ev->commit_list[lo];
}

/* ---------------------------------------------------------------- items, marks and paths */

/* What an item's mark says: 1 done, 0 open or in progress, -1 no mark (or dropped: neither to do nor done). */
static int item_mark(const CoreEntry *e)
{
    switch (e->status) {
    case CORE_STATUS_DONE: return 1;
    case CORE_STATUS_OPEN:
    case CORE_STATUS_IN_PROGRESS: return 0;
    default: return -1;
    }
}

static bool placeholder_only(const CoreEntry *e)
{
    return e->has_placeholder && e->placeholder.start.col == e->text.start.col &&
           e->placeholder.end.col == e->text.end.col;
}

/* A real list item of a Files section (not `None`, not a bare placeholder). */
static bool files_item(const CoreEntry *e)
{
    return e->kind == CORE_ENTRY_ITEM && !placeholder_only(e) &&
           (e->section_kind == CORE_SECTION_FILES_MODIFIED || e->section_kind == CORE_SECTION_FILES_TO_MODIFY);
}

/* Whether the item counts as done: its mark, else its section (Files Modified items are done). */
static bool item_done(const CoreEntry *e)
{
    int mark = item_mark(e);
    return mark >= 0 ? mark == 1 : e->section_kind == CORE_SECTION_FILES_MODIFIED;
}

typedef struct {
    const char *s;
    uint32_t len;
} Str;

typedef Array(Str) StrArray;

/* A path as written, cleaned for comparison: no quotes or backticks around it, no "./" before, no "/" after. */
static Str clean_path(const char *s, uint32_t a, uint32_t b)
{
    while (a < b && (s[a] == '`' || s[a] == '"' || s[a] == '\'' || s[a] == '*'))
        a++;
    while (b > a && (s[b - 1] == '`' || s[b - 1] == '"' || s[b - 1] == '\'' || s[b - 1] == '*' || s[b - 1] == ',' ||
                     s[b - 1] == ':' || s[b - 1] == '.' || s[b - 1] == '/'))
        b--;
    while (b - a >= 2 && s[a] == '.' && s[a + 1] == '/')
        a += 2;
    return (Str){s + a, b - a};
}

/* The path of a Files item as the grammar reads it (no backticks, marks or location), cleaned. */
static Str item_path(const char *s, const CoreEntry *e)
{
    if (!e->has_path)
        return (Str){s, 0};
    return clean_path(s, e->path.start.col, e->path.end.col);
}

static int str_cmp(const void *pa, const void *pb)
{
    const Str *a = pa, *b = pb;
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/*
 * The lines whose paths list a change, the line findings about the whole file point at, and what the current
 * state says: in a log with entries its newest entry (a file an older entry named is not listed for this
 * session), else the whole file and its first line (the template's Session State header, where it has one).
 */
typedef struct {
    uint32_t first, end;
    int32_t head;           /* the newest entry's title line; -1 for the template or a log without entries */
    int32_t files;          /* the newest entry's files list (its label line), -1 when it has none */
    CoreStatePart next;     /* a log's Next steps */
} Scope;

/* `keys`: the document's kept entry keys (CoreEvidence.entry_keys), or NULL. */
static void scope_find(const CoreDoc *doc, CoreEntryKeys *keys, Scope *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->end = core_doc_line_count(doc);
    sc->head = sc->files = -1;
    CoreState st;
    if (core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE || core_doc_state_kept(doc, keys, &st) != 0 || st.entry < 0)
        return;
    CoreBlock b;
    if (core_doc_block(doc, (uint32_t)st.entry, &b) == 0)
        sc->head = (int32_t)b.line;
    sc->first = st.first_line;
    sc->end = st.end_line;
    if (st.files_modified.has)
        sc->files = (int32_t)st.files_modified.first_line;
    sc->next = st.next;
}

/* Every path-like word of lines [first, end) (holding '/' or '.'), cleaned and sorted: what "listed" means. */
static void mentions(const CoreDoc *doc, uint32_t first, uint32_t end, StrArray *out)
{
    for (uint32_t l = first; l < end; l++) {
        size_t len;
        const char *s = core_doc_line(doc, l, &len);
        for (uint32_t i = 0; i < len;) {
            if (!core_word_is_path((unsigned char)s[i])) {
                i++;
                continue;
            }
            uint32_t j = i;
            bool pathy = false;
            while (j < len && core_word_is_path((unsigned char)s[j])) {
                pathy |= s[j] == '/' || s[j] == '.';
                j++;
            }
            Str w = clean_path(s, i, j);
            if (pathy && w.len)
                array_push(out, w);
            i = j;
        }
    }
    if (out->size)
        qsort(out->contents, out->size, sizeof *out->contents, str_cmp);
}

/* The first of the sorted `list` that is not before the strings starting with `p` (`len` bytes). */
static size_t lower_bound(const char *const *list, size_t count, const char *p, size_t len)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(list[mid], p, len) < 0) /* a proper prefix of `p` is before it too */
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether `p` (`len` bytes) is in the sorted `list`, or is a folder holding one of its paths. */
static bool in_sorted(const char *const *list, size_t count, const char *p, size_t len)
{
    for (size_t lo = lower_bound(list, count, p, len); lo < count && strncmp(list[lo], p, len) == 0; lo++)
        if (list[lo][len] == '\0' || list[lo][len] == '/')
            return true;
    return false;
}

/* A run [lo, hi) of the sorted changed list that the document names. */
typedef struct {
    size_t lo, hi;
} Span;

typedef Array(Span) SpanArray;

/* The paths of the sorted `list` that `p` (`len` bytes) names, as spans: itself, and all under the folder `p`. */
static void cover(const char *const *list, size_t count, const char *p, size_t len, SpanArray *out)
{
    size_t at = lower_bound(list, count, p, len);
    if (at < count && strncmp(list[at], p, len) == 0 && list[at][len] == '\0')
        array_push(out, ((Span){at, at + 1}));
    char *folder = core_xmalloc(len + 2);
    memcpy(folder, p, len);
    folder[len] = '/';
    folder[len + 1] = '\0';
    /* The paths under it run from "p/" to the first name from "p0" on ('0' follows '/'). */
    size_t lo = lower_bound(list, count, folder, len + 1);
    folder[len] = '/' + 1;
    size_t hi = lower_bound(list, count, folder, len + 1);
    if (hi > lo)
        array_push(out, ((Span){lo, hi}));
    free(folder);
}

static int span_cmp(const void *pa, const void *pb)
{
    const Span *a = pa, *b = pb;
    return (a->lo > b->lo) - (a->lo < b->lo);
}

/*
 * From each word of the document to the changed paths it lists (binary searches in the sorted list),
 * not from each of the thousands of changed paths to the words: typing re-diagnoses on every key. The
 * listed paths come out as sorted, merged spans; returns how many paths are listed nowhere.
 */
static size_t unlisted_spans(const CoreDoc *doc, const Scope *sc, const CoreEvidence *ev, SpanArray *spans)
{
    const char *const *list = ev->changed;
    size_t n = ev->changed_count;
    StrArray set = {0};
    mentions(doc, sc->first, sc->end, &set);
    for (uint32_t i = 0; i < set.size; i++)
        cover(list, n, set.contents[i].s, set.contents[i].len, spans);
    array_delete(&set);
    const char *own[] = {ev->self, ev->feature_path, ev->prd_path};
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++) {
        size_t at = own[k] ? lower_bound(list, n, own[k], strlen(own[k])) : n;
        if (at < n && strcmp(list[at], own[k]) == 0)
            array_push(spans, ((Span){at, at + 1}));
    }
    if (spans->size > 1)
        qsort(spans->contents, spans->size, sizeof *spans->contents, span_cmp);
    uint32_t w = 0;
    for (uint32_t i = 0; i < spans->size; i++) {
        Span sp = spans->contents[i];
        if (w && sp.lo <= spans->contents[w - 1].hi) {
            if (sp.hi > spans->contents[w - 1].hi)
                spans->contents[w - 1].hi = sp.hi;
        } else {
            spans->contents[w++] = sp;
        }
    }
    spans->size = w;
    size_t listed = 0;
    for (uint32_t i = 0; i < w; i++)
        listed += spans->contents[i].hi - spans->contents[i].lo;
    return n - listed;
}

/* The first `max` paths of the list outside `spans` (sorted, merged) into `out`; returns how many. */
static size_t unlisted_take(const CoreEvidence *ev, const SpanArray *spans, size_t max, const char **out)
{
    size_t got = 0, at = 0;
    for (uint32_t i = 0; i <= spans->size && got < max; i++) {
        size_t end = i < spans->size ? spans->contents[i].lo : ev->changed_count;
        for (; at < end && got < max; at++)
            out[got++] = ev->changed[at];
        if (i < spans->size)
            at = spans->contents[i].hi;
    }
    return got;
}

const char **core_evidence_unlisted(const CoreDoc *doc, const CoreEvidence *ev, size_t *count)
{
    *count = 0;
    if (!ev || !ev->git || !ev->has_base || !ev->changed_count)
        return NULL;
    SpanArray spans = {0};
    Scope sc;
    scope_find(doc, ev->entry_keys, &sc);
    size_t n = unlisted_spans(doc, &sc, ev, &spans);
    const char **out = n ? core_xmalloc(n * sizeof *out) : NULL;
    *count = n ? unlisted_take(ev, &spans, n, out) : 0;
    array_delete(&spans);
    return out;
}

bool core_evidence_needs_update(const CoreEvidence *ev, uint32_t *commits, size_t *files)
{
    size_t others = 0;
    bool self_edited = false;
    for (size_t i = 0; ev && ev->git && ev->has_base && i < ev->changed_count; i++) {
        if (ev->self && strcmp(ev->changed[i], ev->self) == 0)
            self_edited = true;
        else
            others++;
    }
    if (ev && ev->changed_total > ev->changed_count)
        others += ev->changed_total - ev->changed_count;
    if (commits)
        *commits = ev && ev->git && ev->has_base ? ev->commits_after : 0;
    if (files)
        *files = others;
    return ev && ev->git && ev->has_base && !self_edited && (ev->commits_after > 0 || others > 0);
}

/* ---------------------------------------------------------------- the model's places */

typedef struct {
    int32_t files_modified, files_to_modify, session; /* header lines, -1 when missing */
    CoreEntry last_completed, next_task, phase;
    bool has_last_completed, has_next_task, has_phase;
    Scope scope;
} Places;

static void places_find(const CoreDoc *doc, CoreEntryKeys *keys, Places *p)
{
    memset(p, 0, sizeof *p);
    p->files_modified = p->files_to_modify = p->session = -1;
    scope_find(doc, keys, &p->scope);
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        /* The kind and the line from the kept heads (no parse): a log has a block every few lines. */
        CoreSectionKind kind = core_doc_section_kind(doc, i);
        int32_t *slot = kind == CORE_SECTION_FILES_MODIFIED ? &p->files_modified
                        : kind == CORE_SECTION_FILES_TO_MODIFY ? &p->files_to_modify
                        : kind == CORE_SECTION_SESSION_STATE ? &p->session : NULL;
        if (slot && *slot < 0)
            *slot = (int32_t)core_doc_block_line(doc, i);
        if (kind != CORE_SECTION_SESSION_STATE)
            continue;
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            if (e.kind != CORE_ENTRY_FIELD)
                continue;
            if (e.field == CORE_FIELD_LAST_COMPLETED && !p->has_last_completed)
                p->last_completed = e, p->has_last_completed = true;
            else if (e.field == CORE_FIELD_NEXT_TASK && !p->has_next_task)
                p->next_task = e, p->has_next_task = true;
            else if (e.field == CORE_FIELD_CURRENT_PHASE && !p->has_phase)
                p->phase = e, p->has_phase = true;
        }
    }
}

static CoreRange line_range(const CoreDoc *doc, uint32_t line)
{
    return (CoreRange){{line, 0}, {line, core_edits_line_len(doc, line)}};
}

/* ---------------------------------------------------------------- diagnostics */

typedef Array(CoreDiag) DiagArray;

static CoreSeverity severity(const CoreOptions *opts, CoreDiagCode code)
{
    int8_t s = opts ? opts->severity[code] : -1;
    return s < 0 ? core_diag_code_default_severity(code) : (CoreSeverity)s;
}

static CoreDiag *add(DiagArray *out, const CoreOptions *opts, CoreDiagCode code, CoreRange range, char *message)
{
    CoreDiag d = {.code = code, .severity = severity(opts, code), .range = range, .message = message};
    array_push(out, d);
    return array_back(out);
}

static void relate(CoreDiag *d, const char *path, CoreRange range, char *message)
{
    d->more = core_xrealloc(d->more, (d->more_count + 1) * sizeof *d->more);
    d->more[d->more_count++] = (CoreRelated){path ? core_xstrndup(path, strlen(path)) : NULL, NULL, range, message};
}

/* "5 minutes", "3 hours", "2 days" */
static void age_text(int64_t seconds, char *buf, size_t cap)
{
    if (seconds < 0)
        seconds = 0;
    int64_t v;
    const char *unit;
    if (seconds < 3600)
        v = seconds / 60, unit = "minute";
    else if (seconds < 2 * 86400)
        v = seconds / 3600, unit = "hour";
    else
        v = seconds / 86400, unit = "day";
    if (seconds < 60)
        snprintf(buf, cap, "less than a minute");
    else
        snprintf(buf, cap, "%lld %s%s", (long long)v, unit, v == 1 ? "" : "s");
}

static int cstr_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* How a changed file stands: edited, staged or untracked (git status shows it), or committed since B. */
static const char *change_kind(const CoreEvidence *ev, const char *path)
{
    bool open = ev->uncommitted_count &&
                bsearch(&path, ev->uncommitted, ev->uncommitted_count, sizeof *ev->uncommitted, cstr_cmp);
    return open ? "uncommitted" : "committed";
}

static void changed_files(const CoreDoc *doc, const CoreEvidence *ev, const CoreOptions *opts, const Places *p,
                          DiagArray *out)
{
    /* Only the first names and related places are spelled out: the rest is a count (no array of thousands). */
    SpanArray spans = {0};
    size_t count = ev->changed_count ? unlisted_spans(doc, &p->scope, ev, &spans) : 0;
    const char *unlisted[MESSAGE_NAMES > RELATED_MAX ? MESSAGE_NAMES : RELATED_MAX];
    unlisted_take(ev, &spans, sizeof unlisted / sizeof unlisted[0], unlisted);
    array_delete(&spans);
    if (count) {
        int32_t at = p->files_modified >= 0 ? p->files_modified : p->files_to_modify >= 0 ? p->files_to_modify
                     : p->scope.files >= 0 ? p->scope.files : p->scope.head >= 0 ? p->scope.head : 0;
        CharBuf names = {0};
        for (size_t i = 0; i < count && i < MESSAGE_NAMES; i++) {
            /* Each name says whether it is committed (since this file's last commit) or not yet. */
            char *name = core_xasprintf("%s%s (%s)", i ? ", " : "", unlisted[i], change_kind(ev, unlisted[i]));
            array_extend(&names, (uint32_t)strlen(name), name);
            free(name);
        }
        array_push(&names, '\0');
        size_t more = count - (count < MESSAGE_NAMES ? count : MESSAGE_NAMES);
        size_t uncounted = ev->changed_total > ev->changed_count ? ev->changed_total - ev->changed_count : 0;
        char tail[96] = "";
        if (more || uncounted)
            snprintf(tail, sizeof tail, " and %zu more%s", more + uncounted,
                     uncounted ? " (too many to check one by one)" : "");
        CoreDiag *d = add(out, opts, CORE_DIAG_UNLISTED_CHANGES, line_range(doc, (uint32_t)at),
                          core_xasprintf("%zu file%s changed since this file was last committed %s listed nowhere: %s%s",
                                            count + uncounted, count + uncounted == 1 ? "" : "s",
                                            count + uncounted == 1 ? "is" : "are", names.contents, tail));
        for (size_t i = 0; i < count && i < RELATED_MAX; i++)
            relate(d, unlisted[i], (CoreRange){{0, 0}, {0, 0}},
                   core_xasprintf("%s changed since the last commit of this file (%s)", unlisted[i],
                                  change_kind(ev, unlisted[i])));
        array_delete(&names);
    }

    if (!ev->has_prev || ev->session_capped)
        return;
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        if (sec.kind != CORE_SECTION_FILES_MODIFIED)
            continue;
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            if (!files_item(&e))
                continue;
            const char *s = core_doc_line(doc, l, NULL);
            Str path = item_path(s, &e);
            if (!path.len || in_sorted(ev->session, ev->session_count, path.s, path.len))
                continue;
            CoreRange r = {{l, (uint32_t)(path.s - s)}, {l, (uint32_t)(path.s - s) + path.len}};
            bool exists = !ev->exists || ev->exists(ev->exists_data, path.s, path.len);
            add(out, opts, CORE_DIAG_UNCHANGED_FILE, r,
                exists ? core_xasprintf("%.*s has not changed in this session (since the update of this file "
                                           "before the last)", (int)path.len, path.s)
                       : core_xasprintf("%.*s does not exist", (int)path.len, path.s));
        }
    }
}

/* Whether the reference s[0, len) was looked up (a reference typed since is neither known nor unknown yet). */
static bool was_queried(const CoreEvidence *ev, const char *s, size_t len)
{
    char key[41];
    for (size_t i = 0; i < len && i < 40; i++)
        key[i] = lower(s[i]);
    key[len < 40 ? len : 40] = '\0';
    size_t lo = 0, hi = ev->queried_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ev->queried[mid], key);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static void commits(const CoreDoc *doc, const CoreEvidence *ev, const CoreOptions *opts, DiagArray *out)
{
    CoreCommitRefList refs;
    core_commit_refs(doc, &refs);
    for (size_t i = 0; i < refs.count; i++) {
        const CoreCommitRef *r = &refs.items[i];
        const char *s = core_doc_line(doc, r->range.start.line, NULL) + r->range.start.col;
        int len = (int)(r->range.end.col - r->range.start.col);
        if (r->kind == CORE_COMMIT_PENDING) {
            add(out, opts, CORE_DIAG_PENDING_COMMIT, r->range,
                core_xasprintf("The commit is still \"%.*s\": put its hash here once it is made", len, s));
        } else if (r->kind == CORE_COMMIT_INVALID) {
            add(out, opts, CORE_DIAG_UNKNOWN_COMMIT, r->range,
                core_xasprintf("%.*s is not a commit hash: a hash has 7 to 40 hexadecimal digits", len, s));
        } else if (ev->commits_known && !ev->shallow && was_queried(ev, s, (size_t)len) &&
                   !core_evidence_commit(ev, s, (size_t)len)) {
            add(out, opts, CORE_DIAG_UNKNOWN_COMMIT, r->range,
                core_xasprintf("No commit %.*s in this repository (or more than one starts so)", len, s));
        }
    }
    core_commit_ref_list_free(&refs);
}

/* The number after s[i] (digits only), advancing *i; -1 when there is none. */
static int64_t number_at(const char *s, uint32_t len, uint32_t *i)
{
    if (*i >= len || s[*i] < '0' || s[*i] > '9')
        return -1;
    int64_t v = 0;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        if (v < 100000000)
            v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return v;
}

static void skip_spaces(const char *s, uint32_t len, uint32_t *i)
{
    while (*i < len && core_word_is_space((unsigned char)s[*i]))
        (*i)++;
}

/* The word at s[*i] (letters), advancing past it. */
static Str word_at(const char *s, uint32_t len, uint32_t *i)
{
    uint32_t a = *i;
    while (*i < len && lower(s[*i]) >= 'a' && lower(s[*i]) <= 'z')
        (*i)++;
    return (Str){s + a, *i - a};
}

/* `45/200 features passing`, `45 of 200 tests passing`, `45 out of 200 passing`: fills x, y and the range. */
static bool count_at(const char *s, uint32_t len, uint32_t start, int64_t *x, int64_t *y, uint32_t *end)
{
    uint32_t i = start;
    if (start > 0 && (is_alnum(s[start - 1]) || s[start - 1] == '/' || s[start - 1] == '.'))
        return false;
    *x = number_at(s, len, &i);
    if (*x < 0)
        return false;
    skip_spaces(s, len, &i);
    if (i < len && s[i] == '/') {
        i++;
    } else {
        Str w = word_at(s, len, &i);
        if (word_is(w.s, w.len, "out")) {
            skip_spaces(s, len, &i);
            w = word_at(s, len, &i);
        }
        if (!word_is(w.s, w.len, "of"))
            return false;
    }
    skip_spaces(s, len, &i);
    *y = number_at(s, len, &i);
    if (*y <= 0)
        return false;
    skip_spaces(s, len, &i);
    Str w = word_at(s, len, &i);
    if (word_is(w.s, w.len, "features") || word_is(w.s, w.len, "feature") || word_is(w.s, w.len, "tests") ||
        word_is(w.s, w.len, "test")) {
        skip_spaces(s, len, &i);
        w = word_at(s, len, &i);
    }
    if (!(word_is(w.s, w.len, "passing") || word_is(w.s, w.len, "pass") || word_is(w.s, w.len, "passed")))
        return false;
    *end = i;
    return true;
}

/* Whether s[a, b) holds `word` as a whole word (ASCII case-insensitive). */
static bool has_word(const char *s, uint32_t a, uint32_t b, const char *word)
{
    for (uint32_t i = a; i < b;) {
        uint32_t j = i;
        Str w = word_at(s, b, &j);
        if (w.len && word_is(w.s, w.len, word))
            return true;
        i = j > i ? j : i + 1;
    }
    return false;
}

static bool says_finished(const char *s, uint32_t a, uint32_t b)
{
    return has_word(s, a, b, "complete") || has_word(s, a, b, "completed") || has_word(s, a, b, "done") ||
           has_word(s, a, b, "finished");
}

/* Whether a next task's value `v` says there is none left: `None`, `Nothing`, `n/a`, "… done". */
static bool says_nothing_next(const CoreDoc *doc, CoreRange v)
{
    const char *s = core_doc_line(doc, v.start.line, NULL);
    uint32_t a = v.start.col, b = v.end.line == v.start.line ? v.end.col : v.start.col;
    while (b > a && (s[b - 1] == '.' || s[b - 1] == '!'))
        b--;
    return word_is(s + a, b - a, "none") || word_is(s + a, b - a, "nothing") || word_is(s + a, b - a, "n/a") ||
           (b > a && says_finished(s, a, b));
}

/*
 * Where the file says the work is complete: `Next task: None` (or "… done"; in a log, its newest entry's next
 * steps), "all features passing/complete" (in a log, in its newest entry: an older one spoke of its own day).
 */
static bool completion_claim(const CoreDoc *doc, const Places *p, CoreRange *where)
{
    if (p->has_next_task && says_nothing_next(doc, p->next_task.value)) {
        CoreRange v = p->next_task.value;
        *where = v.end.col > v.start.col ? v : p->next_task.content;
        return true;
    }
    if (p->scope.next.has && says_nothing_next(doc, p->scope.next.value)) {
        *where = p->scope.next.value;
        return true;
    }
    for (uint32_t l = p->scope.first; l < p->scope.end; l++) {
        size_t len;
        const char *s = core_doc_line(doc, l, &len);
        uint32_t b = (uint32_t)len;
        bool all = has_word(s, 0, b, "all") && (has_word(s, 0, b, "features") || has_word(s, 0, b, "tasks") ||
                                                has_word(s, 0, b, "tests"));
        if (all && (says_finished(s, 0, b) || has_word(s, 0, b, "passing") || has_word(s, 0, b, "pass"))) {
            CoreEntry e;
            core_doc_entry(doc, l, &e);
            *where = e.content;
            return true;
        }
    }
    return false;
}

static CoreRange head_range(const CoreDoc *doc, const Places *p)
{
    return line_range(doc, p->session >= 0 ? (uint32_t)p->session : p->scope.head >= 0 ? (uint32_t)p->scope.head : 0);
}

static void features(const CoreDoc *doc, const CoreEvidence *ev, const CoreOptions *opts, const Places *p,
                     DiagArray *out)
{
    const char *json = ev->feature_path ? ev->feature_path : "feature_list.json";
    if (ev->feature_state == CORE_FEATURES_MALFORMED) {
        CoreDiag *d = add(out, opts, CORE_DIAG_INVALID_FEATURE_LIST, head_range(doc, p),
                          core_xasprintf("%s cannot be checked: %s (line %u)", json,
                                            ev->feature_error ? ev->feature_error : "not valid",
                                            ev->feature_error_line + 1));
        relate(d, json, (CoreRange){{ev->feature_error_line, 0}, {ev->feature_error_line, 0}},
               core_xasprintf("%s", ev->feature_error ? ev->feature_error : "not valid"));
        return;
    }
    /* In a log, the newest entry's counts: an older entry's were true on its own day. */
    for (uint32_t l = p->scope.first; l < p->scope.end; l++) {
        size_t len;
        const char *s = core_doc_line(doc, l, &len);
        for (uint32_t i = 0; i < len; i++) {
            int64_t x, y;
            uint32_t end;
            if (s[i] < '0' || s[i] > '9' || !count_at(s, (uint32_t)len, i, &x, &y, &end))
                continue;
            if (x != ev->feature_passing || y != ev->feature_total) {
                CoreDiag *d = add(out, opts, CORE_DIAG_FEATURE_COUNT, (CoreRange){{l, i}, {l, end}},
                                  core_xasprintf("The file says %lld of %lld pass; %s has %u of %u passing",
                                                    (long long)x, (long long)y, json, ev->feature_passing,
                                                    ev->feature_total));
                relate(d, json, (CoreRange){{0, 0}, {0, 0}},
                       core_xasprintf("%u of %u entries have \"passes\": true", ev->feature_passing,
                                         ev->feature_total));
            }
            i = end;
        }
    }
    CoreRange where;
    if (ev->feature_passing < ev->feature_total && completion_claim(doc, p, &where)) {
        CoreDiag *d = add(out, opts, CORE_DIAG_CLAIMS_COMPLETE, where,
                          core_xasprintf("The file says the work is complete, but %u of %u features in %s "
                                            "still fail", ev->feature_total - ev->feature_passing,
                                            ev->feature_total, json));
        relate(d, json, (CoreRange){{0, 0}, {0, 0}},
               core_xasprintf("%u entries have \"passes\": false", ev->feature_total - ev->feature_passing));
    }
}

/* ---------------------------------------------------------------- Ralph: prd.json and the append-only log */

enum {
    REWRITE_DIAGS_MAX = 50, /* rewritten lines warned one by one; the rest are summed up in one more */
    QUOTE_MAX = 80,         /* bytes of a committed line quoted in a message */
};

const CoreStory *core_evidence_story(const CoreEvidence *ev, const char *id, size_t len)
{
    for (size_t i = 0; ev && i < ev->story_count; i++)
        if (strlen(ev->story_list[i].id) == len && memcmp(ev->story_list[i].id, id, len) == 0)
            return &ev->story_list[i];
    return NULL;
}

/* A story id's characters: `US-001`, `story_12`, `PRD.3`. */
static bool id_char(char c)
{
    return is_alnum(c) || c == '-' || c == '_' || c == '.';
}

const CoreStory *core_evidence_story_at(const CoreDoc *doc, const CoreEvidence *ev, CorePos pos, CoreRange *range)
{
    size_t len;
    const char *s = core_doc_line(doc, pos.line, &len);
    if (!s || !ev || !ev->story_count || pos.col > len)
        return NULL;
    uint32_t a = pos.col, b = pos.col;
    while (a > 0 && id_char(s[a - 1]))
        a--;
    while (b < len && id_char(s[b]))
        b++;
    while (b > a && (s[b - 1] == '.' || s[b - 1] == '-' || s[b - 1] == '_'))
        b--; /* `US-001.` at a sentence's end */
    const CoreStory *st = b > a ? core_evidence_story(ev, s + a, b - a) : NULL;
    if (st)
        *range = (CoreRange){{pos.line, a}, {pos.line, b}};
    return st;
}

/* Whether s[0, len) holds `id` as a whole word (not inside a longer id). */
static bool names_id(const char *s, size_t len, const char *id, size_t id_len)
{
    for (size_t i = 0; id_len && i + id_len <= len; i++) {
        const char *hit = memchr(s + i, id[0], len - i - id_len + 1);
        if (!hit)
            return false;
        i = (size_t)(hit - s);
        if (memcmp(hit, id, id_len) == 0 && (i == 0 || !id_char(s[i - 1])) &&
            (i + id_len == len || !id_char(s[i + id_len]) ||
             (s[i + id_len] == '.' && (i + id_len + 1 == len || !id_char(s[i + id_len + 1])))))
            return true;
    }
    return false;
}

/* The titles of the log's blocks (headings and entry titles), read once per pass: where an entry names its story. */
typedef struct {
    Str title;
    uint32_t line;
    bool is_entry, patterns;
    CoreRange story;  /* the model's story id of the title; empty when none */
} Title;

typedef Array(Title) TitleArray;

static void titles_read(const CoreDoc *doc, TitleArray *out)
{
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreBlock b;
        if (core_doc_block(doc, i, &b) != 0)
            continue;
        const char *s = core_doc_line(doc, b.line, NULL);
        Title t = {{s + b.title.start.col, b.title.end.col - b.title.start.col}, b.line, b.is_entry,
                   b.label == CORE_LABEL_PATTERNS, b.has_story ? b.story : (CoreRange){{0, 0}, {0, 0}}};
        array_push(out, t);
    }
}

/* Whether an entry's title names the story `id` (`## 2026-01-05 10:00 - US-002`, or several ids). */
static bool entry_naming(const TitleArray *titles, const char *id)
{
    size_t id_len = strlen(id);
    for (uint32_t i = 0; i < titles->size; i++)
        if (titles->contents[i].is_entry && names_id(titles->contents[i].title.s, titles->contents[i].title.len, id, id_len))
            return true;
    return false;
}

/* The shape of a story id: its letters before the first `-` or `_` (`US` of `US-001`), or an empty span. */
static Str id_prefix(const char *id, size_t len)
{
    size_t i = 0;
    while (i < len && ((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= 'a' && id[i] <= 'z')))
        i++;
    return i && i < len && (id[i] == '-' || id[i] == '_') && i + 1 < len && id[i + 1] >= '0' && id[i + 1] <= '9'
               ? (Str){id, (uint32_t)i + 1} : (Str){id, 0};
}

/* Entries naming a story id shaped as prd.json's (`US-` and digits) that prd.json does not have. */
static void unknown_stories(const CoreDoc *doc, const TitleArray *titles, const CoreEvidence *ev,
                            const CoreOptions *opts, DiagArray *out)
{
    for (uint32_t i = 0; i < titles->size; i++) {
        const Title *t = &titles->contents[i];
        if (!t->is_entry || t->story.end.col == t->story.start.col)
            continue;
        const char *id = core_doc_line(doc, t->line, NULL) + t->story.start.col;
        size_t len = t->story.end.col - t->story.start.col;
        Str pre = id_prefix(id, len);
        bool shaped = false;
        for (size_t k = 0; pre.len && k < ev->story_count && !shaped; k++) {
            Str sp = id_prefix(ev->story_list[k].id, strlen(ev->story_list[k].id));
            shaped = sp.len == pre.len && memcmp(sp.s, pre.s, pre.len) == 0;
        }
        if (!shaped || core_evidence_story(ev, id, len))
            continue;
        const char *json = ev->prd_path ? ev->prd_path : "prd.json";
        CoreDiag *d = add(out, opts, CORE_DIAG_UNKNOWN_STORY, t->story,
                          core_xasprintf("%s has no story %.*s", json, (int)len, id));
        relate(d, json, (CoreRange){{0, 0}, {0, 0}},
               core_xasprintf("%zu stories, none with the id %.*s", ev->story_count, (int)len, id));
    }
}

/* `## Codebase Patterns` below an entry: Ralph's prompt keeps it at the top, where each iteration reads it first. */
static void patterns_place(const CoreDoc *doc, const TitleArray *titles, const CoreOptions *opts, DiagArray *out)
{
    uint32_t entries = 0;
    for (uint32_t i = 0; i < titles->size; i++) {
        const Title *t = &titles->contents[i];
        if (t->patterns) {
            if (entries)
                add(out, opts, CORE_DIAG_PATTERNS_NOT_FIRST, line_range(doc, t->line),
                    core_xasprintf("Codebase Patterns comes after %u entr%s: keep it at the top, where every "
                                   "iteration reads it first", entries, entries == 1 ? "y" : "ies"));
            return;
        }
        entries += t->is_entry;
    }
}

/* A committed line quoted in a message: at most QUOTE_MAX bytes, never cut inside a UTF-8 character. */
static char *quote(const char *s, size_t len)
{
    if (len <= QUOTE_MAX)
        return core_xasprintf("\"%.*s\"", (int)len, s);
    size_t cut = QUOTE_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return core_xasprintf("\"%.*s\xe2\x80\xa6\"", (int)cut, s);
}

/* The `k`-th line (0-based) of `text`, as core_log_rewrites splits it. */
static Str base_line(const char *text, size_t len, uint32_t k)
{
    size_t a = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n' && text[i] != '\r')
            continue;
        if (k-- == 0)
            return (Str){text + a, (uint32_t)(i - a)};
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
        a = i + 1;
    }
    return k == 0 && a < len ? (Str){text + a, (uint32_t)(len - a)} : (Str){text, 0};
}

static void rewrites(const CoreDoc *doc, const CoreEvidence *ev, const CoreOptions *opts, DiagArray *out)
{
    CoreRewriteList rw;
    core_log_rewrites(ev->head_text, ev->head_len, doc, &rw);
    uint32_t said = 0, unsaid = 0, n = core_doc_line_count(doc);
    for (size_t i = 0; i < rw.count; i++) {
        const CoreRewrite *r = &rw.items[i];
        uint32_t changed = r->count < r->old_count ? r->count : r->old_count;
        for (uint32_t k = 0; k < changed; k++) {
            if (said >= REWRITE_DIAGS_MAX) {
                unsaid++;
                continue;
            }
            Str old = base_line(ev->head_text, ev->head_len, r->old_line + k);
            char *q = quote(old.s, old.len);
            CoreDiag *d = add(out, opts, CORE_DIAG_LOG_REWRITTEN, line_range(doc, r->line + k),
                              core_xasprintf("This log is append-only: line %u was changed since the last commit "
                                             "(HEAD has %s); add new lines after it instead", r->old_line + k + 1, q));
            relate(d, NULL, line_range(doc, r->line + k), core_xasprintf("HEAD: %s", q));
            free(q);
            said++;
        }
        if (r->old_count > changed) {
            uint32_t gone = r->old_count - changed;
            if (said >= REWRITE_DIAGS_MAX) {
                unsaid += gone;
                continue;
            }
            uint32_t at = r->line + changed < n ? r->line + changed : n - 1;
            Str old = base_line(ev->head_text, ev->head_len, r->old_line + changed);
            char *q = quote(old.s, old.len);
            add(out, opts, CORE_DIAG_LOG_REWRITTEN, line_range(doc, at),
                core_xasprintf("This log is append-only: %u committed line%s removed here (HEAD's line %u: %s)",
                               gone, gone == 1 ? " was" : "s were", r->old_line + changed + 1, q));
            free(q);
            said++;
        }
    }
    if (unsaid)
        add(out, opts, CORE_DIAG_LOG_REWRITTEN, line_range(doc, 0),
            core_xasprintf("This log is append-only: %u more committed line%s changed or removed", unsaid,
                           unsaid == 1 ? " was" : "s were"));
    core_rewrite_list_free(&rw);
}

static void stories(const CoreDoc *doc, const CoreEvidence *ev, const CoreOptions *opts, DiagArray *out)
{
    const char *json = ev->prd_path ? ev->prd_path : "prd.json";
    CoreRange top = line_range(doc, 0);
    if (ev->prd_state == CORE_FEATURES_MALFORMED) {
        CoreDiag *d = add(out, opts, CORE_DIAG_INVALID_PRD, top,
                          core_xasprintf("%s cannot be checked: %s (line %u)", json,
                                         ev->prd_error ? ev->prd_error : "not valid", ev->prd_error_line + 1));
        relate(d, json, (CoreRange){{ev->prd_error_line, 0}, {ev->prd_error_line, 0}},
               core_xasprintf("%s", ev->prd_error ? ev->prd_error : "not valid"));
        return;
    }
    TitleArray titles = {0};
    titles_read(doc, &titles);
    for (size_t i = 0; i < ev->story_count; i++) {
        const CoreStory *st = &ev->story_list[i];
        /* Before git has said which commits name it, a story is not called unproven. */
        if (!st->passes || !ev->subjects_known || entry_naming(&titles, st->id))
            continue;
        bool committed = false;
        for (size_t k = 0; k < ev->subject_count && !committed; k++)
            committed = names_id(ev->subjects[k], strlen(ev->subjects[k]), st->id, strlen(st->id));
        if (committed)
            continue;
        CoreDiag *d = add(out, opts, CORE_DIAG_STORY_WITHOUT_EVIDENCE, top,
                          core_xasprintf("%s marks %s (%s) as passing, but no entry of this log and no commit "
                                         "names it", json, st->id, st->title ? st->title : ""));
        relate(d, json, (CoreRange){{st->line, 0}, {st->line, 0}},
               core_xasprintf("%s: \"passes\": true", st->id));
    }
    unknown_stories(doc, &titles, ev, opts, out);
    if (ev->git && ev->branch && ev->prd_branch && *ev->prd_branch && strcmp(ev->branch, ev->prd_branch) != 0) {
        CoreDiag *d = add(out, opts, CORE_DIAG_BRANCH_MISMATCH, top,
                          core_xasprintf("%s is for the branch %s, but %s is checked out", json, ev->prd_branch,
                                         ev->branch));
        relate(d, json, (CoreRange){{0, 0}, {0, 0}}, core_xasprintf("\"branchName\": \"%s\"", ev->prd_branch));
    }
    patterns_place(doc, &titles, opts, out);
    array_delete(&titles);
}

int core_evidence_diagnose(const CoreDoc *doc, const CoreEvidence *ev, const CoreOptions *opts, CoreDiagList *list)
{
    if (!ev)
        return 0;
    DiagArray out = {list->items, (uint32_t)list->count, (uint32_t)list->count};
    bool changed = ev->git && ev->changed_files && ev->has_base;
    bool stale = ev->git && ev->staleness && ev->has_base && ev->commits_after;
    bool feats = ev->features && ev->feature_state != CORE_FEATURES_NONE;
    bool off = ev->git_off && (ev->changed_files || ev->commits || ev->staleness);
    /* The places read the newest entry's state from every entry's title: only for a check that uses them (this
       runs with every push, a keystroke's included). */
    Places p;
    if (changed || stale || feats || off)
        places_find(doc, ev->entry_keys, &p);
    if (changed)
        changed_files(doc, ev, opts, &p, &out);
    if (ev->git && ev->commits)
        commits(doc, ev, opts, &out);
    if (stale) {
        char age[48];
        age_text(ev->now - ev->first_after_time, age, sizeof age);
        add(&out, opts, CORE_DIAG_STALE_PROGRESS, head_range(doc, &p),
            core_xasprintf("%u commit%s since this file was last committed (the first %s ago): update it",
                              ev->commits_after, ev->commits_after == 1 ? "" : "s", age));
    }
    if (feats)
        features(doc, ev, opts, &p, &out);
    /* A prd.json beside the file, or the log's own shape, makes it Ralph's: its stories and its append-only rule. */
    if (ev->stories && ev->prd_state != CORE_FEATURES_NONE)
        stories(doc, ev, opts, &out);
    if (ev->append_only && ev->git && ev->has_head_text &&
        (ev->prd_state != CORE_FEATURES_NONE || core_doc_dialect(doc) == CORE_DIALECT_RALPH))
        rewrites(doc, ev, opts, &out);
    if (off)
        add(&out, opts, CORE_DIAG_GIT_OFF, head_range(doc, &p),
            core_xasprintf("no git evidence: git is not run in this repository because %s", ev->git_off));
    list->items = out.contents;
    list->count = out.size;
    return 0;
}

/* ---------------------------------------------------------------- inlay hints */

typedef struct {
    uint32_t open, done;
    Array(uint32_t) done_lines; /* Files To Modify items marked done */
} Counts;

static void section_counts(const CoreDoc *doc, const CoreSection *sec, Counts *c)
{
    for (uint32_t l = sec->header_line + 1; l < sec->end_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (!files_item(&e) || e.status == CORE_STATUS_DROPPED) /* dropped: neither to do nor done */
            continue;
        if (item_done(&e)) {
            c->done++;
            if (e.section_kind == CORE_SECTION_FILES_TO_MODIFY)
                array_push(&c->done_lines, l);
        } else {
            c->open++;
        }
    }
}

typedef Array(CoreInlayHint) HintArray;

static void hint(HintArray *out, CorePos pos, char *label)
{
    array_push(out, ((CoreInlayHint){pos, label}));
}

int core_inlay_hints(const CoreDoc *doc, const CoreEvidence *ev, uint32_t first_line, uint32_t last_line,
                     CoreInlayHintList *out)
{
    HintArray hints = {0};
    uint32_t n = core_doc_line_count(doc);
    if (last_line >= n)
        last_line = n - 1;
    bool git = ev && ev->git;
    for (uint32_t l = first_line; l <= last_line; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (e.kind == CORE_ENTRY_HEADER && (e.section_kind == CORE_SECTION_FILES_MODIFIED ||
                                            e.section_kind == CORE_SECTION_FILES_TO_MODIFY)) {
            CoreSection sec;
            core_doc_section(doc, (uint32_t)e.section, &sec);
            Counts c = {0};
            section_counts(doc, &sec, &c);
            array_delete(&c.done_lines);
            hint(&hints, e.content.end, core_xasprintf("%u open \xc2\xb7 %u done", c.open, c.done));
        } else if (e.kind == CORE_ENTRY_FIELD && e.field == CORE_FIELD_CURRENT_PHASE && e.has_phase &&
                   e.phase_y > 0 && e.phase_x <= e.phase_y) {
            hint(&hints, e.value.end, core_xasprintf("%u%%", (unsigned)((uint64_t)e.phase_x * 100 / e.phase_y)));
        } else if (e.kind == CORE_ENTRY_FIELD && e.field == CORE_FIELD_LAST_COMPLETED && git && ev->has_base &&
                   e.value.end.col > e.value.start.col) {
            char age[48];
            age_text(ev->now - ev->base_time, age, sizeof age);
            hint(&hints, e.value.end, core_xasprintf("%s ago", age));
        }
        if (!git || !ev->commits_known)
            continue;
        RefArray refs = {0};
        line_refs(doc, l, &refs);
        for (uint32_t i = 0; i < refs.size; i++) {
            const CoreCommitRef *r = &refs.contents[i];
            const CoreCommit *c = r->kind != CORE_COMMIT_HASH ? NULL
                : core_evidence_commit(ev, core_doc_line(doc, l, NULL) + r->range.start.col,
                                       r->range.end.col - r->range.start.col);
            if (!c || !c->subject)
                continue;
            size_t sl = strlen(c->subject);
            if (sl <= SUBJECT_MAX) {
                hint(&hints, r->range.end, core_xasprintf("%s", c->subject));
            } else {
                size_t cut = SUBJECT_MAX;
                while (cut > 0 && ((unsigned char)c->subject[cut] & 0xC0) == 0x80)
                    cut--; /* not inside a UTF-8 character */
                hint(&hints, r->range.end, core_xasprintf("%.*s\xe2\x80\xa6", (int)cut, c->subject));
            }
        }
        array_delete(&refs);
    }
    out->items = hints.contents;
    out->count = hints.size;
    return 0;
}

static void inlay_hint_free(void *item)
{
    CoreInlayHint *h = item;
    free(h->label);
}

void core_inlay_hint_list_free(CoreInlayHintList *list)
{
    core_list_free(list, inlay_hint_free);
}

/* ---------------------------------------------------------------- lenses */

static char *move_done_title(uint32_t done)
{
    return core_xasprintf("Move the %u done file%s to Files Modified", done, done == 1 ? "" : "s");
}

int core_lenses(const CoreDoc *doc, CoreLensList *out)
{
    Array(CoreLens) lenses = {0};
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        if (sec.kind != CORE_SECTION_FILES_TO_MODIFY)
            continue;
        Counts c = {0};
        section_counts(doc, &sec, &c);
        array_delete(&c.done_lines);
        CoreLens lens = {.range = sec.header};
        if (c.done) {
            lens.title = core_xasprintf("%u to do \xc2\xb7 move the done ones", c.open);
            lens.action = move_done_title(c.done);
        } else {
            lens.title = c.open ? core_xasprintf("%u to do", c.open) : core_xasprintf("nothing to do");
        }
        array_push(&lenses, lens);
    }
    out->items = lenses.contents;
    out->count = lenses.size;
    return 0;
}

static void lens_free(void *item)
{
    CoreLens *lens = item;
    free(lens->title);
    free(lens->action);
}

void core_lens_list_free(CoreLensList *list)
{
    core_list_free(list, lens_free);
}

/* ---------------------------------------------------------------- actions */

/* The done-marked Files To Modify items of every such section, ascending. */
static void done_items(const CoreDoc *doc, LineArray *out)
{
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        if (sec.kind != CORE_SECTION_FILES_TO_MODIFY)
            continue;
        Counts c = {0};
        section_counts(doc, &sec, &c);
        for (uint32_t k = 0; k < c.done_lines.size; k++)
            array_push(out, c.done_lines.contents[k]);
        array_delete(&c.done_lines);
    }
}

/* Whether the Next task value names a task (not empty, not `None`). */
static bool has_task(const CoreDoc *doc, const Places *p)
{
    if (!p->has_next_task || p->next_task.value.end.col == p->next_task.value.start.col)
        return false;
    const char *s = core_doc_line(doc, p->next_task.line, NULL);
    CoreRange v = p->next_task.value;
    return !word_is(s + v.start.col, v.end.col - v.start.col, "none") && !p->next_task.has_placeholder;
}

static void finish_task(const CoreDoc *doc, const Places *p, uint32_t first, uint32_t last, CoreActionArray *out)
{
    if (!has_task(doc, p))
        return;
    const char *eol = core_edits_eol(doc);
    CoreEditArray edits = {0};
    const char *ns = core_doc_line(doc, p->next_task.line, NULL);
    CoreRange nv = p->next_task.value;
    const char *task = ns + nv.start.col;
    int task_len = (int)(nv.end.col - nv.start.col);
    if (p->has_last_completed) {
        const CoreEntry *lc = &p->last_completed;
        if (lc->value.end.col > lc->value.start.col) {
            core_edits_add(&edits, lc->value, task, (size_t)task_len);
        } else {
            uint32_t end = core_edits_line_len(doc, lc->line);
            bool colon = end > 0 && core_doc_line(doc, lc->line, NULL)[end - 1] == ':';
            char *text = core_xasprintf("%s%.*s", colon ? " " : "", task_len, task);
            core_edits_add(&edits, (CoreRange){{lc->line, end}, {lc->line, end}}, text, strlen(text));
            free(text);
        }
    } else {
        char *text = core_xasprintf("Last completed: %.*s%s", task_len, task, eol);
        CorePos at = {p->next_task.line, p->next_task.content.start.col};
        core_edits_add(&edits, (CoreRange){at, at}, text, strlen(text));
        free(text);
    }
    /* The task goes with the spaces before it: `Next task:` is left with no trailing space. */
    CoreRange gone = nv;
    while (gone.start.col > 0 && ns[gone.start.col - 1] == ' ')
        gone.start.col--;
    core_edits_add(&edits, gone, "", 0);
    if (p->has_phase && p->phase.has_phase && p->phase.phase_x < p->phase.phase_y) {
        const char *s = core_doc_line(doc, p->phase.line, NULL);
        uint32_t a = p->phase.value.start.col, b;
        while (a < p->phase.value.end.col && (s[a] < '0' || s[a] > '9'))
            a++;
        for (b = a; b < p->phase.value.end.col && s[b] >= '0' && s[b] <= '9'; b++)
            ;
        char num[16];
        snprintf(num, sizeof num, "%u", p->phase.phase_x + 1);
        core_edits_add(&edits, (CoreRange){{p->phase.line, a}, {p->phase.line, b}}, num, strlen(num));
        /* The label named the phase just finished (`2 of 4 (Build)`): it goes, with the space before it. */
        CoreRange label = p->phase.phase_label;
        if (label.end.col > label.start.col) {
            uint32_t la = label.start.col, lb = label.end.col;
            while (la > b && s[la - 1] != '(')
                la--;
            if (la > b && s[la - 1] == '(')
                la--;
            while (lb < core_edits_line_len(doc, p->phase.line) && s[lb] == ')')
                lb++;
            while (la > b && s[la - 1] == ' ')
                la--;
            core_edits_add(&edits, (CoreRange){{p->phase.line, la}, {p->phase.line, lb}}, "", 0);
        }
    }
    /* The selected Files To Modify items when the selection holds some, else the done-marked ones. */
    LineArray moved = {0};
    for (uint32_t l = first; l <= last; l++) {
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        if (files_item(&e) && e.section_kind == CORE_SECTION_FILES_TO_MODIFY)
            array_push(&moved, l);
    }
    if (!moved.size)
        done_items(doc, &moved);
    if (moved.size)
        core_moves_edits(doc, moved.contents, moved.size, CORE_SECTION_FILES_MODIFIED, &edits);
    array_delete(&moved);
    core_edits_push_action_take(out, core_xasprintf("Finish the task"), false, -1, &edits);
}

int core_evidence_actions(const CoreDoc *doc, const CoreEvidence *ev, uint32_t first_line, uint32_t last_line,
                          CoreActionList *out)
{
    CoreActionArray list = {out->items, (uint32_t)out->count, (uint32_t)out->count};
    core_edits_line_span(doc, &first_line, &last_line); /* a span past the end reads as the last line */
    Places p;
    places_find(doc, ev ? ev->entry_keys : NULL, &p);
    finish_task(doc, &p, first_line, last_line, &list);

    LineArray done = {0};
    done_items(doc, &done);
    if (done.size) {
        CoreEditArray edits = {0};
        core_moves_edits(doc, done.contents, done.size, CORE_SECTION_FILES_MODIFIED, &edits);
        core_edits_push_action_take(&list, move_done_title(done.size), false, -1, &edits);
    }
    array_delete(&done);

    size_t count;
    const char **unlisted = ev && ev->changed_files ? core_evidence_unlisted(doc, ev, &count) : NULL;
    if (unlisted && count <= ADD_ACTION_MAX) {
        CoreEditArray edits = {0};
        core_moves_add_paths(doc, CORE_SECTION_FILES_MODIFIED, unlisted, count, &edits);
        core_edits_push_action_take(&list,
                         core_xasprintf("Add the %zu changed file%s to Files Modified", count, count == 1 ? "" : "s"),
                         false, -1, &edits);
    }
    free(unlisted);
    core_edits_drop_repeats(&list); /* one action per move, however many ways lead to it */
    out->items = list.contents;
    out->count = list.size;
    return 0;
}
