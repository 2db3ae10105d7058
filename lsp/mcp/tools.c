/* tools.c — the MCP tools: the progress file's state, findings and briefing, and the writes, each behind a stamp. */
#include "mcp/tools.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/check.h"
#include "cli/prime.h"
#include "index/root.h"
#include "mcp/write.h"
#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/hash.h"
#include "support/files.h"

enum { GIT_TIMEOUT_MS = 10000, CHANGED_SHOWN = 50 };

/* ---------------------------------------------------------------- definitions */

#define PATH_ARG "\"path\":{\"type\":\"string\",\"description\":\"progress file or folder; default: the project's\"}"
#define STAMP_ARG "\"stamp\":{\"type\":\"string\",\"description\":\"from state: refused if the file changed since\"}"
#define WRITE_OUT                                                                                                      \
    "{\"type\":\"object\",\"properties\":{\"file\":{\"type\":\"string\"},\"stamp\":{\"type\":\"string\"},"             \
    "\"changed\":{\"type\":\"boolean\"}},\"required\":[\"file\",\"stamp\",\"changed\"]}"

typedef json_t *(*ToolRun)(LspMcpKept *k, const json_t *args);

static json_t *run_state(LspMcpKept *k, const json_t *args);
static json_t *run_check(LspMcpKept *k, const json_t *args);
static json_t *run_prime(LspMcpKept *k, const json_t *args);
static json_t *run_edit(LspMcpKept *k, const json_t *args);
static json_t *run_finish(LspMcpKept *k, const json_t *args);

/* One row per tool; the JSON is parsed once per tools/list (and per call, for the argument check). */
static const struct {
    const char *name, *title, *description;
    const char *input, *output;
    bool read_only;
    ToolRun run;
} tools[] = {
    {"state", "Progress state",
     "The progress file parsed (next task, blockers, phase, files to modify, any dialect) with git and "
     "feature_list.json/prd.json evidence and its errors; `stamp` is what edit and finish need.",
     "{\"type\":\"object\",\"properties\":{" PATH_ARG "},\"additionalProperties\":false}",
     "{\"type\":\"object\",\"properties\":{\"file\":{\"type\":\"string\"},\"stamp\":{\"type\":\"string\"},"
     "\"dialect\":{\"type\":\"string\"},\"nextTask\":{\"type\":\"string\"},\"blockers\":{\"type\":\"string\"},"
     "\"phase\":{\"type\":\"string\"},\"lastCompleted\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"},"
     "\"newestEntry\":{\"type\":\"string\"},"
     "\"filesToModify\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
     "\"features\":{\"type\":\"object\",\"properties\":{\"source\":{\"type\":\"string\"},"
     "\"passing\":{\"type\":\"integer\"},\"total\":{\"type\":\"integer\"},\"nextFailing\":{\"type\":\"string\"},"
     "\"error\":{\"type\":\"string\"}},\"required\":[\"source\"]},"
     "\"git\":{\"type\":\"object\",\"properties\":{\"repository\":{\"type\":\"boolean\"},"
     "\"committed\":{\"type\":\"boolean\"},\"commitsSince\":{\"type\":\"integer\"},\"ownEdits\":{\"type\":\"boolean\"},"
     "\"changed\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"changedTotal\":{\"type\":\"integer\"}},"
     "\"required\":[\"repository\"]},"
     "\"errors\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"line\":{\"type\":\"integer\"},"
     "\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}},\"required\":[\"line\",\"code\",\"message\"]}}},"
     "\"required\":[\"file\",\"stamp\",\"dialect\",\"filesToModify\",\"git\",\"errors\"]}",
     true, run_state},
    {"check", "Check the progress file",
     "Every finding in the progress file (format, git evidence, feature counts), as `progress-ls check --git`.",
     "{\"type\":\"object\",\"properties\":{" PATH_ARG "},\"additionalProperties\":false}",
     "{\"type\":\"object\",\"properties\":{\"file\":{\"type\":\"string\"},\"findings\":{\"type\":\"array\",\"items\":"
     "{\"type\":\"object\",\"properties\":{\"line\":{\"type\":\"integer\"},\"severity\":{\"type\":\"string\"},"
     "\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"}},"
     "\"required\":[\"line\",\"severity\",\"code\",\"message\"]}}},\"required\":[\"file\",\"findings\"]}",
     true, run_check},
    {"prime", "Session briefing",
     "The briefing to read first: where the work stands, in at most `budget` bytes (default 2048).",
     "{\"type\":\"object\",\"properties\":{" PATH_ARG ",\"budget\":{\"type\":\"integer\",\"minimum\":256}},"
     "\"additionalProperties\":false}",
     "{\"type\":\"object\",\"properties\":{\"file\":{\"type\":\"string\"},\"briefing\":{\"type\":\"string\"}},"
     "\"required\":[\"file\",\"briefing\"]}",
     true, run_prime},
    {"edit", "Edit the progress file",
     "set: Session State field `name` to `text`; add: item `text` to section `name`; move: Files item `text` "
     "(path or words) to section `name` (default: the other Files section). Refused if the file changed since "
     "`stamp` or the edit adds an error.",
     "{\"type\":\"object\",\"properties\":{\"op\":{\"enum\":[\"set\",\"add\",\"move\"]},\"name\":{\"type\":\"string\"},"
     "\"text\":{\"type\":\"string\"}," STAMP_ARG "," PATH_ARG "},\"required\":[\"op\",\"text\",\"stamp\"],"
     "\"additionalProperties\":false}",
     WRITE_OUT, false, run_edit},
    {"finish", "Finish the task",
     "Next task into Last completed, done Files To Modify items into Files Modified, phase X+1; then Next task "
     "= `next` when given. Refused if the file changed since `stamp`.",
     "{\"type\":\"object\",\"properties\":{\"next\":{\"type\":\"string\"}," STAMP_ARG "," PATH_ARG "},"
     "\"required\":[\"stamp\"],\"additionalProperties\":false}",
     WRITE_OUT, false, run_finish},
};

