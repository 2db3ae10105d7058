/* files.c — bounded reads of regular files only, and atomic writes through an exclusive temporary. */
#include "support/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uv.h>

#include "progress/alloc.h"

static int sys_error(void)
{
    return uv_translate_sys_error(errno ? errno : EIO);
}

static void stamp_of(const struct stat *st, LspFileStamp *out)
{
    out->dev = (uint64_t)st->st_dev;
    out->ino = (uint64_t)st->st_ino;
    out->size = (uint64_t)st->st_size;
    out->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* Reads `fd` to its end, at most `cap` bytes: UV_EFBIG when there is more (a file growing while read, a pipe). */
static int read_all(int fd, size_t cap, size_t hint, char **text, size_t *len)
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
        ssize_t got = read(fd, buf + n, size - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int rc = sys_error();
            free(buf);
            return rc;
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
        return read_all(STDIN_FILENO, cap, 0, text, len);
    /* A first look without opening: opening a device can itself do something (a tape rewinds, a tty hangs up). */
    struct stat st;
    if (lstat(path, &st) < 0)
        return sys_error();
    if (S_ISLNK(st.st_mode))
        return UV_ELOOP;
    if (!S_ISREG(st.st_mode))
        return UV_EINVAL;
    /* What decides is the descriptor: the name may have been swapped for a link or a FIFO since the lstat. */
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ELOOP ? UV_ELOOP : sys_error();
    int rc = fstat(fd, &st) < 0 ? sys_error() : !S_ISREG(st.st_mode) ? UV_EINVAL : (uint64_t)st.st_size > cap ? UV_EFBIG : 0;
    if (rc == 0)
        rc = read_all(fd, cap, (size_t)st.st_size, text, len);
    if (rc == 0 && stamp && fstat(fd, &st) == 0)
        stamp_of(&st, stamp);
    close(fd);
    return rc;
}

static bool same(const LspFileStamp *a, const LspFileStamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_ns == b->mtime_ns;
}

/* 0 when `path` is still what `expect` saw (or there is no `expect`), UV_ELOOP/UV_EINVAL/UV_EAGAIN otherwise. */
static int check_target(const char *path, const LspFileStamp *expect, struct stat *st, bool *exists)
{
    *exists = lstat(path, st) == 0;
    if (!*exists && errno != ENOENT)
        return sys_error();
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
    return expect->ino != 0 && same(expect, &now) ? 0 : UV_EAGAIN;
}

/* An exclusive temporary beside `path`: a name already taken (by a link, say) is never opened, another is tried. */
static int open_temporary(const char *path, char **tmp)
{
    static unsigned counter;
    for (int attempt = 0; attempt < 64; attempt++) {
        unsigned char random[6] = {0};
        (void)uv_random(NULL, NULL, random, sizeof random, 0, NULL);
        *tmp = core_xasprintf("%s.progress-ls-%ld-%u-%02x%02x%02x%02x%02x%02x.tmp", path, (long)getpid(), counter++,
                              random[0], random[1], random[2], random[3], random[4], random[5]);
        int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        int rc = sys_error();
        free(*tmp);
        *tmp = NULL;
        if (rc != UV_EEXIST)
            return rc;
    }
    return UV_EEXIST;
}

static int write_all(int fd, const char *bytes, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return sys_error();
        bytes += n;
        len -= (size_t)n;
    }
    return 0;
}

int lsp_file_write(const char *path, const char *bytes, size_t len, const LspFileStamp *expect)
{
    struct stat st;
    bool exists;
    int rc = check_target(path, expect, &st, &exists);
    if (rc < 0)
        return rc;
    char *tmp = NULL;
    int fd = open_temporary(path, &tmp);
    if (fd < 0)
        return fd;
    rc = write_all(fd, bytes, len);
    if (rc == 0 && exists && fchmod(fd, st.st_mode & 07777) < 0)
        rc = sys_error();
    if (rc == 0 && exists && st.st_uid != geteuid())
        (void)!fchown(fd, st.st_uid, st.st_gid); /* root formatting a user's file leaves it the user's */
    if (rc == 0 && fsync(fd) < 0)
        rc = sys_error();
    if (close(fd) < 0 && rc == 0)
        rc = sys_error();
    /* Checked again at the last moment: the narrowest window for a change made while the temporary was written. */
    struct stat again;
    if (rc == 0 && expect)
        rc = check_target(path, expect, &again, &exists);
    if (rc == 0 && rename(tmp, path) < 0)
        rc = sys_error();
    if (rc < 0)
        unlink(tmp);
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
        return strerror(-code); /* libuv's codes are negated errno values here: the C library's words */
    }
}
