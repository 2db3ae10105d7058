/* dispatch.h — the rules of the method table: which handler runs for a message, and when it may run. */
#ifndef LSP_DISPATCH_H
#define LSP_DISPATCH_H

#include <stddef.h>

#include "jsonrpc.h"

typedef struct LspServer LspServer;

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
} LspMethodTable;

/* The row of `table` (borrowed) for `method`, or NULL. */
const LspMethod *lsp_dispatch_find(const LspMethodTable *table, const char *method);

/* Handles one parsed message (borrowed) with `table`: runs its handler, or answers the error the message earns. */
void lsp_dispatch(LspServer *s, const LspMethodTable *table, LspMessage *m);

#endif
