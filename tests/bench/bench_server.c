/* bench_server.c — prints the server's latencies over a real pipe: startup, edit → diagnostics, edit + outline, RSS. */
/*
 * Usage: bench_server [PATH-TO-progress-ls [PART]]
 *   PATH defaults to $PROGRESS_LS, else ../progress-ls next to this binary ("" for that default too);
 *   PART is one of startup, diagnostics, symbols, serialise (default: all of these), floor, markdown (a 3,600-line
 *   markdown log: edit → diagnostics, edit + documentSymbol, and against the floor), diagfloor (that last table
 *   alone: edit → diagnostics against the floor, per placement of client and servers) or memory, e.g. to profile one.
 * Not a test: it prints figures for docs/performance.md. The client side is plain blocking I/O and a
 * prefix match on each frame (no JSON parsing), so the times are the server's plus two pipe hops.
 */
#define _GNU_SOURCE /* sched_setaffinity: where the client and the server run */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "support/framer.h"
#include "handlers/handlers.h"
#include "server/outline.h"
#include "support/position.h"
#include "progress/core.h"

extern char **environ;

typedef struct {
    double p50, p99, max;
} Stats;

static Stats stats(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], bench_cmp_double);
    return (Stats){v[n / 2], v[(n * 99) / 100], v[n - 1]};
}

/* ---------------------------------------------------------------- a blocking client */

typedef struct {
    pid_t pid;
    int to, from;
    LspFramer framer;
    size_t last_len; /* the body length of the last frame matched */
} Server;

static const char *server_path;
static char floor_path[4096]; /* bench_floor, next to this program */

/*
 * Where the client and each server it starts run. A round trip of a few tens of microseconds is mostly the wake-up
 * of a sleeping process: on a core of its own that is an idle core woken (tens of microseconds on a VM), on the
 * client's core a context switch (a few). Left to the scheduler, a run mixes the two and its p50 lands on either.
 */
typedef enum { PLACE_ANY, PLACE_ONE_CORE, PLACE_TWO_CORES } Placement;
static Placement placement;
static cpu_set_t all_cpus;      /* this process's CPUs at start */
static int first_cpu, last_cpu; /* of those: the client's alone, and the servers' (the client's too on one core) */

static void note_cpus(void)
{
    sched_getaffinity(0, sizeof all_cpus, &all_cpus);
    first_cpu = last_cpu = -1;
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &all_cpus)) {
            last_cpu = c;
            if (first_cpu < 0)
                first_cpu = c;
        }
}

static void pin(pid_t pid, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(pid, sizeof set, &set);
}

/* The client's place for `p` (the servers get theirs as they start). */
static void place_client(Placement p)
{
    placement = p;
    if (p == PLACE_ANY)
        sched_setaffinity(0, sizeof all_cpus, &all_cpus);
    else
        pin(0, p == PLACE_ONE_CORE ? last_cpu : first_cpu);
}

static void place_server(pid_t pid)
{
    if (placement != PLACE_ANY)
        pin(pid, last_cpu);
}

