/* handlers_navigate.c — hover, definition, references, (prepare)rename of interfaces, and links to workspace files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers_workspace.h"
#include "position.h"
#include "progress/alloc.h"
#include "uri.h"

/* The document, and what is under the request's position (core_hover_at). */
static int hovered(LspServer *s, const json_t *params, LspReply *r, LspDoc **d, CoreHover *h)
{
    CorePos pos;
    int err = lsp_params_doc_pos(&s->docs, s->enc, params, r, d, &pos);
    if (!err)
        core_hover_at((*d)->doc, pos, h);
    return err;
}

static json_t *location(const char *uri, json_t *range)
{
    return json_pack("{s:s, s:o}", "uri", uri, "range", range);
}

/* ---------------------------------------------------------------- hover */

typedef Array(char) Text;

static void put(Text *t, const char *s, size_t len)
{
    array_extend(t, len, s);
}

static void puts_(Text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* "**Name**: what it means", the Markdown markers only for Markdown clients. */
static void titled(Text *t, bool md, const char *name, const char *text)
{
    puts_(t, md ? "**" : "");
    puts_(t, name);
    puts_(t, md ? "**: " : ": ");
    puts_(t, text);
}

/* Whether a path written in the document exists in the workspace, said without touching the disk. */
static void path_status(LspServer *s, const LspDoc *d, const CoreHover *h, bool md, Text *t)
{
    puts_(t, md ? "`" : "");
    put(t, h->word, h->word_len);
    puts_(t, md ? "`: " : ": ");
    int root = lsp_workspace_doc_root(s, d->uri, NULL);
    char *clean = core_xmalloc(h->word_len + 1);
    int n = lsp_path_normalize(h->word, h->word_len, clean);
    free(clean);
    if (root < 0)
        puts_(t, "no workspace folder holds this document, so paths are not checked.");
    else if (n < 0)
        puts_(t, "not a path inside the workspace (absolute, or leaving it with \"..\").");
    else if (lsp_workspace_lookup(s->workspace->ws, root, h->word, h->word_len) == LSP_PATH_DIR)
        puts_(t, "a folder in the workspace.");
    else if (lsp_workspace_lookup(s->workspace->ws, root, h->word, h->word_len) == LSP_PATH_FILE)
        puts_(t, "a file in the workspace.");
    else if (lsp_workspace_busy(s->workspace->ws))
        puts_(t, "not found yet (the workspace is still being indexed).");
    else
        puts_(t, "not found in the workspace (or left out by .gitignore or the exclude setting).");
}

int lsp_on_hover(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreHover h;
    int err = hovered(s, params, r, &d, &h);
    if (err)
        return err;
    bool md = s->workspace->markdown;
    Text t = {0};
    char line[64];
    switch (h.kind) {
    case CORE_HOVER_NOTHING: return 0;
    case CORE_HOVER_INTERFACE:
        puts_(&t, md ? "```\n" : "");
        put(&t, h.signature, h.signature_len);
        puts_(&t, md ? "\n```\n" : "\n\n");
        snprintf(line, sizeof line, "Defined in Interfaces Defined, line %u.", h.def_line + 1);
        puts_(&t, line);
        break;
    case CORE_HOVER_LEVEL: titled(&t, md, core_level_name(h.level), core_level_meaning(h.level)); break;
    case CORE_HOVER_SECTION: titled(&t, md, core_section_name(h.section), core_section_purpose(h.section)); break;
    case CORE_HOVER_FIELD: titled(&t, md, core_field_name(h.field), core_field_purpose(h.field)); break;
    case CORE_HOVER_PATH: path_status(s, d, &h, md, &t); break;
    }
    json_t *contents = json_pack("{s:s, s:s%}", "kind", md ? "markdown" : "plaintext", "value", t.contents, (size_t)t.size);
    array_delete(&t);
    r->result = json_pack("{s:o, s:o}", "contents", contents, "range", lsp_range_json(d->doc, s->enc, h.range));
    return 0;
}

/* ---------------------------------------------------------------- definition and references */

/* The file a path in the document names, as a Location at its start; NULL unless it is an indexed file inside the root. */
static json_t *path_location(LspServer *s, const LspDoc *d, const char *word, size_t len)
{
    int root = lsp_workspace_doc_root(s, d->uri, NULL);
    char *abs = root >= 0 ? lsp_workspace_resolve(s->workspace->ws, root, word, len) : NULL;
    if (!abs)
        return NULL;
    char *uri = lsp_uri_from_path(abs);
    free(abs);
    json_t *loc = location(uri, json_pack("{s:{s:i,s:i}, s:{s:i,s:i}}", "start", "line", 0, "character", 0, "end",
                                          "line", 0, "character", 0));
    free(uri);
    return loc;
}

int lsp_on_definition(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreHover h;
    int err = hovered(s, params, r, &d, &h);
    if (err)
        return err;
    if (h.kind == CORE_HOVER_INTERFACE) {
        CoreEntry def;
        core_doc_entry(d->doc, h.def_line, &def);
        r->result = location(d->uri, lsp_range_json(d->doc, s->enc, def.sig_name));
    } else if (h.kind == CORE_HOVER_PATH) {
        r->result = path_location(s, d, h.word, h.word_len);
    }
    return 0;
}

/* The document and the interface under the request's position (kind NOTHING when there is none). */
static int interface_at(LspServer *s, const json_t *params, LspReply *r, LspDoc **d, CoreHover *h)
{
    int err = hovered(s, params, r, d, h);
    if (!err && h->kind != CORE_HOVER_INTERFACE)
        h->kind = CORE_HOVER_NOTHING;
    return err;
}

int lsp_on_references(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreHover h;
    int err = interface_at(s, params, r, &d, &h);
    if (err)
        return err;
    r->result = json_array();
    if (h.kind == CORE_HOVER_NOTHING)
        return 0;
    bool with_decl = !json_is_false(json_object_get(json_object_get(params, "context"), "includeDeclaration"));
    CoreEntry def;
    core_doc_entry(d->doc, h.def_line, &def);
    CoreRangeList refs;
    core_interface_refs(d->doc, h.word, h.word_len, &refs);
    for (size_t i = 0; i < refs.count; i++) {
        bool is_def = refs.items[i].start.line == def.line && refs.items[i].start.col == def.sig_name.start.col;
        if (!is_def || with_decl)
            json_array_append_new(r->result, location(d->uri, lsp_range_json(d->doc, s->enc, refs.items[i])));
    }
    core_range_list_free(&refs);
    return 0;
}

/* ---------------------------------------------------------------- rename */

int lsp_on_prepare_rename(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreHover h;
    int err = interface_at(s, params, r, &d, &h);
    if (err)
        return err;
    if (h.kind == CORE_HOVER_NOTHING)
        return lsp_reply_error(r, LSP_ERR_REQUEST_FAILED, "Only the name of an interface from Interfaces Defined can be renamed");
    r->result = json_pack("{s:o, s:s%}", "range", lsp_range_json(d->doc, s->enc, h.range), "placeholder", h.word,
                          h.word_len);
    return 0;
}

/* An interface name: identifiers joined by '.' or "::", as the document's mentions are found. */
static bool valid_name(const char *name, size_t len)
{
    if (len == 0 || len > 256)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        bool ident = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        bool sep = (c == '.' || c == ':') && i > 0 && i + 1 < len;
        if (!ident && !sep)
            return false;
    }
    return !(name[0] >= '0' && name[0] <= '9');
}

