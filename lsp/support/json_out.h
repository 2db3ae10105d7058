/* json_out.h — a direct JSON writer for the large answers (outlines, folding ranges, diagnostics). */
#ifndef LSP_JSON_OUT_H
#define LSP_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Writes compact JSON into a growable buffer, placing commas itself: after a value or a container's
 * end the next value or key gets one. Building a jansson tree for a 10,000-symbol outline and dumping
 * it costs ~50x more than writing the same bytes here (docs/performance.md), so big answers use this
 * and small ones use jansson. Zero-initialise or lsp_out_init to start; `data` is owned by the writer.
 *
 * Two levels: the lsp_out_* calls place commas and grow the buffer on each value; a hot loop instead
 * reserves the worst case of a whole record once (lsp_out_reserve), writes it with the lsp_out_at_*
 * writers, which take and return a cursor and never check room, and commits the cursor
 * (lsp_out_commit). Everything on that path is inline: no function call per value.
 */
/*
 * JSON text shared by reference (e.g. a section of an outline kept between requests): immutable once made, freed
 * when the last holder releases it. A writer splices a piece in without copying it (lsp_out_splice); the transport
 * writes it from where it is and releases it once written.
 */
typedef struct {
    size_t refs;
    size_t len;
    char bytes[];
} LspOutPiece;

/* Bytes [off, off + len) of a piece, going before byte `at` of the writer's own bytes. */
typedef struct {
    size_t at;
    LspOutPiece *piece; /* one reference, owned */
    size_t off, len;
} LspOutSplice;

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool comma; /* the next key or value needs a ',' first */
    LspOutSplice *splices; /* owned: pieces written by reference, by ascending `at` (NULL: none) */
    size_t splice_count, splice_cap;
    size_t spliced; /* their bytes: the JSON text is len + spliced bytes */
    size_t fixed;   /* own bytes before this stay where they are: a splice never extends over them */
} LspOut;

/* A piece holding a copy of `len` bytes, with one reference (the caller's). */
LspOutPiece *lsp_out_piece_new(const char *bytes, size_t len);
/* Another reference to `p` (returned). */
static inline LspOutPiece *lsp_out_piece_retain(LspOutPiece *p)
{
    p->refs++;
    return p;
}
/* Drops one reference; the last frees the piece. NULL is ignored. */
void lsp_out_piece_release(LspOutPiece *p);
/* Releases `count` splices' references and the array (owned). */
void lsp_out_splices_free(LspOutSplice *splices, size_t count);

/* Writes piece `p` (borrowed; a reference is taken) as the next value, by reference: nothing is copied. */
void lsp_out_splice(LspOut *o, LspOutPiece *p);
/*
 * Writes bytes [off, off + len) of piece `p` (borrowed) as the next value, by reference. A slice that continues the
 * last one spliced — the same piece, holding right after it exactly the bytes written since (and the comma due),
 * none of them before `fixed` — extends it instead: values kept side by side in one piece go out as one buffer,
 * however many they are.
 */
void lsp_out_splice_range(LspOut *o, LspOutPiece *p, size_t off, size_t len);
/*
 * Gathers the whole text written (pieces copied in) into one new piece, which then stands in the writer for all of
 * it, by reference. Returns it, borrowed from the writer: retain it to keep it. For a text whose parts are kept
 * for later answers, so that they come from one piece (and go out side by side as one buffer).
 */
LspOutPiece *lsp_out_gather(LspOut *o);
/* Copies the spliced pieces into the writer's own bytes (and releases them): `data` then holds the whole text. */
void lsp_out_flatten(LspOut *o);

void lsp_out_init(LspOut *o);
/* Starts empty on `buf` (stolen; `cap` bytes, may be NULL with cap 0), e.g. a buffer recycled from a write. */
void lsp_out_init_take(LspOut *o, char *buf, size_t cap);
void lsp_out_free(LspOut *o);
/*
 * Forgets everything written after byte `len` (a length of `data` taken earlier), with the pieces spliced at or
 * after it, and clears the comma state.
 */
void lsp_out_truncate(LspOut *o, size_t len);
/*
 * The bytes written, spliced pieces copied in (not NUL-terminated; caller frees with free()), and the buffer's
 * capacity; the writer is left empty. The server's writes take the pieces by reference instead (server.c).
 */
char *lsp_out_steal(LspOut *o, size_t *len, size_t *cap);
/* lsp_out_steal without the copy: the writer's own bytes, and its splices (owned by the caller; NULL when none). */
char *lsp_out_steal_spliced(LspOut *o, size_t *len, size_t *cap, LspOutSplice **splices, size_t *count);

/* Grows the buffer to hold `n` more bytes (the slow path of the inline writers). */
void lsp_out_grow(LspOut *o, size_t n);

/* ---------------------------------------------------------------- cursor writers (no room checks) */

/* "00".."99": integers are written two digits per step. */
extern const char lsp_out_digit_pairs[200];
/*
 * Per byte, what a string needs: 0 copied as it is, 1 the start of a UTF-8 sequence to validate, else
 * the escape letter ('n', 't', '"', ... or 'u' for \u00XX).
 */
extern const unsigned char lsp_out_escape[256];

/* Room for `n` more bytes; returns the cursor at the end of what is written. */
static inline char *lsp_out_reserve(LspOut *o, size_t n)
{
    if (o->cap - o->len < n)
        lsp_out_grow(o, n);
    return o->data + o->len;
}

