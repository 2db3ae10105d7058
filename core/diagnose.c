/* diagnose.c — validates a document against the progress.txt format: one pass over the lines, hash sets for duplicates. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "model.h"
#include "names.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "progress/log.h"
#include "progress/tokens.h" /* core_doc_line_stamp */

/* Quoted text in messages is cut here (at a character boundary) so a 10 kB line gives a readable message. */
enum { QUOTE_MAX = 60 };

typedef struct {
    CoreDiag diag;
    uint32_t seq; /* emission order: keeps the sort stable */
} Pending;

/* A list item's body or a path, remembered for the duplicate checks: the bytes line[start, end) and their hash. */
typedef struct {
    uint32_t hash;
    uint32_t line;
    uint32_t start, end;
} Key;

typedef Array(Key) Keys;
typedef Array(CoreRange) Ranges;

/*
 * What one line of a list section gave its pass (check_section_lines), for the next pass over the section: the
 * same while the line has the same stamp (its bytes, role and fence) in a section of the same kind, as an entry
 * reads nothing else. Kept only for a line that gave no finding and no path, which is most lines.
 */
typedef struct {
    uint32_t stamp;           /* the line's when read; 0: nothing kept */
    uint8_t kind;             /* CoreEntryKind */
    bool keyed;               /* an item whose key for the duplicate check is hash [start, end) */
    uint32_t hash, start, end; /* that key, or a None's text */
} LineKept;

/*
 * What one section's lines produced, kept for the next pass: reused while the section keeps its place and its
 * lines. Its lines are the same line objects, unedited, when the first and the last have the stamps they had and
 * none has a higher stamp than the highest then: stamps are unique and only grow, an edited or re-classified line
 * gets a new one, and lines keep their order, so nothing else fits between those two.
 */
typedef struct {
    bool valid;
    uint8_t kind;             /* CoreSectionKind */
    bool session_state;       /* the document's Session State: its missing fields are reported with it */
    uint32_t header_line, end_line;
    uint32_t first_stamp, last_stamp, max_stamp;
    Array(CoreDiag) diags;    /* owned copies, in emission order */
    Keys paths;               /* Files Modified / To Modify: every path of its items, for the check between them */
} Kept;

/* What a file-too-long finding says and where: the same key, the same finding (the options aside). Where: the
   content of line `line`, the same while the line has the same stamp. */
typedef struct {
    uint32_t lines, max;
    size_t tokens;
    bool log;
    uint32_t line, stamp;
} LengthKey;

struct CoreDiagCache {
    bool has_opts;            /* the options the kept findings were made with */
    CoreOptions opts;
    uint8_t dialect;          /* CoreDialect the kept findings were made in */
    Array(Kept) sections;     /* by section index */
    /* The last pass that ran to the end: every section's Kept entry held then (see unchanged_but) */
    bool whole;
    uint32_t stamp;           /* core_doc_last_stamp then */
    uint32_t lines;           /* core_doc_line_count then */
    int32_t session_state;    /* the Session State's index then, or -1 */
    Array(uint32_t) listed;   /* then: the sections with findings, ascending (a keystroke's pass visits only these) */
    CoreDiag length;          /* the last file-too-long finding (message NULL: none), made of length_key */
    LengthKey length_key;
    /* The lines of the last section read, by line from its header line (one section's: a keystroke's pass reads
       one, and every line's would cost about half the text again) */
    Array(LineKept) line_kept;
    uint8_t line_kept_kind;   /* the CoreSectionKind they were read in */
    uint32_t lines_read;      /* by the last pass: its entries parsed */
};

typedef struct {
    const CoreDoc *doc;
    const CoreOptions *opts;
    bool log;                /* a markdown, Ralph or plain log: none of the template's shape findings */
    CoreDiagCache *cache;    /* the caller's, or one for this pass alone */
    Array(Pending) out;
    Keys items;              /* the current list section's non-empty item bodies */
    Keys *paths;             /* where the current section's paths go (its Kept entry's) */
    Array(const Key *) slots; /* the hash set over one of those, reused: NULL = empty */
    bool (*stop)(void *data); /* core_diagnose_until: asked every STOP_EVERY lines; NULL = never */
    void *stop_data;
    uint32_t lines;          /* lines looked at, for the stop question */
    bool stopped;
} Ctx;

/* Lines between two stop questions: a question is a syscall in the server (~1 µs), 256 lines ~35 µs of work, so a
   client that sends while a pass runs waits at most that long for it to give up. */
enum { STOP_EVERY = 256 };

/* Called once per line of the long loops: whether the caller asked to give up (asked every STOP_EVERY lines). */
static bool stopping(Ctx *c)
{
    if (c->stop && !c->stopped && ++c->lines % STOP_EVERY == 0)
        c->stopped = c->stop(c->stop_data);
    return c->stopped;
}

/* Line `line`'s entry (in range), counted in the cache's lines_read. */
static void read_entry(Ctx *c, uint32_t line, CoreEntry *e)
{
    c->cache->lines_read++;
    core_doc_entry(c->doc, line, e);
}

static CoreSeverity severity_of(const Ctx *c, CoreDiagCode code)
{
    int s = c->opts ? c->opts->severity[code] : -1;
    return s >= CORE_SEV_OFF && s <= CORE_SEV_HINT ? (CoreSeverity)s : core_diag_code_default_severity(code);
}