static void spawn_path(Server *s, const char *path)
{
    int in[2], out[2];
    if (pipe(in) < 0 || pipe(out) < 0) {
        perror("pipe");
        exit(1);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    char *argv[] = {(char *)path, NULL};
    int err = posix_spawn(&s->pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err) {
        fprintf(stderr, "bench_server: cannot start %s: %s\n", path, strerror(err));
        exit(1);
    }
    place_server(s->pid);
    close(in[0]);
    close(out[1]);
    s->to = in[1];
    s->from = out[0];
    lsp_framer_init(&s->framer, LSP_FRAME_MAX_BODY);
}

static void spawn_server(Server *s)
{
    spawn_path(s, server_path);
}

static void send_msg(Server *s, const char *body, size_t len)
{
    char header[64];
    int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", len);
    const char *parts[2] = {header, body};
    size_t lens[2] = {(size_t)n, len};
    for (int p = 0; p < 2; p++)
        for (size_t off = 0; off < lens[p];) {
            ssize_t w = write(s->to, parts[p] + off, lens[p] - off);
            if (w < 0 && errno != EINTR) {
                perror("bench_server: write");
                exit(1);
            }
            off += w > 0 ? (size_t)w : 0;
        }
}

/* Reads frames until one whose body starts with `prefix`; the others (other notifications) are skipped. */
static void wait_for(Server *s, const char *prefix)
{
    size_t plen = strlen(prefix);
    static char buf[1 << 16];
    for (;;) {
        LspFrame f;
        while (lsp_framer_next(&s->framer, &f) != LSP_FRAME_NONE)
            if (f.kind == LSP_FRAME_MESSAGE && f.len >= plen && memcmp(f.body, prefix, plen) == 0) {
                s->last_len = f.len;
                return;
            }
        ssize_t n = read(s->from, buf, sizeof buf);
        if (n <= 0) {
            fprintf(stderr, "bench_server: the server ended while waiting for %s\n", prefix);
            exit(1);
        }
        lsp_framer_feed(&s->framer, buf, (size_t)n);
    }
}

/* A figure of /proc/<pid>/status in kB (`key` e.g. "VmHWM"), or -1. */
static long vm_kb(pid_t pid, const char *key)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':') {
            kb = strtol(line + n + 1, NULL, 10);
            break;
        }
    if (f)
        fclose(f);
    return kb;
}

static long vm_hwm_kb(pid_t pid)
{
    return vm_kb(pid, "VmHWM");
}

static const char init_msg[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,"
                               "\"capabilities\":{}}}";

static void initialize(Server *s)
{
    send_msg(s, init_msg, sizeof init_msg - 1);
    wait_for(s, "{\"jsonrpc\":\"2.0\",\"id\":1,");
    static const char initialized[] = "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}";
    send_msg(s, initialized, sizeof initialized - 1);
}

static void stop_server(Server *s)
{
    static const char shutdown[] = "{\"jsonrpc\":\"2.0\",\"id\":\"bye\",\"method\":\"shutdown\"}";
    static const char exit_msg[] = "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}";
    send_msg(s, shutdown, sizeof shutdown - 1);
    wait_for(s, "{\"jsonrpc\":\"2.0\",\"id\":\"bye\",");
    send_msg(s, exit_msg, sizeof exit_msg - 1);
    close(s->to);
    close(s->from);
    int status;
    waitpid(s->pid, &status, 0);
    lsp_framer_destroy(&s->framer);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "bench_server: the server did not exit cleanly (status %d)\n", status);
}

static const char uri[] = "file:///bench/progress.txt";
static const char *doc_dialect; /* NULL: the template document (bench_make_doc); else a log (bench_make_log) */

/* Opens the test document; `diagnosed`: wait for its diagnostics (the floor sends none). */
static void open_doc_as(Server *s, uint32_t lines, bool diagnosed)
{
    size_t len;
    char *text = doc_dialect ? bench_make_log(doc_dialect, lines, &len) : bench_make_doc(lines, &len);
    json_t *msg = json_pack("{s:s,s:s,s:{s:{s:s,s:s,s:i,s:s%}}}", "jsonrpc", "2.0", "method", "textDocument/didOpen",
                            "params", "textDocument", "uri", uri, "languageId", "progresstxt", "version", 1, "text",
                            text, len);
    char *body = json_dumps(msg, JSON_COMPACT);
    send_msg(s, body, strlen(body));
    free(body);
    json_decref(msg);
    free(text);
    if (diagnosed)
        wait_for(s, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\"");
}

static void open_doc(Server *s, uint32_t lines)
{
    open_doc_as(s, lines, true);
}

/* A one-character edit in the middle of the document: even versions insert an 'x', odd ones delete it. */
static int change_msg(char *buf, size_t cap, int version, uint32_t line)
{
    bool insert = version % 2 == 0;
    return snprintf(buf, cap,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
                    "{\"uri\":\"%s\",\"version\":%d},\"contentChanges\":[{\"range\":{\"start\":{\"line\":%u,"
                    "\"character\":4},\"end\":{\"line\":%u,\"character\":%d}},\"text\":\"%s\"}]}}",
                    uri, version, line, line, insert ? 4 : 5, insert ? "x" : "");
}

