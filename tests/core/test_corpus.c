/* test_corpus.c — every tests/corpus/X.txt against X.expected: its outline and its diagnostics, line for line (and for tests/corpus/dialects, its dialect and current state). */
/*
 * The X.expected format (written by hand from reading X.txt, then checked by this test):
 *
 *   # a comment; comment lines and blank lines are ignored
 *   symbol KIND RANGE SELECTION "NAME" ["DETAIL"] [status STATUS]
 *   diag RANGE SEVERITY CODE [suggest "TEXT"] [related RANGE]
 *
 * - Symbols come first, in the outline's pre-order; a child is indented two spaces more than its parent
 *   (section > group > item > detail). KIND is section, field, item, path, interface, group or detail.
 *   DETAIL is present only when the symbol has one; STATUS (open, in-progress, done, dropped) only when
 *   the item carries a mark.
 * - Diagnostics follow in the order core_diagnose() returns them (by start position), with default options.
 *   SEVERITY is error, warning, info or hint; CODE is the code's name (unknown-section, …).
 * - RANGE is START-END, each LINE:COL, 0-based, COL in UTF-8 bytes (the core's own positions).
 * - Inside quotes, `"` and `\` are written `\"` and `\\`; every other byte stands for itself.
 *
 * Messages are not part of the files: they are prose, checked in test_diagnose.c.
 *
 * tests/corpus/dialects/X.expected starts with what progress/log.h reads, before the symbols:
 *
 *   dialect NAME                      (template, markdown, ralph, plain)
 *   newest LINE "TITLE"               (the newest entry's first line and title; absent when there is none)
 *   state PART LINE-LINE "VALUE"      (PART: next, blockers, completed, status, phase, files-modified,
 *                                      files-to-modify; the lines that say it, end exclusive; the value's text)
 *   blockers-none                     (when Blockers says None)
 *
 * KIND in symbol lines may also be `entry`, and sections and entries nest under the blocks they belong to.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_read.h"
#include "progress/core.h"
#include "progress/log.h"

/* One test case: a corpus file's name (Criterion copies parameters, so the name is held inline). */
typedef struct {
    char name[128];
} CorpusCase;

static void free_files(struct criterion_test_params *params)
{
    cr_free(params->params);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const CorpusCase *)a)->name, ((const CorpusCase *)b)->name);
}

/* Appends the X.txt files of CORPUS_DIR/`sub` ("" or "real/") to `files`. */
static CorpusCase *list_dir(const char *sub, CorpusCase *files, size_t *n, size_t *cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, sub);
    DIR *dir = opendir(path);
    struct dirent *d;
    while (dir && (d = readdir(dir)) != NULL) {
        size_t len = strlen(d->d_name);
        if (len < 5 || len + strlen(sub) >= sizeof files->name || strcmp(d->d_name + len - 4, ".txt") != 0)
            continue;
        if (*n == *cap)
            files = cr_realloc(files, (*cap *= 2) * sizeof *files);
        /* Lengths checked above: the two parts and the NUL fit in name[]. */
        size_t sub_len = strlen(sub);
        memcpy(files[*n].name, sub, sub_len);
        memcpy(files[*n].name + sub_len, d->d_name, len + 1);
        (*n)++;
    }
    if (dir)
        closedir(dir);
    return files;
}

/* The X.txt files of tests/corpus and of tests/corpus/real (files in the shapes agents and people really write). */
ParameterizedTestParameters(corpus, matches_expected)
{
    size_t n = 0, cap = 256; /* cr_realloc of a parameter array is not reliable: room for the whole corpus at once */
    CorpusCase *files = cr_malloc(cap * sizeof *files);
    files = list_dir("", files, &n, &cap);
    files = list_dir("real/", files, &n, &cap);
    files = list_dir("dialects/", files, &n, &cap);
    qsort(files, n, sizeof *files, by_name);
    return cr_make_param_array(CorpusCase, files, n, free_files);
}

/* A growable text buffer for the rendered outline and diagnostics. */
typedef struct {
    char *s;
    size_t len, cap;
} Buf;

