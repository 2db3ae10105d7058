/* path_rank.c — the path index's ranking: a bounded heap of the best matches, the match cache, path completion. */
#include <stdlib.h>
#include <string.h>

#include "index/path_store.h"
#include "index/path_text.h"
#include "progress/alloc.h"
#include "progress/core.h"

/* What one match call looks for, and how it orders what it finds. */
typedef struct {
    LspMatchMode mode;
    /* Completion: the scope's own entries (files and folders) first, then the files and folders below them
     * whose names match; with nothing typed, a folder's own entries then the files below it, the root's own
     * entries only. */
    bool grouped;
    const char *pattern;
    size_t pattern_len;
    uint64_t need;      /* the pattern's characters */
    uint64_t first;     /* NAME: its first character, which must start a word of the name */
    uint32_t scope;     /* the scope folder's entry, LSP_PATH_NO_ENTRY for the whole root */
    size_t scope_len;   /* its path's length (0: the whole root) */
    const uint32_t *listed; /* entries already listed in the document, ascending: ranked last */
    size_t listed_count;
} Query;

static bool is_listed(const Query *q, uint32_t id)
{
    size_t lo = 0, hi = q->listed_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (q->listed[mid] == id)
            return true;
        if (q->listed[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/*
 * Whether `a` ranks before `b`: not yet listed, then (grouped) the scope's own entries before deeper
 * files, then what git shows changed or untracked, then the higher score, then (own entries) folders,
 * then the shorter path (a folder's own entries listed with nothing typed: by name), then byte order.
 */
static bool better(const LspPathIndex *idx, const Query *q, LspPathMatch a, LspPathMatch b)
{
    bool la = q->listed_count && is_listed(q, a.id), lb = q->listed_count && is_listed(q, b.id);
    if (la != lb)
        return lb;
    const LspPathEntry *ea = &idx->entries.contents[a.id], *eb = &idx->entries.contents[b.id];
    bool own_a = ea->parent == q->scope, own_b = eb->parent == q->scope;
    if (q->grouped && own_a != own_b)
        return own_a;
    if ((ea->changed != 0) != (eb->changed != 0))
        return ea->changed != 0;
    if (a.score != b.score)
        return a.score > b.score;
    bool da = ea->flags & LSP_PATH_F_DIR, db = eb->flags & LSP_PATH_F_DIR;
    if (q->grouped && own_a && da != db)
        return da;
    if ((q->pattern_len || !(q->grouped && own_a)) && ea->len != eb->len)
        return ea->len < eb->len;
    return strcmp(lsp_path_entry_text(idx, ea), lsp_path_entry_text(idx, eb)) < 0;
}

/* A min-heap of the best `cap` candidates so far: the root is the worst kept, the one a better candidate evicts. */
typedef struct {
    const LspPathIndex *idx;
    const Query *q;
    LspPathMatch *items;
    size_t size, cap;
} Heap;

static bool heap_better(const Heap *h, LspPathMatch a, LspPathMatch b)
{
    return better(h->idx, h->q, a, b);
}

static void sift_down(Heap *h, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < h->size && heap_better(h, h->items[worst], h->items[l]))
            worst = l;
        if (r < h->size && heap_better(h, h->items[worst], h->items[r]))
            worst = r;
        if (worst == i)
            return;
        LspPathMatch t = h->items[i];
        h->items[i] = h->items[worst];
        h->items[worst] = t;
        i = worst;
    }
}

static void heap_offer(Heap *h, LspPathMatch m)
{
    if (h->cap == 0)
        return;
    if (h->size < h->cap) {
        size_t i = h->size++;
        h->items[i] = m;
        while (i > 0) {
            size_t up = (i - 1) / 2;
            if (!heap_better(h, h->items[up], h->items[i]))
                break;
            LspPathMatch t = h->items[i];
            h->items[i] = h->items[up];
            h->items[up] = t;
            i = up;
        }
    } else if (heap_better(h, m, h->items[0])) {
        h->items[0] = m;
        sift_down(h, 0);
    }
}

/* Empties the heap into best-first order in place: repeatedly move the worst to the end. */
static size_t heap_finish(Heap *h)
{
    size_t n = h->size;
    while (h->size > 1) {
        LspPathMatch t = h->items[0];
        h->items[0] = h->items[--h->size];
        h->items[h->size] = t;
        sift_down(h, 0);
    }
    return n;
}

/* Whether `a` (`alen` bytes) starts with `b` ignoring ASCII case, as the matcher does. */
static bool starts_folded(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen < blen)
        return false;
    for (size_t i = 0; i < blen; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y && !((x | 32) == (y | 32) && (x | 32) >= 'a' && (x | 32) <= 'z'))
            return false;
    }
    return true;
}

