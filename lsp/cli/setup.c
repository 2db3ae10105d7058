/* setup.c — the `setup` command: progress-ls's hooks, MCP entry and paragraph merged into an agent's own files, checked, or taken out again. */
#include "cli/setup.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <uv.h>

#include "cli/agent.h"
#include "git/output.h"
#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "support/files.h"

enum {
    SETUP_OK = 0,
    SETUP_MISSING = 1, /* --check: something is not set up */
    SETUP_ERROR = 2,   /* bad usage, or a file that cannot be read, parsed or written */
    HOOK_TIMEOUT_S = 30,
};

typedef enum { MODE_SET, MODE_CHECK, MODE_REMOVE } Mode;

static const char help[] =
    "usage: progress-ls setup claude|codex|cursor [--user] [--check|--remove] [--agents-md]\n"
    "\n"
    "Installs progress-ls into a coding agent: its hooks (the briefing at session start, a reminder before\n"
    "compaction and after a commit, the check after an edit, the Stop hook) and its MCP server\n"
    "(`progress-ls mcp`), merged into the agent's own files; every other entry is left as it is.\n"
    "\n"
    "  claude   .claude/settings.json (hooks) and .mcp.json (MCP);\n"
    "           --user: ~/.claude/settings.json and ~/.claude.json\n"
    "  codex    .codex/hooks.json (hooks) and .codex/config.toml (MCP, a marked [mcp_servers.progress-ls]);\n"
    "           --user: ~/.codex/hooks.json and ~/.codex/config.toml\n"
    "  cursor   .cursor/hooks.json (hooks) and .cursor/mcp.json (MCP); --user: the same in ~/.cursor/\n"
    "\n"
    "The project is the top of the git repository holding the current folder, else the current folder.\n"
    "\n"
    "  --user       the user's own files instead of the project's\n"
    "  --agents-md  also a marked paragraph of five lines in CLAUDE.md (claude) or AGENTS.md (codex, cursor)\n"
    "  --check      change nothing: say what is missing (exit 1 when something is)\n"
    "  --remove     take out exactly what setup added (a file setup created, left empty, is deleted)\n"
    "\n"
    "Running it again changes nothing. A file it cannot parse is reported (FILE:LINE:COLUMN) and left as it\n"
    "is. JSON keeps its key order and its indentation (two spaces unless the file uses another width).\n"
    "Commands name `progress-ls`: it must be on the PATH the agent runs hooks with.\n"
    "\n"
    "Exit status: 0 done or nothing missing; 1 --check found something missing; 2 bad usage or a file that\n"
    "cannot be read, parsed or written.\n";

/* ---------------------------------------------------------------- what is installed */

typedef struct {
    const char *event;   /* the agent's event name */
    const char *matcher; /* Claude Code and Codex: the tools matched; NULL: every occurrence */
    const char *flag;    /* after `progress-ls hook AGENT` */
} HookRow;

/* Claude Code: SessionStart fires on startup, resume, clear and compact alike without a matcher. */
static const HookRow claude_hooks[] = {
    {"SessionStart", NULL, " --session-start"},
    {"PreCompact", NULL, " --pre-compact"},
    {"PostToolUse", "Write|Edit|MultiEdit|Bash", ""},
    {"Stop", NULL, " --stop"},
};
/* Codex: edits are apply_patch (Edit and Write its aliases), shell commands Bash. */
static const HookRow codex_hooks[] = {
    {"SessionStart", "startup|resume|clear|compact", " --session-start"},
    {"PreCompact", NULL, " --pre-compact"},
    {"PostToolUse", "apply_patch|Edit|Write|Bash", ""},
    {"Stop", NULL, " --stop"},
};
/* Cursor: no hook after a shell command reaches the model (afterShellExecution is observe-only). */
static const HookRow cursor_hooks[] = {
    {"sessionStart", NULL, " --session-start"},
    {"preCompact", NULL, " --pre-compact"},
    {"afterFileEdit", NULL, ""},
    {"stop", NULL, " --stop"},
};

