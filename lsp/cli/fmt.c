/* fmt.c — the `fmt` command: rewrite progress files in their canonical layout, check it, or filter stdin. */
#include "cli/fmt.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/format.h"
#include "cli/boundary.h"
#include "support/files.h"

enum { EXIT_OK = 0, EXIT_WOULD_CHANGE = 1, EXIT_USAGE = 2 };

static const char help[] =
    "usage: progress-ls fmt [--check] [--bullet majority|-|*] FILE...\n"
    "       progress-ls fmt [--bullet majority|-|*] -\n"
    "\n"
    "Rewrites progress files in place in their canonical layout: `=== Name ===` headers spelled as the\n"
    "template spells them, one blank line between sections, no trailing spaces, one bullet style per\n"
    "section. Only layout changes: no word, value or line of text is changed, dropped or moved.\n"
    "A file without any `=== … ===` header is not a progress file and is left as it is.\n"
    "\n"
    "Options:\n"
    "  --check          change nothing; print what would change and exit 1 if anything would\n"
    "  --bullet STYLE   the bullet of list items: each section's most used (majority, the default), - or *\n"
    "  -                read stdin and write the formatted text to stdout\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 done (or, with --check, nothing to change), 1 --check found files to change,\n"
    "2 bad usage or a file that cannot be read or written.\n";

/* `doc` with `edits` applied (in reverse, so each edit's positions still hold), as text (caller frees). */
static char *apply_edits(CoreDoc *doc, const CoreEditList *edits, size_t *len)
{
    for (size_t i = edits->count; i-- > 0;)
        core_doc_edit(doc, CORE_ENC_UTF8, edits->items[i].range, edits->items[i].text, strlen(edits->items[i].text));
    return core_doc_text(doc, len);
}

/* Prints one changed line group: the old line and what the edits on it make of it. */
static void show_line(const char *name, const CoreDoc *doc, const CoreEditList *edits, size_t *k)
{
    uint32_t line = edits->items[*k].range.start.line;
    size_t len;
    const char *s = core_doc_line(doc, line, &len);
    Array(char) out = {0};
    uint32_t from = 0;
    bool final_eol = false;
    for (; *k < edits->count && edits->items[*k].range.start.line == line && edits->items[*k].range.end.line == line;
         ++*k) {
        const CoreEdit *e = &edits->items[*k];
        array_extend(&out, e->range.start.col - from, s + from);
        const char *t = e->text;
        if (e->range.start.col == len && e->range.end.col == len && strspn(t, "\r\n") == strlen(t) && *t) {
            final_eol = true; /* the newline added at the end of the file */
            t = "";
        } else if (*t == '\r' || *t == '\n') {
            printf("%s:%u: add a blank line before\n", name, line + 1);
            t += strspn(t, "\r\n");
        }
        array_extend(&out, strlen(t), t);
        from = e->range.end.col;
    }
    array_extend(&out, (uint32_t)len - from, s + from);
    if (out.size != len || memcmp(out.contents, s, len) != 0)
        printf("%s:%u:\n-%.*s\n+%.*s\n", name, line + 1, (int)len, s, (int)out.size, out.contents ? out.contents : "");
    if (final_eol)
        printf("%s:%u: add the final newline\n", name, line + 1);
    array_delete(&out);
}

/* Prints what `edits` would change in `doc`, one line or run of removed blank lines at a time. */
static void show_changes(const char *name, const CoreDoc *doc, const CoreEditList *edits)
{
    for (size_t k = 0; k < edits->count;) {
        const CoreEdit *e = &edits->items[k];
        if (e->range.end.line > e->range.start.line) {
            uint32_t n = e->range.end.line - e->range.start.line;
            printf("%s:%u: remove %u blank line%s\n", name, e->range.start.line + 1, n, n == 1 ? "" : "s");
            k++;
        } else {
            show_line(name, doc, edits, &k);
        }
    }
}

