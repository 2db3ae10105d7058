/* position.c — LSP Position and Range: reading them from JSON and writing core byte ranges in the client's units. */
#include "support/position.h"

#include <stdint.h>
#include <string.h>
#include <uv.h>

static int read_u32(const json_t *v, uint32_t *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return UV_EINVAL;
    json_int_t n = json_integer_value(v);
    *out = n > (json_int_t)UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    return 0;
}

/*
 * The members `a` and `b` of object `v` into *va and *vb (NULL when absent). Each member is looked at once: every
 * keystroke reads a range, two positions and four numbers, and walking objects this small costs less than a hashed
 * lookup of each name.
 */
static void members2(const json_t *v, const char *a, const json_t **va, const char *b, const json_t **vb)
{
    *va = *vb = NULL;
    json_t *o = (json_t *)v; /* jansson's iterators take no const object; nothing is changed */
    for (void *it = json_object_iter(o); it; it = json_object_iter_next(o, it)) {
        const char *key = json_object_iter_key(it);
        if (strcmp(key, a) == 0)
            *va = json_object_iter_value(it);
        else if (strcmp(key, b) == 0)
            *vb = json_object_iter_value(it);
    }
}

int lsp_pos_parse(const json_t *v, CorePos *out)
{
    const json_t *line, *character;
    if (!json_is_object(v))
        return UV_EINVAL;
    members2(v, "line", &line, "character", &character);
    if (read_u32(line, &out->line) < 0 || read_u32(character, &out->col) < 0)
        return UV_EINVAL;
    return 0;
}

int lsp_range_parse(const json_t *v, CoreRange *out)
{
    const json_t *start, *end;
    if (!json_is_object(v))
        return UV_EINVAL;
    members2(v, "start", &start, "end", &end);
    if (lsp_pos_parse(start, &out->start) < 0 || lsp_pos_parse(end, &out->end) < 0)
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
