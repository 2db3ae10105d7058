/* transport.c — stdin reader (stream or regular file, as neovim does) and an ordered stdout write queue. */
#include "support/transport.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "progress/alloc.h"

#define READ_CHUNK 65536

typedef union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_pipe_t pipe;
    uv_tty_t tty;
    uv_tcp_t tcp;
} Stream;

/* One queued message: owns its header and body until written. */
typedef struct WriteReq {
    union {
        uv_write_t write;
        uv_fs_t fs;
    } req;
    LspTransport *t;
    struct WriteReq *next; /* file output: the queue */
    uv_buf_t *bufs;        /* the header, then the body's runs and the pieces spliced between them */
    unsigned nbufs;
    unsigned first_buf;    /* file output: bufs before this one are written */
    uv_buf_t two[2];       /* bufs of a message without pieces */
    char header[40];       /* "Content-Length: " (16), up to 20 digits, "\r\n\r\n" */
    char *body;
    size_t cap;
    LspOutSplice *splices; /* owned, with their references: released once written */
    size_t splice_count;
    size_t bytes; /* header and body */
} WriteReq;

/*
 * A pipe libuv cannot drive as a stream (wine's stdio pipes refuse the named-pipe calls) is read by a thread of its
 * own, one blocking read at a time, each handed to the loop through `wake`. Not on the loop's thread pool: a read
 * there is a request the loop waits for, so after `exit` the process lived on until the client closed its end. The
 * loop and the thread share the reader: whichever lets go last frees it; a thread still blocked in a read when the
 * process ends goes with the process.
 */
typedef struct {
    uv_mutex_t lock;
    uv_sem_t go; /* posted by the loop: read once more, or (abandoned) stop */
    uv_async_t wake;
    int fd;
    int refs;       /* the loop's and the thread's */
    bool abandoned; /* the loop closed `wake`: the thread must not touch it */
    ssize_t n;      /* the last read's result: bytes, 0 at the end, or a libuv error code */
    char buf[READ_CHUNK];
} PipeReader;

struct LspTransport {
    uv_loop_t *loop;
    const LspTransportCallbacks *cb;
    void *data;
    int in_fd, out_fd;
    uv_handle_type in_type, out_type;
    Stream in, out;
    bool in_is_handle, out_is_handle;
    uv_fs_t read_req;
    bool read_in_flight;
    int64_t read_offset; /* a regular file's */
    PipeReader *reader;  /* a pipe read by a thread of its own, or NULL */
    WriteReq *fs_head, *fs_tail; /* file output: queued, the head being written */
    size_t pending;
    size_t queued_bytes; /* headers and bodies of the messages not yet written */
    char *spare; /* the largest written buffer, for reuse */
    size_t spare_cap;
    struct WriteReq *spare_req; /* a written request, for the next (each write would otherwise free one, and a
                                   free that meets the heap's top makes malloc sweep its small chunks) */
    uv_timer_t defer; /* reports a write error on the next loop turn, never inside lsp_transport_write_take */
    bool defer_ready;
    int write_err;
    int busy; /* handles being closed and reads in flight that closing waits for */
    bool reading, closing, closed_out, failed, ended;
    bool paused; /* lsp_transport_pause: no read is started until resumed */
    char rbuf[READ_CHUNK];
};

static bool is_stream(uv_handle_type type)
{
    return type == UV_NAMED_PIPE || type == UV_TTY || type == UV_TCP;
}

/* Both stdin and stdout pipes are widened (lsp_platform_pipe_widen: a large message in one write). */
static int stream_open(uv_loop_t *loop, uv_handle_type type, int fd, Stream *s)
{
    int err;
    switch (type) {
    case UV_NAMED_PIPE:
        lsp_platform_pipe_widen(fd);
        if ((err = uv_pipe_init(loop, &s->pipe, 0)) < 0)
            return err;
        if ((err = uv_pipe_open(&s->pipe, fd)) < 0)
            uv_close(&s->handle, NULL);
        return err;
    case UV_TTY:
        return uv_tty_init(loop, &s->tty, fd, 0);
    case UV_TCP:
        if ((err = uv_tcp_init(loop, &s->tcp)) < 0)
            return err;
        if ((err = uv_tcp_open(&s->tcp, fd)) < 0)
            uv_close(&s->handle, NULL);
        return err;
    default:
        return UV_EINVAL;
    }
}

