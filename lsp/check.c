/* check.c — the `check` command: read files, apply the nearest config file and the flags, print gcc-style findings. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "check.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "settings.h"

enum { EXIT_CLEAN = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

static const char help[] =
    "usage: progress-ls check [OPTION]... FILE...\n"
    "\n"
    "Validates progress.txt files and prints one line per finding:\n"
    "  FILE:LINE:COL: SEVERITY: MESSAGE [CODE]\n"
    "(LINE and COL count from 1; COL counts characters.)\n"
    "\n"
    "Options:\n"
    "  --max-lines N               report files longer than N lines (default 150; 0: no limit)\n"
    "  --severity CODE=LEVEL       set a code's severity: off, error, warning, info or hint (repeatable)\n"
    "  --config FILE               read settings from FILE instead of looking for one\n"
    "  -h, --help                  show this help\n"
    "\n"
    "Settings files: without --config, each FILE uses the nearest `.progress-ls` or `progress-ls.conf`\n"
    "found in its directory or above, stopping at the directory that holds `.git`. Lines are\n"
    "`max-lines = N` or `severity.CODE = LEVEL`; `#` starts a comment. Flags override the file.\n"
    "\n"
    "Exit status: 0 no error-severity finding, 1 at least one, 2 bad usage or an unreadable file.\n"
    "Codes and the format: docs/format.md.\n";

/* A setting given by a flag, as the config file would write it: `key = value` (the key is owned). */
typedef struct {
    char *key;
    const char *value;
} Setting;

/* Applies one setting; on a bad key or value returns -1 and writes a sentence into `err`. */
static int apply(LspSettings *s, const char *key, const char *value, char *err, size_t cap)
{
    json_t *obj = NULL;
    if (strcmp(key, "max-lines") == 0) {
        char *end;
        errno = 0;
        unsigned long n = strtoul(value, &end, 10);
        if (*value < '0' || *value > '9' || *end || errno || n > UINT32_MAX) {
            snprintf(err, cap, "max-lines must be a whole number (0 for no limit), not \"%s\"", value);
            return -1;
        }
        obj = json_pack("{s:I}", "maxLines", (json_int_t)n);
    } else if (strncmp(key, "severity.", 9) == 0) {
        const char *code = key + 9;
        if (core_diag_code_of(code, strlen(code)) < 0) {
            snprintf(err, cap, "unknown diagnostic code \"%s\" (the codes are listed in docs/format.md)", code);
            return -1;
        }
        obj = json_pack("{s:{s:s}}", "severity", code, value);
    } else {
        snprintf(err, cap, "unknown setting \"%s\" (known: max-lines, severity.CODE)", key);
        return -1;
    }
    char *problems = lsp_settings_apply(s, obj);
    json_decref(obj);
    if (problems) {
        free(problems);
        snprintf(err, cap, "the severity of %s must be off, error, warning, info or hint, not \"%s\"", key + 9, value);
        return -1;
    }
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Reads a whole file (caller frees). Returns NULL with errno set when it cannot. */
static char *read_file(const char *path, size_t *len)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = core_xmalloc(cap);
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        buf = core_xrealloc(buf, cap *= 2);
    }
    int failed = ferror(f), saved = errno;
    if (!is_stdin)
        fclose(f);
    if (failed) {
        free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

/* Applies the settings file `path`; prints each problem as `path:LINE: …` and returns -1 if there was one. */
static int apply_config(LspSettings *s, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "progress-ls check: cannot read the settings file %s: %s\n", path, strerror(errno));
        return -1;
    }
    text = core_xrealloc(text, len + 1);
    text[len] = '\0';
    int status = 0, lineno = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *l = trim(line), *eq = strchr(l, '=');
        if (*l == '\0' || *l == '#')
            continue;
        char err[256];
        if (!eq) {
            snprintf(err, sizeof err, "expected `key = value`, not \"%s\"", l);
        } else {
            *eq = '\0';
            if (apply(s, trim(l), trim(eq + 1), err, sizeof err) == 0)
                continue;
        }
        fprintf(stderr, "progress-ls check: %s:%d: %s\n", path, lineno, err);
        status = -1;
    }
    free(text);
    return status;
}