/* Whether entry `e` is below the scope folder of `q`: found up its folders (hot in the cache, where the paths' text
 * is not), stopping at the first one shorter than the scope. */
static bool below(const LspPathIndex *idx, const LspPathEntry *e, const Query *q)
{
    for (uint32_t up = e->parent; up != LSP_PATH_NO_ENTRY; up = idx->entries.contents[up].parent) {
        if (up == q->scope)
            return true;
        if (idx->entries.contents[up].len < q->scope_len)
            return false;
    }
    return false;
}

/* A cached candidate not scored: its bound, or a perfect match of its length, could not beat the worst kept (consider). */
enum { UNSCORED = -2 };

/*
 * Scores candidate `id` and offers it to the heap; returns its score, -1 when it is not a candidate or does not
 * match, or UNSCORED when it matches but its score's upper bound cannot beat the heap's worst (the heap is full
 * and its worst only gets better, so the candidate could never be kept): the alignment, most of a broad query's
 * cost, is then skipped.
 */
static int32_t consider(const LspPathIndex *idx, Heap *h, uint32_t id, const Query *q)
{
    const LspPathEntry *e = &idx->entries.contents[id];
    const LspPathFilter *f = &idx->filters.contents[id];
    if (q->mode == LSP_MATCH_NAME ? ((f->name & q->need) != q->need || !(f->starts & q->first))
                                  : (f->path & q->need) != q->need)
        return -1;
    if (e->flags & (LSP_PATH_F_DEAD | LSP_PATH_F_SCRATCH))
        return -1;
    /* Nothing typed: the root's own entries only, a folder's own entries then the files below it; a word also finds
     * files and folders deeper down. */
    if (q->grouped && !q->pattern_len && e->parent != q->scope &&
        (q->scope == LSP_PATH_NO_ENTRY || (e->flags & LSP_PATH_F_DIR)))
        return -1;
    if (q->scope_len && !below(idx, e, q))
        return -1;
    size_t len = q->mode == LSP_MATCH_NAME ? (size_t)(e->len - e->base) : e->len;
    /* Not even a perfect match of this length could enter: passed over without reading its text (a cache miss per
       candidate, most of a broad keystroke's cost); kept as UNSCORED, so a narrower keystroke still looks at it. */
    if (q->pattern_len && h->cap && h->size == h->cap &&
        !heap_better(h, (LspPathMatch){.id = id, .score = core_fuzzy_bound_of_length(q->pattern_len, len)}, h->items[0]))
        return UNSCORED;
    const char *path = lsp_path_entry_text(idx, e);
    int32_t score = 0;
    if (q->pattern_len) {
        const char *text = q->mode == LSP_MATCH_NAME ? path + e->base : path;
        int32_t bound = core_fuzzy_bound(q->pattern, q->pattern_len, text, len);
        if (bound < 0)
            return -1;
        if (h->size == h->cap && (!h->cap || !heap_better(h, (LspPathMatch){.id = id, .score = bound}, h->items[0])))
            return UNSCORED;
        score = core_fuzzy_score(q->pattern, q->pattern_len, text, len);
    }
    heap_offer(h, (LspPathMatch){.id = id, .score = score});
    return score;
}

