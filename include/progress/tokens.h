/* progress/tokens.h — semantic tokens: what each span of a line is, for editors to colour, line by line. */
#ifndef PROGRESS_TOKENS_H
#define PROGRESS_TOKENS_H

#include <stdint.h>

#include "progress/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Token types, in legend order (core_token_type_name gives the legend's names). */
typedef enum {
    CORE_TOKEN_HEADER = 0,   /* the `===` marks of a section header */
    CORE_TOKEN_SECTION,      /* a header's section name */
    CORE_TOKEN_FIELD_KEY,    /* `Next task` in Session State */
    CORE_TOKEN_LEVEL,        /* the Complexity level's value */
    CORE_TOKEN_PHASE,        /* the numbers of `Current phase: X of Y` */
    CORE_TOKEN_PATH,         /* a file path (Files Modified / To Modify) */
    CORE_TOKEN_ANNOTATION,   /* `(create)`, `(reason: …)` */
    CORE_TOKEN_INTERFACE,    /* an interface's name where Interfaces Defined defines it */
    CORE_TOKEN_COMMIT,       /* a commit hash */
    CORE_TOKEN_PLACEHOLDER,  /* a template `[…]` not filled in */
    CORE_TOKEN_MARK,         /* a status mark: `[ ]`, `[x]`, ✅, ❌ */
    CORE_TOKEN_DATE,         /* a log entry's date in its title: `2026-11-30 10:42` */
    CORE_TOKEN_STORY,        /* a story or issue id in a log entry's title: `US-001` */
    CORE_TOKEN_TYPE_COUNT
} CoreTokenType;

/* Token modifiers: bits, in legend order. */
enum {
    CORE_TOKEN_MOD_DONE = 1 << 0,        /* a checked mark, a path already modified */
    CORE_TOKEN_MOD_OPEN = 1 << 1,        /* an unchecked mark, a path still to modify */
    CORE_TOKEN_MOD_MISSING = 1 << 2,     /* a field without a value, a placeholder */
    CORE_TOKEN_MOD_DEPRECATED = 1 << 3,  /* a section or field name the template does not know */
    CORE_TOKEN_MOD_DECLARATION = 1 << 4, /* an interface name where it is defined */
    CORE_TOKEN_MOD_COUNT = 5
};

/* The legend's name of a type or of modifier bit `bit` (0-based); NULL past the end. */
const char *core_token_type_name(CoreTokenType type);
const char *core_token_modifier_name(uint32_t bit);

/* One token on one line: bytes [col, col + len) of the line's content. */
typedef struct {
    uint32_t col;
    uint32_t len;
    uint16_t type; /* CoreTokenType */
    uint16_t mods; /* CORE_TOKEN_MOD_* bits */
} CoreToken;

/* The most tokens one line has. */
#define CORE_LINE_TOKENS_MAX 16

/*
 * The tokens of `line` into `out` (room for CORE_LINE_TOKENS_MAX), in column order, non-empty and not
 * overlapping. They depend only on the line's own spans and on the kind of its section, so a line
 * whose stamp and section kind did not change has the same tokens. Returns their number (0 past the end).
 */
uint32_t core_line_tokens(const CoreDoc *doc, uint32_t line, CoreToken *out);

/*
 * A number the model gives `line` each time it reads the line anew (after any edit touching it): equal
 * stamps of a document's line mean the same line, unchanged. 0 past the end. Stamps start again in a
 * new document.
 */
uint32_t core_doc_line_stamp(const CoreDoc *doc, uint32_t line);
/*
 * The highest stamp among lines [first, end) (0 when none): with the stamps of the first and the last line, what
 * tells that a run of lines is the same as when it was read — stamps are unique and only grow, an edited line gets
 * a new one and lines keep their order, so the same first and last line, the same count and nothing newer between
 * is the same lines.
 */
uint32_t core_doc_max_stamp(const CoreDoc *doc, uint32_t first, uint32_t end);
/* The last stamp handed out in `doc`: every line edited or read anew later gets a higher one. */
uint32_t core_doc_last_stamp(const CoreDoc *doc);
/* Whether any line has a stamp above `stamp` (changed since core_doc_last_stamp gave it); the first and the last
   such line into `*first` and `*last`. One pass over the lines' stamps. */
bool core_doc_newer_lines(const CoreDoc *doc, uint32_t stamp, uint32_t *first, uint32_t *last);

#ifdef __cplusplus
}
#endif
#endif
