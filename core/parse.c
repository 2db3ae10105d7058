/* parse.c — the line grammar: header, bullet, marks, body, annotation, comment, key/value, group label, paths, signature; no state, no allocation. */
#include "parse.h"

#include <string.h>

#include "names.h"
#include "progress/log.h"

CoreSpan core_span_trim(const char *s, CoreSpan sp)
{
    while (sp.start < sp.end && core_is_space((unsigned char)s[sp.start]))
        sp.start++;
    while (sp.end > sp.start && core_is_space((unsigned char)s[sp.end - 1]))
        sp.end--;
    return sp;
}

static CoreSpan trim(const char *s, uint32_t start, uint32_t end)
{
    return core_span_trim(s, (CoreSpan){start, end});
}

static int ieq(const char *s, uint32_t len, const char *word)
{
    size_t n = strlen(word);
    if (len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)word[i])
            return 0;
    }
    return 1;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Whether s[0, n) holds a byte of `set`. */
static int strpbrk_n(const char *s, uint32_t n, const char *set)
{
    for (uint32_t i = 0; i < n; i++)
        if (strchr(set, s[i]) && s[i])
            return 1;
    return 0;
}

/* Whether `name` is close to a template section's name (`Sesion State`, `Files To`): a template being written. */
static int template_name(const char *s, CoreSpan name)
{
    /* No section name has a digit, and none is longer than 18 bytes (a third more can still be a typo of one):
       a log's `=== Session 2026-02-20 08:29 ===` is told apart without an edit distance. */
    if (name.end == name.start || name.end - name.start > 24 ||
        strpbrk_n(s + name.start, name.end - name.start, "0123456789|"))
        return 0;
    const char *names[CORE_SECTION_KIND_COUNT];
    for (int k = 0; k < CORE_SECTION_KIND_COUNT; k++)
        names[k] = core_section_name((CoreSectionKind)k);
    return core_names_closest(names, CORE_SECTION_KIND_COUNT, s + name.start, name.end - name.start) >= 0;
}

/* `=== Name ===` with at least three `=` each side; anything else starting with `==` is malformed. */
static void parse_header(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->content.start, b = out->content.end;
    uint32_t lead = a, trail = b;
    while (lead < b && s[lead] == '=')
        lead++;
    if (lead == b) {
        out->kind = CORE_LINE_TEXT; /* a rule of `=` signs, not a header */
        out->text = out->content;
        if (b - a >= 3)
            out->shape = CORE_SHAPE_RULE;
        return;
    }
    while (trail > lead && s[trail - 1] == '=')
        trail--;
    out->item = (CoreSpan){lead, trail};
    out->text = trim(s, lead, trail);
    if (lead - a >= 3 && b - trail >= 3 && out->text.end > out->text.start) {
        out->kind = CORE_LINE_HEADER;
        out->section = (uint8_t)core_section_kind_of(s + out->text.start, out->text.end - out->text.start);
        out->title = out->text;
    } else {
        out->kind = CORE_LINE_TEXT;
        out->flags |= CORE_LINE_F_MALFORMED_HEADER;
    }
    if (out->section != CORE_SECTION_UNKNOWN || template_name(s, out->text))
        out->flags |= CORE_LINE_F_TEMPLATE;
}

/* ---------------------------------------------------------------- bullets and marks */

/* The end of a bullet at s[i] (`- ` `* ` `+ ` `• ` `1. ` `1) `, followed by white space or the end), or i. */
static uint32_t bullet_at(const char *s, uint32_t i, uint32_t b, uint8_t *kind)
{
    unsigned char c = (unsigned char)s[i];
    uint32_t e = i;
    if (c == '-' || c == '*' || c == '+') {
        e = i + 1;
        *kind = c == '-' ? CORE_BULLET_DASH : c == '*' ? CORE_BULLET_STAR : CORE_BULLET_PLUS;
    } else if (c == 0xE2 && b - i >= 3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0xA2) {
        e = i + 3;
        *kind = CORE_BULLET_DOT;
    } else if (is_digit(c)) {
        uint32_t j = i;
        while (j < b && is_digit((unsigned char)s[j]) && j - i < 9)
            j++;
        if (j < b && (s[j] == '.' || s[j] == ')')) {
            *kind = s[j] == '.' ? CORE_BULLET_NUMBER : CORE_BULLET_NUMBER_PAREN;
            e = j + 1;
        }
    }
    return e > i && (e == b || core_is_space((unsigned char)s[e])) ? e : i;
}

static const struct {
    char bytes[5];
    uint8_t len;
    uint8_t mark;
} emoji_marks[] = {
    {"\xE2\x9C\x85", 3, CORE_MARK_CHECK_GREEN},     {"\xE2\x9C\x94", 3, CORE_MARK_CHECK_HEAVY},
    {"\xE2\x9C\x93", 3, CORE_MARK_CHECK},           {"\xE2\x98\x91", 3, CORE_MARK_BALLOT_CHECKED},
    {"\xF0\x9F\x9F\xA2", 4, CORE_MARK_CIRCLE_GREEN}, {"\xE2\x9D\x8C", 3, CORE_MARK_CROSS_RED},
    {"\xE2\x9C\x97", 3, CORE_MARK_BALLOT_X},        {"\xE2\x9C\x98", 3, CORE_MARK_BALLOT_X_HEAVY},
    {"\xE2\x98\x90", 3, CORE_MARK_BALLOT_BOX},      {"\xE2\xAC\x9C", 3, CORE_MARK_SQUARE_WHITE},
    {"\xF0\x9F\x94\xB2", 4, CORE_MARK_SQUARE_BUTTON}, {"\xF0\x9F\x9A\xA7", 4, CORE_MARK_CONSTRUCTION},
    {"\xE2\x8F\xB3", 3, CORE_MARK_HOURGLASS},       {"\xF0\x9F\x94\x84", 4, CORE_MARK_ARROWS},
    {"\xF0\x9F\x9F\xA1", 4, CORE_MARK_CIRCLE_YELLOW},
};

