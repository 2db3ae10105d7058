/* process.h — one git command through uv_spawn with an argument vector: output streamed, errors kept, a deadline. */
#ifndef LSP_GITPROC_H
#define LSP_GITPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "progress/array.h"

/* How a git command ended. */
typedef struct {
    int spawn_error;     /* a libuv code when git could not start (UV_ENOENT: no git), else 0 */
    bool ok;             /* exited with status 0 and was neither killed nor cancelled */
    int64_t exit_status;
    int term_signal;
    bool timed_out;      /* killed at the deadline */
    bool cancelled;      /* lsp_git_cancel */
    const char *err;     /* borrowed for the call: the start of its stderr, newlines folded, NUL-terminated */
    const char *unsafe;  /* borrowed for the call: why git was not run in this repository (then nothing ran), or NULL */
} LspGitResult;

typedef struct {
    uv_loop_t *loop;
    const char *cwd;               /* copied */
    const char *const *args;       /* copied: the arguments after `git` and the safety options */
    size_t arg_count;
    uint64_t timeout_ms;           /* 0: no deadline */
    bool background;               /* nobody waits for it: git runs at a lower priority (nice 10) */
    void *data;
    /* A chunk of its standard output (borrowed for the call), at most one per loop turn. May be NULL. */
    void (*out)(void *data, const char *bytes, size_t len);
    /* Once, after the process and its pipes are closed; the run frees itself right after. */
    void (*done)(void *data, const LspGitResult *result);
} LspGitConfig;

typedef struct LspGitRun LspGitRun;

/*
 * Starts `git ARGS...` in `cwd` — never through a shell, the git found once on PATH's absolute folders — when
 * its place comes (at most two git processes run at once; the rest wait in order). Before the first command in a
 * folder, and whenever its git config or `.git` changed, two commands that run nothing check the repository:
 * its work tree must hold `cwd` and be the folder of its `.git`, git must not lie inside it, and each filter
 * driver configured must be one that can be switched off; every command then runs pinned to that git folder and
 * work tree (--git-dir, --work-tree), with the options that keep a repository's configuration from running a
 * program (process.c: `hardening`) and every filter driver switched off, in the user's environment with
 * GIT_ATTR_NOSYSTEM=1 (no system attributes file), and never takes the index lock from the user's own git. A
 * repository that fails the check: nothing runs, `done` says why in `unsafe`. stdin is closed.
 * Always returns a run; `done` reports failures on a later loop turn (inside this call only when not even a
 * timer can be made; the run is then gone). The deadline counts from the process's start, not the wait.
 */
LspGitRun *lsp_git_start(const LspGitConfig *cfg);

/* Stops the run (SIGTERM, SIGKILL after a second): `done` follows with `cancelled` once everything is closed. */
void lsp_git_cancel(LspGitRun *run);

/* Whether the run has been told to stop (by a cancel or its deadline). */
bool lsp_git_stopping(const LspGitRun *run);

/*
 * Splits output chunks into `sep`-terminated records: calls `fn` for each whole record in `bytes`
 * (borrowed, `len` bytes) and keeps an unfinished tail in `carry` for the next chunk.
 */
typedef Array(char) LspGitCarry;
void lsp_git_records(LspGitCarry *carry, const char *bytes, size_t len, char sep,
                     void (*fn)(void *data, const char *record, size_t len), void *data);

#endif
