/* complete.c — what is expected at a cursor: the completion context (kind, token to replace, what is missing). */
#include <string.h>

#include "progress/core.h"
#include "words.h"

/* Bits (1u << kind) for every known section kind. */
#define ALL_SECTIONS (((1u << CORE_SECTION_KIND_COUNT) - 1u) & ~1u)
#define ALL_FIELDS (((1u << CORE_FIELD_KIND_COUNT) - 1u) & ~1u)

static const char *const annotations[] = {
    "(create)", "(modify)", "(update)", "(delete)", "(rename)", "(tests)", "(integration)", "(refactor)", NULL,
};

/*
 * The annotations offered after a path in Files Modified / Files To Modify, in the order shown: the
 * kinds of work the template's examples name. Static, NULL-terminated.
 */
const char *const *core_annotations(void)
{
    return annotations;
}

/*
 * Sets the token to s[a, b) on `line`, stretched to take in `col` when it lies outside (LSP wants the
 * range a completion replaces to hold the cursor), with the part before `col` as prefix.
 */
static void set_token(CoreExpect *out, const char *s, uint32_t line, uint32_t a, uint32_t b, uint32_t col)
{
    if (col < a)
        a = col;
    if (col > b)
        b = col;
    out->token = (CoreRange){{line, a}, {line, b}};
    out->prefix = s + a;
    out->prefix_len = col - a;
}

/* Known sections present in the document, not counting the header on line `skip`. */
static uint32_t sections_present(const CoreDoc *doc, uint32_t skip)
{
    uint32_t mask = 0, n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        core_doc_section(doc, i, &sec);
        if (sec.header_line != skip && sec.kind != CORE_SECTION_UNKNOWN)
            mask |= 1u << sec.kind;
    }
    return mask;
}

typedef struct {
    uint32_t fields;  /* bits of the known fields present */
    uint32_t entries; /* non-blank body lines */
} BodySummary;

/* What the body of section `index` holds, not counting line `skip`. */
static BodySummary summarize(const CoreDoc *doc, int32_t index, uint32_t skip)
{
    BodySummary sum = {0, 0};
    CoreSection sec;
    if (index < 0 || core_doc_section(doc, (uint32_t)index, &sec) != 0)
        return sum;
    for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
        CoreEntry e;
        if (l == skip || core_doc_entry(doc, l, &e) != 0 || e.kind == CORE_ENTRY_BLANK)
            continue;
        sum.entries++;
        if (e.kind == CORE_ENTRY_FIELD && e.field != CORE_FIELD_UNKNOWN)
            sum.fields |= 1u << e.field;
    }
    return sum;
}

static bool is_files_section(CoreSectionKind kind)
{
    return kind == CORE_SECTION_FILES_MODIFIED || kind == CORE_SECTION_FILES_TO_MODIFY;
}

/*
 * A header being typed. On a complete `=== Name ===` with the cursor on the name, the token is the
 * name (name_only); on anything else (`=`, `=== Fil`, `== Notes`, a cursor in the marks) it is the whole
 * line, so the completion writes the full header. The parser gives what lies between the runs of `=`.
 */
static void expect_header(const CoreDoc *doc, const char *s, const CoreEntry *e, uint32_t col, CoreExpect *out)
{
    uint32_t a = e->content.start.col, b = e->content.end.col, line = e->line;
    uint32_t lead = e->item.start.col, trail = e->item.end.col;
    out->kind = CORE_EXPECT_SECTION;
    out->missing_sections = ALL_SECTIONS & ~sections_present(doc, line);
    bool framed = (e->kind == CORE_ENTRY_HEADER || e->malformed_header) && lead - a >= 3 && trail < b && b - trail >= 3;
    uint32_t na = e->text.start.col, nb = e->text.end.col;
    if (framed && na == nb && col >= lead && col <= trail) {
        set_token(out, s, line, col, col, col);
        out->name_only = true;
    } else if (framed && na < nb && col >= na && col <= nb) {
        set_token(out, s, line, na, nb, col);
        out->name_only = true;
    } else {
        set_token(out, s, line, a, b, col); /* the cursor is in the marks, or no header yet: the whole line */
    }
}

/* An empty line: what may start here depends on the section (see core_expect_at). */
static void expect_blank(const CoreDoc *doc, const char *s, const CoreEntry *e, uint32_t col, CoreExpect *out)
{
    set_token(out, s, e->line, col, col, col);
    if (e->section < 0) {
        out->kind = CORE_EXPECT_SECTION;
        out->missing_sections = ALL_SECTIONS & ~sections_present(doc, UINT32_MAX);
        return;
    }
    BodySummary sum = summarize(doc, e->section, e->line);
    if (e->section_kind == CORE_SECTION_SESSION_STATE) {
        out->kind = CORE_EXPECT_FIELD_KEY;
        out->missing_fields = ALL_FIELDS & ~sum.fields;
    } else if (is_files_section(e->section_kind)) {
        out->kind = CORE_EXPECT_PATH;
        out->allow_none = sum.entries == 0;
    } else if (sum.entries == 0) {
        out->kind = CORE_EXPECT_NONE_WORD;
        out->allow_none = true;
    } else {
        out->kind = CORE_EXPECT_SECTION;
        out->missing_sections = ALL_SECTIONS & ~sections_present(doc, UINT32_MAX);
    }
}

