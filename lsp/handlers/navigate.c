/* navigate.c — hover, definition, references, (prepare)rename of interfaces and paths, file renames, and links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/workspace.h"
#include "support/position.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/log.h"
#include "progress/navigate.h"
#include "support/uri.h"

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

/* What a log's heading or entry title is read as: an entry (its date, story, number; the newest?) or a part. */
static void block_text(const CoreDoc *doc, const CoreHover *h, bool md, Text *t)
{
    CoreBlock b;
    if (core_doc_block(doc, h->block, &b) != 0)
        return;
    char line[160];
    puts_(t, md ? "**" : "");
    puts_(t, b.is_entry ? "Log entry" : "Heading");
    puts_(t, md ? "**" : "");
    snprintf(line, sizeof line, " (level %u)", b.level);
    puts_(t, line);
    const char *s = core_doc_line(doc, b.line, NULL);
    if (b.has_date) {
        puts_(t, ", dated ");
        put(t, s + b.date.start.col, b.date.end.col - b.date.start.col);
    }
    if (b.has_story) {
        puts_(t, ", story ");
        put(t, s + b.story.start.col, b.story.end.col - b.story.start.col);
    }
    if (b.number) {
        snprintf(line, sizeof line, ", number %u", b.number);
        puts_(t, line);
    }
    puts_(t, ".");
    if (b.is_entry && core_doc_newest_entry(doc) == (int32_t)b.index)
        puts_(t, " The newest entry: the current state is read from it.");
    if (b.kind != CORE_SECTION_UNKNOWN) {
        puts_(t, " Read as the template's ");
        puts_(t, core_section_name(b.kind));
        puts_(t, " section.");
    } else if (b.label != CORE_LABEL_NONE) {
        puts_(t, " Read as the entry's ");
        puts_(t, core_label_name(b.label));
        puts_(t, ".");
    }
}

/* Which dialect the file is read as and from what (docs/format.md, "Dialects"), for a hover on its first line. */
static void dialect_text(const CoreDoc *doc, bool md, Text *t)
{
    CoreDialectSigns g;
    core_doc_dialect_signs(doc, &g);
    char line[200];
    if (t->size)
        puts_(t, md ? "\n\n---\n\n" : "\n\n");
    puts_(t, "Read as a ");
    puts_(t, md ? "**" : "");
    puts_(t, core_dialect_title(core_doc_dialect(doc)));
    puts_(t, md ? "**" : "");
    snprintf(line, sizeof line, " (%u template section headers, %u markdown headings, %u entry titles, %u Ralph lines).",
             g.template_headers, g.headings, g.titles, g.ralph);
    puts_(t, line);
    int32_t newest = core_doc_newest_entry(doc);
    CoreBlock b;
    if (newest >= 0 && core_doc_block(doc, (uint32_t)newest, &b) == 0) {
        snprintf(line, sizeof line, " Newest entry: line %u, \"", b.line + 1);
        puts_(t, line);
        put(t, core_doc_line(doc, b.line, NULL) + b.title.start.col, b.title.end.col - b.title.start.col);
        puts_(t, "\".");
    }
}

int lsp_on_hover(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CorePos pos;
    int err = lsp_params_doc_pos(&s->docs, s->enc, params, r, &d, &pos);
    if (err)
        return err;
    bool md = s->workspace->markdown;
    if (lsp_workstate_hover(s, d, pos, md, &r->result)) /* a commit reference: what git says of it */
        return 0;
    CoreHover h;
    core_hover_at(d->doc, pos, &h);
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
    case CORE_HOVER_BLOCK: block_text(d->doc, &h, md, &t); break;
    case CORE_HOVER_DIALECT: break;
    }
    if (h.first_line)
        dialect_text(d->doc, md, &t);
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

/* ---------------------------------------------------------------- paths written in a document */

typedef void (*PathFn)(void *ctx, const CoreHover *h);

/*
 * Every path written in the document, as core_hover_at reads them — each Files item's path, then every
 * path-like run in prose (asked at each '/') — one call of `fn` per path, in document order.
 */