static void put(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void put_range(Buf *b, CoreRange r)
{
    put(b, " %u:%u-%u:%u", r.start.line, r.start.col, r.end.line, r.end.col);
}

static void put_quoted(Buf *b, const char *s, size_t len)
{
    put(b, " \"");
    for (size_t i = 0; i < len; i++)
        put(b, s[i] == '"' || s[i] == '\\' ? "\\%c" : "%c", s[i]);
    put(b, "\"");
}

/* The dialect, the newest entry and the current state (progress/log.h). */
static void render_state(const CoreDoc *doc, Buf *b)
{
    put(b, "dialect %s\n", core_dialect_name(core_doc_dialect(doc)));
    CoreState st;
    cr_assert_eq(core_doc_state(doc, &st), 0);
    CoreBlock blk;
    if (st.entry >= 0 && core_doc_block(doc, (uint32_t)st.entry, &blk) == 0) {
        put(b, "newest %u", blk.line);
        put_quoted(b, core_doc_line(doc, blk.line, NULL) + blk.title.start.col, blk.title.end.col - blk.title.start.col);
        put(b, "\n");
    }
    const struct {
        const char *name;
        const CoreStatePart *part;
    } parts[] = {{"next", &st.next},           {"blockers", &st.blockers}, {"completed", &st.completed},
                 {"status", &st.status},       {"phase", &st.phase},       {"files-modified", &st.files_modified},
                 {"files-to-modify", &st.files_to_modify}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const CoreStatePart *p = parts[i].part;
        if (!p->has)
            continue;
        put(b, "state %s %u-%u", parts[i].name, p->first_line, p->end_line);
        put_quoted(b, core_doc_line(doc, p->value.start.line, NULL) + p->value.start.col, p->value.end.col - p->value.start.col);
        put(b, "\n");
    }
    if (st.blockers_none)
        put(b, "blockers-none\n");
}

static void render(const CoreDoc *doc, Buf *b)
{
    static const char *const kinds[] = {"section", "field", "item", "path", "interface", "group", "detail", "entry"};
    static const char *const statuses[] = {"", "open", "in-progress", "done", "dropped"};
    static const char *const sevs[] = {"off", "error", "warning", "info", "hint"};
    CoreOutline outline;
    cr_assert_eq(core_outline(doc, &outline), 0);
    for (size_t i = 0; i < outline.count; i++) {
        const CoreSymbol *s = &outline.items[i];
        int depth = 0;
        for (int32_t p = s->parent; p >= 0; p = outline.items[p].parent)
            depth++;
        put(b, "%*ssymbol %s", 2 * depth, "", kinds[s->kind]);
        put_range(b, s->range);
        put_range(b, s->selection);
        put_quoted(b, s->name, s->name_len);
        if (s->detail)
            put_quoted(b, s->detail, s->detail_len);
        if (s->status != CORE_STATUS_NONE)
            put(b, " status %s", statuses[s->status]);
        put(b, "\n");
    }
    core_outline_free(&outline);

    CoreDiagList diags;
    cr_assert_eq(core_diagnose(doc, NULL, &diags), 0);
    for (size_t i = 0; i < diags.count; i++) {
        const CoreDiag *d = &diags.items[i];
        put(b, "diag");
        put_range(b, d->range);
        put(b, " %s %s", sevs[d->severity], core_diag_code_name(d->code));
        if (d->suggestion) {
            put(b, " suggest");
            put_quoted(b, d->suggestion, strlen(d->suggestion));
        }
        if (d->has_related) {
            put(b, " related");
            put_range(b, d->related);
        }
        put(b, "\n");
    }
    core_diag_list_free(&diags);
}

/* The expected file without comments, blank lines and trailing spaces. */
static void load_expected(const char *path, Buf *b)
{
    size_t len;
    char *text = corpus_read_path(path, &len);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
            n--;
        size_t lead = strspn(line, " ");
        if (lead == n || line[lead] == '#')
            continue;
        put(b, "%.*s\n", (int)n, line);
    }
    free(text);
}

