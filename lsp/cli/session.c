/* session.c — the session-start and pre-compact hooks: the briefing at every start, a reminder before compaction. */
#include "cli/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/prime.h"
#include "progress/alloc.h"

/* Claude Code cuts hook output past ~10,000 characters to a preview: the default budget stays far below. */
enum { SESSION_BUDGET = LSP_PRIME_BUDGET };

static void print_json(json_t *out)
{
    char *text = json_dumps(out, JSON_COMPACT);
    if (text)
        puts(text);
    free(text);
    json_decref(out);
}

int lsp_session_start(const char *agent, const json_t *payload, const char *root)
{
    char *error = NULL;
    char *text = lsp_prime_briefing(root, SESSION_BUDGET, &error);
    if (!text) {
        fprintf(stderr, "progress-ls hook: %s; no briefing\n", error);
        free(error);
        return 0;
    }
    const char *source = json_string_value(json_object_get(payload, "source"));
    if (source && strcmp(source, "compact") == 0) {
        char *both = core_xasprintf("The conversation was just compacted: bring the progress file up to date from "
                                    "the summary before going on.\n%s", text);
        free(text);
        text = both;
    }
    if (strcmp(agent, "cursor") == 0)
        print_json(json_pack("{s:s}", "additional_context", text));
    else
        print_json(json_pack("{s:{s:s,s:s}}", "hookSpecificOutput", "hookEventName", "SessionStart",
                             "additionalContext", text));
    free(text);
    return 0;
}

int lsp_session_pre_compact(const char *agent, const json_t *payload, const char *root)
{
    (void)payload;
    char *found_root = NULL, *error = NULL;
    char *file = lsp_prime_locate(root, &found_root, &error);
    if (!file) {
        free(error);
        return 0; /* no progress file: nothing to remind of */
    }
    size_t n = strlen(found_root);
    const char *shown = strncmp(file, found_root, n) == 0 && file[n] == '/' ? file + n + 1 : file;
    char *message = core_xasprintf("progress-ls: compaction is about to drop details; update %s (Session State, "
                                   "files, decisions) so the next context starts from it.", shown);
    print_json(json_pack("{s:s}", strcmp(agent, "cursor") == 0 ? "user_message" : "systemMessage", message));
    free(message);
    free(file);
    free(found_root);
    return 0;
}
