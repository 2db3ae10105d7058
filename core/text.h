/* text.h — private: a document's lines and the UTF-8/UTF-16/UTF-32 position arithmetic over them. */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "progress/array.h"
#include "progress/core.h"

enum { CORE_EOL_NONE = 0, CORE_EOL_LF, CORE_EOL_CRLF, CORE_EOL_CR };

/*
 * One line: its bytes (no terminator) and the head of the model's classification of them, in a single
 * allocation: 24 bytes before the text (+ the pointer to it and the rounding to 4) — the per-line cost of the model.
 */
typedef struct {
    uint32_t len;
    uint32_t cap;  /* bytes `bytes` can hold: a keystroke inside the line is done in place while it fits */
    uint32_t stamp; /* set by the model each time the line is classified: equal stamps, same line (tokens.h) */
    CoreLineHead head;
    uint8_t eol;   /* CORE_EOL_* */
    uint8_t ascii; /* all bytes < 0x80: every encoding's column is the byte offset */
    char bytes[];
} CoreTextLine;

typedef Array(CoreTextLine *) CoreTextLines;

typedef struct {
    CoreTextLines lines; /* never empty */
    size_t length;       /* bytes, terminators included */
    char *block;         /* the initial parse's lines, in one allocation (text.c's line_free knows) */
    size_t block_size;
} CoreText;

/* What an edit replaced: lines [first, first + old_count) became [first, first + new_count). */
typedef struct {
    uint32_t first;
    uint32_t old_count;
    uint32_t new_count;
} CoreTextChange;

/* Splits `text` (borrowed) into lines. The lines' `head` is left for the caller to fill (core_line_head). */
void core_text_init(CoreText *t, const char *text, size_t len);
/* The same, taking `text` (malloc'd, `len` bytes): it grows into the lines' block, owned by `t`. */
void core_text_init_take(CoreText *t, char *text, size_t len);
void core_text_destroy(CoreText *t);

/* Replaces the byte range [start, end) (positions already clamped, start <= end) with `text` (borrowed). */
CoreTextChange core_text_replace(CoreText *t, CorePos start, CorePos end, const char *text, size_t len);

/* Clamps `pos` (in `enc` units) to the text and converts it to bytes. */
CorePos core_text_pos_from(const CoreText *t, CoreEncoding enc, CorePos pos);
/* Clamps the byte position `pos` and converts it to `enc` units. */
CorePos core_text_pos_to(const CoreText *t, CoreEncoding enc, CorePos pos);

/* Length in bytes of the character starting at `s[i]` (1 for a byte that starts no valid UTF-8 sequence). */
uint32_t core_utf8_char_len(const unsigned char *s, uint32_t i, uint32_t len, uint32_t *codepoint);

#endif
