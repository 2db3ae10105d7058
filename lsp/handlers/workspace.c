/* workspace.c — roots, indexing progress, watched files, workspace folders and settings, for one connection. */
#include "handlers/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/diagnostics.h"
#include "support/log.h"
#include "progress/alloc.h"
#include "support/uri.h"
#include "evidence/workstate.h"

/* The progress token's life: asked for, accepted by the client, or not used. */
enum { PROGRESS_NONE = 0, PROGRESS_CREATING, PROGRESS_ACTIVE };

#define SETTINGS_SECTION "progressLs"
#define PROGRESS_TOKEN "progress-ls/indexing"

/* ---------------------------------------------------------------- hooks from the workspace */

static void on_ws_log(void *data, const char *message)
{
    lsp_server_log_message(data, LSP_MESSAGE_WARNING, "%s", message);
}

static void progress_send(LspServer *s, const char *kind, const char *message)
{
    json_t *value = json_pack("{s:s, s:s}", "kind", kind, "message", message);
    if (strcmp(kind, "begin") == 0)
        json_object_set_new(value, "title", json_string("Indexing workspace files"));
    lsp_server_notify_new(s, "$/progress", json_pack("{s:s, s:o}", "token", PROGRESS_TOKEN, "value", value));
}

static void on_progress_created(LspServer *s, const json_t *result, const json_t *error, void *data)
{
    (void)result, (void)data;
    LspWorkspaceState *w = s->workspace;
    if (!w || w->progress_state != PROGRESS_CREATING)
        return;
    if (error) {
        w->progress_state = PROGRESS_NONE;
        return;
    }
    w->progress_state = PROGRESS_ACTIVE;
    progress_send(s, "begin", "listing files");
    if (w->progress_ended) {
        progress_send(s, "end", w->progress_message);
        w->progress_state = PROGRESS_NONE;
    }
}

/* Indexing progress as window/workDoneProgress: the token is created first, and nothing is sent before the client accepts it. */
static void on_ws_progress(void *data, LspWorkspaceProgress phase, const char *message)
{
    LspServer *s = data;
    LspWorkspaceState *w = s->workspace;
    if (phase == LSP_WS_PROGRESS_END) {
        lsp_log(LSP_LOG_INFO, "workspace: %s", message);
        lsp_workstate_index_ready(s);
    }
    if (!w->progress || s->stopping)
        return;
    switch (phase) {
    case LSP_WS_PROGRESS_BEGIN:
        w->progress_ended = false;
        if (w->progress_state == PROGRESS_NONE) {
            w->progress_state = PROGRESS_CREATING;
            lsp_server_request_new(s, "window/workDoneProgress/create", json_pack("{s:s}", "token", PROGRESS_TOKEN),
                               on_progress_created, NULL);
        }
        break;
    case LSP_WS_PROGRESS_REPORT:
        if (w->progress_state == PROGRESS_ACTIVE)
            progress_send(s, "report", message);
        break;
    case LSP_WS_PROGRESS_END:
        snprintf(w->progress_message, sizeof w->progress_message, "%s", message);
        if (w->progress_state == PROGRESS_ACTIVE) {
            progress_send(s, "end", message);
            w->progress_state = PROGRESS_NONE;
        } else {
            w->progress_ended = true;
        }
        break;
    }
}

/* ---------------------------------------------------------------- settings */

static void apply_excludes(LspWorkspaceState *w)
{
    if (w->ws) /* gone once the server is stopping */
        lsp_workspace_set_excludes(w->ws, (const char *const *)w->settings.exclude, w->settings.exclude_count);
}

/* Applies a settings object (borrowed) to the core options and the workspace's, logging what could not apply. */
static void settings_apply(LspServer *s, const json_t *obj)
{
    if (!json_is_object(obj))
        return;
    char *problems[3] = {lsp_settings_apply(&s->settings, obj),
                         lsp_settings_apply_workspace(&s->workspace->settings, obj),
                         lsp_workstate_settings_apply(s, obj)};
    for (int i = 0; i < 3; i++) {
        if (problems[i])
            lsp_server_log_message(s, LSP_MESSAGE_WARNING, "%s", problems[i]);
        free(problems[i]);
    }
    apply_excludes(s->workspace);
}

static void on_configuration(LspServer *s, const json_t *result, const json_t *error, void *data)
{
    (void)data;
    if (!s->workspace || error || !json_is_array(result))
        return;
    settings_apply(s, json_array_get(result, 0));
    lsp_diagnostics_refresh(s, s->workspace->diag_refresh);
}

