/* path_store.h — inside the path index, shared by its storage (path_store.c) and its ranking (path_rank.c). */
#ifndef LSP_PATH_STORE_H
#define LSP_PATH_STORE_H

#include "index/path_index.h"
#include "progress/array.h"

enum {
    LSP_PATH_F_DIR = 1,
    LSP_PATH_F_DEAD = 2,
    LSP_PATH_F_SCRATCH = 4, /* an editor's temporary or backup file (core_name_is_scratch): never offered */
};

#define LSP_PATH_NO_ENTRY UINT32_MAX

typedef struct {
    uint32_t off;      /* start of the path in the arena */
    uint32_t parent;   /* the folder's entry, LSP_PATH_NO_ENTRY at the root */
    uint32_t hash;
    uint32_t children; /* folders: live entries directly inside */
    uint32_t changed;  /* files: 1 when git shows them changed or untracked; folders: such files below */
    uint16_t len;
    uint16_t base;     /* where the last segment (the file or folder name) starts */
    uint8_t flags;
} LspPathEntry;

/* Per entry, which characters occur (lsp_path_char_bit): most candidates fail one of these tests and are never scored. */
typedef struct {
    uint64_t path;   /* anywhere in the path */
    uint64_t name;   /* in the last segment */
    uint64_t starts; /* at a word start of the last segment: its start, after punctuation, a camelCase hump, digits */
} LspPathFilter;

/*
 * The last match's survivors with their scores. Typing one more character can only narrow them (a
 * subsequence of the longer pattern is a subsequence of the shorter), so the next match rescores these
 * instead of everything, plus what was added since; the same pattern again (the client asking anew)
 * rescores nothing but the survivors left unscored (path_rank.c's UNSCORED: their bound could not enter the
 * answer). A removal invalidates it, as entry ids may then change.
 */
typedef struct {
    bool valid;
    bool grouped;
    LspMatchMode mode;
    uint32_t removals; /* the index's removal count when this was taken */
    uint32_t seen;     /* entries [0, seen) were considered */
    char pattern[128];
    size_t pattern_len;
    uint32_t scope; /* the folder matched under, LSP_PATH_NO_ENTRY for the whole root */
    Array(LspPathMatch) items;
} LspMatchCache;

struct LspPathIndex {
    Array(char) arena;
    Array(LspPathEntry) entries;
    Array(LspPathFilter) filters;
    uint32_t removals; /* bumped when entries go away, which invalidates the match cache */
    LspMatchCache cache;
    uint32_t *slots; /* open addressing, linear probing: entry id + 1, 0 = empty */
    uint32_t slot_mask;
    uint32_t live; /* entries in the hash table */
    uint32_t dead;
    uint32_t files;
    uint32_t dirs;
};

/* The entry of `path` (borrowed, normalized), or LSP_PATH_NO_ENTRY. */
uint32_t lsp_path_store_find(const LspPathIndex *idx, const char *path, size_t len);

static inline const char *lsp_path_entry_text(const LspPathIndex *idx, const LspPathEntry *e)
{
    return idx->arena.contents + e->off;
}

/* The bit of byte `c` in a character mask: letters case-folded, digits and path punctuation their own, the rest shared. */
static inline uint64_t lsp_path_char_bit(unsigned char c)
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

/* The characters of s[0, len) as a mask of lsp_path_char_bit. */
uint64_t lsp_path_char_mask(const char *s, size_t len);

#endif
