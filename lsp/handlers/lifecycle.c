/* lifecycle.c — initialize (capabilities, encoding, settings), initialized, shutdown, exit. */
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"
#include "handlers/workspace.h"
#include "support/log.h"
#include "evidence/workstate.h"

/* UTF-8 when the client offers it (no conversion at all), else LSP's mandatory UTF-16. */
static CoreEncoding negotiate_encoding(const json_t *caps)
{
    const json_t *offered = json_object_get(json_object_get(caps, "general"), "positionEncodings");
    size_t i;
    const json_t *e;
    json_array_foreach(offered, i, e)
    {
        const char *name = json_string_value(e);
        if (name && strcmp(name, "utf-8") == 0)
            return CORE_ENC_UTF8;
    }
    return CORE_ENC_UTF16;
}

static json_t *capabilities(const LspServer *s)
{
    json_t *caps = json_pack("{s:s, s:{s:b,s:i,s:{s:b}}, s:b, s:b, s:{s:b,s:b}, s:b, s:b, s:{s:s}, s:{s:o,s:b,s:{s:b}}}",
                             "positionEncoding", s->enc == CORE_ENC_UTF8 ? "utf-8" : "utf-16",
                             "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
                             "documentSymbolProvider", 1,
                             "foldingRangeProvider", 1,
                             "diagnosticProvider", "interFileDependencies", 0, "workspaceDiagnostics", 1,
                             "documentFormattingProvider", 1, "documentRangeFormattingProvider", 1,
                             "documentOnTypeFormattingProvider", "firstTriggerCharacter", "\n",
                             "semanticTokensProvider", "legend", lsp_tokens_legend(), "range", 1, "full", "delta", 1);
    json_object_set_new(caps, "selectionRangeProvider", json_true());
    json_object_set_new(caps, "documentHighlightProvider", json_true());
    json_object_set_new(caps, "linkedEditingRangeProvider", json_true());
    json_object_set_new(caps, "workspaceSymbolProvider", json_true());
    return caps;
}

int lsp_on_initialize(LspServer *s, json_t *params, LspReply *r)
{
    if (s->state != LSP_STATE_UNINITIALIZED)
        return lsp_reply_error(r, LSP_ERR_INVALID_REQUEST, "Invalid request: initialize may only be sent once");
    if (!json_is_object(params))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: initialize needs an object");
    json_t *pid = json_object_get(params, "processId");
    if (pid && !json_is_integer(pid) && !json_is_null(pid))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: processId must be an integer or null");
    json_t *caps = json_object_get(params, "capabilities");
    if (caps && !json_is_object(caps))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: capabilities must be an object");

    s->enc = negotiate_encoding(caps);
    /* A client that pulls would show pushed diagnostics twice, so it gets pull only (as ESLint's server does). */
    s->pull_diagnostics = json_is_object(json_object_get(json_object_get(caps, "textDocument"), "diagnostic"));
    char *problems = lsp_settings_apply(&s->settings, json_object_get(params, "initializationOptions"));
    if (problems) {
        lsp_server_log_message(s, LSP_MESSAGE_WARNING, "%s", problems);
        free(problems);
    }
    if (json_is_integer(pid))
        lsp_server_watch_parent(s, json_integer_value(pid));
    s->state = LSP_STATE_RUNNING;
    lsp_log(LSP_LOG_INFO, "initialized: positionEncoding %s, diagnostics %s",
            s->enc == CORE_ENC_UTF8 ? "utf-8" : "utf-16", s->pull_diagnostics ? "pulled" : "pushed");
    json_t *server_caps = capabilities(s);
    lsp_workspace_state_init(s, params, server_caps);
    lsp_workstate_init(s, params, server_caps);
    r->result = json_pack("{s:o, s:{s:s,s:s}}", "capabilities", server_caps, "serverInfo", "name",
                          "progress-ls", "version", PROGRESS_VERSION);
    return 0;
}

int lsp_on_initialized(LspServer *s, json_t *params, LspReply *r)
{
    (void)params, (void)r;
    lsp_workspace_state_start(s);
    return 0;
}

int lsp_on_shutdown(LspServer *s, json_t *params, LspReply *r)
{
    (void)params, (void)r;
    s->state = LSP_STATE_SHUTDOWN;
    return 0;
}

int lsp_on_exit(LspServer *s, json_t *params, LspReply *r)
{
    (void)params, (void)r;
    lsp_server_stop(s, s->state == LSP_STATE_SHUTDOWN ? 0 : 1);
    return 0;
}

int lsp_on_ignore(LspServer *s, json_t *params, LspReply *r)
{
    (void)s, (void)params, (void)r;
    return 0;
}
