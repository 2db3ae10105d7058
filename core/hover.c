/* hover.c — what is under a cursor (section, key, level, path, interface) and where an interface is mentioned. */
#include <stdlib.h>
#include <string.h>

#include "progress/array.h"
#include "progress/core.h"
#include "progress/log.h"
#include "list.h"
#include "model.h"
#include "words.h"

/* Finds the first Interfaces Defined item whose signature name is `name`; fills `def`. */
static bool find_definition(const CoreDoc *doc, const char *name, size_t len, CoreEntry *def)
{
    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection sec;
        if (core_doc_section_kind(doc, i) != CORE_SECTION_INTERFACES) /* the kept head: no parse per section */
            continue;
        core_doc_section(doc, i, &sec);
        for (uint32_t l = sec.header_line + 1; l < sec.end_line; l++) {
            core_doc_entry(doc, l, def);
            if (!def->has_signature || def->sig_name.end.col - def->sig_name.start.col != len)
                continue;
            if (memcmp(core_doc_line(doc, l, NULL) + def->sig_name.start.col, name, len) == 0)
                return true;
        }
    }
    return false;
}

/* Where a line's mentions may be: a field's value, any other non-header line's content. */
static bool mention_area(const CoreEntry *e, uint32_t *lo, uint32_t *hi)
{
    if (e->kind == CORE_ENTRY_BLANK || e->kind == CORE_ENTRY_HEADER)
        return false;
    CoreRange r = e->kind == CORE_ENTRY_FIELD ? e->value : e->content;
    *lo = r.start.col;
    *hi = r.end.col;
    return true;
}

/* The path of a Files item (any of several) that holds byte `i`, into `out`. */
static bool item_path_at(const CoreDoc *doc, const CoreEntry *e, uint32_t i, CoreRange *out)
{
    if (!e->has_path)
        return false;
    if (i >= e->path.start.col && i <= e->path.end.col) {
        *out = e->path;
        return true;
    }
    CorePathRef refs[16];
    uint32_t n = e->path_count > 1 ? core_doc_paths(doc, e->line, refs, 16) : 0;
    for (uint32_t k = 1; k < n && k < 16; k++)
        if (i >= refs[k].path.start.col && i <= refs[k].path.end.col) {
            *out = refs[k].path;
            return true;
        }
    return false;
}

/* True when byte `i` of the line is part of a path: a Files item's path, or a run holding '/'. */
static bool in_path(const CoreDoc *doc, const char *s, const CoreEntry *e, uint32_t lo, uint32_t hi, uint32_t i)
{
    CoreRange r;
    if (item_path_at(doc, e, i, &r) && i < r.end.col)
        return true;
    return core_word_has_slash(s, core_word_path(s, lo, hi, i));
}

static void set_word(CoreHover *out, const char *s, uint32_t line, CoreSpan w)
{
    out->range = (CoreRange){{line, w.start}, {line, w.end}};
    out->word = s + w.start;
    out->word_len = w.end - w.start;
}

static bool within(CoreRange r, uint32_t col)
{
    return r.end.col > r.start.col && col >= r.start.col && col <= r.end.col;
}

/* An interface name at its definition or a mention; the name may be qualified (`Auth.login`). */
static bool hover_interface(const CoreDoc *doc, const char *s, const CoreEntry *e, uint32_t lo, uint32_t hi,
                            uint32_t col, CoreHover *out)
{
    CoreSpan words[2];
    if (e->has_signature && within(e->sig_name, col)) {
        words[0] = (CoreSpan){e->sig_name.start.col, e->sig_name.end.col};
        words[1] = words[0];
    } else {
        words[0] = core_word_qualified(s, lo, hi, col);
        words[1] = core_word_ident(s, lo, hi, col);
    }
    for (int k = 0; k < 2; k++) {
        CoreEntry def;
        if (words[k].end == words[k].start ||
            !find_definition(doc, s + words[k].start, words[k].end - words[k].start, &def))
            continue;
        out->kind = CORE_HOVER_INTERFACE;
        set_word(out, s, e->line, words[k]);
        out->def_line = def.line;
        out->signature = core_doc_line(doc, def.line, NULL) + def.signature.start.col;
        out->signature_len = def.signature.end.col - def.signature.start.col;
        return true;
    }
    return false;
}

/*
 * What is under byte position `pos` (clamped to the document): a word touching the position on
 * either side counts. Fills `out` (its pointers borrowed from the document) and returns 0:
 * - SECTION on a known section's name in its header;
 * - FIELD on a known key in Session State;
 * - LEVEL on a level word in the Complexity level value;
 * - PATH on a Files Modified / Files To Modify item's path, or on any run of non-blank, non-bracket
 *   bytes holding a '/' (a path mentioned in prose);
 * - INTERFACE on the name of an Interfaces Defined item, at its definition or at a whole-word mention
 *   outside headers, keys and paths (as core_interface_refs finds them); `def_line` is the definition's
 *   line and `signature` the item's text without its annotation;
 * - NOTHING elsewhere.
 */
/* Whether `line` is the first non-blank line of the document. */
static bool first_line(const CoreDoc *doc, uint32_t line)
{
    for (uint32_t l = 0; l < line; l++) {
        size_t len;
        const char *s = core_doc_line(doc, l, &len);
        for (size_t i = 0; i < len; i++)
            if (s[i] != ' ' && s[i] != '\t' && !(l == 0 && i < 3 && (unsigned char)s[i] >= 0xBB)) /* a BOM is nothing */
                return false;
    }
    return true;
}

static int hover_at(const CoreDoc *doc, CorePos pos, CoreHover *out);

