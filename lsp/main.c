/* main.c — the progress-ls command line: the language server (default), a table of commands, --version and --help. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/check.h"
#include "cli/fmt.h"
#include "handlers/handlers.h"
#include "cli/hook.h"
#include "cli/prime.h"
#include "mcp/server.h"
#include "cli/setup.h"
#include "platform/platform.h"
#include "support/log.h"
#include "progress/alloc.h"
#include "server/server.h"

/* The commands besides the server: one row each, in the order `--help` lists them. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command's name */
    const char *summary;
} commands[] = {
    {"check", lsp_check_main, "check progress files and folders for CI and scripts (exit 1 on an error)"},
    {"hook", lsp_hook_main, "run as a Claude Code, Codex or Cursor hook: check the progress file the agent wrote"},
    {"prime", lsp_prime_main, "print the briefing an agent reads first: next task, blockers, evidence, errors"},
    {"mcp", lsp_mcp_main, "serve the progress file to agents over MCP (stdio): state, check, prime, edit, finish"},
    {"fmt", lsp_fmt_main, "rewrite progress files in their canonical layout (--check: only report)"},
    {"setup", lsp_setup_main, "install the hooks and the MCP server into Claude Code, Codex or Cursor (--check, --remove)"},
};

static void usage(FILE *out)
{
    fputs("usage: progress-ls [--stdio] [--log-file PATH] [--log-level error|warn|info|debug]\n"
          "       progress-ls COMMAND [ARG]...\n"
          "       progress-ls --version | --help\n"
          "\n"
          "With no command, progress-ls is a Language Server (LSP 3.17) for progress.txt files on stdin/stdout;\n"
          "editors start it. Options of the server:\n"
          "  --stdio            talk LSP on stdin/stdout (the default)\n"
          "  --log-file PATH    append the server's log to PATH instead of stderr\n"
          "  --log-level LEVEL  log messages up to LEVEL (default: warn)\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "`progress-ls COMMAND --help` describes a command; start with `progress-ls check --help`.\n"
          "The file format and every diagnostic code: docs/format.md, or `man progress-ls`.\n",
          out);
}

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

/* The core aborts when memory runs out and says nothing itself: the program says it, in its log. */
static void log_oom(size_t size)
{
    lsp_log(LSP_LOG_ERROR, "out of memory allocating %zu bytes", size);
}

int main(int argc, char **argv)
{
    lsp_platform_init();
    core_set_oom_handler(log_oom);
    for (size_t i = 0; argc >= 2 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    const char *log_file = NULL;
    int level = LSP_LOG_WARN;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--version") == 0) {
            printf("progress-ls %s\n", PROGRESS_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
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
            fprintf(stderr, "progress-ls: unknown argument \"%s\"; try `progress-ls --help`\n", argv[i]);
            return 2;
        }
    }
    int err = lsp_log_open(log_file, (LspLogLevel)level);
    if (err < 0)
        fprintf(stderr, "progress-ls: cannot open the log file %s: %s; logging to stderr\n", log_file, strerror(-err));
    /* jansson allocates through the program's one out-of-memory policy too. */
    json_set_alloc_funcs(core_xmalloc, free);
    /* Someone typed `progress-ls` at a prompt: say what it is, once, and serve anyway (an editor's stdin is a pipe). */
    if (isatty(0))
        fputs("progress-ls: this is a language server: it speaks LSP on stdin/stdout for an editor. "
              "To check a file instead: progress-ls check progress.txt (Ctrl-D quits; progress-ls --help)\n",
              stderr);
    int code = lsp_server_run(0, 1, &lsp_methods);
    lsp_log_close();
    return code;
}
