/* tokens.c — textDocument/semanticTokens/full, /full/delta and /range, and the legend they share. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "handlers/handlers.h"
#include "support/position.h"
#include "server/tokens.h"

json_t *lsp_tokens_legend(void)
{
    json_t *types = json_array(), *mods = json_array();
    for (int i = 0; i < CORE_TOKEN_TYPE_COUNT; i++)
        json_array_append_new(types, json_string(core_token_type_name((CoreTokenType)i)));
    for (uint32_t i = 0; i < CORE_TOKEN_MOD_COUNT; i++)
        json_array_append_new(mods, json_string(core_token_modifier_name(i)));
    return json_pack("{s:o, s:o}", "tokenTypes", types, "tokenModifiers", mods);
}

/* The resultId of the tokens of the document's text as it is now: its generation, unique in the session. */
static void write_result_id(LspOut *o, const LspDoc *d)
{
    char id[24];
    snprintf(id, sizeof id, "%" PRIu64, d->generation);
    lsp_out_key(o, "resultId");
    lsp_out_cstr(o, id);
}

/* Tokenizes the whole document into its cache and writes a SemanticTokens answer. */
static void write_full(LspServer *s, LspDoc *d, LspOut *o)
{
    if (!d->tokens)
        d->tokens = lsp_tokens_new();
    lsp_tokens_full(d->tokens, d->doc, s->enc, d->generation);
    lsp_out_obj_begin(o);
    write_result_id(o, d);
    lsp_out_key(o, "data");
    lsp_tokens_write_data(o, d->tokens);
    lsp_out_obj_end(o);
}

int lsp_on_semantic_tokens_full(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    write_full(s, d, r->out);
    return 0;
}

int lsp_on_semantic_tokens_delta(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    const json_t *prev = json_object_get(params, "previousResultId");
    if (!json_is_string(prev))
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: previousResultId must be a string");
    char *end;
    uint64_t id = strtoull(json_string_value(prev), &end, 10);
    /* Tokens the cache no longer holds (an older answer, another session's id, nonsense): the full tokens. */
    if (!d->tokens || d->tokens->result_id != id || *end || json_string_length(prev) == 0 || d->tokens->enc != s->enc) {
        write_full(s, d, r->out);
        return 0;
    }
    LspTokensEdit edit;
    lsp_tokens_delta(d->tokens, d->doc, d->generation, &edit);
    LspOut *o = r->out;
    lsp_out_obj_begin(o);
    write_result_id(o, d);
    lsp_out_key(o, "edits");
    lsp_out_arr_begin(o);
    if (edit.delete_count || edit.data.size) {
        lsp_out_obj_begin(o);
        lsp_out_key(o, "start");
        lsp_out_int(o, edit.start);
        lsp_out_key(o, "deleteCount");
        lsp_out_int(o, edit.delete_count);
        lsp_out_key(o, "data");
        lsp_out_arr_begin(o);
        for (uint32_t i = 0; i < edit.data.size; i++)
            lsp_out_int(o, edit.data.contents[i]);
        lsp_out_arr_end(o);
        lsp_out_obj_end(o);
    }
    lsp_out_arr_end(o);
    lsp_out_obj_end(o);
    array_delete(&edit.data);
    return 0;
}

int lsp_on_semantic_tokens_range(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    CoreRange range;
    if (lsp_range_parse_bytes(json_object_get(params, "range"), d->doc, s->enc, &range) < 0)
        return lsp_reply_error(r, LSP_ERR_INVALID_PARAMS, "Invalid params: range must be {start, end} positions");
    lsp_out_obj_begin(r->out);
    lsp_out_key(r->out, "data");
    lsp_tokens_write_range(r->out, d->doc, s->enc, range.start, range.end);
    lsp_out_obj_end(r->out);
    return 0;
}
