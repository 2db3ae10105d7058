/* format.c — the canonical layout of a progress file as edits: headers, blank lines, bullets, spacing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edits.h"
#include "model.h"
#include "parse.h"
#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/format.h"
#include "progress/log.h"

/* A section header that starts a section: outside a code block (a fenced `=== x ===` is code). */
static bool is_section_header(const CoreLineHead *in)
{
    return in->kind == CORE_LINE_HEADER && !(in->level & CORE_HEAD_FENCED);
}

/* The bytes of a UTF-8 byte order mark at the start of `s`: kept by every rewrite of the line. */
static uint32_t bom_len(const char *s, size_t len)
{
    return len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF ? 3 : 0;
}

void core_format_options_init(CoreFormatOptions *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->bullet = CORE_BULLET_STYLE_MAJORITY;
}

int core_bullet_style_of(const char *name, size_t len)
{
    static const struct {
        const char *name;
        CoreBulletStyle style;
    } names[] = {{"majority", CORE_BULLET_STYLE_MAJORITY}, {"-", CORE_BULLET_STYLE_DASH}, {"dash", CORE_BULLET_STYLE_DASH},
                 {"*", CORE_BULLET_STYLE_STAR},            {"star", CORE_BULLET_STYLE_STAR},
                 {"+", CORE_BULLET_STYLE_PLUS},            {"plus", CORE_BULLET_STYLE_PLUS}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == len && memcmp(names[i].name, name, len) == 0)
            return (int)names[i].style;
    return -1;
}

void core_edit_list_free(CoreEditList *list)
{
    core_list_free(list, core_edit_free);
}

typedef Array(CoreEdit) Edits;
typedef Array(char) Buf;

static void buf_put(Buf *b, const char *s, size_t len)
{
    if (!len)
        return;
    array_grow_by(b, (uint32_t)len);
    memcpy(b->contents + b->size - len, s, len);
}

