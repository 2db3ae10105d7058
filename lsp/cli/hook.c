/* hook.c — the `hook` command: reads a Claude Code, Codex or Cursor hook payload and checks the progress files it names. */
#include "cli/hook.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <jansson.h>

#include "cli/agent.h"
#include "cli/check.h"
#include "cli/find.h"
#include "cli/report.h"
#include "cli/session.h"
#include "evidence/evidence.h"
#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "progress/log.h"
#include "git/output.h"
#include "support/files.h"

enum {
    HOOK_PASS = 0,   /* nothing to say, or a problem of the hook's own: the agent goes on */
    HOOK_USAGE = 1,  /* the hook's configuration is wrong: agents show this to the user, without blocking */
    HOOK_BLOCK = 2,  /* Claude Code and Codex feed stderr back to the model */
};


static const char help[] =
    "usage: progress-ls hook claude|codex|cursor [--stop|--session-start|--pre-compact]\n"
    "\n"
    "Reads the agent's hook payload (JSON) on stdin. `progress-ls setup AGENT` installs the hooks;\n"
    "docs/agents.md has the configuration.\n"
    "\n"
    "After an edit (Claude Code PostToolUse on Write|Edit|MultiEdit, Codex PostToolUse on apply_patch,\n"
    "Cursor afterFileEdit): checks each edited file that is a progress file (progress.txt,\n"
    "claude-progress.txt, *-progress.txt, *_progress.txt, *.progress.txt) inside the project. When one has an\n"
    "error-severity finding, prints the findings (FILE:LINE:COL: severity: message [code]) on stderr and\n"
    "exits 2, which Claude Code and Codex show to the model; otherwise exits 0 silently.\n"
    "\n"
    "After a shell command (Claude Code and Codex PostToolUse on Bash) that mentions `git … commit`: when\n"
    "HEAD is a commit not reminded about before, the project has a progress file and the commit touched\n"
    "none, prints {\"hookSpecificOutput\":{\"hookEventName\":\"PostToolUse\",\"additionalContext\":REMINDER}}\n"
    "and exits 0: the agent hands the reminder to the model without blocking it. Once per commit: the\n"
    "hashes reminded about are kept in the git folder (progress-ls-reminded).\n"
    "\n"
    "--stop (Claude Code and Codex Stop, Cursor stop) blocks, for each progress file of the project, when:\n"
    "  - its Session State still holds template placeholders;\n"
    "  - code changed since the file's last commit (files committed after it, uncommitted or untracked)\n"
    "    and the file was not edited since; or it was edited but its Session State is the same as in its\n"
    "    last commit (in a log: its newest entry is not a new one; a file without either: its text is the\n"
    "    same); or a changed file was written after it. Never counted as code: the progress files, the\n"
    "    agents' folders .claude/, .codex/ and .cursor/ and Claude Code's .mcp.json, editors' temporary\n"
    "    files (*~, *.swp, *.swo, *.swx, *.tmp, *.bak, *.orig, .#*, #*#, 4913, .DS_Store) and files git\n"
    "    ignores. A file never committed is held to its placeholders only;\n"
    "  - Ralph's log, against the prd.json beside it: a story passing with no entry or commit for it, an\n"
    "    entry for a story prd.json lacks, a committed line rewritten (the log is append-only), prd.json\n"
    "    unreadable.\n"
    "It passes otherwise. Blocking is exit 2 with the reasons on stderr (Cursor: {\"followup_message\":\n"
    "REASONS} on stdout and exit 0). Loop guard: a stop that already follows a blocked one\n"
    "(stop_hook_active; Cursor's loop_count above 0, or a status other than completed) always passes.\n"
    "\n"
    "--session-start (Claude Code and Codex SessionStart, every source; Cursor sessionStart): prints the\n"
    "briefing of `progress-ls prime` as the context the agent adds for the model (Claude Code and Codex:\n"
    "hookSpecificOutput.additionalContext; Cursor: additional_context); after a compaction it first asks the\n"
    "model to update the file. --pre-compact (PreCompact; Cursor preCompact): a one-line reminder to update\n"
    "the progress file, as systemMessage (Cursor: user_message), which never blocks. Both exit 0.\n"
    "\n"
    "Exit status: 0 nothing to report, or a payload it cannot use (empty, not JSON, a file that no longer\n"
    "exists or lies outside the project: one line on stderr); 1 bad usage; 2 findings for the model.\n";

