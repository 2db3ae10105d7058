/* check.c — the `check` command: settings per file, the sources of findings, files and folders in argument order. */
#include "cli/check.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>
#include <unistd.h>

#include <jansson.h>

#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "cli/boundary.h"
#include "support/files.h"
#include "cli/find.h"
#include "cli/findings.h"
#include "cli/report.h"
#include "evidence/evidence.h"
#include "server/settings.h"

static const char help[] =
    "usage: progress-ls check [OPTION]... FILE|DIR...\n"
    "\n"
    "Validates progress files. A DIR is searched for them (progress.txt, claude-progress.txt, *-progress.txt,\n"
    "*_progress.txt, *.progress.txt): with `git ls-files` inside a repository, so gitignored files are skipped,\n"
    "else by a walk that skips VCS, dependency and build folders. FILE `-` reads standard input. Files are\n"
    "reported in argument order (a DIR's files in byte order), findings by position.\n"
    "\n"
    "Options:\n"
    "  --output-format FORMAT      concise (default): FILE:LINE:COL: SEVERITY: MESSAGE [CODE]\n"
    "                              full: concise plus the source line and a caret under the finding\n"
    "                              json: one array of {file, line, column, endLine, endColumn, severity,\n"
    "                                    code, message}; json-lines: one such object per line\n"
    "                              github: GitHub Actions annotations (::error file=...,line=...::message)\n"
    "                              sarif: a SARIF 2.1.0 log; junit: a JUnit XML report, a test case per file\n"
    "                              (LINE and COL count from 1; COL counts characters.)\n"
    "  --max-lines N               report files longer than N lines (default 150; 0: no limit)\n"
    "  --severity CODE=LEVEL       set a code's severity: off, error, warning, info or hint (repeatable)\n"
    "  --config FILE               read settings from FILE instead of looking for one\n"
    "  --git                       also hold each file against git and the feature_list.json beside it:\n"
    "                              commits since its last commit (stale-progress), changed files it lists\n"
    "                              nowhere, unknown commit references, feature counts and claims\n"
    "  -h, --help                  show this help\n"
    "\n"
    "Environment: PROGRESS_LS_OUTPUT_FORMAT sets the default format; --output-format wins over it.\n"
    "\n"
    "A checked file not named like a progress file and in no progress shape at all is an error\n"
    "(not-progress-format; in the editor it is a hint): lower it with --severity not-progress-format=hint.\n"
    "\n"
    "Settings files: without --config, each FILE uses the nearest `.progress-ls` or `progress-ls.conf`\n"
    "found in its directory or above, stopping at the directory that holds `.git`. Lines are\n"
    "`max-lines = N` or `severity.CODE = LEVEL`; `#` starts a comment. Flags override the file.\n"
    "\n"
    "Exit status: 0 no error-severity finding, 1 at least one, 2 bad usage, a bad settings file or a\n"
    "FILE or DIR that cannot be read (the others are still checked).\n"
    "Codes and the format: docs/format.md, or `man progress-ls`.\n";

/*
 * Applies one setting; on a bad key or value returns -1 and writes a sentence into `err` — quoting the key or
 * value only when `quote` (a flag the user typed; never a settings file's line, which could be any file's text).
 */
