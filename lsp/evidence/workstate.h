/* workstate.h — the server's work-state service: per open progress file, git and feature_list.json evidence for the core. */
#ifndef LSP_WORKSTATE_H
#define LSP_WORKSTATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "server/docs.h"
#include "server/server.h"

/* The parts a user can turn off (settings key `workState`, docs/settings.md). */
typedef struct {
    bool changed_files;    /* changedFiles: unlisted and unchanged files, "Add the N changed files" */
    bool commits;          /* commits: commit references checked and described */
    bool staleness;        /* staleness: commits since the file's last commit */
    bool features;         /* featureList: counts and claims against feature_list.json */
    bool inlay_hints;      /* inlayHints */
    bool code_lens;        /* codeLens */
    uint32_t git_timeout_ms; /* gitTimeoutMs: the longest one git command may take */
    bool stories;          /* stories: Ralph's log against prd.json (stories, branch, Codebase Patterns) */
    bool append_only;      /* appendOnly: Ralph's committed lines changed or removed */
} LspWorkStateSettings;

#define LSP_WORKSTATE_GIT_TIMEOUT_MS 10000u
#define LSP_WORKSTATE_MAX_PATHS 5000u  /* changed paths kept per list; more are counted and summarised */

/* The command a code lens runs: arguments [uri, version, action title]; the server answers with workspace/applyEdit. */
#define LSP_COMMAND_APPLY_ACTION "progress-ls.applyAction"

/*
 * Session hooks: `init` on initialize (client abilities from `params`, capabilities added to `caps`;
 * both borrowed), the rest as the documents and files change. Each is a no-op before init.
 */
void lsp_workstate_init(LspServer *s, const json_t *params, json_t *caps);
/* Opening a document in a root starts its evidence and makes it the document's `more_diags` source (docs.h). */
void lsp_workstate_opened(LspServer *s, LspDoc *d);
void lsp_workstate_edited(LspServer *s, LspDoc *d);
void lsp_workstate_saved(LspServer *s, LspDoc *d);
void lsp_workstate_closed(LspServer *s, const char *uri);
/* The file index of the roots was (re)built: git's marks for completion ranking go on again. */
void lsp_workstate_index_ready(LspServer *s);
/* A file-change event for the absolute `path` (borrowed). */
void lsp_workstate_file_changed(LspServer *s, const char *path);

/* Applies the `workState` object of a settings object (borrowed). Returns NULL or a sentence per problem (caller frees). */
char *lsp_workstate_settings_apply(LspServer *s, const json_t *obj);

/* The session's switches (the defaults before init). */
const LspWorkStateSettings *lsp_workstate_settings(const LspServer *s);

/*
 * Fills `ev` with what is known for `d` (pointers borrowed until control returns to the loop).
 * Returns false when there is no evidence at all (outside a root, before init); `ev` is then zeroed
 * but for the switches.
 */
bool lsp_workstate_evidence(LspServer *s, const LspDoc *d, CoreEvidence *ev);

/* The changed-since-the-last-update paths of the document's root (borrowed, sorted), for completion ranking. */
const char *const *lsp_workstate_changed_paths(LspServer *s, const LspDoc *d, size_t *count);

#endif