enum { TOOL_COUNT = sizeof tools / sizeof tools[0] };

static json_t *parse(const char *json)
{
    return json_loads(json, 0, NULL);
}

json_t *lsp_mcp_tools_list(void)
{
    json_t *list = json_array();
    for (size_t i = 0; i < TOOL_COUNT; i++) {
        /* Writes change one file and only add to it what was asked: not destructive; a repeat is refused (stale). */
        json_t *annotations = tools[i].read_only
                                  ? json_pack("{s:b,s:b}", "readOnlyHint", true, "openWorldHint", false)
                                  : json_pack("{s:b,s:b,s:b,s:b}", "readOnlyHint", false, "destructiveHint", false,
                                              "idempotentHint", false, "openWorldHint", false);
        json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "name", tools[i].name, "title",
                                              tools[i].title, "description", tools[i].description, "inputSchema",
                                              parse(tools[i].input), "outputSchema", parse(tools[i].output),
                                              "annotations", annotations));
    }
    return list;
}

/* ---------------------------------------------------------------- arguments */

/* The subset of JSON Schema the input schemas above use: object, properties, required, additionalProperties,
 * type string/integer, enum, minimum. Returns NULL, or what is wrong (owned). */
static char *schema_error(const json_t *schema, const json_t *args)
{
    if (!json_is_object(args))
        return core_xasprintf("the arguments must be an object");
    const json_t *props = json_object_get(schema, "properties");
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)args, key, value)
    {
        const json_t *p = json_object_get(props, key);
        if (!p)
            return core_xasprintf("unknown property '%s'", key);
        const char *type = json_string_value(json_object_get(p, "type"));
        if (type && strcmp(type, "string") == 0 && !json_is_string(value))
            return core_xasprintf("'%s' must be a string", key);
        if (type && strcmp(type, "integer") == 0 && !json_is_integer(value))
            return core_xasprintf("'%s' must be an integer", key);
        const json_t *min = json_object_get(p, "minimum");
        if (min && json_integer_value(value) < json_integer_value(min))
            return core_xasprintf("'%s' must be at least %" JSON_INTEGER_FORMAT, key, json_integer_value(min));
        const json_t *choices = json_object_get(p, "enum");
        if (choices) {
            bool found = false;
            size_t i;
            json_t *c;
            json_array_foreach(choices, i, c) found = found || json_equal(c, value);
            if (!found)
                return core_xasprintf("'%s' must be one of the values its schema lists", key);
        }
    }
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(schema, "required"), i, r) if (!json_object_get(args, json_string_value(r)))
        return core_xasprintf("missing required property '%s'", json_string_value(r));
    return NULL;
}

static const char *arg(const json_t *args, const char *key)
{
    return json_string_value(json_object_get(args, key));
}

/* ---------------------------------------------------------------- results */

/* A result with `structured` (stolen) as structuredContent and, as the spec asks, its JSON as text. */
static json_t *result_take(json_t *structured)
{
    char *text = json_dumps(structured, JSON_COMPACT);
    json_t *r = json_pack("{s:[{s:s,s:s}],s:o}", "content", "type", "text", "text", text ? text : "", "structuredContent",
                          structured);
    free(text);
    return r;
}

