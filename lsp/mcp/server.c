/* server.c — the MCP server's loop and protocol: newline-delimited JSON-RPC on stdio, modern and legacy revisions. */
#define _XOPEN_SOURCE 700 /* getline() */
#include "mcp/server.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/prime.h"
#include "mcp/tools.h"
#include "platform/platform.h"
#include "progress/alloc.h"
#include "support/files.h"
#include "support/jsonrpc.h"

/*
 * Plain blocking stdio, not libuv: the protocol is one request answered after the other (a tool call's git runs on
 * the evidence reader's own private loop), there is nothing to watch between requests, and a blocking getline is the
 * simplest loop that can never write anything to stdout but a whole message.
 */

static const char help[] =
    "usage: progress-ls mcp\n"
    "\n"
    "A Model Context Protocol server on stdin/stdout (one JSON-RPC message per line; nothing else is ever\n"
    "written to stdout) for the progress file of the project it runs in: the git repository holding the current\n"
    "folder. Agents start it (docs/agents.md shows the configuration); nothing outside the project is read.\n"
    "\n"
    "Protocol revisions: 2026-07-28 (server/discover; every request carries its version in _meta) and\n"
    "2025-11-25 (initialize first; 2025-06-18 is accepted too).\n"
    "\n"
    "Tools:\n"
    "  state   the parsed state (next task, blockers, phase, files to modify) with git and feature evidence,\n"
    "          the file's errors, and the stamp the writes need (read-only)\n"
    "  check   every finding, as `progress-ls check --git` (read-only)\n"
    "  prime   the session briefing, as `progress-ls prime` (read-only)\n"
    "  edit    set a Session State field, add an item to a section, move a Files item\n"
    "  finish  finish the task: Next task into Last completed, done files to Files Modified, phase + 1\n"
    "Writes re-read the file and are refused when it changed since the stamp or when the edit would add an\n"
    "error; they keep the file's line endings and every other byte and replace the file atomically.\n";

static const char instructions[] =
    "This project keeps its working memory in a progress file. Call `prime` first in a session for where the work "
    "stands. `state` gives the parsed file with a `stamp`; `edit` (set a field, add or move an item) and `finish` "
    "(close the task) change the file and need that stamp. Update the file after each milestone and before "
    "stopping.";

static const char *const modern[] = {"2026-07-28"};
static const char *const legacy[] = {"2025-11-25", "2025-06-18"};

enum {
    MCP_UNSUPPORTED_VERSION = -32022, /* UnsupportedProtocolVersionError (2026-07-28) */
    LIST_TTL_MS = 3600000, /* the tools and the server's identity change only with the binary */
};

typedef struct {
    LspMcpKept *kept; /* the project and the evidence kept between tool calls */
    bool initialized; /* a 2025-11-25 client said initialize: requests without _meta are legacy */
} Mcp;

/* ---------------------------------------------------------------- output */

/* Writes `msg` (stolen) as one line. */
static void send_take(json_t *msg)
{
    char *text = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (text) {
        fputs(text, stdout);
        fputc('\n', stdout);
        fflush(stdout);
    }
    free(text);
}

