/* process.c — runs one git command for a loop: spawned on a thread of its own, argument vector, safety options, streamed output, deadline, kill. */
#include "git/process.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

enum {
    ERR_TEXT_MAX = 400, /* how much of git's stderr is kept for the log line */
    READ_SIZE = 65536,
    SPAWNER_STACK = 1 << 20,
};

/*
 * Two threads share a run. The caller's loop owns the pipes' read ends, the deadline and everything the
 * callbacks see; the spawning thread owns a private loop with the process handle. Between them, under
 * `lock`: the kill asked for (sent through `wake` while that is open) and how the process ended (handed
 * over once through `notify` when the thread is done).
 */
struct LspGitRun {
    LspGitConfig cfg;
    char *cwd;
    char **argv;        /* owned copies */
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
    uv_thread_t thread;
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
    };
    run->cfg.done(run->cfg.data, &r);
    array_delete(&run->errtext);
    for (size_t i = 0; run->argv && run->argv[i]; i++)
        free(run->argv[i]);
    free(run->argv);
    uv_mutex_destroy(&run->lock);
    free(run->cwd);
    free(run);
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

static void on_deadline(uv_timer_t *timer)
{
    LspGitRun *run = timer->data;
    run->timed_out = true;
    kill_ask(run, SIGKILL); /* a hung git may ignore SIGTERM (a stuck filesystem, a lock wait) */
    close_pipes(run);
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
        uv_os_setpriority(0, UV_PRIORITY_BELOW_NORMAL);
    uv_stdio_container_t stdio[3] = {
        {.flags = UV_IGNORE},
        {.flags = UV_INHERIT_FD, .data.fd = run->child_out},
        {.flags = UV_INHERIT_FD, .data.fd = run->child_err},
    };
    uv_process_options_t opts = {
        .exit_cb = on_exit,
        .file = "git",
        .args = run->argv,
        .cwd = run->cwd,
        .stdio_count = 3,
        .stdio = stdio,
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
        uv_thread_options_t topts = {.flags = UV_THREAD_HAS_STACK_SIZE, .stack_size = SPAWNER_STACK};
        rc = uv_thread_create_ex(&run->thread, &topts, worker, run);
        if (rc == 0)
            pthread_detach(run->thread);
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

/* Copies `n` arguments to `to` (owned copies); returns where the next go. */
static char **args_copy(char **to, const char *const *from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *to++ = core_xstrndup(from[i], strlen(from[i]));
    return to;
}

LspGitRun *lsp_git_start(const LspGitConfig *cfg)
{
    LspGitRun *run = core_xcalloc(1, sizeof *run);
    run->cfg = *cfg;
    run->cwd = core_xstrndup(cfg->cwd, strlen(cfg->cwd));
    run->cfg.cwd = run->cwd;
    run->cfg.args = NULL;
    static const char *const head[] = {
        "git",
        /* A repository's own config must not make git run a program (an fsmonitor hook runs on index refresh). */
        "-c",
        "core.fsmonitor=false",
        "--no-optional-locks", /* never take the index lock from the user's own git */
    };
    /* Background git keeps to one processor: its index refresh otherwise lstat()s from threads on every core (140%
     * CPU for `git status` of 100,000 files here), beside the editor and the server on a 2-core machine. */
    static const char *const one_core[] = {"-c", "core.preloadIndex=false"};
    size_t extra = cfg->background ? sizeof one_core / sizeof one_core[0] : 0;
    run->argv = core_xcalloc(sizeof head / sizeof head[0] + extra + cfg->arg_count + 1, sizeof *run->argv);
    char **at = args_copy(run->argv, head, sizeof head / sizeof head[0]);
    at = args_copy(at, one_core, extra);
    args_copy(at, cfg->args, cfg->arg_count);
    uv_mutex_init(&run->lock);

    /* Each handle that initialises is closed at the end; `done` runs when the last one is. */
    run->out.data = run->err.data = run->timer.data = run->resume.data = run->notify.data = run;
    int rc = uv_timer_init(cfg->loop, &run->timer);
    bool timer = rc == 0, resume = false, out = false, err = false, notify = false;
    run->pending = timer;
    if (rc == 0 && (rc = uv_idle_init(cfg->loop, &run->resume)) == 0)
        resume = true, run->pending++;
    if (rc == 0 && (rc = uv_pipe_init(cfg->loop, &run->out, 0)) == 0)
        out = true, run->pending++;
    if (rc == 0 && (rc = uv_pipe_init(cfg->loop, &run->err, 0)) == 0)
        err = true, run->pending++;
    if (rc == 0)
        rc = prepare(run, cfg->loop, &notify);
    if (rc < 0) {
        run->spawn_error = rc;
        if (notify)
            close_once((uv_handle_t *)&run->notify);
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
    /* A pipe that cannot be read is closed: git then ends on SIGPIPE and the run fails. */
    if (uv_read_start((uv_stream_t *)&run->out, on_alloc, on_out) < 0)
        close_out(run);
    if (uv_read_start((uv_stream_t *)&run->err, on_alloc, on_err) < 0)
        close_once((uv_handle_t *)&run->err);
    if (cfg->timeout_ms)
        uv_timer_start(&run->timer, on_deadline, cfg->timeout_ms, 0);
    return run;
}

void lsp_git_cancel(LspGitRun *run)
{
    if (run->cancelled)
        return;
    run->cancelled = true;
    kill_ask(run, SIGTERM);
    close_pipes(run);
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