/* A tool execution error the model can act on: the sentence (stolen) as text, isError: true. */
static json_t *error_take(char *message)
{
    json_t *r = json_pack("{s:[{s:s,s:s}],s:b}", "content", "type", "text", "text", message, "isError", true);
    free(message);
    return r;
}

/* ---------------------------------------------------------------- the file and its stamp */

/*
 * The progress file `path` (NULL: the project's) names inside `root`: its real path (owned), and in `*shown` its
 * path relative to root (owned); or NULL with the reason in `*error` (owned).
 */
static char *resolve(const char *root, const char *path, char **shown, char **error)
{
    char *real = lsp_platform_realpath(path ? path : root);
    if (!real) {
        *error = core_xasprintf("cannot read %s: no such file or folder", path);
        return NULL;
    }
    char *top = NULL, *file = NULL;
    if (lsp_root_under(real, root))
        file = lsp_prime_locate(real, &top, error);
    else
        *error = core_xasprintf("%s is outside the project %s", path, root);
    free(real);
    free(top);
    if (file && !lsp_root_under(file, root)) {
        *error = core_xasprintf("%s is outside the project %s", file, root);
        free(file);
        return NULL;
    }
    if (file) {
        size_t n = strlen(root);
        const char *rel = file[n] == '/' ? file + n + 1 : file + n;
        *shown = core_xstrndup(rel, strlen(rel));
    }
    return file;
}

/* The token a write must present: the file's identity, size, modification time and a hash of its bytes. */
static char *stamp_text(const LspFileStamp *st, const char *text, size_t len)
{
    return core_xasprintf("%" PRIx64 "-%" PRIx64 "-%" PRIx64 "-%" PRIx64 "-%08" PRIx32, st->dev, st->ino, st->size,
                          (uint64_t)st->mtime_ns, core_fnv1a(text, len));
}

/* Reads `file` with its stamp: the text (owned) or NULL with the reason in `*error`. */
static char *read_stamped(const char *file, const char *shown, size_t *len, LspFileStamp *st, char **stamp,
                          char **error)
{
    char *text = NULL;
    int rc = lsp_file_read(file, LSP_FILE_CAP, &text, len, st);
    if (rc < 0) {
        *error = core_xasprintf("cannot read %s: %s", shown, lsp_file_strerror(rc));
        return NULL;
    }
    *stamp = stamp_text(st, text, *len);
    return text;
}

/* ---------------------------------------------------------------- read-only tools */

static void set_string(json_t *obj, const char *key, const char *value)
{
    if (value)
        json_object_set_new(obj, key, json_string(value));
}

static json_t *features_json(const LspPrime *p)
{
    if (!p->has_evidence)
        return NULL;
    bool list = p->ev.feature_state != CORE_FEATURES_NONE;
    const LspFeatureList *f = list ? &p->evidence->features : &p->evidence->prd.counts;
    if (f->state == CORE_FEATURES_NONE)
        return NULL;
    json_t *out = json_pack("{s:s}", "source", list ? LSP_FEATURE_LIST : LSP_PRD);
    if (f->state == CORE_FEATURES_MALFORMED) {
        set_string(out, "error", f->error);
        return out;
    }
    json_object_set_new(out, "passing", json_integer(f->passing));
    json_object_set_new(out, "total", json_integer(f->total));
    if (f->next_failing[0])
        set_string(out, "nextFailing", f->next_failing);
    return out;
}

static json_t *git_json(const LspPrime *p)
{
    const CoreEvidence *ev = &p->ev;
    if (!p->has_evidence || !ev->git)
        return json_pack("{s:b}", "repository", false);
    LspPrimeChanged code;
    lsp_prime_changed(p, &code);
    json_t *changed = json_array();
    for (size_t i = 0; i < code.count && i < CHANGED_SHOWN; i++)
        json_array_append_new(changed, json_string(code.paths[i]));
    json_t *out = json_pack("{s:b,s:b,s:i,s:b,s:o,s:I}", "repository", true, "committed", ev->has_base,
                            "commitsSince", (int)ev->commits_after, "ownEdits", code.self, "changed", changed,
                            "changedTotal", (json_int_t)code.total);
    return out;
}

static json_t *errors_json(const LspCheckFile *f)
{
    json_t *out = json_array();
    for (uint32_t i = 0; i < f->findings.size; i++) {
        const LspFinding *d = &f->findings.contents[i];
        if (d->severity == CORE_SEV_ERROR && strcmp(d->code, "not-progress-format") != 0)
            json_array_append_new(out, json_pack("{s:i,s:s,s:s}", "line", (int)d->range.start.line + 1, "code",
                                                 d->code, "message", d->message));
    }
    return out;
}

