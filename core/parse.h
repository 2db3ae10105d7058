/* parse.h — private: the classification of one line, a pure function of its bytes. */
#ifndef CORE_PARSE_H
#define CORE_PARSE_H

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
    CORE_LINE_F_BULLET = 1 << 0,           /* `- ` or `* ` (or a lone `-`/`*`) */
    CORE_LINE_F_KEY = 1 << 1,              /* `key` / `value` are set */
    CORE_LINE_F_ANNOTATION = 1 << 2,       /* a trailing ` (…)` */
    CORE_LINE_F_PLACEHOLDER = 1 << 3,      /* a `[…]` template placeholder */
    CORE_LINE_F_NONE = 1 << 4,             /* the text is the word `None` */
    CORE_LINE_F_MALFORMED_HEADER = 1 << 5, /* starts with `==` but is not `=== Name ===` */
};

/* An interface signature: `name(params) -> ret`, `name(params): ret` or `name: type`. */
typedef struct {
    CoreSpan name, params, ret;
    uint8_t has_params;
    uint8_t unbalanced; /* (), [], {} or <> do not pair up */
} CoreSig;

typedef struct {
    uint8_t kind;        /* CoreLineKind */
    uint8_t section;     /* HEADER: the CoreSectionKind of the name */
    uint16_t flags;
    CoreSpan content;    /* the line without surrounding spaces and tabs */
    CoreSpan text;       /* content minus bullet; HEADER: the name; MALFORMED: the name inside the `=`s */
    CoreSpan key, value; /* `key: value` split at the first colon, both trimmed */
    CoreSpan annotation; /* the trailing `(…)`, parentheses included */
    CoreSpan body;       /* text minus annotation, trimmed */
    CoreSpan placeholder;
    CoreSig sig;         /* `body` read as a signature, for whichever section turns out to want it */
    uint32_t word_end;   /* the end of the body's first word (a Files item's path) */
    uint32_t body_hash;  /* core_hash_bytes of `body`, and of its first word: duplicate checks run after */
    uint32_t word_hash;  /* every keystroke and compare hashes before bytes */
} CoreLineInfo;

/* A multiply-xorshift hash of `len` bytes at `s` (borrowed), eight bytes at a time. */
uint32_t core_hash_bytes(const char *s, uint32_t len);

/* Classifies the line `s` (`len` bytes, no terminator, borrowed) into `out`. */
void core_line_parse(const char *s, uint32_t len, CoreLineInfo *out);


/* Reads `body` of line `s` as an interface signature: `name(params) -> ret`, `name(params): ret`, `name: type`. */
void core_sig_parse(const char *s, CoreSpan body, CoreSig *out);

/* True for bytes that continue an identifier: letters, digits, `_`, and any non-ASCII byte. */
static inline int core_is_ident(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

#endif
