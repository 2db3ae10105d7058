/* posix.c — the platform layer on Linux and macOS (platform.h). */
#define _GNU_SOURCE /* F_SETPIPE_SZ, Linux's pipe size; realpath */
#include "platform/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "progress/alloc.h"

void lsp_platform_init(void)
{
}

bool lsp_platform_path_is_absolute(const char *path)
{
    return path[0] == '/';
}

size_t lsp_platform_path_root_len(const char *path)
{
    return path[0] == '/';
}

void lsp_platform_path_canonical(char *path)
{
    (void)path;
}

bool lsp_platform_executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

long lsp_platform_getline(char **line, size_t *cap, FILE *f)
{
    return (long)getline(line, cap, f);
}

char *lsp_platform_realpath(const char *path)
{
    return realpath(path, NULL);
}

bool lsp_platform_getcwd(char *buf, size_t size)
{
    return getcwd(buf, size) != NULL;
}

void lsp_platform_path_from_uri(char *decoded)
{
    (void)decoded;
}

char *lsp_platform_uri_path(const char *path)
{
    return core_xstrndup(path, strlen(path));
}

int64_t lsp_platform_mtime_ns(const struct stat *st)
{
#ifdef __APPLE__
    return (int64_t)st->st_mtimespec.tv_sec * 1000000000 + st->st_mtimespec.tv_nsec;
#else
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
#endif
}

const char *lsp_platform_strerror(int uv_code)
{
    return strerror(-uv_code);
}

void lsp_platform_keep_owner(uv_file fd, uint64_t uid, uint64_t gid)
{
    if ((uid_t)uid != geteuid())
        (void)!fchown(fd, (uid_t)uid, (gid_t)gid);
}

/*
 * A documentSymbol answer for a few thousand lines (or a didOpen coming in) is half a megabyte; through Linux's
 * default 64 KiB pipe it takes a poll-and-write round per 64 KiB, the reader waking for each. A 1 MiB pipe (the
 * unprivileged maximum) takes it in one write. Best effort: a socket, or a limit lowered by the administrator, keeps
 * the default.
 */
void lsp_platform_pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
    (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
    (void)fd;
#endif
}

bool lsp_platform_input_ready(uv_os_fd_t fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

size_t lsp_platform_pipe_unread(uv_os_fd_t fd)
{
    int n = 0;
    /* Linux: the bytes in the pipe, from either end; macOS answers for the read end only (0 here). */
    return ioctl(fd, FIONREAD, &n) == 0 && n > 0 ? (size_t)n : 0;
}

typedef struct {
    void (*fn)(void *);
    void *arg;
} ThreadStart;

static void *thread_main(void *data)
{
    ThreadStart start = *(ThreadStart *)data;
    free(data);
    start.fn(start.arg);
    return NULL;
}

int lsp_platform_thread_detached(void (*fn)(void *arg), void *arg, size_t stack_size)
{
    ThreadStart *start = core_xmalloc(sizeof *start);
    *start = (ThreadStart){fn, arg};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    (void)pthread_attr_setstacksize(&attr, stack_size);
    pthread_t thread;
    int err = pthread_create(&thread, &attr, thread_main, start);
    pthread_attr_destroy(&attr);
    if (err)
        free(start);
    return err ? uv_translate_sys_error(err) : 0;
}

void lsp_platform_thread_lower_priority(void)
{
    /* Linux: the calling thread's nice value, inherited by what it forks; macOS: the whole process's. */
    uv_os_setpriority(0, UV_PRIORITY_BELOW_NORMAL);
}

void lsp_platform_ignore_broken_pipes(void)
{
    signal(SIGPIPE, SIG_IGN);
}

bool lsp_platform_process_alive(long pid)
{
    return !(kill((pid_t)pid, 0) < 0 && errno == ESRCH);
}

void lsp_platform_heap_trim(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

bool lsp_platform_watch_is_immediate(void)
{
#ifdef __linux__
    return true;
#else
    return false;
#endif
}

int lsp_platform_lstat(const char *path, uv_stat_t *st)
{
    uv_fs_t req;
    int rc = uv_fs_lstat(NULL, &req, path, NULL);
    if (rc == 0)
        *st = req.statbuf;
    uv_fs_req_cleanup(&req);
    return rc;
}