/* A word in free text within s[lo, hi): a path when it holds '/', else a possible interface name. */
static void expect_word(const char *s, uint32_t line, uint32_t lo, uint32_t hi, uint32_t col, CoreExpect *out)
{
    CoreSpan w = core_word_path(s, lo, hi, col);
    if (core_word_has_slash(s, w)) {
        out->kind = CORE_EXPECT_PATH;
        set_token(out, s, line, w.start, w.end, col);
        return;
    }
    w = core_word_ident(s, lo, hi, col);
    out->kind = CORE_EXPECT_INTERFACE;
    set_token(out, s, line, w.start, w.end, col);
}

/* True when the token covers all of `r` (an empty `r` always is). */
static bool covers(const CoreExpect *out, CoreRange r)
{
    return r.start.col == r.end.col || (out->token.start.col <= r.start.col && out->token.end.col >= r.end.col);
}

/* `None` fits where the token is all the line says and its section holds nothing else. */
static bool none_fits(const CoreDoc *doc, const CoreEntry *e, const CoreExpect *out)
{
    return covers(out, e->text) && summarize(doc, e->section, e->line).entries == 0;
}

/*
 * A Session State line: `Key: value`, `- Key: value`, `**Key:** value`. Before the value, the key (what
 * the parser read as key, else the line's text so far); in the value, what the field takes.
 */
static void expect_field(const CoreDoc *doc, const char *s, const CoreEntry *e, uint32_t col, CoreExpect *out)
{
    uint32_t line = e->line, b = e->content.end.col;
    bool field = e->kind == CORE_ENTRY_FIELD;
    uint32_t c = field ? e->key.end.col : b; /* the key's `:` (after a closing `**` in `**Key**:`) */
    while (field && c < e->value.start.col && s[c] != ':')
        c++;
    if (!field || col <= c) {
        out->kind = CORE_EXPECT_FIELD_KEY;
        out->missing_fields = ALL_FIELDS & ~summarize(doc, e->section, line).fields;
        out->has_colon = field;
        if (field)
            set_token(out, s, line, e->key.start.col, e->key.end.col, col);
        else
            set_token(out, s, line, e->item.start.col, e->item.end.col, col);
        return;
    }
    c++;
    if (c < e->value.start.col && s[c] == '*') /* `**Key:** value` */
        c = e->value.start.col;
    if (e->field == CORE_FIELD_COMPLEXITY) {
        uint32_t wa = col, wb = col;
        while (wa > c && !core_word_is_space((unsigned char)s[wa - 1]))
            wa--;
        while (wb < b && !core_word_is_space((unsigned char)s[wb]))
            wb++;
        out->kind = CORE_EXPECT_LEVEL;
        set_token(out, s, line, wa, wb, col);
    } else if (e->field == CORE_FIELD_CURRENT_PHASE) {
        out->kind = CORE_EXPECT_NOTHING;
    } else {
        expect_word(s, line, c, b, col, out);
        out->allow_none = e->field == CORE_FIELD_BLOCKERS && covers(out, e->value);
    }
    /* The value starts right after the key (`Complexity level:me`): the completion brings the missing space. */
    if (out->kind != CORE_EXPECT_NOTHING && out->token.start.col == c && !core_word_is_space((unsigned char)s[c - 1]))
        out->space_before = true;
}

/* True when s[q, b) is one `(…` annotation, closed at its end or not yet closed. */
static bool one_annotation(const char *s, uint32_t q, uint32_t b)
{
    if (q == b)
        return true;
    if (s[q] != '(')
        return false;
    const char *close = memchr(s + q, ')', b - q);
    return !close || (uint32_t)(close - s) == b - 1;
}

