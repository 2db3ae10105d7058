/* diagnostics.c — the diagnostics service: compute and cache per document version, write, push, refresh. */
#include "server/diagnostics.h"

#include <string.h>

#include "support/position.h"

/*
 * How long pushed diagnostics may wait for a client that keeps sending: a request or a change that arrives while
 * they are computed stops the pass (the change would supersede its result), but after this long a pass runs to
 * the end whatever comes — about the debounce delay other servers always add (yaml-language-server's 200 ms).
 */
#define YIELD_LIMIT_NS ((uint64_t)250 * 1000 * 1000)
/* An answer from this size on is waited on after the client has read it, at this many ns a byte (~500 MB/s: a
   Python client's reading and framing; a C client sends again long before). */
#define LARGE_ANSWER ((size_t)64 * 1024)
#define CLIENT_NS_PER_BYTE 2

const CoreDiagList *lsp_doc_diagnostics(LspDoc *d, const CoreOptions *opts)
{
    return lsp_doc_diagnostics_until(d, opts, NULL, NULL);
}

const CoreDiagList *lsp_doc_diagnostics_until(LspDoc *d, const CoreOptions *opts, bool (*stop)(void *data),
                                              void *data)
{
    if (d->foreign && !d->diags_valid) { /* not a progress file (docs.h): nothing to say about it */
        d->diags = (CoreDiagList){0};
        d->diags_valid = true;
    }
    if (!d->diags_valid) {
        if (!d->diag_cache)
            d->diag_cache = core_diag_cache_new();
        int err = core_diagnose_cached(d->doc, opts, d->diag_cache, stop, data, &d->diags);
        if (err == CORE_ECANCELED)
            return NULL;
        if (err < 0)
            d->diags = (CoreDiagList){0};
        if (d->more_diags) /* e.g. what git and feature_list.json say against the text (workstate.c) */
            d->more_diags(d->more_diags_data, d, opts, &d->diags);
        d->diags_valid = true;
    }
    return &d->diags;
}

const CoreDiagList *lsp_diagnostics_of_file(LspProgressFile *f, const CoreOptions *opts, uint64_t *generation,
                                            uint64_t *result_id)
{
    if (f->open) {
        *result_id = f->open->generation;
        return lsp_doc_diagnostics(f->open, opts);
    }
    LspDiskFile *d = f->disk;
    if (d->diags_valid && memcmp(&d->diags_opts, opts, sizeof *opts) != 0) {
        core_diag_list_free(&d->diags);
        d->diags_valid = false;
        d->generation = ++*generation;
    }
    if (!d->diags_valid) {
        if (core_diagnose(d->doc, opts, &d->diags) < 0)
            d->diags = (CoreDiagList){0};
        d->diags_opts = *opts;
        d->diags_valid = true;
    }
    *result_id = d->generation;
    return &d->diags;
}

/* One DiagnosticRelatedInformation; `doc` NULL: a place in another file, written as it is. */
static void write_related(LspOut *o, const char *uri, const CoreDoc *doc, CoreEncoding enc, CoreRange range,
                          const char *message)
{
    lsp_out_obj_begin(o);
    lsp_out_key(o, "location");
    lsp_out_obj_begin(o);
    lsp_out_key(o, "uri");
    lsp_out_cstr(o, uri);
    lsp_out_key(o, "range");
    if (doc) {
        lsp_range_write(o, doc, enc, range);
    } else {
        lsp_out_obj_begin(o);
        for (int k = 0; k < 2; k++) { /* start and end: the line's start, the only place known without the text */
            if (k)
                lsp_out_key(o, "end");
            else
                lsp_out_key(o, "start");
            lsp_out_obj_begin(o);
            lsp_out_key(o, "line");
            lsp_out_int(o, range.start.line);
            lsp_out_key(o, "character");
            lsp_out_int(o, 0);
            lsp_out_obj_end(o);
        }
        lsp_out_obj_end(o);
    }
    lsp_out_obj_end(o);
    lsp_out_key(o, "message");
    lsp_out_cstr(o, message ? message : "");
    lsp_out_obj_end(o);
}

