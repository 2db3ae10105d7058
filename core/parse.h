/* parse.h — private: the classification of one line, a pure function of its bytes: the one home of the line grammar. */
#ifndef CORE_PARSE_H
#define CORE_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "progress/core.h"

/* A byte span [start, end) inside one line's content. */
typedef struct {
    uint32_t start;
    uint32_t end;
} CoreSpan;

typedef enum {
    CORE_LINE_BLANK = 0,
    CORE_LINE_HEADER,     /* `=== Name ===`: `text` is the name */
    CORE_LINE_TEXT,       /* anything else, including a malformed header (CORE_LINE_F_MALFORMED_HEADER) */
} CoreLineKind;

enum {
    CORE_LINE_F_BULLET = 1 << 0,           /* any CoreBullet (also a lone `-`/`*`/`+`) */
    CORE_LINE_F_KEY = 1 << 1,              /* `key` / `value` are set (also `- Key: v`, `**Key:** v`, `**Key**: v`) */
    CORE_LINE_F_ANNOTATION = 1 << 2,       /* a trailing ` (…)` before any comment */
    CORE_LINE_F_PLACEHOLDER = 1 << 3,      /* a `[…]` template placeholder (never a mark) */
    CORE_LINE_F_NONE = 1 << 4,             /* the item's text is the word `None` */
    CORE_LINE_F_MALFORMED_HEADER = 1 << 5, /* starts with `==` but is not `=== Name ===` */
    CORE_LINE_F_GROUP = 1 << 6,            /* ends in `:` (or `:**`) and its first word has no path shape */
    CORE_LINE_F_COMMENT = 1 << 7,          /* a ` — `, ` – ` or ` - ` comment: `comment_sep`, `comment` */
    CORE_LINE_F_PATH_COLON = 1 << 8,       /* the first token ends in `: ` (a Files item's comment): `path_colon` */
    CORE_LINE_F_LOCATION = 1 << 9,         /* the first path ends in `:LINE`, `:LINE:COL` or `#L12`: `location` */
    CORE_LINE_F_BACKTICKS = 1 << 10,       /* the body starts with a backticked token */
    CORE_LINE_F_EQUALS = 1 << 11,          /* the content starts with `=` */
    CORE_LINE_F_COMMIT = 1 << 12,          /* a word of the item is a commit hash: `commit` */
    CORE_LINE_F_TEMPLATE = 1 << 13,        /* a header (or malformed one) naming a template section, or close to one */
    CORE_LINE_F_RALPH = 1 << 14,           /* a Ralph log's own line: `## Codebase Patterns`, `## <date> - <story id>`,
                                              `Learnings for future iterations:` */
};

/*
 * What a line is shaped as beyond the template's grammar, from its bytes alone (core_line_head): whether a
 * heading or title starts a block depends on the document's dialect and on code fences, which the model decides.
 * RULE, FENCE and the conflict markers are never items: core_line_head reads nothing else of them.
 */
enum {
    CORE_SHAPE_NONE = 0,
    CORE_SHAPE_HEADING,        /* `## Title`: `level` 1 to 6, `title` without the `#`s */
    CORE_SHAPE_TITLE,          /* a plain log entry's title at column 0: `--- Session 4: x ---`, `[2026-03-01 10:00] x`,
                                  `Session 4: x`, `ITERATION 12 - x`, `2026-03-01: x` */
    CORE_SHAPE_RULE,           /* `---`, `***`, `___`, `=====`, `- - -`: three or more of one mark alone */
    CORE_SHAPE_FENCE,          /* three or more backticks or tildes: a code block opens or closes (`level` 1 or 2) */
    CORE_SHAPE_CONFLICT_OPEN,  /* `<<<<<<< HEAD` at column 0 */
    CORE_SHAPE_CONFLICT_BASE,  /* `||||||| base` (diff3) */
    CORE_SHAPE_CONFLICT_MID,   /* `=======` exactly */
    CORE_SHAPE_CONFLICT_CLOSE, /* `>>>>>>> branch` */
};

