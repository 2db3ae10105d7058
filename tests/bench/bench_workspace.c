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
#include <jansson.h>
#include <uv.h>

#include "bench_util.h"
#include "path_index.h"
#include "workspace.h"

/*
 * Usage: bench_workspace [PROGRESS_LS]. The workspace, $PROGRESS_BENCH_DIR (default
 * /tmp/progress-bench-ws), is generated once: a tree of $PROGRESS_BENCH_FILES files (default 100,000)
 * about 20 to a folder, 3 to 6 levels deep, names built from a word list with a fixed seed, in
 * DIR/plain, and a copy committed to git in DIR/git, so later runs measure only the indexing. Each
 * measurement runs in a fresh child process, so the peak RSS printed is its own. With PROGRESS_LS,
 * the same typing is also timed through the server binary.
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

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void too_long(const char *dir)
{
    fprintf(stderr, "bench_workspace: paths under %s are too long; choose a shorter PROGRESS_BENCH_DIR\n", dir);
    exit(2);
}

/* Fills `dir` with `*left` files: 20 per folder, then subfolders until the budget is spent. */
static void grow(const char *dir, int depth, uint32_t *left)
{
    char path[1024];
    uint32_t files = 20 < *left ? 20 : *left;
    for (uint32_t i = 0; i < files; i++) {
        if (snprintf(path, sizeof path, "%s/%s_%s%u%s", dir, words[rnd() % WORDS], words[rnd() % WORDS], i,
                     exts[rnd() % EXTS]) >= (int)sizeof path)
            too_long(dir);
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
        if (snprintf(path, sizeof path, "%s/%s%s%d", dir, words[rnd() % WORDS], depth % 2 ? "_" : "", s) >=
            (int)sizeof path)
            too_long(dir);
        mkdir(path, 0755);
        grow(path, depth + 1, left);
    }
}

/*
 * DIR/gitws: the same tree committed after a progress.txt, so the server's work state has a baseline B with
 * every file changed since it: each refresh runs `git diff` and `git status` over 100,000 files.
 */
static void generate_workstate(const char *dir)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/gitws", dir);
    struct stat st;
    if (stat(path, &st) == 0)
        return;
    char cmd[4400];
    snprintf(cmd, sizeof cmd,
             "mkdir '%s/gitws' && cd '%s/gitws' && git init -q . && "
             "printf '=== Session State ===\\nLast completed: setup\\nNext task: more\\n' > progress.txt && "
             "git add progress.txt && git -c user.email=b@example.com -c user.name=bench commit -qm progress && "
             "cp -r '%s/plain/.' . && git add -A && git -c user.email=b@example.com -c user.name=bench commit -qm files",
             dir, dir, dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not make the work-state repository\n");
        exit(1);
    }
}

static void generate(const char *dir, uint32_t count)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/plain", dir);
    struct stat st;
    if (stat(path, &st) == 0) {
        generate_workstate(dir);
        return;
    }
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
    generate_workstate(dir);
}

static void quiet(void *data, const char *message)
{
    (void)data;
    (void)message;
}

enum { SESSIONS = 200, LIMIT = 100, MAX_TYPED = 48 };

/*
 * The token typed in session `q` (the sessions draw from one fixed sequence): half the sessions type a
 * whole path from its first character ("s", "sr", "src", "src/", "src/a", …), half only a file name.
 * Writes at most MAX_TYPED bytes and a NUL to `word`; returns the length.
 */
