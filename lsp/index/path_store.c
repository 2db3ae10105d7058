/* path_store.c — the path index's storage: one arena of NUL-terminated paths, entries, a hash set, compaction, marks. */
#include "index/path_store.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "index/path_text.h"
#include "progress/alloc.h"
#include "progress/core.h"
#include "progress/hash.h"

enum {
    MAX_PATH_LEN = 4096,
    /* Compaction waits for this much garbage, so a burst of deletions does not rebuild again and again. */
    COMPACT_MIN_DEAD = 4096,
};

uint64_t lsp_path_char_mask(const char *s, size_t len)
{
    uint64_t m = 0;
    for (size_t i = 0; i < len; i++)
        m |= lsp_path_char_bit((unsigned char)s[i]);
    return m;
}

static bool is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static LspPathFilter filter_of(const char *path, size_t len, size_t base)
{
    LspPathFilter f = {.path = lsp_path_char_mask(path, len), .name = lsp_path_char_mask(path + base, len - base)};
    for (size_t i = base; i < len; i++) {
        unsigned char c = (unsigned char)path[i], prev = i > base ? (unsigned char)path[i - 1] : 0;
        bool start = i == base || (is_alnum(c) && !is_alnum(prev)) ||
                     (c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z') ||
                     (c >= '0' && c <= '9' && !(prev >= '0' && prev <= '9'));
        if (start)
            f.starts |= lsp_path_char_bit(c);
    }
    return f;
}

static uint32_t find(const LspPathIndex *idx, const char *path, size_t len, uint32_t hash)
{
    if (!idx->slots)
        return LSP_PATH_NO_ENTRY;
    for (uint32_t s = hash & idx->slot_mask;; s = (s + 1) & idx->slot_mask) {
        uint32_t v = idx->slots[s];
        if (!v)
            return LSP_PATH_NO_ENTRY;
        const LspPathEntry *e = &idx->entries.contents[v - 1];
        if (e->hash == hash && e->len == len && memcmp(lsp_path_entry_text(idx, e), path, len) == 0)
            return v - 1;
    }
}

uint32_t lsp_path_store_find(const LspPathIndex *idx, const char *path, size_t len)
{
    return find(idx, path, len, core_fnv1a(path, len));
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
        if (!(idx->entries.contents[id].flags & LSP_PATH_F_DEAD))
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
    if (!(flags & LSP_PATH_F_DIR) && core_name_is_scratch(path + base, len - base))
        flags |= LSP_PATH_F_SCRATCH;
    LspPathEntry e = {.off = off, .parent = parent, .hash = hash, .len = (uint16_t)len, .base = (uint16_t)base, .flags = flags};
    array_push(&idx->entries, e);
    array_push(&idx->filters, filter_of(path, len, base));
    uint32_t id = idx->entries.size - 1;
    slot_insert(idx, id);
    idx->live++;
    if (flags & LSP_PATH_F_DIR)
        idx->dirs++;
    else
        idx->files++;
    if (parent != LSP_PATH_NO_ENTRY)
        idx->entries.contents[parent].children++;
    return id;
}

/* The folder entry for `path`, created with its own parents when missing; LSP_PATH_NO_ENTRY for the root or a file in the way. */
static uint32_t dir_get(LspPathIndex *idx, const char *path, size_t len)
{
    if (len == 0)
        return LSP_PATH_NO_ENTRY;
    uint32_t hash = core_fnv1a(path, len);
    uint32_t id = find(idx, path, len, hash);
    if (id != LSP_PATH_NO_ENTRY)
        return id;
    size_t cut = len;
    while (cut > 0 && path[cut - 1] != '/')
        cut--;
    uint32_t parent = dir_get(idx, path, cut ? cut - 1 : 0);
    return entry_add(idx, path, len, hash, parent, LSP_PATH_F_DIR);
}

int lsp_path_index_add(LspPathIndex *idx, const char *path, size_t len)
{
    if (len == 0 || len > MAX_PATH_LEN)
        return UV_EINVAL;
    uint32_t hash = core_fnv1a(path, len);
    uint32_t id = find(idx, path, len, hash);
    if (id != LSP_PATH_NO_ENTRY)
        return (idx->entries.contents[id].flags & LSP_PATH_F_DIR) ? UV_EINVAL : 0;
    size_t cut = len;
    while (cut > 0 && path[cut - 1] != '/')
        cut--;
    uint32_t parent = LSP_PATH_NO_ENTRY;
    if (cut) {
        parent = dir_get(idx, path, cut - 1);
        if (parent != LSP_PATH_NO_ENTRY && !(idx->entries.contents[parent].flags & LSP_PATH_F_DIR))
            return UV_EINVAL; /* "a/b" when "a" is a file */
    }
    entry_add(idx, path, len, hash, parent, 0);
    return 0;
}

/* Adds `delta` to the changed count of every folder above entry `id`. */
static void changed_above(LspPathIndex *idx, uint32_t id, int delta)
{
    for (uint32_t p = idx->entries.contents[id].parent; p != LSP_PATH_NO_ENTRY; p = idx->entries.contents[p].parent)
        idx->entries.contents[p].changed += (uint32_t)delta;
}

static void entry_kill(LspPathIndex *idx, uint32_t id)
{
    LspPathEntry *e = &idx->entries.contents[id];
    if (!(e->flags & LSP_PATH_F_DIR) && e->changed) {
        e->changed = 0;
        changed_above(idx, id, -1);
    }
    slot_remove(idx, id);
    e->flags |= LSP_PATH_F_DEAD;
    idx->live--;
    idx->dead++;
    idx->removals++;
    if (e->flags & LSP_PATH_F_DIR)
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
        LspPathEntry e = idx->entries.contents[id];
        if (e.flags & LSP_PATH_F_DEAD) {
            map[id] = LSP_PATH_NO_ENTRY;
            continue;
        }
        map[id] = next;
        memmove(idx->arena.contents + arena_next, idx->arena.contents + e.off, (size_t)e.len + 1);
        e.off = arena_next;
        e.parent = e.parent == LSP_PATH_NO_ENTRY ? LSP_PATH_NO_ENTRY : map[e.parent];
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
    if (id == LSP_PATH_NO_ENTRY)
        return 0;
    size_t removed = 0;
    if (idx->entries.contents[id].flags & LSP_PATH_F_DIR) {
        /* Everything under the folder: a linear pass, as deleting a folder is rare next to typing. */
        for (uint32_t k = 0; k < idx->entries.size; k++) {
            LspPathEntry *e = &idx->entries.contents[k];
            if (!(e->flags & LSP_PATH_F_DEAD) && e->len > len && lsp_path_entry_text(idx, e)[len] == '/' &&
                memcmp(lsp_path_entry_text(idx, e), path, len) == 0) {
                removed += !(e->flags & LSP_PATH_F_DIR);
                entry_kill(idx, k);
            }
        }
        idx->entries.contents[id].children = 0;
    } else {
        removed = 1;
    }
    uint32_t parent = idx->entries.contents[id].parent;
    entry_kill(idx, id);
    while (parent != LSP_PATH_NO_ENTRY && --idx->entries.contents[parent].children == 0) {
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
    if (id == LSP_PATH_NO_ENTRY)
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
    return sizeof *idx + idx->arena.capacity + (size_t)idx->entries.capacity * sizeof(LspPathEntry) +
           (size_t)idx->filters.capacity * sizeof(LspPathFilter) + (size_t)idx->cache.items.capacity * sizeof(LspPathMatch) +
           (idx->slots ? ((size_t)idx->slot_mask + 1) * sizeof *idx->slots : 0);
}

const char *lsp_path_index_path(const LspPathIndex *idx, uint32_t id, size_t *len)
{
    const LspPathEntry *e = &idx->entries.contents[id];
    if (len)
        *len = e->len;
    return lsp_path_entry_text(idx, e);
}

bool lsp_path_index_next_file(const LspPathIndex *idx, uint32_t *cursor, uint32_t *id)
{
    while (*cursor < idx->entries.size) {
        uint32_t i = (*cursor)++;
        if (!(idx->entries.contents[i].flags & (LSP_PATH_F_DIR | LSP_PATH_F_DEAD))) {
            *id = i;
            return true;
        }
    }
    return false;
}

LspPathKind lsp_path_index_entry_kind(const LspPathIndex *idx, uint32_t id)
{
    return (idx->entries.contents[id].flags & LSP_PATH_F_DIR) ? LSP_PATH_DIR : LSP_PATH_FILE;
}


int lsp_path_index_set_changed(LspPathIndex *idx, const char *path, size_t len, bool changed)
{
    uint32_t id = lsp_path_store_find(idx, path, len);
    if (id == LSP_PATH_NO_ENTRY || (idx->entries.contents[id].flags & LSP_PATH_F_DIR))
        return UV_ENOENT;
    LspPathEntry *e = &idx->entries.contents[id];
    if ((e->changed != 0) != changed) {
        e->changed = changed;
        changed_above(idx, id, changed ? 1 : -1);
    }
    return 0;
}

void lsp_path_index_clear_changed(LspPathIndex *idx)
{
    for (uint32_t id = 0; id < idx->entries.size; id++)
        idx->entries.contents[id].changed = 0;
}

bool lsp_path_index_changed(const LspPathIndex *idx, uint32_t id)
{
    return idx->entries.contents[id].changed != 0;
}