static int apply(LspSettings *s, const char *key, const char *value, bool quote, char *err, size_t cap)
{
    json_t *obj = NULL;
    const char *open = quote ? ", not \"" : "", *close = quote ? "\"" : "";
    if (strcmp(key, "max-lines") == 0) {
        char *end;
        errno = 0;
        unsigned long n = strtoul(value, &end, 10);
        if (*value < '0' || *value > '9' || *end || errno || n > UINT32_MAX) {
            snprintf(err, cap, "max-lines must be a whole number (0 for no limit)%s%s%s", open, quote ? value : "",
                     close);
            return -1;
        }
        obj = json_pack("{s:I}", "maxLines", (json_int_t)n);
    } else if (strncmp(key, "severity.", 9) == 0) {
        const char *code = key + 9;
        if (core_diag_code_of(code, strlen(code)) < 0) {
            snprintf(err, cap, "unknown diagnostic code%s%s%s (the codes are listed in docs/format.md)",
                     quote ? " \"" : "", quote ? code : "", close);
            return -1;
        }
        obj = json_pack("{s:{s:s}}", "severity", code, value);
    } else {
        snprintf(err, cap, "unknown setting%s%s%s (known: max-lines, severity.CODE)", quote ? " \"" : "",
                 quote ? key : "", close);
        return -1;
    }
    char *problems = lsp_settings_apply(s, obj);
    json_decref(obj);
    if (problems) {
        free(problems);
        snprintf(err, cap, "a severity must be off, error, warning, info or hint%s%s%s", open, quote ? value : "",
                 close);
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

/*
 * Reads `path` for a command through the boundary (`boundary`, or the file's work tree): a link leading out of it
 * is refused with one line naming it, never its content. Returns 0 with the text (caller frees) or -1 after
 * saying why on stderr (`what`: "" or "the settings file ").
 */
static int read_inside(const char *path, const char *boundary, const char *what, char **text, size_t *len)
{
    char *target;
    const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
    int rc = lsp_cli_target(path, boundary, &target);
    if (rc == UV_ELOOP) {
        lsp_check_warn("progress-ls check: %s%s is a symbolic link that leads out of %s; not read", what, shown,
                       boundary ? boundary : "its work tree");
        return -1;
    }
    rc = rc < 0 ? rc : lsp_file_read(target, LSP_FILE_CAP, text, len, NULL);
    free(target);
    if (rc < 0) {
        lsp_check_warn("progress-ls check: cannot read %s%s: %s", what, shown, lsp_file_strerror(rc));
        return -1;
    }
    return 0;
}

/* Applies the settings file `path`; prints each problem as `path:LINE: …` and returns -1 if there was one. */
static int apply_config(LspSettings *s, const char *path, const char *boundary)
{
    size_t len;
    char *text;
    if (read_inside(path, boundary, "the settings file ", &text, &len) < 0)
        return -1;
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
            snprintf(err, sizeof err, "expected `key = value`"); /* the line itself is not shown: see apply() */
        } else {
            *eq = '\0';
            if (apply(s, trim(l), trim(eq + 1), false, err, sizeof err) == 0)
                continue;
        }
        lsp_check_warn("progress-ls check: %s:%d: %s", path, lineno, err);
        status = -1;
    }
    free(text);
    return status;
}

static bool exists(const char *dir, const char *name, char *out, size_t cap)
{
    struct stat st;
    size_t len = strlen(dir);
    int n = snprintf(out, cap, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/", name);
    return n > 0 && (size_t)n < cap && stat(out, &st) == 0;
}

/* Cuts an absolute path to its parent ("/a" becomes "/", "/" stays "/"; "C:/a" becomes "C:/"). */
static void to_parent(char *path)
{
    size_t root = lsp_platform_path_root_len(path);
    char *slash = strrchr(path, '/');
    if (slash)
        *((size_t)(slash - path) < root ? path + root : slash) = '\0';
}

/* The nearest settings file for `file` (stdin: the current directory) into `out`, up to the repository root. */
static bool find_config(const char *file, char *out, size_t cap)
{
    bool is_stdin = strcmp(file, "-") == 0;
    char *dir = lsp_platform_realpath(is_stdin ? "." : file);
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
        if (exists(dir, ".git", git, sizeof git) || strlen(dir) <= lsp_platform_path_root_len(dir))
            break;
        to_parent(dir);
    }
    free(dir);
    return found;
}

/* The core's diagnostics: the format's own rules. */
static void check_core(LspCheckFile *f, const LspSettings *settings)
{
    CoreDiagList list;
    core_diagnose(f->doc, &settings->core, &list);
    for (size_t i = 0; i < list.count; i++) {
        const CoreDiag *d = &list.items[i];
        lsp_check_file_add(f, d->range, d->severity, core_diag_code_name(d->code), core_diag_code_summary(d->code),
                           d->message);
    }
    core_diag_list_free(&list);
}

static int by_position(const void *a, const void *b)
{
    const LspFinding *x = a, *y = b;
    if (x->range.start.line != y->range.start.line)
        return x->range.start.line < y->range.start.line ? -1 : 1;
    if (x->range.start.col != y->range.start.col)
        return x->range.start.col < y->range.start.col ? -1 : 1;
    return strcmp(x->code, y->code);
}

/*
 * Every source of findings, in one place: a new source (git evidence, a harness's feature list) is one
 * more call here, adding with lsp_check_file_add, with its switches in LspCheckOptions.
 */
enum { GIT_TIMEOUT_MS = 10000 }; /* per git command, as the server's default */

