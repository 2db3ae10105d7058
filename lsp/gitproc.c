/* gitproc.c — runs one git command on the loop: argument vector, safety options, streamed output, deadline, kill. */
#include "gitproc.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

enum {
    ERR_TEXT_MAX = 400, /* how much of git's stderr is kept for the log line */
    READ_SIZE = 65536,
    SAFETY_ARGS = 4,    /* -c core.fsmonitor=false --no-optional-locks */
};

struct LspGitRun {
    LspGitConfig cfg;
    char *cwd;
    uv_process_t proc;
    uv_pipe_t out, err;
    uv_timer_t timer;
    uv_idle_t resume;   /* reading stdout again on the next loop turn */
    int pending;        /* handles still open: done runs when it drops to zero */
    int spawn_error;
    bool exited, timed_out, cancelled;
    int64_t exit_status;
    int term_signal;
    Array(char) errtext;
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

static void kill_now(LspGitRun *run)
{
    if (!run->exited && !run->spawn_error && !uv_is_closing((uv_handle_t *)&run->proc))
        uv_process_kill(&run->proc, SIGTERM);
    close_pipes(run);
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

static void on_exit(uv_process_t *proc, int64_t status, int signal)
{
    LspGitRun *run = proc->data;
    run->exited = true;
    run->exit_status = status;
    run->term_signal = signal;
    uv_timer_stop(&run->timer);
    close_once((uv_handle_t *)proc);
    close_once((uv_handle_t *)&run->timer);
}

static void on_deadline(uv_timer_t *timer)
{
    LspGitRun *run = timer->data;
    run->timed_out = true;
    if (!run->exited && !run->spawn_error)
        uv_process_kill(&run->proc, SIGKILL); /* a hung git may ignore SIGTERM (a stuck filesystem, a lock wait) */
    close_pipes(run);
}

LspGitRun *lsp_git_start(const LspGitConfig *cfg)
{
    LspGitRun *run = core_xcalloc(1, sizeof *run);
    run->cfg = *cfg;
    run->cwd = core_xstrndup(cfg->cwd, strlen(cfg->cwd));
    run->cfg.cwd = run->cwd;
    run->cfg.args = NULL;
    char **argv = core_xcalloc(1 + SAFETY_ARGS + cfg->arg_count + 1, sizeof *argv);
    size_t n = 0;
    argv[n++] = "git";
    /* A repository's own config must not make git run a program (an fsmonitor hook runs on index refresh). */
    argv[n++] = "-c";
    argv[n++] = "core.fsmonitor=false";
    argv[n++] = "--no-optional-locks"; /* never take the index lock from the user's own git */
    for (size_t i = 0; i < cfg->arg_count; i++)
        argv[n++] = (char *)cfg->args[i];
    argv[n] = NULL;

    /* Each handle that initialises is closed at the end; `done` runs when the last one is. */
    run->out.data = run->err.data = run->proc.data = run->timer.data = run->resume.data = run;
    int rc = uv_timer_init(cfg->loop, &run->timer);
    bool timer = rc == 0, resume = false, out = false, err = false;
    run->pending = timer;
    if (rc == 0 && (rc = uv_idle_init(cfg->loop, &run->resume)) == 0)
        resume = true, run->pending++;
    if (rc == 0 && (rc = uv_pipe_init(cfg->loop, &run->out, 0)) == 0)
        out = true, run->pending++;
    if (rc == 0 && (rc = uv_pipe_init(cfg->loop, &run->err, 0)) == 0)
        err = true, run->pending++;
    if (rc == 0) {
        uv_stdio_container_t stdio[3] = {
            {.flags = UV_IGNORE},
            {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&run->out},
            {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&run->err},
        };
        uv_process_options_t opts = {
            .exit_cb = on_exit,
            .file = "git",
            .args = argv,
            .cwd = run->cwd,
            .stdio_count = 3,
            .stdio = stdio,
        };
        rc = uv_spawn(cfg->loop, &run->proc, &opts);
        run->pending++; /* the process handle is initialised even when spawning fails */
        if (rc < 0)
            close_once((uv_handle_t *)&run->proc);
    }
    free(argv);
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
    /* Background work yields the processor to the editor and the server (as clangd's background index does). */
    if (cfg->background)
        uv_os_setpriority(run->proc.pid, UV_PRIORITY_BELOW_NORMAL);
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
    kill_now(run);
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