static void buf_puts(Buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static void push_edit(Edits *e, CorePos start, CorePos end, const char *text, size_t len)
{
    CoreEdit edit = {{start, end}, core_xstrndup(text, len)};
    array_push(e, edit);
}

/* ---------------------------------------------------------------- what a line's spans say */

/* The text of unordered bullet `b` ("-", "*", "+", "•"), or NULL for none or an ordered one (`1.`, `1)`). */
static const char *unordered(uint8_t b)
{
    switch (b) {
    case CORE_BULLET_DASH: return "-";
    case CORE_BULLET_STAR: return "*";
    case CORE_BULLET_PLUS: return "+";
    case CORE_BULLET_DOT: return "\xE2\x80\xA2";
    default: return NULL;
    }
}

static int span_eq(const char *a, CoreSpan sa, const char *b, CoreSpan sb)
{
    uint32_t n = sa.end - sa.start;
    return n == sb.end - sb.start && memcmp(a + sa.start, b + sb.start, n) == 0;
}

/*
 * Whether line `b` means what line `a` means: the same kind, flags, section, mark, indent and kind of
 * bullet (unordered ones are one kind, a number must stay the same number), and the same bytes in every
 * span the model reads — a header's name only matters through its kind when the kind is known, a field's
 * text only through its key, value, annotation, placeholder and mark. The formatter checks each line
 * it rewrites with this, so that a layout change can never turn into a change of meaning.
 */
static int same_meaning(const char *a, const CoreLineInfo *ia, const char *b, const CoreLineInfo *ib, bool field)
{
    if (ia->kind != ib->kind || ia->section != ib->section)
        return 0;
    if (ia->kind == CORE_LINE_HEADER)
        return ia->section != CORE_SECTION_UNKNOWN || span_eq(a, ia->text, b, ib->text);
    /* A field's text read as a Files item (`Blockers:` a path, `None` its comment) means nothing in Session State. */
    uint16_t item_only = field ? CORE_LINE_F_PATH_COLON | CORE_LINE_F_LOCATION | CORE_LINE_F_BACKTICKS | CORE_LINE_F_COMMENT : 0;
    if ((ia->flags & ~item_only) != (ib->flags & ~item_only) || ia->mark != ib->mark || ia->indent != ib->indent ||
        (!field && ia->path_count != ib->path_count))
        return 0;
    if (!unordered(ia->bullet) != !unordered(ib->bullet) ||
        (!unordered(ia->bullet) && (ia->bullet != ib->bullet || !span_eq(a, ia->bullet_span, b, ib->bullet_span))))
        return 0;
    int same = span_eq(a, ia->key, b, ib->key) && span_eq(a, ia->value, b, ib->value) &&
               span_eq(a, ia->annotation, b, ib->annotation) && span_eq(a, ia->placeholder, b, ib->placeholder) &&
               span_eq(a, ia->mark_span, b, ib->mark_span);
    if (field || !same)
        return same;
    return span_eq(a, ia->comment, b, ib->comment) && span_eq(a, ia->text, b, ib->text) && span_eq(a, ia->item, b, ib->item) &&
           span_eq(a, ia->body, b, ib->body) && span_eq(a, ia->comment_sep, b, ib->comment_sep) &&
           span_eq(a, ia->path, b, ib->path) && span_eq(a, ia->location, b, ib->location) &&
           span_eq(a, ia->label, b, ib->label) && span_eq(a, ia->signature, b, ib->signature) &&
           span_eq(a, ia->sig.name, b, ib->sig.name) && span_eq(a, ia->sig.params, b, ib->sig.params) &&
           span_eq(a, ia->sig.ret, b, ib->sig.ret) && ia->sig.has_params == ib->sig.has_params &&
           ia->sig.unbalanced == ib->sig.unbalanced && span_eq(a, ia->mark_close, b, ib->mark_close);
}

/* A field written plainly, `Key : value`: the key starts the text and only spaces and the colon follow it. */
static bool plain_field(const char *s, const CoreLineInfo *in)
{
    if (in->key.start != in->text.start)
        return false;
    uint32_t i = in->key.end, colons = 0, end = in->value.end > in->value.start ? in->value.start : in->text.end;
    for (; i < end; i++) {
        if (s[i] == ':')
            colons++;
        else if (!core_is_space((unsigned char)s[i]))
            return false;
    }
    return colons == 1;
}

/* ---------------------------------------------------------------- one line */

typedef struct {
    const CoreDoc *doc;
    const CoreFormatOptions *opts;
    uint8_t *bullets;     /* per group (preamble, then each section): the CoreBullet its unordered items get */
    uint8_t *plan;        /* per line: PLAN_* bits */
    Buf line;             /* the canonical text of the line being formatted */
} Fmt;

enum {
    PLAN_DROP = 1,        /* a blank line that goes */
    PLAN_BLANK_BEFORE = 2,/* a header that needs a blank line inserted above it */
    PLAN_FINAL_EOL = 4,   /* the last line, which needs a terminator */
};

/* The canonical text of non-blank line `l` (bytes `s`, `len`) of a section whose items get `bullet`, into f->line. */
static void canonical_line(Fmt *f, const char *s, uint32_t len, const CoreLineInfo *in, uint8_t bullet, bool is_field)
{
    Buf *b = &f->line;
    array_clear(b);
    if (in->kind == CORE_LINE_HEADER) {
        const char *name = core_section_name((CoreSectionKind)in->section);
        buf_put(b, s, bom_len(s, len));
        buf_puts(b, "=== ");
        if (name)
            buf_puts(b, name);
        else
            buf_put(b, s + in->text.start, in->text.end - in->text.start);
        buf_puts(b, " ===");
    } else {
        buf_put(b, s, in->content.start); /* indentation is structure (details under an item): kept */
        uint32_t from = in->content.start;
        if (in->bullet != CORE_BULLET_NONE) {
            if (unordered(in->bullet))
                buf_puts(b, unordered(bullet));
            else /* a number stays the number it is */
                buf_put(b, s + in->bullet_span.start, in->bullet_span.end - in->bullet_span.start);
            if (in->text.end > in->text.start)
                array_push(b, ' ');
            from = in->text.start;
        }
        if (is_field && plain_field(s, in)) {
            buf_put(b, s + in->key.start, in->key.end - in->key.start);
            array_push(b, ':');
            if (in->value.end > in->value.start) {
                array_push(b, ' ');
                buf_put(b, s + in->value.start, in->value.end - in->value.start);
            }
        } else {
            buf_put(b, s + from, in->content.end - from);
        }
    }
    if (f->opts->keep_trailing_spaces)
        buf_put(b, s + in->content.end, len - in->content.end);
    if (b->size == len && memcmp(b->contents, s, len) == 0)
        return; /* already canonical: most lines are, and they need no second reading */
    /* The check that makes this lossless: a rewrite the grammar reads differently falls back to the line as it is. */
    CoreLineInfo check;
    core_line_parse(b->contents, b->size, &check);
    /* An edit's text is a C string: a line holding a NUL byte only loses its trailing spaces. */
    if (!same_meaning(s, in, b->contents, &check, is_field) || memchr(b->contents, '\0', b->size)) {
        array_clear(b);
        buf_put(b, s, f->opts->keep_trailing_spaces ? len : in->content.end);
    }
}

/* Appends the edit turning line `l` into f->line (plus a blank line above it when `blank_before`), if any. */
static void edit_line(Fmt *f, Edits *out, uint32_t l, const char *s, uint32_t len, bool blank_before)
{
    const char *n = f->line.contents;
    uint32_t nlen = f->line.size, pre = 0, suf = 0;
    while (pre < len && pre < nlen && s[pre] == n[pre])
        pre++;
    while (suf < len - pre && suf < nlen - pre && s[len - 1 - suf] == n[nlen - 1 - suf])
        suf++;
    if (blank_before) /* an insertion, then the line's own edit at or after the same place */
        push_edit(out, (CorePos){l, 0}, (CorePos){l, 0}, core_doc_line_eol(f->doc, l - 1),
                  strlen(core_doc_line_eol(f->doc, l - 1)));
    if (pre < len || pre < nlen) {
        push_edit(out, (CorePos){l, pre}, (CorePos){l, len - suf}, n + pre, nlen - pre - suf);
    }
}

/* ---------------------------------------------------------------- the whole document */

/* True when emptying blank line `l` would join the lone `\r` ending the line above and its own `\n` into one
   terminator, so that the blank line would vanish and a second run would put it back: its spaces stay. */
static bool joins_terminators(const CoreDoc *doc, uint32_t l)
{
    return l > 0 && strcmp(core_doc_line_eol(doc, l - 1), "\r") == 0 && core_doc_line_eol(doc, l)[0] == '\n';
}

/* Whether line `l` can be a field: only a line with a key, and the model decides (section, role). */
static bool line_is_field(const CoreDoc *doc, uint32_t l, const CoreLineHead *head)
{
    CoreEntry e;
    return (head->flags & CORE_LINE_F_KEY) && core_doc_entry(doc, l, &e) == 0 && e.kind == CORE_ENTRY_FIELD;
}

/*
 * Whether an item takes each bullet in `kinds` (a mask of CoreBullet bits) without a change of meaning. Some
 * lines keep their own bullet under some choice (`+ - -` would read as a rule once it starts with `-`; a NUL byte
 * keeps the whole line): they must not vote, since what they keep would differ between a first and a second run.
 */
static bool takes_every_bullet(Fmt *f, const char *s, uint32_t len, const CoreLineInfo *in, bool field, unsigned kinds)
{
    for (uint8_t k = CORE_BULLET_DASH; k <= CORE_BULLET_DOT; k++) {
        if (!(kinds & 1u << k))
            continue;
        canonical_line(f, s, len, in, k, field);
        size_t n = strlen(unordered(k));
        if (f->line.size < in->content.start + n || memcmp(f->line.contents + in->content.start, unordered(k), n) != 0)
            return false;
    }
    return true;
}

/*
 * Per group, the bullet its unordered items get: the option's, or the group's most used; on a tie, the one the
 * untied groups settle on most (a `*`/`-` tie in one section follows the other sections), then the first used; a
 * group with no voting item, the one the whole file settles on. Only items that take every bullet the file could
 * choose vote. So after one run each voting item carries its group's choice and every group with a vote is untied:
 * a second run reads the same choices (fmt(fmt(x)) == fmt(x)), which raw counts, or counting lines that keep
 * their bullet, broke.
 */
static void choose_bullets(Fmt *f)
{
    static const uint8_t forced[CORE_BULLET_STYLE_COUNT] = {0, CORE_BULLET_DASH, CORE_BULLET_STAR, CORE_BULLET_PLUS};
    enum { KINDS = CORE_BULLET_DOT + 1 };
    uint32_t lines = core_doc_line_count(f->doc), groups = core_doc_section_count(f->doc) + 1;
    f->bullets = core_xcalloc(groups, 1);
    if (forced[f->opts->bullet]) {
        memset(f->bullets, forced[f->opts->bullet], groups);
        return;
    }
    /* The bullets a group could be given: those written anywhere, and the default. */
    unsigned kinds = 1u << CORE_BULLET_DASH;
    for (uint32_t l = 0; l < lines; l++)
        if (unordered(core_doc_line_head(f->doc, l)->bullet))
            kinds |= 1u << core_doc_line_head(f->doc, l)->bullet;
    uint32_t (*count)[KINDS] = core_xcalloc(groups, sizeof *count);
    uint8_t (*rank)[KINDS] = core_xcalloc(groups, sizeof *rank); /* 1 for a group's first bullet used, 2 the next… */
    uint32_t *items = core_xcalloc(groups, sizeof *items);
    uint32_t g = 0;
    for (uint32_t l = 0; l < lines; l++) {
        const CoreLineHead *head = core_doc_line_head(f->doc, l);
        if (is_section_header(head)) {
            g++;
            continue;
        }
        if (head->kind != CORE_LINE_TEXT || !unordered(head->bullet) || core_doc_line_verbatim(f->doc, l))
            continue;
        size_t len;
        const char *s = core_doc_line(f->doc, l, &len);
        CoreLineInfo in;
        core_doc_line_parse(f->doc, l, &in);
        if (!takes_every_bullet(f, s, (uint32_t)len, &in, line_is_field(f->doc, l, head), kinds))
            continue;
        if (!count[g][in.bullet]++)
            rank[g][in.bullet] = (uint8_t)(1 + (rank[g][CORE_BULLET_DASH] > 0) + (rank[g][CORE_BULLET_STAR] > 0) +
                                           (rank[g][CORE_BULLET_PLUS] > 0) + (rank[g][CORE_BULLET_DOT] > 0));
        items[g]++;
    }
    /* Untied groups first: their choices are the weights that break the ties. */
    uint32_t untied[KINDS] = {0}, all[KINDS] = {0};
    uint32_t *most = core_xcalloc(groups, sizeof *most);
    for (g = 0; g < groups; g++) {
        uint32_t at_most = 0;
        for (uint8_t k = CORE_BULLET_DASH; k < KINDS; k++)
            if (count[g][k] > most[g])
                most[g] = count[g][k], f->bullets[g] = k;
        for (uint8_t k = CORE_BULLET_DASH; k < KINDS; k++)
            at_most += most[g] && count[g][k] == most[g];
        if (at_most == 1)
            untied[f->bullets[g]] += items[g];
        else
            f->bullets[g] = 0;
    }
    for (g = 0; g < groups; g++) {
        if (f->bullets[g] || !items[g])
            continue;
        uint8_t best = 0;
        for (uint8_t k = CORE_BULLET_DASH; k < KINDS; k++)
            if (count[g][k] == most[g] &&
                (!best || untied[k] > untied[best] || (untied[k] == untied[best] && rank[g][k] < rank[g][best])))
                best = k;
        f->bullets[g] = best;
    }
    for (g = 0; g < groups; g++)
        all[f->bullets[g]] += items[g];
    for (g = 0; g < groups; g++) {
        if (items[g])
            continue;
        uint8_t best = CORE_BULLET_DASH;
        for (uint8_t k = CORE_BULLET_DASH; k < KINDS; k++)
            if (all[k] > all[best])
                best = k;
        f->bullets[g] = best;
    }
    free(count);
    free(rank);
    free(items);
    free(most);
}

/*
 * Which blank lines go and where one is missing: none at the start, none after a header, one before
 * each header, runs inside a section down to one, none at the end but the final newline.
 */
static void plan_blank_lines(Fmt *f)
{
    uint32_t lines = core_doc_line_count(f->doc), last = lines - 1;
    f->plan = core_xcalloc(lines, 1);
    bool seen = false, after_header = false;
    uint32_t run = 0; /* blank lines right before `l` */
    size_t len0;
    const char *s0 = core_doc_line(f->doc, 0, &len0);
    bool bom = bom_len(s0, len0) > 0;
    for (uint32_t l = 0; l < lines; l++) {
        const CoreLineHead *in = core_doc_line_head(f->doc, l);
        /* a blank line of a code block is code; a blank first line holding a byte order mark keeps it */
        if (in->kind == CORE_LINE_BLANK && !(in->level & CORE_HEAD_FENCED) && !(l == 0 && bom)) {
            run++;
            continue;
        }
        bool header = is_section_header(in);
        uint32_t keep = !seen || (after_header && !header) ? 0 : 1;
        if (header && seen && run == 0)
            f->plan[l] |= PLAN_BLANK_BEFORE;
        /* The first `keep` blank lines stay and the later ones go: removing a blank line right after a lone `\r`
           would join that `\r` and the next line's `\n` into one terminator, and a blank line would vanish. */
        for (uint32_t k = l - run + keep; k < l; k++)
            f->plan[k] |= PLAN_DROP;
        run = 0;
        seen = true;
        after_header = header;
    }
    if (run == 0) { /* the last line has words, or is code: it needs a terminator unless it is the empty end */
        size_t last_len;
        core_doc_line(f->doc, last, &last_len);
        /* An empty last line is the place after the final newline — inside an unclosed fence too, where it is not
           counted as blank: a terminator there would add a line at every run. */
        if (!f->opts->no_final_newline && last_len > 0)
            f->plan[last] |= PLAN_FINAL_EOL;
        return;
    }
    /* A blank last line (empty after the final newline, or spaces) stays, emptied: the lines before it are trailing. */
    if (!f->opts->keep_final_blank_lines)
        for (uint32_t k = lines - run; k < last; k++)
            f->plan[k] |= PLAN_DROP;
}

int core_format(const CoreDoc *doc, const CoreFormatOptions *opts, uint32_t first_line, uint32_t last_line,
                CoreEditList *out)
{
    out->items = NULL;
    out->count = 0;
    uint32_t lines = core_doc_line_count(doc);
    /* The layout below is the template's: a log's own layout (markdown, Ralph, plain) is the writer's, left as it is. */
    if (core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE || core_doc_section_count(doc) == 0 || first_line >= lines ||
        first_line > last_line)
        return 0; /* not a progress file (or nothing asked for): left as it is */
    if (last_line >= lines)
        last_line = lines - 1;
    CoreFormatOptions defaults;
    core_format_options_init(&defaults);
    Fmt f = {.doc = doc, .opts = opts ? opts : &defaults};
    choose_bullets(&f);
    plan_blank_lines(&f);
    Edits edits = {0};
    uint32_t group = (uint32_t)(core_doc_section_at(doc, first_line) + 1); /* 0: before the first header */
    for (uint32_t l = first_line; l <= last_line; l++) {
        if (f.plan[l] & PLAN_DROP) {
            uint32_t end = l;
            while (end <= last_line && (f.plan[end] & PLAN_DROP))
                end++;
            push_edit(&edits, (CorePos){l, 0}, (CorePos){end, 0}, "", 0);
            l = end - 1;
            continue;
        }
        size_t len;
        const char *s = core_doc_line(doc, l, &len);
        const CoreLineHead *head = core_doc_line_head(doc, l);
        if (is_section_header(head) && l > first_line)
            group++;
        bool field = line_is_field(doc, l, head);
        if (core_doc_line_verbatim(doc, l)) { /* code, a rule, a conflict marker: exactly as written */
            array_clear(&f.line);
            buf_put(&f.line, s, len);
        } else if (head->kind == CORE_LINE_BLANK) {
            array_clear(&f.line);
            if (f.opts->keep_trailing_spaces || joins_terminators(doc, l))
                buf_put(&f.line, s, len);
            else if (l == 0)
                buf_put(&f.line, s, bom_len(s, len));
        } else {
            CoreLineInfo in;
            core_doc_line_parse(doc, l, &in);
            canonical_line(&f, s, (uint32_t)len, &in, f.bullets[group], field);
        }
        edit_line(&f, &edits, l, s, (uint32_t)len, f.plan[l] & PLAN_BLANK_BEFORE);
        if (f.plan[l] & PLAN_FINAL_EOL) {
            const char *eol = l > 0 ? core_doc_line_eol(doc, l - 1) : "\n";
            push_edit(&edits, (CorePos){l, (uint32_t)len}, (CorePos){l, (uint32_t)len}, eol, strlen(eol));
        }
    }
    array_delete(&f.line);
    free(f.bullets);
    free(f.plan);
    out->items = edits.contents;
    out->count = edits.size;
    return 0;
}

/* ---------------------------------------------------------------- Enter in a list */

/* The marker that continues the list of item `in` (bytes `s`) on a new line: indent, bullet (a number one up), `[ ] `. */
static void continuation(const char *s, const CoreLineInfo *in, Buf *b)
{
    buf_put(b, s, in->content.start);
    if (unordered(in->bullet)) {
        buf_put(b, s + in->bullet_span.start, in->bullet_span.end - in->bullet_span.start);
    } else {
        uint64_t n = 0;
        for (uint32_t i = in->bullet_span.start; i < in->bullet_span.end && s[i] >= '0' && s[i] <= '9'; i++)
            n = n * 10 + (uint64_t)(s[i] - '0');
        char num[24];
        int len = snprintf(num, sizeof num, "%llu%c", (unsigned long long)(n + 1),
                           in->bullet == CORE_BULLET_NUMBER_PAREN ? ')' : '.');
        buf_put(b, num, (size_t)len);
    }
    array_push(b, ' ');
    /* A checklist goes on as a checklist, with the new item open; other marks say something of their item only. */
    if (in->mark >= CORE_MARK_BOX_OPEN && in->mark <= CORE_MARK_BOX_TILDE)
        buf_puts(b, "[ ] ");
}

int core_format_on_enter(const CoreDoc *doc, CorePos pos, CoreEditList *out)
{
    out->items = NULL;
    out->count = 0;
    uint32_t lines = core_doc_line_count(doc);
    if (core_doc_section_count(doc) == 0 || pos.line == 0 || pos.line >= lines)
        return 0;
    uint32_t prev = pos.line - 1;
    size_t plen, len;
    const char *ps = core_doc_line(doc, prev, &plen);
    core_doc_line(doc, pos.line, &len);
    CoreLineInfo prev_in, line_in, *pin = &prev_in, *in = &line_in;
    core_doc_line_parse(doc, prev, pin);
    core_doc_line_parse(doc, pos.line, in);
    if (pin->kind != CORE_LINE_TEXT || pin->bullet == CORE_BULLET_NONE || in->bullet != CORE_BULLET_NONE)
        return 0; /* not after a list item, or the editor continued the list itself */
    Edits edits = {0};
    if (pin->item.end == pin->item.start) {
        /* Enter on a bare bullet (or bullet and mark) ends the list: they go, as in every Markdown editor. */
        push_edit(&edits, (CorePos){prev, 0}, (CorePos){prev, (uint32_t)plen}, "", 0);
    } else {
        /* Replace what the editor indented the new line with: the item's own indentation, bullet and mark. */
        Buf b = {0};
        continuation(ps, pin, &b);
        uint32_t ws = in->kind == CORE_LINE_BLANK ? (uint32_t)len : in->content.start;
        push_edit(&edits, (CorePos){pos.line, 0}, (CorePos){pos.line, ws}, b.contents, b.size);
        array_delete(&b);
    }
    out->items = edits.contents;
    out->count = edits.size;
    return 0;
}
