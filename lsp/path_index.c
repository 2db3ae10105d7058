/* path_index.c — one root's files and folders in an arena of NUL-terminated paths, with a hash set and fuzzy ranking. */
#include "path_index.h"

#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "progress/hash.h"

enum {
    FLAG_DIR = 1,
    FLAG_DEAD = 2,
    MAX_PATH_LEN = 4096,
    /* Compaction waits for this much garbage, so a burst of deletions does not rebuild again and again. */
    COMPACT_MIN_DEAD = 4096,
};

#define NO_ENTRY UINT32_MAX

typedef struct {
    uint32_t off;      /* start of the path in the arena */
    uint32_t parent;   /* the folder's entry, NO_ENTRY at the root */
    uint32_t hash;
    uint32_t children; /* folders: live entries directly inside */
    uint16_t len;
    uint16_t base;     /* where the last segment (the file or folder name) starts */
    uint8_t flags;
} Entry;

/* Per entry, which characters occur (char_bit): most candidates fail one of these tests and are never scored. */
typedef struct {
    uint64_t path;   /* anywhere in the path */
    uint64_t name;   /* in the last segment */
    uint64_t starts; /* at a word start of the last segment: its start, after punctuation, a camelCase hump, digits */
} Filter;

/*
 * The last match's survivors with their scores. Typing one more character can only narrow them (a
 * subsequence of the longer pattern is a subsequence of the shorter), so the next match rescores these
 * instead of everything, plus what was added since; the same pattern again (the client asking anew)
 * rescores nothing. A removal invalidates it, as entry ids may then change.
 */
typedef struct {
    bool valid;
    LspMatchMode mode;
    uint32_t removals; /* the index's removal count when this was taken */
    uint32_t seen;     /* entries [0, seen) were considered */
    char pattern[128];
    size_t pattern_len;
    uint32_t scope; /* the folder matched under, NO_ENTRY for the whole root */
    Array(LspPathMatch) items;
} MatchCache;

struct LspPathIndex {
    Array(char) arena;
    Array(Entry) entries;
    Array(Filter) filters;
    uint32_t removals;     /* bumped when entries go away, which invalidates the match cache */
    MatchCache cache;
    uint32_t *slots; /* open addressing, linear probing: entry id + 1, 0 = empty */
    uint32_t slot_mask;
    uint32_t live;   /* entries in the hash table */
    uint32_t dead;
    uint32_t files;
    uint32_t dirs;
};

/* The bit of byte `c` in a character mask: letters case-folded, digits and path punctuation their own, the rest shared. */
static inline uint64_t char_bit(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    if (c >= 'a' && c <= 'z')
        return 1ull << (c - 'a');
    if (c >= '0' && c <= '9')
        return 1ull << (26 + c - '0');
    switch (c) {
    case '_': return 1ull << 36;
    case '-': return 1ull << 37;
    case '.': return 1ull << 38;
    case '/': return 1ull << 39;
    default: return 1ull << (40 + c % 24);
    }
}