/* --git: what git and feature_list.json say against the file (the editor's work-state diagnostics). */
static void check_evidence(LspCheckFile *f, const LspSettings *settings, const LspCheckOptions *opts)
{
    LspEvidence e = {0};
    CoreEvidence ev;
    if (opts->kept) {
        lsp_evidence_update(opts->kept, f->doc, &ev);
    } else if (strcmp(f->path, "-") == 0 || lsp_evidence_read(f->path, f->doc, GIT_TIMEOUT_MS, true, &e, &ev) < 0) {
        lsp_evidence_destroy(&e);
        return;
    }
    CoreDiagList list = {0};
    core_evidence_diagnose(f->doc, &ev, &settings->core, &list);
    for (size_t i = 0; i < list.count; i++) {
        const CoreDiag *d = &list.items[i];
        if (d->severity != CORE_SEV_OFF)
            lsp_check_file_add(f, d->range, d->severity, core_diag_code_name(d->code),
                               core_diag_code_summary(d->code), d->message);
    }
    core_diag_list_free(&list);
    lsp_evidence_destroy(&e);
}

static void check_sources(LspCheckFile *f, const LspSettings *settings, const LspCheckOptions *opts)
{
    check_core(f, settings);
    if (opts->git)
        check_evidence(f, settings, opts);
    if (f->findings.size > 1) /* qsort must not see the NULL of an empty array */
        qsort(f->findings.contents, f->findings.size, sizeof *f->findings.contents, by_position);
}

int lsp_check_file_load(LspCheckFile *f, const char *path, const LspCheckOptions *opts)
{
    memset(f, 0, sizeof *f);
    f->path = core_xstrndup(path, strlen(path));
    f->shown = strcmp(path, "-") == 0 ? core_xstrndup("<stdin>", 7) : core_xstrndup(path, strlen(path));
    LspSettings settings;
    lsp_settings_init(&settings);
    char found[PATH_MAX];
    const char *config = opts->config;
    if (!config && find_config(path, found, sizeof found))
        config = found;
    if (config && apply_config(&settings, config, opts->config ? NULL : opts->boundary) < 0)
        return LSP_CHECK_USAGE;
    for (size_t i = 0; i < opts->flag_count; i++) {
        char err[256];
        apply(&settings, opts->flags[i].key, opts->flags[i].value, true, err, sizeof err); /* validated when parsed */
    }
    /* Asked to check a file not named like a progress file (`check /bin/ls`): text in no known shape fails, unless
       lowered. A progress file without structure (empty, prose) is a dialect of its own: at most the hint. */
    if (settings.core.severity[CORE_DIAG_NOT_PROGRESS_FORMAT] < 0 && strcmp(path, "-") != 0 &&
        !core_name_is_progress_file(path, strlen(path)))
        settings.core.severity[CORE_DIAG_NOT_PROGRESS_FORMAT] = CORE_SEV_ERROR;

    size_t len;
    char *text;
    if (read_inside(path, opts->boundary, "", &text, &len) < 0)
        return LSP_CHECK_USAGE;
    f->doc = core_doc_new(text, len);
    free(text);
    check_sources(f, &settings, opts);
    return 0;
}

/* ---------------------------------------------------------------- the command */

/* Checks one file into the report; returns its exit status. */
static int check_one(LspReport *report, const char *path, const LspCheckOptions *opts)
{
    LspCheckFile f;
    int status = lsp_check_file_load(&f, path, opts);
    if (status == 0) {
        lsp_report_file(report, &f);
        status = lsp_check_file_has_error(&f) ? LSP_CHECK_ERRORS : LSP_CHECK_CLEAN;
    }
    lsp_check_file_destroy(&f);
    return status;
}

/* Checks the progress files below `dir`, shown as `dir/rel` ("rel" for "."); returns the worst status. */
static int check_dir(LspReport *report, const char *dir, const LspCheckOptions *given)
{
    /* Links among the files found may lead anywhere inside the folder checked, and nowhere outside it. */
    LspCheckOptions inside = *given;
    char *real = lsp_platform_realpath(dir);
    inside.boundary = real;
    const LspCheckOptions *opts = &inside;
    LspPathList found = {0};
    int status = lsp_check_find(dir, &found) < 0 ? LSP_CHECK_USAGE : LSP_CHECK_CLEAN;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    bool here = n == 1 && dir[0] == '.';
    for (uint32_t i = 0; i < found.size; i++) {
        const char *rel = found.contents[i];
        size_t len = n + strlen(rel) + 2;
        char *path = core_xmalloc(len);
        if (here)
            snprintf(path, len, "%s", rel);
        else
            snprintf(path, len, "%.*s%s%s", (int)n, dir, dir[n - 1] == '/' ? "" : "/", rel);
        int s = check_one(report, path, opts);
        if (s > status)
            status = s;
        free(path);
    }
    if (found.size == 0 && status == LSP_CHECK_CLEAN)
        lsp_check_warn("progress-ls check: no progress file in %s", dir);
    lsp_path_list_free(&found);
    free(real);
    return status;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
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
    fflush(stdout);
    fputs("progress-ls check: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry `progress-ls check --help`.\n", stderr);
    va_end(ap);
    return LSP_CHECK_USAGE;
}

