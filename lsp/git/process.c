/* process.c — runs one git command for a loop: a git found once, queued (two at a time), the repository checked and
 * its executable configuration switched off, spawned on a thread of its own, streamed output, deadline, kill. */
#include "git/process.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/platform.h"
#include "progress/alloc.h"

enum {
    ERR_TEXT_MAX = 400, /* how much of git's stderr is kept for the log line */
    READ_SIZE = 65536,
    SPAWNER_STACK = 1 << 20,
    MAX_RUNNING = 2,    /* git processes at once across the whole process: the rest wait their turn */
    GRACE_MS = 1000,    /* between SIGTERM and SIGKILL */
    GUARD_OUT_MAX = 1 << 16,
};

typedef struct Guard Guard;

/*
 * Two threads share a run. The caller's loop owns the pipes' read ends, the deadline and everything the
 * callbacks see; the spawning thread owns a private loop with the process handle. Between them, under
 * `lock`: the kill asked for (sent through `wake` while that is open) and how the process ended (handed
 * over once through `notify` when the thread is done).
 */
struct LspGitRun {
    LspGitConfig cfg;
    char *cwd;
    char **args;        /* owned copies of the caller's arguments */
    char **argv;        /* owned: the whole command, built when its repository is known to be safe */
    char **env;         /* git_environment(), read on the caller's thread */
    LspGitRun *next;    /* in the queue or a guard's waiting list */
    bool launched;      /* counted in `running` */
    bool queued;        /* in the queue or a guard's waiting list, not started */
    bool internal;      /* one of a guard's own checks: no guard of its own */
    char *unsafe;       /* owned: why the repository's git is not run (from its guard) */
    uv_pipe_t out, err;
    uv_timer_t timer;
    uv_idle_t resume;   /* reading stdout again on the next loop turn */
    uv_async_t notify;  /* on the caller's loop: the spawning thread is done */
    int pending;        /* handles still open: done runs when it drops to zero */
    bool ended;         /* the spawning thread said it was done */
    bool timed_out, cancelled;
    Array(char) errtext;
    uv_file child_out, child_err; /* the pipes' write ends, git's stdout and stderr: the thread closes them */
    /* the spawning thread's side */
    uv_loop_t wloop;
    uv_process_t proc;
    uv_async_t wake;    /* on the private loop: a kill was asked for */
    int sent_signal;    /* the thread's own: the strongest signal sent so far */
    /* shared, under `lock` */
    uv_mutex_t lock;
    int kill_signal;    /* 0, SIGTERM or SIGKILL */
    bool wake_closed;
    bool worker_done;
    int spawn_error;
    bool exited;
    int64_t exit_status;
    int term_signal;
    char read_buf[READ_SIZE];
};

static void launch_next(void);
static int running;          /* git processes started and not yet reaped */

