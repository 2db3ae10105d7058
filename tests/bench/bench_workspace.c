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
#include "index/path_index.h"
#include "index/workspace.h"

/*
 * Usage: bench_workspace [PROGRESS_LS [workstate]]. The workspace, $PROGRESS_BENCH_DIR (default
 * /tmp/progress-bench-ws), is generated once: a tree of $PROGRESS_BENCH_FILES files (default 100,000)
 * about 20 to a folder, 3 to 6 levels deep, names built from a word list with a fixed seed, in
 * DIR/plain, and a copy committed to git in DIR/git, so later runs measure only the indexing. Each
 * measurement runs in a fresh child process, so the peak RSS printed is its own. With PROGRESS_LS,
 * the same typing is also timed through the server binary; with `workstate`, only the edit loop with
 * git refreshing against the same loop without git (measure_workstate).
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

/* The processor time this thread has used: what a request costs, whatever else the machine runs meanwhile. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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
    static double typing[SESSIONS * MAX_TYPED], typing_cpu[SESSIONS * MAX_TYPED], cold[SESSIONS * MAX_TYPED];
    static LspPathMatch out[LIMIT];
    size_t nt = 0, nc = 0, total_matched = 0;
    seed = 88172645u;
    for (int q = 0; q < SESSIONS; q++) {
        char word[MAX_TYPED + 1];
        size_t n = session_word(idx, files + dirs, q, word);
        for (size_t k = 1; k <= n; k++) {
            size_t matched;
            double s = now_ms(), c = cpu_ms();
            lsp_path_index_complete(idx, word, k, NULL, 0, out, LIMIT, &matched);
            typing[nt] = now_ms() - s;
            typing_cpu[nt++] = cpu_ms() - c;
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
    qsort(typing_cpu, nt, sizeof typing_cpu[0], bench_cmp_double);
    qsort(cold, nc, sizeof cold[0], bench_cmp_double);
    printf("| %s | %u + %u | %.0f ms | %.1f MB | %.1f MB | %.2f / %.2f ms | %.2f / %.2f ms | %.2f / %.2f ms | %zu |\n",
           label, files, dirs, index_ms, (double)lsp_path_index_memory(idx) / 1048576.0, (double)rss_after / 1024.0,
           typing[nt / 2], typing[nt * 99 / 100], typing_cpu[nt / 2], typing_cpu[nt * 99 / 100], cold[nc / 2],
           cold[nc * 99 / 100], total_matched / nt);
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

/* Starts `bin`; with `log`, its log (info and up) goes to that file. */
static void peer_start(Peer *p, const char *bin, const char *log)
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
        if (log)
            execl(bin, bin, "--log-file", log, "--log-level", "info", (char *)NULL);
        else
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

/* The root's index, built in this process to draw the typed words from (the server builds its own). */
typedef struct {
    uv_loop_t loop;
    LspWorkspace *ws;
    LspPathIndex *idx;
    uint32_t entries;
} Words;

static void words_open(Words *w, const char *root)
{
    uv_loop_init(&w->loop);
    w->ws = lsp_workspace_new(&w->loop, NULL);
    lsp_workspace_add_root(w->ws, root);
    lsp_workspace_index(w->ws);
    uv_run(&w->loop, UV_RUN_DEFAULT);
    w->idx = lsp_workspace_paths(w->ws, 0);
    w->entries = lsp_path_index_file_count(w->idx) + lsp_path_index_dir_count(w->idx);
}

static void words_close(Words *w)
{
    lsp_workspace_close(w->ws);
    uv_run(&w->loop, UV_RUN_DEFAULT);
    uv_loop_close(&w->loop);
}

/* A session as an editor opens one: initialize (with `options`, taken, may be NULL), initialized, progress.txt opened. */
typedef struct {
    char doc_uri[1300];
    int version, id;
    double indexing_ms;  /* initialized to the end of the indexing progress */
    size_t busy_count;   /* completion requests answered meanwhile */
    double busy_max;
} Session;