static uint64_t mask_of(const char *s, size_t len)
{
    uint64_t m = 0;
    for (size_t i = 0; i < len; i++)
        m |= char_bit((unsigned char)s[i]);
    return m;
}

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static Filter filter_of(const char *path, size_t len, size_t base)
{
    Filter f = {.path = mask_of(path, len), .name = mask_of(path + base, len - base)};
    for (size_t i = base; i < len; i++) {
        unsigned char c = (unsigned char)path[i], prev = i > base ? (unsigned char)path[i - 1] : 0;
        bool start = i == base || (is_alnum(c) && !is_alnum(prev)) ||
                     (c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z') ||
                     (c >= '0' && c <= '9' && !(prev >= '0' && prev <= '9'));
        if (start)
            f.starts |= char_bit(c);
    }
    return f;
}

static const char *entry_path(const LspPathIndex *idx, const Entry *e)
{
    return idx->arena.contents + e->off;
}

static uint32_t find(const LspPathIndex *idx, const char *path, size_t len, uint32_t hash)
{
    if (!idx->slots)
        return NO_ENTRY;
    for (uint32_t s = hash & idx->slot_mask;; s = (s + 1) & idx->slot_mask) {
        uint32_t v = idx->slots[s];
        if (!v)
            return NO_ENTRY;
        const Entry *e = &idx->entries.contents[v - 1];
        if (e->hash == hash && e->len == len && memcmp(entry_path(idx, e), path, len) == 0)
            return v - 1;
    }
}

static void slot_insert(LspPathIndex *idx, uint32_t id)
{
    uint32_t s = idx->entries.contents[id].hash & idx->slot_mask;
    while (idx->slots[s])
        s = (s + 1) & idx->slot_mask;
    idx->slots[s] = id + 1;
}

static void rehash(LspPathIndex *idx, uint32_t capacity)
{
    free(idx->slots);
    idx->slots = core_xcalloc(capacity, sizeof *idx->slots);
    idx->slot_mask = capacity - 1;
    for (uint32_t id = 0; id < idx->entries.size; id++)
        if (!(idx->entries.contents[id].flags & FLAG_DEAD))
            slot_insert(idx, id);
}

/* Deletes entry `id` from the hash table by backward shifting, so probe chains stay unbroken without tombstones. */
static void slot_remove(LspPathIndex *idx, uint32_t id)
{
    uint32_t s = idx->entries.contents[id].hash & idx->slot_mask;
    while (idx->slots[s] != id + 1)
        s = (s + 1) & idx->slot_mask;
    uint32_t hole = s;
    for (s = (s + 1) & idx->slot_mask; idx->slots[s]; s = (s + 1) & idx->slot_mask) {
        uint32_t home = idx->entries.contents[idx->slots[s] - 1].hash & idx->slot_mask;
        /* The entry may move into the hole only if its home is not cyclically in (hole, s]. */
        bool stays = hole <= s ? (home > hole && home <= s) : (home > hole || home <= s);
        if (!stays) {
            idx->slots[hole] = idx->slots[s];
            hole = s;
        }
    }
    idx->slots[hole] = 0;
}

LspPathIndex *lsp_path_index_new(void)
{
    return core_xcalloc(1, sizeof(LspPathIndex));
}

void lsp_path_index_free(LspPathIndex *idx)
{
    if (!idx)
        return;
    array_delete(&idx->arena);
    array_delete(&idx->entries);
    array_delete(&idx->filters);
    array_delete(&idx->cache.items);
    free(idx->slots);
    free(idx);
}

void lsp_path_index_clear(LspPathIndex *idx)
{
    array_clear(&idx->arena);
    array_clear(&idx->entries);
    array_clear(&idx->filters);
    idx->removals++;
    if (idx->slots)
        memset(idx->slots, 0, ((size_t)idx->slot_mask + 1) * sizeof *idx->slots);
    idx->live = idx->dead = idx->files = idx->dirs = 0;
}

/* Appends the clean segments of `path` to out[0, n); ".." climbs out of `out` when `climb`, else is refused. */
static int clean(const char *path, size_t len, char *out, size_t n, bool climb)
{
    if (len && path[0] == '/')
        return CORE_EINVAL;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && path[j] != '/') {
            unsigned char c = (unsigned char)path[j];
            if (c < 0x20 || c == 0x7f || c == '\\')
                return CORE_EINVAL;
            j++;
        }
        size_t seg = j - i;
        if (seg == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (!climb || n == 0)
                return CORE_EINVAL;
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--;
        } else if (seg && !(seg == 1 && path[i] == '.')) {
            if (n)
                out[n++] = '/';
            memcpy(out + n, path + i, seg);
            n += seg;
        }
        i = j + 1;
    }
    out[n] = '\0';
    return (int)n;
}