static void finish(LspGitRun *run)
{
    array_push(&run->errtext, '\0');
    for (char *p = run->errtext.contents; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    LspGitResult r = {
        .spawn_error = run->spawn_error,
        .ok = !run->spawn_error && run->exited && run->exit_status == 0 && run->term_signal == 0 && !run->timed_out &&
              !run->cancelled,
        .exit_status = run->exit_status,
        .term_signal = run->term_signal,
        .timed_out = run->timed_out,
        .cancelled = run->cancelled,
        .err = run->errtext.contents,
        .unsafe = run->unsafe,
    };
    run->cfg.done(run->cfg.data, &r);
    array_delete(&run->errtext);
    for (size_t i = 0; run->argv && run->argv[i]; i++)
        free(run->argv[i]);
    free(run->argv);
    for (size_t i = 0; i < run->cfg.arg_count; i++)
        free(run->args[i]);
    free(run->args);
    free(run->unsafe);
    uv_mutex_destroy(&run->lock);
    free(run->cwd);
    bool launched = run->launched;
    free(run);
    if (launched) {
        running--;
        launch_next();
    }
}

static void closed(uv_handle_t *handle)
{
    LspGitRun *run = handle->data;
    if (--run->pending == 0)
        finish(run);
}

static void close_once(uv_handle_t *handle)
{
    if (!uv_is_closing(handle))
        uv_close(handle, closed);
}

/* Standard output is done with: its pipe and the handle that resumes reading it. */
static void close_out(LspGitRun *run)
{
    close_once((uv_handle_t *)&run->out);
    close_once((uv_handle_t *)&run->resume);
}

static void close_pipes(LspGitRun *run)
{
    close_out(run);
    close_once((uv_handle_t *)&run->err);
}

/* Asks the spawning thread to send `sig` to git (a stronger signal than one asked for before wins). */
static void kill_ask(LspGitRun *run, int sig)
{
    uv_mutex_lock(&run->lock);
    if (!run->wake_closed) {
        if (run->kill_signal != SIGKILL)
            run->kill_signal = sig;
        uv_async_send(&run->wake);
    }
    uv_mutex_unlock(&run->lock);
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    LspGitRun *run = handle->data;
    *buf = uv_buf_init(run->read_buf, sizeof run->read_buf);
}

static void on_out(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

static void on_resume(uv_idle_t *idle)
{
    LspGitRun *run = idle->data;
    uv_idle_stop(idle);
    if (!uv_is_closing((uv_handle_t *)&run->out) && uv_read_start((uv_stream_t *)&run->out, on_alloc, on_out) < 0)
        close_out(run);
}

/*
 * One chunk per loop turn: libuv would otherwise read (and hand over) up to 32 chunks in a row, and
 * 100,000 paths of `git diff` would hold the loop for all of them; this way requests interleave.
 */
static void on_out(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    LspGitRun *run = stream->data;
    if (nread < 0) {
        close_out(run);
        return;
    }
    if (nread > 0 && run->cfg.out && !run->cancelled && !run->timed_out)
        run->cfg.out(run->cfg.data, buf->base, (size_t)nread);
    if (nread > 0 && !uv_is_closing((uv_handle_t *)stream)) {
        uv_read_stop(stream);
        uv_idle_start(&run->resume, on_resume);
    }
}

static void on_err(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    LspGitRun *run = stream->data;
    if (nread < 0) {
        close_once((uv_handle_t *)stream);
        return;
    }
    size_t room = ERR_TEXT_MAX - run->errtext.size;
    array_extend(&run->errtext, (size_t)nread < room ? (size_t)nread : room, buf->base);
}

/* On the caller's loop: the spawning thread is done (git ended, or never started); wind down. */
static void on_notify(uv_async_t *async)
{
    LspGitRun *run = async->data;
    uv_mutex_lock(&run->lock);
    bool done = run->worker_done;
    uv_mutex_unlock(&run->lock);
    if (!done || run->ended)
        return;
    /* The thread touches nothing of the run after the send that woke us (uv_close waits for a send in progress);
     * it is detached, so no join waits here for a low-priority thread to be scheduled and exit. */
    run->ended = true;
    uv_timer_stop(&run->timer);
    close_once((uv_handle_t *)&run->notify);
    close_once((uv_handle_t *)&run->timer);
    if (run->spawn_error)
        close_pipes(run);
}

static void on_grace(uv_timer_t *timer)
{
    kill_ask(timer->data, SIGKILL); /* a hung git may ignore SIGTERM (a stuck filesystem, a lock wait) */
}

/* SIGTERM now, SIGKILL if it is still there after the grace. */
static void stop(LspGitRun *run)
{
    kill_ask(run, SIGTERM);
    close_pipes(run);
    if (!run->ended && !uv_is_closing((uv_handle_t *)&run->timer))
        uv_timer_start(&run->timer, on_grace, GRACE_MS, 0);
}

static void on_deadline(uv_timer_t *timer)
{
    LspGitRun *run = timer->data;
    run->timed_out = true;
    stop(run);
}

/* ---------------------------------------------------------------- the spawning thread */

static void fd_close(uv_file fd)
{
    uv_fs_t req;
    uv_fs_close(NULL, &req, fd, NULL);
}

static void worker_kill(LspGitRun *run)
{
    uv_mutex_lock(&run->lock);
    int sig = run->exited ? 0 : run->kill_signal;
    uv_mutex_unlock(&run->lock);
    if (sig && sig != run->sent_signal && !uv_is_closing((uv_handle_t *)&run->proc)) {
        run->sent_signal = sig;
        uv_process_kill(&run->proc, sig);
    }
}

static void on_wake(uv_async_t *async)
{
    worker_kill(async->data);
}

static void worker_close(LspGitRun *run)
{
    uv_mutex_lock(&run->lock);
    run->wake_closed = true;
    uv_mutex_unlock(&run->lock);
    uv_close((uv_handle_t *)&run->wake, NULL);
    uv_close((uv_handle_t *)&run->proc, NULL);
}

static void on_exit(uv_process_t *proc, int64_t status, int signal)
{
    LspGitRun *run = proc->data;
    uv_mutex_lock(&run->lock);
    run->exited = true;
    run->exit_status = status;
    run->term_signal = signal;
    uv_mutex_unlock(&run->lock);
    worker_close(run);
}

/*
 * uv_spawn forks the whole server and waits for the child's exec: 3–20 ms on a small virtual machine.
 * Here that blocks this thread alone, and git's exit is reaped on its private loop.
 */
static void worker(void *arg)
{
    LspGitRun *run = arg;
    /* Background work yields the processor to the editor and the server (as clangd's background index does): this
     * thread (a Linux nice value is per thread) and so the git it forks, from its first instruction. */
    if (run->cfg.background)
        lsp_platform_thread_lower_priority();
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_IGNORE},
        {.flags = UV_INHERIT_FD, .data.fd = run->child_out},
        {.flags = UV_INHERIT_FD, .data.fd = run->child_err},
    };
    uv_process_options_t opts = {
        .exit_cb = on_exit,
        .file = run->argv[0],
        .args = run->argv,
        .cwd = run->cwd,
        .env = run->env,
        .stdio_count = 3,
        .stdio = stdio,
        /* Windows: no console window flashes up for each git an editor's server starts (ignored elsewhere). */
        .flags = UV_PROCESS_WINDOWS_HIDE,
    };
    run->proc.data = run;
    int rc = uv_spawn(&run->wloop, &run->proc, &opts);
    /* Only git holds the write ends now: the caller's reads end when it exits. */
    fd_close(run->child_out);
    fd_close(run->child_err);
    if (rc < 0) {
        uv_mutex_lock(&run->lock);
        run->spawn_error = rc;
        uv_mutex_unlock(&run->lock);
        worker_close(run);
    } else {
        worker_kill(run); /* a cancel or a deadline that came before the process did */
    }
    uv_run(&run->wloop, UV_RUN_DEFAULT);
    uv_loop_close(&run->wloop);
    uv_mutex_lock(&run->lock);
    run->worker_done = true;
    uv_mutex_unlock(&run->lock);
    uv_async_send(&run->notify);
}