/* The flags core_line_head decides: the only ones a CoreLineHead holds. */
#define CORE_LINE_F_HEAD                                                                                      \
    (CORE_LINE_F_BULLET | CORE_LINE_F_KEY | CORE_LINE_F_NONE | CORE_LINE_F_MALFORMED_HEADER | CORE_LINE_F_GROUP | \
     CORE_LINE_F_EQUALS | CORE_LINE_F_TEMPLATE | CORE_LINE_F_RALPH)

/* Where a line stands in its list, set by the model (model.c) from the lines above it: not a pure function of its bytes. */
enum {
    CORE_ROLE_NONE = 0, /* blank, header */
    CORE_ROLE_TOP,      /* an item, field or text line at the list's own level */
    CORE_ROLE_GROUP,    /* a group label (CORE_LINE_F_GROUP at the list's level) */
    CORE_ROLE_DETAIL,   /* deeper than the TOP line above it: a detail of that line */
};

/* An interface signature: `name(params) -> ret`, `name(params): ret` or `name: type`. */
typedef struct {
    CoreSpan name, params, ret;
    uint8_t has_params;
    uint8_t unbalanced; /* (), [], {} or <> do not pair up */
} CoreSig;

typedef struct {
    uint8_t kind;        /* CoreLineKind */
    uint8_t section;     /* HEADER: the CoreSectionKind of the name; HEADING: of its title (core_heading_section) */
    uint8_t shape;       /* CORE_SHAPE_* */
    uint8_t level;       /* HEADING: 1 to 6; FENCE: 1 backticks, 2 tildes */
    CoreSpan title;      /* HEADING and TITLE: the title (HEADING: without its `#`s) */
    uint8_t bullet;      /* CoreBullet */
    uint8_t mark;        /* CoreMark: the first mark */
    uint16_t flags;
    uint8_t role;        /* CORE_ROLE_*, owned by the model (core_doc_line_parse sets it) */
    uint8_t path_count;  /* paths of the body (several backticked ones separated by commas), at most 255 */
    uint32_t indent;     /* width of the leading white space, a tab counting 4 */
    CoreSpan content;    /* the line without surrounding spaces and tabs */
    CoreSpan text;       /* content minus bullet; HEADER: the name; MALFORMED: the name inside the `=`s */
    CoreSpan bullet_span, mark_span, mark_close;
    CoreSpan item;       /* text minus bullets and marks (and a trailing mark): what the item says; HEADER and
                            malformed headers: what lies between the runs of `=` */
    CoreSpan key, value; /* `key: value` split at the first colon, both trimmed */
    CoreSpan annotation; /* the trailing `(…)`, parentheses included */
    CoreSpan body;       /* item minus annotation and comment, trimmed; inside `~~…~~` when struck through */
    CoreSpan comment_sep, comment;
    CoreSpan placeholder;
    CoreSpan commit;     /* the first word of 7 to 40 lowercase hex digits with a digit and a letter */
    CoreSpan path;       /* the body's first token read as a path (see core_line_paths) */
    CoreSpan location;
    uint32_t path_colon; /* F_PATH_COLON: the offset of that `:` */
    uint32_t loc_line, loc_col;
    CoreSpan label;      /* F_GROUP: the label without `:` and `**` */
    CoreSpan signature;  /* the body read as a signature: inside backticks, keyword included */
    CoreSig sig;         /* `signature` after its keyword, for whichever section turns out to want it */
} CoreLineInfo;

/*
 * What the model keeps of each line (text.h): the head of its classification — enough for the section list,
 * the roles and the loops that only ask a line's kind — 8 bytes instead of CoreLineInfo's ~180. The spans are
 * read again, by core_line_parse of the one line, when an analysis asks for them (core_doc_entry).
 */
typedef struct {
    uint16_t indent; /* `indent`, at most CORE_HEAD_INDENT_MAX: deeper lines all count as that deep for roles */
    uint16_t flags;  /* CORE_LINE_F_HEAD bits */
    uint8_t kind;    /* CoreLineKind */
    uint8_t section; /* HEADER: CoreSectionKind */
    uint8_t bullet;  /* CoreBullet */
    uint8_t role;    /* CORE_ROLE_*, set by the model */
    uint8_t shape;   /* CORE_SHAPE_* */
    uint8_t level;   /* `level`; the bits of CORE_HEAD_FENCED are the model's */
} CoreLineHead;

