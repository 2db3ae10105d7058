/* path_index.h — the in-memory index of one root's files and folders: storage (path_store.c), ranking (path_rank.c). */
#ifndef LSP_PATH_INDEX_H
#define LSP_PATH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index/path_text.h"

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

/* Adds the file `path` (borrowed, normalized, non-empty) and its folders. Returns 0, or UV_EINVAL
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

/*
 * Iterates over the index's files (never folders or removed entries): start with *cursor = 0; each call sets
 * *id to the next file and returns true, or returns false after the last. Do not change the index meanwhile.
 */
bool lsp_path_index_next_file(const LspPathIndex *idx, uint32_t *cursor, uint32_t *id);

typedef enum {
    /* The pattern against the whole path ("s/a/tok" finds src/auth/token.py). */
    LSP_MATCH_PATH = 0,
    /* The pattern against the file or folder name, its first character at the start of a word of the
     * name ("tok" finds token.py and access_token.py, not stock.py), as editors filter completions. */
    LSP_MATCH_NAME = 1,
} LspMatchMode;

/*
 * Ranks every file and folder (not editors' scratch files) under the folder `scope` (borrowed, normalized; empty for the whole
 * root) against `pattern` (borrowed) with core_fuzzy_score and writes the best `limit` to `out`
 * (caller's array), best first: changed files first, then higher score, then shorter path, then byte order. Returns how many
 * were written; `*matched` (may be NULL) gets how many the index keeps for the next call: every match, and, once
 * `limit` are kept, candidates passed over unread because not even a perfect match of their length could enter (so
 * an upper bound on the matches then). A next call whose pattern extends this one (typing) looks at only those.
 */
size_t lsp_path_index_match(LspPathIndex *idx, LspMatchMode mode, const char *scope, size_t scope_len,
                            const char *pattern, size_t pattern_len, LspPathMatch *out, size_t limit, size_t *matched);

/* A path as written somewhere (borrowed), not yet cleaned. */
typedef struct {
    const char *path;
    size_t len;
} LspPathRef;

/*
 * The completions for a path being typed, `token` (borrowed, `len` bytes), in one list: when the
 * token's folder part names a known folder ("" for the root, "src/", "src/to"), that folder's own
 * entries (files and folders) whose names match the rest first, then the files and folders anywhere
 * below it whose names match (with nothing after the folder part, its own entries then the files below
 * it; with nothing typed at all, the root's own entries only); otherwise
 * ("s/a/tok") whole paths. Within each group: files git shows changed or untracked (and folders
 * holding them) first, then by match quality, then (own entries) folders first, then shorter, then
 * byte order. The `listed_count` paths of `listed` (borrowed, as written in the document) come last;
 * editors' scratch files (core_name_is_scratch) never come. When a word was typed after the folder part,
 * the matches are followed by the own entries of the first 8 folders among them (folders first, then by name), so that a client filtering the list
 * itself finds a folder's contents and a folder is never a sole match. Returns how many were written to
 * `out` (at most `limit`); `*total` (may be NULL) gets how many matched (an upper bound, as `*matched` above) or
 * were carried.
 */
size_t lsp_path_index_complete(LspPathIndex *idx, const char *token, size_t len, const LspPathRef *listed,
                               size_t listed_count, LspPathMatch *out, size_t limit, size_t *total);

/*
 * Git's view of the files, for ranking (lsp_path_index_complete puts changed files first): marks the
 * file `path` (borrowed, normalized) changed or untracked when `changed`, else clean; a folder ranks as
 * changed while a file under it is. Marks live as long as the file's entry (lsp_path_index_clear and a
 * new index start clean). Returns 0, or UV_ENOENT when `path` is not a file of the index.
 */
int lsp_path_index_set_changed(LspPathIndex *idx, const char *path, size_t len, bool changed);
/* Marks every file clean, before marking the changed ones of a fresh `git status`. */
void lsp_path_index_clear_changed(LspPathIndex *idx);
/* Whether entry `id` is a changed file or a folder holding one. */
bool lsp_path_index_changed(const LspPathIndex *idx, uint32_t id);

#endif