/* The end of a status mark at s[i] (an emoji takes an optional U+FE0F after it), or i. */
static uint32_t mark_at(const char *s, uint32_t i, uint32_t b, uint8_t *mark)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '[') {
        if (b - i < 3 || s[i + 2] != ']' || (b - i > 3 && !core_is_space((unsigned char)s[i + 3])))
            return i;
        switch (s[i + 1]) {
        case ' ': *mark = CORE_MARK_BOX_OPEN; break;
        case 'x': *mark = CORE_MARK_BOX_DONE; break;
        case 'X': *mark = CORE_MARK_BOX_DONE_UPPER; break;
        case '-': *mark = CORE_MARK_BOX_DROPPED; break;
        case '/': *mark = CORE_MARK_BOX_SLASH; break;
        case '~': *mark = CORE_MARK_BOX_TILDE; break;
        default: return i;
        }
        return i + 3;
    }
    if (c != 0xE2 && c != 0xF0)
        return i;
    for (size_t k = 0; k < sizeof emoji_marks / sizeof *emoji_marks; k++) {
        uint32_t n = emoji_marks[k].len;
        if (b - i >= n && memcmp(s + i, emoji_marks[k].bytes, n) == 0) {
            *mark = emoji_marks[k].mark;
            i += n;
            if (b - i >= 3 && memcmp(s + i, "\xEF\xB8\x8F", 3) == 0)
                i += 3;
            return i;
        }
    }
    return i;
}

/* A mark written after the item (`src/a.py ✅`, `- a.py [x]`): its start when s[a, b) ends with one after a space, else b. */
static uint32_t trailing_mark(const char *s, uint32_t a, uint32_t b, uint8_t *mark)
{
    uint32_t e = b;
    if (e - a >= 3 && memcmp(s + e - 3, "\xEF\xB8\x8F", 3) == 0)
        e -= 3;
    for (uint32_t n = 3; n <= 4; n++) {
        uint32_t p = e - n;
        if (e - a < n + 1 || !core_is_space((unsigned char)s[p - 1]))
            continue;
        uint8_t m = 0;
        if (mark_at(s, p, b, &m) == b) {
            *mark = m;
            return p;
        }
    }
    return b;
}

/* ---------------------------------------------------------------- key, annotation, comment, placeholder */

/* Letters, digits, spaces, `-` and `_`, starting with a letter, at most 40 bytes: what a key looks like. */
static int key_shape(const char *s, uint32_t a, uint32_t c)
{
    if (c == a || c - a > 40)
        return 0;
    unsigned char first = (unsigned char)s[a];
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')))
        return 0;
    for (uint32_t i = a; i < c; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(core_is_ident(ch) || ch == ' ' || ch == '-') || ch >= 0x80)
            return 0;
    }
    return 1;
}

/* `Key: value`, `**Key:** value` or `**Key**: value` in `text` (the line after its bullet). */
static void parse_key(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->text.start, b = out->text.end;
    if (b - a > 4 && s[a] == '*' && s[a + 1] == '*') {
        const char *close = memchr(s + a + 2, '*', b - a - 2);
        uint32_t c = close ? (uint32_t)(close - s) : b;
        if (c + 1 >= b || s[c + 1] != '*')
            return;
        if (s[c - 1] == ':' && key_shape(s, a + 2, c - 1)) {
            out->flags |= CORE_LINE_F_KEY;
            out->key = trim(s, a + 2, c - 1);
            out->value = trim(s, c + 2, b);
        } else if (c + 2 < b && s[c + 2] == ':' && key_shape(s, a + 2, c)) {
            out->flags |= CORE_LINE_F_KEY;
            out->key = trim(s, a + 2, c);
            out->value = trim(s, c + 3, b);
        }
        return;
    }
    const char *colon = memchr(s + a, ':', b - a);
    if (!colon)
        return;
    uint32_t c = (uint32_t)(colon - s);
    if (!key_shape(s, a, c))
        return;
    out->flags |= CORE_LINE_F_KEY;
    out->key = trim(s, a, c);
    out->value = trim(s, c + 1, b);
}

/* True when s[from, at) leaves no backtick (and, with `brackets`, no bracket) open: `at` is in the line's own text. */
static int at_top_level(const char *s, uint32_t from, uint32_t at, int brackets)
{
    int depth = 0, tick = 0;
    for (uint32_t i = from; i < at; i++) {
        char c = s[i];
        if (c == '`')
            tick = !tick;
        else if (tick)
            continue;
        else if (c == '(' || c == '[' || c == '{')
            depth++;
        else if ((c == ')' || c == ']' || c == '}') && depth > 0)
            depth--;
    }
    return (depth == 0 || !brackets) && !tick;
}

/* The dash of a separator at s[i] (` - `, or ` — ` / ` – ` starting at its 0xE2 byte): its byte length, else 0. */
static uint32_t dash_at(const char *s, uint32_t a, uint32_t b, uint32_t i)
{
    if (i <= a || s[i - 1] != ' ')
        return 0;
    if (s[i] == '-')
        return i + 1 < b && s[i + 1] == ' ' ? 1 : 0;
    return i + 3 < b && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93) && s[i + 3] == ' '
               ? 3
               : 0;
}

/*
 * The first ` - `, ` — ` or ` – ` in s[a, b) outside backticks and brackets: sets `comment_sep` (the dash) and
 * returns the space before it, else b. Candidates are found with memchr: most lines have none.
 */