/* In CoreLineHead.level, set by the model: the line lies inside a code block opened by backticks (0x40) or tildes (0x80). */
#define CORE_HEAD_FENCED 0xC0

#define CORE_HEAD_INDENT_MAX UINT16_MAX

/* A multiply-xorshift hash of `len` bytes at `s` (borrowed), eight bytes at a time. */
uint32_t core_hash_bytes(const char *s, uint32_t len);

/* Classifies the line `s` (`len` bytes, no terminator, borrowed) into `out` (role left CORE_ROLE_NONE). */
void core_line_parse(const char *s, uint32_t len, CoreLineInfo *out);

/* The parts of core_line_parse that only some sections read, for core_line_parse_parts. */
enum {
    CORE_PARSE_PATHS = 1 << 0,     /* path, location, path_colon, path_count (and their flags): Files sections */
    CORE_PARSE_SIGNATURE = 1 << 1, /* signature, sig: Interfaces Defined */
};

/* core_line_parse without the `parts` not asked for: their spans and flags are left empty. */
void core_line_parse_parts(const char *s, uint32_t len, unsigned parts, CoreLineInfo *out);

/*
 * The first part of core_line_parse alone, what a CoreLineHead holds: kind, section, indent, bullet, the
 * CORE_LINE_F_HEAD flags, and the spans they are read from (content, text, item, key, value, label,
 * bullet_span, a leading or trailing mark). The other spans are left empty.
 */
void core_line_head(const char *s, uint32_t len, CoreLineInfo *out);

/*
 * The paths of the line's body (`in` from core_line_parse of the same `s`): the first token, and when it
 * is backticked, each further backticked token after a comma. Writes up to `max` to `out`; returns the count.
 */
uint32_t core_line_paths(const char *s, const CoreLineInfo *in, CorePathRef *out, uint32_t max, uint32_t line);

/* Reads `body` of line `s` as an interface signature: `name(params) -> ret`, `name(params): ret`, `name: type`. */
void core_sig_parse(const char *s, CoreSpan body, CoreSig *out);

/*
 * A date in s[span): `2026-03-01` or `2026/03/01`, optionally followed by a time `10:42` or `10:42:07` (after a space
 * or `T`). Returns true with its bytes in *out and *key = YYYYMMDDhhmmss (comparable; 0 for an absent time).
 */
bool core_date_find(const char *s, CoreSpan span, CoreSpan *out, uint64_t *key);

/* A story or issue id in s[span): `US-001`, `PIPE-METRIC-01`, `[T-12]`: capitals and digits joined by `-`, ending in digits. */
bool core_story_find(const char *s, CoreSpan span, CoreSpan *out);

/* The number after `Session`, `Iteration`, `Entry`, `Day`, `Sprint`, `Loop`, `Run` at the start of s[span) (`Session 12`); 0 if none. */
uint32_t core_entry_number(const char *s, CoreSpan span);

/*
 * The paths named in s[span) of any line (a log's `Files changed: a.py, b.py`, `` - `src/a.py` — why ``): every
 * backticked token with a path shape, or when there is none every word holding `/` or ending in `.ext` (URLs and
 * `e.g.` excepted). Writes up to `max` to `out`; returns the count.
 */
uint32_t core_line_path_words(const char *s, CoreSpan span, CorePathRef *out, uint32_t max, uint32_t line);

/*
 * The first `<…>` slot of a stub in s[a, b) (`<story id>`, `<date>`, `<N>`): not after a word character (`Vec<T>`),
 * not inside backticks, not an HTML tag; `*start`, `*end` its bytes, `<` and `>` included. False when there is none.
 */
bool core_line_slot(const char *s, uint32_t a, uint32_t b, uint32_t *start, uint32_t *end);

/* `span` without the spaces and tabs around it. */
CoreSpan core_span_trim(const char *s, CoreSpan span);

/* True for bytes that continue an identifier: letters, digits, `_`, and any non-ASCII byte. */
static inline int core_is_ident(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static inline int core_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

#endif
