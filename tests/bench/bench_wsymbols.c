/* bench_wsymbols.c — prints workspace/symbol and workspace/diagnostic latency over 100 progress files (not a test). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "handlers/handlers.h"
#include "handlers/workspace.h"
#include "index/workspace.h"

/*
 * Usage: bench_wsymbols [FILES]. Generates a workspace in a fresh temporary folder: FILES progress files
 * (default 100; claude-progress.txt in services/svcN/, progress.txt at the top) of 150 lines each, as
 * bench_make_doc writes them (Session State, Files, 30-odd interfaces, notes), among 2,000 other files;
 * indexes it with the server's own workspace (folder walk), then calls the real handlers — progress files
 * listed from the index, read or stat'ed through the root boundary, core symbols, sorting, JSON — as the
 * dispatcher would. "cold" is the first call (every file read and parsed); "warm" the calls after it
 * (every file stat'ed, none changed). Figures are per request, over ROUNDS requests.
 */

enum { ROUNDS = 200, OTHER_FILES = 2000, LINES = 150 };

static bool indexed;

static void on_progress(void *data, LspWorkspaceProgress phase, const char *message)
{
    (void)data, (void)message;
    if (phase == LSP_WS_PROGRESS_END)
        indexed = true;
}

static void write_file(const char *root, const char *rel, const char *text, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fwrite(text, 1, len, f);
    fclose(f);
}

static void report(const char *label, double *us, int n, size_t bytes, size_t answers)
{
    qsort(us, (size_t)n, sizeof *us, bench_cmp_double);
    printf("%-34s median %7.3f ms  p95 %7.3f ms  max %7.3f ms  (%zu bytes, %zu results)\n", label, us[n / 2] / 1e3,
           us[n * 95 / 100] / 1e3, us[n - 1] / 1e3, bytes, answers);
}

/* Calls `fn` as the dispatcher would and returns the microseconds it took; *bytes gets the answer's size. */
static double call(LspServer *s, LspHandler fn, json_t *params, size_t *bytes)
{
    LspOut o;
    lsp_out_init(&o);
    LspReply r = {.out = &o};
    double t0 = bench_now_us();
    int err = fn(s, params, &r);
    double t = bench_now_us() - t0;
    if (err) {
        fprintf(stderr, "handler failed: %s\n", r.message);
        exit(1);
    }
    *bytes = o.len;
    lsp_reply_free(&r);
    lsp_out_free(&o);
    return t;
}

static size_t count_results(LspServer *s, LspHandler fn, json_t *params, const char *key)
{
    LspOut o;
    lsp_out_init(&o);
    LspReply r = {.out = &o};
    fn(s, params, &r);
    json_t *v = json_loadb(o.data, o.len, 0, NULL);
    size_t n = key ? json_array_size(json_object_get(v, key)) : json_array_size(v);
    json_decref(v);
    lsp_reply_free(&r);
    lsp_out_free(&o);
    return n;
}

int main(int argc, char **argv)
{
    int files = argc > 1 ? atoi(argv[1]) : 100;
    char root[] = "/tmp/progress-bench-wsymbols-XXXXXX";
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    size_t len;
    char *doc = bench_make_doc(LINES, &len);
    /* Different text per file: each one's interfaces and next task carry its number. */
    for (int i = 0; i < files; i++) {
        char rel[256], *text = malloc(len + 256);
        int n = snprintf(text, len + 256, "%.*s\n=== Interfaces Defined ===\nservice%d_handler(req: Request) -> Response\n",
                         (int)len, doc, i);
        snprintf(rel, sizeof rel, i == 0 ? "progress.txt" : "services/svc%d/claude-progress.txt", i);
        write_file(root, rel, text, (size_t)n);
        free(text);
    }
    for (int i = 0; i < OTHER_FILES; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "services/svc%d/src/module%d.py", i % (files ? files : 1), i);
        write_file(root, rel, "x = 1\n", 6);
    }
    free(doc);

    uv_loop_t loop;
    uv_loop_init(&loop);
    LspWorkspaceHooks hooks = {.progress = on_progress};
    LspServer s;
    memset(&s, 0, sizeof s);
    s.loop = &loop;
    s.enc = CORE_ENC_UTF16;
    lsp_docs_init(&s.docs);
    lsp_settings_init(&s.settings);
    LspWorkspaceState w;
    memset(&w, 0, sizeof w);
    w.ws = lsp_workspace_new(&loop, &hooks);
    s.workspace = &w;
    lsp_workspace_add_root(w.ws, root);
    lsp_workspace_index(w.ws);
    while (!indexed)
        uv_run(&loop, UV_RUN_ONCE);

    printf("bench_wsymbols: %d progress files of %d lines among %d files, %d requests each\n", files, LINES,
           files + OTHER_FILES, ROUNDS);
    static double us[ROUNDS];
    size_t bytes;
    json_t *all = json_pack("{s:s}", "query", "");
    json_t *some = json_pack("{s:s}", "query", "svc4hand");
    json_t *diag = json_pack("{s:[]}", "previousResultIds");
    us[0] = call(&s, lsp_on_workspace_symbol, all, &bytes);
    printf("%-34s %7.3f ms  (%zu bytes, %zu results)\n", "workspace/symbol \"\" cold", us[0] / 1e3, bytes,
           count_results(&s, lsp_on_workspace_symbol, all, NULL));
    for (int i = 0; i < ROUNDS; i++)
        us[i] = call(&s, lsp_on_workspace_symbol, all, &bytes);
    report("workspace/symbol \"\" warm", us, ROUNDS, bytes, count_results(&s, lsp_on_workspace_symbol, all, NULL));
    for (int i = 0; i < ROUNDS; i++)
        us[i] = call(&s, lsp_on_workspace_symbol, some, &bytes);
    report("workspace/symbol \"svc4hand\" warm", us, ROUNDS, bytes,
           count_results(&s, lsp_on_workspace_symbol, some, NULL));
    us[0] = call(&s, lsp_on_workspace_diagnostic, diag, &bytes);
    printf("%-34s %7.3f ms  (%zu bytes)\n", "workspace/diagnostic first", us[0] / 1e3, bytes);
    for (int i = 0; i < ROUNDS; i++)
        us[i] = call(&s, lsp_on_workspace_diagnostic, diag, &bytes);
    report("workspace/diagnostic warm", us, ROUNDS, bytes, count_results(&s, lsp_on_workspace_diagnostic, diag, "items"));
    json_decref(all);
    json_decref(some);
    json_decref(diag);

    lsp_workspace_close(w.ws);
    lsp_progress_files_destroy(&w.files);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    lsp_docs_destroy(&s.docs);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
    return 0;
}