/* Reads the file `args` names for a read-only tool: 0, or -1 with the tool error in `*out`. */
static int read_prime(LspMcpKept *k, const json_t *args, LspPrime *p, char **stamp, json_t **out)
{
    char *shown = NULL, *error = NULL;
    char *file = resolve(lsp_mcp_kept_root(k), arg(args, "path"), &shown, &error);
    memset(p, 0, sizeof *p);
    *stamp = NULL;
    if (file) {
        /* Stamped before it is parsed: a change in between makes the stamp stale, never the other way round. */
        size_t len;
        LspFileStamp st;
        free(read_stamped(file, shown, &len, &st, stamp, &error));
        if (*stamp && lsp_prime_read(p, file, GIT_TIMEOUT_MS, lsp_mcp_kept_evidence(k, file), &error) == 0) {
            free(p->shown);
            p->shown = core_xstrndup(shown, strlen(shown));
        }
    }
    free(file);
    free(shown);
    if (!error)
        return 0;
    free(*stamp);
    *stamp = NULL;
    *out = error_take(error);
    return -1;
}

static json_t *run_state(LspMcpKept *k, const json_t *args)
{
    LspPrime p;
    char *stamp;
    json_t *out = NULL;
    if (read_prime(k, args, &p, &stamp, &out) == 0) {
        const LspPrimeState *s = &p.state;
        json_t *st = json_pack("{s:s,s:s,s:s}", "file", p.shown, "stamp", stamp, "dialect", s->dialect);
        set_string(st, "nextTask", s->next_task);
        set_string(st, "blockers", s->blockers);
        set_string(st, "phase", s->phase);
        set_string(st, "lastCompleted", s->last_completed);
        set_string(st, "status", s->status);
        set_string(st, "newestEntry", s->newest_entry);
        json_t *files = json_array();
        for (uint32_t i = 0; i < s->to_modify.size; i++)
            json_array_append_new(files, json_string(s->to_modify.contents[i]));
        json_object_set_new(st, "filesToModify", files);
        json_t *features = features_json(&p);
        if (features)
            json_object_set_new(st, "features", features);
        json_object_set_new(st, "git", git_json(&p));
        json_object_set_new(st, "errors", errors_json(&p.file));
        out = result_take(st);
    }
    free(stamp);
    lsp_prime_destroy(&p);
    return out;
}

static const char *severity_name(CoreSeverity s)
{
    return s == CORE_SEV_ERROR ? "error" : s == CORE_SEV_WARNING ? "warning" : s == CORE_SEV_INFO ? "info" : "hint";
}

static json_t *run_check(LspMcpKept *k, const json_t *args)
{
    char *shown = NULL, *error = NULL;
    char *file = resolve(lsp_mcp_kept_root(k), arg(args, "path"), &shown, &error);
    if (!file)
        return error_take(error);
    LspCheckOptions opts = {.git = true, .kept = lsp_mcp_kept_evidence(k, file)};
    LspCheckFile f;
    json_t *out;
    if (lsp_check_file_load(&f, file, &opts) != 0) {
        out = error_take(core_xasprintf("cannot read %s or its settings file", shown));
    } else {
        json_t *findings = json_array();
        for (uint32_t i = 0; i < f.findings.size; i++) {
            const LspFinding *d = &f.findings.contents[i];
            json_array_append_new(findings, json_pack("{s:i,s:s,s:s,s:s}", "line", (int)d->range.start.line + 1,
                                                      "severity", severity_name(d->severity), "code", d->code,
                                                      "message", d->message));
        }
        out = result_take(json_pack("{s:s,s:o}", "file", shown, "findings", findings));
    }
    lsp_check_file_destroy(&f);
    free(file);
    free(shown);
    return out;
}

static json_t *run_prime(LspMcpKept *k, const json_t *args)
{
    LspPrime p;
    char *stamp;
    json_t *out = NULL;
    if (read_prime(k, args, &p, &stamp, &out) == 0) {
        json_int_t budget = json_integer_value(json_object_get(args, "budget"));
        char *text = lsp_prime_text(&p, budget > 0 ? (size_t)budget : LSP_PRIME_BUDGET, NULL);
        out = result_take(json_pack("{s:s,s:s}", "file", p.shown, "briefing", text));
        free(text);
    }
    free(stamp);
    lsp_prime_destroy(&p);
    return out;
}

/* ---------------------------------------------------------------- writes */