static uint32_t find_comment(const char *s, uint32_t a, uint32_t b, CoreLineInfo *out)
{
    uint32_t best = b, n = 0;
    for (int pass = 0; pass < 2; pass++) {
        char c = pass == 0 ? '-' : (char)0xE2;
        for (uint32_t i = a + 1; i < best;) {
            const char *p = memchr(s + i, c, best - i);
            if (!p)
                break;
            i = (uint32_t)(p - s);
            uint32_t len = dash_at(s, a, b, i);
            if (len && at_top_level(s, a, i - 1, 1)) {
                best = i;
                n = len;
                break;
            }
            i++;
        }
    }
    if (best == b)
        return b;
    out->flags |= CORE_LINE_F_COMMENT;
    out->comment_sep = (CoreSpan){best, best + n};
    out->comment = trim(s, best + n, b);
    return best - 1;
}

/* A trailing `(…)` of s[a, b) preceded by a space, matched backwards so `(reason: f(x))` is one annotation. */
static void parse_annotation(const char *s, uint32_t a, uint32_t b, CoreLineInfo *out)
{
    out->body = trim(s, a, b);
    b = out->body.end;
    if (b - a < 3 || s[b - 1] != ')')
        return;
    int depth = 0;
    for (uint32_t i = b; i > a; i--) {
        char ch = s[i - 1];
        if (ch == ')')
            depth++;
        else if (ch == '(' && --depth == 0) {
            uint32_t open = i - 1;
            if (open > a && core_is_space((unsigned char)s[open - 1]) && at_top_level(s, a, open, 0)) {
                out->flags |= CORE_LINE_F_ANNOTATION;
                out->annotation = (CoreSpan){open, b};
                out->body = trim(s, a, open);
            }
            return;
        }
    }
}

/* `~~text~~` at the start of the body: the body is what is struck through. */
static void parse_strike(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->body.start, b = out->body.end;
    if (b - a < 5 || s[a] != '~' || s[a + 1] != '~')
        return;
    for (uint32_t k = a + 3; k + 2 <= b; k++) {
        if (s[k] == '~' && s[k + 1] == '~') {
            out->mark = CORE_MARK_STRIKE;
            out->mark_span = (CoreSpan){a, a + 2};
            out->mark_close = (CoreSpan){k, k + 2};
            out->body = trim(s, a + 2, k);
            return;
        }
    }
}

/*
 * Whether the text of a `[…]` reads as words to be replaced (`What to work on next`, `Trivial/Small/…`, `未翻訳`)
 * rather than a tag (`PASS`, `Lo/S`), an id (`PIPE-METRIC-01`), a timestamp (`2026-02-13 11:18`) or code
 * (`'ACTIVE'`, `{a: 1}`): it does not start with a digit, holds no quote, brace or `=`, and has a space, two
 * lowercase letters in a row or a non-ASCII character.
 */
static int placeholder_words(const char *s, uint32_t a, uint32_t b)
{
    if (a == b || is_digit((unsigned char)s[a]))
        return 0;
    int words = 0;
    for (uint32_t k = a; k < b; k++) {
        unsigned char ch = (unsigned char)s[k];
        if (ch == '\'' || ch == '"' || ch == '`' || ch == '{' || ch == '}' || ch == '=')
            return 0;
        if (ch == ' ' || ch >= 0x80 || (ch >= 'a' && ch <= 'z' && k + 1 < b && s[k + 1] >= 'a' && s[k + 1] <= 'z'))
            words = 1;
    }
    return words;
}

bool core_line_slot(const char *s, uint32_t a, uint32_t b, uint32_t *start, uint32_t *end)
{
    static const char *const tags[] = {"details", "summary", "br", "img", "div", "span", "code", "pre", "sub", "sup",
                                       "kbd", "p", "b", "i", "a", "em", "strong", "hr", "li", "ul", "ol", NULL};
    if (b <= a || !memchr(s + a, '<', b - a)) /* most lines: no slot, and no per-byte look for one */
        return false;
    int tick = 0;
    for (uint32_t i = a; i < b; i++) {
        if (s[i] == '`')
            tick = !tick;
        if (tick || s[i] != '<' || (i > a && (core_is_ident((unsigned char)s[i - 1]) || s[i - 1] == '<')))
            continue;
        const char *close = memchr(s + i + 1, '>', b - i - 1);
        if (!close)
            return false;
        uint32_t j = (uint32_t)(close - s), letters = 0;
        bool ok = j > i + 1 && s[i + 1] != '/' && s[i + 1] != '!' && s[i + 1] != ' ' && s[j - 1] != ' ' && s[j - 1] != '-' && s[j - 1] != '=';
        for (uint32_t k = i + 1; ok && k < j; k++) {
            unsigned char ch = (unsigned char)s[k];
            letters += (ch | 32) >= 'a' && (ch | 32) <= 'z';
            ok = core_is_ident(ch) || ch == ' ' || ch == '-' || ch == '/' || ch == '.';
        }
        for (int t = 0; ok && tags[t]; t++)
            ok = !ieq(s + i + 1, j - i - 1, tags[t]);
        if (ok && letters) {
            *start = i;
            *end = j + 1;
            return true;
        }
    }
    return false;
}

/*
 * The first `[…]` in s[a, b) that starts a word, holds a letter (any non-ASCII byte counts), is not a Markdown
 * link `[text](url)` and is not a checkbox mark (`[x]`, `[X]`).
 */
static void parse_placeholder(const char *s, uint32_t a, uint32_t b, CoreLineInfo *out)
{
    for (uint32_t i = a; i < b; i++) {
        const char *open = memchr(s + i, '[', b - i);
        if (!open)
            return;
        i = (uint32_t)(open - s);
        char before = i > a ? s[i - 1] : ' ';
        if (!(core_is_space((unsigned char)before) || before == '(' || before == ':'))
            continue;
        const char *close = memchr(s + i, ']', b - i);
        if (!close)
            return;
        uint32_t j = (uint32_t)(close - s);
        if (j + 1 < b && s[j + 1] == '(')
            continue;
        if (j == i + 2 && (s[i + 1] == 'x' || s[i + 1] == 'X'))
            continue;
        if (!placeholder_words(s, i + 1, j))
            continue;
        for (uint32_t k = i + 1; k < j; k++) {
            unsigned char ch = (unsigned char)s[k];
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80) { /* [未翻訳] too */
                out->flags |= CORE_LINE_F_PLACEHOLDER;
                out->placeholder = (CoreSpan){i, j + 1};
                return;
            }
        }
    }
}

