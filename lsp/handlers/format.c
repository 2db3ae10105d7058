/* format.c — textDocument/formatting, rangeFormatting and onTypeFormatting: core_format's edits as TextEdits. */
#include <string.h>

#include "handlers/handlers.h"
#include "support/position.h"
#include "progress/format.h"

/* Writes `edits` as a TextEdit array. */
static void write_edits(LspOut *o, const CoreDoc *doc, CoreEncoding enc, const CoreEditList *edits)
{
    lsp_out_arr_begin(o);
    for (size_t i = 0; i < edits->count; i++) {
        lsp_out_obj_begin(o);
        lsp_out_key(o, "range");
        lsp_range_write(o, doc, enc, edits->items[i].range);
        lsp_out_key(o, "newText");
        lsp_out_cstr(o, edits->items[i].text);
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
}

/*
 * The FormattingOptions (borrowed) applied over the user's settings. The three the formatter has a
 * use for are read; tabSize and insertSpaces are checked but have nothing to indent; any other key
 * (the spec allows them) is ignored. A known key with a value of the wrong kind is an error.
 */
static int read_options(LspServer *s, const json_t *params, LspReply *r, CoreFormatOptions *opts)
{
    *opts = s->settings.format;
    const json_t *o = json_object_get(params, "options");
    if (!o)
        return 0;
    if (!json_is_object(o))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: options must be a FormattingOptions object");
    static const char *const bools[] = {"insertSpaces", "trimTrailingWhitespace", "insertFinalNewline",
                                        "trimFinalNewlines"};
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
        const json_t *v = json_object_get(o, bools[i]);
        if (v && !json_is_boolean(v))
            return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: options.%s must be a boolean", bools[i]);
    }
    const json_t *tab = json_object_get(o, "tabSize");
    if (tab && !(json_is_integer(tab) && json_integer_value(tab) >= 0))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: options.tabSize must be a whole number");
    if (json_is_false(json_object_get(o, "trimTrailingWhitespace")))
        opts->keep_trailing_spaces = true;
    if (json_is_false(json_object_get(o, "trimFinalNewlines")))
        opts->keep_final_blank_lines = true;
    if (json_is_false(json_object_get(o, "insertFinalNewline")))
        opts->no_final_newline = true;
    return 0;
}

/* The document a formatting request is about, and the options it asks for. */
static int doc_and_options(LspServer *s, const json_t *params, LspReply *r, LspDoc **d, CoreFormatOptions *opts)
{
    int err = lsp_params_doc(&s->docs, params, r, d);
    return err ? err : read_options(s, params, r, opts);
}

static int format_lines(LspServer *s, json_t *params, LspReply *r, bool ranged)
{
    LspDoc *d;
    CoreFormatOptions opts;
    int err = doc_and_options(s, params, r, &d, &opts);
    if (err)
        return err;
    uint32_t first = 0, last = UINT32_MAX;
    if (ranged) {
        CoreRange range;
        if (lsp_range_parse_bytes(json_object_get(params, "range"), d->doc, s->enc, &range) < 0)
            return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: range must be {start, end} positions");
        /* A selection of whole lines ends at the start of the next one, which it does not mean to include. */
        first = range.start.line;
        last = range.end.line > first && range.end.col == 0 ? range.end.line - 1 : range.end.line;
    }
    CoreEditList edits;
    core_format(d->doc, &opts, first, last, &edits);
    write_edits(r->out, d->doc, s->enc, &edits);
    core_edit_list_free(&edits);
    return 0;
}

int lsp_on_formatting(LspServer *s, json_t *params, LspReply *r)
{
    return format_lines(s, params, r, false);
}

int lsp_on_range_formatting(LspServer *s, json_t *params, LspReply *r)
{
    return format_lines(s, params, r, true);
}

int lsp_on_on_type_formatting(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreFormatOptions opts;
    int err = doc_and_options(s, params, r, &d, &opts);
    if (err)
        return err;
    CorePos pos;
    if (lsp_pos_parse_bytes(json_object_get(params, "position"), d->doc, s->enc, &pos) < 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: position must be {line, character}");
    const char *ch = json_string_value(json_object_get(params, "ch"));
    if (!ch)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: ch must be a string");
    CoreEditList edits = {0};
    if (strcmp(ch, "\n") == 0 || strcmp(ch, "\r\n") == 0) /* the only trigger registered */
        core_format_on_enter(d->doc, pos, &edits);
    write_edits(r->out, d->doc, s->enc, &edits);
    core_edit_list_free(&edits);
    return 0;
}