/* Structural facts every outline must have, whatever the file: LSP rejects symbols that break them. */
static void check_outline_shape(const CoreDoc *doc, const char *name)
{
    CoreOutline o;
    core_outline(doc, &o);
    for (size_t i = 0; i < o.count; i++) {
        const CoreSymbol *s = &o.items[i];
        CoreRange r = s->range, sel = s->selection;
        bool inside = (sel.start.line > r.start.line || (sel.start.line == r.start.line && sel.start.col >= r.start.col)) &&
                      (sel.end.line < r.end.line || (sel.end.line == r.end.line && sel.end.col <= r.end.col));
        cr_expect(inside, "%s: symbol %zu: selection outside its range", name, i);
        bool block = s->kind == CORE_SYMBOL_SECTION || s->kind == CORE_SYMBOL_ENTRY;
        if (!block || s->parent >= 0) {
            /* Nesting: a group under a section, an item under a section or group, a detail under an item or field;
               in a log, a block under a block (sections and entries alike). */
            const CoreSymbol *p = s->parent >= 0 && s->parent < (int32_t)i ? &o.items[s->parent] : NULL;
            bool p_block = p && (p->kind == CORE_SYMBOL_SECTION || p->kind == CORE_SYMBOL_ENTRY);
            bool ok = p && (block ? p_block
                            : s->kind == CORE_SYMBOL_DETAIL ? !p_block && p->kind != CORE_SYMBOL_GROUP
                            : s->kind == CORE_SYMBOL_GROUP ? p_block
                                                           : p_block || p->kind == CORE_SYMBOL_GROUP);
            cr_expect(ok, "%s: symbol %zu: parent", name, i);
            if (p)
                cr_expect(core_pos_cmp(p->range.start, r.start) <= 0 && core_pos_cmp(r.end, p->range.end) <= 0,
                          "%s: symbol %zu: outside its parent", name, i);
        }
        /* A symbol's descendants are exactly the symbols that follow it while their parent chain leads back to it. */
        size_t j = i + 1, children = 0;
        for (; j < o.count; j++) {
            int32_t q = o.items[j].parent;
            while (q > (int32_t)i)
                q = o.items[q].parent;
            if (q != (int32_t)i)
                break;
            children += o.items[j].parent == (int32_t)i;
        }
        cr_expect(s->child_count == children, "%s: symbol %zu: children", name, i);
        if (block && core_doc_dialect(doc) == CORE_DIALECT_TEMPLATE)
            cr_expect(s->parent == -1 && (j == o.count || o.items[j].kind == CORE_SYMBOL_SECTION),
                      "%s: symbol %zu: stray child", name, j);
    }
    core_outline_free(&o);
}

ParameterizedTest(CorpusCase *file, corpus, matches_expected)
{
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, file->name);
    char *text = corpus_read_path(path, &len);
    CoreDoc *doc = core_doc_new(text, len);
    check_outline_shape(doc, file->name);

    Buf got = {0}, want = {0};
    if (strncmp(file->name, "dialects/", 9) == 0)
        render_state(doc, &got);
    render(doc, &got);
    snprintf(path + strlen(path) - 4, 16, ".expected");
    if (getenv("PROGRESS_CORPUS_WRITE")) { /* a new corpus file's first draft, to be read and corrected by hand */
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(got.s, 1, got.len, f);
            fclose(f);
        }
    }
    load_expected(path, &want);
    cr_expect(got.len == want.len && memcmp(got.s, want.s, got.len) == 0,
              "%s does not match %s\n--- expected\n%.*s--- got\n%.*s", file->name, path, (int)want.len, want.s,
              (int)got.len, got.s);
    free(got.s);
    free(want.s);
    core_doc_free(doc);
    free(text);
}

Test(corpus, has_at_least_fifteen_real_files)
{
    size_t n = 0;
    DIR *dir = opendir(CORPUS_DIR "/real");
    struct dirent *d;
    while (dir && (d = readdir(dir)) != NULL) {
        size_t len = strlen(d->d_name);
        n += len > 4 && strcmp(d->d_name + len - 4, ".txt") == 0;
    }
    if (dir)
        closedir(dir);
    cr_expect(n >= 15, "tests/corpus/real has %zu files", n);
}

Test(corpus, has_the_files_it_promises)
{
    static const char *const names[] = {"minimal", "template", "example", "long", "crlf", "unicode", "markdown-log"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.expected", CORPUS_DIR, names[i]);
        FILE *f = fopen(path, "rb");
        cr_expect_not_null(f, "missing %s", path);
        if (f)
            fclose(f);
    }
}