/* Ranks the candidates of `q` into out[0, limit), best first, through the match cache; *matched gets how many it keeps. */
static size_t rank(LspPathIndex *idx, const Query *q, LspPathMatch *out, size_t limit, size_t *matched)
{
    Heap h = {.idx = idx, .q = q, .items = out, .cap = limit};
    LspMatchCache *c = &idx->cache;
    bool narrow = c->valid && c->removals == idx->removals && c->scope == q->scope && c->mode == q->mode &&
                  c->grouped == q->grouped && starts_folded(q->pattern, q->pattern_len, c->pattern, c->pattern_len) &&
                  (c->pattern_len || !q->pattern_len || !q->grouped); /* "" kept no deeper folder */
    bool same = narrow && q->pattern_len == c->pattern_len;
    if (!narrow) {
        array_clear(&c->items);
        c->seen = 0;
    }
    uint32_t kept = 0;
    for (uint32_t k = 0; k < c->items.size; k++) {
        LspPathMatch m = c->items.contents[k];
        if (same && m.score != UNSCORED)
            heap_offer(&h, m);
        else if ((m.score = consider(idx, &h, m.id, q)) == -1)
            continue;
        c->items.contents[kept++] = m;
    }
    c->items.size = kept;
    for (uint32_t id = c->seen; id < idx->entries.size; id++) {
        int32_t score = consider(idx, &h, id, q);
        if (score != -1)
            array_push(&c->items, ((LspPathMatch){.id = id, .score = score}));
    }
    size_t count = c->items.size;
    c->seen = idx->entries.size;
    c->valid = q->pattern_len <= sizeof c->pattern;
    c->mode = q->mode;
    c->grouped = q->grouped;
    c->removals = idx->removals;
    c->scope = q->scope;
    c->pattern_len = c->valid ? q->pattern_len : 0;
    if (c->valid)
        memcpy(c->pattern, q->pattern, q->pattern_len);
    if (matched)
        *matched = count;
    return heap_finish(&h);
}

/* Fills the scope of `q` from the folder `scope`; false when it is not a folder of the index. */
static bool query_scope(const LspPathIndex *idx, Query *q, const char *scope, size_t scope_len)
{
    q->scope = LSP_PATH_NO_ENTRY;
    q->scope_len = scope_len;
    if (!scope_len)
        return true;
    q->scope = lsp_path_store_find(idx, scope, scope_len);
    if (q->scope == LSP_PATH_NO_ENTRY || !(idx->entries.contents[q->scope].flags & LSP_PATH_F_DIR))
        return false;
    return true;
}

static void query_pattern(Query *q, LspMatchMode mode, const char *pattern, size_t pattern_len)
{
    q->mode = mode;
    q->pattern = pattern;
    q->pattern_len = pattern_len;
    q->need = lsp_path_char_mask(pattern, pattern_len);
    q->first = pattern_len ? lsp_path_char_bit((unsigned char)pattern[0]) : ~0ull;
}

size_t lsp_path_index_match(LspPathIndex *idx, LspMatchMode mode, const char *scope, size_t scope_len,
                            const char *pattern, size_t pattern_len, LspPathMatch *out, size_t limit, size_t *matched)
{
    Query q = {0};
    query_pattern(&q, mode, pattern, pattern_len);
    if (!query_scope(idx, &q, scope, scope_len)) {
        if (matched)
            *matched = 0;
        return 0;
    }
    return rank(idx, &q, out, limit, matched);
}

static int cmp_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The entries of the `count` listed paths (as written in the document: cleaned here), ascending, into `ids`. */
static size_t listed_ids(const LspPathIndex *idx, const LspPathRef *listed, size_t count, uint32_t *ids)
{
    size_t n = 0;
    char stack[512];
    for (size_t i = 0; i < count; i++) {
        char *buf = listed[i].len < sizeof stack ? stack : core_xmalloc(listed[i].len + 1);
        int len = lsp_path_normalize(listed[i].path, listed[i].len, buf);
        uint32_t id = len > 0 ? lsp_path_store_find(idx, buf, (size_t)len) : LSP_PATH_NO_ENTRY;
        if (id != LSP_PATH_NO_ENTRY)
            ids[n++] = id;
        if (buf != stack)
            free(buf);
    }
    if (n)
        qsort(ids, n, sizeof *ids, cmp_id);
    return n;
}

/* A folder's entry carried after the matches: which answered folder it is in, and whether it is a folder itself. */
typedef struct {
    const char *path; /* borrowed from the arena */
    uint32_t id;
    uint32_t folder;  /* the index of its folder in the answer */
    bool dir;
} Carried;

static int cmp_carried(const void *a, const void *b)
{
    const Carried *x = a, *y = b;
    if (x->folder != y->folder)
        return x->folder < y->folder ? -1 : 1;
    if (x->dir != y->dir)
        return x->dir ? -1 : 1;
    return strcmp(x->path, y->path);
}

