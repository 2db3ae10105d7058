/* path_index.h — the in-memory index of one root's files and folders: compact storage, lookup, listing, fuzzy ranking. */
#ifndef LSP_PATH_INDEX_H
#define LSP_PATH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Paths are relative to the root, '/'-separated, without "." or ".." segments, without a leading or
 * trailing '/' (lsp_path_normalize makes them so). All paths live in one arena of NUL-terminated
 * strings; an entry is a few integers into it. Folders are derived from the files: adding "a/b/c.txt"
 * also adds "a" and "a/b", and a folder goes away with its last file.
 */
typedef struct LspPathIndex LspPathIndex;

typedef enum {
    LSP_PATH_NONE = 0,
    LSP_PATH_FILE = 1,
    LSP_PATH_DIR = 2,
} LspPathKind;

/* One ranked result: an entry id (valid until the index next changes) and its score. */
typedef struct {
    uint32_t id;
    int32_t score;
} LspPathMatch;

/* A new empty index. Caller frees with lsp_path_index_free. */
LspPathIndex *lsp_path_index_new(void);
void lsp_path_index_free(LspPathIndex *idx);
/* Forgets every path, keeping the memory for the next fill. */
void lsp_path_index_clear(LspPathIndex *idx);

/*
 * Cleans `len` bytes of `path` (borrowed) into `out` (at least len + 1 bytes): drops "." segments,
 * repeated and trailing '/', a leading "./". Returns the cleaned length (0 for the root itself), or
 * CORE_EINVAL for an absolute path, a ".." segment, a backslash, a NUL or a control byte: such a path
 * names nothing inside the root.
 */
int lsp_path_normalize(const char *path, size_t len, char *out);

/*
 * Joins the normalized folder `dir` (borrowed, `dir_len` bytes, empty for the root) with the relative
 * `rel` (borrowed), resolving "." and ".." by text, into `out` (at least dir_len + rel_len + 2 bytes).
 * Returns the length, or CORE_EINVAL when `rel` is absolute, holds a bad byte or climbs above the root.
 */
int lsp_path_join(const char *dir, size_t dir_len, const char *rel, size_t rel_len, char *out);

/* Adds the file `path` (borrowed, normalized, non-empty) and its folders. Returns 0, or CORE_EINVAL
 * when the path is too long or is already a folder. Adding a known file again changes nothing. */
int lsp_path_index_add(LspPathIndex *idx, const char *path, size_t len);

/* Removes `path` (borrowed, normalized): a file, or a folder and everything under it, then any folder
 * left empty. Returns the number of files removed. */
size_t lsp_path_index_remove(LspPathIndex *idx, const char *path, size_t len);

/* What `path` (borrowed, normalized) is in the index; the empty path is the root folder. */
LspPathKind lsp_path_index_kind(const LspPathIndex *idx, const char *path, size_t len);

uint32_t lsp_path_index_file_count(const LspPathIndex *idx);
uint32_t lsp_path_index_dir_count(const LspPathIndex *idx);
/* Bytes held by the index (arena, entries and hash table), for the benchmark's figures. */
size_t lsp_path_index_memory(const LspPathIndex *idx);

/* The path of entry `id` (borrowed, NUL-terminated, valid until the index changes) and its kind. */
const char *lsp_path_index_path(const LspPathIndex *idx, uint32_t id, size_t *len);
LspPathKind lsp_path_index_entry_kind(const LspPathIndex *idx, uint32_t id);

typedef enum {
    /* The pattern against the whole path ("s/a/tok" finds src/auth/token.py). */
    LSP_MATCH_PATH = 0,
    /* The pattern against the file or folder name, its first character at the start of a word of the
     * name ("tok" finds token.py and access_token.py, not stock.py), as editors filter completions. */
    LSP_MATCH_NAME = 1,
} LspMatchMode;

/*
 * Ranks every file and folder under the folder `scope` (borrowed, normalized; empty for the whole
 * root) against `pattern` (borrowed) with core_fuzzy_score and writes the best `limit` to `out`
 * (caller's array), best first: higher score, then shorter path, then byte order. Returns how many
 * were written; `*matched` (may be NULL) gets how many matched in all. The index remembers the
 * matches, so a next call whose pattern extends this one (typing) scores only those.
 */
size_t lsp_path_index_match(LspPathIndex *idx, LspMatchMode mode, const char *scope, size_t scope_len,
                            const char *pattern, size_t pattern_len, LspPathMatch *out, size_t limit, size_t *matched);

/*
 * The direct children of folder `dir` (borrowed, normalized; empty for the root), folders first, then
 * by byte order, at most `limit` into `out`. Returns how many were written; `*total` (may be NULL) gets
 * how many children there are. Scores are 0.
 */
size_t lsp_path_index_children(const LspPathIndex *idx, const char *dir, size_t dir_len, LspPathMatch *out,
                               size_t limit, size_t *total);

/*
 * The completions for a path being typed, `token` (borrowed, `len` bytes), as a path completion
 * offers them: nothing typed or a known folder ending in '/' lists that folder's children; a known
 * folder then more ("src/tok") ranks the names under that folder (LSP_MATCH_NAME); a bare word ranks
 * every name; anything else ("s/a/tok") ranks whole paths (LSP_MATCH_PATH). Returns how many were
 * written to `out`; `*total` (may be NULL) gets how many matched.
 */
size_t lsp_path_index_complete(LspPathIndex *idx, const char *token, size_t len, LspPathMatch *out, size_t limit,
                               size_t *total);

#endif
