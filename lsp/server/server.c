/* server.c — the connection: bytes → frames → a queue of messages (backpressure, cancellation) → dispatch. */
#include "server/server.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "platform/platform.h"
#include "server/dispatch.h"
#include "support/log.h"

#define PARENT_POLL_MS 1000

/*
 * Backpressure. Messages are handled in order from a queue; while more than OUT_LIMIT bytes of output wait
 * for a client that does not read, no more are handled (the one that crossed the bound is written whole), and
 * input is read on only until IN_LIMIT_BYTES or IN_LIMIT_MESSAGES are queued, then left in the pipe. Reading
 * on meanwhile lets a $/cancelRequest reach a request still queued. Memory stays bounded by the two limits
 * plus one answer whatever the client does; nothing is dropped: the queue is handled as the output drains.
 */
#define OUT_LIMIT ((size_t)16 << 20)
#define IN_LIMIT_BYTES ((size_t)8 << 20)
#define IN_LIMIT_MESSAGES 1024

/* ---------------------------------------------------------------- output */

void lsp_server_out_init(LspServer *s, LspOut *o)
{
    size_t cap;
    char *buf = lsp_transport_spare(s->transport, &cap);
    lsp_out_init_take(o, buf, cap);
}

void lsp_server_send_take(LspServer *s, LspOut *o)
{
    if (lsp_log_enabled(LSP_LOG_DEBUG))
        lsp_out_flatten(o); /* the log shows the message's start as it is sent */
    /* The pieces spliced in (kept outline sections) go to the transport by reference: written, never copied. */
    LspOutSplice *splices;
    size_t len, cap, count;
    s->answered += o->len + o->spliced;
    s->unconfirmed += o->len + o->spliced;
    char *body = lsp_out_steal_spliced(o, &len, &cap, &splices, &count);
    if (lsp_log_enabled(LSP_LOG_DEBUG))
        lsp_log(LSP_LOG_DEBUG, "--> %.*s", len > 400 ? 400 : (int)len, body);
    lsp_transport_write_spliced_take(s->transport, body, len, cap, splices, count);
}

void lsp_server_notify_new(LspServer *s, const char *method, json_t *params)
{
    LspOut o;
    lsp_out_init(&o);
    lsp_rpc_notification_begin(&o, method);
    lsp_out_json(&o, params);
    lsp_rpc_notification_end(&o);
    json_decref(params);
    lsp_server_send_take(s, &o);
}

void lsp_server_request_new(LspServer *s, const char *method, json_t *params, LspResponseFn fn, void *data)
{
    int64_t id = ++s->next_request_id;
    LspOut o;
    lsp_out_init(&o);
    lsp_rpc_write_request(&o, id, method, params);
    json_decref(params);
    lsp_server_send_take(s, &o);
    array_push(&s->requests, ((LspPendingRequest){id, fn, data}));
}

void lsp_server_log_message(LspServer *s, int type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = core_xvasprintf(fmt, ap);
    va_end(ap);
    static const LspLogLevel levels[] = {LSP_LOG_ERROR, LSP_LOG_ERROR, LSP_LOG_WARN, LSP_LOG_INFO, LSP_LOG_DEBUG};
    lsp_log(levels[type >= 1 && type <= 4 ? type : 4], "%s", text);
    lsp_server_notify_new(s, "window/logMessage", json_pack("{s:i,s:s}", "type", type, "message", text));
    free(text);
}

/* ---------------------------------------------------------------- lifetime */

static void on_handle_closed(uv_handle_t *h)
{
    (void)h;
}

void lsp_server_add_hooks(LspServer *s, const LspServerHooks *hooks)
{
    array_push(&s->hooks, *hooks);
}