static void maybe_closed(LspTransport *t)
{
    if (t->closing && t->busy == 0 && t->closed_out && t->cb->on_closed)
        t->cb->on_closed(t->data);
}

static void on_handle_closed(uv_handle_t *h)
{
    LspTransport *t = h->data;
    t->busy--;
    maybe_closed(t);
}

static void close_out(LspTransport *t)
{
    if (t->closed_out)
        return;
    t->closed_out = true;
    if (t->out_is_handle) {
        t->busy++;
        uv_close(&t->out.handle, on_handle_closed);
    }
}

static void ended(LspTransport *t, int err)
{
    if (t->ended)
        return;
    t->ended = true;
    if (!t->closing)
        t->cb->on_eof(t->data, err);
}

/* ---------------------------------------------------------------- reading */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    LspTransport *t = h->data;
    (void)suggested;
    *buf = uv_buf_init(t->rbuf, sizeof t->rbuf);
}

static void on_stream_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    LspTransport *t = s->data;
    (void)buf;
    if (nread > 0 && !t->closing)
        t->cb->on_read(t->data, t->rbuf, (size_t)nread);
    else if (nread < 0) {
        uv_read_stop(s);
        t->reading = false;
        ended(t, nread == UV_EOF ? 0 : (int)nread);
    }
}

static void start_file_read(LspTransport *t);

static void on_file_read(uv_fs_t *req)
{
    LspTransport *t = req->data;
    ssize_t n = req->result;
    uv_fs_req_cleanup(req);
    t->read_in_flight = false;
    if (t->closing) {
        t->busy--;
        maybe_closed(t);
        return;
    }
    if (n <= 0) {
        ended(t, (int)n);
        return;
    }
    if (t->read_offset >= 0)
        t->read_offset += n;
    t->cb->on_read(t->data, t->rbuf, (size_t)n);
    if (!t->closing && !t->ended && !t->paused && !t->read_in_flight)
        start_file_read(t);
}

static void pipe_reader_release(PipeReader *r)
{
    uv_mutex_lock(&r->lock);
    bool last = --r->refs == 0;
    uv_mutex_unlock(&r->lock);
    if (!last)
        return;
    uv_sem_destroy(&r->go);
    uv_mutex_destroy(&r->lock);
    free(r);
}

/* The reader's thread: a blocking read each time the loop asks, until the end, an error or the loop lets go. */
static void pipe_reader_run(void *arg)
{
    PipeReader *r = arg;
    for (;;) {
        uv_sem_wait(&r->go);
        uv_mutex_lock(&r->lock);
        bool stop = r->abandoned;
        uv_mutex_unlock(&r->lock);
        if (stop)
            break;
        uv_fs_t req;
        uv_buf_t buf = uv_buf_init(r->buf, sizeof r->buf);
        ssize_t n = uv_fs_read(NULL, &req, r->fd, &buf, 1, -1, NULL);
        uv_fs_req_cleanup(&req);
        uv_mutex_lock(&r->lock);
        stop = r->abandoned;
        if (!stop) {
            r->n = n;
            uv_async_send(&r->wake);
        }
        uv_mutex_unlock(&r->lock);
        if (stop || n <= 0)
            break;
    }
    pipe_reader_release(r);
}

/* A read of the reader's thread has returned (one at a time: the thread waits for `go` before the next). */
static void on_pipe_read(uv_async_t *wake)
{
    LspTransport *t = wake->data;
    PipeReader *r = t->reader;
    uv_mutex_lock(&r->lock);
    ssize_t n = r->n;
    uv_mutex_unlock(&r->lock);
    t->read_in_flight = false;
    if (t->closing)
        return;
    if (n <= 0) {
        ended(t, (int)n);
        return;
    }
    t->cb->on_read(t->data, r->buf, (size_t)n);
    if (!t->closing && !t->ended && !t->paused && !t->read_in_flight)
        start_file_read(t);
}

static int pipe_reader_start(LspTransport *t)
{
    PipeReader *r = core_xcalloc(1, sizeof *r);
    r->fd = t->in_fd;
    r->refs = 2;
    int err = uv_mutex_init(&r->lock);
    if (err < 0) {
        free(r);
        return err;
    }
    if ((err = uv_sem_init(&r->go, 0)) < 0) {
        uv_mutex_destroy(&r->lock);
        free(r);
        return err;
    }
    if ((err = uv_async_init(t->loop, &r->wake, on_pipe_read)) < 0 ||
        (err = lsp_platform_thread_detached(pipe_reader_run, r, 256 * 1024)) < 0) {
        if (uv_is_active((uv_handle_t *)&r->wake))
            uv_close((uv_handle_t *)&r->wake, NULL); /* the memory lives on: a reader that never started is not freed */
        else {
            uv_sem_destroy(&r->go);
            uv_mutex_destroy(&r->lock);
            free(r);
        }
        return err;
    }
    r->wake.data = t;
    t->reader = r;
    start_file_read(t);
    return 0;
}

