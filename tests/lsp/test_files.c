/* test_files.c — safe files: reads refuse links, FIFOs and devices and stop at the cap; writes refuse stale state
 * and links, keep the mode, and never open a name someone else made. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "support/files.h"

/*
 * The temporary's name has random bytes; the tests choose them (this definition takes the place of libuv's in
 * this executable) so that a link can be waiting at the very name lsp_file_write tries first.
 */
static unsigned char chosen_random = 0xab;
int uv_random(uv_loop_t *loop, uv_random_t *req, void *buf, size_t len, unsigned flags, uv_random_cb cb)
{
    (void)loop, (void)req, (void)flags, (void)cb;
    memset(buf, chosen_random++, len);
    return 0;
}

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/progress-ls-files-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(files, .init = make_dir, .fini = remove_dir, .timeout = 10);

static char *in_dir(const char *name)
{
    static char paths[4][128];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 128, "%s/%s", dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s is missing", path);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* What a read of `path` stamps it with. */
static LspFileStamp stamp_of(const char *path)
{
    char *text;
    size_t len;
    LspFileStamp st;
    cr_assert_eq(lsp_file_read(path, LSP_FILE_CAP, &text, &len, &st), 0);
    free(text);
    return st;
}

Test(files, reads_a_regular_file_whole_with_its_stamp)
{
    put(in_dir("progress.txt"), "hello\n");
    char *text;
    size_t len;
    LspFileStamp st;
    cr_assert_eq(lsp_file_read(in_dir("progress.txt"), LSP_FILE_CAP, &text, &len, &st), 0);
    cr_assert_str_eq(text, "hello\n");
    cr_assert_eq(len, 6);
    struct stat real;
    cr_assert_eq(stat(in_dir("progress.txt"), &real), 0);
    cr_assert_eq(st.ino, (uint64_t)real.st_ino);
    cr_assert_eq(st.size, 6);
    free(text);
}

/* A name that is not a regular file, and what the read says of it. */
struct refusal {
    char what[24];
    int code;
    char words[32];
};

static void make(const char *what, const char *path)
{
    if (strcmp(what, "link to a file") == 0) {
        put(in_dir("real.txt"), "secret\n");
        cr_assert_eq(symlink("real.txt", path), 0);
    } else if (strcmp(what, "link to environ") == 0) {
        cr_assert_eq(symlink("/proc/self/environ", path), 0);
    } else if (strcmp(what, "link to /dev/zero") == 0) {
        cr_assert_eq(symlink("/dev/zero", path), 0);
    } else if (strcmp(what, "dangling link") == 0) {
        cr_assert_eq(symlink("nowhere", path), 0);
    } else if (strcmp(what, "FIFO") == 0) {
        cr_assert_eq(mkfifo(path, 0600), 0);
    } else if (strcmp(what, "folder") == 0) {
        cr_assert_eq(mkdir(path, 0700), 0);
    } else if (strcmp(what, "sparse 10 GB") == 0) {
        int fd = open(path, O_WRONLY | O_CREAT, 0600);
        cr_assert(fd >= 0);
        cr_assert_eq(ftruncate(fd, (off_t)10 << 30), 0);
        close(fd);
    } else if (strcmp(what, "cap + 1 bytes") == 0) {
        int fd = open(path, O_WRONLY | O_CREAT, 0600);
        cr_assert_eq(ftruncate(fd, (off_t)LSP_FILE_CAP + 1), 0);
        close(fd);
    }
}

ParameterizedTestParameters(files, read_refuses)
{
    static struct refusal cases[] = {
        {"link to a file", UV_ELOOP, "is a symbolic link"},
        {"link to environ", UV_ELOOP, "is a symbolic link"},
        {"link to /dev/zero", UV_ELOOP, "is a symbolic link"},
        {"dangling link", UV_ELOOP, "is a symbolic link"},
        {"FIFO", UV_EINVAL, "is not a regular file"},
        {"folder", UV_EINVAL, "is not a regular file"},
        {"sparse 10 GB", UV_EFBIG, "is larger than 16 MiB"},
        {"cap + 1 bytes", UV_EFBIG, "is larger than 16 MiB"},
    };
    return cr_make_param_array(struct refusal, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct refusal *c, files, read_refuses, .init = make_dir, .fini = remove_dir, .timeout = 10)
{
    const char *path = in_dir("progress.txt");
    make(c->what, path);
    char *text = (char *)1;
    size_t len = 1;
    int rc = lsp_file_read(path, LSP_FILE_CAP, &text, &len, NULL);
    cr_assert_eq(rc, c->code, "%s: %d (%s), expected %d", c->what, rc, uv_strerror(rc), c->code);
    cr_assert_null(text);
    cr_assert_eq(len, 0);
    cr_assert_str_eq(lsp_file_strerror(rc), c->words);
}

Test(files, a_device_is_refused_before_it_is_read)
{
    char *text;
    size_t len;
    cr_assert_eq(lsp_file_read("/dev/zero", LSP_FILE_CAP, &text, &len, NULL), UV_EINVAL);
}

Test(files, reads_exactly_the_cap)
{
    const char *path = in_dir("big.txt");
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    cr_assert_eq(ftruncate(fd, 1000), 0);
    close(fd);
    char *text;
    size_t len;
    cr_assert_eq(lsp_file_read(path, 1000, &text, &len, NULL), 0);
    cr_assert_eq(len, 1000);
    free(text);
    cr_assert_eq(lsp_file_read(path, 999, &text, &len, NULL), UV_EFBIG);
}

Test(files, a_missing_file_says_so)
{
    char *text;
    size_t len;
    cr_assert_eq(lsp_file_read(in_dir("absent"), LSP_FILE_CAP, &text, &len, NULL), UV_ENOENT);
}

Test(files, write_replaces_and_keeps_the_mode)
{
    const char *path = in_dir("progress.txt");
    put(path, "old\n");
    cr_assert_eq(chmod(path, 0640), 0);
    LspFileStamp st = stamp_of(path);
    cr_assert_eq(lsp_file_write(path, "new\r\n", 5, &st), 0);
    cr_assert_str_eq(slurp(path), "new\r\n");
    struct stat after;
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_eq(after.st_mode & 07777, 0640);
}

Test(files, write_creates_a_new_file_with_the_umask)
{
    mode_t old = umask(022);
    const char *path = in_dir("new.txt");
    cr_assert_eq(lsp_file_write(path, "x", 1, NULL), 0);
    umask(old);
    struct stat after;
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_eq(after.st_mode & 07777, 0644);
    cr_assert_str_eq(slurp(path), "x");
}

Test(files, stale_write_is_refused)
{
    const char *path = in_dir("progress.txt");
    put(path, "one\n");
    LspFileStamp st = stamp_of(path);
    put(path, "changed by someone else\n");
    cr_assert_eq(lsp_file_write(path, "mine\n", 5, &st), UV_EAGAIN);
    cr_assert_str_eq(slurp(path), "changed by someone else\n");
    cr_assert_str_eq(lsp_file_strerror(UV_EAGAIN), "changed on disk since it was read");
}

/* The stamp of a name now is the read's while the file is unchanged; a change, a replacement or a link is not. */
Test(files, a_stamp_now_is_the_reads_until_the_file_changes)
{
    const char *path = in_dir("progress.txt");
    put(path, "one\n");
    LspFileStamp read = stamp_of(path), now;
    cr_assert_eq(lsp_file_stamp(path, &now), 0);
    cr_assert(lsp_file_stamp_same(&read, &now), "unchanged, yet not the same stamp");
    put(path, "one, longer\n");
    cr_assert_eq(lsp_file_stamp(path, &now), 0);
    cr_assert_not(lsp_file_stamp_same(&read, &now), "a rewrite kept the stamp");
    read = stamp_of(path);
    put(in_dir("other.txt"), "one, longer\n");
    cr_assert_eq(rename(in_dir("other.txt"), path), 0);
    cr_assert_eq(lsp_file_stamp(path, &now), 0);
    cr_assert_not(lsp_file_stamp_same(&read, &now), "another file under the name kept the stamp");
    read = stamp_of(path);
    cr_assert_eq(rename(path, in_dir("real.txt")), 0);
    cr_assert_eq(symlink("real.txt", path), 0);
    cr_assert_eq(lsp_file_stamp(path, &now), 0);
    cr_assert_not(lsp_file_stamp_same(&read, &now), "a link to the file read is the file read");
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(lsp_file_stamp(path, &now), UV_ENOENT);
}

Test(files, write_refuses_a_file_deleted_since_it_was_read)
{
    const char *path = in_dir("progress.txt");
    put(path, "one\n");
    LspFileStamp st = stamp_of(path);
    cr_assert_eq(unlink(path), 0);
    cr_assert_eq(lsp_file_write(path, "mine\n", 5, &st), UV_EAGAIN);
    cr_assert_eq(access(path, F_OK), -1);
}

Test(files, write_with_an_empty_stamp_refuses_a_file_that_appeared)
{
    const char *path = in_dir("progress.txt");
    put(path, "someone made it\n");
    LspFileStamp none = {0};
    cr_assert_eq(lsp_file_write(path, "mine\n", 5, &none), UV_EAGAIN);
    cr_assert_str_eq(slurp(path), "someone made it\n");
}

Test(files, write_refuses_a_link_and_leaves_its_target)
{
    put(in_dir("victim"), "untouched\n");
    cr_assert_eq(symlink("victim", in_dir("progress.txt")), 0);
    cr_assert_eq(lsp_file_write(in_dir("progress.txt"), "mine\n", 5, NULL), UV_ELOOP);
    cr_assert_str_eq(slurp(in_dir("victim")), "untouched\n");
    struct stat st;
    cr_assert_eq(lstat(in_dir("progress.txt"), &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link was replaced");
}

/* A link waiting at the temporary's name (the one the next uv_random makes) is neither followed nor replaced. */
Test(files, a_link_at_the_temporary_name_is_not_followed)
{
    const char *path = in_dir("progress.txt");
    put(path, "old\n");
    put(in_dir("victim"), "untouched\n");
    chosen_random = 0x5a;
    char tmp[192];
    snprintf(tmp, sizeof tmp, "%s.progress-ls-%ld-0-5a5a5a5a5a5a.tmp", path, (long)getpid());
    cr_assert_eq(symlink(in_dir("victim"), tmp), 0);
    cr_assert_eq(lsp_file_write(path, "new\n", 4, NULL), 0);
    cr_assert_eq(chosen_random, 0x5c, "the first name was not the one waiting (a second was not needed)");
    cr_assert_str_eq(slurp(in_dir("victim")), "untouched\n");
    cr_assert_str_eq(slurp(path), "new\n");
    struct stat st;
    cr_assert_eq(lstat(tmp, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the waiting link was replaced");
}

/* The same with a dangling link: O_CREAT alone would create its target (outside the folder). */
Test(files, a_dangling_link_at_the_temporary_name_creates_nothing)
{
    const char *path = in_dir("progress.txt");
    put(path, "old\n");
    chosen_random = 0x11;
    char tmp[192];
    snprintf(tmp, sizeof tmp, "%s.progress-ls-%ld-0-111111111111.tmp", path, (long)getpid());
    cr_assert_eq(symlink(in_dir("created-outside"), tmp), 0);
    cr_assert_eq(lsp_file_write(path, "new\n", 4, NULL), 0);
    cr_assert_eq(chosen_random, 0x13);
    cr_assert_eq(access(in_dir("created-outside"), F_OK), -1, "the link's target was created");
    cr_assert_str_eq(slurp(path), "new\n");
}

Test(files, nothing_is_left_behind)
{
    const char *path = in_dir("progress.txt");
    put(path, "old\n");
    cr_assert_eq(lsp_file_write(path, "new\n", 4, NULL), 0);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", dir);
    cr_assert_eq(system(cmd), 0, "a temporary was left in the folder");
}