static CoreDiag *emit(Ctx *c, CoreDiagCode code, CoreRange range, const char *suggestion, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void relate(CoreDiag *d, CoreRange related, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Adds a diagnostic unless its code is turned off; returns it for `related` to be set, or NULL. */
static CoreDiag *emit(Ctx *c, CoreDiagCode code, CoreRange range, const char *suggestion, const char *fmt, ...)
{
    CoreSeverity sev = severity_of(c, code);
    if (sev == CORE_SEV_OFF)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    Pending p = {.diag = {.code = code, .severity = sev, .range = range, .message = core_xvasprintf(fmt, ap),
                          .suggestion = suggestion},
                 .seq = c->out.size};
    va_end(ap);
    array_push(&c->out, p);
    return &array_back(&c->out)->diag;
}

static void relate(CoreDiag *d, CoreRange related, const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->has_related = true;
    d->related = related;
    d->related_message = core_xvasprintf(fmt, ap);
    va_end(ap);
}

/* The bytes of `r` (a single-line range) cut to QUOTE_MAX at a UTF-8 boundary; *more says whether text was cut. */
static const char *span(const Ctx *c, CoreRange r, int *len, const char **more)
{
    const char *s = core_doc_line(c->doc, r.start.line, NULL) + r.start.col;
    uint32_t n = r.end.col - r.start.col;
    *more = "";
    if (n > QUOTE_MAX) {
        n = QUOTE_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        *more = "…";
    }
    *len = (int)n;
    return s;
}

static CoreRange line_range(uint32_t line, uint32_t start, uint32_t end)
{
    return (CoreRange){{line, start}, {line, end}};
}

/* The entry (static string) of `names` closest to the text of `r`, or NULL. */
static const char *closest(const Ctx *c, const char *const *names, int count, CoreRange r)
{
    const char *s = core_doc_line(c->doc, r.start.line, NULL) + r.start.col;
    int i = core_names_closest(names, count, s, r.end.col - r.start.col);
    return i < 0 ? NULL : names[i];
}

static const char *closest_section(const Ctx *c, CoreRange r)
{
    const char *names[CORE_SECTION_KIND_COUNT];
    for (int k = 0; k < CORE_SECTION_KIND_COUNT; k++)
        names[k] = core_section_name((CoreSectionKind)k);
    return closest(c, names, CORE_SECTION_KIND_COUNT, r);
}

/* ---------------------------------------------------------------- headers */

static void check_malformed(Ctx *c, const CoreEntry *e)
{
    const char *sug = closest_section(c, e->text);
    int n;
    const char *more, *s = span(c, e->content, &n, &more);
    if (sug)
        emit(c, CORE_DIAG_MALFORMED_HEADER, e->content, sug,
             "malformed section header \"%.*s%s\"; did you mean \"=== %s ===\"?", n, s, more, sug);
    else
        emit(c, CORE_DIAG_MALFORMED_HEADER, e->content, NULL,
             "malformed section header \"%.*s%s\"; a header is \"=== Name ===\" with three '=' on each side", n, s,
             more);
}

static void check_sections(Ctx *c, int32_t *session_state)
{
    int32_t first[CORE_SECTION_KIND_COUNT];
    for (int k = 0; k < CORE_SECTION_KIND_COUNT; k++)
        first[k] = -1;
    uint32_t n = core_doc_section_count(c->doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec, prev;
        core_doc_section(c->doc, i, &sec);
        int len;
        const char *more, *s = span(c, sec.name, &len, &more);
        if (sec.kind == CORE_SECTION_UNKNOWN) {
            const char *sug = closest_section(c, sec.name);
            if (sug)
                emit(c, CORE_DIAG_UNKNOWN_SECTION, sec.name, sug, "unknown section \"%.*s%s\"; did you mean \"%s\"?",
                     len, s, more, sug);
            else
                emit(c, CORE_DIAG_UNKNOWN_SECTION, sec.name, NULL,
                     "unknown section \"%.*s%s\"; the known sections are Session State, Key Decisions, Files "
                     "Modified, Files To Modify, Interfaces Defined, Known Issues and Notes",
                     len, s, more);
        } else if (first[sec.kind] >= 0) {
            core_doc_section(c->doc, (uint32_t)first[sec.kind], &prev);
            CoreDiag *d = emit(c, CORE_DIAG_DUPLICATE_SECTION, sec.name, NULL,
                               "duplicate section \"%s\"; it already starts on line %u", core_section_name(sec.kind),
                               prev.header_line + 1);
            relate(d, prev.name, "the first \"%s\" section", core_section_name(sec.kind));
        } else {
            first[sec.kind] = (int32_t)i;
        }
    }
    *session_state = first[CORE_SECTION_SESSION_STATE];
    if (*session_state < 0)
        emit(c, CORE_DIAG_MISSING_SECTION, line_range(0, 0, 0), core_section_name(CORE_SECTION_SESSION_STATE),
             "missing section \"Session State\"; a progress.txt starts with it");
}

/* ---------------------------------------------------------------- Session State */

typedef struct {
    CoreRange first[CORE_FIELD_KIND_COUNT]; /* the key of each known field's first line */
    bool seen[CORE_FIELD_KIND_COUNT];
    bool pending_empty;                     /* the last field had no value: empty unless list lines follow */
    CoreRange empty_key;
    CoreFieldKind empty_field;
    bool after_field;                       /* the last non-blank line was a field or one of its list lines */
} Fields;

static void flush_empty(Ctx *c, Fields *f, bool continued)
{
    if (f->pending_empty && !continued) {
        int n;
        const char *more, *s = span(c, f->empty_key, &n, &more);
        emit(c, CORE_DIAG_EMPTY_FIELD, f->empty_key, NULL, "field \"%.*s%s\" has no value%s", n, s, more,
             f->empty_field == CORE_FIELD_BLOCKERS ? "; write \"None\" if nothing blocks the work" : "");
    }
    f->pending_empty = false;
}

/* The level word is the value's first word when a note follows it (`Mediun (auth is tricky)`), else the whole value. */
static void check_level(Ctx *c, const CoreEntry *e)
{
    const char *names[CORE_LEVEL_COUNT];
    for (int k = 0; k < CORE_LEVEL_COUNT; k++)
        names[k] = core_level_name((CoreLevel)k);
    CoreRange word = e->value;
    if (e->has_note)
        word.end = e->note.start;
    while (word.end.col > word.start.col && core_doc_line(c->doc, word.end.line, NULL)[word.end.col - 1] == ' ')
        word.end.col--;
    const char *sug = closest(c, names, CORE_LEVEL_COUNT, word);
    int n;
    const char *more, *s = span(c, word, &n, &more);
    if (sug)
        emit(c, CORE_DIAG_INVALID_LEVEL, word, sug, "invalid complexity level \"%.*s%s\"; did you mean \"%s\"?",
             n, s, more, sug);
    else
        emit(c, CORE_DIAG_INVALID_LEVEL, word, NULL,
             "invalid complexity level \"%.*s%s\"; expected Trivial, Small, Medium, Large or Huge", n, s, more);
}

static void check_phase(Ctx *c, const CoreEntry *e)
{
    int n;
    const char *more, *s = span(c, e->value, &n, &more);
    if (!e->has_phase)
        emit(c, CORE_DIAG_INVALID_PHASE, e->value, NULL,
             "invalid phase \"%.*s%s\"; expected \"X of Y\", e.g. \"2 of 4 (Implementation)\"", n, s, more);
    else if (!e->phase_canonical && e->phase_y > 0 && e->phase_x > 0 && e->phase_x <= e->phase_y)
        emit(c, CORE_DIAG_PHASE_FORM, e->value, NULL, "phase %u of %u; the template writes it \"%u of %u%s\"",
             e->phase_x, e->phase_y, e->phase_x, e->phase_y, e->phase_label.end.col > e->phase_label.start.col ? " (label)" : "");
    else if (e->phase_y == 0)
        emit(c, CORE_DIAG_PHASE_OUT_OF_RANGE, e->value, NULL,
             "phase \"%.*s%s\" is out of range: a plan has at least one phase", n, s, more);
    else if (e->phase_x == 0 || e->phase_x > e->phase_y)
        emit(c, CORE_DIAG_PHASE_OUT_OF_RANGE, e->value, NULL,
             "phase %u of %u is out of range: the current phase is between 1 and %u", e->phase_x, e->phase_y,
             e->phase_y);
}

static void check_field(Ctx *c, Fields *f, const CoreEntry *e)
{
    const char *names[CORE_FIELD_KIND_COUNT];
    for (int k = 0; k < CORE_FIELD_KIND_COUNT; k++)
        names[k] = core_field_name((CoreFieldKind)k);
    int n;
    const char *more, *s = span(c, e->key, &n, &more);
    if (e->field == CORE_FIELD_UNKNOWN) {
        const char *sug = closest(c, names, CORE_FIELD_KIND_COUNT, e->key);
        if (sug)
            emit(c, CORE_DIAG_UNKNOWN_FIELD, e->key, sug, "unknown field \"%.*s%s\"; did you mean \"%s\"?", n, s, more,
                 sug);
        else
            emit(c, CORE_DIAG_UNKNOWN_FIELD, e->key, NULL,
                 "unknown field \"%.*s%s\" in Session State; the fields are Last completed, Next task, Blockers, "
                 "Current phase and Complexity level",
                 n, s, more);
    } else if (f->seen[e->field]) {
        CoreRange first = f->first[e->field];
        CoreDiag *d = emit(c, CORE_DIAG_DUPLICATE_FIELD, e->key, NULL,
                           "duplicate field \"%s\"; it is already set on line %u", core_field_name(e->field),
                           first.start.line + 1);
        relate(d, first, "the first \"%s\" field", core_field_name(e->field));
    } else {
        f->seen[e->field] = true;
        f->first[e->field] = e->key;
    }
    if (e->value.start.col == e->value.end.col) {
        f->pending_empty = true;
        f->empty_key = e->key;
        f->empty_field = e->field;
    } else if (!e->has_placeholder && e->field == CORE_FIELD_COMPLEXITY && e->level == CORE_LEVEL_NONE) {
        check_level(c, e);
    } else if (!e->has_placeholder && e->field == CORE_FIELD_CURRENT_PHASE) {
        check_phase(c, e);
    }
}

/* One line of a Session State section. Bulleted lines and `None` right after a field are that field's list. */
static void check_state_line(Ctx *c, Fields *f, const CoreEntry *e)
{
    if (e->kind == CORE_ENTRY_BLANK || core_doc_line_verbatim(c->doc, e->line))
        return;
    bool list_line = f->after_field && e->kind != CORE_ENTRY_FIELD &&
                     (e->kind == CORE_ENTRY_NONE || e->kind == CORE_ENTRY_DETAIL ||
                      (e->kind == CORE_ENTRY_TEXT && e->has_bullet));
    flush_empty(c, f, list_line);
    if (e->kind == CORE_ENTRY_FIELD) {
        check_field(c, f, e);
        f->after_field = true;
    } else if (!list_line) {
        f->after_field = false;
        if (e->malformed_header)
            check_malformed(c, e);
        else
            emit(c, CORE_DIAG_NOT_A_FIELD, e->content, NULL,
                 "this line in Session State is not a \"Key: value\" field");
    }
}

static void check_missing_fields(Ctx *c, const Fields *f, const CoreSection *sec)
{
    for (int k = 1; k < CORE_FIELD_KIND_COUNT; k++)
        if (!f->seen[k])
            emit(c, CORE_DIAG_MISSING_FIELD, sec->name, core_field_name((CoreFieldKind)k),
                 "Session State is missing the field \"%s\"", core_field_name((CoreFieldKind)k));
}

/* ---------------------------------------------------------------- lists */

/* The key of the range `r` of `line`: its bytes' hash first, so that keys are compared by hash before bytes. */
static void add_key(Ctx *c, Keys *keys, uint32_t line, CoreRange r)
{
    const char *s = core_doc_line(c->doc, line, NULL);
    Key k = {core_hash_bytes(s + r.start.col, r.end.col - r.start.col), line, r.start.col, r.end.col};
    array_push(keys, k);
}

static bool key_equal(const Ctx *c, const Key *a, const Key *b)
{
    uint32_t n = a->end - a->start;
    return a->hash == b->hash && n == b->end - b->start &&
           memcmp(core_doc_line(c->doc, a->line, NULL) + a->start, core_doc_line(c->doc, b->line, NULL) + b->start,
                  n) == 0;
}

/* Empties the hash set and sizes it for `count` keys at a load factor of at most 1/2. */
static void set_reset(Ctx *c, uint32_t count)
{
    uint32_t cap = 16;
    while (cap < 2 * count)
        cap *= 2;
    array_reserve(&c->slots, cap);
    c->slots.size = cap;
    memset(c->slots.contents, 0, cap * sizeof *c->slots.contents);
}

/* The key equal to `k` already in the set, or NULL (after adding `k` when `add`). */
static const Key *set_find_or_add(Ctx *c, const Key *k, bool add)
{
    uint32_t mask = c->slots.size - 1, s = k->hash & mask;
    for (; c->slots.contents[s]; s = (s + 1) & mask)
        if (key_equal(c, c->slots.contents[s], k))
            return c->slots.contents[s];
    if (add)
        c->slots.contents[s] = k;
    return NULL;
}

/* Reports each item of the current section whose body repeats an earlier one's, then forgets the section. */
static void check_duplicate_items(Ctx *c)
{
    set_reset(c, c->items.size);
    for (uint32_t i = 0; i < c->items.size; i++) {
        const Key *k = &c->items.contents[i];
        const Key *earlier = set_find_or_add(c, k, true);
        if (!earlier)
            continue;
        CoreEntry later, first;
        read_entry(c, k->line, &later);
        read_entry(c, earlier->line, &first);
        int n;
        const char *more, *s = span(c, later.text, &n, &more);
        CoreDiag *d = emit(c, CORE_DIAG_DUPLICATE_ITEM, later.text, NULL,
                           "duplicate item \"%.*s%s\"; it is already listed on line %u", n, s, more, first.line + 1);
        relate(d, first.text, "the first copy");
    }
    array_clear(&c->items);
}

/* A path of Files To Modify (`k`) that Files Modified lists too (`m`). */
static void report_both(Ctx *c, const Key *k, const Key *m)
{
    CoreRange r = line_range(k->line, k->start, k->end);
    int n;
    const char *more, *p = span(c, r, &n, &more);
    CoreDiag *d = emit(c, CORE_DIAG_MODIFIED_AND_TO_MODIFY, r, NULL,
                       "\"%.*s%s\" is in both Files To Modify and Files Modified", n, p, more);
    relate(d, line_range(m->line, m->start, m->end), "listed in Files Modified here");
}

/* The paths of every Files Modified section against those of every Files To Modify section, in document order. */
static void check_modified_and_to_modify(Ctx *c)
{
    const Kept *secs = c->cache->sections.contents;
    uint32_t n = c->cache->sections.size, count = 0;
    for (uint32_t i = 0; i < n; i++)
        if (secs[i].kind == CORE_SECTION_FILES_MODIFIED)
            count += secs[i].paths.size;
    set_reset(c, count);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; secs[i].kind == CORE_SECTION_FILES_MODIFIED && j < secs[i].paths.size; j++)
            set_find_or_add(c, &secs[i].paths.contents[j], true);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; secs[i].kind == CORE_SECTION_FILES_TO_MODIFY && j < secs[i].paths.size; j++) {
            const Key *k = &secs[i].paths.contents[j], *m = set_find_or_add(c, k, false);
            if (m)
                report_both(c, k, m);
        }
}