static void each_path(const CoreDoc *doc, PathFn fn, void *ctx)
{
    uint32_t lines = core_doc_line_count(doc);
    for (uint32_t l = 0; l < lines; l++) {
        size_t len;
        const char *text = core_doc_line(doc, l, &len);
        uint32_t next = 0;
        CoreEntry e;
        core_doc_entry(doc, l, &e);
        CorePathRef paths[16];
        uint32_t count = e.has_path ? core_doc_paths(doc, l, paths, 16) : 0;
        for (uint32_t k = 0; k < count && k < 16; k++) { /* each path of a Files item, without quotes or location */
            CoreHover h;
            core_hover_at(doc, paths[k].path.start, &h);
            if (h.kind == CORE_HOVER_PATH) {
                fn(ctx, &h);
                next = h.range.end.col;
            }
        }
        while (next < len) {
            const char *slash = memchr(text + next, '/', len - next);
            if (!slash)
                break;
            uint32_t at = (uint32_t)(slash - text);
            CoreHover h;
            core_hover_at(doc, (CorePos){l, at}, &h);
            next = at + 1;
            if (h.kind != CORE_HOVER_PATH)
                continue;
            fn(ctx, &h);
            if (h.range.end.col > next)
                next = h.range.end.col;
        }
    }
}

