/* rewrites.c — an append-only log against its committed text: the committed lines changed or removed in the working copy. */
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "progress/hash.h"

/* One line of either text: its bytes (terminator excluded) and their hash. */
typedef struct {
    const char *s;
    uint32_t len;
    uint32_t hash;
} Line;

typedef Array(Line) LineArray;
typedef Array(CoreRewrite) RewriteArray;

/* The committed text split as the model splits a document (\n, \r\n, lone \r); a final terminator ends no line. */
static void split_base(const char *s, size_t len, LineArray *out)
{
    size_t a = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\n' && s[i] != '\r')
            continue;
        array_push(out, ((Line){s + a, (uint32_t)(i - a), 0}));
        if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
            i++;
        a = i + 1;
    }
    if (a < len)
        array_push(out, ((Line){s + a, (uint32_t)(len - a), 0}));
}

static bool line_eq(const Line *a, const Line *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* Whether the line is `## Codebase Patterns` (Ralph's section of reusable lessons, which is edited in place). */
static bool patterns_heading(const Line *l)
{
    static const char title[] = "codebase patterns";
    uint32_t i = 0;
    while (i < l->len && l->s[i] == '#')
        i++;
    if (i == 0 || i > 6 || i >= l->len || l->s[i] != ' ')
        return false;
    while (i < l->len && l->s[i] == ' ')
        i++;
    uint32_t end = l->len;
    while (end > i && (l->s[end - 1] == ' ' || l->s[end - 1] == '\t' || l->s[end - 1] == ':'))
        end--;
    if (end - i != sizeof title - 1)
        return false;
    for (uint32_t k = 0; k < end - i; k++) {
        char c = l->s[i + k];
        if ((c >= 'A' && c <= 'Z' ? (char)(c + 32) : c) != title[k])
            return false;
    }
    return true;
}

/* A line that closes the patterns section: another `#`/`##` heading or a `---` rule. */
static bool patterns_end(const Line *l)
{
    if (l->len >= 3 && l->s[0] == '-' && l->s[1] == '-' && l->s[2] == '-') {
        for (uint32_t i = 3; i < l->len; i++)
            if (l->s[i] != '-' && l->s[i] != ' ')
                return false;
        return true;
    }
    return (l->len >= 2 && l->s[0] == '#' && l->s[1] == ' ') ||
           (l->len >= 3 && l->s[0] == '#' && l->s[1] == '#' && l->s[2] == ' ');
}

/* The lines [*first, *end) of the patterns section, or an empty span at 0 when there is none. */
static void patterns_span(const LineArray *lines, uint32_t *first, uint32_t *end)
{
    *first = *end = 0;
    for (uint32_t i = 0; i < lines->size; i++) {
        if (!patterns_heading(&lines->contents[i]))
            continue;
        uint32_t j = i + 1;
        while (j < lines->size && !patterns_end(&lines->contents[j]))
            j++;
        *first = i;
        *end = j;
        return;
    }
}

/* A hash table of the lines of one text: hash → first position, chained through `next`. */
typedef struct {
    uint32_t *head;  /* size mask + 1, UINT32_MAX = empty */
    uint32_t *next;  /* per line */
    uint32_t *count; /* per line: how many lines of this text equal it (filled for chain heads' members) */
    uint32_t mask;
} Table;

static void table_build(Table *t, const LineArray *lines, uint32_t from)
{
    uint32_t n = lines->size - from, size = 16;
    while (size < n * 2)
        size *= 2;
    t->mask = size - 1;
    t->head = core_xmalloc(size * sizeof *t->head);
    memset(t->head, 0xff, size * sizeof *t->head);
    t->next = core_xmalloc((n ? n : 1) * sizeof *t->next);
    t->count = core_xcalloc(n ? n : 1, sizeof *t->count);
    /* Last to first, so that a chain runs in text order. */
    for (uint32_t k = n; k-- > 0;) {
        const Line *l = &lines->contents[from + k];
        uint32_t *slot = &t->head[l->hash & t->mask];
        t->next[k] = *slot;
        *slot = k;
    }
}

static void table_free(Table *t)
{
    free(t->head);
    free(t->next);
    free(t->count);
}

/* The position (relative to `from`) of the only line of `lines` equal to `l`, or UINT32_MAX (none or several). */
static uint32_t table_unique(const Table *t, const LineArray *lines, uint32_t from, const Line *l)
{
    uint32_t found = UINT32_MAX;
    for (uint32_t k = t->head[l->hash & t->mask]; k != UINT32_MAX; k = t->next[k]) {
        if (!line_eq(&lines->contents[from + k], l))
            continue;
        if (found != UINT32_MAX)
            return UINT32_MAX;
        found = k;
    }
    return found;
}

/* A pair of equal lines: a in the committed text, b in the working copy (both absolute). */
typedef struct {
    uint32_t a, b;
} Match;

typedef Array(Match) MatchArray;

/*
 * Patience anchors: the lines that occur exactly once in each rest, kept in the longest run that is in order
 * in both (longest increasing subsequence of b along a). Blank lines, `---` rules and repeated labels are never
 * anchors; they are matched around the anchors.
 */
static void anchors(const LineArray *A, const LineArray *B, uint32_t p, MatchArray *out)
{
    Table ta, tb;
    table_build(&ta, A, p);
    table_build(&tb, B, p);
    MatchArray cand = {0};
    for (uint32_t i = p; i < A->size; i++) {
        const Line *l = &A->contents[i];
        if (table_unique(&ta, A, p, l) != i - p)
            continue;
        uint32_t j = table_unique(&tb, B, p, l);
        if (j != UINT32_MAX)
            array_push(&cand, ((Match){i, p + j}));
    }
    table_free(&ta);
    table_free(&tb);
    /* Longest increasing subsequence of b (patience sorting with back links). */
    uint32_t n = cand.size;
    uint32_t *tails = core_xmalloc((n ? n : 1) * sizeof *tails), *prev = core_xmalloc((n ? n : 1) * sizeof *prev);
    uint32_t len = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t lo = 0, hi = len;
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (cand.contents[tails[mid]].b < cand.contents[k].b)
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[k] = lo ? tails[lo - 1] : UINT32_MAX;
        tails[lo] = k;
        if (lo == len)
            len++;
    }
    array_grow_by(out, len);
    for (uint32_t k = len ? tails[len - 1] : UINT32_MAX, w = len; k != UINT32_MAX; k = prev[k])
        out->contents[--w] = cand.contents[k];
    free(tails);
    free(prev);
    array_delete(&cand);
}

static void gap(RewriteArray *out, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    if (a1 > a0) /* lines only added between committed ones are no rewrite */
        array_push(out, ((CoreRewrite){.line = b0, .count = b1 - b0, .old_line = a0, .old_count = a1 - a0}));
}

enum {
    LCS_CELLS_MAX = 1 << 20, /* a gap aligned line by line up to this many cells (4 MiB), else reported whole */
    TAIL_SLACK = 64,         /* the working copy's lines read past the committed ones left after the last anchor */
};

/*
 * The committed lines [a0, a1) against the working copy's [b0, b1), aligned by their longest common subsequence:
 * what stays unmatched between two matched lines is one rewrite. At the `tail` (nothing committed follows), the
 * working copy's lines after the last match are appended, not rewritten: committed lines left there were
 * changed into the next lines of the working copy.
 */
static void align(const LineArray *A, const LineArray *B, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1,
                  bool tail, RewriteArray *out)
{
    if (a1 == a0)
        return;
    if (tail && b1 - b0 > (a1 - a0) * 2 + TAIL_SLACK)
        b1 = b0 + (a1 - a0) * 2 + TAIL_SLACK; /* the appended rest cannot hold the committed lines' match */
    uint32_t n = a1 - a0, m = b1 - b0;
    if ((uint64_t)(n + 1) * (m + 1) > LCS_CELLS_MAX) {
        gap(out, a0, a1, b0, tail ? b0 + (n < m ? n : m) : b1);
        return;
    }
    /* len[i][j]: the longest common subsequence of A[a0 + i, a1) and B[b0 + j, b1). */
    uint32_t w = m + 1;
    uint32_t *len = core_xcalloc((size_t)(n + 1) * w, sizeof *len);
    for (uint32_t i = n; i-- > 0;)
        for (uint32_t j = m; j-- > 0;)
            len[i * w + j] = line_eq(&A->contents[a0 + i], &B->contents[b0 + j])
                                 ? len[(i + 1) * w + j + 1] + 1
                                 : (len[(i + 1) * w + j] > len[i * w + j + 1] ? len[(i + 1) * w + j]
                                                                              : len[i * w + j + 1]);
    uint32_t i = 0, j = 0, gi = 0, gj = 0;
    while (i < n && j < m) {
        if (line_eq(&A->contents[a0 + i], &B->contents[b0 + j]) && len[i * w + j] == len[(i + 1) * w + j + 1] + 1) {
            gap(out, a0 + gi, a0 + i, b0 + gj, b0 + j);
            gi = ++i;
            gj = ++j;
        } else if (len[(i + 1) * w + j] >= len[i * w + j + 1]) {
            i++;
        } else {
            j++;
        }
    }
    free(len);
    if (!tail) {
        gap(out, a0 + gi, a1, b0 + gj, b1);
    } else if (gi < n) {
        uint32_t left = n - gi, next = m - gj;
        gap(out, a0 + gi, a1, b0 + gj, b0 + gj + (left < next ? left : next));
    }
}

/*
 * The gaps between anchored runs: from each anchor equal lines are matched forwards and backwards, and what
 * stays between two runs is aligned line by line (align). After the last run, the working copy's further
 * lines are appended, unless committed lines remain there.
 */
static void gaps(const LineArray *A, const LineArray *B, uint32_t p, const MatchArray *m, RewriteArray *out)
{
    uint32_t a = p, b = p; /* everything before (a, b) is matched */
    for (uint32_t k = 0; k <= m->size; k++) {
        bool tail = k == m->size;
        uint32_t ea = tail ? A->size : m->contents[k].a, eb = tail ? B->size : m->contents[k].b;
        /* Forwards from the last run, backwards from this anchor. */
        while (a < ea && b < eb && line_eq(&A->contents[a], &B->contents[b]))
            a++, b++;
        uint32_t ta = ea, tb = eb;
        if (!tail)
            while (ta > a && tb > b && line_eq(&A->contents[ta - 1], &B->contents[tb - 1]))
                ta--, tb--;
        align(A, B, a, ta, b, tb, tail, out);
        if (tail)
            break;
        a = ea + 1;
        b = eb + 1;
    }
}

int core_log_rewrites(const char *base, size_t base_len, const CoreDoc *doc, CoreRewriteList *out)
{
    memset(out, 0, sizeof *out);
    LineArray A = {0}, B = {0};
    split_base(base, base_len, &A);
    uint32_t n = core_doc_line_count(doc);
    /* The model's last line is empty after a final terminator: it is no line of the text. */
    size_t last_len;
    core_doc_line(doc, n - 1, &last_len);
    if (n > 1 && last_len == 0)
        n--;
    array_reserve(&B, n);
    for (uint32_t l = 0; l < n; l++) {
        size_t len;
        const char *s = core_doc_line(doc, l, &len);
        array_push(&B, ((Line){s, (uint32_t)len, 0}));
    }
    /* The common case, the log appended to: every committed line is where it was. */
    uint32_t p = 0;
    while (p < A.size && p < B.size && line_eq(&A.contents[p], &B.contents[p]))
        p++;
    if (p == A.size) {
        array_delete(&A);
        array_delete(&B);
        return 0;
    }
    for (uint32_t i = p; i < A.size; i++)
        A.contents[i].hash = core_fnv1a(A.contents[i].s, A.contents[i].len);
    for (uint32_t i = p; i < B.size; i++)
        B.contents[i].hash = core_fnv1a(B.contents[i].s, B.contents[i].len);
    MatchArray m = {0};
    anchors(&A, &B, p, &m);
    RewriteArray rw = {0};
    gaps(&A, &B, p, &m, &rw);
    array_delete(&m);
    /* Ralph's Codebase Patterns are kept up to date in place: rewrites inside them (on both sides) are no fault. */
    uint32_t pa0, pa1, pb0, pb1;
    patterns_span(&A, &pa0, &pa1);
    patterns_span(&B, &pb0, &pb1);
    uint32_t w = 0;
    for (uint32_t i = 0; i < rw.size; i++) {
        const CoreRewrite *r = &rw.contents[i];
        bool inside = pa1 > pa0 && r->old_line > pa0 && r->old_line + r->old_count <= pa1 && r->line > pb0 &&
                      r->line + r->count <= pb1;
        if (!inside)
            rw.contents[w++] = *r;
    }
    rw.size = w;
    array_delete(&A);
    array_delete(&B);
    out->items = rw.contents;
    out->count = rw.size;
    return 0;
}

void core_rewrite_list_free(CoreRewriteList *list)
{
    core_list_free(list, NULL);
}