/* A done item still to modify, or an open one already modified: the file contradicts itself. */
static void check_status(Ctx *c, const CoreEntry *e)
{
    int n;
    /* The item's path as a name, without the backticks or quotes it may be written in. */
    const char *more, *s = span(c, e->has_path ? e->path : e->body, &n, &more);
    if (e->section_kind == CORE_SECTION_FILES_TO_MODIFY && e->status == CORE_STATUS_DONE)
        emit(c, CORE_DIAG_DONE_IN_TO_MODIFY, e->content, NULL,
             "\"%.*s%s\" is marked done but still listed in Files To Modify; move it to Files Modified", n, s, more);
    else if (e->section_kind == CORE_SECTION_FILES_MODIFIED &&
             (e->status == CORE_STATUS_OPEN || e->status == CORE_STATUS_IN_PROGRESS))
        emit(c, CORE_DIAG_OPEN_IN_MODIFIED, e->content, NULL,
             "\"%.*s%s\" is marked %s but listed in Files Modified; move it to Files To Modify if work remains", n, s,
             more, core_status_name(e->status));
}

/* Every path of a Files item into `keys` (`a`, `b`: several). */
static void add_paths(Ctx *c, Keys *keys, const CoreEntry *e)
{
    add_key(c, keys, e->line, e->path);
    if (e->path_count < 2)
        return;
    CorePathRef refs[16];
    uint32_t n = core_doc_paths(c->doc, e->line, refs, 16);
    for (uint32_t i = 1; i < n && i < 16; i++)
        add_key(c, keys, e->line, refs[i].path);
}