/* Formats one file (or stdin); returns its exit status. */
static int fmt_file(const char *path, const CoreFormatOptions *opts, bool check)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    size_t len;
    char *text, *target;
    LspFileStamp stamp;
    /* A linked file is formatted where it is (the link stays a link), when that is inside its work tree. */
    int rc = lsp_cli_target(path, NULL, &target);
    if (rc == UV_ELOOP) {
        fprintf(stderr, "progress-ls fmt: %s is a symbolic link that leads out of its work tree; not formatted\n", name);
        return EXIT_USAGE;
    }
    rc = rc < 0 ? rc : lsp_file_read(target, LSP_FILE_CAP, &text, &len, &stamp);
    if (rc < 0) {
        fprintf(stderr, "progress-ls fmt: cannot read %s: %s\n", name, lsp_file_strerror(rc));
        free(target);
        return EXIT_USAGE;
    }
    CoreDoc *doc = core_doc_new(text, len);
    CoreEditList edits;
    core_format(doc, opts, 0, UINT32_MAX, &edits);
    int status = EXIT_OK;
    if (check) {
        if (edits.count) {
            show_changes(name, doc, &edits);
            status = EXIT_WOULD_CHANGE;
        }
    } else if (is_stdin || edits.count) {
        size_t out_len;
        char *out = apply_edits(doc, &edits, &out_len);
        if (is_stdin) {
            if (fwrite(out, 1, out_len, stdout) != out_len) {
                fprintf(stderr, "progress-ls fmt: cannot write to stdout: %s\n", strerror(errno));
                status = EXIT_USAGE;
            }
        } else if ((rc = lsp_file_write(target, out, out_len, &stamp)) < 0) {
            fprintf(stderr, "progress-ls fmt: cannot write %s: %s\n", path, lsp_file_strerror(rc));
            status = EXIT_USAGE;
        }
        free(out);
    }
    core_edit_list_free(&edits);
    core_doc_free(doc);
    free(text);
    free(target);
    return status;
}

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "progress-ls fmt: %s%s%s\nTry `progress-ls fmt --help`.\n", what, arg ? " " : "", arg ? arg : "");
    return EXIT_USAGE;
}

int lsp_fmt_main(int argc, char **argv)
{
    CoreFormatOptions opts;
    core_format_options_init(&opts);
    bool check = false, options_done = false, has_stdin = false;
    Array(const char *) files = {0};
    int status = EXIT_OK, worst = EXIT_OK;
    for (int i = 1; i < argc && status == EXIT_OK; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            has_stdin |= strcmp(arg, "-") == 0;
            array_push(&files, arg);
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(help, stdout);
            array_delete(&files);
            return EXIT_OK;
        } else if (strcmp(arg, "--check") == 0) {
            check = true;
        } else if (strncmp(arg, "--bullet", 8) == 0 && (arg[8] == '=' || arg[8] == '\0')) {
            const char *v = arg[8] == '=' ? arg + 9 : i + 1 < argc ? argv[++i] : NULL;
            int style = v ? core_bullet_style_of(v, strlen(v)) : -1;
            if (style < 0)
                status = usage_error("--bullet takes majority, - or *, not", v ? v : "nothing");
            else
                opts.bullet = (CoreBulletStyle)style;
        } else {
            status = usage_error("unknown option", arg);
        }
    }
    if (status == EXIT_OK && files.size == 0)
        status = usage_error("no FILE to format (use - for stdin)", NULL);
    if (status == EXIT_OK && has_stdin && files.size > 1)
        status = usage_error("- (stdin) cannot be mixed with files", NULL);
    /* Every file is formatted, even after one that fails: the worst status wins. */
    for (uint32_t i = 0; status == EXIT_OK && i < files.size; i++) {
        int s = fmt_file(files.contents[i], &opts, check);
        worst = s > worst ? s : worst;
    }
    status = status == EXIT_OK ? worst : status;
    array_delete(&files);
    fflush(stdout);
    return status;
}
