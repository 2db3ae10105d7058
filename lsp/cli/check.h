/* check.h — `progress-ls check`: check files and folders from the command line; the per-file pipeline the hooks reuse. */
#ifndef LSP_CHECK_H
#define LSP_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "progress/array.h"
#include "progress/core.h"
#include "cli/findings.h"
#include "evidence/evidence.h"
#include "server/settings.h"

enum { LSP_CHECK_CLEAN = 0, LSP_CHECK_ERRORS = 1, LSP_CHECK_USAGE = 2 };

/* A setting given by a flag, as a settings file would write it: `key = value` (both borrowed). */
typedef struct {
    const char *key; /* "max-lines" or "severity.CODE" */
    const char *value;
} LspCheckSetting;

/* What the command line asked for, shared by every file of the run. */
typedef struct {
    const char *config; /* --config FILE (borrowed), or NULL: the nearest settings file per checked file */
    const LspCheckSetting *flags;
    size_t flag_count;
    /* Switches of extra sources (lsp_check_sources) go here. */
    bool git; /* --git: the work state too (git and feature_list.json: staleness, unlisted files, commits) */
    /* The real folder links may lead into (the folder being checked), or NULL: each file's work tree. */
    const char *boundary;
    /* With `git`: the checked file's evidence kept by the caller between checks (the MCP server), brought up to
       date instead of read afresh (borrowed; NULL: read afresh). */
    LspEvidence *kept;
} LspCheckOptions;

/*
 * Runs `check` with its own argv (argv[0] is "check"; argv is borrowed). `check --help` documents the
 * options, the output formats and the exit status: 0 no error-severity finding, 1 at least one, 2 bad
 * usage, a bad settings file or a FILE/DIR that cannot be read.
 */
int lsp_check_main(int argc, char **argv);

/*
 * Reads `path` ("-": standard input) and runs every source over it into `f` (caller's, destroyed with
 * lsp_check_file_destroy even on failure). A file named to `check` that is not in progress format at all
 * is an error unless the not-progress-format severity was set. Returns 0, or LSP_CHECK_USAGE after printing
 * to stderr (stdout flushed first) why the file or its settings could not be read.
 */
int lsp_check_file_load(LspCheckFile *f, const char *path, const LspCheckOptions *opts);
#endif
