/* gitstate.h — what git says about one progress file: its baselines, the files changed since, commits, refreshed in the background. */
#ifndef LSP_GITSTATE_H
#define LSP_GITSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "progress/core.h"

/*
 * One progress file in a git work tree. A refresh runs, one after the other and each with a deadline:
 *   git rev-parse --show-prefix --is-shallow-repository --absolute-git-dir HEAD
 *   git log -n 2 --format=%H %ct -- FILE                 B and P, the last two commits touching it (-n 1: B
 *                                                         alone, with no_session)
 *   git log --format=%ct B..HEAD                          the commits since B (none to ask for when B is HEAD)
 *   git diff --relative --name-only -z --no-renames B HEAD  (and P): the files of the commits since
 *   git status --porcelain=v2 -z --untracked-files=all    uncommitted and untracked files
 *   git log --no-walk=unsorted --ignore-missing ... REFS  the commits the document names
 *   git log --max-count=1000 --format=%s HEAD, git cat-file blob HEAD:./FILE   Ralph's log only
 * with the root as working folder (see git/process.h for the options every command gets). A first refresh of an
 * eager state that is not background (a command waits for it) starts `git status` at once, beside rev-parse and the
 * history (two git processes at once: the status is most of the time in a large work tree); the server's
 * background refreshes keep to one git at a time. While HEAD
 * stays where the last refresh found it, the history steps are not run again: a refresh is then
 * rev-parse, status (and the references). Findings are swapped in only when a refresh completes, so
 * what lsp_gitstate_fill hands out never changes under a request, and the owner hears of a refresh
 * only when the evidence differs. Outside a repository, without git, or in an empty one, the
 * evidence is simply absent. Each refresh writes one info line to the server's log.
 */
typedef struct LspGitState LspGitState;

typedef struct {
    uv_loop_t *loop;
    const char *root;         /* copied: the workspace root (git's working folder) */
    const char *file;         /* copied: the progress file relative to the root */
    uint64_t timeout_ms;      /* per git command */
    uint32_t max_paths;       /* the most paths kept per list; the rest are counted */
    bool background;          /* git at a lower priority (an editor session; not the check command) */
    bool no_session;          /* P and the files since it are not read (has_prev stays false): for a reader that
                                 makes no finding of them (the briefing), one `git diff` fewer */
    bool eager;               /* a refresh asked for runs at once, without the rest after the last one (a
                                 command waits for it: the commands, the MCP server); unless background, the
                                 first runs `git status` beside the history */
    void *data;
    /* A line for the user's log (a git that hangs or fails), borrowed. May be NULL. */
    void (*log)(void *data, const char *message);
    /* A refresh completed and the evidence changed (always after the first). */
    void (*changed)(void *data);
} LspGitStateConfig;

/* A new state; nothing runs until lsp_gitstate_refresh. Free with lsp_gitstate_free. */
LspGitState *lsp_gitstate_new(const LspGitStateConfig *cfg);

/* Stops what runs and frees the state once its processes and handles are closed. NULL is ignored. */
void lsp_gitstate_free(LspGitState *gs);

/*
 * Asks for a refresh in `delay_ms`. Requests fold: those within the delay into one; all those arriving
 * while a refresh runs into a single one after it. And git rests between refreshes twice as long as the
 * last one took (at most 30 s), so a save storm on a big repository keeps it busy a third of the time.
 */
void lsp_gitstate_refresh(LspGitState *gs, uint64_t delay_ms);

/*
 * Takes the commit references `doc` (borrowed) names (core_commit_refs) for the next refreshes. Returns
 * true when one of them has not been looked up yet (the caller then asks for a refresh).
 */
bool lsp_gitstate_set_refs(LspGitState *gs, const CoreDoc *doc);

/*
 * Whether the file is Ralph's append-only log (a prd.json beside it): then a refresh also reads the subjects
 * of the newest 1,000 commits (`git log --format=%s`, for the story ids they name) and HEAD's version of the
 * file (`git cat-file blob HEAD:./FILE`), both kept while HEAD stays. Returns true when they have not been
 * read yet (the caller then asks for a refresh).
 */
bool lsp_gitstate_set_ralph(LspGitState *gs, bool on);

/* Fills the git part of `ev` (pointers borrowed from `gs`, valid until control returns to the loop). */
void lsp_gitstate_fill(const LspGitState *gs, CoreEvidence *ev);

/* Whether a refresh is due or running (the check command runs the loop until it is not). */
bool lsp_gitstate_busy(const LspGitState *gs);

/* The number of refreshes completed (for tests and the log). */
uint64_t lsp_gitstate_generation(const LspGitState *gs);

#endif
