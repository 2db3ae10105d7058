/* bench_floor.c — the floor server: answers documentSymbol and publishes diagnostics with bytes prepared at didOpen, ignoring every edit. */
/*
 * Usage: bench_floor   (speaks LSP on stdin/stdout; bench_server and bench_client.py run it beside progress-ls)
 *        bench_floor --doc LINES [DIALECT]   (prints the benchmarks' document: bench_util.h's template, or a log)
 * What an LSP server cannot go below on the edit + documentSymbol loop: reading the messages, and writing the
 * same bytes through the same pipes. It widens its pipes as progress-ls does, parses each message with jansson as
 * progress-ls does, ignores didChange, and writes the answer progress-ls gave for the opened text (built once,
 * in-process, by the real handler) with one writev per answer; after the messages of each read it publishes the
 * diagnostics progress-ls gave for the opened text (the real writer's bytes, the last edit's version), as
 * progress-ls publishes after answering. Not a server for editors.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "bench_util.h"
#include "support/framer.h"
#include "support/jsonrpc.h"
#include "handlers/handlers.h"
#include "server/diagnostics.h"

static char *prepared; /* the documentSymbol result for the opened text */
static size_t prepared_len;
static char *diags; /* its diagnostics: the notification's params after `"version":` */
static size_t diags_len;
static char uri[4096];
static json_int_t version = -1; /* the last didChange's, to publish after the read; -1: nothing due */

static void write_all(struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t w = writev(1, iov, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            exit(1);
        }
        while (n > 0 && (size_t)w >= iov->iov_len) {
            w -= (ssize_t)iov->iov_len;
            iov++, n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + w;
            iov->iov_len -= (size_t)w;
        }
    }
}

/* Sends {"jsonrpc":"2.0","id":ID,"result":RESULT}. */
static void answer(const json_t *id, const char *result, size_t len)
{
    char *id_text = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
    char head[256], header[64];
    int hn = snprintf(head, sizeof head, "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":", id_text);
    free(id_text);
    int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", (size_t)hn + len + 1);
    struct iovec iov[4] = {{header, (size_t)n}, {head, (size_t)hn}, {(void *)result, len}, {"}", 1}};
    write_all(iov, 4);
}

/* Sends publishDiagnostics of the opened text for `version`: the bytes progress-ls's writer gave, as its push. */
static void publish(json_int_t v)
{
    char head[4352], header[64];
    int hn = snprintf(head, sizeof head,
                      "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":"
                      "\"%s\",\"version\":%lld,\"diagnostics\":",
                      uri, (long long)v);
    int n = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", (size_t)hn + diags_len + 2);
    struct iovec iov[4] = {{header, (size_t)n}, {head, (size_t)hn}, {diags, diags_len}, {"}}", 2}};
    write_all(iov, 4);
}

/* The answer and the diagnostics progress-ls's handlers write for `text` at `doc_uri`, kept as bytes. */
static void prepare(const char *doc_uri, const char *text, size_t len)
{
    LspServer s;
    memset(&s, 0, sizeof s);
    s.enc = CORE_ENC_UTF16;
    s.state = LSP_STATE_RUNNING;
    lsp_settings_init(&s.settings);
    lsp_docs_init(&s.docs);
    LspDoc *d = lsp_docs_open(&s.docs, doc_uri, text, len, 1);
    json_t *params = json_pack("{s:{s:s}}", "textDocument", "uri", doc_uri);
    LspOut o;
    lsp_out_init(&o);
    LspReply reply = {.out = &o};
    lsp_on_document_symbol(&s, params, &reply);
    free(prepared);
    size_t cap;
    prepared = lsp_out_steal(&o, &prepared_len, &cap);
    lsp_out_init(&o);
    lsp_diagnostics_write(&o, doc_uri, d->doc, s.enc, lsp_doc_diagnostics(d, &s.settings.core));
    free(diags);
    diags = lsp_out_steal(&o, &diags_len, &cap);
    snprintf(uri, sizeof uri, "%s", doc_uri);
    json_decref(params);
    lsp_docs_destroy(&s.docs);
}

static void handle(const char *body, size_t len)
{
    json_t *m = json_loadb(body, len, JSON_ALLOW_NUL, NULL);
    const char *method = json_string_value(json_object_get(m, "method"));
    json_t *id = json_object_get(m, "id");
    if (!method) {
        json_decref(m);
        return;
    }
    if (strcmp(method, "initialize") == 0) {
        static const char caps[] = "{\"capabilities\":{\"textDocumentSync\":2,\"documentSymbolProvider\":true}}";
        answer(id, caps, sizeof caps - 1);
    } else if (strcmp(method, "textDocument/didOpen") == 0) {
        json_t *doc = json_object_get(json_object_get(m, "params"), "textDocument");
        json_t *text = json_object_get(doc, "text");
        prepare(json_string_value(json_object_get(doc, "uri")), json_string_value(text), json_string_length(text));
        version = json_integer_value(json_object_get(doc, "version"));
    } else if (strcmp(method, "textDocument/didChange") == 0) {
        version = json_integer_value(json_object_get(json_object_get(json_object_get(m, "params"), "textDocument"),
                                                     "version"));
    } else if (strcmp(method, "textDocument/documentSymbol") == 0) {
        answer(id, prepared ? prepared : "[]", prepared ? prepared_len : 2);
    } else if (strcmp(method, "exit") == 0) {
        exit(0);
    } else if (id) {
        answer(id, "null", 4);
    }
    json_decref(m);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--doc") == 0) {
        size_t len;
        uint32_t lines = (uint32_t)strtoul(argv[2], NULL, 10);
        char *text = argc > 3 ? bench_make_log(argv[3], lines, &len) : bench_make_doc(lines, &len);
        fwrite(text, 1, len, stdout);
        free(text);
        return 0;
    }
    (void)fcntl(0, F_SETPIPE_SZ, 1 << 20);
    (void)fcntl(1, F_SETPIPE_SZ, 1 << 20);
    LspFramer f;
    lsp_framer_init(&f, LSP_FRAME_MAX_BODY);
    static char buf[1 << 16];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        lsp_framer_feed(&f, buf, (size_t)n);
        LspFrame fr;
        while (lsp_framer_next(&f, &fr) != LSP_FRAME_NONE)
            if (fr.kind == LSP_FRAME_MESSAGE)
                handle(fr.body, fr.len);
        if (version >= 0 && diags) { /* once per read, after its answers, for the last version */
            publish(version);
            version = -1;
        }
    }
}