/* One line of a list section; `nones` collects its `None` lines, `has_items` whether it lists anything. */
static void check_list_line(Ctx *c, const CoreEntry *e, Ranges *nones, bool *has_items)
{
    if (e->kind == CORE_ENTRY_NONE) {
        array_push(nones, e->text);
        return;
    }
    if (e->kind == CORE_ENTRY_TEXT && e->malformed_header && !c->log)
        check_malformed(c, e);
    if (e->kind != CORE_ENTRY_ITEM)
        return;
    *has_items = true;
    bool files = e->section_kind == CORE_SECTION_FILES_MODIFIED || e->section_kind == CORE_SECTION_FILES_TO_MODIFY;
    /* A Files item is the file it names; another item is what it says, whatever its mark. */
    if (files && e->has_path)
        add_key(c, &c->items, e->line, e->path);
    else if (!files && e->body.end.col > e->body.start.col) /* its note too: `Clean (3 ahead)` is not `Clean (none)` */
        add_key(c, &c->items, e->line,
                (CoreRange){e->body.start, e->has_comment ? e->comment.end
                                           : e->has_annotation ? e->annotation.end
                                                               : e->body.end});
    if (e->has_path && files)
        add_paths(c, c->paths, e);
    check_status(c, e);
    if (e->has_signature && e->sig_unbalanced) {
        int n;
        const char *more, *s = span(c, e->signature, &n, &more);
        emit(c, CORE_DIAG_UNBALANCED_SIGNATURE, e->signature, NULL,
             "unbalanced brackets in signature \"%.*s%s\"", n, s, more);
    }
}


/* ---------------------------------------------------------------- every dialect */

/* `<<<<<<< HEAD`: one error per conflict, on its opening marker. */
static void check_conflict(Ctx *c, uint32_t line)
{
    if (core_doc_line_head(c->doc, line)->shape != CORE_SHAPE_CONFLICT_OPEN)
        return;
    size_t len;
    core_doc_line(c->doc, line, &len);
    emit(c, CORE_DIAG_MERGE_CONFLICT, line_range(line, 0, (uint32_t)len), NULL,
         "unresolved merge conflict: keep what each side should keep, then delete the `<<<<<<<`, `=======` and "
         "`>>>>>>>` lines");
}

/* The seed template's own placeholder texts: in a log, the only `[…]` that are placeholders (with the slots below). */
static const char *const seed_placeholders[] = {
    "[Last task/milestone completed]", "[What to work on next]", "[None / List any blockers]", "[X of Y]",
    "[Trivial/Small/Medium/Large/Huge]", "[Decision 1]", "[Decision 2]", "[why]", "[hash if relevant]",
    "[List files changed in this session]", "[List files still needing changes]",
    "[Key interfaces/contracts established]", "[Any bugs or issues discovered]",
    "[Anything else important for next session]", NULL,
};