int lsp_path_normalize(const char *path, size_t len, char *out)
{
    return clean(path, len, out, 0, false);
}

int lsp_path_join(const char *dir, size_t dir_len, const char *rel, size_t rel_len, char *out)
{
    memcpy(out, dir, dir_len);
    return clean(rel, rel_len, out, dir_len, true);
}

static uint32_t entry_add(LspPathIndex *idx, const char *path, size_t len, uint32_t hash, uint32_t parent,
                          uint8_t flags)
{
    if ((size_t)idx->live * 2 + 2 > (size_t)idx->slot_mask + 1 || !idx->slots)
        rehash(idx, idx->slots ? (idx->slot_mask + 1) * 2 : 1024);
    uint32_t off = idx->arena.size;
    array_grow_by(&idx->arena, (uint32_t)len + 1);
    memcpy(idx->arena.contents + off, path, len);
    idx->arena.contents[off + len] = '\0';
    size_t base = len;
    while (base > 0 && path[base - 1] != '/')
        base--;
    Entry e = {.off = off, .parent = parent, .hash = hash, .len = (uint16_t)len, .base = (uint16_t)base, .flags = flags};
    array_push(&idx->entries, e);
    array_push(&idx->filters, filter_of(path, len, base));
    uint32_t id = idx->entries.size - 1;
    slot_insert(idx, id);
    idx->live++;
    if (flags & FLAG_DIR)
        idx->dirs++;
    else
        idx->files++;
    if (parent != NO_ENTRY)
        idx->entries.contents[parent].children++;
    return id;
}

/* The folder entry for `path`, created with its own parents when missing; NO_ENTRY for the root or a file in the way. */
static uint32_t dir_get(LspPathIndex *idx, const char *path, size_t len)
{
    if (len == 0)
        return NO_ENTRY;
    uint32_t hash = core_fnv1a(path, len);
    uint32_t id = find(idx, path, len, hash);
    if (id != NO_ENTRY)
        return id;
    size_t cut = len;
    while (cut > 0 && path[cut - 1] != '/')
        cut--;
    uint32_t parent = dir_get(idx, path, cut ? cut - 1 : 0);
    return entry_add(idx, path, len, hash, parent, FLAG_DIR);
}

int lsp_path_index_add(LspPathIndex *idx, const char *path, size_t len)
{
    if (len == 0 || len > MAX_PATH_LEN)
        return CORE_EINVAL;
    uint32_t hash = core_fnv1a(path, len);
    uint32_t id = find(idx, path, len, hash);
    if (id != NO_ENTRY)
        return (idx->entries.contents[id].flags & FLAG_DIR) ? CORE_EINVAL : 0;
    size_t cut = len;
    while (cut > 0 && path[cut - 1] != '/')
        cut--;
    uint32_t parent = NO_ENTRY;
    if (cut) {
        parent = dir_get(idx, path, cut - 1);
        if (parent != NO_ENTRY && !(idx->entries.contents[parent].flags & FLAG_DIR))
            return CORE_EINVAL; /* "a/b" when "a" is a file */
    }
    entry_add(idx, path, len, hash, parent, 0);
    return 0;
}

static void entry_kill(LspPathIndex *idx, uint32_t id)
{
    Entry *e = &idx->entries.contents[id];
    slot_remove(idx, id);
    e->flags |= FLAG_DEAD;
    idx->live--;
    idx->dead++;
    idx->removals++;
    if (e->flags & FLAG_DIR)
        idx->dirs--;
    else
        idx->files--;
}