static void on_reader_closed(uv_handle_t *h)
{
    LspTransport *t = h->data;
    PipeReader *r = t->reader;
    t->reader = NULL;
    pipe_reader_release(r);
    t->busy--;
    maybe_closed(t);
}

/* Lets the reader go: its thread ends at its next turn, or with the process if it is blocked in a read. */
static void pipe_reader_close(LspTransport *t)
{
    PipeReader *r = t->reader;
    uv_mutex_lock(&r->lock);
    r->abandoned = true;
    uv_mutex_unlock(&r->lock);
    uv_sem_post(&r->go);
    r->wake.data = t;
    t->busy++;
    uv_close((uv_handle_t *)&r->wake, on_reader_closed);
}

static void start_file_read(LspTransport *t)
{
    if (t->reader) {
        t->read_in_flight = true;
        uv_sem_post(&t->reader->go);
        return;
    }
    uv_buf_t buf = uv_buf_init(t->rbuf, sizeof t->rbuf);
    t->read_req.data = t;
    /* An explicit offset: a regular file may be shared with the parent, whose position must not matter. */
    int err = uv_fs_read(t->loop, &t->read_req, t->in_fd, &buf, 1, t->read_offset, on_file_read);
    if (err < 0) {
        ended(t, err);
        return;
    }
    t->read_in_flight = true;
}

/* ---------------------------------------------------------------- writing */

static void recycle(LspTransport *t, char *buf, size_t cap)
{
    if (cap > t->spare_cap) {
        free(t->spare);
        t->spare = buf;
        t->spare_cap = cap;
    } else {
        free(buf);
    }
}

char *lsp_transport_spare(LspTransport *t, size_t *cap)
{
    char *buf = t->spare;
    *cap = t->spare_cap;
    t->spare = NULL;
    t->spare_cap = 0;
    return buf;
}

static void on_deferred_error(uv_timer_t *timer)
{
    LspTransport *t = timer->data;
    if (!t->closing)
        t->cb->on_write_error(t->data, t->write_err);
}

static void write_done(LspTransport *t, WriteReq *w, int status)
{
    t->queued_bytes -= w->bytes;
    recycle(t, w->body, w->cap);
    lsp_out_splices_free(w->splices, w->splice_count);
    if (w->bufs != w->two)
        free(w->bufs);
    if (t->spare_req)
        free(w);
    else
        t->spare_req = w;
    t->pending--;
    /* A failed write may be reported from inside lsp_transport_write_take, under a handler: as libuv does for
     * its own errors, the callback runs on the next loop turn instead. */
    if (status < 0 && status != UV_ECANCELED && !t->failed) {
        t->failed = true;
        t->write_err = status;
        if (!t->closing && t->defer_ready)
            uv_timer_start(&t->defer, on_deferred_error, 0, 0);
    }
    if (t->closing && t->pending == 0)
        close_out(t);
}

/* After a write finished on the loop (never inside lsp_transport_write_take): the reader may be waiting for room. */
static void written(LspTransport *t)
{
    if (t->cb->on_written && !t->closing && !t->failed)
        t->cb->on_written(t->data);
}

static void on_stream_write(uv_write_t *req, int status)
{
    WriteReq *w = req->data;
    LspTransport *t = w->t;
    write_done(t, w, status);
    written(t);
}

static void start_file_write(LspTransport *t);

static void on_file_write(uv_fs_t *req)
{
    WriteReq *w = req->data;
    LspTransport *t = w->t;
    ssize_t n = req->result;
    uv_fs_req_cleanup(req);
    if (n >= 0) {
        /* A short write: advance through the buffers and write the rest. */
        while (w->first_buf < w->nbufs && (size_t)n >= w->bufs[w->first_buf].len)
            n -= (ssize_t)w->bufs[w->first_buf++].len;
        if (w->first_buf < w->nbufs) {
            w->bufs[w->first_buf].base += n;
            w->bufs[w->first_buf].len -= (size_t)n;
            start_file_write(t);
            return;
        }
    }
    t->fs_head = w->next;
    if (!t->fs_head)
        t->fs_tail = NULL;
    write_done(t, w, n < 0 ? (int)n : 0);
    if (t->fs_head && !t->failed)
        start_file_write(t);
    else
        while (t->fs_head) {
            WriteReq *d = t->fs_head;
            t->fs_head = d->next;
            write_done(t, d, UV_ECANCELED);
        }
    written(t);
}