static void diag_prefix(char *buf, size_t cap, int version)
{
    snprintf(buf, cap,
             "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":\"%s\","
             "\"version\":%d,",
             uri, version);
}

/* ---------------------------------------------------------------- the measurements */

/* How long the OS takes to start and end the binary at all: `progress-ls --version`, spawned and reaped. */
static void bench_spawn_baseline(void)
{
    enum { RUNS = 50 };
    double t[RUNS];
    char *argv[] = {(char *)server_path, "--version", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    for (int i = 0; i < RUNS; i++) {
        pid_t pid;
        int status;
        double t0 = bench_now_us();
        if (posix_spawn(&pid, server_path, &fa, NULL, argv, environ) != 0) {
            fprintf(stderr, "bench_server: cannot start %s\n", server_path);
            exit(1);
        }
        waitpid(pid, &status, 0);
        t[i] = bench_now_us() - t0;
    }
    posix_spawn_file_actions_destroy(&fa);
    Stats st = stats(t, RUNS);
    printf("| process start → exit of `progress-ls --version` (the OS's share) | %d runs | %.2f ms | %.2f ms |\n",
           RUNS, st.p50 / 1e3, st.p99 / 1e3);
}

static void bench_startup(void)
{
    enum { RUNS = 50 };
    double t[RUNS];
    for (int i = 0; i < RUNS; i++) {
        Server s;
        double t0 = bench_now_us();
        spawn_server(&s);
        send_msg(&s, init_msg, sizeof init_msg - 1);
        wait_for(&s, "{\"jsonrpc\":\"2.0\",\"id\":1,");
        t[i] = bench_now_us() - t0;
        stop_server(&s);
    }
    Stats st = stats(t, RUNS);
    printf("| process start → initialize answered | %d runs | %.2f ms | %.2f ms |\n", RUNS, st.p50 / 1e3,
           st.p99 / 1e3);
}

/* One edit → publishDiagnostics round trip per sample into `t`, versions from `version` + 1 on; returns the last
   notification's size. */
static size_t diagnostics_loop(Server *s, uint32_t lines, int edits, double *t, int *version)
{
    char msg[512], prefix[256];
    for (int i = 0; i < edits; i++) {
        int v = ++*version;
        int n = change_msg(msg, sizeof msg, v, lines / 2);
        diag_prefix(prefix, sizeof prefix, v);
        double t0 = bench_now_us();
        send_msg(s, msg, (size_t)n);
        wait_for(s, prefix);
        t[i] = bench_now_us() - t0;
    }
    return s->last_len;
}

/* One edit + documentSymbol round trip per sample into `t`; returns the last answer's size. */
static size_t symbol_loop(Server *s, uint32_t lines, int edits, double *t, int *version)
{
    char msg[1024], prefix[64], req[256];
    for (int i = 0; i < edits; i++) {
        int v = ++*version;
        int n = change_msg(msg, sizeof msg, v, lines / 2);
        int rn = snprintf(req, sizeof req,
                          "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"textDocument/documentSymbol\",\"params\":"
                          "{\"textDocument\":{\"uri\":\"%s\"}}}",
                          v, uri);
        snprintf(prefix, sizeof prefix, "{\"jsonrpc\":\"2.0\",\"id\":%d,", v);
        double t0 = bench_now_us();
        send_msg(s, msg, (size_t)n);
        send_msg(s, req, (size_t)rn);
        wait_for(s, prefix);
        t[i] = bench_now_us() - t0;
    }
    return s->last_len;
}

typedef size_t (*EditLoop)(Server *s, uint32_t lines, int edits, double *t, int *version);

/*
 * `edits` samples of `loop` on one fresh progress-ls with the `lines`-line document open: their p50 and p99, what
 * the last sample returned (`*size`: the notification's or the answer's bytes) and the server's peak RSS (`*rss`).
 */
static Stats edits_on_one_server(uint32_t lines, EditLoop loop, int edits, size_t *size, long *rss)
{
    Server s;
    spawn_server(&s);
    initialize(&s);
    open_doc(&s, lines);
    double *t = malloc(sizeof *t * (size_t)edits);
    int version = 1;
    *size = loop(&s, lines, edits, t, &version);
    Stats st = stats(t, edits);
    *rss = vm_hwm_kb(s.pid);
    stop_server(&s);
    free(t);
    return st;
}

static void bench_edit_diagnostics(uint32_t lines, int edits, long *rss)
{
    size_t diag_len;
    Stats st = edits_on_one_server(lines, diagnostics_loop, edits, &diag_len, rss);
    printf("| %u-line doc: one-char didChange → publishDiagnostics | %d edits, %zu-byte notification | %.3f ms | "
           "%.3f ms |\n",
           lines, edits, diag_len, st.p50 / 1e3, st.p99 / 1e3);
}

static void bench_edit_symbols(uint32_t lines, int edits, long *rss)
{
    size_t answer;
    Stats st = edits_on_one_server(lines, symbol_loop, edits, &answer, rss);
    printf("| %u-line doc: didChange + documentSymbol answered | %d edits, %.2f MB answer, %.0f MB/s | %.3f ms | "
           "%.3f ms |\n",
           lines, edits, (double)answer / 1e6, (double)answer / st.p50, st.p50 / 1e3, st.p99 / 1e3);
}

enum { ROUNDS = 6 };

/*
 * `loop` against the floor (bench_floor: the same bytes, prepared) and against progress-ls, in alternating rounds
 * of one fresh process each so that both see the same machine load; the samples of all rounds are pooled:
 * st[0] the floor's figures, st[1] progress-ls's, size[k] what `loop` returned of each.
 */
static void alternate(uint32_t lines, EditLoop loop, int edits, int warmup, Stats st[2], size_t size[2])
{
    double *warm = malloc(sizeof(double) * (size_t)warmup);
    double *t[2];
    for (int k = 0; k < 2; k++)
        t[k] = malloc(sizeof(double) * ROUNDS * (size_t)edits);
    for (int r = 0; r < ROUNDS; r++)
        for (int k = 0; k < 2; k++) {
            Server s;
            spawn_path(&s, k == 0 ? floor_path : server_path);
            initialize(&s);
            open_doc_as(&s, lines, k == 1);
            int version = 1;
            loop(&s, lines, warmup, warm, &version);
            size[k] = loop(&s, lines, edits, t[k] + r * edits, &version);
            stop_server(&s);
        }
    for (int k = 0; k < 2; k++) {
        st[k] = stats(t[k], ROUNDS * edits);
        free(t[k]);
    }
    free(warm);
}

/* The rest of a row against the floor: p50 and p99 of the floor (st[0]) and of progress-ls (st[1]), their ratios. */
static void print_against_floor(const Stats st[2])
{
    Stats f = st[0], p = st[1];
    printf("| %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.2f× | %.2f× |\n", f.p50 / 1e3, f.p99 / 1e3, p.p50 / 1e3,
           p.p99 / 1e3, p.p50 / f.p50, p.p99 / f.p99);
}

/* The edit + documentSymbol loop against the floor. Prints p50 and p99 of both and their ratios. */
static void bench_floor(uint32_t lines)
{
    enum { EDITS = 100, WARMUP = 10 };
    Stats st[2];
    size_t answer[2] = {0, 0};
    alternate(lines, symbol_loop, EDITS, WARMUP, st, answer);
    printf("| %u | %.2f MB ", lines, (double)answer[1] / 1e6);
    print_against_floor(st);
    if (answer[0] != answer[1])
        printf("(the floor's answer is %zu bytes, progress-ls's %zu: the id differs in length only)\n", answer[0],
               answer[1]);
}

/* One row of bench_diagnostics_floor, after its placement cell: the size, both sides' p50 and p99, the ratios. */
static void diagnostics_floor_row(uint32_t lines)
{
    enum { EDITS = 200, WARMUP = 20 };
    Stats st[2];
    size_t size[2] = {0, 0};
    alternate(lines, diagnostics_loop, EDITS, WARMUP, st, size);
    printf("| %u | %zu bytes ", lines, size[1]);
    print_against_floor(st);
}

/*
 * The edit → publishDiagnostics loop against the floor (which publishes the diagnostics progress-ls gave for the
 * opened text, with the edit's version, after each read) and against progress-ls, as bench_floor does; a row for
 * each placement of the client and the servers.
 */
static void bench_diagnostics_floor(uint32_t lines)
{
    static const char *const where[] = {"as the scheduler places them", "one core for both", "a core each"};
    for (Placement p = PLACE_ANY; p <= PLACE_TWO_CORES; p++) {
        if (p == PLACE_TWO_CORES && CPU_COUNT(&all_cpus) < 2)
            break;
        place_client(p);
        printf("| %s ", where[p]);
        diagnostics_floor_row(lines);
    }
    place_client(PLACE_ANY);
}

/* ---------------------------------------------------------------- in-process: jansson tree vs direct writer */

static json_t *symbol_json(const CoreDoc *doc, const CoreOutline *ol, size_t *i)
{
    const CoreSymbol *sym = &ol->items[(*i)++];
    json_t *o = json_pack("{s:s%,s:i,s:o,s:o}", "name", sym->name, sym->name_len, "kind", 15, "range",
                          lsp_range_json(doc, CORE_ENC_UTF16, sym->range), "selectionRange",
                          lsp_range_json(doc, CORE_ENC_UTF16, sym->selection));
    if (sym->detail)
        json_object_set_new(o, "detail", json_stringn(sym->detail, sym->detail_len));
    if (sym->child_count) {
        json_t *children = json_array();
        for (uint32_t c = 0; c < sym->child_count && *i < ol->count; c++)
            json_array_append_new(children, symbol_json(doc, ol, i));
        json_object_set_new(o, "children", children);
    }
    return o;
}

/*
 * Where an edit + documentSymbol goes in-process (median of REPS each): the core's outline alone; the answer written
 * from nothing (outline + writer, the kept sections dropped first), into a buffer reused as the server reuses it;
 * the writer's throughput (answer size over answer - outline); then the request as the server now serves it: one
 * character typed mid-document (core_doc_edit), the answer with the unchanged sections kept, and the diagnose pass
 * that the push after it costs; last, a jansson tree of the same symbols dumped with json_dumps.
 */
static void bench_serialisation(uint32_t lines)
{
    size_t len;
    char *text = bench_make_doc(lines, &len);
    LspServer s;
    memset(&s, 0, sizeof s);
    s.enc = CORE_ENC_UTF16;
    s.state = LSP_STATE_RUNNING;
    lsp_docs_init(&s.docs);
    LspDoc *d = lsp_docs_open(&s.docs, uri, text, len, 1);
    json_t *params = json_pack("{s:{s:s}}", "textDocument", "uri", uri);
    enum { REPS = 60 };
    double outline[REPS], direct[REPS], edit[REPS], kept[REPS], diag[REPS], tree[REPS];
    size_t direct_len = 0, tree_len = 0;
    LspOut o;
    lsp_out_init(&o);
    for (int r = 0; r < REPS; r++) {
        double t0 = bench_now_us();
        CoreOutline ol;
        core_outline(d->doc, &ol);
        core_outline_free(&ol);
        outline[r] = bench_now_us() - t0;

        lsp_outline_free(d->outline);
        d->outline = NULL;
        lsp_out_truncate(&o, 0);
        t0 = bench_now_us();
        LspReply reply = {.out = &o};
        lsp_on_document_symbol(&s, params, &reply);
        direct[r] = bench_now_us() - t0;
        direct_len = o.len;

        /* A keystroke mid-document (typed on even runs, taken back on odd ones), then the answer again. */
        uint32_t line = lines / 2;
        CoreRange at = {{line, 4}, {line, r % 2 ? 5u : 4u}};
        t0 = bench_now_us();
        core_doc_edit(d->doc, CORE_ENC_UTF16, at, r % 2 ? "" : "x", r % 2 ? 0 : 1);
        edit[r] = bench_now_us() - t0;
        lsp_out_truncate(&o, 0);
        t0 = bench_now_us();
        lsp_on_document_symbol(&s, params, &reply);
        kept[r] = bench_now_us() - t0;
        t0 = bench_now_us();
        CoreDiagList dl;
        core_diagnose(d->doc, NULL, &dl);
        core_diag_list_free(&dl);
        diag[r] = bench_now_us() - t0;

        if (r % 4)
            continue; /* the tree is slow: a quarter of the runs */
        t0 = bench_now_us();
        core_outline(d->doc, &ol);
        json_t *arr = json_array();
        for (size_t i = 0; i < ol.count;)
            json_array_append_new(arr, symbol_json(d->doc, &ol, &i));
        char *dump = json_dumps(arr, JSON_COMPACT);
        tree_len = strlen(dump);
        free(dump);
        json_decref(arr);
        core_outline_free(&ol);
        tree[r / 4] = bench_now_us() - t0;
    }
    lsp_out_free(&o);
    Stats a = stats(outline, REPS), b = stats(direct, REPS), c = stats(tree, REPS / 4);
    Stats e = stats(edit, REPS), k = stats(kept, REPS), g = stats(diag, REPS);
    double writer = b.p50 - a.p50;
    printf("| %u lines | %.2f MB | %.3f ms | %.3f ms | %.3f ms | %.2f GB/s | %.4f ms | %.3f ms | %.3f ms | %.1f ms |\n",
           lines, (double)direct_len / 1e6, a.p50 / 1e3, b.p50 / 1e3, writer / 1e3, (double)direct_len / writer / 1e3,
           e.p50 / 1e3, k.p50 / 1e3, g.p50 / 1e3, c.p50 / 1e3);
    (void)tree_len;
    json_decref(params);
    lsp_docs_destroy(&s.docs);
    free(text);
}

/*
 * The server's memory for one open document of `lines` lines: resident memory before the didOpen and once its
 * diagnostics are back (the steady cost), and the peak (VmHWM: the didOpen message, its parse and the model at
 * once). Per line = (steady growth - text) / lines.
 */
static void bench_memory(uint32_t lines)
{
    Server s;
    spawn_server(&s);
    initialize(&s);
    long before = vm_kb(s.pid, "VmRSS");
    size_t len;
    char *text = bench_make_doc(lines, &len);
    free(text);
    open_doc(&s, lines);
    long after = vm_kb(s.pid, "VmRSS"), peak = vm_kb(s.pid, "VmHWM");
    double text_kb = (double)len / 1024;
    printf("| %u | %.1f MB | %.1f MB | %.1f MB | %.2f× | %.0f bytes | %.2f× |\n", lines, (double)len / 1e6,
           (double)(after - before) / 1024, (double)peak / 1024, (double)(after - before) / text_kb,
           ((double)(after - before) * 1024 - (double)len) / lines, (double)peak / text_kb);
    stop_server(&s);
}

int main(int argc, char **argv)
{
    static char guess[4096];
    server_path = argc > 1 && argv[1][0] ? argv[1] : getenv("PROGRESS_LS");
    const char *part = argc > 2 ? argv[2] : "all";
    note_cpus();
    bool all = strcmp(part, "all") == 0;
    if (!server_path) {
        /* Built as build/tests/bench_server next to build/progress-ls. */
        ssize_t n = readlink("/proc/self/exe", guess, sizeof guess - 32);
        guess[n > 0 ? n : 0] = '\0';
        char *slash = strrchr(guess, '/');
        strcpy(slash ? slash : guess, "/../progress-ls");
        server_path = guess;
    }
    {
        ssize_t n = readlink("/proc/self/exe", floor_path, sizeof floor_path - 32);
        floor_path[n > 0 ? n : 0] = '\0';
        char *slash = strrchr(floor_path, '/');
        strcpy(slash ? slash + 1 : floor_path, "bench_floor");
    }
    signal(SIGPIPE, SIG_IGN);
    printf("server: %s\n\n", server_path);
    bool table = all || strcmp(part, "startup") == 0 || strcmp(part, "diagnostics") == 0 || strcmp(part, "symbols") == 0;
    if (table)
        printf("| measure | runs / size | median | p99 |\n|---|---|---|---|\n");
    long rss_diag = -1, rss_sym1k = -1, rss_sym10k = -1;
    if (all || strcmp(part, "startup") == 0) {
        bench_spawn_baseline();
        bench_startup();
    }
    if (all || strcmp(part, "diagnostics") == 0)
        bench_edit_diagnostics(10000, 1000, &rss_diag);
    if (all || strcmp(part, "symbols") == 0) {
        bench_edit_symbols(1000, 500, &rss_sym1k);
        bench_edit_symbols(10000, 500, &rss_sym10k);
    }
    if (all)
        printf("\nPeak RSS of the server (VmHWM): %ld kB in the 10,000-line edit run, %ld kB with 1,000-line "
               "outlines, %ld kB with 10,000-line outlines.\n",
               rss_diag, rss_sym1k, rss_sym10k);
    if (strcmp(part, "floor") == 0) {
        printf("\nThe floor (`bench_floor`: the same answer bytes prepared once, every edit ignored) and progress-ls, "
               "edit + documentSymbol, %d alternating rounds of a fresh process each, %d edits a round pooled:\n\n",
               6, 100);
        printf("| lines | answer | floor p50 | floor p99 | progress-ls p50 | progress-ls p99 | ratio p50 | ratio p99 "
               "|\n|---|---|---|---|---|---|---|---|\n");
        bench_floor(2000);
        bench_floor(10000);
    }
    if (strcmp(part, "markdown") == 0) { /* issue 21: a 3,600-line markdown session log */
        doc_dialect = "markdown";
        long rss;
        printf("| measure | runs / size | median | p99 |\n|---|---|---|---|\n");
        bench_edit_diagnostics(3600, 1000, &rss);
        bench_edit_symbols(3600, 500, &rss);
        printf("\nThe same log against the floor, as `floor` does:\n\n");
        printf("| lines | answer | floor p50 | floor p99 | progress-ls p50 | progress-ls p99 | ratio p50 | ratio p99 "
               "|\n|---|---|---|---|---|---|---|---|\n");
        bench_floor(3600);
        printf("\nEdit → publishDiagnostics against the floor (its diagnostics bytes published after each read), "
               "alternating rounds as above, 200 edits a round, "
               "with the client and the servers where the scheduler puts them, pinned to one core, and a core each:\n\n");
        printf("| client and servers | lines | notification | floor p50 | floor p99 | progress-ls p50 | progress-ls p99 "
               "| ratio p50 | ratio p99 |\n|---|---|---|---|---|---|---|---|---|\n");
        bench_diagnostics_floor(3600);
    }
    if (strcmp(part, "diagfloor") == 0) { /* the last table of `markdown` alone */
        doc_dialect = "markdown";
        printf("| client and servers | lines | notification | floor p50 | floor p99 | progress-ls p50 | progress-ls p99 "
               "| ratio p50 | ratio p99 |\n|---|---|---|---|---|---|---|---|---|\n");
        bench_diagnostics_floor(3600);
    }
    if (strcmp(part, "memory") == 0) {
        printf("\nOne document opened (the benchmark's progress.txt, ~40 bytes a line); the server's resident memory "
               "(VmRSS) grown by the time its diagnostics are back, and its peak (VmHWM):\n\n");
        printf("| lines | text | steady growth | peak | growth ÷ text | per line beside the text | peak ÷ text |\n"
               "|---|---|---|---|---|---|---|\n");
        bench_memory(10000);
        bench_memory(100000);
        bench_memory(500000);
    }
    if (all || strcmp(part, "serialise") == 0) {
        printf("\nIn-process, medians of 60: the answer from nothing (core_outline + the writer) and the writer's "
               "throughput; then what one edit + documentSymbol costs now: the edit, the answer with the unchanged "
               "sections kept, the diagnose pass of the push that follows; a jansson tree + json_dumps of the same "
               "answer for comparison.\n\n");
        printf("| document | answer | core_outline | answer from nothing | writer | writer throughput | one-char edit "
               "| answer, sections kept | diagnose | jansson tree + dump |\n");
        printf("|---|---|---|---|---|---|---|---|---|---|\n");
        bench_serialisation(1000);
        bench_serialisation(10000);
    }
    return 0;
}