static size_t session_word(const LspPathIndex *idx, uint32_t entries, int q, char *word)
{
    size_t plen;
    const char *p = lsp_path_index_path(idx, rnd() % entries, &plen);
    if (q % 2) {
        const char *base = strrchr(p, '/');
        p = base ? base + 1 : p;
    }
    size_t n = strlen(p) < MAX_TYPED ? strlen(p) : MAX_TYPED;
    memcpy(word, p, n);
    word[n] = '\0';
    return n;
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

    /* Typing sessions as a client sends them while the list is incomplete, one request per keystroke.
     * Cold: the same tokens, each with nothing remembered from the one before. */
    static double typing[SESSIONS * MAX_TYPED], cold[SESSIONS * MAX_TYPED];
    static LspPathMatch out[LIMIT];
    size_t nt = 0, nc = 0, total_matched = 0;
    seed = 88172645u;
    for (int q = 0; q < SESSIONS; q++) {
        char word[MAX_TYPED + 1];
        size_t n = session_word(idx, files + dirs, q, word);
        for (size_t k = 1; k <= n; k++) {
            size_t matched;
            double s = now_ms();
            lsp_path_index_complete(idx, word, k, NULL, 0, out, LIMIT, &matched);
            typing[nt++] = now_ms() - s;
            total_matched += matched;
        }
        for (size_t k = 1; k <= n; k++) {
            lsp_path_index_complete(idx, "\x01", 1, NULL, 0, out, LIMIT, NULL); /* forget the narrowing */
            double s = now_ms();
            lsp_path_index_complete(idx, word, k, NULL, 0, out, LIMIT, NULL);
            cold[nc++] = now_ms() - s;
        }
    }
    qsort(typing, nt, sizeof typing[0], bench_cmp_double);
    qsort(cold, nc, sizeof cold[0], bench_cmp_double);
    printf("| %s | %u + %u | %.0f ms | %.1f MB | %.1f MB | %.2f / %.2f ms | %.2f / %.2f ms | %zu |\n", label, files,
           dirs, index_ms, (double)lsp_path_index_memory(idx) / 1048576.0, (double)rss_after / 1024.0, typing[nt / 2],
           typing[nt * 99 / 100], cold[nc / 2], cold[nc * 99 / 100], total_matched / nt);
    fflush(stdout);
    lsp_workspace_close(ws);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
}


/* ---------------------------------------------------------------- through the binary */

/* A bare-bones LSP client on a child's stdio: enough to initialize, type and ask for completions. */
typedef struct {
    pid_t pid;
    int to, from;
    char *buf;
    size_t len, cap;
    int next_id;
} Peer;

static void peer_start(Peer *p, const char *bin)
{
    int in[2], out[2];
    if (pipe(in) < 0 || pipe(out) < 0) {
        perror("pipe");
        exit(1);
    }
    p->pid = fork();
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execl(bin, bin, (char *)NULL);
        perror(bin);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = in[1];
    p->from = out[0];
}

static void peer_send(Peer *p, json_t *msg)
{
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *body = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    char head[64];
    int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", strlen(body));
    if (write(p->to, head, (size_t)hn) != hn || write(p->to, body, strlen(body)) != (ssize_t)strlen(body)) {
        perror("write to the server");
        exit(1);
    }
    free(body);
}

static char *header_end(char *buf, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
            return buf + i;
    return NULL;
}

/* The next message from the server (new reference). */
static json_t *peer_read(Peer *p)
{
    for (;;) {
        char *end = header_end(p->buf, p->len);
        if (end) {
            size_t body = (size_t)strtoul(p->buf + strlen("Content-Length: "), NULL, 10);
            size_t head = (size_t)(end - p->buf) + 4;
            if (p->len >= head + body) {
                json_t *msg = json_loadb(p->buf + head, body, 0, NULL);
                memmove(p->buf, p->buf + head + body, p->len - head - body);
                p->len -= head + body;
                return msg;
            }
        }
        if (p->cap - p->len < 65536) {
            p->cap = p->cap ? p->cap * 2 : 1 << 20;
            p->buf = realloc(p->buf, p->cap);
        }
        ssize_t n = read(p->from, p->buf + p->len, p->cap - p->len);
        if (n <= 0) {
            fprintf(stderr, "the server closed its output\n");
            exit(1);
        }
        p->len += (size_t)n;
    }
}

/* Set when the end of the indexing progress has been read. */
static bool indexing_ended;
/* The version of the last publishDiagnostics read for the document. */
static int64_t diags_version;

/* Reads until the response to `id` (or, id < 0, the end of the indexing progress); answers the server's requests. */
static json_t *peer_wait(Peer *p, int id)
{
    if (id < 0 && indexing_ended)
        return json_null();
    for (;;) {
        json_t *m = peer_read(p);
        const char *method = json_string_value(json_object_get(m, "method"));
        json_t *mid = json_object_get(m, "id");
        if (method && mid) {
            json_t *result = strcmp(method, "workspace/configuration") == 0 ? json_pack("[{}]") : json_null();
            peer_send(p, json_pack("{s:O, s:o}", "id", mid, "result", result));
        } else if (!method && json_integer_value(mid) == id) {
            return m;
        } else if (method && strcmp(method, "textDocument/publishDiagnostics") == 0) {
            diags_version = json_integer_value(json_object_get(json_object_get(m, "params"), "version"));
            if (id == 0)
                return m;
        } else if (method && strcmp(method, "$/progress") == 0) {
            const char *kind = json_string_value(json_object_get(json_object_get(json_object_get(m, "params"), "value"), "kind"));
            if (kind && strcmp(kind, "end") == 0) {
                indexing_ended = true;
                if (id < 0)
                    return m;
            }
        }
        json_decref(m);
    }
}