/* ---------------------------------------------------------------- payload */

/* `s` with bytes that are not printable ASCII as '?', in place: jansson quotes the bytes it choked on. */
static const char *printable(char *s)
{
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
            *p = '?';
    return s;
}

static const char *str_at(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/*
 * The project the agent works in: Claude Code's CLAUDE_PROJECT_DIR (set for hook commands; the payload's cwd
 * may be a folder below it), Cursor's first workspace root, else the payload's cwd, else ours: its real path
 * (owned; NULL with errno when it cannot be resolved), and in `*name` the folder as given (borrowed).
 */
static char *project_root(Agent agent, const json_t *payload, const char **name)
{
    const char *root = agent == AGENT_CLAUDE ? getenv("CLAUDE_PROJECT_DIR") : NULL;
    if (!root || !*root)
        root = json_string_value(json_array_get(json_object_get(payload, "workspace_roots"), 0));
    if (!root)
        root = str_at(payload, "cwd");
    *name = root ? root : ".";
    return lsp_platform_realpath(*name);
}

typedef Array(char *) Paths;

static void push_path(Paths *out, const char *path, size_t len)
{
    while (len && (path[len - 1] == ' ' || path[len - 1] == '\r'))
        len--;
    if (len)
        array_push(out, core_xstrndup(path, len));
}

/* The files an apply_patch envelope adds, updates or moves to ("*** Update File: path"). */
static void patch_paths(const char *patch, Paths *out)
{
    static const char *const heads[] = {"*** Add File: ", "*** Update File: ", "*** Move to: "};
    for (const char *line = patch; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
            size_t h = strlen(heads[i]);
            if (len > h && strncmp(line, heads[i], h) == 0)
                push_path(out, line + h, len - h);
        }
        line = end ? end + 1 : NULL;
    }
}

/*
 * The files an edit payload names (owned, into `out`). Recorded shapes (tests/check/payloads/):
 *   claude  {"hook_event_name":"PostToolUse","cwd":…,"tool_name":"Write|Edit|MultiEdit","tool_input":{"file_path":…}}
 *   codex   {"hook_event_name":"PostToolUse","cwd":…,"tool_name":"apply_patch","tool_input":{"command":"*** Begin Patch…"}}
 *           (Edit and Write, Codex's aliases of apply_patch, with tool_input.file_path, are read too)
 *   cursor  {"hook_event_name":"afterFileEdit","workspace_roots":[…],"file_path":…,"edits":[…]}
 * Returns false (with `why`) when the payload is not the agent's edit payload at all; true with no paths
 * when it is another tool's, which is nothing to check.
 */
static bool edited_paths(Agent agent, const json_t *payload, Paths *out, const char **why)
{
    const json_t *input = json_object_get(payload, "tool_input");
    const char *tool = str_at(payload, "tool_name");
    const char *file = str_at(input, "file_path");
    switch (agent) {
    case AGENT_CLAUDE:
        if (!tool) {
            *why = "it has no tool_name (expected Claude Code's PostToolUse payload)";
            return false;
        }
        if ((strcmp(tool, "Write") == 0 || strcmp(tool, "Edit") == 0 || strcmp(tool, "MultiEdit") == 0) && file)
            push_path(out, file, strlen(file));
        return true;
    case AGENT_CODEX:
        if (!tool) {
            *why = "it has no tool_name (expected Codex's PostToolUse payload)";
            return false;
        }
        if (strcmp(tool, "apply_patch") == 0 && str_at(input, "command"))
            patch_paths(str_at(input, "command"), out);
        else if ((strcmp(tool, "Edit") == 0 || strcmp(tool, "Write") == 0) && file)
            push_path(out, file, strlen(file));
        return true;
    case AGENT_CURSOR: {
        const char *path = str_at(payload, "file_path");
        if (!path)
            path = file;
        if (!path) {
            *why = "it has no file_path (expected Cursor's afterFileEdit payload)";
            return false;
        }
        push_path(out, path, strlen(path));
        return true;
    }
    default:
        return false;
    }
}

