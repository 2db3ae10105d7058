/* files.h — every read of a file by the binary and every write by a command: bounded, link-refusing, atomic. */
#ifndef LSP_FILES_H
#define LSP_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a read saw of a file: a write refuses when the file is no longer this one (stale state). */
typedef struct {
    uint64_t dev, ino, size;
    int64_t mtime_ns;
} LspFileStamp;

/* The cap the commands and the server use for a progress file, a settings file, a harness file. */
#define LSP_FILE_CAP ((size_t)16 << 20)

/*
 * Reads the regular file `path` whole ("-": standard input): open(O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC),
 * fstat of the descriptor (never stat-then-open), at most `cap` bytes. Returns 0 with *text (NUL-terminated
 * past *len, caller frees) and *stamp when not NULL; or a negative UV_E* code: UV_ELOOP (the path is a link),
 * UV_EINVAL (not a regular file: FIFO, device, folder), UV_EFBIG (larger than cap), others from open/read.
 * lsp_file_strerror(code) words it for a message ("is a symbolic link", "is not a regular file", ...).
 */
int lsp_file_read(const char *path, size_t cap, char **text, size_t *len, LspFileStamp *stamp);

/*
 * The stamp of `path` as it is now, from lstat (a link's own: a link is never the file read): 0, or a negative
 * UV_E* code. lsp_file_stamp_same: whether two stamps are of the same file unchanged (device, inode, size, time).
 */
int lsp_file_stamp(const char *path, LspFileStamp *out);
bool lsp_file_stamp_same(const LspFileStamp *a, const LspFileStamp *b);

/*
 * Replaces (or creates) the file `path` with `bytes` atomically: a temporary made with
 * O_CREAT|O_EXCL|O_NOFOLLOW in the same folder, the old file's mode kept (new: 0666 & ~umask), written, fsync'd,
 * renamed over `path`. A `path` that is a symbolic link is refused (UV_ELOOP): callers resolve a link to its
 * target inside the root first. With `expect` (a stamp from lsp_file_read), refuses with UV_EAGAIN when the file
 * changed since (stale state) — and a missing file when expect->ino != 0 (an existing one when it is 0).
 */
int lsp_file_write(const char *path, const char *bytes, size_t len, const LspFileStamp *expect);

/*
 * `code` (from the two above) worded for "cannot read NAME: %s": "is a symbolic link", "is not a regular file",
 * "is larger than 16 MiB", "changed on disk since it was read", else the C library's words ("Permission denied").
 */
const char *lsp_file_strerror(int code);

#endif