/* A written path cleaned for comparison (lsp_path_normalize) into a new string; NULL when it names nothing in a root. */
static char *clean_path(const char *path, size_t len)
{
    char *out = core_xmalloc(len + 1);
    if (lsp_path_normalize(path, len, out) <= 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* ---------------------------------------------------------------- rename */

/* What can be renamed, and what the position holds instead. */
static int not_renamable(LspReply *r, CoreHoverKind kind)
{
    static const char *const what[] = {
        [CORE_HOVER_NOTHING] = "nothing that can be renamed",
        [CORE_HOVER_INTERFACE] = "an interface",
        [CORE_HOVER_LEVEL] = "a complexity level (pick another with completion)",
        [CORE_HOVER_SECTION] = "a section header (its name is fixed by the format)",
        [CORE_HOVER_FIELD] = "a field key (its name is fixed by the format)",
        [CORE_HOVER_PATH] = "a path",
        [CORE_HOVER_BLOCK] = "a heading or log entry",
        [CORE_HOVER_DIALECT] = "the file's first line",
    };
    return lsp_reply_error(r, LSP_ERR_REQUEST_FAILED,
                           "Only an interface name (from Interfaces Defined) or a path can be renamed; here is %s",
                           what[kind]);
}

int lsp_on_prepare_rename(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreHover h;
    int err = hovered(s, params, r, &d, &h);
    if (err)
        return err;
    if (h.kind != CORE_HOVER_INTERFACE && h.kind != CORE_HOVER_PATH)
        return not_renamable(r, h.kind);
    r->result = json_pack("{s:o, s:s%}", "range", lsp_range_json(d->doc, s->enc, h.range), "placeholder", h.word,
                          h.word_len);
    return 0;
}

/* Whether the bytes of `line` before `col` are all ASCII: there a column means the same in bytes and UTF-16. */
static bool ascii_before(const CoreDoc *doc, uint32_t line, uint32_t col)
{
    const char *t = core_doc_line(doc, line, NULL);
    for (uint32_t i = 0; i < col; i++)
        if ((unsigned char)t[i] >= 0x80)
            return false;
    return true;
}

/*
 * The WorkspaceEdit replacing each of `given` (one line each) in `d` by `text` (`len` bytes).
 * A line where a range starts after a `—` or `✅` is rewritten whole, from its character 0 to the next line's: a
 * client that counts UTF-16 columns as bytes (Vim's ALE) then still edits the right text.
 */
static int range_qcmp(const void *a, const void *b)
{
    return core_pos_cmp(((const CoreRange *)a)->start, ((const CoreRange *)b)->start);
}

static json_t *rename_edit(const LspServer *s, const LspDoc *d, const CoreRange *given, size_t count, const char *text,
                           size_t len)
{
    CoreRange *ranges = core_xmalloc((count ? count : 1) * sizeof *ranges);
    if (count)
        memcpy(ranges, given, count * sizeof *ranges);
    qsort(ranges, count, sizeof *ranges, range_qcmp);
    json_t *edits = json_array();
    uint32_t lines = core_doc_line_count(d->doc);
    for (size_t i = 0; i < count;) {
        uint32_t line = ranges[i].start.line;
        size_t j = i;
        bool whole = false;
        for (; j < count && ranges[j].start.line == line; j++)
            whole = whole || (ranges[j].end.line == line && !ascii_before(d->doc, line, ranges[j].end.col));
        if (!whole || line + 1 >= lines) {
            for (; i < j; i++)
                json_array_append_new(edits, json_pack("{s:o, s:s%}", "range", lsp_range_json(d->doc, s->enc, ranges[i]),
                                                       "newText", text, len));
            continue;
        }
        size_t n;
        const char *t = core_doc_line(d->doc, line, &n);
        Array(char) out = {0};
        uint32_t at = 0;
        for (; i < j; i++) {
            array_extend(&out, ranges[i].start.col - at, t + at);
            array_extend(&out, (uint32_t)len, text);
            at = ranges[i].end.col;
        }
        array_extend(&out, (uint32_t)(n - at), t + at);
        const char *eol = core_doc_line_eol(d->doc, line);
        array_extend(&out, (uint32_t)strlen(eol), eol);
        CoreRange whole_line = {{line, 0}, {line + 1, 0}};
        json_array_append_new(edits, json_pack("{s:o, s:s%}", "range", lsp_range_json(d->doc, s->enc, whole_line),
                                               "newText", out.contents, (size_t)out.size));
        array_delete(&out);
    }
    free(ranges);
    json_t *changes = json_object();
    json_object_set_new(changes, d->uri, edits);
    return json_pack("{s:o}", "changes", changes);
}

static int rename_interface(LspServer *s, const LspDoc *d, const CoreHover *h, const char *name, size_t name_len,
                            LspReply *r)
{
    if (!core_interface_name_valid(name, name_len))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS,
                               "\"%s\" is not an interface name: use letters, digits and '_' (parts joined by '.' or '::')",
                               name);
    CoreRangeList refs;
    bool same = name_len == h->word_len && memcmp(name, h->word, name_len) == 0;
    if (!same) {
        core_interface_refs(d->doc, name, name_len, &refs);
        uint32_t line = refs.count ? refs.items[0].start.line + 1 : 0;
        core_range_list_free(&refs);
        if (line)
            return lsp_reply_error(r, LSP_ERR_REQUEST_FAILED,
                                   "Cannot rename \"%.*s\" to \"%s\": \"%s\" is already in the document (line %u); "
                                   "renaming would merge the two",
                                   (int)h->word_len, h->word, name, name, line);
    }
    core_interface_refs(d->doc, h->word, h->word_len, &refs);
    r->result = rename_edit(s, d, refs.items, refs.count, name, name_len);
    core_range_list_free(&refs);
    return 0;
}

/* Looks for the cleaned path `want` among the document's paths, other than `old`: the first line it is on. */
typedef struct {
    const char *want, *old;
    uint32_t line; /* 1-based; 0 while not found */
} Clash;

static void find_clash(void *ctx, const CoreHover *h)
{
    Clash *c = ctx;
    char *p = c->line ? NULL : clean_path(h->word, h->word_len);
    if (p && strcmp(p, c->want) == 0 && strcmp(p, c->old) != 0)
        c->line = h->range.start.line + 1;
    free(p);
}

static int rename_path(LspServer *s, const LspDoc *d, const CoreHover *h, const char *name, size_t name_len,
                       CorePos pos, LspReply *r)
{
    char *want = memchr(name, ' ', name_len) || memchr(name, '\t', name_len) ? NULL : clean_path(name, name_len);
    if (!want)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS,
                               "\"%s\" is not a path inside the workspace: write it relative to the workspace folder, "
                               "with '/' between folders, without spaces or \"..\"",
                               name);
    char *old = clean_path(h->word, h->word_len);
    Clash clash = {.want = want, .old = old ? old : ""};
    each_path(d->doc, find_clash, &clash);
    free(want);
    free(old);
    if (clash.line)
        return lsp_reply_error(r, LSP_ERR_REQUEST_FAILED,
                               "Cannot rename \"%.*s\" to \"%s\": \"%s\" is already in the document (line %u); "
                               "renaming would list it twice",
                               (int)h->word_len, h->word, name, name, clash.line);
    /* Every mention: the same path written as a whole run, wherever it is (core_highlights_at). */
    CoreHighlightList marks;
    core_highlights_at(d->doc, pos, &marks);
    CoreRange *ranges = core_xmalloc((marks.count ? marks.count : 1) * sizeof *ranges);
    for (size_t i = 0; i < marks.count; i++)
        ranges[i] = marks.items[i].range;
    r->result = rename_edit(s, d, ranges, marks.count, name, name_len);
    free(ranges);
    core_highlight_list_free(&marks);
    return 0;
}

