/* files.c — bounded reads of regular files only, and atomic writes through an exclusive temporary (libuv's file
 * calls, run synchronously: the same code on POSIX systems and Windows). */
#include "support/files.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "platform/platform.h"
#include "progress/alloc.h"

/* The synchronous libuv call's result, its request cleaned up. */
static int done(uv_fs_t *req, int rc)
{
    uv_fs_req_cleanup(req);
    return rc;
}

static void stamp_of(const uv_stat_t *st, LspFileStamp *out)
{
    out->dev = st->st_dev;
    out->ino = st->st_ino;
    out->size = st->st_size;
    out->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static int fstat_of(uv_file fd, uv_stat_t *st)
{
    uv_fs_t req;
    int rc = uv_fs_fstat(NULL, &req, fd, NULL);
    if (rc == 0)
        *st = req.statbuf;
    return done(&req, rc);
}

static void close_fd(uv_file fd)
{
    uv_fs_t req;
    done(&req, uv_fs_close(NULL, &req, fd, NULL));
}

/* Reads `fd` to its end, at most `cap` bytes: UV_EFBIG when there is more (a file growing while read, a pipe). */
static int read_all(uv_file fd, size_t cap, size_t hint, char **text, size_t *len)
{
    size_t size = hint < cap ? hint + 1 : cap + 1, n = 0;
    if (size < 4096)
        size = cap + 1 < 4096 ? cap + 1 : 4096;
    char *buf = core_xmalloc(size + 1);
    for (;;) {
        if (n == size) {
            if (size > cap)
                break;
            size = size * 2 > cap + 1 ? cap + 1 : size * 2;
            buf = core_xrealloc(buf, size + 1);
        }
        uv_fs_t req;
        uv_buf_t chunk = uv_buf_init(buf + n, (unsigned)(size - n));
        int got = done(&req, uv_fs_read(NULL, &req, fd, &chunk, 1, -1, NULL));
        if (got < 0) {
            free(buf);
            return got;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > cap) {
        free(buf);
        return UV_EFBIG;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

int lsp_file_read(const char *path, size_t cap, char **text, size_t *len, LspFileStamp *stamp)
{
    *text = NULL;
    *len = 0;
    if (stamp)
        memset(stamp, 0, sizeof *stamp);
    if (strcmp(path, "-") == 0)
        return read_all(0, cap, 0, text, len);
    /* A first look without opening: opening a device can itself do something (a tape rewinds, a tty hangs up). */
    uv_stat_t st = {0};
    int rc = lsp_platform_lstat(path, &st);
    if (rc < 0)
        return rc;
    if (S_ISLNK(st.st_mode))
        return UV_ELOOP;
    if (!S_ISREG(st.st_mode))
        return UV_EINVAL;
    /* What decides is the descriptor: the name may have been swapped for a link or a FIFO since the lstat.
     * (libuv adds O_CLOEXEC; on Windows the two flags are 0 and a link's target is opened.) */
    uv_fs_t req;
    uv_file fd = done(&req, uv_fs_open(NULL, &req, path, UV_FS_O_RDONLY | UV_FS_O_NOFOLLOW | UV_FS_O_NONBLOCK, 0,
                                       NULL));
    if (fd < 0)
        return fd;
    rc = fstat_of(fd, &st);
    if (rc == 0)
        rc = !S_ISREG(st.st_mode) ? UV_EINVAL : st.st_size > cap ? UV_EFBIG : 0;
    if (rc == 0)
        rc = read_all(fd, cap, (size_t)st.st_size, text, len);
    if (rc == 0 && stamp && fstat_of(fd, &st) == 0)
        stamp_of(&st, stamp);
    close_fd(fd);
    return rc;
}

int lsp_file_stamp(const char *path, LspFileStamp *out)
{
    uv_stat_t st;
    int rc = lsp_platform_lstat(path, &st);
    if (rc == 0)
        stamp_of(&st, out);
    return rc;
}

bool lsp_file_stamp_same(const LspFileStamp *a, const LspFileStamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_ns == b->mtime_ns;
}

/* 0 when `path` is still what `expect` saw (or there is no `expect`), UV_ELOOP/UV_EINVAL/UV_EAGAIN otherwise. */
static int check_target(const char *path, const LspFileStamp *expect, uv_stat_t *st, bool *exists)
{
    int rc = lsp_platform_lstat(path, st);
    *exists = rc == 0;
    if (!*exists && rc != UV_ENOENT)
        return rc;
    if (*exists && S_ISLNK(st->st_mode))
        return UV_ELOOP;
    if (*exists && !S_ISREG(st->st_mode))
        return UV_EINVAL;
    if (!expect)
        return 0;
    if (!*exists)
        return expect->ino != 0 ? UV_EAGAIN : 0;
    LspFileStamp now;
    stamp_of(st, &now);
    return expect->ino != 0 && lsp_file_stamp_same(expect, &now) ? 0 : UV_EAGAIN;
}

/* An exclusive temporary beside `path`: a name already taken (by a link, say) is never opened, another is tried. */
static int open_temporary(const char *path, char **tmp)
{
    static unsigned counter;
    for (int attempt = 0; attempt < 64; attempt++) {
        unsigned char random[6] = {0};
        (void)uv_random(NULL, NULL, random, sizeof random, 0, NULL);
        *tmp = core_xasprintf("%s.progress-ls-%ld-%u-%02x%02x%02x%02x%02x%02x.tmp", path, (long)uv_os_getpid(),
                              counter++, random[0], random[1], random[2], random[3], random[4], random[5]);
        uv_fs_t req;
        int rc = done(&req, uv_fs_open(NULL, &req, *tmp, UV_FS_O_WRONLY | UV_FS_O_CREAT | UV_FS_O_EXCL | UV_FS_O_NOFOLLOW,
                                       0666, NULL));
        if (rc >= 0)
            return rc;
        free(*tmp);
        *tmp = NULL;
        if (rc != UV_EEXIST)
            return rc;
    }
    return UV_EEXIST;
}

static int write_all(uv_file fd, const char *bytes, size_t len)
{
    while (len > 0) {
        uv_fs_t req;
        uv_buf_t chunk = uv_buf_init((char *)bytes, len > (1u << 30) ? 1u << 30 : (unsigned)len);
        int n = done(&req, uv_fs_write(NULL, &req, fd, &chunk, 1, -1, NULL));
        if (n < 0)
            return n;
        bytes += n;
        len -= (size_t)n;
    }
    return 0;
}

int lsp_file_write(const char *path, const char *bytes, size_t len, const LspFileStamp *expect)
{
    uv_stat_t st = {0};
    bool exists;
    int rc = check_target(path, expect, &st, &exists);
    if (rc < 0)
        return rc;
    char *tmp = NULL;
    int fd = open_temporary(path, &tmp);
    if (fd < 0)
        return fd;
    uv_fs_t req;
    rc = write_all(fd, bytes, len);
    if (rc == 0 && exists)
        rc = done(&req, uv_fs_fchmod(NULL, &req, fd, (int)(st.st_mode & 07777), NULL));
    if (rc == 0 && exists)
        lsp_platform_keep_owner(fd, st.st_uid, st.st_gid); /* root formatting a user's file leaves it the user's */
    if (rc == 0)
        rc = done(&req, uv_fs_fsync(NULL, &req, fd, NULL));
    int closed = done(&req, uv_fs_close(NULL, &req, fd, NULL));
    if (rc == 0)
        rc = closed;
    /* Checked again at the last moment: the narrowest window for a change made while the temporary was written. */
    uv_stat_t again;
    if (rc == 0 && expect)
        rc = check_target(path, expect, &again, &exists);
    /* libuv replaces an existing file on Windows too (MoveFileEx), as rename(2) does. */
    if (rc == 0)
        rc = done(&req, uv_fs_rename(NULL, &req, tmp, path, NULL));
    if (rc < 0)
        done(&req, uv_fs_unlink(NULL, &req, tmp, NULL));
    free(tmp);
    return rc;
}

const char *lsp_file_strerror(int code)
{
    switch (code) {
    case UV_ELOOP:
        return "is a symbolic link";
    case UV_EINVAL:
        return "is not a regular file";
    case UV_EFBIG:
        return "is larger than 16 MiB";
    case UV_EAGAIN:
        return "changed on disk since it was read";
    default:
        return lsp_platform_strerror(code);
    }
}
