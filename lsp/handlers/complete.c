/* complete.c — textDocument/completion: levels, keys, sections, None, annotations, interfaces, workspace paths. */
#include <stdlib.h>
#include <string.h>

#include "handlers/workspace.h"
#include "evidence/workstate.h"
#include "support/position.h"
#include "progress/alloc.h"

/* LSP CompletionItemKind values. */
enum { KIND_FUNCTION = 3, KIND_FIELD = 5, KIND_MODULE = 9, KIND_VALUE = 12, KIND_KEYWORD = 14, KIND_FILE = 17,
       KIND_FOLDER = 19, KIND_ENUM_MEMBER = 20 };

/* What every item of one answer shares: the document, the range the items replace, their running order. */
typedef struct {
    LspOut *o;
    const CoreDoc *doc;
    CoreEncoding enc;
    CoreRange token;
    bool space_before; /* every item's text starts with a space (CoreExpect.space_before) */
    uint32_t next;
} Items;

typedef struct {
    const char *label;
    size_t label_len;
    int kind;
    const char *detail;      /* may be NULL */
    const char *doc;         /* documentation, plain text; may be NULL */
    const char *text;        /* what replaces the token; NULL: the label */
    size_t text_len;
    bool reopen;             /* a folder: suggest again inside it */
} Item;

static void item_write(Items *it, const Item *item)
{
    LspOut *o = it->o;
    char sort[16];
    snprintf(sort, sizeof sort, "%06u", it->next++); /* the server's ranking, which the client keeps */
    lsp_out_obj_begin(o);
    lsp_out_key(o, "label");
    lsp_out_str(o, item->label, item->label_len);
    lsp_out_key(o, "kind");
    lsp_out_int(o, item->kind);
    if (item->detail) {
        lsp_out_key(o, "detail");
        lsp_out_cstr(o, item->detail);
    }
    if (item->doc) {
        lsp_out_key(o, "documentation");
        lsp_out_cstr(o, item->doc);
    }
    lsp_out_key(o, "sortText");
    lsp_out_cstr(o, sort);
    lsp_out_key(o, "textEdit");
    lsp_out_obj_begin(o);
    lsp_out_key(o, "range");
    lsp_range_write(o, it->doc, it->enc, it->token);
    lsp_out_key(o, "newText");
    const char *text = item->text ? item->text : item->label;
    size_t text_len = item->text ? item->text_len : item->label_len;
    if (it->space_before) { /* `Complexity level:me` becomes `Complexity level: Medium` */
        char *spaced = core_xasprintf(" %.*s", (int)text_len, text);
        lsp_out_str(o, spaced, text_len + 1);
        free(spaced);
    } else {
        lsp_out_str(o, text, text_len);
    }
    lsp_out_obj_end(o);
    if (item->reopen) {
        lsp_out_key(o, "command");
        lsp_out_obj_begin(o);
        lsp_out_key(o, "title");
        lsp_out_cstr(o, "Suggest");
        lsp_out_key(o, "command");
        lsp_out_cstr(o, LSP_COMMAND_TRIGGER_SUGGEST);
        lsp_out_obj_end(o);
    }
    lsp_out_obj_end(o);
}

static void simple(Items *it, const char *label, int kind, const char *detail, const char *doc)
{
    Item item = {.label = label, .label_len = strlen(label), .kind = kind, .detail = detail, .doc = doc};
    item_write(it, &item);
}

static void levels(Items *it)
{
    for (CoreLevel l = CORE_LEVEL_TRIVIAL; l < CORE_LEVEL_COUNT; l++)
        simple(it, core_level_name(l), KIND_ENUM_MEMBER, core_level_meaning(l), NULL);
}

/* The keys missing from Session State; "Key: " unless the line already has its colon. */
static void field_keys(Items *it, const CoreExpect *ex)
{
    bool has_colon = ex->has_colon;
    for (CoreFieldKind f = CORE_FIELD_LAST_COMPLETED; f < CORE_FIELD_KIND_COUNT; f++) {
        if (!(ex->missing_fields & (1u << f)))
            continue;
        char text[64];
        int n = snprintf(text, sizeof text, has_colon ? "%s" : "%s: ", core_field_name(f));
        Item item = {.label = core_field_name(f), .label_len = strlen(core_field_name(f)), .kind = KIND_FIELD,
                     .doc = core_field_purpose(f), .text = text, .text_len = (size_t)n};
        item_write(it, &item);
    }
}

