/* model.c — the document model: classified lines and the section list, patched in place after each edit. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"
#include "progress/array.h"
#include "progress/core.h"
#include "text.h"

struct CoreDoc {
    CoreText text;
    Array(uint32_t) headers; /* the header lines, ascending: one section each */
};

static void classify(CoreDoc *doc, uint32_t first, uint32_t count)
{
    for (uint32_t i = first; i < first + count; i++) {
        CoreTextLine *l = doc->text.lines.contents[i];
        core_line_parse(l->bytes, l->len, &l->info);
    }
}

static int is_header(const CoreDoc *doc, uint32_t line)
{
    return doc->text.lines.contents[line]->info.kind == CORE_LINE_HEADER;
}

/* Index of the first header at or after `line`. */
static uint32_t lower_bound(const CoreDoc *doc, uint32_t line)
{
    uint32_t lo = 0, hi = doc->headers.size;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (doc->headers.contents[mid] < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

CoreDoc *core_doc_new(const char *text, size_t len)
{
    CoreDoc *doc = core_xcalloc(1, sizeof *doc);
    core_text_init(&doc->text, text, len);
    classify(doc, 0, doc->text.lines.size);
    for (uint32_t i = 0; i < doc->text.lines.size; i++)
        if (is_header(doc, i))
            array_push(&doc->headers, i);
    return doc;
}

void core_doc_free(CoreDoc *doc)
{
    if (!doc)
        return;
    core_text_destroy(&doc->text);
    array_delete(&doc->headers);
    free(doc);
}

static int pos_before(CorePos a, CorePos b)
{
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

int core_doc_edit(CoreDoc *doc, CoreEncoding enc, CoreRange range, const char *text, size_t len)
{
    if ((unsigned)enc > CORE_ENC_UTF32)
        return CORE_EINVAL;
    CorePos start = core_text_pos_from(&doc->text, enc, range.start);
    CorePos end = core_text_pos_from(&doc->text, enc, range.end);
    if (pos_before(end, start)) {
        CorePos tmp = start;
        start = end;
        end = tmp;
    }
    CoreTextChange ch = core_text_replace(&doc->text, start, end, text, len);
    classify(doc, ch.first, ch.new_count);

    /* Patch the header list: drop the replaced lines' headers, shift later ones, add the new lines' headers. */
    uint32_t lo = lower_bound(doc, ch.first);
    uint32_t hi = lower_bound(doc, ch.first + ch.old_count);
    uint32_t added = 0;
    for (uint32_t i = ch.first; i < ch.first + ch.new_count; i++)
        added += is_header(doc, i);
    array_splice_gap(&doc->headers, lo, hi - lo, added);
    uint32_t k = lo;
    for (uint32_t i = ch.first; i < ch.first + ch.new_count; i++)
        if (is_header(doc, i))
            doc->headers.contents[k++] = i;
    int64_t delta = (int64_t)ch.new_count - (int64_t)ch.old_count;
    if (delta)
        for (uint32_t i = k; i < doc->headers.size; i++)
            doc->headers.contents[i] = (uint32_t)((int64_t)doc->headers.contents[i] + delta);
    return 0;
}

uint32_t core_doc_line_count(const CoreDoc *doc)
{
    return doc->text.lines.size;
}

size_t core_doc_length(const CoreDoc *doc)
{
    return doc->text.length;
}

const char *core_doc_line(const CoreDoc *doc, uint32_t line, size_t *len)
{
    if (line >= doc->text.lines.size) {
        if (len)
            *len = 0;
        return NULL;
    }
    const CoreTextLine *l = doc->text.lines.contents[line];
    if (len)
        *len = l->len;
    return l->bytes;
}

char *core_doc_text(const CoreDoc *doc, size_t *len)
{
    static const char *const eol[] = {"", "\n", "\r\n", "\r"};
    char *out = core_xmalloc(doc->text.length + 1), *p = out;
    for (uint32_t i = 0; i < doc->text.lines.size; i++) {
        const CoreTextLine *l = doc->text.lines.contents[i];
        memcpy(p, l->bytes, l->len);
        p += l->len;
        size_t n = strlen(eol[l->eol]);
        memcpy(p, eol[l->eol], n);
        p += n;
    }
    *p = '\0';
    if (len)
        *len = (size_t)(p - out);
    return out;
}

CorePos core_doc_pos_from(const CoreDoc *doc, CoreEncoding enc, CorePos pos)
{
    return core_text_pos_from(&doc->text, (unsigned)enc > CORE_ENC_UTF32 ? CORE_ENC_UTF16 : enc, pos);
}

CorePos core_doc_pos_to(const CoreDoc *doc, CoreEncoding enc, CorePos pos)
{
    return core_text_pos_to(&doc->text, (unsigned)enc > CORE_ENC_UTF32 ? CORE_ENC_UTF16 : enc, pos);
}

uint32_t core_doc_section_count(const CoreDoc *doc)
{
    return doc->headers.size;
}

static CoreRange span_range(uint32_t line, CoreSpan s)
{
    return (CoreRange){{line, s.start}, {line, s.end}};
}

int core_doc_section(const CoreDoc *doc, uint32_t index, CoreSection *out)
{
    if (index >= doc->headers.size)
        return CORE_ENOENT;
    uint32_t h = doc->headers.contents[index];
    const CoreTextLine *hl = doc->text.lines.contents[h];
    out->kind = (CoreSectionKind)hl->info.section;
    out->header_line = h;
    out->end_line = index + 1 < doc->headers.size ? doc->headers.contents[index + 1] : doc->text.lines.size;
    out->header = span_range(h, hl->info.content);
    out->name = span_range(h, hl->info.text);
    uint32_t last = out->end_line - 1;
    while (last > h && doc->text.lines.contents[last]->info.kind == CORE_LINE_BLANK)
        last--;
    const CoreTextLine *ll = doc->text.lines.contents[last];
    out->range = (CoreRange){out->header.start, {last, ll->info.content.end}};
    return 0;
}

int32_t core_doc_section_at(const CoreDoc *doc, uint32_t line)
{
    uint32_t i = lower_bound(doc, line + 1);
    return (int32_t)i - 1;
}

/* Parses `X of Y` with an optional `(label)`; anything else leaves has_phase false. */
static void read_phase(const char *s, CoreSpan v, CoreEntry *e)
{
    uint32_t i = v.start, b = v.end;
    uint64_t x = 0, y = 0;
    uint32_t d = i;
    while (i < b && s[i] >= '0' && s[i] <= '9' && i - d < 9)
        x = x * 10 + (uint64_t)(s[i++] - '0');
    if (i == d)
        return;
    while (i < b && s[i] == ' ')
        i++;
    if (!(i + 2 <= b && (s[i] == 'o' || s[i] == 'O') && (s[i + 1] == 'f' || s[i + 1] == 'F')))
        return;
    i += 2;
    while (i < b && s[i] == ' ')
        i++;
    d = i;
    while (i < b && s[i] >= '0' && s[i] <= '9' && i - d < 9)
        y = y * 10 + (uint64_t)(s[i++] - '0');
    if (i == d)
        return;
    while (i < b && s[i] == ' ')
        i++;
    CoreSpan label = {i, i};
    if (i < b) {
        if (s[i] != '(' || s[b - 1] != ')')
            return;
        label = (CoreSpan){i + 1, b - 1};
    }
    e->has_phase = true;
    e->phase_x = (uint32_t)x;
    e->phase_y = (uint32_t)y;
    e->phase_label = span_range(e->line, label);
}

static void read_signature(const CoreSig *sig, CoreEntry *e)
{
    if (sig->name.end == sig->name.start)
        return;
    e->has_signature = true;
    e->sig_name = span_range(e->line, sig->name);
    e->sig_params = span_range(e->line, sig->params);
    e->sig_return = span_range(e->line, sig->ret);
    e->sig_unbalanced = sig->unbalanced;
}

int core_doc_entry(const CoreDoc *doc, uint32_t line, CoreEntry *out)
{
    if (line >= doc->text.lines.size)
        return CORE_ENOENT;
    const CoreTextLine *l = doc->text.lines.contents[line];
    const CoreLineInfo *in = &l->info;
    const char *s = l->bytes;
    memset(out, 0, sizeof *out);
    out->line = line;
    out->section = core_doc_section_at(doc, line);
    out->section_kind = out->section < 0
                            ? CORE_SECTION_UNKNOWN
                            : (CoreSectionKind)doc->text.lines.contents[doc->headers.contents[out->section]]->info.section;
    out->content = span_range(line, in->content);
    out->text = span_range(line, in->text);
    if (in->kind == CORE_LINE_BLANK) {
        out->kind = CORE_ENTRY_BLANK;
        return 0;
    }
    if (in->kind == CORE_LINE_HEADER) {
        out->kind = CORE_ENTRY_HEADER;
        return 0;
    }
    out->has_bullet = in->flags & CORE_LINE_F_BULLET;
    if (in->flags & CORE_LINE_F_PLACEHOLDER) {
        out->has_placeholder = true;
        out->placeholder = span_range(line, in->placeholder);
    }
    if (out->section < 0 || (in->flags & CORE_LINE_F_MALFORMED_HEADER)) {
        out->kind = CORE_ENTRY_TEXT;
        return 0;
    }
    if (in->flags & CORE_LINE_F_NONE) {
        out->kind = CORE_ENTRY_NONE;
        return 0;
    }
    if (out->section_kind == CORE_SECTION_SESSION_STATE) {
        if (!(in->flags & CORE_LINE_F_KEY)) {
            out->kind = CORE_ENTRY_TEXT;
            return 0;
        }
        out->kind = CORE_ENTRY_FIELD;
        out->key = span_range(line, in->key);
        out->value = span_range(line, in->value);
        out->field = core_field_kind_of(s + in->key.start, in->key.end - in->key.start);
        if (out->field == CORE_FIELD_COMPLEXITY) {
            /* `Medium (auth is tricky)`: a trailing note does not change the level. */
            uint32_t end = (in->flags & CORE_LINE_F_ANNOTATION) && in->annotation.start > in->value.start
                               ? in->body.end
                               : in->value.end;
            out->level = core_level_of(s + in->value.start, end - in->value.start);
        }
        else if (out->field == CORE_FIELD_CURRENT_PHASE)
            read_phase(s, in->value, out);
        return 0;
    }
    out->kind = CORE_ENTRY_ITEM;
    out->has_annotation = in->flags & CORE_LINE_F_ANNOTATION;
    if (out->has_annotation)
        out->annotation = span_range(line, in->annotation);
    out->body = span_range(line, in->body);
    if (out->section_kind == CORE_SECTION_FILES_MODIFIED || out->section_kind == CORE_SECTION_FILES_TO_MODIFY) {
        uint32_t e = in->word_end;
        if (e > in->body.start && !(in->flags & CORE_LINE_F_PLACEHOLDER && in->placeholder.start == in->body.start)) {
            out->has_path = true;
            out->path = span_range(line, (CoreSpan){in->body.start, e});
        }
    } else if (out->section_kind == CORE_SECTION_INTERFACES && !(in->flags & CORE_LINE_F_PLACEHOLDER)) {
        read_signature(&in->sig, out);
    }
    return 0;
}

const CoreLineInfo *core_doc_line_info(const CoreDoc *doc, uint32_t line)
{
    return &doc->text.lines.contents[line]->info;
}