static void start_file_write(LspTransport *t)
{
    WriteReq *w = t->fs_head;
    w->req.fs.data = w;
    int err = uv_fs_write(t->loop, &w->req.fs, t->out_fd, w->bufs + w->first_buf, w->nbufs - w->first_buf, -1,
                          on_file_write);
    if (err < 0) {
        w->req.fs.result = err;
        on_file_write(&w->req.fs);
    }
}

void lsp_transport_write_take(LspTransport *t, char *body, size_t len, size_t cap)
{
    lsp_transport_write_spliced_take(t, body, len, cap, NULL, 0);
}

/* The buffers of `w`: its header (`header_len` bytes, written before), then the body's runs with each piece spliced
   before its place. */
static void spliced_bufs(WriteReq *w, size_t header_len, size_t len)
{
    w->nbufs = 1;
    w->bufs = w->splice_count ? core_xmalloc((2 * w->splice_count + 2) * sizeof *w->bufs) : w->two;
    w->bufs[0] = uv_buf_init(w->header, (unsigned)header_len);
    size_t from = 0;
    for (size_t i = 0; i < w->splice_count; i++) {
        const LspOutSplice *sp = &w->splices[i];
        if (sp->at > from)
            w->bufs[w->nbufs++] = uv_buf_init(w->body + from, (unsigned)(sp->at - from));
        w->bufs[w->nbufs++] = uv_buf_init(sp->piece->bytes + sp->off, (unsigned)sp->len);
        from = sp->at;
    }
    if (len > from || !w->splice_count)
        w->bufs[w->nbufs++] = uv_buf_init(w->body + from, (unsigned)(len - from));
}

void lsp_transport_write_spliced_take(LspTransport *t, char *body, size_t len, size_t cap, LspOutSplice *splices,
                                      size_t count)
{
    if (t->failed || t->closed_out) {
        free(body);
        lsp_out_splices_free(splices, count);
        return;
    }
    size_t spliced = 0;
    for (size_t i = 0; i < count; i++)
        spliced += splices[i].len;
    WriteReq *w = t->spare_req;
    if (w) {
        t->spare_req = NULL;
        memset(w, 0, sizeof *w);
    } else {
        w = core_xcalloc(1, sizeof *w);
    }
    w->t = t;
    w->body = body;
    w->cap = cap;
    w->splices = splices;
    w->splice_count = count;
    /* Digits as lsp_out writes them: snprintf took as long here as the rest of a keystroke's write. */
    static const char name[] = "Content-Length: ";
    memcpy(w->header, name, sizeof name - 1);
    char *end = lsp_out_at_uint(w->header + sizeof name - 1, len + spliced);
    memcpy(end, "\r\n\r\n", 4);
    size_t header_len = (size_t)(end + 4 - w->header);
    spliced_bufs(w, header_len, len);
    w->bytes = header_len + len + spliced;
    t->pending++;
    t->queued_bytes += w->bytes;
    if (t->out_is_handle) {
        w->req.write.data = w;
        int err = uv_write(&w->req.write, &t->out.stream, w->bufs, w->nbufs, on_stream_write);
        if (err < 0)
            write_done(t, w, err);
        return;
    }
    if (t->fs_tail)
        t->fs_tail->next = w;
    else
        t->fs_head = w;
    t->fs_tail = w;
    if (t->fs_head == w)
        start_file_write(t);
}

bool lsp_transport_input_waiting(const LspTransport *t)
{
    /* Only a stream being read: a regular file always polls readable, and paused or ended input is not read. */
    if (!t->in_is_handle || !t->reading || t->closing || t->ended)
        return false;
    uv_os_fd_t fd; /* the handle's own: libuv may reopen a tty */
    if (uv_fileno(&t->in.handle, &fd) < 0)
        return false;
    return lsp_platform_input_ready(fd);
}