int lsp_on_rename(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CorePos pos;
    int err = lsp_params_doc_pos(&s->docs, s->enc, params, r, &d, &pos);
    if (err)
        return err;
    json_t *new_name = json_object_get(params, "newName");
    if (!json_is_string(new_name))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: rename needs a newName string");
    const char *name = json_string_value(new_name);
    size_t name_len = json_string_length(new_name);
    CoreHover h;
    core_hover_at(d->doc, pos, &h);
    if (h.kind == CORE_HOVER_INTERFACE)
        return rename_interface(s, d, &h, name, name_len, r);
    if (h.kind == CORE_HOVER_PATH)
        return rename_path(s, d, &h, name, name_len, pos, r);
    return not_renamable(r, h.kind);
}

/* ---------------------------------------------------------------- file renames */

/* One file or folder renamed in the editor, as paths inside one root. */
typedef struct {
    char *from, *to; /* cleaned, relative to the root */
} Move;

typedef struct {
    const LspServer *s;
    const LspDoc *d;
    const Move *moves;
    size_t count;
    json_t *edits;
} Follow;

/* A path written as a renamed file, or under a renamed folder, follows it. */
static void follow_path(void *ctx, const CoreHover *h)
{
    Follow *f = ctx;
    char *p = clean_path(h->word, h->word_len);
    if (!p)
        return;
    size_t plen = strlen(p);
    for (size_t i = 0; i < f->count; i++) {
        const Move *m = &f->moves[i];
        size_t flen = strlen(m->from);
        if (plen < flen || memcmp(p, m->from, flen) != 0 || (plen > flen && p[flen] != '/'))
            continue;
        char *text = core_xasprintf("%s%s", m->to, p + flen);
        json_array_append_new(f->edits, json_pack("{s:o, s:s}", "range",
                                                  lsp_range_json(f->d->doc, f->s->enc, h->range), "newText", text));
        free(text);
        break;
    }
    free(p);
}

/* The part of file URI `uri` inside root `root`, cleaned; NULL when it is not inside it. */
static char *root_relative(LspServer *s, int root, const char *uri)
{
    char *abs = uri ? lsp_uri_to_path(uri) : NULL;
    const char *rel = NULL;
    char *out = NULL;
    if (abs && lsp_workspace_root_of(s->workspace->ws, abs, &rel) == root && rel)
        out = clean_path(rel, strlen(rel));
    free(abs);
    return out;
}

/*
 * workspace/willRenameFiles: before the editor renames or moves files, the edit that makes every open
 * progress file's paths follow them (a folder's move takes the paths under it along). Null when none does.
 */
int lsp_on_will_rename_files(LspServer *s, json_t *params, LspReply *r)
{
    json_t *files = json_object_get(params, "files");
    if (!json_is_array(files))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: willRenameFiles needs a files array");
    json_t *changes = json_object();
    uint32_t cursor = 0;
    for (LspDoc *d = lsp_docs_next(&s->docs, &cursor, NULL); d; d = lsp_docs_next(&s->docs, &cursor, d)) {
        int root = lsp_workspace_doc_root(s, d->uri, NULL);
        if (root < 0)
            continue;
        Array(Move) moves = {0};
        size_t i;
        json_t *f;
        json_array_foreach(files, i, f) {
            Move m = {root_relative(s, root, json_string_value(json_object_get(f, "oldUri"))),
                      root_relative(s, root, json_string_value(json_object_get(f, "newUri")))};
            if (m.from && m.to)
                array_push(&moves, m);
            else {
                free(m.from);
                free(m.to);
            }
        }
        Follow follow = {.s = s, .d = d, .moves = moves.contents, .count = moves.size, .edits = json_array()};
        if (moves.size)
            each_path(d->doc, follow_path, &follow);
        if (json_array_size(follow.edits))
            json_object_set(changes, d->uri, follow.edits);
        json_decref(follow.edits);
        for (uint32_t k = 0; k < moves.size; k++) {
            free(moves.contents[k].from);
            free(moves.contents[k].to);
        }
        array_delete(&moves);
    }
    if (json_object_size(changes))
        r->result = json_pack("{s:o}", "changes", changes);
    else
        json_decref(changes);
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

typedef struct {
    LspServer *s;
    const LspDoc *d;
    int root;
    json_t *links;
} Links;

static void link_path(void *ctx, const CoreHover *h)
{
    Links *l = ctx;
    link_add(l->s, l->d, l->root, h, l->links);
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
    Links links = {s, d, root, r->result};
    each_path(d->doc, link_path, &links);
    return 0;
}