static void session_start(Peer *p, Session *ss, const char *root, const char *label, json_t *options)
{
    char uri[1200];
    snprintf(uri, sizeof uri, "file://%s", root);
    snprintf(ss->doc_uri, sizeof ss->doc_uri, "%s/progress.txt", uri);
    json_t *init = json_pack("{s:i, s:s, s:{s:n, s:[{s:s, s:s}], s:{s:{s:b}, s:{s:b}}}}", "id", 1, "method",
                             "initialize", "params", "processId", "workspaceFolders", "uri", uri, "name", label,
                             "capabilities", "window", "workDoneProgress", 1, "workspace", "configuration", 1);
    if (options)
        json_object_set_new(json_object_get(init, "params"), "initializationOptions", options);
    peer_send(p, init);
    json_decref(peer_wait(p, 1));
    double t0 = now_ms();
    indexing_ended = false;
    peer_send(p, json_pack("{s:s, s:{}}", "method", "initialized", "params"));
    ss->version = 1;
    ss->id = 10;
    peer_send(p, json_pack("{s:s, s:{s:{s:s, s:s, s:i, s:s}}}", "method", "textDocument/didOpen", "params",
                           "textDocument", "uri", ss->doc_uri, "languageId", "progresstxt", "version", ss->version,
                           "text", "=== Files To Modify ===\ns\n"));
    /* Requests while the index fills: the loop must keep answering between slices of the listing. */
    ss->busy_count = 0;
    ss->busy_max = 0;
    while (!indexing_ended && ss->busy_count < 4096) {
        /* A fast typist's pace: a request every 20 ms at most (the end of the progress is seen while waiting for answers). */
        double wait = t0 + 20.0 * (double)(ss->busy_count + 1) - now_ms();
        if (wait > 0)
            nanosleep(&(struct timespec){0, (long)(wait * 1e6)}, NULL);
        double s = now_ms();
        peer_send(p, json_pack("{s:i, s:s, s:{s:{s:s}, s:{s:i, s:i}}}", "id", ++ss->id, "method",
                               "textDocument/completion", "params", "textDocument", "uri", ss->doc_uri, "position",
                               "line", 1, "character", 1));
        json_decref(peer_wait(p, ss->id));
        double took = now_ms() - s;
        ss->busy_max = took > ss->busy_max ? took : ss->busy_max;
        ss->busy_count++;
    }
    json_decref(peer_wait(p, -1));
    ss->indexing_ms = now_ms() - t0;
}

static void session_end(Peer *p)
{
    peer_send(p, json_pack("{s:i, s:s}", "id", 2, "method", "shutdown"));
    json_decref(peer_wait(p, 2));
    peer_send(p, json_pack("{s:s}", "method", "exit"));
    waitpid(p->pid, NULL, 0);
    free(p->buf);
    p->buf = NULL;
    p->len = p->cap = 0;
}

/*
 * The typing sessions through the binary: per keystroke (with `saves`, a didSave first), didChange timed
 * to its publishDiagnostics (into `dlat`) and a completion request timed to its answer (into `lat`).
 * Returns the number of keystrokes.
 */
static size_t typing(Peer *p, Session *ss, const Words *w, bool saves, double *lat, double *dlat)
{
    size_t n_keys = 0;
    seed = 88172645u;
    for (int q = 0; q < SESSIONS; q++) {
        char word[MAX_TYPED + 1], text[MAX_TYPED + 64];
        size_t n = session_word(w->idx, w->entries, q, word);
        for (size_t k = 1; k <= n; k++) {
            snprintf(text, sizeof text, "=== Files To Modify ===\n%.*s\n", (int)k, word);
            if (saves)
                peer_send(p, json_pack("{s:s, s:{s:{s:s}}}", "method", "textDocument/didSave", "params",
                                       "textDocument", "uri", ss->doc_uri));
            double e = now_ms();
            peer_send(p, json_pack("{s:s, s:{s:{s:s, s:i}, s:[{s:s}]}}", "method", "textDocument/didChange",
                                   "params", "textDocument", "uri", ss->doc_uri, "version", ++ss->version,
                                   "contentChanges", "text", text));
            while (diags_version < ss->version)
                json_decref(peer_wait(p, 0));
            dlat[n_keys] = now_ms() - e;
            double s = now_ms();
            peer_send(p, json_pack("{s:i, s:s, s:{s:{s:s}, s:{s:i, s:i}}}", "id", ++ss->id, "method",
                                   "textDocument/completion", "params", "textDocument", "uri", ss->doc_uri,
                                   "position", "line", 1, "character", (int)k));
            json_decref(peer_wait(p, ss->id));
            lat[n_keys++] = now_ms() - s;
        }
    }
    return n_keys;
}

