/* server.h — one LSP connection: its state, the loop plumbing, and what handlers may call on it. */
#ifndef LSP_SERVER_H
#define LSP_SERVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "server/dispatch.h"
#include "server/docs.h"
#include "support/framer.h"
#include "support/json_out.h"
#include "support/jsonrpc.h"
#include "progress/array.h"
#include "progress/core.h"
#include "server/settings.h"
#include "support/transport.h"


/* The client's answer to a request the server sent: `result` or `error` (borrowed), the other NULL. */
typedef void (*LspResponseFn)(LspServer *s, const json_t *result, const json_t *error, void *data);

typedef struct {
    int64_t id;
    LspResponseFn fn;
    void *data;
} LspPendingRequest;

/*
 * What a module below the server asks to be told about the connection's end, registered with
 * lsp_server_add_hooks (as LspWorkspaceHooks are one level down): `stop` when the session stops
 * (e.g. stop background work so the loop can end), `exit` after the loop, to free. Either may be NULL.
 */
typedef struct {
    void (*stop)(void *data);
    void (*exit)(void *data);
    void *data;
} LspServerHooks;

/* window/logMessage and window/showMessage types. */
enum { LSP_MESSAGE_ERROR = 1, LSP_MESSAGE_WARNING = 2, LSP_MESSAGE_INFO = 3, LSP_MESSAGE_LOG = 4 };

struct LspServer {
    uv_loop_t *loop;
    LspTransport *transport;
    const LspMethodTable *methods; /* borrowed */
    LspFramer framer;
    LspState state;
    bool stopping;
    uv_timer_t stop_timer;     /* runs the stop on the next loop turn, never underneath a handler */
    int exit_code;
    CoreEncoding enc;          /* the negotiated positionEncoding */
    bool pull_diagnostics;     /* the client pulls textDocument/diagnostic, so nothing is pushed */
    bool diags_due;            /* a document's diagnostics wait for lsp_diagnostics_flush */
    uint64_t diags_due_at;     /* uv_hrtime() when diags_due was set: the push yields to input only so long */
    size_t answered;           /* bytes sent since input was last read: what the client still has to take in */
    uint64_t answered_read_at; /* uv_hrtime() when the client was first seen to have read them (0: not yet) */
    size_t unconfirmed;        /* bytes sent since the client was last seen to have read all it was sent */
    uv_timer_t diags_timer;    /* lsp_server_flush_later */
    bool diags_timer_ready;
    LspDocs docs;
    LspSettings settings;
    uv_timer_t parent_timer;   /* polls the editor's processId */
    uv_signal_t signals[2];    /* SIGTERM and SIGINT: stop the children (the stop hooks cancel git) and exit */
    int signal_count;          /* how many of them are open */
    bool parent_watched;
    int64_t parent_pid;
    int64_t next_request_id;
    Array(LspPendingRequest) requests;
    Array(LspMessage) queue;   /* read and not yet handled, from queue_head on (server.c: backpressure) */
    uint32_t queue_head;
    size_t queued_in;          /* body bytes of the queued messages */
    bool pumping;              /* messages are being handled: lsp_diagnostics_flush follows */
    bool input_ended;
    Array(LspServerHooks) hooks;
    struct LspWorkspaceState *workspace; /* the workspace side (handlers/workspace.h); NULL before initialize */
    struct LspWorkState *workstate;      /* git and harness evidence (workstate.h); NULL before initialize */
};

/*
 * Serves LSP on `in_fd`/`out_fd` with the methods of `table` (borrowed; main.c passes lsp_methods) until
 * `exit`, end of input or the editor's death. Returns the exit code.
 */
int lsp_server_run(int in_fd, int out_fd, const LspMethodTable *table);

/*
 * Starts a message that may be large (a request's answer) in `o`, on the buffer of an earlier large
 * message when its write has finished: a 2 MB outline then neither regrows a buffer nor faults in
 * fresh pages. Small messages use lsp_out_init, so that they do not hold the big buffer.
 */
void lsp_server_out_init(LspServer *s, LspOut *o);

/* Queues the message written in `o` (its buffer is stolen; `o` is left empty). */
void lsp_server_send_take(LspServer *s, LspOut *o);

/* Sends a notification with `params` (stolen; NULL for none). */
void lsp_server_notify_new(LspServer *s, const char *method, json_t *params);

/* Sends a request with `params` (stolen); `fn` runs with the client's answer. */
void lsp_server_request_new(LspServer *s, const char *method, json_t *params, LspResponseFn fn, void *data);

/* Tells the user through window/logMessage (and the log). `type` is an LSP_MESSAGE_* value. */
void lsp_server_log_message(LspServer *s, int type, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Watches the editor process `pid`: the server exits with code 1 when it is gone. */
void lsp_server_watch_parent(LspServer *s, int64_t pid);

/*
 * Ends the session with `exit_code`. Only asks: the stop itself (hooks, closing the transport once the
 * queued output is written) runs on the next loop turn, so a handler or a callback that asks keeps
 * everything it holds. Later calls do nothing.
 */
void lsp_server_stop(LspServer *s, int exit_code);

/* Calls lsp_diagnostics_flush again in a millisecond, once the messages read by then are handled and written. */
void lsp_server_flush_later(LspServer *s);

/* Registers `hooks` (copied) for the stop and the exit of the session. */
void lsp_server_add_hooks(LspServer *s, const LspServerHooks *hooks);

#endif