/* ---------------------------------------------------------------- paths and group labels */

/* A word looks like a path when it holds `/` or `\`, or a `.` between a byte and a letter (`README.md`). */
static int path_shape(const char *s, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b && !core_is_space((unsigned char)s[i]); i++) {
        char c = s[i];
        if (c == '/' || c == '\\')
            return 1;
        if (c == '.' && i > a && i + 1 < b && ((s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z'))
            return 1;
    }
    return 0;
}

/* `Tests:`, `- Parsers (unified schema):`, `**ONLY modify:**`, `**Tests**:` — when the first word is no path. */
static void parse_group(const char *s, CoreLineInfo *out)
{
    uint32_t a = out->item.start, b = out->item.end;
    if (b == a)
        return;
    if (s[b - 1] == ':')
        b--;
    else if (b - a >= 4 && s[b - 1] == '*' && s[b - 2] == '*' && s[b - 3] == ':')
        b -= 3;
    else
        return;
    if (b - a >= 2 && s[b - 1] == '*' && s[b - 2] == '*')
        b -= 2;
    if (b - a >= 2 && s[a] == '*' && s[a + 1] == '*')
        a += 2;
    CoreSpan label = trim(s, a, b);
    if (label.end == label.start || path_shape(s, label.start, label.end))
        return;
    out->flags |= CORE_LINE_F_GROUP;
    out->label = label;
}

/* The span a quoted token (`…`, "…", '…', **…**) at s[a] holds, with `*after` one past its closing quote; else {a, a}. */
static CoreSpan quoted(const char *s, uint32_t a, uint32_t b, uint32_t *after)
{
    char q = s[a];
    if (q == '*') {
        if (b - a < 4 || s[a + 1] != '*')
            return (CoreSpan){a, a};
        for (uint32_t k = a + 2; k + 1 < b; k++)
            if (s[k] == '*' && s[k + 1] == '*') {
                *after = k + 2;
                return (CoreSpan){a + 2, k};
            }
        return (CoreSpan){a, a};
    }
    if (q != '`' && q != '"' && q != '\'')
        return (CoreSpan){a, a};
    const char *close = b - a > 1 ? memchr(s + a + 1, q, b - a - 1) : NULL;
    if (!close)
        return (CoreSpan){a, a};
    *after = (uint32_t)(close - s) + 1;
    return (CoreSpan){a + 1, (uint32_t)(close - s)};
}

static uint32_t number(const char *s, uint32_t a, uint32_t b)
{
    uint32_t n = 0;
    for (uint32_t i = a; i < b && i - a < 9; i++)
        n = n * 10 + (uint32_t)(s[i] - '0');
    return n;
}

/* Splits a trailing `:LINE`, `:LINE:COL` or `#L12` off the token `tok` into `ref`. */
static void split_location(const char *s, CoreSpan tok, CorePathRef *ref, uint32_t line)
{
    uint32_t e = tok.end, j = e;
    while (j > tok.start && is_digit((unsigned char)s[j - 1]))
        j--;
    ref->path = (CoreRange){{line, tok.start}, {line, tok.end}};
    if (j == e || j <= tok.start + 1)
        return;
    uint32_t loc = 0, ln = number(s, j, e), col = 0;
    if (s[j - 1] == ':') {
        uint32_t k = j - 1, m = k;
        while (m > tok.start && is_digit((unsigned char)s[m - 1]))
            m--;
        if (m < k && m > tok.start + 1 && s[m - 1] == ':') {
            loc = m - 1;
            col = ln;
            ln = number(s, m, k);
        } else {
            loc = j - 1;
        }
    } else if (s[j - 1] == 'L' && j >= tok.start + 3 && s[j - 2] == '#') {
        loc = j - 2;
    } else {
        return;
    }
    ref->has_location = true;
    ref->location = (CoreRange){{line, loc}, {line, e}};
    ref->loc_line = ln;
    ref->loc_col = col;
    ref->path.end.col = loc;
}

/* One path token starting at s[a] (quoted, or up to white space), `*next` set past it; false when there is none. */
static bool path_token(const char *s, uint32_t a, uint32_t b, CorePathRef *ref, uint32_t *next, uint32_t *colon,
                       uint32_t line)
{
    uint32_t after = a;
    CoreSpan tok = quoted(s, a, b, &after);
    *colon = 0;
    if (tok.start == a) {
        while (after < b && !core_is_space((unsigned char)s[after]))
            after++;
        tok = (CoreSpan){a, after};
        if (tok.end > tok.start && s[tok.end - 1] == ':') {
            *colon = tok.end - 1;
            tok.end--;
        }
    } else if (after < b && s[after] == ':' && (after + 1 == b || core_is_space((unsigned char)s[after + 1]))) {
        *colon = after;
    }
    while (tok.end > tok.start && (s[tok.end - 1] == ',' || s[tok.end - 1] == ';'))
        tok.end--;
    tok = core_span_trim(s, tok);
    *next = after;
    memset(ref, 0, sizeof *ref);
    split_location(s, tok, ref, line);
    return ref->path.end.col > ref->path.start.col;
}

uint32_t core_line_paths(const char *s, const CoreLineInfo *in, CorePathRef *out, uint32_t max, uint32_t line)
{
    uint32_t a = in->body.start, b = in->body.end, n = 0, next, colon;
    CorePathRef ref;
    if (a == b || !path_token(s, a, b, &ref, &next, &colon, line))
        return 0;
    if (n < max)
        out[n] = ref;
    n++;
    /* Further paths only in a list of backticked ones: `a.py`, `b.py` */
    while ((in->flags & CORE_LINE_F_BACKTICKS) && !colon) {
        uint32_t q = next;
        while (q < b && core_is_space((unsigned char)s[q]))
            q++;
        if (q >= b || s[q] != ',')
            break;
        q++;
        while (q < b && core_is_space((unsigned char)s[q]))
            q++;
        if (q >= b || s[q] != '`' || !path_token(s, q, b, &ref, &next, &colon, line) || next == q)
            break;
        if (n < max)
            out[n] = ref;
        n++;
    }
    return n;
}

/* A word of a log line that names a file: `src/a.py`, `README.md`, not `https://…`, `e.g.` or `1.5`. */
static int path_word(const char *s, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i + 2 < b; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            return 0;
    if (memchr(s + a, '/', b - a))
        return b - a > 1;
    const char *dot = NULL;
    for (uint32_t i = a; i < b; i++)
        if (s[i] == '.')
            dot = s + i;
    if (!dot || dot == s + a || s + b - dot < 2 || s + b - dot > 7 || (dot - (s + a) == 1 && s + b - dot == 2))
        return 0; /* `e.g`, `i.e` */
    for (const char *p = dot + 1; p < s + b; p++)
        if (!((*p | 32) >= 'a' && (*p | 32) <= 'z') && !is_digit((unsigned char)*p))
            return 0;
    return ((dot[1] | 32) >= 'a' && (dot[1] | 32) <= 'z');
}

uint32_t core_line_path_words(const char *s, CoreSpan span, CorePathRef *out, uint32_t max, uint32_t line)
{
    uint32_t n = 0, ticks = 0;
    for (int pass = 0; pass < 2 && n == 0; pass++) {
        for (uint32_t i = span.start; i < span.end;) {
            uint32_t a = i, b;
            if (s[i] == '`') {
                const char *close = memchr(s + i + 1, '`', span.end - i - 1);
                if (!close)
                    break;
                ticks++;
                a = i + 1;
                b = (uint32_t)(close - s);
                i = b + 1;
                if (pass == 1)
                    continue;
            } else {
                while (i < span.end && !core_is_space((unsigned char)s[i]) && s[i] != '`' && s[i] != ',')
                    i++;
                b = i;
                if (i == a)
                    i++;
                if (pass == 0)
                    continue;
                while (a < b && memchr("(\"'*[<", s[a], 7))
                    a++;
                while (b > a && memchr(")\"'*,;:.]>", s[b - 1], 11))
                    b--;
            }
            CoreSpan w = core_span_trim(s, (CoreSpan){a, b});
            if (w.end > w.start && (pass == 0 ? path_shape(s, w.start, w.end) && !memchr(s + w.start, ' ', w.end - w.start)
                                              : path_word(s, w.start, w.end))) {
                CorePathRef ref;
                memset(&ref, 0, sizeof ref);
                split_location(s, w, &ref, line);
                if (n < max)
                    out[n] = ref;
                n++;
            }
        }
        if (pass == 0 && ticks && n == 0)
            break; /* backticked words that are no paths: code, not a list of files */
    }
    return n;
}

/* ---------------------------------------------------------------- signatures */

static const char *const sig_keywords[] = {
    "export ", "pub ", "async ", "def ", "fn ", "func ", "function ", "interface ", "type ", "class ", NULL,
};

/* The signature in `body`: inside backticks when it starts with one; after its keywords. */
static void parse_signature(const char *s, CoreLineInfo *out)
{
    CoreSpan r = out->body;
    uint32_t after;
    if (r.end > r.start && s[r.start] == '`') {
        CoreSpan in = quoted(s, r.start, r.end, &after);
        if (in.start != r.start)
            r = core_span_trim(s, in);
    }
    out->signature = r;
    if (r.end == r.start || !memchr("epadfitc", s[r.start], 8)) {
        core_sig_parse(s, r, &out->sig);
        return;
    }
    for (int k = 0; sig_keywords[k];) {
        size_t n = strlen(sig_keywords[k]);
        if (r.end - r.start > n && memcmp(s + r.start, sig_keywords[k], n) == 0) {
            r = trim(s, r.start + (uint32_t)n, r.end);
            k = 0; /* `export async function` */
            continue;
        }
        k++;
    }
    core_sig_parse(s, r, &out->sig);
}

/* A byte that may stand right before or after a commit hash: white space and punctuation, not a path's `/`. */
static const unsigned char hash_edges[256] = {
    [' '] = 1, ['\t'] = 1, ['\f'] = 1, ['\v'] = 1, ['`'] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1,
    [','] = 1, [';'] = 1, [':'] = 1, ['"'] = 1, ['\''] = 1, ['@'] = 1, ['#'] = 1,
};

static int hash_edge(unsigned char c)
{
    return hash_edges[c];
}

/* The first commit hash in [a, b): `3f2a9c1`, `(commit 3f2a9c1e…)`, `` `abc1234` ``; never part of a path or a word. */
static void parse_commit(const char *s, uint32_t a, uint32_t b, CoreLineInfo *out)
{
    for (uint32_t i = a; i < b;) {
        uint32_t j = i, digits = 0, letters = 0;
        while (j < b && ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f'))) {
            digits += s[j] <= '9';
            letters += s[j] >= 'a';
            j++;
        }
        bool before = i == a || hash_edge((unsigned char)s[i - 1]);
        bool after = j == b || hash_edge((unsigned char)s[j]) ||
                     ((s[j] == '.' || s[j] == '!' || s[j] == '?') && (j + 1 == b || core_is_space((unsigned char)s[j + 1])));
        if (before && after && j - i >= 7 && j - i <= 40 && digits && letters) {
            out->flags |= CORE_LINE_F_COMMIT;
            out->commit = (CoreSpan){i, j};
            return;
        }
        i = j > i ? j : i + 1;
        while (i < b && !hash_edge((unsigned char)s[i - 1]))
            i++; /* to the next word's start */
    }
}


/* ---------------------------------------------------------------- the logs' line shapes */

static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Two digits at s[i] (i + 2 <= b) as a number, or -1. */
static int two_digits(const char *s, uint32_t i, uint32_t b)
{
    return i + 2 <= b && is_digit((unsigned char)s[i]) && is_digit((unsigned char)s[i + 1]) ? (s[i] - '0') * 10 + s[i + 1] - '0'
                                                                                       : -1;
}

/* A date at s[i]: `YYYY-MM-DD` or `YYYY/MM/DD` with a plausible month and day; returns its end or i. */
static uint32_t date_at(const char *s, uint32_t i, uint32_t b)
{
    if (b - i < 10 || !is_digit((unsigned char)s[i]) || !is_digit((unsigned char)s[i + 1]) ||
        !is_digit((unsigned char)s[i + 2]) || !is_digit((unsigned char)s[i + 3]))
        return i;
    char sep = s[i + 4];
    if ((sep != '-' && sep != '/') || s[i + 7] != sep)
        return i;
    int month = two_digits(s, i + 5, b), day = two_digits(s, i + 8, b);
    if (month < 1 || month > 12 || day < 1 || day > 31 || (i + 10 < b && is_digit((unsigned char)s[i + 10])))
        return i;
    return i + 10;
}

bool core_date_find(const char *s, CoreSpan span, CoreSpan *out, uint64_t *key)
{
    for (uint32_t i = span.start; i + 10 <= span.end; i++) {
        if (!is_digit((unsigned char)s[i]) || (i > span.start && is_digit((unsigned char)s[i - 1])))
            continue;
        uint32_t e = date_at(s, i, span.end);
        if (e == i)
            continue;
        uint64_t k = (uint64_t)number(s, i, i + 4) * 10000 + (uint64_t)number(s, i + 5, i + 7) * 100 + number(s, i + 8, i + 10);
        uint32_t t = e;
        if (t < span.end && (s[t] == ' ' || s[t] == 'T'))
            t++;
        int hh = two_digits(s, t, span.end), mm = t + 3 <= span.end && s[t + 2] == ':' ? two_digits(s, t + 3, span.end) : -1;
        uint64_t hms = 0;
        if (hh >= 0 && hh < 24 && mm >= 0 && mm < 60) {
            e = t + 5;
            hms = (uint64_t)hh * 10000 + (uint64_t)mm * 100;
            int ss = e + 3 <= span.end && s[e] == ':' ? two_digits(s, e + 1, span.end) : -1;
            if (ss >= 0 && ss < 61) {
                hms += (uint64_t)ss;
                e += 3;
            }
        }
        *out = (CoreSpan){i, e};
        *key = k * 1000000 + hms;
        return true;
    }
    return false;
}

bool core_story_find(const char *s, CoreSpan span, CoreSpan *out)
{
    for (uint32_t i = span.start; i < span.end; i++) {
        if (!is_upper((unsigned char)s[i]) || (i > span.start && (core_is_ident((unsigned char)s[i - 1]) || s[i - 1] == '-')))
            continue;
        uint32_t j = i, letters = 0;
        while (j < span.end && (is_upper((unsigned char)s[j]) || is_digit((unsigned char)s[j]) || s[j] == '-'))
            letters += is_upper((unsigned char)s[j++]);
        /* ends in `-` and digits, holds a letter, and no word character follows */
        uint32_t d = j;
        while (d > i && is_digit((unsigned char)s[d - 1]))
            d--;
        if (letters && d < j && d > i + 1 && s[d - 1] == '-' && (j == span.end || !core_is_ident((unsigned char)s[j]))) {
            *out = (CoreSpan){i, j};
            return true;
        }
        i = j;
    }
    return false;
}

static const char *const entry_words[] = {"session", "iteration", "entry", "day", "sprint", "loop", "run", NULL};

/* The end of `Session 12` (a word of entry_words, spaces, an optional `#`, digits) at s[i], with its number; or i. */
static uint32_t numbered_at(const char *s, uint32_t i, uint32_t b, uint32_t *n)
{
    for (int k = 0; entry_words[k]; k++) {
        uint32_t w = (uint32_t)strlen(entry_words[k]);
        if (b - i <= w || !ieq(s + i, w, entry_words[k]))
            continue;
        uint32_t j = i + w;
        if (j < b && s[j] != ' ')
            return i;
        while (j < b && s[j] == ' ')
            j++;
        if (j < b && s[j] == '#')
            j++;
        uint32_t d = j;
        while (j < b && is_digit((unsigned char)s[j]) && j - d < 9)
            j++;
        if (j == d || (j < b && core_is_ident((unsigned char)s[j])))
            return i;
        *n = number(s, d, j);
        return j;
    }
    return i;
}

uint32_t core_entry_number(const char *s, CoreSpan span)
{
    uint32_t n = 0;
    numbered_at(s, span.start, span.end, &n);
    return n;
}

/* After a title's date or number: the end, or a separator (`:`, ` -`, ` —`, ` –`, ` |`, ` (`, `,`, a space then more). */
static int title_rest(const char *s, uint32_t e, uint32_t b, int any_space)
{
    if (e == b || s[e] == ':' || s[e] == ',')
        return 1;
    if (s[e] != ' ')
        return 0;
    if (any_space)
        return 1;
    uint32_t j = e;
    while (j < b && s[j] == ' ')
        j++;
    return j == b || s[j] == '-' || s[j] == '|' || s[j] == '(' || s[j] == ':' || (unsigned char)s[j] == 0xE2 || s[j] == '[';
}

/*
 * The shapes a line's first bytes decide (`content` set, BOM skipped): heading, rule, fence, conflict marker and
 * plain title. Returns true for the shapes that are never items (rule, fence, conflict): nothing else is read.
 */
static bool parse_shape(const char *s, uint32_t from, CoreLineInfo *out)
{
    uint32_t a = out->content.start, b = out->content.end;
    unsigned char c = (unsigned char)s[a];
    if (a == from && b - a >= 7 && (c == '<' || c == '>' || c == '|' || c == '=') && memchr("<>|=", c, 4)) {
        uint32_t j = a;
        while (j < b && (unsigned char)s[j] == c)
            j++;
        if (j - a == 7 && (c == '=' ? j == b : (j == b || s[j] == ' '))) {
            out->shape = c == '<' ? CORE_SHAPE_CONFLICT_OPEN : c == '|' ? CORE_SHAPE_CONFLICT_BASE
                         : c == '=' ? CORE_SHAPE_CONFLICT_MID : CORE_SHAPE_CONFLICT_CLOSE;
            return true;
        }
    }
    if ((c == '`' || c == '~') && b - a >= 3 && (unsigned char)s[a + 1] == c && (unsigned char)s[a + 2] == c) {
        out->shape = CORE_SHAPE_FENCE;
        out->level = c == '`' ? 1 : 2;
        return true;
    }
    if (c == '-' || c == '*' || c == '_') {
        uint32_t marks = 0, j = a;
        while (j < b && ((unsigned char)s[j] == c || s[j] == ' ' || s[j] == '\t'))
            marks += (unsigned char)s[j++] == c;
        if (j == b && marks >= 3) {
            out->shape = CORE_SHAPE_RULE;
            return true;
        }
    }
    if (c == '#' && out->indent <= 3) {
        uint32_t j = a;
        while (j < b && s[j] == '#')
            j++;
        if (j - a <= 6 && (j == b || core_is_space((unsigned char)s[j]))) {
            uint32_t t = j, e = b;
            while (e > t && s[e - 1] == '#')
                e--;
            if (e < b && e > t && !core_is_space((unsigned char)s[e - 1]))
                e = b; /* `## C#` keeps its `#` */
            out->shape = CORE_SHAPE_HEADING;
            out->level = (uint8_t)(j - a);
            out->title = trim(s, t, e);
            uint32_t tn = out->title.end - out->title.start;
            CoreLabel label;
            out->section = (uint8_t)core_heading_kind_of(s + out->title.start, tn, &label);
            CoreSpan d, id;
            uint64_t key;
            if (label == CORE_LABEL_PATTERNS ||
                (label == CORE_LABEL_NONE && core_story_find(s, out->title, &id) && core_date_find(s, out->title, &d, &key)))
                out->flags |= CORE_LINE_F_RALPH;
        }
        return false;
    }
    if (a != from)
        return false;
    uint32_t n = 0;
    if (c == '-' && b - a >= 7 && s[a + 1] == '-' && s[a + 2] == '-' && s[a + 3] == ' ' && s[b - 1] == '-' &&
        s[b - 2] == '-' && s[b - 3] == '-') {
        CoreSpan t = trim(s, a + 3, b - 3);
        if (t.end > t.start && s[t.start] != '-') {
            out->shape = CORE_SHAPE_TITLE;
            out->title = t;
        }
    } else if (c == '[' && date_at(s, a + 1, b) > a + 1) {
        out->shape = CORE_SHAPE_TITLE;
        out->title = out->content;
    } else if (is_digit(c) && date_at(s, a, b) > a) {
        CoreSpan d;
        uint64_t key;
        core_date_find(s, out->content, &d, &key);
        if (title_rest(s, d.end, b, 1)) {
            out->shape = CORE_SHAPE_TITLE;
            out->title = out->content;
        }
    } else if ((c | 32) >= 'a' && (c | 32) <= 'z') {
        uint32_t e = numbered_at(s, a, b, &n);
        if (e > a && title_rest(s, e, b, 0)) {
            out->shape = CORE_SHAPE_TITLE;
            out->title = out->content;
        }
    }
    return false;
}

uint32_t core_hash_bytes(const char *s, uint32_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    uint32_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, s + i, len - i);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    }
    h ^= h >> 29;
    return (uint32_t)h;
}