/* Starts `bin` on `root`, times the indexing and completion requests while typing, as an editor would. */
static void measure_server(const char *bin, const char *root, const char *label)
{
    Words w;
    words_open(&w, root);
    Peer p = {0};
    peer_start(&p, bin, NULL);
    Session ss;
    session_start(&p, &ss, root, label, NULL);
    static double lat[SESSIONS * MAX_TYPED], dlat[SESSIONS * MAX_TYPED];
    size_t nl = typing(&p, &ss, &w, false, lat, dlat);
    qsort(lat, nl, sizeof lat[0], bench_cmp_double);
    qsort(dlat, nl, sizeof dlat[0], bench_cmp_double);
    long rss = peer_peak_rss_kb(&p);
    printf("| %s | %.0f ms | %zu, max %.1f ms | %.1f MB | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %zu |\n",
           label, ss.indexing_ms, ss.busy_count, ss.busy_max, (double)rss / 1024.0, lat[nl / 2], lat[nl * 99 / 100],
           lat[nl - 1], dlat[nl / 2], dlat[nl * 99 / 100], nl);
    fflush(stdout);
    session_end(&p);
    words_close(&w);
}

/* ---------------------------------------------------------------- git refreshing during the edit loop */

enum { WS_ROUNDS = 2 };

/* Reads until a publishDiagnostics carries git's evidence (the first refresh is in): typing starts from there. */
static void wait_evidence(Peer *p)
{
    for (bool found = false; !found;) {
        json_t *m = peer_wait(p, 0);
        json_t *diags = json_object_get(json_object_get(m, "params"), "diagnostics");
        for (size_t i = 0; i < json_array_size(diags) && !found; i++) {
            const char *code = json_string_value(json_object_get(json_array_get(diags, i), "code"));
            found = code && strcmp(code, "unlisted-changes") == 0;
        }
        json_decref(m);
    }
}

/* What the server's log says of the git refreshes that ended: how many, and their time in all. */
static void refreshes_read(const char *log, size_t *count, double *ms)
{
    *count = 0;
    *ms = 0;
    FILE *f = fopen(log, "r");
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        const char *at = strstr(line, "git refresh ");
        const char *in = at ? strstr(at, " git commands in ") : NULL;
        if (in) {
            (*count)++;
            *ms += strtod(in + strlen(" git commands in "), NULL);
        }
    }
    if (f)
        fclose(f);
}

/*
 * The benchmark: on DIR/gitws (every one of the 100,000 files changed since progress.txt was last
 * committed) the same typing loop in three modes, in alternating rounds of a fresh server each, pooled: the work
 * state on with a didSave before every keystroke (git refreshing the whole time), the work state on without saves
 * (the evidence in, git idle: what the evidence diagnostics cost without git running), and off (no git at all).
 */
enum { WS_OFF, WS_REFRESHING, WS_IDLE, WS_MODES };