int core_hover_at(const CoreDoc *doc, CorePos pos, CoreHover *out)
{
    hover_at(doc, pos, out);
    CoreEntry e;
    if (core_doc_entry(doc, pos.line, &e) != 0 || e.kind == CORE_ENTRY_BLANK || !first_line(doc, pos.line))
        return 0;
    out->first_line = true;
    if (out->kind == CORE_HOVER_NOTHING || out->kind == CORE_HOVER_BLOCK) { /* the whole line, a BOM included */
        size_t len;
        out->word = core_doc_line(doc, pos.line, &len);
        out->word_len = len;
        out->range = (CoreRange){{pos.line, 0}, {pos.line, (uint32_t)len}};
        if (out->kind == CORE_HOVER_NOTHING)
            out->kind = CORE_HOVER_DIALECT;
    }
    return 0;
}

static int hover_at(const CoreDoc *doc, CorePos pos, CoreHover *out)
{
    memset(out, 0, sizeof *out);
    CoreEntry e;
    const char *s = core_word_line_at(doc, &pos, &e);
    uint32_t col = pos.col;

    if (e.kind == CORE_ENTRY_HEADER) {
        CoreSection sec;
        core_doc_section(doc, (uint32_t)e.section, &sec);
        if (core_doc_dialect(doc) != CORE_DIALECT_TEMPLATE) { /* a log's block: what it is read as */
            out->kind = CORE_HOVER_BLOCK;
            out->block = (uint32_t)e.section;
            out->section = sec.kind;
            set_word(out, s, pos.line, (CoreSpan){sec.header.start.col, sec.header.end.col});
        } else if (sec.kind != CORE_SECTION_UNKNOWN && within(sec.name, col)) {
            out->kind = CORE_HOVER_SECTION;
            out->section = sec.kind;
            set_word(out, s, pos.line, (CoreSpan){sec.name.start.col, sec.name.end.col});
        }
        return 0;
    }
    if (e.kind == CORE_ENTRY_FIELD && e.field != CORE_FIELD_UNKNOWN && within(e.key, col)) {
        out->kind = CORE_HOVER_FIELD;
        out->field = e.field;
        set_word(out, s, pos.line, (CoreSpan){e.key.start.col, e.key.end.col});
        return 0;
    }
    uint32_t lo, hi;
    if (!mention_area(&e, &lo, &hi) || col < lo || col > hi)
        return 0;
    if (e.kind == CORE_ENTRY_FIELD && e.field == CORE_FIELD_COMPLEXITY) {
        CoreSpan w = core_word_ident(s, lo, hi, col);
        CoreLevel level = core_level_of(s + w.start, w.end - w.start);
        if (level != CORE_LEVEL_NONE) {
            out->kind = CORE_HOVER_LEVEL;
            out->level = level;
            set_word(out, s, pos.line, w);
            return 0;
        }
    }
    CoreRange path;
    if (item_path_at(doc, &e, col, &path) && path.end.col > path.start.col) {
        out->kind = CORE_HOVER_PATH;
        set_word(out, s, pos.line, (CoreSpan){path.start.col, path.end.col});
        return 0;
    }
    CoreSpan p = core_word_path(s, lo, hi, col);
    if (core_word_has_slash(s, p)) {
        out->kind = CORE_HOVER_PATH;
        set_word(out, s, pos.line, p);
        return 0;
    }
    hover_interface(doc, s, &e, lo, hi, col, out);
    return 0;
}

/*
 * Every whole-word occurrence of interface `name` (borrowed, `len` bytes): identifier bytes may not
 * touch it on either side, and occurrences in headers, in Session State keys and inside paths (see
 * core_hover_at) do not count. The definition (the first Interfaces Defined item's name) comes
 * first, the rest in document order. Fills `out` (caller frees with core_range_list_free); returns 0,
 * with an empty list for an empty name.
 */
int core_interface_refs(const CoreDoc *doc, const char *name, size_t len, CoreRangeList *out)
{
    Array(CoreRange) refs = {0};
    out->items = NULL;
    out->count = 0;
    if (len == 0)
        return 0;
    CoreEntry def;
    bool has_def = find_definition(doc, name, len, &def);
    if (has_def)
        array_push(&refs, def.sig_name);
    uint32_t count = core_doc_line_count(doc);
    for (uint32_t l = 0; l < count; l++) {
        CoreEntry e;
        uint32_t lo, hi;
        core_doc_entry(doc, l, &e);
        if (!mention_area(&e, &lo, &hi) || hi - lo < len)
            continue;
        const char *s = core_doc_line(doc, l, NULL);
        for (uint32_t i = lo; i + len <= hi; i++) {
            if (s[i] != name[0] || memcmp(s + i, name, len) != 0)
                continue;
            if ((i > lo && core_is_ident((unsigned char)s[i - 1])) ||
                (i + len < hi && core_is_ident((unsigned char)s[i + len])))
                continue;
            if ((has_def && l == def.line && i == def.sig_name.start.col) || in_path(doc, s, &e, lo, hi, i))
                continue;
            array_push(&refs, ((CoreRange){{l, i}, {l, i + (uint32_t)len}}));
        }
    }
    out->items = refs.contents;
    out->count = refs.size;
    return 0;
}

/* Releases the ranges of `list` and empties it. NULL is ignored, as by every free function. */
void core_range_list_free(CoreRangeList *list)
{
    core_list_free(list, NULL);
}

bool core_interface_name_valid(const char *name, size_t len)
{
    if (len == 0 || len > 256 || (name[0] >= '0' && name[0] <= '9'))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        bool ident = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        bool sep = (c == '.' || c == ':') && i > 0 && i + 1 < len;
        if (!ident && !sep)
            return false;
    }
    return true;
}
