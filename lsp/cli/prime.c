/* prime.c — the `prime` command: where the work stands, from the progress file and the evidence, in a few hundred tokens. */
#include "cli/prime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/check.h"
#include "cli/find.h"
#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/log.h"

static const char help[] =
    "usage: progress-ls prime [PATH] [--budget BYTES] [--format text|claude]\n"
    "\n"
    "Prints the briefing an agent reads first: where the work stands, from the progress file and the\n"
    "evidence. PATH is a progress file or a folder (default: the current folder), whose repository's progress\n"
    "file is used: progress.txt, claude-progress.txt or scripts/ralph/progress.txt in the folder or at the\n"
    "repository's top, else the shallowest progress file git lists.\n"
    "\n"
    "The briefing, most important first: the file and its dialect (template, markdown, ralph or plain); next\n"
    "task; blockers; phase; the newest log entry and its status; last completed; open files to modify; N/M\n"
    "passing and the next failing feature from feature_list.json or prd.json beside the file; commits and\n"
    "changed files since the file's last commit; the file's own errors. Lines that do not fit the budget are\n"
    "left out (the last line then says so).\n"
    "The same inputs give the same bytes: no clock, no colours.\n"
    "\n"
    "Options:\n"
    "  --budget BYTES   the most bytes of briefing (default 2048, at least 256)\n"
    "  --format FORMAT  text (default): the briefing alone on stdout\n"
    "                   claude: Claude Code's SessionStart hook output,\n"
    "                   {\"hookSpecificOutput\":{\"hookEventName\":\"SessionStart\",\"additionalContext\":...}}\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 the briefing was printed; 1 no progress file could be read (the reason on stderr);\n"
    "2 bad usage. Nothing but the briefing is ever written to stdout.\n";

enum { GIT_TIMEOUT_MS = 10000, LINE_CAP = 320, LIST_SHOWN = 8 };

/* ---------------------------------------------------------------- finding the file */