void lsp_diagnostics_write(LspOut *o, const char *uri, const CoreDoc *doc, CoreEncoding enc, const CoreDiagList *list)
{
    lsp_out_arr_begin(o);
    for (size_t i = 0; i < list->count; i++) {
        const CoreDiag *g = &list->items[i];
        if (g->severity == CORE_SEV_OFF)
            continue;
        const char *code = core_diag_code_name(g->code);
        lsp_out_obj_begin(o);
        lsp_out_key(o, "range");
        lsp_range_write(o, doc, enc, g->range);
        lsp_out_key(o, "severity");
        lsp_out_int(o, g->severity);
        lsp_out_key(o, "code");
        lsp_out_cstr(o, code);
        lsp_out_key(o, "source");
        lsp_out_cstr(o, "progress-ls");
        lsp_out_key(o, "message");
        lsp_out_cstr(o, g->message ? g->message : code);
        if (g->has_related || g->more_count) {
            lsp_out_key(o, "relatedInformation");
            lsp_out_arr_begin(o);
            if (g->has_related)
                write_related(o, uri, doc, enc, g->related, g->related_message);
            for (size_t k = 0; k < g->more_count; k++) {
                const CoreRelated *m = &g->more[k];
                if (!m->path)
                    write_related(o, uri, doc, enc, m->range, m->message);
                else if (m->uri) /* another file: its line, column 0, needs no conversion */
                    write_related(o, m->uri, NULL, enc, m->range, m->message);
            }
            lsp_out_arr_end(o);
        }
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
}

static void publish(LspServer *s, const char *uri, const LspDoc *d, const CoreDiagList *list)
{
    LspOut o;
    lsp_server_out_init(s, &o);
    lsp_rpc_notification_begin(&o, "textDocument/publishDiagnostics");
    lsp_out_obj_begin(&o);
    lsp_out_key(&o, "uri");
    lsp_out_cstr(&o, uri);
    if (d) {
        lsp_out_key(&o, "version");
        lsp_out_int(&o, d->version);
        lsp_out_key(&o, "diagnostics");
        lsp_diagnostics_write(&o, uri, d->doc, s->enc, list);
    } else {
        lsp_out_key(&o, "diagnostics");
        lsp_out_arr_begin(&o);
        lsp_out_arr_end(&o);
    }
    lsp_out_obj_end(&o);
    lsp_rpc_notification_end(&o);
    lsp_server_send_take(s, &o);
}

void lsp_diagnostics_publish(LspServer *s, LspDoc *d)
{
    if (s->pull_diagnostics)
        return;
    d->publish_due = true;
    if (!s->diags_due)
        s->diags_due_at = uv_hrtime();
    s->diags_due = true;
    if (!s->pumping) /* not under the message loop (e.g. a timer or a scan): nothing would flush it */
        lsp_diagnostics_flush(s);
}

static bool input_waiting(void *data)
{
    LspServer *s = data;
    return lsp_transport_input_waiting(s->transport);
}

void lsp_diagnostics_flush(LspServer *s)
{
    if (!s->diags_due)
        return;
    /*
     * Input read later calls this again (the server flushes after each read's answers), so yielding loses nothing.
     * The pass asks whether input waits every few hundred lines it reads: a keystroke's pass, one block, never asks,
     * and nothing is asked before it (a system call for a pass of microseconds).
     */
    bool (*stop)(void *) = uv_hrtime() - s->diags_due_at < YIELD_LIMIT_NS ? input_waiting : NULL;
    /*
     * Nor while the client is still reading what was written (a large answer): it likely sends again once it has,
     * and a pass now would only compete with it for the CPU. Looked at again in a millisecond. Looked at only once
     * that much was sent since the client was last seen to have read everything: less is taken in at once.
     */
    if (stop && s->unconfirmed >= LARGE_ANSWER) {
        if (lsp_transport_unread(s->transport)) {
            lsp_server_flush_later(s);
            return;
        }
        s->unconfirmed = 0;
    }
    /*
     * Nor while the client likely still works on a large answer it has read: a client reads the pipe empty and only
     * then parses what it read (a Python client over pipes takes milliseconds for a 2.4 MB outline), and a pass then
     * takes the CPU it needs before it can send again (bench_client.py: a push in that gap added ~3.7 ms to a
     * 10,000-line template's edit + documentSymbol at load 5 on 2 cores). Waited for in proportion to the bytes.
     */
    if (stop && s->answered >= LARGE_ANSWER) {
        uint64_t now = uv_hrtime();
        if (!s->answered_read_at)
            s->answered_read_at = now;
        if (now - s->answered_read_at < (uint64_t)s->answered * CLIENT_NS_PER_BYTE) {
            lsp_server_flush_later(s);
            return;
        }
    }
    uint32_t cursor = 0;
    for (LspDoc *d = lsp_docs_next(&s->docs, &cursor, NULL); d; d = lsp_docs_next(&s->docs, &cursor, d))
        if (d->publish_due) {
            const CoreDiagList *list = NULL;
            if (!s->pull_diagnostics && !(list = lsp_doc_diagnostics_until(d, &s->settings.core, stop, s)))
                return; /* stopped: still due */
            d->publish_due = false;
            if (list)
                publish(s, d->uri, d, list);
        }
    s->diags_due = false;
}

void lsp_diagnostics_clear(LspServer *s, const char *uri)
{
    if (!s->pull_diagnostics)
        publish(s, uri, NULL, NULL);
}

void lsp_diagnostics_refresh(LspServer *s, bool refresh_support)
{
    uint32_t cursor = 0;
    for (LspDoc *d = lsp_docs_next(&s->docs, &cursor, NULL); d; d = lsp_docs_next(&s->docs, &cursor, d)) {
        lsp_docs_changed(&s->docs, d);
        lsp_diagnostics_publish(s, d);
    }
    if (s->pull_diagnostics && refresh_support)
        lsp_server_request_new(s, "workspace/diagnostic/refresh", NULL, NULL, NULL);
}
