/* settings.h — the server's user settings: read from initializationOptions (and later didChangeConfiguration). */
#ifndef LSP_SETTINGS_H
#define LSP_SETTINGS_H

#include <jansson.h>

#include "progress/core.h"
#include "progress/format.h"

typedef struct {
    CoreOptions core; /* maxLines, per-code severities */
    CoreFormatOptions format; /* bulletStyle */
} LspSettings;

/* The defaults. */
void lsp_settings_init(LspSettings *s);

/*
 * Applies a settings object (borrowed; NULL or a non-object changes nothing):
 *   {"maxLines": N, "severity": {"<code>": "off|error|warning|information|hint|default"},
 *    "bulletStyle": "majority|-|*"}
 * Unknown keys are ignored (other tools' settings share the object). Values of the wrong kind are
 * skipped. Returns NULL when everything applied, else one sentence per problem (caller frees).
 */
char *lsp_settings_apply(LspSettings *s, const json_t *obj);

/* ---- workspace settings (added by the workspace side: handlers/workspace.c owns the instance) */

/* The most completion items one answer holds, unless the user says otherwise. */
#define LSP_DEFAULT_MAX_COMPLETION_ITEMS 100

/* "Archive entries older than the newest N": N, and the archive's name beside the log ({name}: the log's name without its extension). */
#define LSP_DEFAULT_ARCHIVE_KEEP 5
#define LSP_DEFAULT_ARCHIVE_FILE "{name}-archive.txt"

typedef struct {
    uint32_t max_completion_items; /* 1 and up */
    char **exclude;                /* owned: folders left out of the file index ("vendor", "third_party/big") */
    size_t exclude_count;
    uint32_t archive_keep;         /* archive.keep: the newest entries the archive action leaves in the log */
    char *archive_file;            /* owned: archive.file, a file name (no folder) with an optional {name}; NULL:
                                      LSP_DEFAULT_ARCHIVE_FILE */
} LspWorkspaceSettings;

void lsp_workspace_settings_init(LspWorkspaceSettings *w);
void lsp_workspace_settings_destroy(LspWorkspaceSettings *w);

/*
 * Applies the workspace keys of a settings object (borrowed; other keys are lsp_settings_apply's):
 *   {"maxCompletionItems": N, "exclude": ["folder", ...], "archive": {"keep": N, "file": "{name}-archive.txt"}}
 * Values of the wrong kind are skipped. Returns NULL when everything applied, else one sentence per
 * problem (caller frees).
 */
char *lsp_settings_apply_workspace(LspWorkspaceSettings *w, const json_t *obj);

#endif
