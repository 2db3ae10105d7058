/* main.c — the progress-ls command line: the language server (default), `check`, --version and --help. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fmt.h"
#include "handlers.h"
#include "log.h"
#include "progress/alloc.h"
#include "server.h"

static const char usage[] =
    "usage: progress-ls [--stdio] [--log-file PATH] [--log-level error|warn|info|debug]\n"
    "       progress-ls check FILE...\n"
    "       progress-ls fmt [--check] FILE... | -\n"
    "       progress-ls --version | --help\n"
    "\n"
    "With no command, progress-ls is a Language Server (LSP 3.17) for progress.txt files on stdin/stdout.\n"
    "  --stdio            talk LSP on stdin/stdout (the default)\n"
    "  --log-file PATH    append the server's log to PATH instead of stderr\n"
    "  --log-level LEVEL  log messages up to LEVEL (default: warn)\n"
    "`check` validates files and prints one FILE:LINE:COL: severity: message [code] line per finding.\n";

/* The value of `--name VALUE` or `--name=VALUE` at argv[*i] (borrowed), advancing *i; NULL if absent. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static void *json_alloc(size_t size)
{
    return core_xmalloc(size);
}

/* The core aborts when memory runs out and says nothing itself: the program says it, in its log. */
static void log_oom(size_t size)
{
    lsp_log(LSP_LOG_ERROR, "out of memory allocating %zu bytes", size);
}

int main(int argc, char **argv)
{
    core_set_oom_handler(log_oom);
    if (argc >= 2 && strcmp(argv[1], "check") == 0)
        return lsp_check_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "fmt") == 0)
        return lsp_fmt_main(argc - 1, argv + 1);
    const char *log_file = NULL;
    int level = LSP_LOG_WARN;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--version") == 0) {
            printf("progress-ls %s\n", PROGRESS_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(argv[i], "--stdio") == 0) {
            continue;
        } else if ((v = option_value(argc, argv, &i, "--log-file"))) {
            log_file = v;
        } else if ((v = option_value(argc, argv, &i, "--log-level"))) {
            if ((level = lsp_log_level_of(v)) < 0) {
                fprintf(stderr, "progress-ls: unknown log level \"%s\" (error, warn, info or debug)\n", v);
                return 2;
            }
        } else if (strncmp(argv[i], "--clientProcessId", 17) == 0) {
            /* Passed by some clients; the processId in `initialize` is what the server watches. */
            option_value(argc, argv, &i, "--clientProcessId");
        } else {
            fprintf(stderr, "progress-ls: unknown argument \"%s\"\n%s", argv[i], usage);
            return 2;
        }
    }
    int err = lsp_log_open(log_file, (LspLogLevel)level);
    if (err < 0)
        fprintf(stderr, "progress-ls: cannot open the log file %s: %s; logging to stderr\n", log_file, strerror(-err));
    /* jansson allocates through the program's one out-of-memory policy too. */
    json_set_alloc_funcs(json_alloc, free);
    int code = lsp_server_run(0, 1, &lsp_methods);
    lsp_log_close();
    return code;
}