/* ---------------------------------------------------------------- starting */

/*
 * Everything the spawning thread needs, then the thread: the pipes (read ends on the caller's loop),
 * its loop and wake-up, and the caller's `notify`. Returns 0, or a libuv code with nothing left open
 * but the caller's handles (`notify` counted in `pending` when it was made).
 */
static int prepare(LspGitRun *run, uv_loop_t *loop, bool *notify)
{
    uv_file out[2], err[2];
    int rc = uv_pipe(out, UV_NONBLOCK_PIPE, 0);
    if (rc < 0)
        return rc;
    if ((rc = uv_pipe(err, UV_NONBLOCK_PIPE, 0)) < 0) {
        fd_close(out[0]);
        fd_close(out[1]);
        return rc;
    }
    run->child_out = out[1];
    run->child_err = err[1];
    if ((rc = uv_pipe_open(&run->out, out[0])) < 0)
        fd_close(out[0]);
    if ((rc = rc < 0 ? rc : uv_pipe_open(&run->err, err[0])) < 0)
        fd_close(err[0]);
    bool loop_ok = rc == 0 && (rc = uv_loop_init(&run->wloop)) == 0;
    bool wake_ok = loop_ok && (rc = uv_async_init(&run->wloop, &run->wake, on_wake)) == 0;
    run->wake.data = run;
    if (wake_ok && (rc = uv_async_init(loop, &run->notify, on_notify)) == 0) {
        *notify = true;
        run->pending++;
        rc = lsp_platform_thread_detached(worker, run, SPAWNER_STACK);
    }
    if (rc < 0) {
        if (wake_ok)
            uv_close((uv_handle_t *)&run->wake, NULL);
        if (loop_ok) {
            uv_run(&run->wloop, UV_RUN_DEFAULT);
            uv_loop_close(&run->wloop);
        }
        fd_close(run->child_out);
        fd_close(run->child_err);
    }
    return rc;
}

/* ---------------------------------------------------------------- which git, and with what */

/*
 * git found once, on the absolute folders of PATH only: a relative entry ("bin", "" or ".") would be looked up in
 * the working folder — the repository — and run its `bin/git`. NULL when there is none.
 */