static uint32_t indent_width(const char *s, uint32_t end)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < end; i++)
        w += s[i] == '\t' ? 4 : 1;
    return w;
}

/* Zeroes `out` in 64-byte blocks: one memset of its ~200 bytes compiles to `rep stos`, whose start-up took an eighth
   of a whole parse of a log of short lines (perf on bench_core's Ralph log); blocks of 64 compile to vector stores. */
static void info_clear(CoreLineInfo *out)
{
    char *p = (char *)out;
    for (size_t i = 0; i + 64 <= sizeof *out; i += 64)
        memset(p + i, 0, 64);
    memset(p + sizeof *out / 64 * 64, 0, sizeof *out % 64);
}

void core_line_head(const char *s, uint32_t len, CoreLineInfo *out)
{
    info_clear(out);
    /* A UTF-8 byte order mark (Windows editors write one before the first line) is read as nothing. */
    uint32_t from = len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF ? 3 : 0;
    out->content = trim(s, from, len);
    if (out->content.start == out->content.end) {
        out->content = (CoreSpan){0, 0};
        out->kind = CORE_LINE_BLANK;
        return;
    }
    uint32_t a = out->content.start, b = out->content.end;
    out->indent = indent_width(s + from, a - from);
    out->kind = CORE_LINE_TEXT;
    out->text = out->content;
    if (parse_shape(s, from, out)) {
        out->item = out->content;
        return;
    }
    if (s[a] == '=')
        out->flags |= CORE_LINE_F_EQUALS;
    if (b - a >= 2 && s[a] == '=' && s[a + 1] == '=') {
        parse_header(s, out);
        if (out->kind == CORE_LINE_HEADER || (out->flags & CORE_LINE_F_MALFORMED_HEADER) || out->shape)
            return;
    }
    out->kind = CORE_LINE_TEXT;
    out->text = out->content;

    /* Bullets and marks in any order (`- [x] ✅ 1. a.py` reads as well as it can): the first of each kind counts. */
    uint32_t i = a;
    for (int round = 0; round < 4 && i < b; round++) {
        uint8_t k = 0;
        uint32_t e = bullet_at(s, i, b, &k);
        if (e == i) {
            e = mark_at(s, i, b, &k);
            if (e == i)
                break;
            if (!out->mark) {
                out->mark = k;
                out->mark_span = (CoreSpan){i, e};
            }
        } else if (round == 0) {
            out->bullet = k;
            out->bullet_span = (CoreSpan){i, e};
            out->flags |= CORE_LINE_F_BULLET;
            out->text = trim(s, e, b);
        }
        i = trim(s, e, b).start;
    }
    uint32_t end = b;
    if (!out->mark) {
        uint8_t m = 0;
        end = trailing_mark(s, i, b, &m);
        if (end < b) {
            out->mark = m;
            out->mark_span = (CoreSpan){end, trim(s, end, b).end};
            end = trim(s, i, end).end;
        }
    }
    out->item = (CoreSpan){i, end};
    if (ieq(s + i, end - i, "none") || ieq(s + i, end - i, "none."))
        out->flags |= CORE_LINE_F_NONE;

    parse_key(s, out);
    parse_group(s, out);
    if ((out->flags & CORE_LINE_F_GROUP) && (s[out->label.start] | 32) == 'l' &&
        core_label_of(s + out->label.start, out->label.end - out->label.start) == CORE_LABEL_LEARNINGS)
        out->flags |= CORE_LINE_F_RALPH;
}