/* `[YYYY-MM-DD]`, `[YYYY-MM-DD HH:MM]`: a date slot of a stub, never a date. */
static bool date_slot(const char *s, uint32_t n)
{
    uint32_t letters = 0;
    for (uint32_t i = 1; i + 1 < n; i++) {
        if (memchr("YMDHSmhs", s[i], 8))
            letters++;
        else if (!memchr("-/: T", s[i], 5))
            return false;
    }
    return letters >= 4;
}

/* A log's placeholder: a text of the seed template, or a `[YYYY-MM-DD]` slot; in the template, any placeholder. */
static bool log_placeholder(const Ctx *c, CoreRange r)
{
    const char *s = core_doc_line(c->doc, r.start.line, NULL) + r.start.col;
    uint32_t n = r.end.col - r.start.col;
    for (int k = 0; seed_placeholders[k]; k++)
        if (strlen(seed_placeholders[k]) == n && memcmp(seed_placeholders[k], s, n) == 0)
            return true;
    return date_slot(s, n);
}

/* A log's first date slot `[YYYY-MM-DD]` on line `e` (its content), or false. */
static bool find_date_slot(const Ctx *c, const CoreEntry *e, CoreRange *r)
{
    const char *s = core_doc_line(c->doc, e->line, NULL);
    for (uint32_t i = e->content.start.col; i < e->content.end.col; i++) {
        const char *open = memchr(s + i, '[', e->content.end.col - i);
        if (!open)
            return false;
        i = (uint32_t)(open - s);
        const char *close = memchr(s + i, ']', e->content.end.col - i);
        if (!close)
            return false;
        uint32_t j = (uint32_t)(close - s) + 1;
        if (date_slot(s + i, j - i)) {
            *r = line_range(e->line, i, j);
            return true;
        }
    }
    return false;
}

static void check_placeholder(Ctx *c, const CoreEntry *e)
{
    CoreRange r = e->placeholder;
    if (e->kind == CORE_ENTRY_BLANK || core_doc_line_verbatim(c->doc, e->line))
        return;
    if (!e->has_placeholder || (c->log && !log_placeholder(c, r))) {
        /* a log's stub writes its slots `<story id>`, `[YYYY-MM-DD]`: looked for only in logs */
        if (!c->log)
            return;
        CoreRange slot = {{e->line, 0}, {e->line, 0}};
        bool angle = core_line_slot(core_doc_line(c->doc, e->line, NULL), e->content.start.col, e->content.end.col,
                                    &slot.start.col, &slot.end.col);
        CoreRange date;
        bool dated = find_date_slot(c, e, &date);
        if (!angle && !dated)
            return;
        r = angle && (!dated || slot.start.col < date.start.col) ? slot : date;
    }
    int len;
    const char *more, *s = span(c, r, &len, &more);
    emit(c, CORE_DIAG_PLACEHOLDER, r, NULL, "template placeholder \"%.*s%s\" is not filled in", len, s, more);
}

/* ---------------------------------------------------------------- the whole document */

static void check_before_first(Ctx *c, uint32_t first_header)
{
    int32_t first = -1, last = -1;
    CoreEntry e;
    for (uint32_t l = 0; l < first_header && !stopping(c); l++) {
        read_entry(c, l, &e);
        check_conflict(c, l);
        if (c->log)
            check_placeholder(c, &e);
        if (e.kind == CORE_ENTRY_BLANK || c->log)
            continue;
        if (first < 0)
            first = (int32_t)l;
        last = (int32_t)l;
        if (e.malformed_header)
            check_malformed(c, &e);
    }
    if (first < 0 || c->log)
        return;
    CoreEntry a, b;
    read_entry(c, (uint32_t)first, &a);
    read_entry(c, (uint32_t)last, &b);
    emit(c, CORE_DIAG_TEXT_BEFORE_SECTION, (CoreRange){a.content.start, b.content.end}, NULL,
         "text before the first section; a progress.txt starts with a \"=== Section ===\" header");
}

/*
 * A file without a single well-formed header is in another shape altogether (one hint) — unless it has
 * malformed headers that name known sections (`== Session State ==`): then it is a progress.txt whose headers
 * are wrong, and each gets its malformed-header error. Returns whether any did.
 */
static bool check_headerless(Ctx *c)
{
    bool found = false;
    CoreEntry e;
    for (uint32_t l = 0; l < core_doc_line_count(c->doc) && !stopping(c); l++) {
        read_entry(c, l, &e);
        check_conflict(c, l);
        if (e.malformed_header && closest_section(c, e.text)) {
            check_malformed(c, &e);
            found = true;
        }
    }
    return found;
}