static char *git_on_path; /* as PATH names it: a link there may lie inside a repository too */

static const char *git_path(void)
{
    static bool looked;
    static char *found;
    if (looked)
        return found;
    looked = true;
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p && !found;) {
        size_t n = strcspn(p, LSP_PLATFORM_PATH_LIST_SEP);
        if (n > 0 && lsp_platform_path_is_absolute(p)) {
            char *candidate = core_xasprintf("%.*s/git" LSP_PLATFORM_EXE_SUFFIX, (int)n, p);
            lsp_platform_path_canonical(candidate); /* compared with git's own '/'-separated paths */
            if (lsp_platform_executable(candidate) && (found = lsp_platform_realpath(candidate)) != NULL)
                git_on_path = candidate;
            else
                free(candidate);
        }
        p += n + (p[n] == LSP_PLATFORM_PATH_LIST_SEP[0]);
    }
    return found;
}

/*
 * The environment every git gets: the user's own, read once, with GIT_ATTR_NOSYSTEM=1. Git then reads the attributes
 * of the repository (.gitattributes, .git/info/attributes) and the user's core.attributesFile, never the system's
 * /etc/gitattributes, which it opens only to hash a file whose stat data is racy or dirty and whose attributes no
 * command progress-ls runs needs from there: filters are switched off (below), diff drivers are not used (--no-ext-diff
 * --no-textconv). What git reads outside the repository is then its configuration alone. NULL (git inherits the
 * environment as it is) when the environment cannot be read.
 */
static char **git_environment(void)
{
    static bool made;
    static char **env;
    if (made)
        return env;
    made = true;
    uv_env_item_t *items;
    int count;
    if (uv_os_environ(&items, &count) < 0)
        return NULL;
    env = core_xcalloc((size_t)count + 2, sizeof *env);
    size_t n = 0;
    for (int i = 0; i < count; i++)
        if (strcmp(items[i].name, "GIT_ATTR_NOSYSTEM") != 0)
            env[n++] = core_xasprintf("%s=%s", items[i].name, items[i].value);
    env[n] = core_xasprintf("GIT_ATTR_NOSYSTEM=1");
    uv_os_free_environ(items, count);
    return env;
}

/*
 * Every git gets these: nothing a repository's configuration names is run. Programs git 2.39 runs from config
 * for the commands progress-ls uses (rev-parse, config, ls-files, status, log, diff): the fsmonitor hook, filter
 * drivers (switched off by name, in the guard), external diff and textconv (diff.external, diff.<driver>.command
 * and .textconv: the callers pass --no-ext-diff --no-textconv where a diff is made), gpg.program through
 * log.showSignature, the pager, hooks; and through a lazy fetch of a partial clone or a submodule: transports
 * (core.sshCommand, remote helpers, proxies — all refused by protocol.allow=never), askpass and credential helpers. safe.bareRepository=explicit keeps git from
 * taking an embedded bare repository's config as the repository's (it is read only from protected config, which
 * the command line is).
 */
static const char *const hardening[] = {
    "--no-pager",
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.pager=cat",
    "-c", "log.showSignature=false",
    "-c", "core.askPass=",
    "-c", "credential.helper=",
    "-c", "protocol.allow=never",
    "-c", "submodule.recurse=false",
    "-c", "status.submoduleSummary=false",
    "-c", "gc.auto=0",
    "-c", "maintenance.auto=false",
    "-c", "safe.bareRepository=explicit",
    "--no-optional-locks", /* never take the index lock from the user's own git */
};
enum { HARDENING = sizeof hardening / sizeof hardening[0] };

/* Copies `n` arguments to `to` (owned copies); returns where the next go. */
static char **args_copy(char **to, const char *const *from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *to++ = core_xstrndup(from[i], strlen(from[i]));
    return to;
}

/* ---------------------------------------------------------------- guards: one per working folder */

/*
 * What progress-ls knows of the repository at a working folder, found by two git commands that run nothing
 * (`rev-parse --show-toplevel --absolute-git-dir`, `config --get-regexp ^filter\.`): the git folder and work
 * tree every later command is pinned to (a `.git` swapped later changes nothing), the filter drivers to switch
 * off, or why git is not run there. Kept while the config file and the `.git` entry stay the same files.
 */