static bool answered(const LspPathMatch *out, size_t n, uint32_t id)
{
    for (size_t i = 0; i < n; i++)
        if (out[i].id == id)
            return true;
    return false;
}

/*
 * After the `n` matches in out[], the own entries of the first CARRY_FOLDERS folders among them (folders first,
 * then by name, each once), up to `limit`: a client that filters the list itself (lsp-mode, Neovim) then finds
 * `src/auth/` inside `src/` without asking again, and a lone folder is never a sole match. Returns the new count.
 */
enum { CARRY_FOLDERS = 8 };
static size_t carry_folder_entries(const LspPathIndex *idx, LspPathMatch *out, size_t n, size_t limit, size_t *total)
{
    uint32_t folders[CARRY_FOLDERS];
    size_t nf = 0;
    for (size_t i = 0; i < n && nf < CARRY_FOLDERS; i++)
        if (idx->entries.contents[out[i].id].flags & LSP_PATH_F_DIR)
            folders[nf++] = out[i].id;
    if (!nf || n >= limit)
        return n;
    /* A folder's entries come after it (a folder is made before the first path in it) and it counts the live ones:
     * the pass starts after the first folder and stops once they are all seen. */
    uint32_t start = UINT32_MAX, want = 0, seen = 0;
    for (size_t f = 0; f < nf; f++) {
        start = folders[f] < start ? folders[f] : start;
        want += idx->entries.contents[folders[f]].children;
    }
    Array(Carried) found = {0};
    for (uint32_t id = start + 1; id < idx->entries.size && seen < want; id++) {
        const LspPathEntry *e = &idx->entries.contents[id];
        if (e->parent == LSP_PATH_NO_ENTRY || (e->flags & LSP_PATH_F_DEAD))
            continue;
        for (uint32_t f = 0; f < nf; f++) {
            if (e->parent != folders[f])
                continue;
            seen++;
            if (!(e->flags & LSP_PATH_F_SCRATCH) && !answered(out, n, id))
                array_push(&found, ((Carried){lsp_path_entry_text(idx, e), id, f, (e->flags & LSP_PATH_F_DIR) != 0}));
            break;
        }
    }
    if (found.size > 1)
        qsort(found.contents, found.size, sizeof *found.contents, cmp_carried);
    if (total)
        *total += found.size;
    for (uint32_t k = 0; k < found.size && n < limit; k++)
        out[n++] = (LspPathMatch){.id = found.contents[k].id, .score = 0};
    array_delete(&found);
    return n;
}

size_t lsp_path_index_complete(LspPathIndex *idx, const char *token, size_t len, const LspPathRef *listed,
                               size_t listed_count, LspPathMatch *out, size_t limit, size_t *total)
{
    size_t slash = len;
    while (slash > 0 && token[slash - 1] != '/')
        slash--;
    uint32_t *ids = listed_count ? core_xmalloc(listed_count * sizeof *ids) : NULL;
    Query q = {.grouped = true, .listed = ids, .listed_count = listed_ids(idx, listed, listed_count, ids)};
    /* The folder part, cleaned ("./src//" is "src"); a part that cannot name a folder inside the root matches nothing. */
    char stack[512];
    char *dir = slash < sizeof stack ? stack : core_xmalloc(slash + 1);
    int n = lsp_path_normalize(token, slash, dir);
    size_t count = 0;
    if (n >= 0 && query_scope(idx, &q, dir, (size_t)n)) {
        query_pattern(&q, LSP_MATCH_NAME, token + slash, len - slash);
        count = rank(idx, &q, out, limit, total);
    } else if (n >= 0) {
        /* "s/a/tok": not a folder, so the whole typed text against whole paths. */
        q.grouped = false;
        query_scope(idx, &q, "", 0);
        query_pattern(&q, LSP_MATCH_PATH, token, len);
        count = rank(idx, &q, out, limit, total);
    } else if (total) {
        *total = 0;
    }
    if (dir != stack)
        free(dir);
    free(ids);
    /* A word typed: folders among the matches bring their entries (nothing typed lists the folder's own only). */
    return len > slash ? carry_folder_entries(idx, out, count, limit, total) : count;
}
