/* dispatch.h — the method table: each LSP method's handler and when it may run. */
#ifndef LSP_DISPATCH_H
#define LSP_DISPATCH_H

#include "handlers.h"

typedef enum {
    LSP_REQUEST = 1,    /* answered; sent as a notification it is ignored */
    LSP_NEEDS_INIT = 2, /* only after `initialize`: a request gets -32002, a notification is dropped */
} LspMethodFlags;

typedef struct {
    const char *name;
    LspHandler fn;
    unsigned flags;
} LspMethod;

/* The table row for `method` (borrowed), or NULL. */
const LspMethod *lsp_dispatch_find(const char *method);

/* Handles one parsed message (borrowed): runs its handler, or answers the error the message earns. */
void lsp_dispatch(LspServer *s, LspMessage *m);

#endif