static bool exists(const char *dir, const char *name, char *out, size_t cap)
{
    struct stat st;
    int n = snprintf(out, cap, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
    return n > 0 && (size_t)n < cap && stat(out, &st) == 0;
}

/* Cuts an absolute path to its parent ("/a" becomes "/", "/" stays "/"). */
static void to_parent(char *path)
{
    char *slash = strrchr(path, '/');
    if (slash)
        slash[slash == path] = '\0';
}

/* The nearest settings file for `file` (stdin: the current directory) into `out`, up to the repository root. */
static bool find_config(const char *file, char *out, size_t cap)
{
    bool is_stdin = strcmp(file, "-") == 0;
    char *dir = realpath(is_stdin ? "." : file, NULL);
    if (!dir)
        return false;
    if (!is_stdin)
        to_parent(dir);
    bool found = false;
    for (;;) {
        if (exists(dir, ".progress-ls", out, cap) || exists(dir, "progress-ls.conf", out, cap)) {
            found = true;
            break;
        }
        char git[PATH_MAX];
        if (exists(dir, ".git", git, sizeof git) || strcmp(dir, "/") == 0)
            break;
        to_parent(dir);
    }
    free(dir);
    return found;
}

static const char *severity_word(CoreSeverity s)
{
    static const char *const words[] = {"off", "error", "warning", "info", "hint"};
    return (unsigned)s <= CORE_SEV_HINT ? words[s] : "unknown";
}

/* Checks one file; returns its exit status. */
static int check_file(const char *file, const char *config, const Setting *flags, size_t flag_count)
{
    LspSettings settings;
    lsp_settings_init(&settings);
    char found[PATH_MAX];
    if (!config && find_config(file, found, sizeof found))
        config = found;
    if (config && apply_config(&settings, config) < 0)
        return EXIT_USAGE;
    for (size_t i = 0; i < flag_count; i++) {
        char err[256];
        apply(&settings, flags[i].key, flags[i].value, err, sizeof err); /* validated when parsed */
    }

    size_t len;
    char *text = read_file(file, &len);
    if (!text) {
        fprintf(stderr, "progress-ls check: cannot read %s: %s\n", file, strerror(errno));
        return EXIT_USAGE;
    }
    CoreDoc *doc = core_doc_new(text, len);
    free(text);
    CoreDiagList list;
    core_diagnose(doc, &settings.core, &list);
    int status = EXIT_CLEAN;
    for (size_t i = 0; i < list.count; i++) {
        const CoreDiag *d = &list.items[i];
        CorePos p = core_doc_pos_to(doc, CORE_ENC_UTF32, d->range.start);
        printf("%s:%u:%u: %s: %s [%s]\n", strcmp(file, "-") == 0 ? "<stdin>" : file, p.line + 1, p.col + 1,
               severity_word(d->severity), d->message, core_diag_code_name(d->code));
        if (d->severity == CORE_SEV_ERROR)
            status = EXIT_ERRORS;
    }
    core_diag_list_free(&list);
    core_doc_free(doc);
    return status;
}

/* The value of `--name VALUE` or `--name=VALUE` at argv[*i] (borrowed), advancing *i; NULL if it is another flag. */
static const char *flag_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0 || (argv[*i][n] != '\0' && argv[*i][n] != '='))
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (*i + 1 < argc)
        return argv[++*i];
    *missing = true;
    return NULL;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("progress-ls check: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry `progress-ls check --help`.\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

int lsp_check_main(int argc, char **argv)
{
    Array(Setting) flags = {0};
    Array(const char *) files = {0};
    const char *config = NULL;
    int status = EXIT_CLEAN;
    bool options_done = false, want_help = false;
    for (int i = 1; i < argc && status == EXIT_CLEAN && !want_help; i++) {
        const char *v;
        bool missing = false;
        char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            array_push(&files, arg);
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            want_help = true;
        } else if ((v = flag_value(argc, argv, &i, "--max-lines", &missing))) {
            array_push(&flags, ((Setting){core_xstrndup("max-lines", 9), v}));
        } else if ((v = flag_value(argc, argv, &i, "--severity", &missing))) {
            const char *eq = strchr(v, '=');
            if (!eq) {
                status = usage_error("--severity takes CODE=LEVEL, e.g. placeholder=off, not \"%s\"", v);
                break;
            }
            char *key = core_xmalloc((size_t)(eq - v) + 10);
            snprintf(key, (size_t)(eq - v) + 10, "severity.%.*s", (int)(eq - v), v);
            array_push(&flags, ((Setting){key, eq + 1}));
        } else if ((v = flag_value(argc, argv, &i, "--config", &missing))) {
            config = v;
        } else if (missing) {
            status = usage_error("%s needs a value", arg);
        } else {
            status = usage_error("unknown option \"%s\"", arg);
        }
    }
    if (want_help && status == EXIT_CLEAN) {
        fputs(help, stdout);
        files.size = 0;
    }
    /* Validate the flags once, before any file is read. */
    for (uint32_t i = 0; i < flags.size && status == EXIT_CLEAN && !want_help; i++) {
        LspSettings scratch;
        char err[256];
        lsp_settings_init(&scratch);
        if (apply(&scratch, flags.contents[i].key, flags.contents[i].value, err, sizeof err) < 0)
            status = usage_error("%s", err);
    }
    if (status == EXIT_CLEAN && files.size == 0 && !want_help)
        status = usage_error("no FILE to check");
    /* Every file is checked, even after an unreadable one: the worst status wins. */
    if (status == EXIT_CLEAN) {
        for (uint32_t i = 0; i < files.size; i++) {
            int s = check_file(files.contents[i], config, flags.contents, flags.size);
            if (s > status)
                status = s;
        }
    }
    for (uint32_t i = 0; i < flags.size; i++)
        free(flags.contents[i].key);
    array_delete(&flags);
    array_delete(&files);
    fflush(stdout);
    return status;
}
