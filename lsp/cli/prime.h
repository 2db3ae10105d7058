/* prime.h — `progress-ls prime`: the briefing an agent reads first, from the progress file and its evidence. */
#ifndef LSP_PRIME_H
#define LSP_PRIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/findings.h"
#include "evidence/evidence.h"
#include "progress/array.h"
#include "progress/core.h"

#define LSP_PRIME_BUDGET 2048    /* bytes of briefing by default: about 500 tokens */
#define LSP_PRIME_MIN_BUDGET 256 /* below this not even the next task and blockers fit with their labels */

typedef Array(char *) LspPrimeList;

/* Where the work stands, as the progress file says it (strings owned; NULL when the file does not say). */
typedef struct {
    const char *dialect;      /* static: "template", "markdown", "ralph" or "plain" (core_dialect_name) */
    char *next_task, *blockers, *phase, *last_completed;
    char *status;             /* the newest entry's status, in a log dialect */
    char *newest_entry;       /* the newest log entry's title ("Session 2 — 2026-03-02") */
    LspPrimeList to_modify;   /* open Files To Modify items, in file order */
} LspPrimeState;

/* One progress file read for a briefing: its text and findings, its state, and what git and the harness say. */
typedef struct {
    char *path;               /* owned: the file's real path */
    char *root;               /* owned: the repository (or the folder) it was found from */
    char *shown;              /* owned: the path relative to `root` */
    LspCheckFile file;        /* the document and the format's own findings */
    LspPrimeState state;
    bool has_evidence;        /* `evidence`/`ev` were read (the file's folder could be resolved) */
    LspEvidence *evidence;    /* git, feature_list.json and prd.json: owned, or the caller's kept one (lent) */
    bool evidence_lent;
    CoreEvidence ev;
} LspPrime;

/* The folder holding `.git` at or above `dir` (a real path, borrowed), or `dir` itself outside a repository. Owned. */
char *lsp_prime_top(const char *dir);

/*
 * The progress file `path` names (borrowed; NULL = "."): a file itself, or for a folder the progress file of the
 * repository holding it (progress.txt, claude-progress.txt, scripts/ralph/progress.txt in the folder and then at
 * the repository's top, else the shallowest one `lsp_check_find` lists, in byte order). Returns its real path
 * (owned) and its repository in `*root` (owned), or NULL with a sentence in `*error` (owned).
 */
char *lsp_prime_locate(const char *path, char **root, char **error);

/*
 * Reads the progress file `path` names (as lsp_prime_locate) into `p` with its findings and evidence, git's
 * commands limited to `timeout_ms` each. `kept` (borrowed; may be NULL) is that file's evidence kept by the caller
 * between reads (lsp_evidence_open): it is brought up to date (lsp_evidence_update) instead of read afresh.
 * Returns 0, or -1 with a sentence in `*error` (owned); `p` is destroyed with lsp_prime_destroy either way. Git's
 * own failures go to stderr, never stdout.
 */
int lsp_prime_read(LspPrime *p, const char *path, uint32_t timeout_ms, LspEvidence *kept, char **error);
void lsp_prime_destroy(LspPrime *p);

/*
 * What changed since the file's last commit, as the briefing and the MCP state count it: the paths of code
 * (lsp_evidence_code), `total` counting those past the evidence's cap as code, and whether the file has edits of
 * its own. Borrowed from `p`. Only with `p->has_evidence` and git's evidence.
 */
typedef struct {
    const char *const *paths;
    size_t count, total;
    bool self;
} LspPrimeChanged;

void lsp_prime_changed(const LspPrime *p, LspPrimeChanged *out);

/* The briefing of `p` as plain text, at most `budget` bytes (owned, NUL-terminated; `*len` may be NULL). */
char *lsp_prime_text(const LspPrime *p, size_t budget, size_t *len);

/* Both steps: the briefing for `path` (NULL = "."), or NULL with a sentence in `*error` (owned). For the hooks. */
char *lsp_prime_briefing(const char *path, size_t budget, char **error);

/* Claude Code's SessionStart output carrying `text` (borrowed): {"hookSpecificOutput":{…,"additionalContext":…}}. */
char *lsp_prime_claude_json(const char *event, const char *text);

/* Runs `prime` with its own argv (argv[0] is "prime"; borrowed): `prime --help` says the rest. */
int lsp_prime_main(int argc, char **argv);

#endif
