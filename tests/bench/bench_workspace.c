/* bench_workspace.c — prints indexing time, peak RSS and path-completion latency for a 100,000-file workspace (not a test). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "path_index.h"
#include "workspace.h"

/*
 * Usage: bench_workspace [DIR [FILES]]. DIR (default /tmp/progress-bench-ws) is generated once: a
 * tree of FILES files (default 100,000) about 20 to a folder, 3 to 6 levels deep, names built from a
 * word list with a fixed seed, then committed to git in DIR/git (a copy holding the same files), so
 * later runs measure only the indexing. Each mode is measured in a fresh child process, so the peak
 * RSS printed is the index's process alone.
 */

static const char *const words[] = {
    "auth", "token", "session", "model", "view", "controller", "service", "handler", "router", "store",
    "cache", "queue", "worker", "config", "util", "helper", "parser", "lexer", "schema", "migration",
    "client", "server", "api", "core", "common", "types", "errors", "logging", "metrics", "render",
    "widget", "layout", "theme", "index", "main", "test", "fixture", "mock", "spec", "bench",
};
static const char *const exts[] = {".c", ".h", ".py", ".ts", ".go", ".rs", ".md", ".json"};
enum { WORDS = sizeof words / sizeof words[0], EXTS = sizeof exts / sizeof exts[0] };

static uint32_t seed = 2463534242u;

static uint32_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Fills `dir` with `*left` files: 20 per folder, then subfolders until the budget is spent. */
static void grow(const char *dir, int depth, uint32_t *left)
{
    char path[1024];
    uint32_t files = 20 < *left ? 20 : *left;
    for (uint32_t i = 0; i < files; i++) {
        snprintf(path, sizeof path, "%s/%s_%s%u%s", dir, words[rnd() % WORDS], words[rnd() % WORDS], i,
                 exts[rnd() % EXTS]);
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        if (fd < 0) {
            perror(path);
            exit(1);
        }
        close(fd);
    }
    *left -= files;
    int subdirs = depth < 2 ? 8 : depth < 5 ? 4 + (int)(rnd() % 3) : 0;
    for (int s = 0; s < subdirs && *left; s++) {
        snprintf(path, sizeof path, "%s/%s%s%d", dir, words[rnd() % WORDS], depth % 2 ? "_" : "", s);
        mkdir(path, 0755);
        grow(path, depth + 1, left);
    }
}

static void generate(const char *dir, uint32_t count)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/plain", dir);
    struct stat st;
    if (stat(path, &st) == 0)
        return;
    fprintf(stderr, "generating %u files in %s (once)...\n", count, dir);
    mkdir(dir, 0755);
    mkdir(path, 0755);
    uint32_t left = count;
    while (left)
        grow(path, 0, &left);
    char cmd[3300];
    snprintf(cmd, sizeof cmd,
             "cp -r '%s/plain' '%s/git' && cd '%s/git' && git init -q . && git add -A && "
             "git -c user.email=b@example.com -c user.name=bench commit -qm files",
             dir, dir, dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not commit the generated tree to git\n");
        exit(1);
    }
}

static void quiet(void *data, const char *message)
{
    (void)data;
    (void)message;
}

/* Indexes `root` and reports; then times completions over the index. Runs in its own process. */
static void measure(const char *root, const char *label)
{
    uv_loop_t loop;
    uv_loop_init(&loop);
    LspWorkspaceHooks hooks = {.log = quiet};
    LspWorkspace *ws = lsp_workspace_new(&loop, &hooks);
    lsp_workspace_add_root(ws, root);
    double t0 = now_ms();
    lsp_workspace_index(ws);
    uv_run(&loop, UV_RUN_DEFAULT);
    double index_ms = now_ms() - t0;
    LspPathIndex *idx = lsp_workspace_paths(ws, 0);
    uint32_t files = lsp_path_index_file_count(idx), dirs = lsp_path_index_dir_count(idx);
    long rss_after = peak_rss_kb();

    /* Typing sessions as a client sends them while the list is incomplete, one request per keystroke:
     * half type a whole path from its first character ("s", "sr", "src", "src/", "src/a", …), half
     * only a file name. Cold: the same tokens, each with nothing remembered from the one before. */
    enum { SESSIONS = 200, LIMIT = 100, MAX_TYPED = 48 };
    static double typing[SESSIONS * MAX_TYPED], cold[SESSIONS * MAX_TYPED];
    static LspPathMatch out[LIMIT];
    size_t nt = 0, nc = 0, total_matched = 0;
    seed = 88172645u;
    for (int q = 0; q < SESSIONS; q++) {
        size_t plen;
        const char *p = lsp_path_index_path(idx, rnd() % (files + dirs), &plen);
        const char *word = p;
        if (q % 2) {
            const char *base = strrchr(p, '/');
            word = base ? base + 1 : p;
        }
        size_t n = strlen(word) < MAX_TYPED ? strlen(word) : MAX_TYPED;
        for (size_t k = 1; k <= n; k++) {
            size_t matched;
            double s = now_ms();
            lsp_path_index_complete(idx, word, k, out, LIMIT, &matched);
            typing[nt++] = now_ms() - s;
            total_matched += matched;
        }
        for (size_t k = 1; k <= n; k++) {
            lsp_path_index_complete(idx, "\x01", 1, out, LIMIT, NULL); /* forget the narrowing */
            double s = now_ms();
            lsp_path_index_complete(idx, word, k, out, LIMIT, NULL);
            cold[nc++] = now_ms() - s;
        }
    }
    qsort(typing, nt, sizeof typing[0], cmp_double);
    qsort(cold, nc, sizeof cold[0], cmp_double);
    printf("| %s | %u + %u | %.0f ms | %.1f MB | %.1f MB | %.2f / %.2f ms | %.2f / %.2f ms | %zu |\n", label, files,
           dirs, index_ms, (double)lsp_path_index_memory(idx) / 1048576.0, (double)rss_after / 1024.0, typing[nt / 2],
           typing[nt * 99 / 100], cold[nc / 2], cold[nc * 99 / 100], total_matched / nt);
    fflush(stdout);
    lsp_workspace_close(ws);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp/progress-bench-ws";
    uint32_t count = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 100000;
    generate(dir, count);
    printf("| listing | files + folders | index | index memory | peak RSS | typing p50 / p99 | cold p50 / p99 | "
           "matches per query |\n|---|---|---|---|---|---|---|---|\n");
    const char *modes[] = {"git", "plain"};
    for (int m = 0; m < 2; m++) {
        char root[1024];
        snprintf(root, sizeof root, "%s/%s", dir, modes[m]);
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            measure(root, m == 0 ? "git" : "walk");
            _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
    }
    return 0;
}
