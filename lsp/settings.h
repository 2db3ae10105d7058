/* settings.h — the server's user settings: read from initializationOptions (and later didChangeConfiguration). */
#ifndef LSP_SETTINGS_H
#define LSP_SETTINGS_H

#include <jansson.h>

#include "progress/core.h"

typedef struct {
    CoreOptions core; /* maxLines, per-code severities */
} LspSettings;

/* The defaults. */
void lsp_settings_init(LspSettings *s);

/*
 * Applies a settings object (borrowed; NULL or a non-object changes nothing):
 *   {"maxLines": N, "severity": {"<code>": "off|error|warning|information|hint|default"}}
 * Unknown keys are ignored (other tools' settings share the object). Values of the wrong kind are
 * skipped. Returns NULL when everything applied, else one sentence per problem (caller frees).
 */
char *lsp_settings_apply(LspSettings *s, const json_t *obj);

#endif
