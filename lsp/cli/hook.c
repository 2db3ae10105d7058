/* hook.c — the `hook` command: reads a Claude Code, Codex or Cursor hook payload and checks the progress files it names. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "cli/hook.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/check.h"
#include "cli/find.h"
#include "cli/report.h"
#include "evidence/evidence.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "support/files.h"

enum {
    HOOK_PASS = 0,   /* nothing to say, or a problem of the hook's own: the agent goes on */
    HOOK_USAGE = 1,  /* the hook's configuration is wrong: agents show this to the user, without blocking */
    HOOK_BLOCK = 2,  /* Claude Code and Codex feed stderr back to the model */
};

typedef enum { AGENT_CLAUDE, AGENT_CODEX, AGENT_CURSOR, AGENT_COUNT } Agent;

static const char *const agent_names[AGENT_COUNT] = {"claude", "codex", "cursor"};

static const char help[] =
    "usage: progress-ls hook claude|codex|cursor [--stop]\n"
    "\n"
    "Reads the agent's hook payload (JSON) on stdin. Configuration to copy: docs/agents.md.\n"
    "\n"
    "After an edit (Claude Code PostToolUse on Write|Edit|MultiEdit, Codex PostToolUse on apply_patch,\n"
    "Cursor afterFileEdit): checks each edited file that is a progress file (progress.txt,\n"
    "claude-progress.txt, *-progress.txt, *_progress.txt, *.progress.txt) inside the project. When one has an\n"
    "error-severity finding, prints the findings (FILE:LINE:COL: severity: message [code]) on stderr and\n"
    "exits 2, which Claude Code and Codex show to the model; otherwise exits 0 silently.\n"
    "\n"
    "--stop (Claude Code and Codex Stop, Cursor stop): when a progress file's Session State still holds\n"
    "template placeholders, exits 2 with the reason on stderr (Cursor: prints {\"followup_message\": reason}\n"
    "on stdout and exits 0). A stop that already follows a blocked one (stop_hook_active; Cursor's\n"
    "loop_count above 0) passes, so the hook cannot loop.\n"
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
    return realpath(*name, NULL);
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
    char *joined = path[0] == '/' ? core_xstrndup(path, strlen(path)) : core_xasprintf("%s/%s", base, path);
    char *real = realpath(joined, NULL);
    free(joined);
    if (!real)
        return PLACE_GONE;
    size_t n = strlen(root);
    if (strncmp(real, root, n) != 0 || (real[n] != '/' && strcmp(root, "/") != 0)) {
        free(real);
        return PLACE_OUTSIDE;
    }
    *abs = real;
    *shown = core_xstrndup(real + n + (real[n] == '/'), strlen(real + n + (real[n] == '/')));
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

/* The code moved on (commits since the progress file's last commit, changed files) and the file did not. */
static void stop_stale(const char *abs, const LspCheckFile *f, Text *reasons)
{
    LspEvidence e;
    CoreEvidence ev;
    uint32_t commits;
    size_t files;
    if (lsp_evidence_read(abs, f->doc, STOP_GIT_TIMEOUT_MS, &e, &ev) == 0 &&
        core_evidence_needs_update(&ev, &commits, &files)) {
        char *line = core_xasprintf("%s: code changed since the progress file was last updated (%u commit%s since "
                                    "its last commit, %zu changed file%s)\n", f->shown, commits,
                                    commits == 1 ? "" : "s", files, files == 1 ? "" : "s");
        text_add(reasons, line);
        free(line);
    }
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
    text_add(&reasons, "Update the progress file's Session State before stopping: the next session starts from it.");
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

/* ---------------------------------------------------------------- the command */

int lsp_hook_main(int argc, char **argv)
{
    int agent = -1;
    bool stop = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return HOOK_PASS;
        } else if (strcmp(argv[i], "--stop") == 0) {
            stop = true;
        } else if (agent < 0 && argv[i][0] != '-') {
            for (int a = 0; a < AGENT_COUNT; a++)
                if (strcmp(argv[i], agent_names[a]) == 0)
                    agent = a;
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
        say("which agent? progress-ls hook claude|codex|cursor [--stop] (progress-ls hook --help)");
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
    if (!root)
        say("the project folder %s cannot be read: %s; nothing checked", name, strerror(errno));
    else
        code = stop ? on_stop((Agent)agent, payload, root) : on_edit((Agent)agent, payload, root);
    free(root);
    json_decref(payload);
    fflush(stdout);
    return code;
}