static void reply(const json_t *id, json_t *result)
{
    send_take(json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

/* An error answer; `id` NULL when the request's could not be read; `data` stolen, may be NULL. */
static void reply_error(const json_t *id, int code, const char *message, json_t *data)
{
    json_t *error = json_pack("{s:i,s:s}", "code", code, "message", message);
    if (data)
        json_object_set_new(error, "data", data);
    json_t *null = json_null();
    send_take(json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : null, "error", error));
    json_decref(null);
}

static json_t *server_info(void)
{
    return json_pack("{s:s,s:s,s:s}", "name", "progress-ls", "title", "progress-ls", "version", PROGRESS_VERSION);
}

static json_t *versions(void)
{
    json_t *all = json_array();
    for (size_t i = 0; i < sizeof modern / sizeof *modern; i++)
        json_array_append_new(all, json_string(modern[i]));
    json_array_append_new(all, json_string(legacy[0]));
    return all;
}

static bool listed(const char *const *list, size_t n, const char *v)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

/* ---------------------------------------------------------------- methods */

static void not_found(const json_t *id, const char *method)
{
    char *why = core_xasprintf("Method not found: %s", method);
    reply_error(id, LSP_ERR_METHOD_NOT_FOUND, why, NULL);
    free(why);
}

/* tools/call in either revision: the result, or a protocol error already sent (NULL). */
static json_t *call_tool(const Mcp *m, const json_t *id, const json_t *params)
{
    const json_t *name = json_object_get(params, "name"), *args = json_object_get(params, "arguments");
    if (!json_is_string(name)) {
        reply_error(id, LSP_ERR_INVALID_PARAMS, "tools/call needs params.name, the tool's name", NULL);
        return NULL;
    }
    if (args && !json_is_object(args) && !json_is_null(args)) {
        reply_error(id, LSP_ERR_INVALID_PARAMS, "tools/call params.arguments must be an object", NULL);
        return NULL;
    }
    char *message;
    json_t *result = lsp_mcp_tool_call(m->kept, json_string_value(name), json_is_object(args) ? args : NULL, &message);
    if (!result) {
        reply_error(id, LSP_ERR_INVALID_PARAMS, message, NULL);
        free(message);
    }
    return result;
}

/* tools/list and tools/call, what both revisions serve: the result, or NULL when an error was sent instead. */
static json_t *tools_method(const Mcp *m, const json_t *id, const char *method, const json_t *params)
{
    if (strcmp(method, "tools/list") == 0)
        return json_pack("{s:o}", "tools", lsp_mcp_tools_list());
    if (strcmp(method, "tools/call") == 0)
        return call_tool(m, id, params);
    not_found(id, method);
    return NULL;
}

/* A request carrying `io.modelcontextprotocol/protocolVersion` in _meta: served statelessly, as 2026-07-28 says. */
static void modern_request(const Mcp *m, const json_t *id, const char *method, const json_t *params,
                           const json_t *meta)
{
    const json_t *version = json_object_get(meta, "io.modelcontextprotocol/protocolVersion");
    if (!json_is_string(version) || !listed(modern, sizeof modern / sizeof *modern, json_string_value(version))) {
        reply_error(id, MCP_UNSUPPORTED_VERSION, "Unsupported protocol version",
                    json_pack("{s:o,s:O}", "supported", versions(), "requested", version));
        return;
    }
    if (!json_is_object(json_object_get(meta, "io.modelcontextprotocol/clientCapabilities"))) {
        reply_error(id, LSP_ERR_INVALID_PARAMS,
                    "missing the required _meta field io.modelcontextprotocol/clientCapabilities (an object)", NULL);
        return;
    }
    json_t *result;
    if (strcmp(method, "server/discover") == 0)
        result = json_pack("{s:o,s:{s:{}},s:s}", "supportedVersions", versions(), "capabilities", "tools",
                           "instructions", instructions);
    else if (!(result = tools_method(m, id, method, params)))
        return;
    if (strcmp(method, "tools/call") != 0) { /* the cacheable results */
        json_object_set_new(result, "ttlMs", json_integer(LIST_TTL_MS));
        json_object_set_new(result, "cacheScope", json_string("public"));
    }
    json_object_set_new(result, "resultType", json_string("complete"));
    json_object_set_new(result, "_meta", json_pack("{s:o}", "io.modelcontextprotocol/serverInfo", server_info()));
    reply(id, result);
}

/* initialize (2025-11-25 and earlier): the client's version when we speak it, else our newest legacy one. */
static void initialize(Mcp *m, const json_t *id, const json_t *params)
{
    const char *asked = json_string_value(json_object_get(params, "protocolVersion"));
    if (!asked) {
        reply_error(id, LSP_ERR_INVALID_PARAMS, "initialize needs params.protocolVersion", NULL);
        return;
    }
    const char *chosen = listed(legacy, sizeof legacy / sizeof *legacy, asked) ? asked : legacy[0];
    m->initialized = true;
    reply(id, json_pack("{s:s,s:{s:{s:b}},s:o,s:s}", "protocolVersion", chosen, "capabilities", "tools",
                        "listChanged", false, "serverInfo", server_info(), "instructions", instructions));
}

/* A request after initialize, without _meta's version: served as 2025-11-25 says. */
static void legacy_request(const Mcp *m, const json_t *id, const char *method, const json_t *params)
{
    json_t *result = tools_method(m, id, method, params);
    if (result)
        reply(id, result);
}

/* ---------------------------------------------------------------- messages */

static void handle(Mcp *m, const json_t *msg)
{
    if (!json_is_object(msg)) {
        reply_error(NULL, LSP_ERR_INVALID_REQUEST,
                    json_is_array(msg) ? "Invalid Request: batches are not part of MCP; send one message per line"
                                       : "Invalid Request: a message is a JSON object",
                    NULL);
        return;
    }
    const json_t *id = json_object_get(msg, "id"), *method = json_object_get(msg, "method");
    const json_t *params = json_object_get(msg, "params");
    bool id_ok = json_is_string(id) || json_is_integer(id);
    if (!method && (json_object_get(msg, "result") || json_object_get(msg, "error")))
        return; /* a response: the server sends no requests, so there is nothing it could answer */
    if (!json_is_string(method) || !json_is_string(json_object_get(msg, "jsonrpc")) ||
        strcmp(json_string_value(json_object_get(msg, "jsonrpc")), "2.0") != 0 || (id && !id_ok)) {
        reply_error(id_ok ? id : NULL, LSP_ERR_INVALID_REQUEST,
                    "Invalid Request: needs \"jsonrpc\": \"2.0\", a string method and a string or integer id", NULL);
        return;
    }
    if (!id)
        return; /* notifications (initialized, cancelled — every request is answered before the next is read) */
    if (params && !json_is_object(params)) {
        reply_error(id, LSP_ERR_INVALID_PARAMS, "params must be an object", NULL);
        return;
    }
    const char *name = json_string_value(method);
    const json_t *meta = json_object_get(params, "_meta");
    if (strcmp(name, "initialize") == 0)
        initialize(m, id, params);
    else if (json_object_get(meta, "io.modelcontextprotocol/protocolVersion"))
        modern_request(m, id, name, params, meta);
    else if (strcmp(name, "ping") == 0)
        reply(id, json_object());
    else if (m->initialized)
        legacy_request(m, id, name, params);
    else
        reply_error(id, LSP_ERR_INVALID_PARAMS,
                    "missing the required _meta field io.modelcontextprotocol/protocolVersion: send it on every request "
                    "(2026-07-28), or initialize first (2025-11-25)",
                    NULL);
}

int lsp_mcp_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return 0;
        }
        fprintf(stderr, "progress-ls mcp: unknown argument \"%s\" (progress-ls mcp --help)\n", argv[i]);
        return 2;
    }
    char *here = lsp_platform_realpath(".");
    if (!here) {
        perror("progress-ls mcp: cannot resolve the current folder");
        return 1;
    }
    char *root = lsp_prime_top(here);
    Mcp m = {.kept = lsp_mcp_kept_new(root)};
    free(root);
    free(here);
    char *line = NULL;
    size_t cap = 0;
    long n;
    while ((n = lsp_platform_getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        size_t blank = strspn(line, " \t");
        if ((size_t)n <= blank)
            continue;
        if ((size_t)n > LSP_FILE_CAP) {
            reply_error(NULL, LSP_ERR_PARSE, "Parse error: a message longer than 16 MiB", NULL);
            continue;
        }
        json_error_t err;
        json_t *msg = json_loadb(line, (size_t)n, 0, &err);
        if (!msg) {
            char *why = core_xasprintf("Parse error: %s (column %d)", err.text, err.column);
            reply_error(NULL, LSP_ERR_PARSE, why, NULL);
            free(why);
            continue;
        }
        handle(&m, msg);
        json_decref(msg);
    }
    free(line);
    lsp_mcp_kept_free(m.kept);
    return 0;
}