/* Section names: just the name inside a complete `=== … ===`, else the whole header. */
static void sections(Items *it, const CoreExpect *ex)
{
    bool name_only = ex->name_only;
    for (CoreSectionKind k = CORE_SECTION_SESSION_STATE; k < CORE_SECTION_KIND_COUNT; k++) {
        if (!(ex->missing_sections & (1u << k)))
            continue;
        char text[64];
        int n = snprintf(text, sizeof text, name_only ? "%s" : "=== %s ===", core_section_name(k));
        Item item = {.label = core_section_name(k), .label_len = strlen(core_section_name(k)), .kind = KIND_MODULE,
                     .doc = core_section_purpose(k), .text = text, .text_len = (size_t)n};
        item_write(it, &item);
    }
}

static void annotations(Items *it)
{
    for (const char *const *a = core_annotations(); *a; a++)
        simple(it, *a, KIND_KEYWORD, NULL, NULL);
}

/* The names defined in Interfaces Defined, each once, with its signature as detail. */
static void interfaces(Items *it)
{
    uint32_t count = core_doc_section_count(it->doc);
    Array(CoreEntry) seen = {0};
    for (uint32_t i = 0; i < count; i++) {
        CoreSection sec;
        if (core_doc_section(it->doc, i, &sec) != 0 || sec.kind != CORE_SECTION_INTERFACES)
            continue;
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            CoreEntry e;
            if (core_doc_entry(it->doc, l, &e) != 0 || !e.has_signature)
                continue;
            const char *s = core_doc_line(it->doc, l, NULL);
            size_t nlen = e.sig_name.end.col - e.sig_name.start.col;
            bool dup = false;
            for (uint32_t k = 0; k < seen.size && !dup; k++) {
                const CoreEntry *p = array_get(&seen, k);
                dup = p->sig_name.end.col - p->sig_name.start.col == nlen &&
                      memcmp(core_doc_line(it->doc, p->line, NULL) + p->sig_name.start.col, s + e.sig_name.start.col,
                             nlen) == 0;
            }
            if (dup || nlen == 0)
                continue;
            array_push(&seen, e);
            char *detail = core_xstrndup(s + e.body.start.col, e.body.end.col - e.body.start.col);
            Item item = {.label = s + e.sig_name.start.col, .label_len = nlen, .kind = KIND_FUNCTION, .detail = detail};
            item_write(it, &item);
            free(detail);
        }
    }
    array_delete(&seen);
}

typedef Array(LspPathRef) PathRefs;

/* The paths already listed in the section of line `line`, that line aside (borrowed from the document). */
static void listed_paths(const CoreDoc *doc, uint32_t line, PathRefs *out)
{
    CoreEntry here;
    CoreSection sec;
    if (core_doc_entry(doc, line, &here) != 0 || here.section < 0 ||
        core_doc_section(doc, (uint32_t)here.section, &sec) != 0)
        return;
    for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
        CoreEntry e;
        if (l == line || core_doc_entry(doc, l, &e) != 0 || !e.has_path)
            continue;
        const char *text = core_doc_line(doc, l, NULL);
        array_push(out, ((LspPathRef){text + e.path.start.col, e.path.end.col - e.path.start.col}));
    }
}

/* Workspace paths for the token, listed ones last; returns whether the answer is incomplete: always, once there is a
 * root. What is offered depends on the folder typed (`src/` lists its entries), so a client that filters the list
 * itself (lsp-mode, Neovim) must ask again as the user types instead of filtering `src/` alone into a sole match. */