/* A Files item: its path (the parser's, inside backticks or quotes when written so), then an annotation, then free text. */
static void expect_file_item(const CoreDoc *doc, const char *s, const CoreEntry *e, uint32_t col, CoreExpect *out)
{
    uint32_t t = e->item.start.col, b = e->content.end.col, line = e->line;
    if (e->has_placeholder && e->placeholder.start.col == t && col <= e->placeholder.end.col) {
        out->kind = CORE_EXPECT_PATH;
        set_token(out, s, line, t, e->placeholder.end.col, col);
        return;
    }
    /* After a bare bullet or mark (`- `, `- [ ] `, `4. `) the path comes next, wherever the cursor stands. */
    if (!e->has_path && t == b && col >= t) {
        out->kind = CORE_EXPECT_PATH;
        set_token(out, s, line, col, col, col);
        out->allow_none = none_fits(doc, e, out);
        return;
    }
    uint32_t pa = e->has_path ? e->path.start.col : t, pe = e->has_path ? e->path.end.col : t;
    /* An opening backtick being typed (`` `sess``, `` `src/api/``): the path starts after it. */
    if (s[pa] == '`' && col > pa && !memchr(s + pa + 1, '`', col - pa - 1)) {
        pa++;
        if (pe < pa)
            pe = pa;
    }
    uint32_t after = pe; /* past what closes the path: a location, a quote, a `:` */
    while (after < b && !core_word_is_space((unsigned char)s[after]))
        after++;
    if (col <= after) {
        out->kind = CORE_EXPECT_PATH;
        set_token(out, s, line, pa, pe, col);
        out->allow_none = none_fits(doc, e, out);
        return;
    }
    uint32_t q = after;
    while (q < b && core_word_is_space((unsigned char)s[q]))
        q++;
    if (one_annotation(s, q, b)) {
        out->kind = CORE_EXPECT_ANNOTATION;
        if (q == b)
            set_token(out, s, line, col, col, col);
        else
            set_token(out, s, line, q, b, col);
        return;
    }
    expect_word(s, line, after, b, col, out);
}

/*
 * What is expected at byte position `pos` (clamped to the document); fills `out`, whose `prefix`
 * is borrowed from the document. Returns 0. The rules, first match wins:
 *
 * - The token always holds the cursor (as LSP requires of a completion's range), stretched to it
 *   when the cursor sits in spaces beside the word.
 * - SECTION on a line whose first non-blank byte is '=': on a complete `=== Name ===` with the
 *   cursor on the name, the token is the name (the completion replaces just it); otherwise it is the
 *   whole line's content (the completion writes `=== Name ===`). missing_sections holds the known sections absent from the
 *   document, not counting this line's header.
 * - On an empty line the token is empty at the cursor and the kind depends on where the line is:
 *   before the first header, SECTION; in Session State, FIELD_KEY; in Files Modified / Files To
 *   Modify, PATH (allow_none when the section is otherwise empty); in another section that is
 *   otherwise empty, NONE_WORD; in another section with entries, SECTION (the next header may go
 *   here; a header is always reachable by typing '=' too).
 * - Before the first header, other text expects NOTHING. So does a cursor inside a bullet.
 * - Session State: before the line's first ':' (or on a line without one), FIELD_KEY, the token
 *   being the key typed so far (to the ':' if there is one, else to the line's end: the completion
 *   then adds ": "); missing_fields holds the known keys absent from the section, this line aside.
 *   After the ':': Complexity level expects LEVEL, the token being the non-blank run around the
 *   cursor (a whole `[Trivial/…]` placeholder); Current phase expects NOTHING; other values are
 *   free text (below), Blockers allowing `None` when the token is the whole value.
 * - Files Modified / Files To Modify items: PATH from the bullet to the first space (a leading
 *   `[…]` placeholder is one token); after the path and a space, ANNOTATION when nothing or one
 *   `(…` follows it (the token is that annotation, parentheses included, or empty at the cursor);
 *   after other words, free text. allow_none when the path is alone in an otherwise empty section.
 *   After a bare bullet or mark (`- `, `- [ ] `, `* `, `4. `) PATH, the token empty at the cursor; after
 *   an opening backtick not yet closed, PATH from the character after it.
 * - Free text (other sections' items, field values, words after a path): PATH when the run of
 *   non-blank, non-bracket bytes around the cursor holds a '/', else INTERFACE with the identifier
 *   around the cursor as token (possibly empty). In a list section, allow_none when that token is
 *   the item's whole text and the section holds nothing else.
 */
int core_expect_at(const CoreDoc *doc, CorePos pos, CoreExpect *out)
{
    memset(out, 0, sizeof *out);
    CoreEntry e;
    const char *s = core_word_line_at(doc, &pos, &e);
    uint32_t col = pos.col;
    out->section_kind = e.section_kind;
    set_token(out, s, pos.line, col, col, col);

    if (e.header_like) {
        expect_header(doc, s, &e, col, out);
        return 0;
    }
    if (e.kind == CORE_ENTRY_BLANK) {
        expect_blank(doc, s, &e, col, out);
        return 0;
    }
    if (e.section < 0 || col < e.text.start.col || (e.has_bullet && col < e.bullet_range.end.col))
        return 0;
    if (e.section_kind == CORE_SECTION_SESSION_STATE) {
        expect_field(doc, s, &e, col, out);
    } else if (is_files_section(e.section_kind)) {
        expect_file_item(doc, s, &e, col, out);
    } else {
        expect_word(s, pos.line, e.text.start.col, e.content.end.col, col, out);
        out->allow_none = none_fits(doc, &e, out);
    }
    return 0;
}