int lsp_on_rename(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreHover h;
    int err = interface_at(s, params, r, &d, &h);
    if (err)
        return err;
    json_t *new_name = json_object_get(params, "newName");
    if (!json_is_string(new_name))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: rename needs a newName string");
    const char *name = json_string_value(new_name);
    size_t name_len = json_string_length(new_name);
    if (!valid_name(name, name_len))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS,
                               "\"%s\" is not an interface name: use letters, digits and '_' (parts joined by '.' or '::')",
                               name);
    if (h.kind == CORE_HOVER_NOTHING)
        return lsp_reply_error(r, LSP_ERR_REQUEST_FAILED, "Only the name of an interface from Interfaces Defined can be renamed");
    CoreRangeList refs;
    core_interface_refs(d->doc, h.word, h.word_len, &refs);
    json_t *edits = json_array();
    for (size_t i = 0; i < refs.count; i++)
        json_array_append_new(edits, json_pack("{s:o, s:s%}", "range", lsp_range_json(d->doc, s->enc, refs.items[i]),
                                               "newText", name, name_len));
    core_range_list_free(&refs);
    json_t *changes = json_object();
    json_object_set_new(changes, d->uri, edits);
    r->result = json_pack("{s:o}", "changes", changes);
    return 0;
}

/* ---------------------------------------------------------------- links */

/* Adds a link for the path at `h` when it names an indexed file or folder inside the root. */
static void link_add(LspServer *s, const LspDoc *d, int root, const CoreHover *h, json_t *links)
{
    char *abs = lsp_workspace_resolve(s->workspace->ws, root, h->word, h->word_len);
    if (!abs)
        return;
    char *uri = lsp_uri_from_path(abs);
    json_array_append_new(links, json_pack("{s:o, s:s}", "range", lsp_range_json(d->doc, s->enc, h->range), "target", uri));
    free(uri);
    free(abs);
}

int lsp_on_document_link(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    r->result = json_array();
    int root = lsp_workspace_doc_root(s, d->uri, NULL);
    if (root < 0)
        return 0;
    uint32_t lines = core_doc_line_count(d->doc);
    for (uint32_t l = 0; l < lines; l++) {
        size_t len;
        const char *text = core_doc_line(d->doc, l, &len);
        /* Each path is found by asking the core what sits at a '/' (or at a Files item's path): one rule for hover and links. */
        uint32_t next = 0;
        CoreEntry e;
        core_doc_entry(d->doc, l, &e);
        if (e.has_path) {
            CoreHover h;
            core_hover_at(d->doc, e.path.start, &h);
            if (h.kind == CORE_HOVER_PATH) {
                link_add(s, d, root, &h, r->result);
                next = h.range.end.col;
            }
        }
        while (next < len) {
            const char *slash = memchr(text + next, '/', len - next);
            if (!slash)
                break;
            uint32_t at = (uint32_t)(slash - text);
            CoreHover h;
            core_hover_at(d->doc, (CorePos){l, at}, &h);
            next = at + 1;
            if (h.kind != CORE_HOVER_PATH)
                continue;
            link_add(s, d, root, &h, r->result);
            if (h.range.end.col > next)
                next = h.range.end.col;
        }
    }
    return 0;
}