/* Rebuilds the arena and entries without the dead ones; parents are live while any child is, so ids remap cleanly. */
static void compact(LspPathIndex *idx)
{
    uint32_t *map = core_xmalloc((size_t)idx->entries.size * sizeof *map);
    uint32_t next = 0, arena_next = 0;
    for (uint32_t id = 0; id < idx->entries.size; id++) {
        Entry e = idx->entries.contents[id];
        if (e.flags & FLAG_DEAD) {
            map[id] = NO_ENTRY;
            continue;
        }
        map[id] = next;
        memmove(idx->arena.contents + arena_next, idx->arena.contents + e.off, (size_t)e.len + 1);
        e.off = arena_next;
        e.parent = e.parent == NO_ENTRY ? NO_ENTRY : map[e.parent];
        arena_next += (uint32_t)e.len + 1;
        idx->filters.contents[next] = idx->filters.contents[id];
        idx->entries.contents[next++] = e;
    }
    free(map);
    idx->entries.size = next;
    idx->filters.size = next;
    idx->arena.size = arena_next;
    idx->dead = 0;
    rehash(idx, idx->slot_mask + 1);
}

size_t lsp_path_index_remove(LspPathIndex *idx, const char *path, size_t len)
{
    uint32_t id = find(idx, path, len, core_fnv1a(path, len));
    if (id == NO_ENTRY)
        return 0;
    size_t removed = 0;
    if (idx->entries.contents[id].flags & FLAG_DIR) {
        /* Everything under the folder: a linear pass, as deleting a folder is rare next to typing. */
        for (uint32_t k = 0; k < idx->entries.size; k++) {
            Entry *e = &idx->entries.contents[k];
            if (!(e->flags & FLAG_DEAD) && e->len > len && entry_path(idx, e)[len] == '/' &&
                memcmp(entry_path(idx, e), path, len) == 0) {
                removed += !(e->flags & FLAG_DIR);
                entry_kill(idx, k);
            }
        }
        idx->entries.contents[id].children = 0;
    } else {
        removed = 1;
    }
    uint32_t parent = idx->entries.contents[id].parent;
    entry_kill(idx, id);
    while (parent != NO_ENTRY && --idx->entries.contents[parent].children == 0) {
        entry_kill(idx, parent);
        parent = idx->entries.contents[parent].parent;
    }
    if (idx->dead > COMPACT_MIN_DEAD && idx->dead > idx->live)
        compact(idx);
    return removed;
}

LspPathKind lsp_path_index_kind(const LspPathIndex *idx, const char *path, size_t len)
{
    if (len == 0)
        return LSP_PATH_DIR;
    uint32_t id = find(idx, path, len, core_fnv1a(path, len));
    if (id == NO_ENTRY)
        return LSP_PATH_NONE;
    return lsp_path_index_entry_kind(idx, id);
}

uint32_t lsp_path_index_file_count(const LspPathIndex *idx)
{
    return idx->files;
}

uint32_t lsp_path_index_dir_count(const LspPathIndex *idx)
{
    return idx->dirs;
}

size_t lsp_path_index_memory(const LspPathIndex *idx)
{
    return sizeof *idx + idx->arena.capacity + (size_t)idx->entries.capacity * sizeof(Entry) +
           (size_t)idx->filters.capacity * sizeof(Filter) + (size_t)idx->cache.items.capacity * sizeof(LspPathMatch) +
           (idx->slots ? ((size_t)idx->slot_mask + 1) * sizeof *idx->slots : 0);
}

const char *lsp_path_index_path(const LspPathIndex *idx, uint32_t id, size_t *len)
{
    const Entry *e = &idx->entries.contents[id];
    if (len)
        *len = e->len;
    return entry_path(idx, e);
}

LspPathKind lsp_path_index_entry_kind(const LspPathIndex *idx, uint32_t id)
{
    return (idx->entries.contents[id].flags & FLAG_DIR) ? LSP_PATH_DIR : LSP_PATH_FILE;
}

/* ---------------------------------------------------------------- bounded ranking */

/* A min-heap of the best `cap` candidates so far: the root is the worst kept, the one a better candidate evicts. */
typedef struct {
    const LspPathIndex *idx;
    LspPathMatch *items;
    size_t size, cap;
    bool (*better)(const LspPathIndex *idx, LspPathMatch a, LspPathMatch b);
} Heap;