static int by_position(const void *pa, const void *pb)
{
    const Pending *a = pa, *b = pb;
    CorePos x = a->diag.range.start, y = b->diag.range.start;
    if (x.line != y.line)
        return x.line < y.line ? -1 : 1;
    if (x.col != y.col)
        return x.col < y.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ---------------------------------------------------------------- what is kept between passes */

static void related_free(void *item)
{
    CoreRelated *r = item;
    free(r->path);
    free(r->uri);
    free(r->message);
}

/* Frees what a diagnostic owns: its messages and further places (the server's; a kept copy has none). */
static void diag_free(void *item)
{
    CoreDiag *d = item;
    free(d->message);
    free(d->related_message);
    core_items_free(d->more, d->more_count, sizeof *d->more, related_free);
}

static CoreDiag diag_copy(const CoreDiag *d)
{
    CoreDiag copy = *d;
    copy.message = d->message ? core_xstrndup(d->message, strlen(d->message)) : NULL;
    copy.related_message = d->related_message ? core_xstrndup(d->related_message, strlen(d->related_message)) : NULL;
    copy.more = NULL; /* the server's additions are not the core's */
    copy.more_count = 0;
    return copy;
}

static void kept_clear(Kept *k)
{
    core_items_free(k->diags.contents, k->diags.size, sizeof *k->diags.contents, diag_free);
    array_init(&k->diags);
    array_delete(&k->paths);
    k->valid = false;
}

/* Forgets what is kept for the sections from `keep` on. */
static void cache_truncate(CoreDiagCache *cache, uint32_t keep)
{
    if (keep < cache->sections.size)
        cache->whole = false;
    for (uint32_t i = keep; i < cache->sections.size; i++)
        kept_clear(&cache->sections.contents[i]);
    if (cache->sections.size > keep)
        cache->sections.size = keep;
}

/* Empties the cache when `opts` are not those its findings were made with. */
static void cache_check_opts(CoreDiagCache *cache, const CoreOptions *opts)
{
    if (cache->has_opts == (opts != NULL) && (!opts || memcmp(&cache->opts, opts, sizeof *opts) == 0))
        return;
    cache_truncate(cache, 0);
    array_clear(&cache->line_kept); /* a line that gave nothing may give a finding turned on now */
    diag_free(&cache->length);
    cache->length = (CoreDiag){0};
    cache->has_opts = opts != NULL;
    if (opts)
        cache->opts = *opts;
}

/* Whether `k` still holds for `sec` (section `state` or not): same place, same lines (see Kept). */
static bool kept_holds(const Ctx *c, const Kept *k, const CoreSection *sec, bool state)
{
    if (!k->valid || k->kind != sec->kind || k->session_state != state || k->header_line != sec->header_line ||
        k->end_line != sec->end_line || core_doc_line_stamp(c->doc, sec->header_line) != k->first_stamp ||
        core_doc_line_stamp(c->doc, sec->end_line - 1) != k->last_stamp)
        return false;
    return core_doc_max_stamp(c->doc, sec->header_line, sec->end_line) <= k->max_stamp;
}

/* Records in `k` what section `sec` just produced: the diagnostics c->out holds from `from` on; its paths are there. */
static void kept_fill(const Ctx *c, Kept *k, const CoreSection *sec, bool state, uint32_t from)
{
    k->valid = true;
    k->kind = (uint8_t)sec->kind;
    k->session_state = state;
    k->header_line = sec->header_line;
    k->end_line = sec->end_line;
    k->first_stamp = core_doc_line_stamp(c->doc, sec->header_line);
    k->last_stamp = core_doc_line_stamp(c->doc, sec->end_line - 1);
    k->max_stamp = core_doc_max_stamp(c->doc, sec->header_line, sec->end_line);
    for (uint32_t i = from; i < c->out.size; i++)
        array_push(&k->diags, diag_copy(&c->out.contents[i].diag));
}

/* Tokens an agent spends reading the file, estimated at four bytes a token (the usual rule for English). */
enum { BYTES_PER_TOKEN = 4, TOKENS_PER_LINE = 25 };

static bool same_length(const LengthKey *a, const LengthKey *b)
{
    return a->lines == b->lines && a->max == b->max && a->tokens == b->tokens && a->log == b->log &&
           a->line == b->line && a->stamp == b->stamp;
}

static void check_length(Ctx *c)
{
    uint32_t max = c->opts ? c->opts->max_lines : CORE_DEFAULT_MAX_LINES;
    uint32_t lines = core_doc_line_count(c->doc);
    size_t last_len, tokens = (core_doc_length(c->doc) + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    core_doc_line(c->doc, lines - 1, &last_len);
    if (lines > 1 && last_len == 0)
        lines--; /* the empty "line" after a final newline is not a line to the reader */
    /* As long in tokens as `max` lines of 25 tokens: a few very long lines cost a session start as much. */
    if (max == 0 || (lines <= max && tokens <= (size_t)max * TOKENS_PER_LINE))
        return;
    uint32_t at = lines > max ? max : 0;
    /* A keystroke mostly leaves the counts as they were: the last finding is copied, its message not made again. */
    CoreDiagCache *cache = c->cache;
    LengthKey key = {.lines = lines, .max = max, .tokens = tokens, .log = c->log, .line = at,
                     .stamp = core_doc_line_stamp(c->doc, at)};
    if (cache->length.message && same_length(&cache->length_key, &key)) {
        Pending p = {.diag = diag_copy(&cache->length), .seq = c->out.size};
        array_push(&c->out, p);
        return;
    }
    CoreEntry e;
    read_entry(c, at, &e);
    /* A log grows by design: the finding is information there, unless the user set its severity. */
    bool set = c->opts && c->opts->severity[CORE_DIAG_FILE_TOO_LONG] >= 0;
    CoreDiag *d = emit(c, CORE_DIAG_FILE_TOO_LONG, e.content, NULL,
                       c->log ? "the file has %u lines (about %zu tokens), more than %u; an agent reads all of it at "
                                "every session start: archive the older entries"
                              : "the file has %u lines (about %zu tokens), more than %u; keep progress.txt a compact "
                                "summary, not a log",
                       lines, tokens, max);
    if (d && c->log && !set)
        d->severity = CORE_SEV_INFO;
    if (d) {
        diag_free(&cache->length);
        cache->length = diag_copy(d);
        cache->length_key = key;
    }
}

/* ---------------------------------------------------------------- section by section */

/* Whether a section of `kind` is the template's Session State: its lines are fields, read together, not a list. */
static bool is_state(const Ctx *c, CoreSectionKind kind)
{
    return kind == CORE_SECTION_SESSION_STATE && !c->log;
}

/* A longer section's lines are read again at each pass, as the 20 bytes a line would cost half its text again. */
enum { LINE_KEPT_MAX = 1 << 16 };

/*
 * The LineKept slot of line `l` of section `sec`, or NULL when a line's results are not kept (Session State reads
 * its lines together). Slots from the header line on, sized to the section at its header line; slots of another
 * section kind are emptied then. A slot of another section at the same place misses by its stamp.
 */
static LineKept *line_slot(Ctx *c, const CoreSection *sec, bool state, uint32_t l)
{
    if (state || sec->end_line - sec->header_line > LINE_KEPT_MAX)
        return NULL;
    CoreDiagCache *cache = c->cache;
    if (l == sec->header_line) {
        uint32_t count = sec->end_line - sec->header_line;
        uint32_t had = cache->line_kept_kind == sec->kind ? cache->line_kept.size : 0;
        array_reserve(&cache->line_kept, count);
        if (had < count)
            memset(cache->line_kept.contents + had, 0, (count - had) * sizeof *cache->line_kept.contents);
        cache->line_kept.size = count;
        cache->line_kept_kind = (uint8_t)sec->kind;
    }
    return &cache->line_kept.contents[l - sec->header_line];
}

/* What line `l` gave, again from its slot `lk`: a None's text, an item (and its key). */
static void line_replay(Ctx *c, const LineKept *lk, uint32_t l, Ranges *nones, bool *has_items)
{
    if (lk->kind == CORE_ENTRY_NONE) {
        array_push(nones, line_range(l, lk->start, lk->end));
    } else if (lk->kind == CORE_ENTRY_ITEM) {
        *has_items = true;
        if (lk->keyed) {
            Key key = {lk->hash, l, lk->start, lk->end};
            array_push(&c->items, key);
        }
    }
}

/* How far a section's outputs had come before a line was checked: what the line gave is what came after. */
typedef struct {
    uint32_t out, items, paths, nones;
} Marks;

static Marks marks_of(const Ctx *c, const Ranges *nones)
{
    return (Marks){c->out.size, c->items.size, c->paths->size, nones->size};
}

/* Keeps in `lk` what entry `e` gave since `before`: nothing when it gave a finding or a path. */
static void line_keep(const Ctx *c, LineKept *lk, const CoreEntry *e, Marks before, const Ranges *nones)
{
    lk->stamp = 0;
    if (c->out.size != before.out || c->paths->size != before.paths)
        return;
    *lk = (LineKept){.kind = (uint8_t)e->kind};
    if (nones->size != before.nones) {
        lk->start = e->text.start.col;
        lk->end = e->text.end.col;
    } else if (c->items.size != before.items) {
        const Key *key = array_back(&c->items);
        lk->keyed = true;
        lk->hash = key->hash;
        lk->start = key->start;
        lk->end = key->end;
    }
    lk->stamp = core_doc_line_stamp(c->doc, e->line);
}

/*
 * The lines of one section (the header line's placeholder in a log) into c->out and its Kept entry `k` (emptied
 * first). A line whose LineKept holds gives what it kept without being read again: a keystroke reads one line of
 * the section it is in.
 */
static void check_section_lines(Ctx *c, const CoreSection *sec, bool session_state, Ranges *nones, Kept *k)
{
    bool state = is_state(c, sec->kind), has_items = false;
    Fields fields = {0};
    CoreEntry e;
    array_clear(nones);
    c->paths = &k->paths;
    LineKept *lk = line_slot(c, sec, state, sec->header_line);
    if (c->log) { /* a log's heading may be a stub's: `## Session <N> — [YYYY-MM-DD]` */
        if (!lk || lk->stamp != core_doc_line_stamp(c->doc, sec->header_line)) {
            Marks before = marks_of(c, nones);
            read_entry(c, sec->header_line, &e);
            check_placeholder(c, &e);
            if (lk)
                line_keep(c, lk, &e, before, nones);
        }
    }
    uint8_t side = 0; /* in a merge conflict: 1 our side, 2 theirs (not held against ours: one error says it all) */
    for (uint32_t l = sec->header_line + 1; l < sec->end_line && !stopping(c); l++) {
        check_conflict(c, l);
        uint8_t shape = core_doc_line_head(c->doc, l)->shape;
        side = shape == CORE_SHAPE_CONFLICT_OPEN ? 1 : shape == CORE_SHAPE_CONFLICT_MID && side ? 2
               : shape == CORE_SHAPE_CONFLICT_CLOSE ? 0 : side;
        lk = line_slot(c, sec, state, l);
        bool kept = lk && lk->stamp == core_doc_line_stamp(c->doc, l);
        if (!kept)
            read_entry(c, l, &e);
        uint8_t kind = kept ? lk->kind : (uint8_t)e.kind;
        if (side == 2 && (kind == CORE_ENTRY_FIELD || kind == CORE_ENTRY_ITEM))
            continue;
        if (kept) {
            line_replay(c, lk, l, nones, &has_items);
            continue;
        }
        Marks before = marks_of(c, nones);
        check_placeholder(c, &e);
        if (state)
            check_state_line(c, &fields, &e);
        else
            check_list_line(c, &e, nones, &has_items);
        if (lk)
            line_keep(c, lk, &e, before, nones);
    }
    if (state) {
        flush_empty(c, &fields, false);
        if (session_state)
            check_missing_fields(c, &fields, sec);
    }
    check_duplicate_items(c);
    for (uint32_t i = 0; has_items && i < nones->size; i++)
        emit(c, CORE_DIAG_NONE_WITH_ITEMS, nones->contents[i], NULL,
             "\"None\" in a section that lists items; remove it");
}

/*
 * The one section a keystroke may have changed, when the last pass ran to the end with the same number of lines,
 * sections and the same Session State: every line stamped since lies in the lines kept section `k` had then, and
 * its block still starts there. Then every other section is as it was, at the same place: an edit leaves a line
 * with a new stamp where it happened (core_text_replace makes its first line anew, a re-classified line is
 * restamped), so no line moved before the first stamped line, and with as many lines none moved after the last; the
 * blocks outside are the same lines with the same heads, and as many blocks leave none to start inside but `k`'s.
 * Returns `k`; the section count when no line changed; -1 when every section must be looked at.
 */
static int64_t unchanged_but(const Ctx *c, int32_t session_state, uint32_t n, uint32_t lines)
{
    const CoreDiagCache *cache = c->cache;
    uint32_t first, last;
    if (!cache->whole || cache->sections.size != n || cache->lines != lines || cache->session_state != session_state)
        return -1;
    if (!core_doc_newer_lines(c->doc, cache->stamp, &first, &last))
        return n;
    const Kept *kept = cache->sections.contents;
    int32_t k = core_doc_section_at(c->doc, first); /* the block the first changed line is in now */
    if (k < 0 || first < kept[k].header_line || last >= kept[k].end_line ||
        core_doc_block_line(c->doc, (uint32_t)k) != kept[k].header_line)
        return -1;
    return k;
}

/* Section `i`'s findings into c->out: what its Kept entry holds when that still holds (or `kept`), else read again. */
static void section_findings(Ctx *c, uint32_t i, uint32_t n, uint32_t lines, bool state, bool kept, Ranges *nones)
{
    Kept *k = &c->cache->sections.contents[i];
    CoreSection sec;
    if (!kept) { /* from the kept heads (no parse): a log has a block every few lines */
        sec = (CoreSection){.kind = core_doc_section_kind(c->doc, i), .header_line = core_doc_block_line(c->doc, i),
                            .end_line = i + 1 < n ? core_doc_block_line(c->doc, i + 1) : lines};
        kept = kept_holds(c, k, &sec, state);
    }
    if (kept) {
        for (uint32_t d = 0; d < k->diags.size; d++) {
            Pending p = {.diag = diag_copy(&k->diags.contents[d]), .seq = c->out.size};
            array_push(&c->out, p);
        }
        return;
    }
    kept_clear(k);
    if (is_state(c, sec.kind)) /* its name, for a missing field's finding */
        core_doc_section(c->doc, i, &sec);
    uint32_t from = c->out.size;
    check_section_lines(c, &sec, state, nones, k);
    if (!c->stopped) /* a section cut short is not what its lines say */
        kept_fill(c, k, &sec, state, from);
}

/* Every section's lines: what the cache keeps for a section whose lines did not change, else read again. */
static void check_sections_body(Ctx *c, int32_t session_state)
{
    Ranges nones = {0};
    CoreDiagCache *cache = c->cache;
    uint32_t n = core_doc_section_count(c->doc);
    uint32_t lines = core_doc_line_count(c->doc);
    int64_t only = unchanged_but(c, session_state, n, lines);
    cache->whole = false; /* until this pass runs to the end */
    if (only >= 0) { /* the sections with findings, and the one changed: the others have none and keep none */
        uint32_t *listed = cache->listed.contents, count = cache->listed.size, at = 0;
        for (; at < count && listed[at] < only; at++)
            section_findings(c, listed[at], n, lines, (int32_t)listed[at] == session_state, true, &nones);
        bool was = at < count && listed[at] == only;
        if (only < n)
            section_findings(c, (uint32_t)only, n, lines, only == session_state, false, &nones);
        for (uint32_t j = at + was; j < count; j++)
            section_findings(c, listed[j], n, lines, (int32_t)listed[j] == session_state, true, &nones);
        bool is = only < n && cache->sections.contents[only].diags.size > 0;
        if (was != is) /* out of the list, or into it at its place */
            array_splice_gap(&cache->listed, at, was, is);
        if (is && !was)
            cache->listed.contents[at] = (uint32_t)only;
    } else {
        cache_truncate(cache, n);
        array_reserve(&cache->sections, n);
        for (uint32_t i = cache->sections.size; i < n; i++)
            cache->sections.contents[i] = (Kept){0};
        cache->sections.size = n;
        array_clear(&cache->listed);
        for (uint32_t i = 0; i < n && !c->stopped; i++) {
            section_findings(c, i, n, lines, (int32_t)i == session_state, false, &nones);
            if (cache->sections.contents[i].diags.size)
                array_push(&cache->listed, i);
        }
    }
    array_delete(&nones);
    if (!c->stopped) {
        cache->whole = true;
        cache->stamp = core_doc_last_stamp(c->doc);
        cache->lines = lines;
        cache->session_state = session_state;
    }
}

CoreDiagCache *core_diag_cache_new(void)
{
    return core_xcalloc(1, sizeof(CoreDiagCache));
}

/* Frees what `cache` holds, not the cache itself. */
static void cache_release(CoreDiagCache *cache)
{
    cache_truncate(cache, 0);
    array_delete(&cache->sections);
    array_delete(&cache->listed);
    array_delete(&cache->line_kept);
    diag_free(&cache->length);
}

uint32_t core_diag_cache_lines_read(const CoreDiagCache *cache)
{
    return cache->lines_read;
}

void core_diag_cache_free(CoreDiagCache *cache)
{
    if (!cache)
        return;
    cache_release(cache);
    free(cache);
}

int core_diagnose_cached(const CoreDoc *doc, const CoreOptions *opts, CoreDiagCache *cache, bool (*stop)(void *data),
                         void *data, CoreDiagList *out)
{
    CoreDiagCache own = {0};
    Ctx c = {.doc = doc, .opts = opts, .cache = cache ? cache : &own, .stop = stop, .stop_data = data};
    cache_check_opts(c.cache, opts);
    c.cache->lines_read = 0;
    CoreDialect dialect = core_doc_dialect(doc);
    if (c.cache->dialect != dialect) { /* the same lines mean other things in another dialect */
        cache_truncate(c.cache, 0);
        c.cache->dialect = (uint8_t)dialect;
    }
    c.log = dialect != CORE_DIALECT_TEMPLATE;
    if (c.log) {
        uint32_t n = core_doc_section_count(doc);
        check_before_first(&c, n ? core_doc_block_line(doc, 0) : core_doc_line_count(doc));
        if (n == 0 && !c.stopped) { /* nothing read as progress: at most this hint */
            CoreEntry e;
            read_entry(&c, 0, &e);
            emit(&c, CORE_DIAG_NOT_PROGRESS_FORMAT, e.content, NULL,
                 "no section, heading or log entry: nothing in this file is read as progress");
        }
        check_sections_body(&c, -1);
        if (!c.stopped && n)
            check_length(&c);
    } else if (core_doc_section_count(doc) == 0) {
        if (!check_headerless(&c) && !c.stopped) {
            CoreEntry e;
            read_entry(&c, 0, &e);
            emit(&c, CORE_DIAG_NOT_PROGRESS_FORMAT, e.content, NULL,
                 "no \"=== Section ===\" header: this file is not in progress.txt format");
        }
        cache_truncate(c.cache, 0);
    } else {
        int32_t session_state;
        check_before_first(&c, core_doc_block_line(doc, 0));
        check_sections(&c, &session_state); /* header lines only: no stop question */
        check_sections_body(&c, session_state);
        if (!c.stopped) {
            check_modified_and_to_modify(&c);
            check_length(&c);
        }
    }
    array_delete(&c.items);
    array_delete(&c.slots);
    cache_release(&own);

    if (c.out.size && !c.stopped)
        qsort(c.out.contents, c.out.size, sizeof *c.out.contents, by_position);
    out->count = c.out.size;
    out->items = core_xmalloc((c.out.size ? c.out.size : 1) * sizeof *out->items);
    for (uint32_t i = 0; i < c.out.size; i++)
        out->items[i] = c.out.contents[i].diag;
    array_delete(&c.out);
    if (c.stopped) { /* what was found so far is not the document's list */
        core_diag_list_free(out);
        return CORE_ECANCELED;
    }
    return 0;
}

int core_diagnose_until(const CoreDoc *doc, const CoreOptions *opts, bool (*stop)(void *data), void *data,
                        CoreDiagList *out)
{
    return core_diagnose_cached(doc, opts, NULL, stop, data, out);
}

int core_diagnose(const CoreDoc *doc, const CoreOptions *opts, CoreDiagList *out)
{
    return core_diagnose_until(doc, opts, NULL, NULL, out);
}

void core_diag_list_free(CoreDiagList *list)
{
    core_list_free(list, diag_free);
}