/* The errors `after` has beyond `before`'s count, one line each, for the refusal. Owned. */
static char *new_errors(const CoreDoc *after)
{
    CoreDiagList list;
    core_diagnose(after, NULL, &list);
    Array(char) out = {0};
    for (size_t i = 0; i < list.count; i++) {
        if (list.items[i].severity != CORE_SEV_ERROR)
            continue;
        char *line = core_xasprintf("\nline %u: %s [%s]", list.items[i].range.start.line + 1, list.items[i].message,
                                    core_diag_code_name(list.items[i].code));
        array_extend(&out, (uint32_t)strlen(line), line);
        free(line);
    }
    core_diag_list_free(&list);
    array_push(&out, '\0');
    return out.contents;
}

/*
 * The write tools' one path: re-read the file, refuse a stale stamp, apply the change to the model, refuse one that
 * adds an error, replace the file atomically unless it changed meanwhile, answer with the new stamp.
 */
static json_t *write_op(LspMcpKept *k, const json_t *args, LspWriteOp op, const char *name, const char *text)
{
    char *shown = NULL, *error = NULL, *stamp = NULL;
    char *file = resolve(lsp_mcp_kept_root(k), arg(args, "path"), &shown, &error);
    size_t len = 0;
    LspFileStamp st;
    char *old = file ? read_stamped(file, shown, &len, &st, &stamp, &error) : NULL;
    CoreDoc *doc = NULL;
    json_t *out = NULL;
    if (!old)
        goto done;
    if (strcmp(stamp, arg(args, "stamp")) != 0) {
        error = core_xasprintf("%s changed since the state you read (stamp %s, now %s): call state again and redo "
                               "the change on what the file says now", shown, arg(args, "stamp"), stamp);
        goto done;
    }
    doc = core_doc_new(old, len);
    size_t before = lsp_write_error_count(doc);
    if (lsp_write_apply(doc, op, name, text, &error) != 0)
        goto done;
    size_t new_len;
    char *bytes = core_doc_text(doc, &new_len);
    bool changed = new_len != len || memcmp(bytes, old, len) != 0;
    if (changed && lsp_write_error_count(doc) > before) {
        char *errors = new_errors(doc);
        error = core_xasprintf("refused: the edit would add an error to %s; the file is unchanged. With the edit:%s",
                               shown, errors);
        free(errors);
    } else if (changed) {
        int rc = lsp_file_write(file, bytes, new_len, &st);
        if (rc == UV_EAGAIN)
            error = core_xasprintf("%s changed while the edit was made: call state again", shown);
        else if (rc < 0)
            error = core_xasprintf("cannot write %s: %s", shown, lsp_file_strerror(rc));
        free(stamp);
        stamp = NULL;
        free(old);
        old = rc < 0 ? NULL : read_stamped(file, shown, &len, &st, &stamp, &error);
    }
    free(bytes);
    if (!error)
        out = result_take(json_pack("{s:s,s:s,s:b}", "file", shown, "stamp", stamp, "changed", changed));
done:
    core_doc_free(doc);
    free(old);
    free(stamp);
    free(file);
    free(shown);
    return out ? out : error_take(error);
}

static json_t *run_edit(LspMcpKept *k, const json_t *args)
{
    const char *op = arg(args, "op");
    LspWriteOp w = strcmp(op, "set") == 0 ? LSP_WRITE_SET : strcmp(op, "add") == 0 ? LSP_WRITE_ADD : LSP_WRITE_MOVE;
    return write_op(k, args, w, arg(args, "name"), arg(args, "text"));
}

static json_t *run_finish(LspMcpKept *k, const json_t *args)
{
    return write_op(k, args, LSP_WRITE_FINISH, NULL, arg(args, "next"));
}

/* ---------------------------------------------------------------- the call */

json_t *lsp_mcp_tool_call(LspMcpKept *k, const char *name, const json_t *args, char **message)
{
    *message = NULL;
    for (size_t i = 0; i < TOOL_COUNT; i++) {
        if (!name || strcmp(name, tools[i].name) != 0)
            continue;
        json_t *schema = parse(tools[i].input), *empty = json_object();
        char *wrong = schema_error(schema, args ? args : empty);
        json_decref(schema);
        json_t *out = NULL;
        if (wrong)
            *message = core_xasprintf("Invalid arguments for tool %s: %s", name, wrong);
        else
            out = tools[i].run(k, args ? args : empty);
        free(wrong);
        json_decref(empty);
        return out;
    }
    *message = core_xasprintf("Unknown tool: %s", name ? name : "(none)");
    return NULL;
}
