/* progress/format.h — the formatter's public API: canonical layout of a progress file as a list of edits. */
#ifndef PROGRESS_FORMAT_H
#define PROGRESS_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progress/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The bullet every unordered list item of a section gets. */
typedef enum {
    CORE_BULLET_STYLE_MAJORITY = 0, /* the section's most used bullet (the first one used on a tie) */
    CORE_BULLET_STYLE_DASH,         /* `-` */
    CORE_BULLET_STYLE_STAR,         /* `*` */
    CORE_BULLET_STYLE_PLUS,         /* `+` */
    CORE_BULLET_STYLE_COUNT
} CoreBulletStyle;

typedef struct {
    CoreBulletStyle bullet;
    bool keep_trailing_spaces;  /* LSP's trimTrailingWhitespace: false */
    bool keep_final_blank_lines;/* LSP's trimFinalNewlines: false */
    bool no_final_newline;      /* LSP's insertFinalNewline: false (a missing final newline is not added) */
} CoreFormatOptions;

/* Fills `opts` with the defaults: majority bullets, trailing spaces and final blank lines trimmed, a final newline. */
void core_format_options_init(CoreFormatOptions *opts);

/* The style named `name` (borrowed, `len` bytes): "majority", "-" / "dash", "*" / "star"; -1 otherwise. */
int core_bullet_style_of(const char *name, size_t len);

typedef struct {
    CoreEdit *items; /* non-overlapping, in document order */
    size_t count;
} CoreEditList;

void core_edit_list_free(CoreEditList *list);

/*
 * The edits that give lines [first_line, last_line] (clamped to the document) their canonical layout:
 * `=== Name ===` headers with a known section's spelling, one blank line before each header and none
 * after it, runs of blank lines inside a section collapsed to one, no blank lines at the start or end
 * of the file, one final newline, no trailing spaces, one space after a bullet and after a field's
 * colon, and the section's bullet style. Only layout changes: the words of every line, its indentation
 * and its terminator stay, and the model of the result equals the model of the input. A document with
 * no section header at all is not in progress format and gets no edits. `opts` may be NULL for the
 * defaults. Caller frees `out` with core_edit_list_free.
 */
int core_format(const CoreDoc *doc, const CoreFormatOptions *opts, uint32_t first_line, uint32_t last_line,
                CoreEditList *out);

/*
 * What pressing Enter did at byte position `pos` (the start of the new line) should add: after a list
 * item the new line continues its indentation, bullet and status mark (an ordered item's number goes up
 * by one); Enter on an item with nothing after its bullet ends the list instead, removing that bullet.
 * Nothing otherwise, and nothing for a document that is not in progress format. Caller frees `out`.
 */
int core_format_on_enter(const CoreDoc *doc, CorePos pos, CoreEditList *out);

#ifdef __cplusplus
}
#endif
#endif