static void configuration_pull(LspServer *s)
{
    lsp_server_request_new(s, "workspace/configuration", json_pack("{s:[{s:s}]}", "items", "section", SETTINGS_SECTION),
                       on_configuration, NULL);
}

int lsp_on_did_change_configuration(LspServer *s, json_t *params, LspReply *r)
{
    (void)r;
    if (s->workspace->configuration) {
        configuration_pull(s);
        return 0;
    }
    /* Without workspace/configuration the settings come with the notification, under our section or bare. */
    json_t *settings = json_object_get(params, "settings");
    json_t *ours = json_object_get(settings, SETTINGS_SECTION);
    settings_apply(s, ours ? ours : settings);
    lsp_diagnostics_refresh(s, s->workspace->diag_refresh);
    return 0;
}

/* ---------------------------------------------------------------- roots */

static void add_root_uri(LspServer *s, const char *uri)
{
    if (!s->workspace->ws)
        return;
    char *path = uri ? lsp_uri_to_path(uri) : NULL;
    if (!path) {
        lsp_server_log_message(s, LSP_MESSAGE_WARNING, "ignoring the workspace folder %s: not a file URI",
                               uri ? uri : "(none)");
        return;
    }
    lsp_workspace_add_root(s->workspace->ws, path);
    free(path);
}

static bool client_flag(const json_t *caps, const char *a, const char *b, const char *c)
{
    const json_t *v = json_object_get(json_object_get(caps, a), b);
    if (c)
        v = json_object_get(v, c);
    return json_is_true(v);
}

static bool hover_markdown(const json_t *caps)
{
    const json_t *formats = json_object_get(json_object_get(json_object_get(caps, "textDocument"), "hover"),
                                            "contentFormat");
    size_t i;
    const json_t *f;
    json_array_foreach(formats, i, f)
    {
        if (json_is_string(f) && strcmp(json_string_value(f), "markdown") == 0)
            return true;
    }
    return false;
}

/* Server hooks: indexing stops with the session; the state is freed after the loop. */
static void on_server_stop(void *data)
{
    LspServer *s = data;
    if (s->workspace && s->workspace->ws) {
        lsp_workspace_close(s->workspace->ws);
        s->workspace->ws = NULL;
    }
}

static void on_server_exit(void *data)
{
    LspServer *s = data;
    LspWorkspaceState *w = s->workspace;
    if (!w)
        return;
    on_server_stop(s);
    lsp_progress_files_destroy(&w->files);
    lsp_workspace_settings_destroy(&w->settings);
    free(w);
    s->workspace = NULL;
}

/* Whether a WorkspaceEdit may create a file: documentChanges and the `create` resource operation. */
static bool can_create_files(const json_t *caps)
{
    const json_t *we = json_object_get(json_object_get(caps, "workspace"), "workspaceEdit");
    const json_t *ops = json_object_get(we, "resourceOperations");
    size_t i;
    const json_t *op;
    json_array_foreach(ops, i, op)
    {
        const char *name = json_string_value(op);
        if (name && strcmp(name, "create") == 0)
            return json_is_true(json_object_get(we, "documentChanges"));
    }
    return false;
}