static void measure_workstate(const char *bin, const char *root)
{
    Words w;
    words_open(&w, root);
    static double lat[WS_MODES][WS_ROUNDS * SESSIONS * MAX_TYPED], dlat[WS_MODES][WS_ROUNDS * SESSIONS * MAX_TYPED];
    size_t n[WS_MODES] = {0}, refreshes[WS_MODES] = {0};
    double loop_ms = 0, git_ms = 0;
    long rss[WS_MODES] = {0};
    char log[64];
    snprintf(log, sizeof log, "/tmp/bench-workstate-%d.log", (int)getpid());
    for (int round = 0; round < WS_ROUNDS; round++) {
        for (int mode = 0; mode < WS_MODES; mode++) {
            bool on = mode != WS_OFF;
            unlink(log);
            Peer p = {0};
            peer_start(&p, bin, log);
            Session ss;
            json_t *options = on ? NULL
                                 : json_pack("{s:{s:b, s:b, s:b, s:b, s:b, s:b}}", "workState", "changedFiles", 0,
                                             "commits", 0, "staleness", 0, "featureList", 0, "inlayHints", 0,
                                             "codeLens", 0);
            session_start(&p, &ss, root, on ? "work state on" : "work state off", options);
            size_t before;
            double before_ms;
            if (on) {
                wait_evidence(&p);
                /* A server that logs its refreshes: typing starts after one steady-state refresh (the first reads
                 * the whole history, and git then rests twice as long), so the loop sees git as it keeps going. */
                refreshes_read(log, &before, &before_ms);
                size_t now = before;
                if (before)
                    peer_send(&p, json_pack("{s:s, s:{s:{s:s}}}", "method", "textDocument/didSave", "params",
                                            "textDocument", "uri", ss.doc_uri));
                for (int waited = 0; before && now == before && waited < 6000; waited++) {
                    nanosleep(&(struct timespec){0, 20 * 1000000L}, NULL);
                    refreshes_read(log, &now, &before_ms);
                }
            }
            refreshes_read(log, &before, &before_ms);
            double t0 = now_ms();
            n[mode] += typing(&p, &ss, &w, mode == WS_REFRESHING, lat[mode] + n[mode], dlat[mode] + n[mode]);
            long r = peer_peak_rss_kb(&p);
            rss[mode] = r > rss[mode] ? r : rss[mode];
            session_end(&p);
            size_t after;
            double after_ms;
            refreshes_read(log, &after, &after_ms);
            refreshes[mode] += after - before;
            if (mode == WS_REFRESHING) {
                loop_ms += now_ms() - t0;
                git_ms += after_ms - before_ms;
            }
        }
    }
    unlink(log);
    static const char *const label[WS_MODES] = {"work state off (no git)", "git refreshing",
                                                "work state on, git idle (no saves)"};
    static const int order[WS_MODES] = {WS_REFRESHING, WS_IDLE, WS_OFF};
    for (int k = 0; k < WS_MODES; k++) {
        int m = order[k];
        qsort(lat[m], n[m], sizeof lat[m][0], bench_cmp_double);
        qsort(dlat[m], n[m], sizeof dlat[m][0], bench_cmp_double);
        printf("| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.1f MB | %zu |\n", label[m],
               lat[m][n[m] / 2], lat[m][n[m] * 99 / 100], lat[m][n[m] - 1], dlat[m][n[m] / 2],
               dlat[m][n[m] * 99 / 100], dlat[m][n[m] - 1], (double)rss[m] / 1024.0, n[m]);
    }
    printf("\nGit refreshes that ended during the loops with the work state on: %zu in %.1f s of typing, git running "
           "%.0f%% of that time; without saves: %zu.\n",
           refreshes[WS_REFRESHING], loop_ms / 1e3, loop_ms > 0 ? 100.0 * git_ms / loop_ms : 0.0, refreshes[WS_IDLE]);
    fflush(stdout);
    words_close(&w);
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
    bool workstate = argc > 2 && strcmp(argv[2], "workstate") == 0;
    const char *dir = getenv("PROGRESS_BENCH_DIR") ? getenv("PROGRESS_BENCH_DIR") : "/tmp/progress-bench-ws";
    uint32_t count = getenv("PROGRESS_BENCH_FILES") ? (uint32_t)strtoul(getenv("PROGRESS_BENCH_FILES"), NULL, 10)
                                                    : 100000;
    generate(dir, count);
    char roots[3][1100];
    snprintf(roots[0], sizeof roots[0], "%s/git", dir);
    snprintf(roots[1], sizeof roots[1], "%s/plain", dir);
    snprintf(roots[2], sizeof roots[2], "%s/gitws", dir);
    const char *labels[] = {"git", "walk"};
    if (workstate && bin) {
        printf("Through the binary (`%s`), on the 100,000 files committed after progress.txt (every one changed since "
               "its last commit), %d alternating rounds of a fresh server each, pooled: per keystroke of %d typing "
               "sessions, from the moment git's evidence is in (and one more refresh has ended, when the server logs them): a `didSave` (each asks git for a refresh), `didChange` timed to its `publishDiagnostics` "
               "and `textDocument/completion` timed to its answer. *git refreshing*: the work state on; *git idle*: the "
               "work state on, the same loop without the saves (the evidence diagnostics on every keystroke, no git "
               "running); *work state off*: every `workState` switch off, so git never runs.\n\n",
               bin, WS_ROUNDS, SESSIONS);
        printf("| work state | completion p50 | p99 | max | edit→diagnostics p50 | p99 | max | server peak RSS | "
               "keystrokes |\n|---|---|---|---|---|---|---|---|---|\n");
        measure_workstate(bin, roots[2]);
        return 0;
    }

    printf("In process (the index alone): `lsp_path_index_complete` for every keystroke of %d typing sessions.\n\n",
           SESSIONS);
    printf("| listing | files + folders | index | index memory | peak RSS | typing p50 / p99 | typing CPU p50 / p99 | "
           "cold p50 / p99 | matches per query (at most) |\n|---|---|---|---|---|---|---|---|---|\n");
    for (int m = 0; m < 2; m++)
        in_child(measure_library, NULL, roots[m], labels[m]);
    if (!bin)
        return 0;
    printf("\nThrough the binary (`%s`, over pipes, as an editor): `initialized` to the end of the indexing "
           "progress, with a completion request every 20 ms meanwhile (how many were answered, the slowest); then, per keystroke, `didChange` (time to its "
           "publishDiagnostics) and `textDocument/completion` (time to the answer); the server's peak RSS at the end.\n\n",
           bin);
    printf("| listing | index | answered while indexing | server peak RSS | completion p50 | p99 | max | "
           "edit→diagnostics p50 | p99 | requests |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (int m = 0; m < 2; m++)
        in_child(measure_server, bin, roots[m], labels[m]);
    return 0;
}