static bool better_match(const LspPathIndex *idx, LspPathMatch a, LspPathMatch b)
{
    if (a.score != b.score)
        return a.score > b.score;
    const Entry *ea = &idx->entries.contents[a.id], *eb = &idx->entries.contents[b.id];
    if (ea->len != eb->len)
        return ea->len < eb->len;
    return strcmp(entry_path(idx, ea), entry_path(idx, eb)) < 0;
}

static bool better_child(const LspPathIndex *idx, LspPathMatch a, LspPathMatch b)
{
    const Entry *ea = &idx->entries.contents[a.id], *eb = &idx->entries.contents[b.id];
    if ((ea->flags & FLAG_DIR) != (eb->flags & FLAG_DIR))
        return ea->flags & FLAG_DIR;
    return strcmp(entry_path(idx, ea), entry_path(idx, eb)) < 0;
}

static void sift_down(Heap *h, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < h->size && h->better(h->idx, h->items[worst], h->items[l]))
            worst = l;
        if (r < h->size && h->better(h->idx, h->items[worst], h->items[r]))
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
            if (!h->better(h->idx, h->items[up], h->items[i]))
                break;
            LspPathMatch t = h->items[i];
            h->items[i] = h->items[up];
            h->items[up] = t;
            i = up;
        }
    } else if (h->better(h->idx, m, h->items[0])) {
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

/* What one match call looks for. */
typedef struct {
    LspMatchMode mode;
    const char *pattern;
    size_t pattern_len;
    uint64_t need;       /* the pattern's characters */
    uint64_t first;      /* NAME: its first character, which must start a word of the name */
    uint32_t scope_off;  /* the scope folder's path in the arena, and its length (0: the whole root) */
    size_t scope_len;
} Query;

/* Scores candidate `id` and offers it to the heap; returns its score, or -1 when it does not match. */
static int32_t consider(LspPathIndex *idx, Heap *h, uint32_t id, const Query *q)
{
    const Entry *e = &idx->entries.contents[id];
    const Filter *f = &idx->filters.contents[id];
    if (q->mode == LSP_MATCH_NAME ? ((f->name & q->need) != q->need || !(f->starts & q->first))
                                  : (f->path & q->need) != q->need)
        return -1;
    if (e->flags & FLAG_DEAD)
        return -1;
    const char *path = entry_path(idx, e);
    if (q->scope_len && (e->len <= q->scope_len || path[q->scope_len] != '/' ||
                         memcmp(path, idx->arena.contents + q->scope_off, q->scope_len) != 0))
        return -1;
    int32_t score = q->mode == LSP_MATCH_NAME
                        ? core_fuzzy_score(q->pattern, q->pattern_len, path + e->base, (size_t)(e->len - e->base))
                        : core_fuzzy_score(q->pattern, q->pattern_len, path, e->len);
    if (score >= 0)
        heap_offer(h, (LspPathMatch){.id = id, .score = score});
    return score;
}

size_t lsp_path_index_match(LspPathIndex *idx, LspMatchMode mode, const char *scope, size_t scope_len,
                            const char *pattern, size_t pattern_len, LspPathMatch *out, size_t limit, size_t *matched)
{
    uint32_t scope_id = NO_ENTRY;
    if (scope_len) {
        scope_id = find(idx, scope, scope_len, core_fnv1a(scope, scope_len));
        if (scope_id == NO_ENTRY || !(idx->entries.contents[scope_id].flags & FLAG_DIR)) {
            if (matched)
                *matched = 0;
            return 0;
        }
    }
    Query q = {
        .mode = mode,
        .pattern = pattern,
        .pattern_len = pattern_len,
        .need = mask_of(pattern, pattern_len),
        .first = pattern_len ? char_bit((unsigned char)pattern[0]) : ~0ull,
        .scope_off = scope_id == NO_ENTRY ? 0 : idx->entries.contents[scope_id].off,
        .scope_len = scope_len,
    };
    Heap h = {.idx = idx, .items = out, .cap = limit, .better = better_match};
    MatchCache *c = &idx->cache;
    bool narrow = c->valid && c->removals == idx->removals && c->scope == scope_id && c->mode == mode &&
                  starts_folded(pattern, pattern_len, c->pattern, c->pattern_len);
    bool same = narrow && pattern_len == c->pattern_len;
    if (!narrow) {
        array_clear(&c->items);
        c->seen = 0;
    }
    uint32_t kept = 0;
    for (uint32_t k = 0; k < c->items.size; k++) {
        LspPathMatch m = c->items.contents[k];
        if (same)
            heap_offer(&h, m);
        else if ((m.score = consider(idx, &h, m.id, &q)) < 0)
            continue;
        c->items.contents[kept++] = m;
    }
    c->items.size = kept;
    for (uint32_t id = c->seen; id < idx->entries.size; id++) {
        int32_t score = consider(idx, &h, id, &q);
        if (score >= 0)
            array_push(&c->items, ((LspPathMatch){.id = id, .score = score}));
    }
    size_t count = c->items.size;
    c->seen = idx->entries.size;
    c->valid = pattern_len <= sizeof c->pattern;
    c->mode = mode;
    c->removals = idx->removals;
    c->scope = scope_id;
    c->pattern_len = c->valid ? pattern_len : 0;
    if (c->valid)
        memcpy(c->pattern, pattern, pattern_len);
    if (matched)
        *matched = count;
    return heap_finish(&h);
}

size_t lsp_path_index_children(const LspPathIndex *idx, const char *dir, size_t dir_len, LspPathMatch *out,
                               size_t limit, size_t *total)
{
    uint32_t parent = NO_ENTRY;
    if (dir_len) {
        parent = find(idx, dir, dir_len, core_fnv1a(dir, dir_len));
        if (parent == NO_ENTRY || !(idx->entries.contents[parent].flags & FLAG_DIR)) {
            if (total)
                *total = 0;
            return 0;
        }
    }
    Heap h = {.idx = idx, .items = out, .cap = limit, .better = better_child};
    size_t count = 0;
    for (uint32_t id = 0; id < idx->entries.size; id++) {
        const Entry *e = &idx->entries.contents[id];
        if (e->parent != parent || (e->flags & FLAG_DEAD))
            continue;
        count++;
        heap_offer(&h, (LspPathMatch){.id = id, .score = 0});
    }
    if (total)
        *total = count;
    return heap_finish(&h);
}

size_t lsp_path_index_complete(LspPathIndex *idx, const char *token, size_t len, LspPathMatch *out, size_t limit,
                               size_t *total)
{
    size_t slash = len;
    while (slash > 0 && token[slash - 1] != '/')
        slash--;
    if (slash == 0)
        return len ? lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, token, len, out, limit, total)
                   : lsp_path_index_children(idx, "", 0, out, limit, total);
    /* The folder part, cleaned ("./src//" is "src"); a part that cannot name a folder inside the root matches nothing. */
    char stack[512];
    char *dir = slash < sizeof stack ? stack : core_xmalloc(slash + 1);
    int n = lsp_path_normalize(token, slash, dir);
    size_t count;
    if (n < 0) {
        if (total)
            *total = 0;
        count = 0;
    } else if (lsp_path_index_kind(idx, dir, (size_t)n) == LSP_PATH_DIR) {
        count = slash == len ? lsp_path_index_children(idx, dir, (size_t)n, out, limit, total)
                             : lsp_path_index_match(idx, LSP_MATCH_NAME, dir, (size_t)n, token + slash, len - slash, out,
                                                    limit, total);
    } else {
        count = lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, token, len, out, limit, total);
    }
    if (dir != stack)
        free(dir);
    return count;
}