void lsp_workspace_state_init(LspServer *s, const json_t *params, json_t *caps)
{
    LspWorkspaceState *w = core_xcalloc(1, sizeof *w);
    s->workspace = w;
    lsp_server_add_hooks(s, &(LspServerHooks){.stop = on_server_stop, .exit = on_server_exit, .data = s});
    lsp_workspace_settings_init(&w->settings);
    LspWorkspaceHooks hooks = {.data = s, .log = on_ws_log, .progress = on_ws_progress};
    w->ws = lsp_workspace_new(s->loop, &hooks);

    const json_t *cc = json_object_get(params, "capabilities");
    w->progress = client_flag(cc, "window", "workDoneProgress", NULL);
    w->watch_register = client_flag(cc, "workspace", "didChangeWatchedFiles", "dynamicRegistration");
    w->configuration = client_flag(cc, "workspace", "configuration", NULL);
    w->diag_refresh = client_flag(cc, "workspace", "diagnostics", "refreshSupport");
    w->markdown = hover_markdown(cc);
    w->create_files = can_create_files(cc);

    const json_t *folders = json_object_get(params, "workspaceFolders");
    size_t i;
    const json_t *f;
    json_array_foreach(folders, i, f) add_root_uri(s, json_string_value(json_object_get(f, "uri")));
    w->named_folders = json_array_size(folders) > 0;
    if (!w->named_folders) {
        const char *root_uri = json_string_value(json_object_get(params, "rootUri"));
        const char *root_path = json_string_value(json_object_get(params, "rootPath"));
        w->named_folders = root_uri || root_path;
        if (root_uri)
            add_root_uri(s, root_uri);
        else if (root_path && w->ws)
            lsp_workspace_add_root(w->ws, root_path);
    }
    char *problems = lsp_settings_apply_workspace(&w->settings, json_object_get(params, "initializationOptions"));
    if (problems)
        lsp_server_log_message(s, LSP_MESSAGE_WARNING, "%s", problems);
    free(problems);
    apply_excludes(w);

    json_object_set_new(caps, "completionProvider",
                        json_pack("{s:[s,s,s,s], s:b}", "triggerCharacters", ":", "=", "/", "(", "resolveProvider", 0));
    json_object_set_new(caps, "hoverProvider", json_true());
    json_object_set_new(caps, "definitionProvider", json_true());
    json_object_set_new(caps, "referencesProvider", json_true());
    json_object_set_new(caps, "renameProvider", json_pack("{s:b}", "prepareProvider", 1));
    json_object_set_new(caps, "documentLinkProvider", json_pack("{s:b}", "resolveProvider", 0));
    json_object_set_new(caps, "codeActionProvider",
                        json_pack("{s:[s,s], s:b}", "codeActionKinds", "quickfix", "refactor.rewrite", "resolveProvider", 0));
    json_t *workspace = json_pack("{s:{s:b, s:b}}", "workspaceFolders", "supported", 1, "changeNotifications", 1);
    /* Paths in progress files follow a file the editor renames or moves, where the client sends willRenameFiles. */
    if (client_flag(cc, "workspace", "fileOperations", "willRename"))
        json_object_set_new(workspace, "fileOperations",
                            json_pack("{s:{s:[{s:s, s:{s:s}}]}}", "willRename", "filters", "scheme", "file", "pattern",
                                      "glob", "**/*"));
    json_object_set_new(caps, "workspace", workspace);
}

void lsp_workspace_state_start(LspServer *s)
{
    LspWorkspaceState *w = s->workspace;
    if (w->ws)
        lsp_workspace_index(w->ws);
    if (w->watch_register) {
        /* Changes too: the index ignores them, the work state (git status) does not. */
        json_t *reg = json_pack("{s:[{s:s, s:s, s:{s:[{s:s, s:i}]}}]}", "registrations", "id", "progress-ls/watch",
                                "method", "workspace/didChangeWatchedFiles", "registerOptions", "watchers",
                                "globPattern", "**/*", "kind", 1 | 2 | 4);
        lsp_server_request_new(s, "client/registerCapability", reg, NULL, NULL);
    }
    if (w->configuration)
        configuration_pull(s);
}

void lsp_workspace_state_opened(LspServer *s, const char *uri)
{
    lsp_workspace_doc_root(s, uri, NULL);
}


/* ---------------------------------------------------------------- notifications */

int lsp_on_did_change_watched_files(LspServer *s, json_t *params, LspReply *r)
{
    json_t *changes = json_object_get(params, "changes");
    if (!json_is_array(changes))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: didChangeWatchedFiles needs a changes array");
    if (!s->workspace->ws)
        return 0;
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c)
    {
        const char *uri = json_string_value(json_object_get(c, "uri"));
        json_int_t type = json_integer_value(json_object_get(c, "type"));
        char *path = uri ? lsp_uri_to_path(uri) : NULL;
        if (path && type >= LSP_FILE_CREATED && type <= LSP_FILE_DELETED) {
            lsp_workspace_file_changed(s->workspace->ws, path, (LspFileChange)type);
            lsp_workstate_file_changed(s, path);
        }
        free(path);
    }
    return 0;
}

int lsp_on_did_change_workspace_folders(LspServer *s, json_t *params, LspReply *r)
{
    json_t *event = json_object_get(params, "event");
    if (!json_is_object(event))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: didChangeWorkspaceFolders needs an event");
    if (!s->workspace->ws)
        return 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(event, "removed"), i, f)
    {
        const char *uri = json_string_value(json_object_get(f, "uri"));
        char *path = uri ? lsp_uri_to_path(uri) : NULL;
        if (path)
            lsp_workspace_remove_root(s->workspace->ws, path);
        free(path);
    }
    json_array_foreach(json_object_get(event, "added"), i, f) add_root_uri(s, json_string_value(json_object_get(f, "uri")));
    return 0;
}