int lsp_check_main(int argc, char **argv)
{
    Array(LspCheckSetting) flags = {0};
    Array(char *) keys = {0}; /* the flags' keys, owned */
    Array(const char *) paths = {0};
    LspCheckOptions opts = {0};
    const char *format_name = getenv("PROGRESS_LS_OUTPUT_FORMAT");
    const char *format_from = "PROGRESS_LS_OUTPUT_FORMAT";
    if (format_name && !*format_name)
        format_name = NULL;
    int status = LSP_CHECK_CLEAN;
    bool options_done = false, want_help = false;
    for (int i = 1; i < argc && status == LSP_CHECK_CLEAN && !want_help; i++) {
        const char *v;
        bool missing = false;
        char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            array_push(&paths, arg);
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "--git") == 0) {
            opts.git = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            want_help = true;
        } else if ((v = flag_value(argc, argv, &i, "--output-format", &missing))) {
            format_name = v;
            format_from = "--output-format";
        } else if ((v = flag_value(argc, argv, &i, "--max-lines", &missing))) {
            array_push(&keys, core_xstrndup("max-lines", 9));
            array_push(&flags, ((LspCheckSetting){*array_back(&keys), v}));
        } else if ((v = flag_value(argc, argv, &i, "--severity", &missing))) {
            const char *eq = strchr(v, '=');
            if (!eq) {
                status = usage_error("--severity takes CODE=LEVEL, e.g. placeholder=off, not \"%s\"", v);
                break;
            }
            char *key = core_xmalloc((size_t)(eq - v) + 10);
            snprintf(key, (size_t)(eq - v) + 10, "severity.%.*s", (int)(eq - v), v);
            array_push(&keys, key);
            array_push(&flags, ((LspCheckSetting){key, eq + 1}));
        } else if ((v = flag_value(argc, argv, &i, "--config", &missing))) {
            opts.config = v;
        } else if (missing) {
            status = usage_error("%s needs a value", arg);
        } else {
            status = usage_error("unknown option \"%s\"", arg);
        }
    }
    if (want_help && status == LSP_CHECK_CLEAN) {
        fputs(help, stdout);
        paths.size = 0;
    }
    int format = LSP_REPORT_CONCISE;
    if (status == LSP_CHECK_CLEAN && !want_help && format_name && (format = lsp_report_format_of(format_name)) < 0)
        status = usage_error("unknown output format \"%s\" (from %s): use %s", format_name, format_from,
                             lsp_report_format_names());
    /* Validate the flags once, before any file is read. */
    for (uint32_t i = 0; i < flags.size && status == LSP_CHECK_CLEAN && !want_help; i++) {
        LspSettings scratch;
        char err[256];
        lsp_settings_init(&scratch);
        if (apply(&scratch, flags.contents[i].key, flags.contents[i].value, true, err, sizeof err) < 0)
            status = usage_error("%s", err);
    }
    if (status == LSP_CHECK_CLEAN && paths.size == 0 && !want_help)
        status = usage_error("no FILE or DIR to check");
    opts.flags = flags.contents;
    opts.flag_count = flags.size;
    /* Every path is checked, even after an unreadable one: the worst status wins. */
    if (status == LSP_CHECK_CLEAN && !want_help) {
        LspReport *report = lsp_report_new((LspReportFormat)format, stdout);
        for (uint32_t i = 0; i < paths.size; i++) {
            const char *p = paths.contents[i];
            int s = is_dir(p) ? check_dir(report, p, &opts) : check_one(report, p, &opts);
            if (s > status)
                status = s;
        }
        lsp_report_end(report);
    }
    for (uint32_t i = 0; i < keys.size; i++)
        free(keys.contents[i]);
    array_delete(&keys);
    array_delete(&flags);
    array_delete(&paths);
    fflush(stdout);
    return status;
}
