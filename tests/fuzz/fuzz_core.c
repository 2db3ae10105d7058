/* fuzz_core.c — libFuzzer target: the parser and every analysis of the core on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edits_apply.h"
#include "fuzz_check.h"

/* Every reference to `name` (any bytes, a real interface or not) lies inside the document. */
static void check_refs(const CoreDoc *doc, const char *name, size_t len)
{
    CoreRangeList refs;
    fuzz_require(core_interface_refs(doc, name, len, &refs) == 0, "interface_refs succeeds");
    for (size_t i = 0; i < refs.count; i++)
        fuzz_require_range(doc, refs.items[i], "interface reference");
    core_range_list_free(&refs);
}

/* Position conversions round-trip at a character boundary, and every position analysis stays in range. */
static void check_position(const CoreDoc *doc, CorePos raw)
{
    CorePos p = core_doc_pos_from(doc, CORE_ENC_UTF8, raw);
    fuzz_require_pos(doc, p, "pos_from clamps into the document");
    for (int enc = CORE_ENC_UTF8; enc <= CORE_ENC_UTF32; enc++) {
        CorePos u = core_doc_pos_to(doc, (CoreEncoding)enc, p);
        CorePos back = core_doc_pos_from(doc, (CoreEncoding)enc, u);
        fuzz_require(back.line == p.line && back.col == p.col, "pos_to then pos_from is the identity");
    }

    CoreExpect e;
    fuzz_require(core_expect_at(doc, p, &e) == 0, "expect_at succeeds");
    fuzz_require_range(doc, e.token, "expect token");
    fuzz_require(e.prefix_len <= p.col, "expect prefix ends at the cursor");

    CoreHover h;
    fuzz_require(core_hover_at(doc, p, &h) == 0, "hover_at succeeds");
    if (h.kind == CORE_HOVER_NOTHING)
        return;
    fuzz_require_range(doc, h.range, "hover range");
    if (h.kind == CORE_HOVER_INTERFACE)
        check_refs(doc, h.word, h.word_len);
}

/* The item grammar's spans lie in their line, in order; paths, owners and groups point where they should. */
static void check_grammar(const CoreDoc *doc, const CoreEntry *e)
{
    uint32_t l = e->line;
    fuzz_require_range(doc, e->item, "item");
    fuzz_require_range(doc, e->body, "body");
    fuzz_require_range(doc, e->bullet_range, "bullet");
    fuzz_require_range(doc, e->mark_range, "mark");
    fuzz_require_range(doc, e->mark_close, "strike close");
    fuzz_require((e->mark == CORE_MARK_NONE) == (e->status == CORE_STATUS_NONE), "a mark says a status");
    if (e->has_comment) {
        fuzz_require_range(doc, e->comment, "comment");
        fuzz_require(e->comment_sep.end.col <= e->comment.start.col, "comment after its separator");
    }
    if (e->has_location) {
        fuzz_require_range(doc, e->location, "location");
        fuzz_require(e->path.end.col <= e->location.start.col, "location after its path");
    }
    if (e->kind == CORE_ENTRY_GROUP)
        fuzz_require_range(doc, e->label, "group label");
    CorePathRef refs[8];
    uint32_t n = core_doc_paths(doc, l, refs, 8);
    fuzz_require(n == (e->kind == CORE_ENTRY_ITEM && e->has_path ? e->path_count : 0), "path count");
    for (uint32_t i = 0; i < n && i < 8; i++) {
        fuzz_require_range(doc, refs[i].path, "a path");
        fuzz_require(refs[i].path.start.line == l && refs[i].path.end.col > refs[i].path.start.col, "a path on its line");
    }
    int32_t owner = core_doc_detail_owner(doc, l);
    fuzz_require((owner >= 0) == (e->kind == CORE_ENTRY_DETAIL) || e->section < 0, "details, and only they, have owners");
    fuzz_require(owner < (int32_t)l, "an owner precedes its detail");
    if (owner >= 0)
        fuzz_require(core_doc_item_end(doc, (uint32_t)owner) > l, "a detail is inside its item");
    int32_t group = core_doc_item_group(doc, l);
    if (group >= 0) {
        CoreEntry g;
        core_doc_entry(doc, (uint32_t)group, &g);
        fuzz_require(group < (int32_t)l && g.kind == CORE_ENTRY_GROUP && g.section == e->section, "an item's group label");
    }
    fuzz_require(core_doc_item_end(doc, l) > l, "an item ends after its line");
}

static void check_entries_and_sections(const CoreDoc *doc)
{
    uint32_t lines = core_doc_line_count(doc);
    for (uint32_t l = 0; l < lines; l++) {
        CoreEntry e;
        fuzz_require(core_doc_entry(doc, l, &e) == 0, "entry of an existing line");
        fuzz_require(e.line == l, "entry line");
        fuzz_require_range(doc, e.content, "entry content");
        fuzz_require_range(doc, e.text, "entry text");
        if (e.kind == CORE_ENTRY_FIELD)
            fuzz_require_range(doc, e.value, "field value");
        if (e.has_path)
            fuzz_require_range(doc, e.path, "item path");
        if (e.has_annotation)
            fuzz_require_range(doc, e.annotation, "item annotation");
        if (e.has_signature) {
            fuzz_require_range(doc, e.sig_name, "signature name");
            fuzz_require(e.sig_name.start.line == l && e.sig_name.end.line == l, "signature name on its line");
            size_t line_len = 0;
            const char *line = core_doc_line(doc, l, &line_len);
            check_refs(doc, line + e.sig_name.start.col, e.sig_name.end.col - e.sig_name.start.col);
        }
        if (e.has_placeholder)
            fuzz_require_range(doc, e.placeholder, "placeholder");
        fuzz_require(e.section == core_doc_section_at(doc, l), "entry section is section_at");
        check_grammar(doc, &e);
    }
    CoreEntry past;
    fuzz_require(core_doc_entry(doc, lines, &past) == CORE_ENOENT, "no entry past the end");

    uint32_t n = core_doc_section_count(doc);
    for (uint32_t i = 0; i < n; i++) {
        CoreSection s;
        fuzz_require(core_doc_section(doc, i, &s) == 0, "section by index");
        fuzz_require(s.header_line < s.end_line && s.end_line <= lines, "section lines");
        fuzz_require_range(doc, s.name, "section name");
        fuzz_require_range(doc, s.range, "section range");
        fuzz_require(core_doc_section_at(doc, s.header_line) == (int32_t)i, "section_at of a header");
    }
}