static long peer_peak_rss_kb(const Peer *p)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)p->pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

/* Starts `bin` on `root`, times the indexing and completion requests while typing, as an editor would. */
static void measure_server(const char *bin, const char *root, const char *label)
{
    uv_loop_t loop;
    uv_loop_init(&loop);
    LspWorkspace *ws = lsp_workspace_new(&loop, NULL);
    lsp_workspace_add_root(ws, root);
    lsp_workspace_index(ws);
    uv_run(&loop, UV_RUN_DEFAULT);
    LspPathIndex *idx = lsp_workspace_paths(ws, 0);
    uint32_t entries = lsp_path_index_file_count(idx) + lsp_path_index_dir_count(idx);

    Peer p = {0};
    peer_start(&p, bin);
    char uri[1200], doc_uri[1300];
    snprintf(uri, sizeof uri, "file://%s", root);
    snprintf(doc_uri, sizeof doc_uri, "%s/progress.txt", uri);
    peer_send(&p, json_pack("{s:i, s:s, s:{s:n, s:[{s:s, s:s}], s:{s:{s:b}, s:{s:b}}}}", "id", 1, "method",
                            "initialize", "params", "processId", "workspaceFolders", "uri", uri, "name", label,
                            "capabilities", "window", "workDoneProgress", 1, "workspace", "configuration", 1));
    json_decref(peer_wait(&p, 1));
    double t0 = now_ms();
    indexing_ended = false;
    peer_send(&p, json_pack("{s:s, s:{}}", "method", "initialized", "params"));
    int version = 1, id = 10;
    peer_send(&p, json_pack("{s:s, s:{s:{s:s, s:s, s:i, s:s}}}", "method", "textDocument/didOpen", "params",
                            "textDocument", "uri", doc_uri, "languageId", "progresstxt", "version", version, "text",
                            "=== Files To Modify ===\ns\n"));
    /* Requests while the index fills: the loop must keep answering between slices of the listing. */
    static double busy[4096];
    size_t nb = 0;
    while (!indexing_ended && nb < sizeof busy / sizeof busy[0]) {
        /* A fast typist's pace: a request every 20 ms at most (the end of the progress is seen while waiting for answers). */
        double wait = t0 + 20.0 * (double)(nb + 1) - now_ms();
        if (wait > 0)
            nanosleep(&(struct timespec){0, (long)(wait * 1e6)}, NULL);
        double s = now_ms();
        peer_send(&p, json_pack("{s:i, s:s, s:{s:{s:s}, s:{s:i, s:i}}}", "id", ++id, "method",
                                "textDocument/completion", "params", "textDocument", "uri", doc_uri, "position",
                                "line", 1, "character", 1));
        json_decref(peer_wait(&p, id));
        busy[nb++] = now_ms() - s;
    }
    json_decref(peer_wait(&p, -1));
    double index_ms = now_ms() - t0;
    qsort(busy, nb, sizeof busy[0], bench_cmp_double);

    /* The work-state row saves before each keystroke, so git refreshes (debounced) the whole time. */
    bool refreshing = strcmp(label, "git + work state") == 0;
    static double lat[SESSIONS * MAX_TYPED], dlat[SESSIONS * MAX_TYPED];
    size_t nl = 0, nd = 0;
    seed = 88172645u;
    for (int q = 0; q < SESSIONS; q++) {
        char word[MAX_TYPED + 1], text[MAX_TYPED + 64];
        size_t n = session_word(idx, entries, q, word);
        for (size_t k = 1; k <= n; k++) {
            snprintf(text, sizeof text, "=== Files To Modify ===\n%.*s\n", (int)k, word);
            if (refreshing)
                peer_send(&p, json_pack("{s:s, s:{s:{s:s}}}", "method", "textDocument/didSave", "params",
                                        "textDocument", "uri", doc_uri));
            double e = now_ms();
            peer_send(&p, json_pack("{s:s, s:{s:{s:s, s:i}, s:[{s:s}]}}", "method", "textDocument/didChange",
                                    "params", "textDocument", "uri", doc_uri, "version", ++version,
                                    "contentChanges", "text", text));
            while (diags_version < version)
                json_decref(peer_wait(&p, 0));
            dlat[nd++] = now_ms() - e;
            double s = now_ms();
            peer_send(&p, json_pack("{s:i, s:s, s:{s:{s:s}, s:{s:i, s:i}}}", "id", ++id, "method",
                                    "textDocument/completion", "params", "textDocument", "uri", doc_uri, "position",
                                    "line", 1, "character", (int)k));
            json_decref(peer_wait(&p, id));
            lat[nl++] = now_ms() - s;
        }
    }
    qsort(lat, nl, sizeof lat[0], bench_cmp_double);
    qsort(dlat, nd, sizeof dlat[0], bench_cmp_double);
    long rss = peer_peak_rss_kb(&p);
    printf("| %s | %.0f ms | %zu, max %.1f ms | %.1f MB | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %zu |\n",
           label, index_ms, nb, nb ? busy[nb - 1] : 0.0, (double)rss / 1024.0, lat[nl / 2], lat[nl * 99 / 100],
           lat[nl - 1], dlat[nd / 2], dlat[nd * 99 / 100], nl);
    fflush(stdout);
    peer_send(&p, json_pack("{s:i, s:s}", "id", 2, "method", "shutdown"));
    json_decref(peer_wait(&p, 2));
    peer_send(&p, json_pack("{s:s}", "method", "exit"));
    waitpid(p.pid, NULL, 0);
    free(p.buf);
    lsp_workspace_close(ws);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
}