void core_line_parse(const char *s, uint32_t len, CoreLineInfo *out)
{
    core_line_parse_parts(s, len, CORE_PARSE_PATHS | CORE_PARSE_SIGNATURE, out);
}

void core_line_parse_parts(const char *s, uint32_t len, unsigned parts, CoreLineInfo *out)
{
    core_line_head(s, len, out);
    if (out->kind != CORE_LINE_TEXT || (out->flags & CORE_LINE_F_MALFORMED_HEADER))
        return;
    uint32_t i = out->item.start, end = out->item.end;
    parse_annotation(s, i, find_comment(s, i, end, out), out);
    parse_strike(s, out);
    parse_placeholder(s, i, end, out);
    parse_commit(s, i, end, out);

    CorePathRef ref;
    uint32_t next, colon;
    if ((parts & CORE_PARSE_PATHS) && out->body.end > out->body.start && path_token(s, out->body.start, out->body.end, &ref, &next, &colon, 0)) {
        if (s[out->body.start] == '`' && next > out->body.start + 1 && s[next - 1] == '`')
            out->flags |= CORE_LINE_F_BACKTICKS;
        out->path = (CoreSpan){ref.path.start.col, ref.path.end.col};
        if (ref.has_location) {
            out->flags |= CORE_LINE_F_LOCATION;
            out->location = (CoreSpan){ref.location.start.col, ref.location.end.col};
            out->loc_line = ref.loc_line;
            out->loc_col = ref.loc_col;
        }
        if (colon) {
            out->flags |= CORE_LINE_F_PATH_COLON;
            out->path_colon = colon;
        }
        uint32_t n = (out->flags & CORE_LINE_F_BACKTICKS) ? core_line_paths(s, out, NULL, 0, 0) : 1;
        out->path_count = (uint8_t)(n > 255 ? 255 : n);
    }
    if (parts & CORE_PARSE_SIGNATURE)
        parse_signature(s, out);
}