static void on_stop_timer(uv_timer_t *timer)
{
    LspServer *s = timer->data;
    lsp_log(LSP_LOG_INFO, "stopping with exit code %d", s->exit_code);
    if (s->diags_timer_ready) {
        uv_close((uv_handle_t *)&s->diags_timer, on_handle_closed);
        s->diags_timer_ready = false;
    }
    if (s->parent_watched) {
        uv_timer_stop(&s->parent_timer);
        uv_close((uv_handle_t *)&s->parent_timer, on_handle_closed);
        s->parent_watched = false;
    }
    for (int i = 0; i < s->signal_count; i++)
        uv_close((uv_handle_t *)&s->signals[i], on_handle_closed);
    s->signal_count = 0;
    for (uint32_t i = 0; i < s->hooks.size; i++)
        if (s->hooks.contents[i].stop)
            s->hooks.contents[i].stop(s->hooks.contents[i].data);
    lsp_transport_close(s->transport);
    uv_close((uv_handle_t *)&s->stop_timer, on_handle_closed);
}

void lsp_server_stop(LspServer *s, int exit_code)
{
    if (s->stopping)
        return;
    s->stopping = true;
    s->exit_code = exit_code;
    uv_timer_start(&s->stop_timer, on_stop_timer, 0, 0);
}

/* Every message read is handled and the output written: what the table runs then (the diagnostics push). */
static void idle(LspServer *s)
{
    if (s->methods->idle)
        s->methods->idle(s);
}

/* One message through the table's rules; an answer they write is sent from here. */
static void dispatch(LspServer *s, LspMessage *m)
{
    if (!lsp_dispatch_answers(m)) {
        lsp_dispatch(s, s->state, s->methods, m, NULL);
        return;
    }
    LspOut reply;
    lsp_server_out_init(s, &reply);
    lsp_dispatch(s, s->state, s->methods, m, &reply);
    lsp_server_send_take(s, &reply);
}

static void on_diags_timer(uv_timer_t *timer)
{
    LspServer *s = timer->data;
    if (!s->stopping && s->queue_head == s->queue.size && lsp_transport_queued_bytes(s->transport) == 0)
        idle(s); /* else the pump or the end of the writes flushes */
}

void lsp_server_flush_later(LspServer *s)
{
    if (s->diags_timer_ready && !s->stopping)
        uv_timer_start(&s->diags_timer, on_diags_timer, 1, 0);
}

static void on_parent_timer(uv_timer_t *timer)
{
    LspServer *s = timer->data;
    if (!lsp_platform_process_alive((long)s->parent_pid)) {
        lsp_log(LSP_LOG_WARN, "the editor process %lld is gone; exiting", (long long)s->parent_pid);
        lsp_server_stop(s, 1);
    }
}

void lsp_server_watch_parent(LspServer *s, int64_t pid)
{
    if (s->parent_watched || pid <= 0 || pid > INT32_MAX)
        return;
    /* A pid that is already absent is likely from another pid namespace (a container): don't act on it. */
    if (!lsp_platform_process_alive((long)pid)) {
        lsp_log(LSP_LOG_WARN, "processId %lld does not exist here; not watching it", (long long)pid);
        return;
    }
    int err = uv_timer_init(s->loop, &s->parent_timer);
    if (err < 0) {
        lsp_log(LSP_LOG_WARN, "cannot watch processId %lld: %s", (long long)pid, uv_strerror(err));
        return;
    }
    s->parent_pid = pid;
    s->parent_timer.data = s;
    /* The timer alone must not keep the loop alive. */
    uv_unref((uv_handle_t *)&s->parent_timer);
    uv_timer_start(&s->parent_timer, on_parent_timer, PARENT_POLL_MS, PARENT_POLL_MS);
    s->parent_watched = true;
}

/* SIGTERM or SIGINT: the same stop as a closed stdin — git runs are stopped (SIGTERM, then SIGKILL), then exit. */
static void on_signal(uv_signal_t *handle, int signum)
{
    LspServer *s = handle->data;
    lsp_log(LSP_LOG_INFO, "%s received; stopping", signum == SIGTERM ? "SIGTERM" : "SIGINT");
    lsp_server_stop(s, 128 + signum);
}

static void watch_signals(LspServer *s)
{
    static const int which[] = {SIGTERM, SIGINT};
    for (int i = 0; i < 2; i++) {
        if (uv_signal_init(s->loop, &s->signals[s->signal_count]) < 0)
            continue;
        s->signals[s->signal_count].data = s;
        uv_signal_start(&s->signals[s->signal_count], on_signal, which[i]);
        uv_unref((uv_handle_t *)&s->signals[s->signal_count]); /* it alone must not keep the loop alive */
        s->signal_count++;
    }
}