/* ---------------------------------------------------------------- places */

typedef enum { PLACE_OK, PLACE_GONE, PLACE_OUTSIDE } Place;

/*
 * Where `path` lies (a relative path is against `base`, the folder the agent ran the tool in): `*abs` gets its
 * real path and `*shown` the path relative to `root` (both owned) when it is inside the project.
 */
static Place locate(const char *root, const char *base, const char *path, char **abs, char **shown)
{
    char *joined = lsp_platform_path_is_absolute(path) ? core_xstrndup(path, strlen(path))
                                                       : core_xasprintf("%s/%s", base, path);
    char *real = lsp_platform_realpath(joined);
    free(joined);
    if (!real)
        return PLACE_GONE;
    size_t n = strlen(root);
    if (strncmp(real, root, n) != 0 || (real[n] != '/' && strcmp(root, "/") != 0)) {
        free(real);
        return PLACE_OUTSIDE;
    }
    *abs = real;
    /* Relative to the project; a project that is `/` itself (a hook run from there) shows the absolute path, which
     * reads better than `tmp/proj/progress.txt` wherever the reader stands. */
    const char *rel = strcmp(root, "/") == 0 ? real : real + n + (real[n] == '/');
    *shown = core_xstrndup(rel, strlen(rel));
    return PLACE_OK;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("progress-ls hook: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Loads `abs` with the settings `check` would use, shown by its path in the project. Returns 0 or -1. */
static int load(LspCheckFile *f, const char *abs, const char *shown)
{
    LspCheckOptions opts = {0};
    if (lsp_check_file_load(f, abs, &opts) != 0)
        return -1;
    free(f->shown);
    f->shown = core_xstrndup(shown, strlen(shown));
    return 0;
}

/* ---------------------------------------------------------------- after an edit */

static int on_edit(Agent agent, const json_t *payload, const char *root)
{
    Paths paths = {0};
    const char *why = NULL;
    if (!edited_paths(agent, payload, &paths, &why)) {
        say("cannot use the payload on stdin: %s; nothing checked", why);
        return HOOK_PASS;
    }
    int status = HOOK_PASS;
    LspReport *report = NULL;
    for (uint32_t i = 0; i < paths.size; i++) {
        const char *path = paths.contents[i];
        if (!core_name_is_progress_file(path, strlen(path)))
            continue; /* most edits: not ours, and nothing to say */
        char *abs = NULL, *shown = NULL;
        const char *base = str_at(payload, "cwd");
        Place where = locate(root, base ? base : root, path, &abs, &shown);
        if (where == PLACE_GONE) {
            say("%s no longer exists; nothing to check", path);
            continue;
        }
        if (where == PLACE_OUTSIDE) {
            say("%s is outside the project %s; not checked", path, root);
            continue;
        }
        LspCheckFile f;
        if (load(&f, abs, shown) == 0 && lsp_check_file_has_error(&f)) {
            if (!report)
                report = lsp_report_new(LSP_REPORT_CONCISE, stderr);
            lsp_report_file(report, &f);
            status = HOOK_BLOCK;
        }
        lsp_check_file_destroy(&f);
        free(abs);
        free(shown);
    }
    lsp_report_end(report);
    if (status == HOOK_BLOCK)
        fputs("progress-ls: the progress file has errors (above); fix them so the next session can read it.\n", stderr);
    for (uint32_t i = 0; i < paths.size; i++)
        free(paths.contents[i]);
    array_delete(&paths);
    return status;
}

/* ---------------------------------------------------------------- at a stop */

enum { STOP_GIT_TIMEOUT_MS = 5000 }; /* per git command: a stop hook must not hold the agent long */

typedef Array(char) Text;

static void text_add(Text *t, const char *s)
{
    size_t n = strlen(s);
    array_grow_by(t, (uint32_t)n);
    memcpy(t->contents + t->size - n, s, n);
}

/* Placeholders left in Session State: the next session would start from the template's words. */
static void stop_placeholders(const LspCheckFile *f, Text *reasons)
{
    for (uint32_t i = 0; i < f->findings.size; i++) {
        const LspFinding *d = &f->findings.contents[i];
        int32_t s = core_doc_section_at(f->doc, d->range.start.line);
        CoreSection sec;
        if (strcmp(d->code, "placeholder") != 0 || s < 0 || core_doc_section(f->doc, (uint32_t)s, &sec) != 0 ||
            sec.kind != CORE_SECTION_SESSION_STATE)
            continue;
        char *line = core_xasprintf("%s:%u: in Session State, %s\n", f->shown, d->range.start.line + 1, d->message);
        text_add(reasons, line);
        free(line);
    }
}

/* The lines that say where the work stands: the template's Session State (first..end), or none (false). */
static bool state_lines(const CoreDoc *doc, uint32_t *first, uint32_t *end)
{
    CoreSection sec;
    for (uint32_t i = 0; i < core_doc_section_count(doc); i++)
        if (core_doc_section(doc, i, &sec) == 0 && sec.kind == CORE_SECTION_SESSION_STATE) {
            *first = sec.header_line;
            *end = sec.end_line;
            return true;
        }
    return false;
}

static bool same_lines(const CoreDoc *a, uint32_t a0, uint32_t a1, const CoreDoc *b, uint32_t b0, uint32_t b1)
{
    if (a1 - a0 != b1 - b0)
        return false;
    for (uint32_t i = 0; i < a1 - a0; i++) {
        size_t la, lb;
        const char *ta = core_doc_line(a, a0 + i, &la), *tb = core_doc_line(b, b0 + i, &lb);
        if (la != lb || memcmp(ta, tb, la) != 0)
            return false;
    }
    return true;
}

/* Whether the log `doc`'s newest entry is new against `was`: its heading line is none of `was`'s entries'. */
static bool has_new_entry(const CoreDoc *doc, const CoreDoc *was)
{
    CoreBlock newest;
    int32_t n = core_doc_newest_entry(doc);
    if (n < 0 || core_doc_block(doc, (uint32_t)n, &newest) != 0) /* a log without entries: any change */
        return !same_lines(doc, 0, core_doc_line_count(doc), was, 0, core_doc_line_count(was));
    size_t len;
    const char *title = core_doc_line(doc, newest.line, &len);
    for (uint32_t i = 0; i < core_doc_section_count(was); i++) {
        CoreBlock b;
        size_t l;
        if (core_doc_block(was, i, &b) == 0 && b.is_entry) {
            const char *t = core_doc_line(was, b.line, &l);
            if (l == len && memcmp(t, title, len) == 0)
                return false;
        }
    }
    return true;
}

/*
 * Whether the edit of the progress file (uncommitted: `doc`) says something new against its last commit
 * (HEAD's version: the file has no commit after B): in the template, Session State differs (a template without
 * one: its text); in a log (markdown, Ralph, plain), its newest entry is one the committed text lacks. When git
 * cannot show the old text, the edit is taken as an update.
 */
static bool state_updated(const char *root, const char *file, const CoreDoc *doc)
{
    char *spec = core_xasprintf("HEAD:./%s", file);
    const char *args[] = {"show", spec};
    char *old = NULL;
    size_t len = 0;
    int rc = lsp_git_output(root, args, 2, STOP_GIT_TIMEOUT_MS, &old, &len);
    free(spec);
    if (rc < 0)
        return true;
    CoreDoc *was = core_doc_new_take(old, len);
    uint32_t f0, f1, w0, w1;
    bool updated;
    if (core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE)
        updated = has_new_entry(doc, was);
    else if (state_lines(doc, &f0, &f1) && state_lines(was, &w0, &w1))
        updated = !same_lines(doc, f0, f1, was, w0, w1);
    else
        updated = !same_lines(doc, 0, core_doc_line_count(doc), was, 0, core_doc_line_count(was));
    core_doc_free(was);
    return updated;
}

/* Up to three of the changed paths, for the message: "a.c, b.c, c.c and 4 more". */
static char *some_paths(const char *const *paths, size_t count, size_t total)
{
    Text t = {0};
    for (size_t i = 0; i < count && i < 3; i++) {
        if (i)
            text_add(&t, ", ");
        text_add(&t, paths[i]);
    }
    if (total > 3) {
        char *more = core_xasprintf(" and %zu more", total - 3);
        text_add(&t, more);
        free(more);
    }
    array_push(&t, '\0');
    return t.contents;
}

static int64_t mtime_ns(const char *path)
{
    LspFileStamp stamp;
    return lsp_file_stamp(path, &stamp) == 0 ? stamp.mtime_ns : INT64_MIN;
}

/*
 * Ralph's log against prd.json and its own committed text, as `check --git` reads it: a story passing with
 * nothing to show for it, an entry for a story prd.json lacks, a committed line rewritten, prd.json unreadable.
 */
static void stop_ralph(const LspCheckFile *f, const CoreEvidence *ev, Text *reasons)
{
    static const CoreDiagCode blocking[] = {CORE_DIAG_STORY_WITHOUT_EVIDENCE, CORE_DIAG_UNKNOWN_STORY,
                                            CORE_DIAG_LOG_REWRITTEN, CORE_DIAG_INVALID_PRD};
    CoreDiagList list = {0};
    core_evidence_diagnose(f->doc, ev, NULL, &list);
    for (size_t i = 0; i < list.count; i++) {
        const CoreDiag *d = &list.items[i];
        bool stops = false;
        for (size_t k = 0; k < sizeof blocking / sizeof blocking[0]; k++)
            stops |= d->code == blocking[k];
        if (!stops)
            continue;
        char *line = core_xasprintf("%s:%u: %s [%s]\n", f->shown, d->range.start.line + 1, d->message,
                                    core_diag_code_name(d->code));
        text_add(reasons, line);
        free(line);
    }
    core_diag_list_free(&list);
}

/*
 * The code moved on and the progress file did not (the rules in `help`): files other than the progress files,
 * the agents' folders and temporary files changed since the file's last commit (committed after it, uncommitted
 * or untracked), and the file was not edited since, or edited without a new Session State, or edited before the
 * last of those files was.
 */
static void stop_stale(const char *abs, const LspCheckFile *f, Text *reasons)
{
    LspEvidence e;
    CoreEvidence ev;
    int rc = lsp_evidence_read(abs, f->doc, STOP_GIT_TIMEOUT_MS, true, &e, &ev);
    if (rc == 0)
        stop_ralph(f, &ev, reasons);
    if (rc != 0 || !ev.git || !ev.has_base) {
        lsp_evidence_destroy(&e);
        return;
    }
    Array(const char *) code = {0};
    bool self_edited = false;
    int64_t newest = INT64_MIN;
    const char *newest_path = NULL;
    for (size_t i = 0; i < ev.changed_count; i++) {
        const char *p = ev.changed[i];
        if (ev.self && strcmp(p, ev.self) == 0) {
            self_edited = true;
            continue;
        }
        if (core_name_is_not_code(p, strlen(p)))
            continue;
        array_push(&code, p);
        char *full = core_xasprintf("%s/%s", e.root, p);
        int64_t t = mtime_ns(full);
        free(full);
        if (t > newest) {
            newest = t;
            newest_path = p;
        }
    }
    size_t total = code.size + (ev.changed_total - ev.changed_count); /* past the cap: counted as code */
    char *line = NULL;
    if (total > 0) {
        char *some = some_paths(code.contents, code.size, total);
        char *head = core_xasprintf("%zu file%s (%s)", total, total == 1 ? "" : "s", some);
        free(some);
        if (!self_edited)
            line = core_xasprintf("%s: %s changed since its last commit%s, and it was not updated\n", f->shown, head,
                                  ev.commits_after ? " (committed after it, or not yet)" : "");
        else if (!state_updated(e.root, e.file, f->doc))
            line = core_xasprintf("%s: edited, but %s since its last commit, while %s changed\n", f->shown,
                                  core_doc_dialect(f->doc) == CORE_DIALECT_TEMPLATE ? "its Session State says nothing new"
                                                                                     : "it has no new entry",
                                  head);
        else if (newest_path && newest > mtime_ns(abs))
            line = core_xasprintf("%s: %s changed after the progress file was last updated\n", f->shown, newest_path);
        free(head);
    }
    if (line) {
        text_add(reasons, line);
        free(line);
    }
    array_delete(&code);
    lsp_evidence_destroy(&e);
}

/*
 * Why the agent should not stop yet, one line each, for every progress file in the project. Each kind of
 * evidence is one call here (the work-state check adds its own beside stop_placeholders).
 */
static void stop_reasons(const char *root, Text *reasons)
{
    LspPathList found = {0};
    lsp_check_find(root, &found);
    for (uint32_t i = 0; i < found.size; i++) {
        char *abs = core_xasprintf("%s/%s", root, found.contents[i]);
        LspCheckFile f;
        if (load(&f, abs, found.contents[i]) == 0) {
            stop_placeholders(&f, reasons);
            stop_stale(abs, &f, reasons);
        }
        lsp_check_file_destroy(&f);
        free(abs);
    }
    lsp_path_list_free(&found);
}

static int on_stop(Agent agent, const json_t *payload, const char *root)
{
    /* This stop follows one the hook blocked: let it through, or the agent could never stop. */
    if (json_is_true(json_object_get(payload, "stop_hook_active")))
        return HOOK_PASS;
    const json_t *loops = json_object_get(payload, "loop_count");
    if (json_is_integer(loops) && json_integer_value(loops) > 0)
        return HOOK_PASS;
    const char *status = str_at(payload, "status"); /* Cursor: completed, aborted or error */
    if (agent == AGENT_CURSOR && status && strcmp(status, "completed") != 0)
        return HOOK_PASS;
    Text reasons = {0};
    stop_reasons(root, &reasons);
    if (reasons.size == 0) {
        array_delete(&reasons);
        return HOOK_PASS;
    }
    text_add(&reasons, "Update the progress file before stopping (Session State; in a log, a new entry): the next "
                       "session starts from it.");
    array_push(&reasons, '\0');
    int code = HOOK_BLOCK;
    if (agent == AGENT_CURSOR) {
        /* Cursor continues the agent only through followup_message on stdout, with exit 0. */
        json_t *out = json_pack("{s:s}", "followup_message", reasons.contents);
        char *text = json_dumps(out, JSON_COMPACT);
        if (text)
            puts(text);
        free(text);
        json_decref(out);
        code = HOOK_PASS;
    } else {
        fprintf(stderr, "progress-ls: %s\n", reasons.contents);
    }
    array_delete(&reasons);
    return code;
}

/* ---------------------------------------------------------------- after a commit */

enum {
    COMMIT_GIT_TIMEOUT_MS = 3000,
    REMINDED_KEEP = 64, /* the commits remembered: enough for any session, a file of under 3 KB */
};

/* The command of a shell tool's payload (Claude Code's and Codex's Bash), or NULL for any other tool. */
static const char *shell_command(int agent, const json_t *payload)
{
    const char *tool = str_at(payload, "tool_name");
    if (agent == AGENT_CURSOR || !tool || strcmp(tool, "Bash") != 0)
        return NULL;
    const char *command = str_at(json_object_get(payload, "tool_input"), "command");
    return command ? command : "";
}

/* Whether a shell command may have made a commit: `git … commit` somewhere in it. */
static bool mentions_commit(const char *command)
{
    const char *git = command ? strstr(command, "git") : NULL;
    return git && strstr(git, "commit") != NULL;
}

/* Whether `hash` is a line of `text`. */
static bool has_line(const char *text, const char *hash)
{
    size_t n = strlen(hash);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, hash, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

/*
 * Remembers `hash` in `path` (the git folder's progress-ls-reminded: one hash a line, the newest last, the last
 * REMINDED_KEEP kept), replacing the file atomically. `old` is its text (may be NULL).
 */
static void remember(const char *path, const char *old, const char *hash)
{
    const char *lines[REMINDED_KEEP];
    size_t count = 0;
    for (const char *p = old; p && *p;) {
        const char *end = strchr(p, '\n');
        if (count == REMINDED_KEEP - 1)
            memmove(lines, lines + 1, --count * sizeof *lines);
        lines[count++] = p;
        p = end ? end + 1 : NULL;
    }
    Text t = {0};
    for (size_t i = 0; i < count; i++) {
        const char *end = strchr(lines[i], '\n');
        size_t n = end ? (size_t)(end - lines[i]) : strlen(lines[i]);
        array_grow_by(&t, (uint32_t)n + 1);
        memcpy(t.contents + t.size - n - 1, lines[i], n);
        t.contents[t.size - 1] = '\n';
    }
    text_add(&t, hash);
    text_add(&t, "\n");
    int rc = lsp_file_write(path, t.contents, t.size, NULL);
    if (rc < 0)
        say("cannot remember the reminded commit in %s: %s", path, lsp_file_strerror(rc));
    array_delete(&t);
}

/*
 * After a shell command that made a commit (Claude Code and Codex PostToolUse on Bash): when HEAD is a commit
 * not reminded about yet, the project has a progress file and the commit touched none, a reminder to update
 * it — JSON hookSpecificOutput.additionalContext on stdout with exit 0, which both agents hand the model
 * without blocking it. Each commit is reminded about once: its hash is kept in the git folder.
 */
static int on_commit(const json_t *payload, const char *root)
{
    const char *cwd = str_at(payload, "cwd");
    const char *where = cwd && strncmp(cwd, root, strlen(root)) == 0 ? cwd : root;
    const char *head_args[] = {"rev-parse", "--absolute-git-dir", "HEAD"};
    char *head = NULL;
    if (lsp_git_output(where, head_args, 3, COMMIT_GIT_TIMEOUT_MS, &head, NULL) < 0)
        return HOOK_PASS; /* no repository, no commit: nothing to remind of */
    char *nl = strchr(head, '\n');
    char *hash = nl ? nl + 1 : NULL;
    if (!hash || strlen(hash) < 41) {
        free(head);
        return HOOK_PASS;
    }
    *nl = '\0';
    hash[40] = '\0';
    char *state = core_xasprintf("%s/progress-ls-reminded", head);
    size_t len = 0;
    char *seen = NULL;
    if (lsp_file_read(state, LSP_FILE_CAP, &seen, &len, NULL) < 0)
        seen = NULL;
    int code = HOOK_PASS;
    if (!seen || !has_line(seen, hash)) {
        const char *tree_args[] = {"diff-tree", "--no-commit-id", "--name-only", "-r", "--root", "-z", hash};
        char *touched = NULL;
        size_t tlen = 0;
        bool ours = false;
        if (lsp_git_output(where, tree_args, 7, COMMIT_GIT_TIMEOUT_MS, &touched, &tlen) == 0) {
            for (size_t i = 0; i < tlen; i += strlen(touched + i) + 1)
                ours = ours || core_name_is_progress_file(touched + i, strlen(touched + i));
            LspPathList found = {0};
            if (!ours)
                lsp_check_find(root, &found);
            if (!ours && found.size > 0) {
                remember(state, seen, hash);
                char *text = core_xasprintf(
                    "progress-ls: commit %.7s left %s%s behind. Record what this commit completed in it now "
                    "(Session State: Last completed, Next task; in a log, a new entry): the next session starts "
                    "from that file.", hash, found.contents[0], found.size > 1 ? " (and the other progress files)" : "");
                json_t *out = json_pack("{s:{s:s,s:s}}", "hookSpecificOutput", "hookEventName", "PostToolUse",
                                        "additionalContext", text);
                char *dumped = json_dumps(out, JSON_COMPACT);
                puts(dumped);
                free(dumped);
                json_decref(out);
                free(text);
            }
            lsp_path_list_free(&found);
        }
        free(touched);
    }
    free(seen);
    free(state);
    free(head);
    return code;
}

/* ---------------------------------------------------------------- at a session's start, before compaction */

static int on_session_start(Agent agent, const json_t *payload, const char *root)
{
    return lsp_session_start(lsp_agent_name(agent), payload, root);
}

static int on_pre_compact(Agent agent, const json_t *payload, const char *root)
{
    return lsp_session_pre_compact(lsp_agent_name(agent), payload, root);
}

/* ---------------------------------------------------------------- the command */

/* The events a flag names (without one: after a tool use): one row each, its flag and what answers it. */
static const struct {
    const char *flag;
    int (*run)(Agent agent, const json_t *payload, const char *root);
} events[] = {
    {"--stop", on_stop},
    {"--session-start", on_session_start},
    {"--pre-compact", on_pre_compact},
};

int lsp_hook_main(int argc, char **argv)
{
    int agent = -1, event = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return HOOK_PASS;
        } else if (argv[i][0] == '-' && event < 0) {
            for (int e = 0; e < (int)(sizeof events / sizeof events[0]); e++)
                if (strcmp(argv[i], events[e].flag) == 0)
                    event = e;
            if (event < 0) {
                say("unknown argument \"%s\" (progress-ls hook --help)", argv[i]);
                return HOOK_USAGE;
            }
        } else if (agent < 0 && argv[i][0] != '-') {
            agent = lsp_agent_of(argv[i]);
            if (agent < 0) {
                say("unknown agent \"%s\": use claude, codex or cursor (progress-ls hook --help)", argv[i]);
                return HOOK_USAGE;
            }
        } else {
            say("unknown argument \"%s\" (progress-ls hook --help)", argv[i]);
            return HOOK_USAGE;
        }
    }
    if (agent < 0) {
        say("which agent? progress-ls hook claude|codex|cursor [--stop|--session-start|--pre-compact] "
            "(progress-ls hook --help)");
        return HOOK_USAGE;
    }

    size_t len = 0;
    char *text;
    int rc = lsp_file_read("-", LSP_FILE_CAP, &text, &len, NULL);
    if (rc < 0) {
        say("cannot read the payload on stdin: %s; nothing checked", lsp_file_strerror(rc));
        return HOOK_PASS;
    }
    size_t blank = 0;
    while (blank < len && strchr(" \t\r\n", text[blank]))
        blank++;
    if (blank == len) {
        say("the payload on stdin is empty; expected the JSON %s sends to its hooks; nothing checked",
            agent == AGENT_CLAUDE ? "Claude Code" : agent == AGENT_CODEX ? "Codex" : "Cursor");
        free(text);
        return HOOK_PASS;
    }
    json_error_t err;
    json_t *payload = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    free(text);
    if (!json_is_object(payload)) {
        if (payload)
            say("the payload on stdin is JSON but not an object; nothing checked");
        else
            say("the payload on stdin is not JSON (line %d, column %d: %s); nothing checked", err.line, err.column,
                printable(err.text));
        json_decref(payload);
        return HOOK_PASS;
    }
    const char *name;
    char *root = project_root((Agent)agent, payload, &name);
    int code = HOOK_PASS;
    const char *command = NULL;
    if (!root)
        say("the project folder %s cannot be read: %s; nothing checked", name, strerror(errno));
    else if (event >= 0)
        code = events[event].run((Agent)agent, payload, root);
    else if ((command = shell_command(agent, payload)))
        code = mentions_commit(command) ? on_commit(payload, root) : HOOK_PASS;
    else
        code = on_edit((Agent)agent, payload, root);
    free(root);
    json_decref(payload);
    fflush(stdout);
    return code;
}