size_t lsp_transport_unread(const LspTransport *t)
{
    uv_os_fd_t fd;
    if (!t->out_is_handle || t->out_type != UV_NAMED_PIPE || t->closed_out || uv_fileno(&t->out.handle, &fd) < 0)
        return 0;
    return lsp_platform_pipe_unread(fd);
}

size_t lsp_transport_pending(const LspTransport *t)
{
    return t->pending;
}

size_t lsp_transport_queued_bytes(const LspTransport *t)
{
    return t->queued_bytes;
}

void lsp_transport_pause(LspTransport *t, bool pause)
{
    if (pause == t->paused || t->closing || t->ended)
        return;
    t->paused = pause;
    if (t->in_is_handle) {
        if (pause && t->reading) {
            uv_read_stop(&t->in.stream);
            t->reading = false;
        } else if (!pause && !t->reading) {
            int err = uv_read_start(&t->in.stream, on_alloc, on_stream_read);
            if (err < 0)
                ended(t, err);
            else
                t->reading = true;
        }
    } else if (!pause && !t->read_in_flight) {
        start_file_read(t);
    }
}

/* ---------------------------------------------------------------- lifetime */

int lsp_transport_start(uv_loop_t *loop, int in_fd, int out_fd, const LspTransportCallbacks *cb, void *data,
                        LspTransport **out)
{
    LspTransport *t = core_xcalloc(1, sizeof *t);
    t->loop = loop;
    t->cb = cb;
    t->data = data;
    t->in_fd = in_fd;
    t->out_fd = out_fd;
    t->in_type = uv_guess_handle(in_fd);
    t->out_type = uv_guess_handle(out_fd);
    int err = uv_timer_init(loop, &t->defer);
    if (err < 0)
        goto fail;
    t->defer.data = t;
    t->defer_ready = true;
    /* A pipe libuv cannot drive as a stream (wine's stdio pipes refuse the named-pipe calls) is written as a file
     * (blocking calls on the thread pool, in order, at no offset) and read by a thread of its own (PipeReader). */
    if (is_stream(t->out_type) && (err = stream_open(loop, t->out_type, out_fd, &t->out)) < 0) {
        if (t->out_type != UV_NAMED_PIPE)
            goto fail;
        t->out_type = UV_FILE;
    } else if (is_stream(t->out_type)) {
        t->out.handle.data = t;
        t->out_is_handle = true;
    } else if (t->out_type != UV_FILE) {
        err = UV_EINVAL;
        goto fail;
    }
    if (is_stream(t->in_type) && (err = stream_open(loop, t->in_type, in_fd, &t->in)) < 0) {
        if (t->in_type != UV_NAMED_PIPE)
            goto fail;
        t->in_type = UV_FILE;
        if ((err = pipe_reader_start(t)) < 0)
            goto fail;
    } else if (is_stream(t->in_type)) {
        t->in.handle.data = t;
        t->in_is_handle = true;
        if ((err = uv_read_start(&t->in.stream, on_alloc, on_stream_read)) < 0)
            goto fail;
        t->reading = true;
    } else if (t->in_type == UV_FILE) {
        start_file_read(t);
    } else {
        err = UV_EINVAL;
        goto fail;
    }
    *out = t;
    return 0;
fail:
    if (t->defer_ready)
        uv_close((uv_handle_t *)&t->defer, NULL);
    if (t->in_is_handle)
        uv_close(&t->in.handle, NULL);
    if (t->out_is_handle)
        uv_close(&t->out.handle, NULL);
    /* The closes complete on the next loop turn; the memory must outlive them. */
    t->closing = true;
    t->closed_out = true;
    *out = t;
    return err;
}

void lsp_transport_close(LspTransport *t)
{
    if (t->closing)
        return;
    t->closing = true;
    if (t->defer_ready) {
        t->busy++;
        uv_close((uv_handle_t *)&t->defer, on_handle_closed);
    }
    if (t->in_is_handle) {
        if (t->reading)
            uv_read_stop(&t->in.stream);
        t->busy++;
        uv_close(&t->in.handle, on_handle_closed);
    } else if (t->reader) {
        pipe_reader_close(t); /* never waits for a read in flight: it returns only when the client writes or closes */
    } else if (t->read_in_flight) {
        t->busy++; /* on_file_read sees `closing` and finishes */
    }
    if (t->pending == 0)
        close_out(t);
    maybe_closed(t);
}

void lsp_transport_free(LspTransport *t)
{
    if (!t)
        return;
    free(t->spare);
    free(t->spare_req);
    free(t);
}
