/* dispatch.h — the rules of the method table: which handler runs for a message, and when it may run. */
#ifndef LSP_DISPATCH_H
#define LSP_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "support/json_out.h"
#include "support/jsonrpc.h"

/* The connection, opaque here: the rules only pass it on to the handlers (server.h defines it). */
typedef struct LspServer LspServer;

/* Where the session is: what the rules let run. */
typedef enum {
    LSP_STATE_UNINITIALIZED = 0, /* before `initialize`: requests get -32002 */
    LSP_STATE_RUNNING,
    LSP_STATE_SHUTDOWN,          /* after `shutdown`: requests get -32600, only `exit` matters */
} LspState;

/* A handler: `params` is borrowed (NULL when the message had none). Returns 0 or a JSON-RPC error code. */
typedef int (*LspHandler)(LspServer *s, json_t *params, LspReply *reply);

typedef enum {
    LSP_REQUEST = 1,    /* answered; sent as a notification it is ignored */
    LSP_NEEDS_INIT = 2, /* only after `initialize`: a request gets -32002, a notification is dropped */
    LSP_ANY_STATE = 4,  /* a notification that runs even after `shutdown` (only `exit`) */
} LspMethodFlags;

typedef struct {
    const char *name;
    LspHandler fn;
    unsigned flags;
} LspMethod;

/* The methods a server answers: main.c hands the table (lsp_methods, methods.c) to lsp_server_run. */
typedef struct {
    const LspMethod *rows;
    size_t count;
    /* Runs when every message read is handled and the output is written (and at lsp_server_flush_later): the
     * diagnostics service pushes what the changes made due. May be NULL. */
    void (*idle)(LspServer *s);
} LspMethodTable;

/* The row of `table` (borrowed) for `method`, or NULL. */
const LspMethod *lsp_dispatch_find(const LspMethodTable *table, const char *method);

/* Whether lsp_dispatch writes an answer to `m` (requests and invalid messages): the caller then sends `reply`. */
bool lsp_dispatch_answers(const LspMessage *m);

/*
 * Handles one parsed message (borrowed) with `table` in session `state`: runs its handler, and for a message
 * lsp_dispatch_answers, writes the answer — the handler's result or the error the message earns — into `reply`
 * (initialised by the caller; NULL for the others). The rules never send: the server does.
 */
void lsp_dispatch(LspServer *s, LspState state, const LspMethodTable *table, LspMessage *m, LspOut *reply);

#endif