static const char server_name[] = "progress-ls";

static const char paragraph_begin[] = "<!-- progress-ls: managed by `progress-ls setup`; --remove takes it out -->\n";
static const char paragraph_end[] = "<!-- /progress-ls -->\n";
static const char paragraph[] =
    "Session memory is in the progress file (`progress.txt`): read it first, and update Session State (in a log, "
    "add an entry) after each milestone or commit, before compaction and before you stop.\n"
    "After editing it, fix every error `progress-ls check` reports; the hooks show them and hold the stop until "
    "the file is current.\n";
static const char toml_begin[] = "# progress-ls: managed by `progress-ls setup codex`; --remove takes it out\n";
static const char toml_end[] = "# /progress-ls\n";
static const char toml_body[] = "[mcp_servers.progress-ls]\ncommand = \"progress-ls\"\nargs = [\"mcp\"]\n";

/* ---------------------------------------------------------------- reporting */

typedef struct {
    Mode mode;
    int status;
} Run;

/* One line on stderr, after the command's name. */
static void vsay(const char *fmt, va_list ap)
{
    fputs("progress-ls setup: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
}

static void fail(Run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(Run *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
    run->status = SETUP_ERROR;
}

/* ---------------------------------------------------------------- files */

typedef struct {
    char *path;  /* owned */
    char *shown; /* owned: as printed */
    bool existed;
    LspFileStamp stamp;
    char *text; /* owned: the file's bytes, or NULL */
    size_t len;
} File;

static void file_init(File *f, const char *base, const char *rel, const char *shown_base)
{
    memset(f, 0, sizeof *f);
    f->path = core_xasprintf("%s/%s", base, rel);
    f->shown = core_xasprintf("%s%s", shown_base, rel);
}

static void file_destroy(File *f)
{
    free(f->path);
    free(f->shown);
    free(f->text);
}

/* Reads `f`: 0 (a missing file is empty, existed false), or -1 reported. */
static int file_load(Run *run, File *f)
{
    int rc = lsp_file_read(f->path, LSP_FILE_CAP, &f->text, &f->len, &f->stamp);
    if (rc == UV_ENOENT) {
        f->text = NULL;
        f->len = 0;
        memset(&f->stamp, 0, sizeof f->stamp);
        return 0;
    }
    if (rc < 0) {
        fail(run, "cannot read %s: %s; left as it is", f->shown, lsp_file_strerror(rc));
        return -1;
    }
    f->existed = true;
    return 0;
}

/* mkdir -p of the folders above `path`. */
static void make_parents(const char *path)
{
    char *dir = core_xstrndup(path, strlen(path));
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            uv_fs_t req;
            uv_fs_mkdir(NULL, &req, dir, 0777, NULL);
            uv_fs_req_cleanup(&req);
            *p = '/';
        }
    free(dir);
}

/*
 * Writes `bytes` over `f` (refusing when it changed since it was read), or deletes it when `bytes` is NULL (a
 * file setup created and --remove emptied; its agent folder goes too when left empty). 0 or -1 reported.
 */
static int file_save(Run *run, File *f, const char *bytes, size_t len)
{
    if (!bytes) {
        if (unlink(f->path) != 0) {
            fail(run, "cannot delete %s: %s", f->shown, strerror(errno));
            return -1;
        }
        char *slash = strrchr(f->path, '/');
        *slash = '\0';
        const char *name = strrchr(f->path, '/');
        if (name && (strcmp(name, "/.claude") == 0 || strcmp(name, "/.codex") == 0 || strcmp(name, "/.cursor") == 0))
            rmdir(f->path); /* only when empty */
        *slash = '/';
        return 0;
    }
    make_parents(f->path);
    int rc = lsp_file_write(f->path, bytes, len, &f->stamp);
    if (rc < 0) {
        fail(run, "cannot write %s: %s", f->shown, lsp_file_strerror(rc));
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- JSON files */

typedef struct {
    File file;
    json_t *root; /* owned: the object, or an empty one for a missing file */
    size_t indent;
    bool final_newline;
} JsonFile;

/* The width of the file's first indented line (spaces), 2 when it has none or indents with tabs. */
static size_t detect_indent(const char *text, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (text[i] == '\n' && text[i + 1] == ' ') {
            size_t n = 0;
            while (i + 1 + n < len && text[i + 1 + n] == ' ')
                n++;
            return n > 0 && n <= 8 ? n : 2;
        }
    return 2;
}

static int json_file_load(Run *run, JsonFile *j, const char *base, const char *rel, const char *shown_base)
{
    memset(j, 0, sizeof *j);
    file_init(&j->file, base, rel, shown_base);
    j->indent = 2;
    j->final_newline = true;
    if (file_load(run, &j->file) < 0)
        return -1;
    const char *text = j->file.text;
    size_t len = j->file.len, blank = 0;
    while (blank < len && strchr(" \t\r\n", text[blank]))
        blank++;
    if (!j->file.existed || blank == len) {
        j->root = json_object();
        return 0;
    }
    json_error_t err;
    j->root = json_loadb(text, len, JSON_PRESERVE_ORDER | JSON_REJECT_DUPLICATES, &err);
    if (!j->root) {
        fail(run, "%s:%d:%d: cannot parse the JSON: %s; left as it is", j->file.shown, err.line, err.column,
             err.text);
        return -1;
    }
    if (!json_is_object(j->root)) {
        fail(run, "%s:1:1: is JSON but not an object; left as it is", j->file.shown);
        return -1;
    }
    j->indent = detect_indent(text, len);
    j->final_newline = text[len - 1] == '\n';
    return 0;
}

static void json_file_destroy(JsonFile *j)
{
    json_decref(j->root);
    file_destroy(&j->file);
}

/* Saves `j` when `changed`: the JSON in the file's layout, or no file at all when it is empty and --remove emptied it. */
static int json_file_save(Run *run, JsonFile *j, bool changed)
{
    if (!changed)
        return 0;
    if (run->mode == MODE_REMOVE && json_object_size(j->root) == 0)
        return file_save(run, &j->file, NULL, 0);
    char *text = json_dumps(j->root, JSON_PRESERVE_ORDER | JSON_INDENT(j->indent));
    char *bytes = core_xasprintf("%s%s", text, j->final_newline ? "\n" : "");
    int rc = file_save(run, &j->file, bytes, strlen(bytes));
    free(bytes);
    free(text);
    return rc;
}

/* The member `key` of `obj`, an object or array as `want` says, created when absent and `create`; NULL otherwise. */
static json_t *member(Run *run, JsonFile *j, json_t *obj, const char *key, bool array, bool create, bool *bad)
{
    json_t *m = json_object_get(obj, key);
    if (m && (array ? !json_is_array(m) : !json_is_object(m))) {
        fail(run, "%s: \"%s\" is not a JSON %s; left as it is", j->file.shown, key, array ? "array" : "object");
        *bad = true;
        return NULL;
    }
    if (!m && create) {
        m = array ? json_array() : json_object();
        json_object_set_new(obj, key, m);
    }
    return m;
}

static char *hook_command(Agent agent, const HookRow *row)
{
    return core_xasprintf("progress-ls hook %s%s", lsp_agent_name(agent), row->flag);
}

/* Claude Code's and Codex's group {"matcher": …, "hooks": [{"type": "command", "command": …, "timeout": 30}]}. */
static json_t *group_new(const HookRow *row, const char *command)
{
    json_t *g = json_object();
    if (row->matcher)
        json_object_set_new(g, "matcher", json_string(row->matcher));
    json_object_set_new(g, "hooks", json_pack("[{s:s, s:s, s:i}]", "type", "command", "command", command, "timeout",
                                              HOOK_TIMEOUT_S));
    return g;
}

/* Cursor's entry {"command": …} (the stop hook continues the agent at most once: loop_limit 1). */
static json_t *entry_new(const HookRow *row, const char *command)
{
    json_t *e = json_pack("{s:s}", "command", command);
    if (strcmp(row->event, "stop") == 0)
        json_object_set_new(e, "loop_limit", json_integer(1));
    return e;
}

/* Whether `item` of an event's array is progress-ls's own for `row`: exactly what setup writes. */
static bool is_ours(Agent agent, const json_t *item, const HookRow *row, const char *command)
{
    json_t *want = agent == AGENT_CURSOR ? entry_new(row, command) : group_new(row, command);
    bool same = json_equal(item, want);
    json_decref(want);
    return same;
}

/* Sets, checks or removes the hooks of `rows` in `j` (Claude Code's and Codex's layout, or Cursor's). */
static void hooks_apply(Run *run, Agent agent, JsonFile *j, const HookRow *rows, size_t count)
{
    bool bad = false, changed = false;
    if (agent == AGENT_CURSOR && run->mode == MODE_SET && !json_object_get(j->root, "version"))
        json_object_set_new(j->root, "version", json_integer(1)); /* first, as Cursor's documents write it */
    json_t *hooks = member(run, j, j->root, "hooks", false, run->mode == MODE_SET, &bad);
    Array(char) names = {0};
    for (size_t r = 0; !bad && r < count; r++) {
        const HookRow *row = &rows[r];
        json_t *list = member(run, j, hooks, row->event, true, run->mode == MODE_SET, &bad);
        if (bad)
            break;
        char *command = hook_command(agent, row);
        size_t found = (size_t)-1, i;
        json_t *item;
        json_array_foreach(list, i, item)
        {
            if (is_ours(agent, item, row, command)) {
                found = i;
                break;
            }
        }
        bool act = false;
        if (run->mode == MODE_SET && found == (size_t)-1) {
            json_array_append_new(list, agent == AGENT_CURSOR ? entry_new(row, command) : group_new(row, command));
            act = true;
        } else if (run->mode == MODE_REMOVE && found != (size_t)-1) {
            json_array_remove(list, found);
            if (json_array_size(list) == 0)
                json_object_del(hooks, row->event);
            act = true;
        } else if (run->mode == MODE_CHECK && found == (size_t)-1) {
            act = true;
        }
        if (act) {
            if (names.size)
                array_push(&names, ' ');
            for (const char *p = row->event; *p; p++)
                array_push(&names, *p);
        }
        changed = changed || (act && run->mode != MODE_CHECK);
        free(command);
    }
    if (!bad && run->mode == MODE_REMOVE && hooks && json_object_size(hooks) == 0) {
        json_object_del(j->root, "hooks");
        json_t *version = json_object_get(j->root, "version");
        if (agent == AGENT_CURSOR && json_object_size(j->root) == 1 && json_is_integer(version) &&
            json_integer_value(version) == 1)
            json_object_del(j->root, "version"); /* setup wrote it with the hooks */
    }
    array_push(&names, '\0');
    if (!bad) {
        if (names.size > 1 && run->mode == MODE_CHECK) {
            printf("%s: missing the hooks %s\n", j->file.shown, names.contents);
            if (run->status == SETUP_OK)
                run->status = SETUP_MISSING;
        } else if (names.size > 1) {
            printf("%s: %s the hooks %s\n", j->file.shown, run->mode == MODE_SET ? "added" : "removed", names.contents);
        } else {
            printf("%s: %s\n", j->file.shown, run->mode == MODE_REMOVE ? "no progress-ls hooks" : "hooks set up");
        }
        json_file_save(run, j, changed);
    }
    array_delete(&names);
}

/* Sets, checks or removes mcpServers["progress-ls"] (Claude Code's .mcp.json and ~/.claude.json, Cursor's mcp.json). */
static void mcp_json_apply(Run *run, Agent agent, JsonFile *j)
{
    bool bad = false;
    json_t *servers = member(run, j, j->root, "mcpServers", false, run->mode == MODE_SET, &bad);
    if (bad)
        return;
    json_t *ours = agent == AGENT_CLAUDE
                       ? json_pack("{s:s, s:s, s:[s]}", "type", "stdio", "command", "progress-ls", "args", "mcp")
                       : json_pack("{s:s, s:[s]}", "command", "progress-ls", "args", "mcp");
    json_t *have = json_object_get(servers, server_name);
    bool changed = false;
    if (run->mode == MODE_SET && !have) {
        json_object_set(servers, server_name, ours);
        changed = true;
        printf("%s: added the MCP server %s\n", j->file.shown, server_name);
    } else if (run->mode == MODE_REMOVE && have && json_equal(have, ours)) {
        json_object_del(servers, server_name);
        if (json_object_size(servers) == 0)
            json_object_del(j->root, "mcpServers");
        changed = true;
        printf("%s: removed the MCP server %s\n", j->file.shown, server_name);
    } else if (run->mode == MODE_CHECK && !have) {
        printf("%s: missing the MCP server %s\n", j->file.shown, server_name);
        if (run->status == SETUP_OK)
            run->status = SETUP_MISSING;
    } else if (run->mode == MODE_REMOVE && have) {
        printf("%s: the MCP server %s is not the one setup writes; left as it is\n", j->file.shown, server_name);
    } else {
        printf("%s: %s\n", j->file.shown, run->mode == MODE_REMOVE ? "no progress-ls MCP server" : "MCP server set up");
    }
    json_decref(ours);
    json_file_save(run, j, changed);
}

/* ---------------------------------------------------------------- marked blocks in text files */

/* Where the marked block [begin, end) is in `text`: its first and one-past-last byte; false when absent. */
static bool block_find(const char *text, size_t len, const char *begin, const char *end, size_t *from, size_t *to)
{
    if (!text)
        return false;
    const char *b = NULL;
    for (const char *p = text; p < text + len; p = memchr(p, '\n', (size_t)(text + len - p)), p = p ? p + 1 : text + len)
        if ((size_t)(text + len - p) >= strlen(begin) && memcmp(p, begin, strlen(begin)) == 0) {
            b = p;
            break;
        }
    if (!b)
        return false;
    const char *e = NULL;
    for (const char *p = b; p < text + len; p = memchr(p, '\n', (size_t)(text + len - p)), p = p ? p + 1 : text + len)
        if ((size_t)(text + len - p) >= strlen(end) && memcmp(p, end, strlen(end)) == 0) {
            e = p + strlen(end);
            break;
        }
    if (!e)
        return false;
    *from = (size_t)(b - text);
    *to = (size_t)(e - text);
    return true;
}

/*
 * Sets, checks or removes the block begin + body + end at the end of the text file `rel`. Set appends it after
 * one blank line (none in an empty file); remove takes out the block and that blank line, and deletes a file
 * left empty.
 */
static void block_apply(Run *run, const char *base, const char *rel, const char *shown_base, const char *what,
                        const char *begin, const char *body, const char *end,
                        int (*problem)(const char *text, size_t len, const char **why))
{
    File f;
    file_init(&f, base, rel, shown_base);
    if (file_load(run, &f) < 0) {
        file_destroy(&f);
        return;
    }
    const char *why = NULL;
    int line = problem && f.text ? problem(f.text, f.len, &why) : 0;
    if (line > 0) {
        fail(run, "%s:%d: %s; left as it is", f.shown, line, why);
        file_destroy(&f);
        return;
    }
    size_t from, to;
    bool have = block_find(f.text, f.len, begin, end, &from, &to);
    if (run->mode == MODE_CHECK) {
        printf("%s: %s %s\n", f.shown, have ? "has" : "missing", what);
        if (!have && run->status == SETUP_OK)
            run->status = SETUP_MISSING;
    } else if (run->mode == MODE_SET && !have) {
        const char *sep = f.len == 0 ? "" : f.text[f.len - 1] == '\n' ? "\n" : "\n\n";
        char *bytes = core_xasprintf("%.*s%s%s%s%s", (int)f.len, f.text ? f.text : "", sep, begin, body, end);
        if (file_save(run, &f, bytes, strlen(bytes)) == 0)
            printf("%s: added %s\n", f.shown, what);
        free(bytes);
    } else if (run->mode == MODE_REMOVE && have) {
        if (from >= 2 && f.text[from - 1] == '\n' && f.text[from - 2] == '\n')
            from--; /* the blank line set put before it */
        else if (from == 1 && f.text[0] == '\n')
            from = 0;
        char *bytes = core_xasprintf("%.*s%.*s", (int)from, f.text, (int)(f.len - to), f.text + to);
        if (file_save(run, &f, *bytes ? bytes : NULL, strlen(bytes)) == 0)
            printf("%s: removed %s\n", f.shown, what);
        free(bytes);
    } else {
        printf("%s: %s %s\n", f.shown, have ? "has" : "no", what);
    }
    file_destroy(&f);
}

/*
 * A light check of TOML (not a parser): each line outside multi-line strings and arrays is blank, a comment, a
 * `[table]` or `[[array]]` header, or `key = value`. Returns 0, or the 1-based line of the first problem.
 */
static int toml_problem(const char *text, size_t len, const char **why)
{
    int line = 1, depth = 0;
    const char *multi = NULL; /* the closing quotes of an open multi-line string */
    for (size_t i = 0; i < len; line++) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        size_t p = i;
        while (p < end && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
            p++;
        bool continuing = multi || depth > 0;
        if (!continuing && p < end && text[p] != '#') {
            if (text[p] == '[') {
                size_t q = end;
                while (q > p && strchr(" \t\r", text[q - 1]))
                    q--;
                const char *hash = memchr(text + p, '#', end - p);
                if (hash) {
                    q = (size_t)(hash - text);
                    while (q > p && strchr(" \t\r", text[q - 1]))
                        q--;
                }
                if (q <= p + 1 || text[q - 1] != ']') {
                    *why = "a table header that does not end with ']'";
                    return line;
                }
                i = end + 1;
                continue;
            }
            const char *eq = memchr(text + p, '=', end - p);
            if (!eq || eq == text + p) {
                *why = "expected `key = value`, a [table] header or a comment";
                return line;
            }
            p = (size_t)(eq - text) + 1;
        }
        /* The value: quotes and brackets, to know whether it goes on past this line. */
        for (size_t k = p; k < end; k++) {
            char c = text[k];
            if (multi) {
                if ((size_t)(end - k) >= 3 && memcmp(text + k, multi, 3) == 0) {
                    k += 2;
                    multi = NULL;
                }
                continue;
            }
            if (c == '#')
                break;
            if ((c == '"' || c == '\'') && end - k >= 3 && text[k + 1] == c && text[k + 2] == c) {
                multi = c == '"' ? "\"\"\"" : "'''";
                k += 2;
            } else if (c == '"' || c == '\'') {
                size_t q = k + 1;
                while (q < end && text[q] != c)
                    q += c == '"' && text[q] == '\\' ? 2 : 1;
                if (q >= end) {
                    *why = "a string that does not end on its line";
                    return line;
                }
                k = q;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (--depth < 0) {
                    *why = "a closing bracket without its opening one";
                    return line;
                }
            }
        }
        i = end + 1;
    }
    if (multi || depth > 0) {
        *why = multi ? "a multi-line string that never ends" : "an array or table that never closes";
        return line - 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- the command */

/* The project: the top of the repository holding the current folder, else the current folder (owned). */
static char *project_folder(void)
{
    const char *args[] = {"rev-parse", "--show-toplevel"};
    char *top = NULL;
    size_t len = 0;
    if (lsp_git_output(".", args, 2, 5000, &top, &len) == 0 && len > 1) {
        top[len - 1] = '\0';
        return top;
    }
    free(top);
    return lsp_platform_realpath(".");
}

static void setup_agent(Run *run, Agent agent, const char *base, const char *shown_base, bool user, bool agents_md)
{
    static const char *const folders[AGENT_COUNT] = {".claude", ".codex", ".cursor"};
    char *hooks_rel = core_xasprintf("%s/%s", folders[agent], agent == AGENT_CLAUDE ? "settings.json" : "hooks.json");
    JsonFile j;
    if (json_file_load(run, &j, base, hooks_rel, shown_base) == 0) {
        if (agent == AGENT_CLAUDE)
            hooks_apply(run, agent, &j, claude_hooks, sizeof claude_hooks / sizeof claude_hooks[0]);
        else if (agent == AGENT_CODEX)
            hooks_apply(run, agent, &j, codex_hooks, sizeof codex_hooks / sizeof codex_hooks[0]);
        else
            hooks_apply(run, agent, &j, cursor_hooks, sizeof cursor_hooks / sizeof cursor_hooks[0]);
    }
    json_file_destroy(&j);
    free(hooks_rel);

    if (agent == AGENT_CODEX) {
        block_apply(run, base, ".codex/config.toml", shown_base, "the MCP server progress-ls", toml_begin, toml_body,
                    toml_end, toml_problem);
    } else {
        const char *mcp_rel = agent == AGENT_CURSOR ? ".cursor/mcp.json" : user ? ".claude.json" : ".mcp.json";
        if (json_file_load(run, &j, base, mcp_rel, shown_base) == 0)
            mcp_json_apply(run, agent, &j);
        json_file_destroy(&j);
    }

    if (agents_md) {
        const char *md = agent == AGENT_CLAUDE ? (user ? ".claude/CLAUDE.md" : "CLAUDE.md")
                                               : (user ? ".codex/AGENTS.md" : "AGENTS.md");
        if (user && agent == AGENT_CURSOR)
            say("--agents-md: Cursor keeps no user-wide AGENTS.md (its user rules live in its settings); skipped");
        else
            block_apply(run, base, md, shown_base, "the progress-ls paragraph", paragraph_begin, paragraph,
                        paragraph_end, NULL);
    }
}

int lsp_setup_main(int argc, char **argv)
{
    int agent = -1;
    bool user = false, agents_md = false;
    Run run = {MODE_SET, SETUP_OK};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return SETUP_OK;
        } else if (strcmp(a, "--user") == 0) {
            user = true;
        } else if (strcmp(a, "--agents-md") == 0) {
            agents_md = true;
        } else if (strcmp(a, "--check") == 0 || strcmp(a, "--remove") == 0) {
            Mode m = a[2] == 'c' ? MODE_CHECK : MODE_REMOVE;
            if (run.mode != MODE_SET && run.mode != m) {
                say("--check and --remove exclude each other (progress-ls setup --help)");
                return SETUP_ERROR;
            }
            run.mode = m;
        } else if (agent < 0 && a[0] != '-') {
            agent = lsp_agent_of(a);
            if (agent < 0) {
                say("unknown agent \"%s\": use claude, codex or cursor (progress-ls setup --help)", a);
                return SETUP_ERROR;
            }
        } else {
            say("unknown argument \"%s\" (progress-ls setup --help)", a);
            return SETUP_ERROR;
        }
    }
    if (agent < 0) {
        say("which agent? progress-ls setup claude|codex|cursor [--user] [--check|--remove] [--agents-md]");
        return SETUP_ERROR;
    }
    char *base;
    const char *shown_base;
    if (user) {
        const char *home = getenv("HOME");
        if (!home || !*home) {
            say("--user needs HOME set");
            return SETUP_ERROR;
        }
        base = core_xstrndup(home, strlen(home));
        shown_base = "~/";
    } else {
        base = project_folder();
        if (!base) {
            say("cannot resolve the current folder: %s", strerror(errno));
            return SETUP_ERROR;
        }
        shown_base = "";
    }
    setup_agent(&run, (Agent)agent, base, shown_base, user, agents_md);
    free(base);
    fflush(stdout);
    return run.status;
}
