/* transport.h — stdin and stdout on the libuv loop: non-blocking reads, and a write queue that owns its buffers. */
#ifndef LSP_TRANSPORT_H
#define LSP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "support/json_out.h" /* LspOutSplice */

typedef struct LspTransport LspTransport;

typedef struct {
    /* Bytes read (borrowed for the call). */
    void (*on_read)(void *data, const char *bytes, size_t len);
    /* Input ended: 0 at end of file, else a libuv error code. Called once. */
    void (*on_eof)(void *data, int err);
    /* A write failed (the reader went away): a libuv error code. Called once. */
    void (*on_write_error)(void *data, int err);
    /* Everything is flushed and closed after lsp_transport_close(). */
    void (*on_closed)(void *data);
    /* A queued message was written (called from the loop, never inside lsp_transport_write_take); may be NULL. */
    void (*on_written)(void *data);
} LspTransportCallbacks;

/*
 * Starts reading `in_fd` and prepares writing `out_fd` on `loop`. Each may be a pipe, a socket, a tty
 * or a regular file (read and written with uv_fs_* requests, one at a time, in order). `cb` is
 * borrowed and must outlive the transport. Returns 0 or a negative libuv error code (e.g. UV_EINVAL
 * for an fd of no usable kind); either way *out is set and the caller frees it with
 * lsp_transport_free once the loop has stopped (on failure: after one more uv_run to finish closing).
 */
int lsp_transport_start(uv_loop_t *loop, int in_fd, int out_fd, const LspTransportCallbacks *cb, void *data,
                        LspTransport **out);

/*
 * Queues one message: the Content-Length header, then `body` (`len` bytes in a `cap`-byte malloc'd
 * buffer, stolen). Never blocks. Once written, the largest buffer is kept for lsp_transport_spare()
 * and the others freed. After an error or lsp_transport_close() the body is dropped.
 */
void lsp_transport_write_take(LspTransport *t, char *body, size_t len, size_t cap);

/*
 * lsp_transport_write_take of a body with pieces spliced in (`count` splices, stolen with their references; the
 * array may be NULL with count 0): the pieces are written from where they are, never copied, and released once
 * written, so the message is `len` bytes of `body` plus the pieces' bytes.
 */
void lsp_transport_write_spliced_take(LspTransport *t, char *body, size_t len, size_t cap, LspOutSplice *splices,
                                      size_t count);

/*
 * A buffer whose write has finished (caller owns it; free() or hand it back through a write), or NULL.
 * Large answers written into a recycled buffer skip growing one and faulting in fresh pages each time.
 */
char *lsp_transport_spare(LspTransport *t, size_t *cap);

/*
 * Whether input is waiting to be read (a poll with no wait): true only for a stream being read, so that work
 * which yields to input (the push diagnose pass) never waits on a regular file, paused or ended input.
 */
bool lsp_transport_input_waiting(const LspTransport *t);

/* Bytes written into an output pipe that the reader has not read yet (0 for other kinds of output). */
size_t lsp_transport_unread(const LspTransport *t);

/* Number of messages queued and not yet written. */
size_t lsp_transport_pending(const LspTransport *t);

/* Bytes (headers and bodies) queued and not yet written: what a reader that stopped reading costs. */
size_t lsp_transport_queued_bytes(const LspTransport *t);

/*
 * Stops reading input (true) or reads again (false): backpressure. Bytes the peer sends meanwhile wait in
 * the pipe. A read already in flight on a regular file still completes and is delivered.
 */
void lsp_transport_pause(LspTransport *t, bool pause);

/* Stops reading, lets the queued writes finish, closes the handles, then calls on_closed. */
void lsp_transport_close(LspTransport *t);

/* Releases the transport after on_closed (or after the loop ended). NULL is ignored. */
void lsp_transport_free(LspTransport *t);

#endif
