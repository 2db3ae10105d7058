/* windows.c — the platform layer on Windows (platform.h), built with mingw-w64. */
#include "platform/platform.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "progress/alloc.h"

void lsp_platform_init(void)
{
    /* LSP's Content-Length counts bytes, and a CRLF file must be read as it is: no text mode anywhere. */
    _fmode = _O_BINARY;
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
}

static bool has_drive(const char *path)
{
    return isalpha((unsigned char)path[0]) && path[1] == ':';
}

bool lsp_platform_path_is_absolute(const char *path)
{
    return path[0] == '/' || path[0] == '\\' || (has_drive(path) && (path[2] == '/' || path[2] == '\\'));
}

size_t lsp_platform_path_root_len(const char *path)
{
    if (has_drive(path))
        return path[2] == '/' || path[2] == '\\' ? 3 : 0;
    return path[0] == '/' || path[0] == '\\';
}

void lsp_platform_path_canonical(char *path)
{
    for (char *p = path; *p; p++)
        if (*p == '\\')
            *p = '/';
    if (has_drive(path))
        path[0] = (char)toupper((unsigned char)path[0]);
}

bool lsp_platform_executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode); /* Windows runs any file named .exe */
}

long lsp_platform_getline(char **line, size_t *cap, FILE *f)
{
    size_t n = 0;
    for (;;) {
        if (n + 2 > *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *line = core_xrealloc(*line, *cap);
        }
        int c = fgetc(f);
        if (c == EOF)
            break;
        (*line)[n++] = (char)c;
        if (c == '\n')
            break;
    }
    (*line)[n] = '\0';
    return n ? (long)n : -1;
}

char *lsp_platform_realpath(const char *path)
{
    uv_fs_t req;
    int rc = uv_fs_realpath(NULL, &req, path, NULL);
    char *out = NULL;
    if (rc == 0) {
        out = core_xstrndup(req.ptr, strlen(req.ptr));
        lsp_platform_path_canonical(out);
    } else {
        errno = rc == UV_ENOENT ? ENOENT : rc == UV_EACCES ? EACCES : EINVAL;
    }
    uv_fs_req_cleanup(&req);
    return out;
}

bool lsp_platform_getcwd(char *buf, size_t size)
{
    size_t len = size;
    if (uv_cwd(buf, &len) != 0)
        return false;
    lsp_platform_path_canonical(buf);
    return true;
}

void lsp_platform_path_from_uri(char *decoded)
{
    /* "/c:/x" -> "C:/x"; a UNC or driveless path keeps its form. */
    if (decoded[0] == '/' && has_drive(decoded + 1))
        memmove(decoded, decoded + 1, strlen(decoded));
    lsp_platform_path_canonical(decoded);
}

char *lsp_platform_uri_path(const char *path)
{
    if (!has_drive(path))
        return core_xstrndup(path, strlen(path));
    char *out = core_xasprintf("/%s", path);
    out[1] = (char)tolower((unsigned char)out[1]);
    for (char *p = out; *p; p++)
        if (*p == '\\')
            *p = '/';
    return out;
}

int64_t lsp_platform_mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtime * 1000000000;
}

const char *lsp_platform_strerror(int uv_code)
{
    return uv_strerror(uv_code);
}

void lsp_platform_keep_owner(uv_file fd, uint64_t uid, uint64_t gid)
{
    (void)fd, (void)uid, (void)gid; /* a file's owner does not change by rewriting it */
}

void lsp_platform_pipe_widen(int fd)
{
    (void)fd; /* a pipe's buffer is set by whoever creates it */
}

bool lsp_platform_input_ready(uv_os_fd_t fd)
{
    DWORD avail = 0;
    if (GetFileType(fd) != FILE_TYPE_PIPE)
        return false; /* a console: no cheap look ahead, so no early stop */
    /* A pipe whose writer is gone reports an error: its end is waiting, as poll's POLLHUP says. */
    return !PeekNamedPipe(fd, NULL, 0, NULL, &avail, NULL) || avail > 0;
}

size_t lsp_platform_pipe_unread(uv_os_fd_t fd)
{
    DWORD avail = 0;
    /* The write end of an anonymous pipe cannot be peeked: Windows does not say what the reader left. */
    return GetFileType(fd) == FILE_TYPE_PIPE && PeekNamedPipe(fd, NULL, 0, NULL, &avail, NULL) ? avail : 0;
}

typedef struct {
    void (*fn)(void *);
    void *arg;
} ThreadStart;

static unsigned __stdcall thread_main(void *data)
{
    ThreadStart start = *(ThreadStart *)data;
    free(data);
    start.fn(start.arg);
    return 0;
}

int lsp_platform_thread_detached(void (*fn)(void *arg), void *arg, size_t stack_size)
{
    ThreadStart *start = core_xmalloc(sizeof *start);
    *start = (ThreadStart){fn, arg};
    uintptr_t h = _beginthreadex(NULL, (unsigned)stack_size, thread_main, start, 0, NULL);
    if (!h) {
        free(start);
        return UV_EAGAIN;
    }
    CloseHandle((HANDLE)h);
    return 0;
}

void lsp_platform_thread_lower_priority(void)
{
    /* The thread only: uv_os_setpriority(0) would lower the whole server's priority class on Windows. */
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL);
}

void lsp_platform_ignore_broken_pipes(void)
{
    /* No SIGPIPE on Windows: a write to a closed pipe already fails with an error. */
}

bool lsp_platform_process_alive(long pid)
{
    HANDLE h = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)pid);
    if (!h)
        return GetLastError() == ERROR_ACCESS_DENIED; /* exists, only not ours to open */
    bool alive = WaitForSingleObject(h, 0) == WAIT_TIMEOUT;
    CloseHandle(h);
    return alive;
}

void lsp_platform_heap_trim(void)
{
    /* The Windows heap decommits large free blocks itself. */
}

bool lsp_platform_watch_is_immediate(void)
{
    return false; /* ReadDirectoryChangesW's completions come through the loop; when is not documented */
}

/* Whether Windows' own attributes call `path` a reparse point (a link, a junction, a mount point, ...). */
static bool reparse_attribute(const char *path)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, path, -1, NULL, 0);
    if (n <= 0)
        return false;
    wchar_t *wide = core_xmalloc((size_t)n * sizeof *wide);
    MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, n);
    DWORD attrs = GetFileAttributesW(wide);
    free(wide);
    return attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_REPARSE_POINT);
}

int lsp_platform_lstat(const char *path, uv_stat_t *st)
{
    uv_fs_t req;
    int rc = uv_fs_lstat(NULL, &req, path, NULL);
    if (rc == 0)
        *st = req.statbuf;
    uv_fs_req_cleanup(&req);
    /* libuv reads the attributes from a handle opened on the reparse point itself. Wine 8 gives such a handle no
     * reparse attribute (nor reparse data) for a Unix link to a folder, while the attributes read by name have it:
     * the name's attributes decide too, so a link is never taken for the folder it leads to. */
    if (rc == 0 && !S_ISLNK(st->st_mode) && reparse_attribute(path))
        st->st_mode = (st->st_mode & ~(uint64_t)S_IFMT) | S_IFLNK;
    return rc;
}