/* Runs `fn` in a child process, so each measurement's peak RSS is its own. */
static void in_child(void (*fn)(const char *, const char *, const char *), const char *a, const char *b, const char *c)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn(a, b, c);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

static void measure_library(const char *unused, const char *root, const char *label)
{
    (void)unused;
    measure(root, label);
}

int main(int argc, char **argv)
{
    const char *bin = argc > 1 ? argv[1] : NULL;
    const char *dir = getenv("PROGRESS_BENCH_DIR") ? getenv("PROGRESS_BENCH_DIR") : "/tmp/progress-bench-ws";
    uint32_t count = getenv("PROGRESS_BENCH_FILES") ? (uint32_t)strtoul(getenv("PROGRESS_BENCH_FILES"), NULL, 10)
                                                    : 100000;
    generate(dir, count);
    char roots[3][1100];
    snprintf(roots[0], sizeof roots[0], "%s/git", dir);
    snprintf(roots[1], sizeof roots[1], "%s/plain", dir);
    snprintf(roots[2], sizeof roots[2], "%s/gitws", dir);
    const char *labels[] = {"git", "walk", "git + work state"};

    printf("In process (the index alone): `lsp_path_index_complete` for every keystroke of %d typing sessions.\n\n",
           SESSIONS);
    printf("| listing | files + folders | index | index memory | peak RSS | typing p50 / p99 | cold p50 / p99 | "
           "matches per query |\n|---|---|---|---|---|---|---|---|\n");
    for (int m = 0; m < 2; m++)
        in_child(measure_library, NULL, roots[m], labels[m]);
    if (!bin)
        return 0;
    printf("\nThrough the binary (`%s`, over pipes, as an editor): `initialized` to the end of the indexing "
           "progress, with a completion request every 20 ms meanwhile (how many were answered, the slowest); then, per keystroke, `didChange` (time to its "
           "publishDiagnostics) and `textDocument/completion` (time to the answer); the server's peak RSS at the end. "
           "`git + work state`: the same tree committed after progress.txt (every file changed since its last commit), "
           "a `didSave` before each keystroke so git refreshes the whole time.\n\n",
           bin);
    printf("| listing | index | answered while indexing | server peak RSS | completion p50 | p99 | max | "
           "edit→diagnostics p50 | p99 | requests |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (int m = 0; m < 3; m++)
        in_child(measure_server, bin, roots[m], labels[m]);
    return 0;
}