struct Guard {
    char *cwd;
    bool checking;          /* its two commands are running */
    LspGitRun *check;       /* the one running now, or NULL */
    int spawn_error;        /* the check did not finish: how (the waiting runs end the same way) */
    bool timed_out;
    bool ready, repository; /* ready: checked; repository: rev-parse found a work tree */
    char *unsafe;           /* why git is not run here, or NULL */
    char *gitdir, *toplevel;
    Array(char *) options;  /* "-c" "filter.<name>.clean=" ... */
    uint64_t config_ino, dotgit_ino;
    int64_t config_mtime, dotgit_mtime;
    Array(char) out;        /* the running check's output */
    LspGitRun *waiting;     /* runs for this folder until the check is done, first asked first */
    uv_loop_t *loop;
    bool background;
    uint64_t timeout_ms;
};

static Array(Guard *) guards;
static LspGitRun *queue_head, *queue_tail; /* runs waiting for one of the MAX_RUNNING places */

static void identity(const char *path, uint64_t *ino, int64_t *mtime)
{
    uv_stat_t st;
    bool ok = lsp_platform_lstat(path, &st) == 0;
    *ino = ok ? st.st_ino : 0;
    *mtime = ok ? (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec : 0;
}

/* Whether the guard still describes the folder: the config file and the `.git` entry are the ones checked. */
static bool guard_fresh(const Guard *g)
{
    if (!g->ready || !g->gitdir)
        return g->ready && g->unsafe; /* a folder that is no repository is asked again each time */
    uint64_t ino;
    int64_t mtime;
    char *config = core_xasprintf("%s/config", g->gitdir), *dotgit = core_xasprintf("%s/.git", g->toplevel);
    identity(config, &ino, &mtime);
    bool fresh = ino == g->config_ino && mtime == g->config_mtime;
    identity(dotgit, &ino, &mtime);
    fresh = fresh && ino == g->dotgit_ino && mtime == g->dotgit_mtime;
    free(config);
    free(dotgit);
    return fresh;
}

static void guard_reset(Guard *g)
{
    free(g->unsafe);
    free(g->gitdir);
    free(g->toplevel);
    for (uint32_t i = 0; i < g->options.size; i++)
        free(g->options.contents[i]);
    array_delete(&g->options);
    array_delete(&g->out);
    g->unsafe = g->gitdir = g->toplevel = NULL;
    g->ready = g->repository = false;
}

static Guard *guard_find(const char *cwd)
{
    for (uint32_t i = 0; i < guards.size; i++)
        if (strcmp(guards.contents[i]->cwd, cwd) == 0)
            return guards.contents[i];
    Guard *g = core_xcalloc(1, sizeof *g);
    g->cwd = core_xstrndup(cwd, strlen(cwd));
    array_push(&guards, g);
    return g;
}

static void guard_unsafe(Guard *g, char *why)
{
    if (!g->unsafe)
        g->unsafe = why;
    else
        free(why);
}

/* Whether `path` is `base` or lies below it. */
static bool is_under(const char *path, const char *base)
{
    size_t n = strlen(base);
    return strncmp(path, base, n) == 0 && (path[n] == '\0' || path[n] == '/' || (n == 1 && base[0] == '/'));
}

/* ---------------------------------------------------------------- the queue */

static void launch(LspGitRun *run);

static void launch_next(void)
{
    while (running < MAX_RUNNING && queue_head) {
        LspGitRun *run = queue_head;
        queue_head = run->next;
        if (!queue_head)
            queue_tail = NULL;
        run->next = NULL;
        run->queued = false;
        launch(run);
    }
}

static void enqueue(LspGitRun *run)
{
    run->queued = true;
    if (queue_tail)
        queue_tail->next = run;
    else
        queue_head = run;
    queue_tail = run;
    launch_next();
}

/* Takes `run` out of `*list` (a singly linked list through `next`); whether it was there. */
static bool unlink_from(LspGitRun **list, LspGitRun *run)
{
    for (; *list; list = &(*list)->next)
        if (*list == run) {
            *list = run->next;
            run->next = NULL;
            run->queued = false;
            return true;
        }
    return false;
}

/* Takes `run` out of the queue or its guard's waiting list; whether it was in one. */
static bool unqueue(LspGitRun *run)
{
    if (!run->queued)
        return false;
    for (uint32_t i = 0; i < guards.size; i++) {
        Guard *g = guards.contents[i];
        if (unlink_from(&g->waiting, run)) {
            if (!g->waiting && g->check) /* nobody waits for the check any more: it stops too */
                lsp_git_cancel(g->check);
            return true;
        }
    }
    if (!unlink_from(&queue_head, run))
        return false;
    queue_tail = NULL;
    for (LspGitRun *r = queue_head; r; r = r->next)
        queue_tail = r;
    return true;
}

/* Ends a run that never started: `done` follows once its handles are closed. */
static void end_unstarted(LspGitRun *run)
{
    close_pipes(run);
    close_once((uv_handle_t *)&run->timer);
}

/* The whole command: git, the hardening, the guard's pinning and filters, the caller's arguments. */
static void build_argv(LspGitRun *run, const Guard *g)
{
    static const char *const one_core[] = {"-c", "core.preloadIndex=false"};
    size_t extra = run->cfg.background ? 2 : 0, pins = g ? 2 + g->options.size : 0;
    run->argv = core_xcalloc(1 + HARDENING + pins + extra + run->cfg.arg_count + 1, sizeof *run->argv);
    run->env = git_environment();
    char **at = run->argv;
    *at++ = core_xstrndup(git_path(), strlen(git_path()));
    at = args_copy(at, hardening, HARDENING);
    if (g) {
        *at++ = core_xasprintf("--git-dir=%s", g->gitdir);
        *at++ = core_xasprintf("--work-tree=%s", g->toplevel);
        at = args_copy(at, (const char *const *)g->options.contents, g->options.size);
    }
    /* Background git keeps to one processor: its index refresh otherwise lstat()s from threads on every core (140%
     * CPU for `git status` of 100,000 files here), beside the editor and the server on a 2-core machine. */
    at = args_copy(at, one_core, extra);
    args_copy(at, (const char *const *)run->args, run->cfg.arg_count);
}

static LspGitRun *run_new(const LspGitConfig *cfg, bool internal);
static void guard_check(Guard *g);

/* The guard is done: each run waiting for it starts, or ends with why it cannot. */
static void guard_release(Guard *g)
{
    g->ready = true;
    g->checking = false;
    array_delete(&g->out);
    LspGitRun *run = g->waiting;
    g->waiting = NULL;
    while (run) {
        LspGitRun *next = run->next;
        run->next = NULL;
        run->queued = false;
        if (g->spawn_error || g->timed_out) {
            run->spawn_error = g->spawn_error;
            run->timed_out = g->timed_out;
            end_unstarted(run);
        } else if (g->unsafe) {
            run->unsafe = core_xstrndup(g->unsafe, strlen(g->unsafe));
            end_unstarted(run);
        } else if (!g->repository) {
            /* No repository here: the caller's command runs as it is and says so itself (exit 128). */
            build_argv(run, NULL);
            enqueue(run);
        } else {
            build_argv(run, g);
            enqueue(run);
        }
        run = next;
    }
}

/* A check that did not finish (deadline, cancel, no git): the waiting runs end unrun, and the next one asks again. */
static bool check_failed(Guard *g, const LspGitResult *r)
{
    if (!r->timed_out && !r->cancelled && !r->spawn_error)
        return false;
    g->spawn_error = r->spawn_error ? r->spawn_error : r->timed_out ? 0 : UV_ECANCELED;
    g->timed_out = r->timed_out;
    guard_release(g);
    g->ready = false;
    g->spawn_error = 0;
    g->timed_out = false;
    return true;
}

static void on_guard_out(void *data, const char *bytes, size_t len)
{
    Guard *g = data;
    size_t room = GUARD_OUT_MAX - g->out.size;
    array_extend(&g->out, len < room ? len : room, bytes);
}

/* After `git config -z --name-only --get-regexp ^filter\.`: each driver's programs switched off. */
static void on_filters(void *data, const LspGitResult *r)
{
    Guard *g = data;
    g->check = NULL;
    if (check_failed(g, r))
        return;
    if (!r->ok && r->exit_status != 1) /* 1: no filter configured */
        guard_unsafe(g, core_xasprintf("its configuration cannot be read: %s", *r->err ? r->err : "git config failed"));
    array_push(&g->out, '\0');
    for (const char *name = g->out.contents; !g->unsafe && name < g->out.contents + g->out.size - 1;
         name += strlen(name) + 1) {
        const char *dot = strrchr(name, '.');
        if (strncmp(name, "filter.", 7) != 0 || !dot || dot < name + 7)
            continue;
        int n = (int)(dot - name - 7);
        /* "-c key=value" splits at the first '=': a driver whose name holds one cannot be switched off. */
        if (memchr(name + 7, '=', (size_t)n)) {
            guard_unsafe(g, core_xasprintf("its filter driver \"%.*s\" cannot be switched off", n, name + 7));
            break;
        }
        static const char *const keys[] = {"clean=", "smudge=", "process=", "required=false"};
        for (size_t k = 0; k < 4; k++) {
            array_push(&g->options, core_xstrndup("-c", 2));
            array_push(&g->options, core_xasprintf("filter.%.*s.%s", n, name + 7, keys[k]));
        }
    }
    guard_release(g);
}

/* After `git rev-parse --show-toplevel --absolute-git-dir`: the work tree must hold the folder, from its `.git`. */
static void on_toplevel(void *data, const LspGitResult *r)
{
    Guard *g = data;
    g->check = NULL;
    if (check_failed(g, r))
        return;
    array_push(&g->out, '\0');
    char *nl = strchr(g->out.contents, '\n');
    if (!r->ok || !nl || !strchr(nl + 1, '\n')) {
        guard_release(g); /* no work tree here: not a repository (or a bare one), nothing to pin */
        return;
    }
    *nl = '\0';
    *strchr(nl + 1, '\n') = '\0';
    g->repository = true;
    g->toplevel = core_xstrndup(g->out.contents, strlen(g->out.contents));
    g->gitdir = core_xstrndup(nl + 1, strlen(nl + 1));
    /* Compared with the canonical paths of the platform layer (Git for Windows prints C:/x; realpath C:\x). */
    lsp_platform_path_canonical(g->toplevel);
    lsp_platform_path_canonical(g->gitdir);
    char *dotgit = core_xasprintf("%s/.git", g->toplevel), *config = core_xasprintf("%s/config", g->gitdir);
    identity(dotgit, &g->dotgit_ino, &g->dotgit_mtime);
    identity(config, &g->config_ino, &g->config_mtime);
    char *cwd = lsp_platform_realpath(g->cwd);
    /* A work tree set elsewhere (core.worktree, a .git file's gitdir with one) would list and read outside. */
    if (!cwd || !is_under(cwd, g->toplevel) || g->dotgit_ino == 0)
        guard_unsafe(g, core_xasprintf("its work tree is set to %s, not the folder holding its .git", g->toplevel));
    else if (is_under(git_path(), g->toplevel) || is_under(git_on_path, g->toplevel))
        guard_unsafe(g, core_xasprintf("the git found on PATH (%s) is inside it", git_on_path));
    free(cwd);
    free(dotgit);
    free(config);
    if (g->unsafe) {
        guard_release(g);
        return;
    }
    array_clear(&g->out);
    char *gitdir = core_xasprintf("--git-dir=%s", g->gitdir);
    const char *args[] = {gitdir, "config", "-z", "--name-only", "--get-regexp", "^filter\\."};
    LspGitConfig cfg = {.loop = g->loop, .cwd = g->cwd, .args = args, .arg_count = 6, .timeout_ms = g->timeout_ms,
                        .background = g->background, .data = g, .out = on_guard_out, .done = on_filters};
    g->check = run_new(&cfg, true);
    free(gitdir);
}

static void guard_check(Guard *g)
{
    guard_reset(g);
    /* A git inside the folder is not run even to ask where the repository is. */
    char *cwd = lsp_platform_realpath(g->cwd);
    if (!cwd || is_under(git_path(), cwd) || is_under(git_on_path, cwd)) {
        guard_unsafe(g, core_xasprintf("the git found on PATH (%s) is inside it", git_on_path));
        free(cwd);
        guard_release(g);
        return;
    }
    free(cwd);
    g->checking = true;
    const char *args[] = {"rev-parse", "--show-toplevel", "--absolute-git-dir"};
    LspGitConfig cfg = {.loop = g->loop, .cwd = g->cwd, .args = args, .arg_count = 3, .timeout_ms = g->timeout_ms,
                        .background = g->background, .data = g, .out = on_guard_out, .done = on_toplevel};
    g->check = run_new(&cfg, true);
}

/* ---------------------------------------------------------------- starting */

static void launch(LspGitRun *run)
{
    run->launched = true;
    running++;
    bool notify = false;
    int rc = prepare(run, run->cfg.loop, &notify);
    if (rc < 0) {
        run->spawn_error = rc;
        if (notify)
            close_once((uv_handle_t *)&run->notify);
        end_unstarted(run);
        return;
    }
    /* A pipe that cannot be read is closed: git then ends on SIGPIPE and the run fails. */
    if (uv_read_start((uv_stream_t *)&run->out, on_alloc, on_out) < 0)
        close_out(run);
    if (uv_read_start((uv_stream_t *)&run->err, on_alloc, on_err) < 0)
        close_once((uv_handle_t *)&run->err);
    if (run->cfg.timeout_ms)
        uv_timer_start(&run->timer, on_deadline, run->cfg.timeout_ms, 0);
}

static LspGitRun *run_new(const LspGitConfig *cfg, bool internal)
{
    LspGitRun *run = core_xcalloc(1, sizeof *run);
    run->cfg = *cfg;
    run->internal = internal;
    run->cwd = core_xstrndup(cfg->cwd, strlen(cfg->cwd));
    run->cfg.cwd = run->cwd;
    run->cfg.args = NULL;
    run->args = core_xcalloc(cfg->arg_count + 1, sizeof *run->args);
    args_copy(run->args, cfg->args, cfg->arg_count);
    uv_mutex_init(&run->lock);

    /* Each handle that initialises is closed at the end; `done` runs when the last one is. */
    run->out.data = run->err.data = run->timer.data = run->resume.data = run->notify.data = run;
    int rc = uv_timer_init(cfg->loop, &run->timer);
    bool timer = rc == 0, resume = false, out = false, err = false;
    run->pending = timer;
    if (rc == 0 && (rc = uv_idle_init(cfg->loop, &run->resume)) == 0)
        resume = true, run->pending++;
    if (rc == 0 && (rc = uv_pipe_init(cfg->loop, &run->out, 0)) == 0)
        out = true, run->pending++;
    if (rc == 0 && (rc = uv_pipe_init(cfg->loop, &run->err, 0)) == 0)
        err = true, run->pending++;
    if (rc == 0 && !git_path())
        rc = UV_ENOENT; /* no git on PATH (a relative entry does not count) */
    if (rc < 0) {
        run->spawn_error = rc;
        if (resume)
            close_once((uv_handle_t *)&run->resume);
        if (out)
            close_once((uv_handle_t *)&run->out);
        if (err)
            close_once((uv_handle_t *)&run->err);
        if (timer)
            close_once((uv_handle_t *)&run->timer);
        else
            finish(run); /* no handle to wait for: the only case where `done` runs inside this call */
        return run;
    }
    if (internal) {
        build_argv(run, NULL);
        enqueue(run);
        return run;
    }
    Guard *g = guard_find(run->cwd);
    /* In the order asked: a caller that starts its longest command first (gitstate's side run) has it spawned first. */
    LspGitRun **last = &g->waiting;
    while (*last)
        last = &(*last)->next;
    *last = run;
    run->queued = true;
    if (g->ready && guard_fresh(g)) {
        guard_release(g);
        return run;
    }
    if (!g->checking) {
        g->loop = cfg->loop;
        g->background = cfg->background;
        g->timeout_ms = cfg->timeout_ms;
        guard_check(g);
    }
    return run;
}

LspGitRun *lsp_git_start(const LspGitConfig *cfg)
{
    return run_new(cfg, false);
}

void lsp_git_cancel(LspGitRun *run)
{
    if (run->cancelled)
        return;
    run->cancelled = true;
    if (unqueue(run))
        end_unstarted(run);
    else if (run->launched)
        stop(run);
}

bool lsp_git_stopping(const LspGitRun *run)
{
    return run->cancelled || run->timed_out;
}

void lsp_git_records(LspGitCarry *carry, const char *bytes, size_t len, char sep,
                     void (*fn)(void *data, const char *record, size_t len), void *data)
{
    const char *p = bytes, *end = bytes + len;
    while (p < end) {
        const char *stop = memchr(p, sep, (size_t)(end - p));
        if (!stop) {
            array_extend(carry, (size_t)(end - p), p);
            return;
        }
        if (carry->size) {
            array_extend(carry, (size_t)(stop - p), p);
            fn(data, carry->contents, carry->size);
            array_clear(carry);
        } else {
            fn(data, p, (size_t)(stop - p));
        }
        p = stop + 1;
    }
}
