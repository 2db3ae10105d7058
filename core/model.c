/* model.c — the document model: classified lines and the section list, patched in place after each edit. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "names.h"
#include "parse.h"
#include "progress/array.h"
#include "progress/core.h"
#include "progress/log.h"
#include "text.h"

struct CoreDoc {
    CoreText text;
    Array(uint32_t) headers; /* the block lines of the dialect, ascending: one section each (core_doc_section) */
    uint32_t stamp;          /* the last line stamp handed out */
    /*
     * Where the lines stamped after `recent_stamp` are: all within [recent_first, recent_last] (empty when first >
     * last), so core_doc_newer_lines reads a keystroke's few lines rather than every line's stamp. Started again
     * (recent_stamp moved up) when it would span more than RECENT_SPAN lines; an older stamp reads every line.
     */
    uint32_t recent_stamp, recent_first, recent_last;
    CoreDialectSigns signs;  /* the sum of every line's sign_add: the dialect is decided from it */
    uint8_t dialect;         /* CoreDialect, as decided by dialect_of(signs) when `headers` was built */
};

static const char *const eol[] = {"", "\n", "\r\n", "\r"}; /* by CORE_EOL_* */

enum { RECENT_SPAN = 256 };

/* Gives line `line` a new stamp, keeping the recent range (CoreDoc) around every line stamped since recent_stamp. */
static void restamp(CoreDoc *doc, uint32_t line)
{
    doc->text.lines.contents[line]->stamp = ++doc->stamp;
    uint32_t first = doc->recent_first, last = doc->recent_last;
    if (first > last) {
        first = last = line;
    } else {
        first = line < first ? line : first;
        last = line > last ? line : last;
    }
    if (last - first >= RECENT_SPAN) { /* started again with this line: the lines stamped before are older */
        doc->recent_stamp = doc->stamp - 1;
        first = last = line;
    }
    doc->recent_first = first;
    doc->recent_last = last;
}

/* Only the head of each line is kept: the rest of its spans are read again when asked (core_doc_line_parse). */
static void classify(CoreDoc *doc, uint32_t first, uint32_t count)
{
    for (uint32_t i = first; i < first + count; i++) {
        CoreTextLine *l = doc->text.lines.contents[i];
        CoreLineInfo in;
        core_line_head(l->bytes, l->len, &in);
        uint16_t indent = in.indent > CORE_HEAD_INDENT_MAX ? CORE_HEAD_INDENT_MAX : (uint16_t)in.indent;
        l->head = (CoreLineHead){indent, (uint16_t)(in.flags & CORE_LINE_F_HEAD), in.kind, in.section, in.bullet,
                                 CORE_ROLE_NONE, in.shape, in.level};
        restamp(doc, i);
    }
}

static CoreLineHead *head_at(const CoreDoc *doc, uint32_t line)
{
    return &doc->text.lines.contents[line]->head;
}

/* ---------------------------------------------------------------- dialects, fences and blocks */

/* The fence state at the start of a line, kept in its head: 0 outside a code block, else the opening fence's kind. */
static uint8_t fence_before(const CoreLineHead *h)
{
    return (uint8_t)((h->level & CORE_HEAD_FENCED) >> 6);
}

/* The fence state after a line that starts in state `st`: a fence opens a block, one of the same kind closes it. */
static uint8_t fence_after(uint8_t st, const CoreLineHead *h)
{
    if (h->shape != CORE_SHAPE_FENCE)
        return st;
    uint8_t kind = h->level & (uint8_t)~CORE_HEAD_FENCED;
    return st == 0 ? kind : st == kind ? 0 : st;
}

/* Whether the line is code or a mark no item is made of: inside a code block, a fence, a rule, a conflict marker. */
static bool verbatim(const CoreLineHead *h)
{
    return (h->level & CORE_HEAD_FENCED) || h->shape == CORE_SHAPE_FENCE || h->shape == CORE_SHAPE_RULE ||
           h->shape >= CORE_SHAPE_CONFLICT_OPEN;
}

/* Adds (`sign` 1) or takes away (-1) what one line says about the dialect. */
static void sign_add(CoreDialectSigns *g, const CoreLineHead *h, int sign)
{
    if (h->shape == CORE_SHAPE_CONFLICT_OPEN)
        g->conflicts += (uint32_t)sign;
    if (h->level & CORE_HEAD_FENCED)
        return;
    if (h->flags & CORE_LINE_F_TEMPLATE)
        g->template_headers += (uint32_t)sign;
    else if (h->kind == CORE_LINE_HEADER || h->shape == CORE_SHAPE_TITLE)
        g->titles += (uint32_t)sign;
    if (h->shape == CORE_SHAPE_HEADING)
        g->headings += (uint32_t)sign;
    if (h->flags & CORE_LINE_F_RALPH)
        g->ralph += (uint32_t)sign;
}