/* For each byte: the closer it opens, or 1 when it is itself a closer, or 0 — one load per byte on the hot path. */
static const unsigned char bracket[256] = {
    ['('] = ')', ['['] = ']', ['{'] = '}', ['<'] = '>', [')'] = 1, [']'] = 1, ['}'] = 1, ['>'] = 1,
};

/* Brackets must nest; `->` and `=>` are arrows, not angle brackets. */
static int unbalanced(const char *s, CoreSpan body)
{
    char stack[64];
    int depth = 0;
    for (uint32_t i = body.start; i < body.end; i++) {
        unsigned char c = (unsigned char)s[i], b = bracket[c];
        if (!b)
            continue;
        if (b > 1) {
            if (depth == (int)sizeof stack)
                return 1;
            stack[depth++] = (char)b;
            continue;
        }
        if (c == '>' && i > body.start && (s[i - 1] == '-' || s[i - 1] == '='))
            continue;
        if (depth == 0 || stack[depth - 1] != (char)c)
            return 1;
        depth--;
    }
    return depth != 0;
}

void core_sig_parse(const char *s, CoreSpan body, CoreSig *out)
{
    memset(out, 0, sizeof *out);
    uint32_t i = body.start, b = body.end;
    while (i < b && (core_is_ident((unsigned char)s[i]) || s[i] == '.' ||
                     (s[i] == ':' && i + 1 < b && s[i + 1] == ':') || (s[i] == ':' && i > body.start && s[i - 1] == ':')))
        i++;
    out->name = (CoreSpan){body.start, i};
    out->unbalanced = unbalanced(s, body);
    if (i < b && s[i] == '(') {
        int depth = 0;
        uint32_t j = i;
        for (; j < b; j++) {
            if (s[j] == '(')
                depth++;
            else if (s[j] == ')' && --depth == 0)
                break;
        }
        out->has_params = 1;
        out->params = trim(s, i + 1, j < b ? j : b);
        i = j < b ? j + 1 : b;
    }
    while (i < b && core_is_space((unsigned char)s[i]))
        i++;
    if (i + 1 < b && s[i] == '-' && s[i + 1] == '>')
        out->ret = trim(s, i + 2, b);
    else if (i < b && s[i] == ':')
        out->ret = trim(s, i + 1, b);
    else
        out->ret = (CoreSpan){b, b};
}