/* Ends a run of cursor writes at `w` (a cursor from lsp_out_reserve); what was written is a value. */
static inline void lsp_out_commit(LspOut *o, char *w)
{
    o->len = (size_t)(w - o->data);
    o->comma = true;
}

/* Copies a string literal (no NUL): a constant-length copy compiles to a few moves. */
#define lsp_out_at_lit(w, lit) (memcpy((w), (lit), sizeof(lit) - 1), (w) + sizeof(lit) - 1)

/* Decimal `v`, at most 20 bytes. */
static inline char *lsp_out_at_uint(char *w, uint64_t v)
{
    size_t n = 1;
    for (uint64_t t = v; t >= 10; t /= 10)
        n++;
    char *end = w + n;
    char *p = end;
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        p -= 2;
        memcpy(p, lsp_out_digit_pairs + 2 * r, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, lsp_out_digit_pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    return end;
}

/* Decimal `v`, at most 20 bytes. */
static inline char *lsp_out_at_int(char *w, int64_t v)
{
    if (v < 0) {
        *w++ = '-';
        return lsp_out_at_uint(w, 0 - (uint64_t)v);
    }
    return lsp_out_at_uint(w, (uint64_t)v);
}

/* The slow path of lsp_out_at_str, from the first byte that is not plain ASCII; returns the cursor. */
char *lsp_out_at_str_rest(char *w, const unsigned char *s, size_t len);

/* Eight bytes at once: is any a control character, '"', '\\' or not ASCII? */
static inline bool lsp_out_special8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
    uint64_t found = ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | x;
    return (found & highs) != 0;
}

/*
 * A quoted string of `len` bytes (borrowed, NULs allowed), at most 6 * len + 2 bytes plus 8 of slack:
 * plain ASCII is copied eight bytes at a time; quotes, backslashes and control characters are escaped
 * from a table, and each byte that starts no valid UTF-8 sequence becomes U+FFFD, so the output is
 * always valid JSON text whatever the document holds.
 */
static inline char *lsp_out_at_str(char *w, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    *w++ = '"';
    size_t i = 0;
    for (; i + 8 <= len; i += 8, w += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        memcpy(w, &x, 8); /* copied before looking: the room is reserved, the rest overwrites it */
        if (lsp_out_special8(x))
            break;
    }
    for (; i < len && lsp_out_escape[s[i]] == 0; i++)
        *w++ = (char)s[i];
    if (i < len)
        w = lsp_out_at_str_rest(w, s + i, len - i);
    *w++ = '"';
    return w;
}

/* Worst-case room for lsp_out_at_str of `len` bytes. */
#define LSP_OUT_STR_ROOM(len) ((len) * 6 + 10)

/* ---------------------------------------------------------------- values, with commas placed */

/* Every value and key starts here: a comma if something precedes it at this level. */
static inline char *lsp_out_sep(LspOut *o, size_t n)
{
    char *w = lsp_out_reserve(o, n + 1);
    if (o->comma)
        *w++ = ',';
    return w;
}

/* An object or array opens (`{`, `[`): a comma before it if needed, none before its first member. */
static inline void lsp_out_open(LspOut *o, char bracket)
{
    char *w = lsp_out_sep(o, 1);
    *w++ = bracket;
    o->len = (size_t)(w - o->data);
    o->comma = false;
}

static inline void lsp_out_close(LspOut *o, char bracket)
{
    char *w = lsp_out_reserve(o, 1);
    *w++ = bracket;
    lsp_out_commit(o, w);
}

static inline void lsp_out_obj_begin(LspOut *o) { lsp_out_open(o, '{'); }
static inline void lsp_out_obj_end(LspOut *o) { lsp_out_close(o, '}'); }
static inline void lsp_out_arr_begin(LspOut *o) { lsp_out_open(o, '['); }
static inline void lsp_out_arr_end(LspOut *o) { lsp_out_close(o, ']'); }

/*
 * An object key. Keys are string literals needing no escaping (the macro rejects anything else at
 * compile time), so they are copied as they are, with their quotes and colon.
 */
#define lsp_out_key(o, key) lsp_out_key_literal((o), "\"" key "\":", sizeof(key) + 2)

static inline void lsp_out_key_literal(LspOut *o, const char *quoted, size_t len)
{
    char *w = lsp_out_sep(o, len);
    memcpy(w, quoted, len);
    o->len = (size_t)(w + len - o->data);
    o->comma = false;
}

static inline void lsp_out_int(LspOut *o, int64_t v)
{
    lsp_out_commit(o, lsp_out_at_int(lsp_out_sep(o, 21), v));
}

static inline void lsp_out_str(LspOut *o, const char *s, size_t len)
{
    lsp_out_commit(o, lsp_out_at_str(lsp_out_sep(o, LSP_OUT_STR_ROOM(len)), s, len));
}

static inline void lsp_out_cstr(LspOut *o, const char *s)
{
    lsp_out_str(o, s, strlen(s));
}

void lsp_out_bool(LspOut *o, bool v);
void lsp_out_null(LspOut *o);
/* A jansson value (borrowed), serialised compactly; NULL writes null. */
void lsp_out_json(LspOut *o, const json_t *v);
/* A value already written as JSON text (`len` bytes, borrowed), copied as it is. */
void lsp_out_raw(LspOut *o, const char *json, size_t len);

#endif