/*
 * The dialect the signs say: any header naming a template section makes a template (a log appended below one
 * stays the template's); else the more numerous of markdown headings and plain titles, markdown marked by Ralph's
 * own lines being Ralph's.
 */
static uint8_t dialect_of(const CoreDialectSigns *g)
{
    if (g->template_headers)
        return CORE_DIALECT_TEMPLATE;
    if (g->headings && g->headings >= g->titles)
        return g->ralph ? CORE_DIALECT_RALPH : CORE_DIALECT_MARKDOWN;
    return CORE_DIALECT_PLAIN_LOG;
}

/* Whether the line starts a block (a section) in the document's dialect. */
static bool starts_block(uint8_t dialect, const CoreLineHead *h)
{
    if (h->level & CORE_HEAD_FENCED)
        return false;
    if (h->kind == CORE_LINE_HEADER)
        return true;
    if (dialect == CORE_DIALECT_TEMPLATE)
        return false;
    return h->shape == CORE_SHAPE_HEADING || (dialect == CORE_DIALECT_PLAIN_LOG && h->shape == CORE_SHAPE_TITLE);
}

/* A block's level: a heading's own; a `=== … ===` line 1, or 7 in a plain log with its titles (under any heading). */
static uint8_t block_level(uint8_t dialect, const CoreLineHead *h)
{
    if (h->shape == CORE_SHAPE_HEADING)
        return h->level & (uint8_t)~CORE_HEAD_FENCED;
    return dialect == CORE_DIALECT_PLAIN_LOG ? 7 : 1;
}

/*
 * The role of a line given `*indent`, the indent of the list line above it (-1 after a header or group
 * label): deeper than that line is a detail; a group label or header starts afresh. `block`: the line starts a
 * block in the document's dialect.
 */
static uint8_t role_step(const CoreLineHead *in, bool block, int64_t *indent)
{
    if (in->kind == CORE_LINE_BLANK)
        return CORE_ROLE_NONE;
    if (in->kind == CORE_LINE_HEADER || block || verbatim(in)) {
        *indent = -1;
        return CORE_ROLE_NONE;
    }
    /* A malformed header reads as a header (core_doc_entry), so it is never a detail, however indented. */
    if (in->flags & CORE_LINE_F_MALFORMED_HEADER) {
        *indent = -1;
        return CORE_ROLE_TOP;
    }
    if (*indent >= 0 && in->indent > *indent)
        return CORE_ROLE_DETAIL;
    if (in->flags & CORE_LINE_F_GROUP) {
        *indent = -1;
        return CORE_ROLE_GROUP;
    }
    *indent = in->indent;
    return CORE_ROLE_TOP;
}

/* The state role_step starts from at `line`: found from the nearest line above that is no detail. */
static int64_t role_state_before(const CoreDoc *doc, uint32_t line)
{
    while (line-- > 0) {
        const CoreLineHead *in = head_at(doc, line);
        if (in->kind == CORE_LINE_BLANK || in->role == CORE_ROLE_DETAIL)
            continue;
        if (in->kind == CORE_LINE_HEADER || in->role == CORE_ROLE_GROUP || (in->flags & CORE_LINE_F_MALFORMED_HEADER) ||
            starts_block(doc->dialect, in) || verbatim(in))
            return -1;
        return in->indent;
    }
    return -1;
}

/*
 * Re-derives the roles from `first` on: the changed lines [first, changed_end), then the lines after them
 * until one that is no detail keeps its role — from there on nothing the edit did can reach.
 */
static void roles_update(CoreDoc *doc, uint32_t first, uint32_t changed_end)
{
    int64_t indent = role_state_before(doc, first);
    uint32_t n = doc->text.lines.size;
    for (uint32_t l = first; l < n; l++) {
        CoreLineHead *in = head_at(doc, l);
        uint8_t old = in->role, role = role_step(in, starts_block(doc->dialect, in), &indent);
        in->role = role;
        if (role != old) /* the entry changed although the bytes did not: a new stamp tells the token cache */
            restamp(doc, l);
        if (l >= changed_end && role == old && in->kind != CORE_LINE_BLANK && role != CORE_ROLE_DETAIL)
            break;
    }
}

