/* position.c — LSP Position and Range: reading them from JSON and writing core byte ranges in the client's units. */
#include "support/position.h"

#include <stdint.h>
#include <uv.h>

static int read_u32(const json_t *obj, const char *key, uint32_t *out)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return UV_EINVAL;
    json_int_t n = json_integer_value(v);
    *out = n > (json_int_t)UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    return 0;
}

int lsp_pos_parse(const json_t *v, CorePos *out)
{
    if (!json_is_object(v) || read_u32(v, "line", &out->line) < 0 || read_u32(v, "character", &out->col) < 0)
        return UV_EINVAL;
    return 0;
}

int lsp_range_parse(const json_t *v, CoreRange *out)
{
    if (!json_is_object(v) || lsp_pos_parse(json_object_get(v, "start"), &out->start) < 0 ||
        lsp_pos_parse(json_object_get(v, "end"), &out->end) < 0)
        return UV_EINVAL;
    return 0;
}

int lsp_pos_parse_bytes(const json_t *v, const CoreDoc *doc, CoreEncoding enc, CorePos *out)
{
    CorePos p;
    if (lsp_pos_parse(v, &p) < 0)
        return UV_EINVAL;
    *out = core_doc_pos_from(doc, enc, p);
    return 0;
}

int lsp_range_parse_bytes(const json_t *v, const CoreDoc *doc, CoreEncoding enc, CoreRange *out)
{
    CoreRange r;
    if (lsp_range_parse(v, &r) < 0)
        return UV_EINVAL;
    CorePos a = core_doc_pos_from(doc, enc, r.start), b = core_doc_pos_from(doc, enc, r.end);
    bool reversed = b.line < a.line || (b.line == a.line && b.col < a.col);
    *out = reversed ? (CoreRange){b, a} : (CoreRange){a, b};
    return 0;
}

void lsp_pos_write(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CorePos p)
{
    p = core_doc_pos_to(doc, enc, p);
    lsp_out_obj_begin(o);
    lsp_out_key(o, "line");
    lsp_out_int(o, p.line);
    lsp_out_key(o, "character");
    lsp_out_int(o, p.col);
    lsp_out_obj_end(o);
}

void lsp_range_write(LspOut *o, const CoreDoc *doc, CoreEncoding enc, CoreRange r)
{
    lsp_out_obj_begin(o);
    lsp_out_key(o, "start");
    lsp_pos_write(o, doc, enc, r.start);
    lsp_out_key(o, "end");
    lsp_pos_write(o, doc, enc, r.end);
    lsp_out_obj_end(o);
}

json_t *lsp_range_json(const CoreDoc *doc, CoreEncoding enc, CoreRange r)
{
    CorePos s = core_doc_pos_to(doc, enc, r.start), e = core_doc_pos_to(doc, enc, r.end);
    return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)s.line, "character",
                     (json_int_t)s.col, "end", "line", (json_int_t)e.line, "character", (json_int_t)e.col);
}
