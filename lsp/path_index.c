/* path_index.c — one root's files and folders in an arena of NUL-terminated paths, with a hash set and fuzzy ranking. */
#include "path_index.h"

#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"

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
    uint8_t flags;
} Entry;

struct LspPathIndex {
    Array(char) arena;
    Array(Entry) entries;
    uint32_t *slots; /* open addressing, linear probing: entry id + 1, 0 = empty */
    uint32_t slot_mask;
    uint32_t live;   /* entries in the hash table */
    uint32_t dead;
    uint32_t files;
    uint32_t dirs;
};

/* FNV-1a: short paths, and it spreads the common prefixes well enough for linear probing. */
static uint32_t hash_of(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
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
    free(idx->slots);
    free(idx);
}

void lsp_path_index_clear(LspPathIndex *idx)
{
    array_clear(&idx->arena);
    array_clear(&idx->entries);
    if (idx->slots)
        memset(idx->slots, 0, ((size_t)idx->slot_mask + 1) * sizeof *idx->slots);
    idx->live = idx->dead = idx->files = idx->dirs = 0;
}

int lsp_path_normalize(const char *path, size_t len, char *out)
{
    if (len && path[0] == '/')
        return CORE_EINVAL;
    size_t n = 0, i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && path[j] != '/') {
            unsigned char c = (unsigned char)path[j];
            if (c < 0x20 || c == 0x7f || c == '\\')
                return CORE_EINVAL;
            j++;
        }
        size_t seg = j - i;
        if (seg == 2 && path[i] == '.' && path[i + 1] == '.')
            return CORE_EINVAL;
        if (seg && !(seg == 1 && path[i] == '.')) {
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

static uint32_t entry_add(LspPathIndex *idx, const char *path, size_t len, uint32_t hash, uint32_t parent,
                          uint8_t flags)
{
    if ((size_t)idx->live * 2 + 2 > (size_t)idx->slot_mask + 1 || !idx->slots)
        rehash(idx, idx->slots ? (idx->slot_mask + 1) * 2 : 1024);
    uint32_t off = idx->arena.size;
    array_grow_by(&idx->arena, (uint32_t)len + 1);
    memcpy(idx->arena.contents + off, path, len);
    idx->arena.contents[off + len] = '\0';
    Entry e = {.off = off, .parent = parent, .hash = hash, .len = (uint16_t)len, .flags = flags};
    array_push(&idx->entries, e);
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
    uint32_t hash = hash_of(path, len);
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
    uint32_t hash = hash_of(path, len);
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
        idx->entries.contents[next++] = e;
    }
    free(map);
    idx->entries.size = next;
    idx->arena.size = arena_next;
    idx->dead = 0;
    rehash(idx, idx->slot_mask + 1);
}

size_t lsp_path_index_remove(LspPathIndex *idx, const char *path, size_t len)
{
    uint32_t id = find(idx, path, len, hash_of(path, len));
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
    uint32_t id = find(idx, path, len, hash_of(path, len));
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

size_t lsp_path_index_match(const LspPathIndex *idx, const char *pattern, size_t pattern_len, LspPathMatch *out,
                            size_t limit, size_t *matched)
{
    Heap h = {.idx = idx, .items = out, .cap = limit, .better = better_match};
    size_t count = 0;
    for (uint32_t id = 0; id < idx->entries.size; id++) {
        const Entry *e = &idx->entries.contents[id];
        if (e->flags & FLAG_DEAD)
            continue;
        int32_t score = core_fuzzy_score(pattern, pattern_len, entry_path(idx, e), e->len);
        if (score < 0)
            continue;
        count++;
        heap_offer(&h, (LspPathMatch){.id = id, .score = score});
    }
    if (matched)
        *matched = count;
    return heap_finish(&h);
}

size_t lsp_path_index_children(const LspPathIndex *idx, const char *dir, size_t dir_len, LspPathMatch *out,
                               size_t limit, size_t *total)
{
    uint32_t parent = NO_ENTRY;
    if (dir_len) {
        parent = find(idx, dir, dir_len, hash_of(dir, dir_len));
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