static int is_header(const CoreDoc *doc, uint32_t line)
{
    return starts_block(doc->dialect, head_at(doc, line));
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

/* The block list and every role, from the lines' heads and the dialect (a new document, or the dialect changed). */
static void blocks_build(CoreDoc *doc)
{
    int64_t indent = -1;
    array_clear(&doc->headers);
    for (uint32_t i = 0; i < doc->text.lines.size; i++) {
        CoreLineHead *in = head_at(doc, i);
        bool block = starts_block(doc->dialect, in);
        in->role = role_step(in, block, &indent);
        if (block)
            array_push(&doc->headers, i);
    }
}

/* The model of a document whose lines are split (core_text_init or _take). */
static CoreDoc *doc_classify(CoreDoc *doc)
{
    classify(doc, 0, doc->text.lines.size);
    uint8_t st = 0;
    for (uint32_t i = 0; i < doc->text.lines.size; i++) {
        CoreLineHead *in = head_at(doc, i);
        in->level = (uint8_t)((in->level & ~CORE_HEAD_FENCED) | (st << 6));
        st = fence_after(st, in);
        sign_add(&doc->signs, in, 1);
    }
    doc->dialect = dialect_of(&doc->signs);
    blocks_build(doc);
    doc->recent_stamp = doc->stamp; /* no line is newer than the document */
    doc->recent_first = 1;
    doc->recent_last = 0;
    return doc;
}

/*
 * After lines [first, changed_end) were classified afresh: sets their fence state and that of the lines after them
 * whose state the edit changed (a fence typed or removed), keeping the signs; returns one past the last line touched.
 */
static uint32_t fences_update(CoreDoc *doc, uint32_t first, uint32_t changed_end)
{
    uint32_t n = doc->text.lines.size, l = first;
    uint8_t st = first > 0 ? fence_after(fence_before(head_at(doc, first - 1)), head_at(doc, first - 1)) : 0;
    for (; l < n; l++) {
        CoreLineHead *h = head_at(doc, l);
        bool fresh = l < changed_end;
        if (!fresh) {
            if (fence_before(h) == st)
                break;
            sign_add(&doc->signs, h, -1);
            restamp(doc, l); /* its entry changed with its fence */
        }
        h->level = (uint8_t)((h->level & ~CORE_HEAD_FENCED) | (st << 6));
        sign_add(&doc->signs, h, 1);
        st = fence_after(st, h);
    }
    return l;
}

CoreDoc *core_doc_new(const char *text, size_t len)
{
    CoreDoc *doc = core_xcalloc(1, sizeof *doc);
    core_text_init(&doc->text, text, len);
    return doc_classify(doc);
}

CoreDoc *core_doc_new_take(char *text, size_t len)
{
    CoreDoc *doc = core_xcalloc(1, sizeof *doc);
    core_text_init_take(&doc->text, text, len);
    return doc_classify(doc);
}

void core_doc_free(CoreDoc *doc)
{
    if (!doc)
        return;
    core_text_destroy(&doc->text);
    array_delete(&doc->headers);
    free(doc);
}

int core_pos_cmp(CorePos a, CorePos b)
{
    if (a.line != b.line)
        return a.line < b.line ? -1 : 1;
    return a.col < b.col ? -1 : a.col > b.col;
}

/* Moves the recent range with the lines after an edit; an end inside the lines replaced goes to the new lines'. */
static void recent_shift(CoreDoc *doc, CoreTextChange ch)
{
    if (doc->recent_first > doc->recent_last)
        return;
    uint32_t end = ch.first + ch.old_count, new_last = ch.first + (ch.new_count ? ch.new_count - 1 : 0);
    int64_t delta = (int64_t)ch.new_count - (int64_t)ch.old_count;
    uint32_t *ends[2] = {&doc->recent_first, &doc->recent_last};
    for (int k = 0; k < 2; k++) {
        uint32_t e = *ends[k];
        if (e >= end)
            *ends[k] = (uint32_t)((int64_t)e + delta);
        else if (e >= ch.first)
            *ends[k] = k == 0 ? ch.first : new_last;
    }
}

int core_doc_edit(CoreDoc *doc, CoreEncoding enc, CoreRange range, const char *text, size_t len)
{
    if ((unsigned)enc > CORE_ENC_UTF32)
        return CORE_EINVAL;
    CorePos start = core_text_pos_from(&doc->text, enc, range.start);
    CorePos end = core_text_pos_from(&doc->text, enc, range.end);
    if (core_pos_cmp(end, start) < 0) {
        CorePos tmp = start;
        start = end;
        end = tmp;
    }
    /* What the lines to be replaced said about the dialect goes; a lone CR before them may be re-split too. */
    uint32_t gone = start.line > 0 && doc->text.lines.contents[start.line - 1]->eol == CORE_EOL_CR ? start.line - 1 : start.line;
    for (uint32_t i = gone; i <= end.line; i++)
        sign_add(&doc->signs, head_at(doc, i), -1);
    CoreTextChange ch = core_text_replace(&doc->text, start, end, text, len);
    recent_shift(doc, ch);
    for (uint32_t i = gone; i < ch.first; i++) /* not re-split after all */
        sign_add(&doc->signs, head_at(doc, i), 1);
    classify(doc, ch.first, ch.new_count);
    uint32_t touched = fences_update(doc, ch.first, ch.first + ch.new_count);
    int64_t delta = (int64_t)ch.new_count - (int64_t)ch.old_count;

    uint8_t dialect = dialect_of(&doc->signs);
    if (dialect != doc->dialect) { /* every block and role changes meaning: built again, every line restamped */
        doc->dialect = dialect;
        blocks_build(doc);
        for (uint32_t i = 0; i < doc->text.lines.size; i++)
            restamp(doc, i);
        return 0;
    }

    /* Patch the block list: drop those of the lines replaced or re-fenced, shift later ones, add the new lines'. */
    uint32_t lo = lower_bound(doc, ch.first);
    uint32_t hi = lower_bound(doc, (uint32_t)((int64_t)touched - delta));
    uint32_t added = 0;
    for (uint32_t i = ch.first; i < touched; i++)
        added += is_header(doc, i);
    array_splice_gap(&doc->headers, lo, hi - lo, added);
    uint32_t k = lo;
    for (uint32_t i = ch.first; i < touched; i++)
        if (is_header(doc, i))
            doc->headers.contents[k++] = i;
    if (delta)
        for (uint32_t i = k; i < doc->headers.size; i++)
            doc->headers.contents[i] = (uint32_t)((int64_t)doc->headers.contents[i] + delta);
    roles_update(doc, ch.first, touched);
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

/* The head of `line`'s classification with its spans, read again from its bytes. */
static void line_head(const CoreDoc *doc, uint32_t line, CoreLineInfo *out)
{
    const CoreTextLine *l = doc->text.lines.contents[line];
    core_line_head(l->bytes, l->len, out);
}

static CoreRange span_range(uint32_t line, CoreSpan s)
{
    return (CoreRange){{line, s.start}, {line, s.end}};
}

/* From `start` (the header's) to the end of the last line of [h, end) that is not blank — nor, in a log, the rule
   closing an entry (`---`: between entries, not in the one above). */
static uint32_t last_line(const CoreDoc *doc, uint32_t h, uint32_t end)
{
    bool log = doc->dialect != CORE_DIALECT_TEMPLATE;
    uint32_t last = end - 1;
    while (last > h && (head_at(doc, last)->kind == CORE_LINE_BLANK || (log && head_at(doc, last)->shape == CORE_SHAPE_RULE)))
        last--;
    return last;
}

static CoreRange lines_range(const CoreDoc *doc, uint32_t h, uint32_t end, CorePos start)
{
    uint32_t last = last_line(doc, h, end);
    CoreLineInfo in;
    line_head(doc, last, &in);
    return (CoreRange){start, {last, in.content.end}};
}

/* One past the last descendant of block `index` (levels from the lines' heads): the next block of its level or higher. */
static uint32_t subtree_end(const CoreDoc *doc, uint32_t index)
{
    uint8_t level = block_level(doc->dialect, head_at(doc, doc->headers.contents[index]));
    for (uint32_t i = index + 1; i < doc->headers.size; i++)
        if (block_level(doc->dialect, head_at(doc, doc->headers.contents[i])) <= level)
            return doc->headers.contents[i];
    return doc->text.lines.size;
}

int core_doc_section(const CoreDoc *doc, uint32_t index, CoreSection *out)
{
    if (index >= doc->headers.size)
        return CORE_ENOENT;
    uint32_t h = doc->headers.contents[index];
    CoreLineInfo in;
    line_head(doc, h, &in);
    out->kind = in.kind == CORE_LINE_HEADER || in.shape == CORE_SHAPE_HEADING ? (CoreSectionKind)in.section
                                                                              : CORE_SECTION_UNKNOWN;
    out->header_line = h;
    out->end_line = index + 1 < doc->headers.size ? doc->headers.contents[index + 1] : doc->text.lines.size;
    out->header = span_range(h, in.content);
    out->name = span_range(h, in.kind == CORE_LINE_HEADER ? in.text : in.title);
    /* Its own lines (a log's nested blocks are in core_doc_block_range): a call costs the same in every dialect. */
    out->range = lines_range(doc, h, out->end_line, out->header.start);
    return 0;
}

CoreRange core_doc_block_range(const CoreDoc *doc, uint32_t index, uint32_t end_line)
{
    uint32_t h = doc->headers.contents[index];
    CoreLineInfo in;
    line_head(doc, h, &in);
    return lines_range(doc, h, end_line, (CorePos){h, in.content.start});
}

void core_doc_block_ends(const CoreDoc *doc, uint32_t *ends)
{
    uint32_t n = doc->headers.size, stack[8], depth = 0;
    uint8_t levels[8];
    for (uint32_t i = 0; i <= n; i++) {
        uint8_t level = i < n ? block_level(doc->dialect, head_at(doc, doc->headers.contents[i])) : 0;
        uint32_t line = i < n ? doc->headers.contents[i] : doc->text.lines.size;
        while (depth > 0 && levels[depth - 1] >= level)
            ends[stack[--depth]] = line;
        if (i < n) {
            stack[depth] = i;
            levels[depth++] = level;
        }
    }
}

CoreDialect core_doc_dialect(const CoreDoc *doc)
{
    return (CoreDialect)doc->dialect;
}

void core_doc_dialect_signs(const CoreDoc *doc, CoreDialectSigns *out)
{
    *out = doc->signs;
}

uint8_t core_doc_block_level(const CoreDoc *doc, uint32_t index)
{
    return index < doc->headers.size ? block_level(doc->dialect, head_at(doc, doc->headers.contents[index])) : 0;
}

uint32_t core_doc_block_subtree_end(const CoreDoc *doc, uint32_t index)
{
    return index < doc->headers.size ? subtree_end(doc, index) : doc->text.lines.size;
}

uint32_t core_doc_block_last_line(const CoreDoc *doc, uint32_t index, uint32_t end_line)
{
    return last_line(doc, doc->headers.contents[index], end_line);
}

CoreSectionKind core_doc_section_kind(const CoreDoc *doc, uint32_t index)
{
    const CoreLineHead *h = head_at(doc, doc->headers.contents[index]);
    return h->kind == CORE_LINE_HEADER || h->shape == CORE_SHAPE_HEADING ? (CoreSectionKind)h->section : CORE_SECTION_UNKNOWN;
}

uint32_t core_doc_block_line(const CoreDoc *doc, uint32_t index)
{
    return doc->headers.contents[index];
}

bool core_doc_line_verbatim(const CoreDoc *doc, uint32_t line)
{
    return line < doc->text.lines.size && verbatim(head_at(doc, line));
}

int32_t core_doc_section_at(const CoreDoc *doc, uint32_t line)
{
    uint32_t i = lower_bound(doc, line + 1);
    return (int32_t)i - 1;
}

static bool ieq_prefix(const char *s, uint32_t i, uint32_t b, const char *word)
{
    size_t n = strlen(word);
    if (b - i < n)
        return false;
    for (size_t k = 0; k < n; k++)
        if ((s[i + k] | 32) != word[k])
            return false;
    return true;
}

static uint32_t read_number(const char *s, uint32_t *i, uint32_t b, bool *ok)
{
    uint64_t x = 0;
    uint32_t d = *i;
    while (*i < b && s[*i] >= '0' && s[*i] <= '9' && *i - d < 9)
        x = x * 10 + (uint64_t)(s[(*i)++] - '0');
    *ok = *i > d;
    return (uint32_t)x;
}

static uint32_t skip_spaces(const char *s, uint32_t i, uint32_t b)
{
    while (i < b && s[i] == ' ')
        i++;
    return i;
}

/*
 * Parses `X of Y`, `Phase X of Y`, `X/Y` or `Phase X/Y`, then an optional `(label)` — or, not canonical,
 * a label after `-`, `—`, `–` or `:`. Anything else leaves has_phase false.
 */
static void read_phase(const char *s, CoreSpan v, CoreEntry *e)
{
    uint32_t i = v.start, b = v.end;
    bool canonical = true, ok;
    if (ieq_prefix(s, i, b, "phase ")) {
        i = skip_spaces(s, i + 6, b);
        canonical = false;
    }
    uint32_t x_start = i, x = read_number(s, &i, b, &ok), x_end = i;
    if (!ok)
        return;
    i = skip_spaces(s, i, b);
    if (i < b && s[i] == '/') {
        i++;
        canonical = false;
    } else if (ieq_prefix(s, i, b, "of")) {
        i += 2;
    } else {
        return;
    }
    i = skip_spaces(s, i, b);
    uint32_t y_start = i, y = read_number(s, &i, b, &ok), y_end = i;
    if (!ok)
        return;
    i = skip_spaces(s, i, b);
    CoreSpan label = {i, i};
    if (i < b) {
        if (s[i] == '(' && s[b - 1] == ')') {
            label = (CoreSpan){i + 1, b - 1};
        } else if (s[i] == '-' || s[i] == ':') {
            label = core_span_trim(s, (CoreSpan){i + 1, b});
            canonical = false;
        } else if (b - i >= 3 && memcmp(s + i, "\xE2\x80", 2) == 0 &&
                   ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93)) {
            label = core_span_trim(s, (CoreSpan){i + 3, b});
            canonical = false;
        } else {
            return;
        }
    }
    e->has_phase = true;
    e->phase_canonical = canonical;
    e->phase_x = x;
    e->phase_y = y;
    e->phase_label = span_range(e->line, label);
    e->phase_x_range = span_range(e->line, (CoreSpan){x_start, x_end});
    e->phase_y_range = span_range(e->line, (CoreSpan){y_start, y_end});
}

/* `Medium`, `Medium (auth is tricky)`, `Medium - auth is tricky`: the level is the value's first word. */
static void read_level(const char *s, CoreSpan v, CoreEntry *e)
{
    uint32_t w = v.start;
    while (w < v.end && s[w] != ' ' && s[w] != '\t' && s[w] != '(' && s[w] != ',' && s[w] != ';')
        w++;
    e->level = core_level_of(s + v.start, w - v.start);
    CoreSpan note = core_span_trim(s, (CoreSpan){w, v.end});
    if (w > v.start && note.end > note.start) {
        e->has_note = true;
        e->note = span_range(e->line, note);
    }
}

static void read_signature(const CoreLineInfo *in, CoreEntry *e)
{
    if (in->sig.name.end == in->sig.name.start)
        return;
    e->has_signature = true;
    e->signature = span_range(e->line, in->signature);
    e->sig_name = span_range(e->line, in->sig.name);
    e->sig_params = span_range(e->line, in->sig.params);
    e->sig_return = span_range(e->line, in->sig.ret);
    e->sig_unbalanced = in->sig.unbalanced;
}

static bool is_files(CoreSectionKind kind)
{
    return kind == CORE_SECTION_FILES_MODIFIED || kind == CORE_SECTION_FILES_TO_MODIFY;
}

/* The grammar's spans, the same in every section. */
static void read_grammar(const CoreLineInfo *in, CoreEntry *out)
{
    uint32_t line = out->line;
    out->has_bullet = in->flags & CORE_LINE_F_BULLET;
    out->indent = in->indent;
    out->bullet = (CoreBullet)in->bullet;
    out->bullet_range = span_range(line, in->bullet_span);
    out->mark = (CoreMark)in->mark;
    out->status = core_mark_status(out->mark);
    out->mark_range = span_range(line, in->mark_span);
    out->mark_close = span_range(line, in->mark_close);
    out->item = span_range(line, in->item);
    out->body = span_range(line, in->body);
    out->has_annotation = in->flags & CORE_LINE_F_ANNOTATION;
    out->annotation = span_range(line, in->annotation);
    out->has_comment = in->flags & CORE_LINE_F_COMMENT;
    out->comment_sep = span_range(line, in->comment_sep);
    out->comment = span_range(line, in->comment);
    if (in->flags & CORE_LINE_F_PLACEHOLDER) {
        out->has_placeholder = true;
        out->placeholder = span_range(line, in->placeholder);
    }
    if (in->flags & CORE_LINE_F_COMMIT) {
        out->has_commit = true;
        out->commit = span_range(line, in->commit);
    }
}

/* A Files item: its paths, and a `path: comment`. */
static void read_files_item(const char *s, const CoreLineInfo *in, CoreEntry *out)
{
    uint32_t line = out->line;
    if (in->flags & CORE_LINE_F_PATH_COLON) {
        uint32_t c = in->path_colon;
        out->has_comment = true;
        out->comment_sep = span_range(line, (CoreSpan){c, c + 1});
        out->comment = span_range(line, core_span_trim(s, (CoreSpan){c + 1, in->item.end}));
        out->body = span_range(line, core_span_trim(s, (CoreSpan){in->body.start, c}));
        if (out->has_annotation && in->annotation.start > c) {
            out->has_annotation = false;
            out->annotation = (CoreRange){{line, 0}, {line, 0}};
        }
    }
    if (in->path.end == in->path.start ||
        ((in->flags & CORE_LINE_F_PLACEHOLDER) && in->placeholder.start == in->body.start))
        return;
    out->has_path = true;
    out->path = span_range(line, in->path);
    out->path_count = in->path_count;
    if (in->flags & CORE_LINE_F_LOCATION) {
        out->has_location = true;
        out->location = span_range(line, in->location);
        out->loc_line = in->loc_line;
        out->loc_col = in->loc_col;
    }
}

/* The template field a log's label stands for. */
static CoreFieldKind log_field(CoreLabel label)
{
    switch (label) {
    case CORE_LABEL_NEXT: return CORE_FIELD_NEXT_TASK;
    case CORE_LABEL_BLOCKERS: return CORE_FIELD_BLOCKERS;
    case CORE_LABEL_COMPLETED: return CORE_FIELD_LAST_COMPLETED;
    case CORE_LABEL_PHASE: return CORE_FIELD_CURRENT_PHASE;
    default: return CORE_FIELD_UNKNOWN;
    }
}

/*
 * core_doc_entry of `line` (in range), with the line's classification read again into `in`: only the parts
 * its section reads (paths in Files sections, a signature in Interfaces Defined) — diagnostics and the
 * outline read every line after every keystroke.
 */
static void entry_parse(const CoreDoc *doc, uint32_t line, CoreLineInfo *in, CoreEntry *out)
{
    const CoreTextLine *l = doc->text.lines.contents[line];
    const char *s = l->bytes;
    memset(out, 0, sizeof *out);
    out->line = line;
    out->section = core_doc_section_at(doc, line);
    const CoreLineHead *sh = out->section < 0 ? NULL : head_at(doc, doc->headers.contents[out->section]);
    out->section_kind = sh && (sh->kind == CORE_LINE_HEADER || sh->shape == CORE_SHAPE_HEADING)
                            ? (CoreSectionKind)sh->section
                            : CORE_SECTION_UNKNOWN;
    unsigned parts = is_files(out->section_kind) ? CORE_PARSE_PATHS
                     : out->section_kind == CORE_SECTION_INTERFACES ? CORE_PARSE_SIGNATURE
                     : 0;
    core_line_parse_parts(s, l->len, parts, in);
    in->role = l->head.role;
    out->content = span_range(line, in->content);
    out->text = span_range(line, in->text);
    out->header_like = in->flags & CORE_LINE_F_EQUALS;
    out->malformed_header = in->flags & CORE_LINE_F_MALFORMED_HEADER;
    if (in->kind == CORE_LINE_BLANK) {
        out->kind = CORE_ENTRY_BLANK;
        return;
    }
    if (out->section >= 0 && doc->headers.contents[out->section] == line) { /* a block's first line */
        out->kind = CORE_ENTRY_HEADER;
        out->item = span_range(line, in->kind == CORE_LINE_HEADER ? in->item : in->title);
        return;
    }
    if (verbatim(&l->head)) { /* code, a rule, a conflict marker: never an item */
        out->kind = CORE_ENTRY_TEXT;
        return;
    }
    if (in->kind == CORE_LINE_HEADER || out->malformed_header) {
        out->kind = in->kind == CORE_LINE_HEADER ? CORE_ENTRY_HEADER : CORE_ENTRY_TEXT;
        out->item = span_range(line, in->item);
        return;
    }
    read_grammar(in, out);
    if (out->section < 0 || (in->flags & CORE_LINE_F_MALFORMED_HEADER)) {
        out->kind = CORE_ENTRY_TEXT;
        return;
    }
    if (in->role == CORE_ROLE_DETAIL) {
        out->kind = CORE_ENTRY_DETAIL;
        return;
    }
    if (in->flags & CORE_LINE_F_NONE) {
        out->kind = CORE_ENTRY_NONE;
        return;
    }
    if (doc->dialect != CORE_DIALECT_TEMPLATE && (in->flags & CORE_LINE_F_KEY) && in->value.end > in->value.start &&
        in->role != CORE_ROLE_GROUP) {
        /* A log's labelled part (`**Next task:** …`, `NEXT TASK: …`, `Status: …`) is a field wherever it stands. */
        CoreLabel label = core_label_of(s + in->key.start, in->key.end - in->key.start);
        CoreFieldKind field = log_field(label);
        if (label != CORE_LABEL_NONE && label != CORE_LABEL_FILES_MODIFIED && label != CORE_LABEL_FILES_TO_MODIFY) {
            out->kind = CORE_ENTRY_FIELD;
            out->key = span_range(line, in->key);
            out->value = span_range(line, in->value);
            out->field = field;
            if (field == CORE_FIELD_CURRENT_PHASE)
                read_phase(s, in->value, out);
            return;
        }
    }
    if (out->section_kind == CORE_SECTION_SESSION_STATE && doc->dialect == CORE_DIALECT_TEMPLATE) {
        if (!(in->flags & CORE_LINE_F_KEY)) {
            out->kind = CORE_ENTRY_TEXT;
            return;
        }
        out->kind = CORE_ENTRY_FIELD;
        out->key = span_range(line, in->key);
        out->value = span_range(line, in->value);
        out->field = core_field_kind_of(s + in->key.start, in->key.end - in->key.start);
        if (out->field == CORE_FIELD_COMPLEXITY)
            read_level(s, in->value, out);
        else if (out->field == CORE_FIELD_CURRENT_PHASE)
            read_phase(s, in->value, out);
        return;
    }
    if (in->role == CORE_ROLE_GROUP) {
        out->kind = CORE_ENTRY_GROUP;
        out->label = span_range(line, in->label);
        return;
    }
    out->kind = CORE_ENTRY_ITEM;
    if (is_files(out->section_kind))
        read_files_item(s, in, out);
    else if (out->section_kind == CORE_SECTION_INTERFACES && !(in->flags & CORE_LINE_F_PLACEHOLDER))
        read_signature(in, out);
    return;
}

int core_doc_entry(const CoreDoc *doc, uint32_t line, CoreEntry *out)
{
    if (line >= doc->text.lines.size)
        return CORE_ENOENT;
    CoreLineInfo in;
    entry_parse(doc, line, &in, out);
    return 0;
}

uint32_t core_doc_paths(const CoreDoc *doc, uint32_t line, CorePathRef *out, uint32_t max)
{
    if (line >= doc->text.lines.size)
        return 0;
    CoreLineInfo in;
    CoreEntry e;
    entry_parse(doc, line, &in, &e);
    if (e.kind != CORE_ENTRY_ITEM || !e.has_path)
        return 0;
    if (!(in.flags & CORE_LINE_F_BACKTICKS)) {
        if (max > 0) {
            memset(out, 0, sizeof *out);
            out->path = e.path;
            out->has_location = e.has_location;
            out->location = e.location;
            out->loc_line = e.loc_line;
            out->loc_col = e.loc_col;
        }
        return 1;
    }
    return core_line_paths(doc->text.lines.contents[line]->bytes, &in, out, max, line);
}

int32_t core_doc_detail_owner(const CoreDoc *doc, uint32_t line)
{
    if (line >= doc->text.lines.size || head_at(doc, line)->role != CORE_ROLE_DETAIL)
        return -1;
    while (line-- > 0) {
        const CoreLineHead *in = head_at(doc, line);
        if (in->kind != CORE_LINE_BLANK && in->role != CORE_ROLE_DETAIL)
            return (int32_t)line;
    }
    return -1;
}

int32_t core_doc_item_group(const CoreDoc *doc, uint32_t line)
{
    CoreEntry e;
    if (core_doc_entry(doc, line, &e) != 0 || e.kind != CORE_ENTRY_ITEM)
        return -1;
    /* The nearest group label above, unless an item between is less indented than the label (it left the group). */
    uint32_t least = head_at(doc, line)->indent;
    while (line-- > 0) {
        const CoreLineHead *in = head_at(doc, line);
        if (in->kind == CORE_LINE_BLANK || in->role == CORE_ROLE_DETAIL)
            continue;
        if (in->kind == CORE_LINE_HEADER || (in->flags & CORE_LINE_F_MALFORMED_HEADER) || starts_block(doc->dialect, in))
            return -1;
        if (in->role == CORE_ROLE_GROUP)
            return in->indent <= least ? (int32_t)line : -1;
        if (in->indent < least)
            least = in->indent;
    }
    return -1;
}

uint32_t core_doc_item_end(const CoreDoc *doc, uint32_t line)
{
    uint32_t n = doc->text.lines.size;
    if (line >= n)
        return n;
    uint32_t indent = head_at(doc, line)->indent, end = line + 1;
    for (uint32_t l = line + 1; l < n; l++) {
        const CoreLineHead *in = head_at(doc, l);
        if (in->kind == CORE_LINE_BLANK)
            continue;
        if (in->role != CORE_ROLE_DETAIL || in->indent <= indent)
            break;
        end = l + 1;
    }
    return end;
}

const CoreLineHead *core_doc_line_head(const CoreDoc *doc, uint32_t line)
{
    return head_at(doc, line);
}

void core_doc_line_parse(const CoreDoc *doc, uint32_t line, CoreLineInfo *out)
{
    const CoreTextLine *l = doc->text.lines.contents[line];
    core_line_parse(l->bytes, l->len, out);
    out->role = l->head.role;
}

const char *core_doc_line_eol(const CoreDoc *doc, uint32_t line)
{
    return eol[doc->text.lines.contents[line]->eol];
}

uint32_t core_doc_line_stamp(const CoreDoc *doc, uint32_t line)
{
    return line < doc->text.lines.size ? doc->text.lines.contents[line]->stamp : 0;
}

uint32_t core_doc_last_stamp(const CoreDoc *doc)
{
    return doc->stamp;
}

bool core_doc_newer_lines(const CoreDoc *doc, uint32_t stamp, uint32_t *first, uint32_t *last)
{
    uint32_t n = doc->text.lines.size, i = 0;
    CoreTextLine *const *l = doc->text.lines.contents;
    if (stamp >= doc->stamp)
        return false;
    if (stamp >= doc->recent_stamp) { /* every newer line is in the recent range: only its lines are read */
        if (doc->recent_first > doc->recent_last)
            return false;
        i = doc->recent_first;
        n = doc->recent_last < n ? doc->recent_last + 1 : n;
    }
    while (i < n && l[i]->stamp <= stamp)
        i++;
    if (i == n)
        return false;
    *first = i;
    uint32_t j = n - 1;
    while (l[j]->stamp <= stamp)
        j--;
    *last = j;
    return true;
}

uint32_t core_doc_max_stamp(const CoreDoc *doc, uint32_t first, uint32_t end)
{
    uint32_t max = 0;
    if (end > doc->text.lines.size)
        end = doc->text.lines.size;
    for (CoreTextLine *const *l = doc->text.lines.contents + first, *const *e = doc->text.lines.contents + end; l < e; l++)
        if ((*l)->stamp > max)
            max = (*l)->stamp;
    return max;
}