static void check_diags(const CoreDoc *doc, const CoreDiagList *diags)
{
    for (size_t i = 0; i < diags->count; i++) {
        const CoreDiag *d = &diags->items[i];
        fuzz_require(d->code < CORE_DIAG_CODE_COUNT, "diagnostic code");
        fuzz_require(d->message != NULL, "diagnostic message");
        fuzz_require_range(doc, d->range, "diagnostic range");
        if (d->has_related)
            fuzz_require_range(doc, d->related, "diagnostic related range");
    }
}

static void check_outline(const CoreDoc *doc)
{
    CoreOutline o;
    fuzz_require(core_outline(doc, &o) == 0, "outline succeeds");
    for (size_t i = 0; i < o.count; i++) {
        const CoreSymbol *s = &o.items[i];
        fuzz_require_range(doc, s->range, "symbol range");
        fuzz_require_range(doc, s->selection, "symbol selection");
        fuzz_require(s->parent < (int32_t)i, "a parent precedes its children");
        fuzz_require(i + s->child_count < o.count + 1, "children fit in the outline");
    }
    core_outline_free(&o);
}

/* Every action's edits apply to the text as it is: in range, in order, not overlapping. */
static void check_actions(const CoreDoc *doc, const char *text, size_t len, uint32_t first, uint32_t last,
                          const CoreDiagList *diags)
{
    CoreActionList acts;
    fuzz_require(core_actions(doc, first, last, diags, &acts) == 0, "actions succeed");
    for (size_t i = 0; i < acts.count; i++) {
        const CoreAction *a = &acts.items[i];
        fuzz_require(a->title != NULL, "action title");
        fuzz_require(diags == NULL ? a->diag == -1 : a->diag < (int32_t)diags->count, "action diagnostic index");
        for (size_t k = 0; k < a->edit_count; k++)
            fuzz_require_range(doc, a->edits[k].range, "action edit range");
        char *applied = edits_apply(text, len, a->edits, a->edit_count, NULL);
        fuzz_require(applied != NULL, "action edits are in order and do not overlap");
        free(applied);
    }
    core_action_list_free(&acts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CoreDoc *doc = core_doc_new((const char *)data, size);
    size_t len = 0;
    char *text = core_doc_text(doc, &len);
    fuzz_require(len == size && core_doc_length(doc) == size && memcmp(text, data, size) == 0,
                 "the document keeps its bytes");

    check_entries_and_sections(doc);
    check_outline(doc);

    CoreDiagList diags;
    fuzz_require(core_diagnose(doc, NULL, &diags) == 0, "diagnose succeeds");
    check_diags(doc, &diags);

    /* Odd options: a tiny line budget and every severity, off included. */
    CoreOptions opts;
    core_options_init(&opts);
    opts.max_lines = 1 + (uint32_t)(size % 8);
    for (int c = 0; c < CORE_DIAG_CODE_COUNT; c++)
        opts.severity[c] = (int8_t)((c + size) % 6) - 1;
    CoreDiagList odd;
    fuzz_require(core_diagnose(doc, &opts, &odd) == 0, "diagnose with options succeeds");
    check_diags(doc, &odd);
    core_diag_list_free(&odd);

    uint32_t lines = core_doc_line_count(doc);
    check_actions(doc, text, len, 0, lines - 1, &diags);
    check_actions(doc, text, len, lines / 2, lines + 3, NULL);
    if (size >= 2)
        check_actions(doc, text, len, data[0] % lines, data[0] % lines + data[1] % 4, &diags);

    /* Positions: the edges of a few lines, past them, and some taken from the input itself. */
    const uint32_t cols[] = {0, 1, 2, 7, UINT32_MAX};
    const uint32_t picks[] = {0, lines / 2, lines - 1, lines};
    for (size_t i = 0; i < sizeof picks / sizeof picks[0]; i++)
        for (size_t j = 0; j < sizeof cols / sizeof cols[0]; j++)
            check_position(doc, (CorePos){picks[i], cols[j]});
    for (size_t i = 0; i + 1 < size && i < 32; i += 2)
        check_position(doc, (CorePos){data[i] % (lines + 1), data[i + 1]});

    check_refs(doc, (const char *)data, size < 12 ? size : 12);

    size_t half = size / 2;
    int32_t score = core_fuzzy_score((const char *)data, half, (const char *)data + half, size - half);
    fuzz_require(score >= -1, "fuzzy score");

    core_diag_list_free(&diags);
    free(text);
    core_doc_free(doc);
    return 0;
}
