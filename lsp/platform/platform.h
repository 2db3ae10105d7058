/* platform.h — what differs between POSIX systems and Windows, and only that; everything else goes through libuv. */
#ifndef LSP_PLATFORM_H
#define LSP_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <uv.h>

/*
 * Paths: POSIX paths as they are; on Windows a path is kept with '/' separators and an upper-case drive letter
 * ("C:/work/progress.txt"), which Windows accepts everywhere, so the rest of the code compares and joins paths one
 * way. posix.c and windows.c implement this header; one of them is compiled.
 */

/* Called first in main(): on Windows, standard streams and every file opened byte for byte (no CRLF translation). */
void lsp_platform_init(void);

/* Whether `path` is absolute: "/x"; on Windows also "C:/x" and "C:\x". */
bool lsp_platform_path_is_absolute(const char *path);

/* The length of an absolute path's root: 1 for "/x"; on Windows 3 for "C:/x". 0 for a relative path. */
size_t lsp_platform_path_root_len(const char *path);

/* `path` in the canonical form above, in place (Windows: '\' to '/', the drive letter upper-cased). */
void lsp_platform_path_canonical(char *path);

/* PATH's separator, and what an executable's name ends with. */
#ifdef _WIN32
#define LSP_PLATFORM_PATH_LIST_SEP ";"
#define LSP_PLATFORM_EXE_SUFFIX ".exe"
#else
#define LSP_PLATFORM_PATH_LIST_SEP ":"
#define LSP_PLATFORM_EXE_SUFFIX ""
#endif

/* Whether `path` is a regular file this process may run. */
bool lsp_platform_executable(const char *path);

/* getline(3): the next line of `f` into *line (grown, caller frees), its length with the '\n'; -1 at the end. */
long lsp_platform_getline(char **line, size_t *cap, FILE *f);

/* The canonical absolute path of the existing `path`, links resolved: a new string, or NULL with errno set. */
char *lsp_platform_realpath(const char *path);

/* The current folder, canonical, into `buf`: false when it is gone or longer than `size`. */
bool lsp_platform_getcwd(char *buf, size_t size);

/* A file: URI's decoded path ("/home/x", "/c:/x") as a path ("/home/x", "C:/x"), in place. */
void lsp_platform_path_from_uri(char *decoded);

/* The path a file: URI is written with, before percent-encoding ("/home/x"; "/c:/x" for "C:/x", which the encoder
 * writes "/c%3A/x" as VS Code does): a new string. */
char *lsp_platform_uri_path(const char *path);

/* A file's modification time in nanoseconds. */
int64_t lsp_platform_mtime_ns(const struct stat *st);

/* The words for a libuv error code as the C library says them (POSIX: strerror, libuv's codes being negated errno
 * values there; Windows: libuv's own). Static storage. */
const char *lsp_platform_strerror(int uv_code);

/* A file rewritten by root keeps its owner `uid`:`gid` (POSIX; nothing on Windows). `fd` is the new file's. */
void lsp_platform_keep_owner(uv_file fd, uint64_t uid, uint64_t gid);

/* Widens the pipe `fd` to 1 MiB where the system allows it (Linux), so a large message takes one write. */
void lsp_platform_pipe_widen(int fd);

/* Whether the stream `fd` has input (or its end) waiting now; never waits. */
bool lsp_platform_input_ready(uv_os_fd_t fd);

/* The bytes written into the pipe `fd` and not read yet, from either end (0 where the system cannot say). */
size_t lsp_platform_pipe_unread(uv_os_fd_t fd);

/* Runs fn(arg) on a new thread of `stack_size` bytes that nobody joins: 0, or a negative UV_E* code. */
int lsp_platform_thread_detached(void (*fn)(void *arg), void *arg, size_t stack_size);

/* Lowers the calling thread's priority for background work, and that of processes it starts where they inherit it. */
void lsp_platform_thread_lower_priority(void);

/* A write to a pipe nobody reads is an error return, never the end of the process (POSIX: SIGPIPE ignored). */
void lsp_platform_ignore_broken_pipes(void);

/* Whether the process `pid` still runs (the client's process id the server watches). */
bool lsp_platform_process_alive(long pid);

/* Gives the heap's free memory back to the system where the C library keeps it (glibc: malloc_trim); elsewhere the
 * allocator returns it itself, and this does nothing. */
void lsp_platform_heap_trim(void);

/* Whether a folder watch's event is queued by the system as the change is made, so that a watch read before an
 * answer has seen every change made before the question (Linux: inotify). Elsewhere events come late (macOS's
 * FSEvents after a latency) or their timing is not documented (Windows): a kept state must read again instead. */
bool lsp_platform_watch_is_immediate(void);

/*
 * lstat(2) through libuv into `st`: 0, or a negative UV_E* code. A link is S_ISLNK, never followed: what the root
 * boundary, every file read and the commands' link checks rely on. On Windows libuv reports a symbolic link, a
 * junction and any other reparse point as a link; so is a folder whose attributes say it is a reparse point while
 * it has no reparse data to read, as wine 8 shows a Unix link to a folder (docs/release.md, "Windows").
 */
int lsp_platform_lstat(const char *path, uv_stat_t *st);

#ifdef _WIN32
/* Windows: libuv reports links as S_IFLNK in st_mode (lsp_platform_lstat); the C library has no such macro. */
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#endif

#endif