static bool paths(LspServer *s, Items *it, const char *uri, const CoreExpect *ex)
{
    int root = lsp_workspace_doc_root(s, uri, NULL);
    if (root < 0)
        return false;
    LspWorkspace *ws = s->workspace->ws;
    size_t limit = s->workspace->settings.max_completion_items;
    const char *typed = ex->prefix;
    size_t typed_len = ex->prefix_len;
    if (typed_len && typed[0] == '[') /* a template placeholder is replaced, not matched */
        typed_len = 0;
    LspPathMatch *out = core_xmalloc(limit * sizeof *out);
    LspPathIndex *idx = lsp_workspace_paths(ws, root);
    PathRefs listed = {0};
    listed_paths(it->doc, ex->token.start.line, &listed);
    size_t n = lsp_path_index_complete(idx, typed, typed_len, listed.contents, listed.size, out, limit, NULL);
    array_delete(&listed);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *p = lsp_path_index_path(idx, out[i].id, &len);
        bool dir = lsp_path_index_entry_kind(idx, out[i].id) == LSP_PATH_DIR;
        char *label = core_xmalloc(len + 2);
        memcpy(label, p, len);
        if (dir)
            label[len++] = '/';
        Item item = {.label = label, .label_len = len, .kind = dir ? KIND_FOLDER : KIND_FILE, .reopen = dir};
        item_write(it, &item);
        free(label);
    }
    free(out);
    return true;
}

/* `None` is offered while what is typed could still become it. */
static bool none_typed(const CoreExpect *ex)
{
    static const char none[] = "none";
    if (ex->prefix_len >= sizeof none)
        return false;
    for (size_t i = 0; i < ex->prefix_len; i++)
        if ((ex->prefix[i] | 32) != none[i])
            return false;
    return true;
}

int lsp_on_completion(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    CorePos pos;
    if (lsp_pos_parse_bytes(json_object_get(params, "position"), d->doc, s->enc, &pos) < 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: completion needs a position");
    CoreExpect ex;
    core_expect_at(d->doc, pos, &ex);
    /* Typing '(' or ':' in prose should not pop up interface names: those come when asked for. */
    bool by_char = json_integer_value(json_object_get(json_object_get(params, "context"), "triggerKind")) == 2;

    LspOut *o = r->out;
    Items it = {.o = o, .doc = d->doc, .enc = s->enc, .token = ex.token, .space_before = ex.space_before};
    bool incomplete = false;
    lsp_out_obj_begin(o);
    lsp_out_key(o, "items");
    lsp_out_arr_begin(o);
    switch (ex.kind) {
    case CORE_EXPECT_LEVEL: levels(&it); break;
    case CORE_EXPECT_FIELD_KEY: field_keys(&it, &ex); break;
    case CORE_EXPECT_SECTION: sections(&it, &ex); break;
    case CORE_EXPECT_PATH: incomplete = paths(s, &it, d->uri, &ex); break;
    case CORE_EXPECT_ANNOTATION: annotations(&it); break;
    case CORE_EXPECT_INTERFACE:
        if (!by_char)
            interfaces(&it);
        break;
    case CORE_EXPECT_NONE_WORD:
    case CORE_EXPECT_NOTHING: break;
    }
    if ((ex.allow_none || ex.kind == CORE_EXPECT_NONE_WORD) && none_typed(&ex))
        simple(&it, "None", KIND_VALUE, "nothing to list", NULL);
    lsp_out_arr_end(o);
    lsp_out_key(o, "isIncomplete");
    lsp_out_bool(o, incomplete);
    lsp_out_obj_end(o);
    return 0;
}

int lsp_on_execute_command(LspServer *s, json_t *params, LspReply *r)
{
    const char *command = json_string_value(json_object_get(params, "command"));
    if (!command)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: command must be a string");
    /* A client that runs a completion item's command through the server (eglot does) gets a harmless null:
     * re-opening the list is the editor's job, and VS Code does it itself. */
    if (strcmp(command, LSP_COMMAND_APPLY_ACTION) == 0)
        return lsp_on_apply_action_command(s, params, r);
    if (strcmp(command, LSP_COMMAND_TRIGGER_SUGGEST) != 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: unknown command \"%s\"", command);
    return 0;
}