/* ---------------------------------------------------------------- input */

static void on_response(LspServer *s, LspMessage *m)
{
    for (uint32_t i = 0; i < s->requests.size; i++) {
        LspPendingRequest *r = array_get(&s->requests, i);
        if (json_is_integer(m->id) && json_integer_value(m->id) == r->id) {
            LspPendingRequest req = *r;
            array_splice_gap(&s->requests, i, 1, 0);
            if (req.fn)
                req.fn(s, m->error ? NULL : m->result, m->error, req.data);
            return;
        }
    }
    lsp_log(LSP_LOG_WARN, "a response to no request of ours: ignored");
}

/* A $/cancelRequest marks the queued request it names: it is answered -32800 when its turn comes. */
static void cancel_queued(LspServer *s, const LspMessage *cancel)
{
    json_t *id = json_object_get(cancel->params, "id");
    for (uint32_t i = s->queue_head; i < s->queue.size; i++) {
        LspMessage *r = array_get(&s->queue, i);
        if (r->kind == LSP_MSG_REQUEST && lsp_rpc_id_equal(r->id, id))
            r->cancelled = true;
    }
}

/* Turns the frames now complete into queued messages, each parsed: no body is read after this. */
static void collect(LspServer *s)
{
    LspFrame f;
    while (lsp_framer_next(&s->framer, &f) != LSP_FRAME_NONE) {
        LspMessage m;
        if (f.kind == LSP_FRAME_MESSAGE) {
            if (lsp_log_enabled(LSP_LOG_DEBUG))
                lsp_log(LSP_LOG_DEBUG, "<-- %.*s", f.len > 400 ? 400 : (int)f.len, f.body);
            lsp_rpc_parse(f.body, f.len, &m);
        } else {
            memset(&m, 0, sizeof m);
            m.kind = LSP_MSG_INVALID;
            if (f.kind == LSP_FRAME_TOO_LARGE) {
                m.error_code = LSP_ERR_INVALID_REQUEST;
                snprintf(m.error_text, sizeof m.error_text,
                         "Invalid request: a message of %zu bytes is over the %zu MiB limit; skipped", f.len,
                         LSP_FRAME_MAX_BODY >> 20);
            } else {
                m.error_code = LSP_ERR_PARSE;
                snprintf(m.error_text, sizeof m.error_text, "Parse error: bad message header (%s); skipped",
                         f.reason);
            }
        }
        if (m.kind == LSP_MSG_NOTIFICATION && strcmp(m.method, "$/cancelRequest") == 0)
            cancel_queued(s, &m);
        m.size = f.kind == LSP_FRAME_MESSAGE ? f.len : 0;
        s->queued_in += m.size;
        array_push(&s->queue, m);
    }
    lsp_framer_release(&s->framer); /* every body is parsed: a whole document's message goes before it is built */
}

/* Handles queued messages in order while the client takes the output; then reads on or pauses reading. */
static void pump(LspServer *s)
{
    if (s->pumping)
        return; /* a write finishing underneath a handler: the running pump goes on */
    s->pumping = true;
    while (s->queue_head < s->queue.size && !s->stopping &&
           lsp_transport_queued_bytes(s->transport) <= OUT_LIMIT) {
        LspMessage m = s->queue.contents[s->queue_head++];
        s->queued_in -= m.size;
        if (m.kind == LSP_MSG_RESPONSE)
            on_response(s, &m);
        else
            dispatch(s, &m);
        lsp_rpc_message_free(&m);
    }
    if (s->queue_head == s->queue.size) {
        array_clear(&s->queue);
        s->queue_head = 0;
        /*
         * Every message of the read is handled: diagnostics the changes made due go out, once per document — once
         * the answers are written (on_written), so that a diagnose pass never holds back the rest of a large answer.
         */
        if (!s->stopping && lsp_transport_queued_bytes(s->transport) == 0)
            idle(s);
        if (s->input_ended)
            lsp_server_stop(s, s->state == LSP_STATE_SHUTDOWN ? 0 : 1);
    } else if (s->queue_head > 64 && s->queue_head * 2 > s->queue.size) {
        array_splice_gap(&s->queue, 0, s->queue_head, 0);
        s->queue_head = 0;
    }
    uint32_t waiting = s->queue.size - s->queue_head;
    bool full = waiting >= IN_LIMIT_MESSAGES || s->queued_in >= IN_LIMIT_BYTES;
    if (!s->stopping && !s->input_ended)
        lsp_transport_pause(s->transport, full);
    s->pumping = false;
}