static bool regular_file(const char *path)
{
    uv_stat_t st;
    return lsp_platform_lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *lsp_prime_top(const char *dir)
{
    char *top = core_xstrndup(dir, strlen(dir));
    for (;;) {
        char *git = core_xasprintf("%s/.git", strcmp(top, "/") == 0 ? "" : top);
        uv_stat_t st;
        bool found = lsp_platform_lstat(git, &st) == 0;
        free(git);
        if (found)
            return top;
        char *slash = strrchr(top, '/');
        if (!slash || strcmp(top, "/") == 0)
            break;
        slash[slash == top] = '\0';
    }
    free(top);
    return core_xstrndup(dir, strlen(dir));
}

/* The usual places of a progress file in `dir`, in the order an agent's harness writes them. Owned, or NULL. */
static char *usual_file(const char *dir)
{
    static const char *const names[] = {"progress.txt", "claude-progress.txt", "scripts/ralph/progress.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = core_xasprintf("%s/%s", dir, names[i]);
        if (regular_file(path))
            return path;
        free(path);
    }
    return NULL;
}

static uint32_t depth(const char *rel)
{
    uint32_t n = 0;
    for (; *rel; rel++)
        n += *rel == '/';
    return n;
}

char *lsp_prime_locate(const char *path, char **root, char **error)
{
    *root = NULL;
    *error = NULL;
    const char *given = path ? path : ".";
    char *real = lsp_platform_realpath(given);
    if (!real) {
        *error = core_xasprintf("cannot read %s: %s", given, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *dir = core_xstrndup(real, strlen(real));
        char *slash = strrchr(dir, '/');
        slash[slash == dir] = '\0';
        *root = lsp_prime_top(dir);
        free(dir);
        return real;
    }
    *root = lsp_prime_top(real);
    char *found = usual_file(real);
    if (!found && strcmp(real, *root) != 0)
        found = usual_file(*root);
    if (!found) {
        /* Anywhere else in the repository: the shallowest, then the first in byte order (the list is sorted). */
        LspPathList list = {0};
        lsp_check_find(*root, &list);
        const char *best = NULL;
        for (uint32_t i = 0; i < list.size; i++)
            if (!best || depth(list.contents[i]) < depth(best))
                best = list.contents[i];
        if (best)
            found = core_xasprintf("%s/%s", *root, best);
        lsp_path_list_free(&list);
    }
    if (!found)
        *error = core_xasprintf("no progress file in %s (progress.txt, claude-progress.txt, *-progress.txt, …); "
                                "name one: progress-ls prime FILE", *root);
    free(real);
    if (!found) {
        free(*root);
        *root = NULL;
    }
    return found;
}

/* ---------------------------------------------------------------- the state */

/* `len` bytes of `s` on one line: control characters as spaces, trimmed. Owned. */
static char *one_line(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *out = core_xstrndup(s, len);
    for (char *c = out; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    return out;
}

static char *range_text(const CoreDoc *doc, CoreRange r)
{
    size_t len;
    const char *line = core_doc_line(doc, r.start.line, &len);
    if (!line || r.end.line != r.start.line || r.end.col > len || r.start.col > r.end.col)
        return NULL;
    return one_line(line + r.start.col, r.end.col - r.start.col);
}

/* The state's parts in one array, to tell where one part's lines give way to another's. */
typedef struct {
    const CoreStatePart *parts[7];
    size_t count;
} Parts;

/* Whether `line` starts a part of the state other than `self`. */
static bool starts_other(const Parts *all, const CoreStatePart *self, uint32_t line)
{
    for (size_t i = 0; i < all->count; i++)
        if (all->parts[i] != self && all->parts[i]->has && all->parts[i]->first_line == line)
            return true;
    return false;
}

/* The words of a part of the state on one line: its value, or the items of its list joined with "; ". */
static char *part_text(const CoreDoc *doc, const Parts *all, const CoreStatePart *part)
{
    if (!part->has)
        return NULL;
    if (part->value.start.line == part->first_line)
        return range_text(doc, part->value);
    Array(char) joined = {0};
    uint32_t indent = UINT32_MAX;
    for (uint32_t line = part->value.start.line; line < part->end_line && !starts_other(all, part, line); line++) {
        CoreEntry e;
        if (core_doc_entry(doc, line, &e) != 0 || e.kind == CORE_ENTRY_BLANK)
            continue;
        if (indent == UINT32_MAX)
            indent = e.indent;
        if (e.indent != indent) /* a detail of the item above: the item says enough */
            continue;
        char *words = range_text(doc, e.body.end.col > e.body.start.col ? e.body : e.item);
        if (words && *words) {
            if (joined.size)
                array_extend(&joined, 2, "; ");
            array_extend(&joined, (uint32_t)strlen(words), words);
        }
        free(words);
    }
    if (!joined.size)
        return NULL;
    array_push(&joined, '\0');
    return joined.contents;
}

/* The current state in any dialect (core_doc_state): the template's Session State, or the newest entry's parts. */
static void read_state(const CoreDoc *doc, LspPrimeState *s)
{
    CoreState st;
    core_doc_state(doc, &st);
    Parts all = {{&st.next, &st.blockers, &st.completed, &st.status, &st.phase, &st.files_modified,
                  &st.files_to_modify}, 7};
    s->dialect = core_dialect_name(st.dialect);
    s->next_task = part_text(doc, &all, &st.next);
    s->blockers = part_text(doc, &all, &st.blockers);
    s->phase = part_text(doc, &all, &st.phase);
    s->last_completed = part_text(doc, &all, &st.completed);
    s->status = part_text(doc, &all, &st.status);
    CoreBlock entry;
    if (st.entry >= 0 && core_doc_block(doc, (uint32_t)st.entry, &entry) == 0)
        s->newest_entry = range_text(doc, entry.title);
    const CoreStatePart *files = &st.files_to_modify;
    for (uint32_t line = files->has ? files->first_line : 0; files->has && line < files->end_line; line++) {
        CoreEntry e;
        if (core_doc_entry(doc, line, &e) != 0 || e.kind != CORE_ENTRY_ITEM || e.status == CORE_STATUS_DONE ||
            e.status == CORE_STATUS_DROPPED)
            continue;
        char *item = range_text(doc, e.item);
        if (item && *item)
            array_push(&s->to_modify, item);
        else
            free(item);
    }
}

static void state_free(LspPrimeState *s)
{
    free(s->next_task);
    free(s->blockers);
    free(s->phase);
    free(s->last_completed);
    free(s->status);
    free(s->newest_entry);
    for (uint32_t i = 0; i < s->to_modify.size; i++)
        free(s->to_modify.contents[i]);
    array_delete(&s->to_modify);
}

int lsp_prime_read(LspPrime *p, const char *path, uint32_t timeout_ms, LspEvidence *kept, char **error)
{
    memset(p, 0, sizeof *p);
    p->path = lsp_prime_locate(path, &p->root, error);
    if (!p->path)
        return -1;
    size_t n = strlen(p->root);
    const char *rel = strncmp(p->path, p->root, n) == 0 && p->path[n] == '/' ? p->path + n + 1 : p->path;
    p->shown = core_xstrndup(rel, strlen(rel));
    LspCheckOptions opts = {0};
    if (lsp_check_file_load(&p->file, p->path, &opts) != 0) {
        *error = core_xasprintf("cannot read the progress file %s (above)", p->shown);
        return -1;
    }
    free(p->file.shown);
    p->file.shown = core_xstrndup(p->shown, strlen(p->shown));
    read_state(p->file.doc, &p->state);
    if (kept) {
        p->evidence = kept;
        p->evidence_lent = p->has_evidence = true;
        lsp_evidence_update(kept, p->file.doc, &p->ev);
    } else {
        p->evidence = core_xcalloc(1, sizeof *p->evidence);
        p->has_evidence = lsp_evidence_read(p->path, p->file.doc, timeout_ms, false, p->evidence, &p->ev) == 0;
    }
    return 0;
}

void lsp_prime_destroy(LspPrime *p)
{
    free(p->path);
    free(p->root);
    free(p->shown);
    lsp_check_file_destroy(&p->file);
    state_free(&p->state);
    if (p->evidence && !p->evidence_lent) {
        lsp_evidence_destroy(p->evidence);
        free(p->evidence);
    }
    memset(p, 0, sizeof *p);
}

/* ---------------------------------------------------------------- the text */

typedef Array(char) Text;

static void text_put(Text *t, const char *s, size_t n)
{
    array_extend(t, (uint32_t)n, s);
}

static void text_add(Text *t, const char *s)
{
    text_put(t, s, strlen(s));
}

/* The start of the UTF-8 character holding byte `n` of `s` (so a cut never splits one). */
static size_t char_start(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* `label: value`, the value cut to LINE_CAP bytes with "…". */
static void line_add(Text *t, const char *label, const char *value)
{
    if (!value)
        return;
    text_add(t, label);
    text_add(t, ": ");
    size_t n = strlen(value);
    if (n > LINE_CAP) {
        text_put(t, value, char_start(value, LINE_CAP));
        text_add(t, "…");
    } else {
        text_put(t, value, n);
    }
    text_add(t, "\n");
}

/* `label (N): a; b; …` with at most LIST_SHOWN items and LINE_CAP bytes, then "and K more". */
static void list_add(Text *t, const char *label, const char *const *items, size_t count, size_t total)
{
    if (!count)
        return;
    char *head = core_xasprintf("%s (%zu): ", label, total);
    text_add(t, head);
    free(head);
    size_t shown = 0, used = 0;
    for (; shown < count && shown < LIST_SHOWN; shown++) {
        size_t n = strlen(items[shown]);
        if (shown && used + n > LINE_CAP)
            break;
        text_add(t, shown ? "; " : "");
        text_put(t, items[shown], n > LINE_CAP ? char_start(items[shown], LINE_CAP) : n);
        used += n + 2;
    }
    if (total > shown) {
        char *more = core_xasprintf("%s… and %zu more", shown ? "; " : "", total - shown);
        text_add(t, more);
        free(more);
    }
    text_add(t, "\n");
}

static void features_add(Text *t, const char *file, const LspFeatureList *f, const CoreEvidence *ev)
{
    char *line = NULL;
    if (ev && ev->feature_state == CORE_FEATURES_MALFORMED)
        line = core_xasprintf("Features: %s cannot be read: %s", file, ev->feature_error);
    else if (f->state == CORE_FEATURES_MALFORMED)
        line = core_xasprintf("Features: %s cannot be read: %s", file, f->error);
    else if (f->state == CORE_FEATURES_READ)
        line = core_xasprintf("Features: %u/%u passing (%s)%s%s", f->passing, f->total, file,
                              f->next_failing[0] ? "; next failing: " : "", f->next_failing);
    if (line) {
        text_add(t, line);
        text_add(t, "\n");
    }
    free(line);
}

void lsp_prime_changed(const LspPrime *p, LspPrimeChanged *out)
{
    const CoreEvidence *ev = &p->ev;
    out->paths = lsp_evidence_code(p->evidence, ev, &out->count, &out->self);
    out->total = out->count + (ev->changed_total - ev->changed_count); /* past the cap: counted as code */
}

/* Commits and changed files since the file's last commit, from git. */
static void git_add(Text *t, const LspPrime *p)
{
    const CoreEvidence *ev = &p->ev;
    if (!p->has_evidence || !ev->git) {
        text_add(t, "Git: no repository here; nothing to compare the file with.\n");
        return;
    }
    LspPrimeChanged changed;
    lsp_prime_changed(p, &changed);
    char *head;
    if (!ev->has_base)
        head = core_xasprintf("Since %s: it was never committed", p->shown);
    else
        head = core_xasprintf("Since %s was last committed: %u commit%s%s", p->shown, ev->commits_after,
                              ev->commits_after == 1 ? "" : "s",
                              changed.self ? "; it has uncommitted edits of its own" : "");
    text_add(t, head);
    text_add(t, "\n");
    free(head);
    list_add(t, "Changed since", changed.paths, changed.count, changed.total);
}

static void errors_add(Text *t, const LspPrime *p)
{
    const LspCheckFile *f = &p->file;
    const char **lines = core_xcalloc(f->findings.size + 1, sizeof *lines);
    size_t count = 0;
    for (uint32_t i = 0; i < f->findings.size; i++) {
        const LspFinding *d = &f->findings.contents[i];
        /* Whether a log "is progress format" is the dialect's question, not an error of the file's own. */
        if (d->severity != CORE_SEV_ERROR || strcmp(d->code, "not-progress-format") == 0)
            continue;
        lines[count++] = core_xasprintf("line %u: %s [%s]", d->range.start.line + 1, d->message, d->code);
    }
    list_add(t, "Errors in the file", lines, count, count);
    for (size_t i = 0; i < count; i++)
        free((char *)lines[i]);
    free(lines);
}

/* Cuts `t` to `budget` bytes at a line's end, saying so on the last line. */
static void fit(Text *t, size_t budget)
{
    if (t->size <= budget)
        return;
    static const char note[] = "[briefing cut to fit its budget: progress-ls prime --budget BYTES shows more]\n";
    size_t room = budget - (sizeof note - 1), end = 0;
    for (size_t i = 0; i < t->size && i < room; i++)
        if (t->contents[i] == '\n')
            end = i + 1;
    t->size = (uint32_t)end;
    text_put(t, note, sizeof note - 1);
}

char *lsp_prime_text(const LspPrime *p, size_t budget, size_t *len)
{
    const LspPrimeState *s = &p->state;
    Text t = {0};
    char *head = core_xasprintf("Progress briefing: %s (%s; %u lines)\n", p->shown, s->dialect,
                                core_doc_line_count(p->file.doc));
    text_add(&t, head);
    free(head);
    line_add(&t, "Next task", s->next_task ? s->next_task : "(not given)");
    line_add(&t, "Blockers", s->blockers);
    line_add(&t, "Phase", s->phase);
    line_add(&t, "Newest entry", s->newest_entry);
    line_add(&t, "Status", s->status);
    line_add(&t, "Last completed", s->last_completed);
    list_add(&t, "Files to modify", (const char *const *)s->to_modify.contents, s->to_modify.size,
             s->to_modify.size);
    if (p->has_evidence) {
        if (p->ev.feature_state != CORE_FEATURES_NONE)
            features_add(&t, LSP_FEATURE_LIST, &p->evidence->features, &p->ev);
        else
            features_add(&t, LSP_PRD, &p->evidence->prd.counts, NULL);
    }
    git_add(&t, p);
    errors_add(&t, p);
    char *rule = core_xasprintf("Keep %s current: after each milestone, before compaction, before stopping.\n",
                                p->shown);
    text_add(&t, rule);
    free(rule);
    fit(&t, budget);
    if (len)
        *len = t.size;
    array_push(&t, '\0');
    return t.contents;
}

char *lsp_prime_briefing(const char *path, size_t budget, char **error)
{
    LspPrime p;
    char *text = NULL;
    if (lsp_prime_read(&p, path, GIT_TIMEOUT_MS, NULL, error) == 0)
        text = lsp_prime_text(&p, budget, NULL);
    lsp_prime_destroy(&p);
    return text;
}

char *lsp_prime_claude_json(const char *event, const char *text)
{
    json_t *out = json_pack("{s:{s:s,s:s}}", "hookSpecificOutput", "hookEventName", event, "additionalContext", text);
    char *dumped = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    return dumped;
}

/* ---------------------------------------------------------------- the command */

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "progress-ls prime: ");
    fprintf(stderr, fmt, arg);
    fputs(" (progress-ls prime --help)\n", stderr);
    return 2;
}

int lsp_prime_main(int argc, char **argv)
{
    const char *path = NULL, *format = "text";
    size_t budget = LSP_PRIME_BUDGET;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *value = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return 0;
        }
        bool is_budget = strncmp(a, "--budget", 8) == 0 && (a[8] == '\0' || a[8] == '=');
        bool is_format = strncmp(a, "--format", 8) == 0 && (a[8] == '\0' || a[8] == '=');
        if (is_budget || is_format) {
            if (a[8] == '=')
                value = a + 9;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return usage_error("%s needs a value", a);
        }
        if (is_budget) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(value, &end, 10);
            if (*value < '0' || *value > '9' || *end || errno || n < LSP_PRIME_MIN_BUDGET || n > (1u << 30))
                return usage_error("--budget takes a number of bytes, at least 256, not \"%s\"", value);
            budget = (size_t)n;
        } else if (is_format) {
            if (strcmp(value, "text") != 0 && strcmp(value, "claude") != 0)
                return usage_error("--format is text or claude, not \"%s\"", value);
            format = value;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option \"%s\"", a);
        } else if (path) {
            return usage_error("one PATH only, not also \"%s\"", a);
        } else {
            path = a;
        }
    }
    char *error = NULL;
    char *text = lsp_prime_briefing(path, budget, &error);
    if (!text) {
        fflush(stdout);
        fprintf(stderr, "progress-ls prime: %s\n", error);
        free(error);
        return 1;
    }
    if (strcmp(format, "claude") == 0) {
        char *json = lsp_prime_claude_json("SessionStart", text);
        puts(json);
        free(json);
    } else {
        fputs(text, stdout);
    }
    free(text);
    return fflush(stdout) == 0 ? 0 : 1;
}