static void on_read(void *data, const char *bytes, size_t len)
{
    LspServer *s = data;
    s->answered = 0;
    s->answered_read_at = 0;
    lsp_framer_feed(&s->framer, bytes, len);
    collect(s);
    pump(s);
}

static void on_written(void *data)
{
    LspServer *s = data;
    if (s->queue_head < s->queue.size)
        pump(s);
    else if (s->diags_due && !s->stopping && lsp_transport_queued_bytes(s->transport) == 0)
        idle(s);
}

static void on_eof(void *data, int err)
{
    LspServer *s = data;
    if (err)
        lsp_log(LSP_LOG_ERROR, "reading stdin failed: %s", uv_strerror(err));
    else
        lsp_log(LSP_LOG_INFO, "stdin closed");
    /* What was read is still answered: the stop waits for the queue. */
    s->input_ended = true;
    if (s->queue_head == s->queue.size)
        lsp_server_stop(s, s->state == LSP_STATE_SHUTDOWN ? 0 : 1);
}

static void on_write_error(void *data, int err)
{
    LspServer *s = data;
    lsp_log(LSP_LOG_ERROR, "writing stdout failed: %s", uv_strerror(err));
    lsp_server_stop(s, 1);
}

static const LspTransportCallbacks callbacks = {
    .on_read = on_read,
    .on_eof = on_eof,
    .on_write_error = on_write_error,
    .on_closed = NULL,
    .on_written = on_written,
};

int lsp_server_run(int in_fd, int out_fd, const LspMethodTable *table)
{
    uv_loop_t loop;
    LspServer s;
    memset(&s, 0, sizeof s);
    int err = uv_loop_init(&loop);
    if (err < 0) {
        lsp_log(LSP_LOG_ERROR, "cannot start the event loop: %s", uv_strerror(err));
        return 1;
    }
    /* A vanished reader must surface as a write error (EPIPE), not kill the process. */
    lsp_platform_ignore_broken_pipes();
    s.loop = &loop;
    s.methods = table;
    s.enc = CORE_ENC_UTF16;
    s.exit_code = 1;
    lsp_framer_init(&s.framer, LSP_FRAME_MAX_BODY);
    lsp_docs_init(&s.docs);
    lsp_settings_init(&s.settings);
    err = uv_timer_init(&loop, &s.stop_timer);
    if (err < 0) {
        lsp_log(LSP_LOG_ERROR, "cannot start the event loop: %s", uv_strerror(err));
        uv_loop_close(&loop);
        return 1;
    }
    s.stop_timer.data = &s;
    watch_signals(&s);
    if (uv_timer_init(&loop, &s.diags_timer) == 0) { /* without it, diagnostics wait for the next message */
        s.diags_timer.data = &s;
        s.diags_timer_ready = true;
    }
    err = lsp_transport_start(&loop, in_fd, out_fd, &callbacks, &s, &s.transport);
    if (err < 0) {
        lsp_log(LSP_LOG_ERROR, "cannot use stdin/stdout for the protocol: %s", uv_strerror(err));
        uv_close((uv_handle_t *)&s.stop_timer, on_handle_closed);
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    int code = err < 0 ? 1 : s.exit_code;
    lsp_transport_free(s.transport);
    lsp_framer_destroy(&s.framer);
    lsp_docs_destroy(&s.docs);
    for (uint32_t i = 0; i < s.hooks.size; i++)
        if (s.hooks.contents[i].exit)
            s.hooks.contents[i].exit(s.hooks.contents[i].data);
    array_delete(&s.hooks);
    array_delete(&s.requests);
    for (uint32_t i = s.queue_head; i < s.queue.size; i++)
        lsp_rpc_message_free(array_get(&s.queue, i));
    array_delete(&s.queue);
    uv_loop_close(&loop);
    return code;
}
