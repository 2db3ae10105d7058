/* write.c — the MCP write tools' edits on a progress file, through the core's model and actions, line endings kept. */
#include "mcp/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"
#include "progress/array.h"

static int fail(char **error, char *message)
{
    *error = message;
    return -1;
}

/* The ending new lines get: the file's own ("\r\n" when every line ends so, a lone "\r" likewise), else "\n". */
static const char *line_ending(const CoreDoc *doc)
{
    size_t len;
    char *text = core_doc_text(doc, &len);
    size_t lf = 0, crlf = 0, cr = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            lf++, crlf += i > 0 && text[i - 1] == '\r';
        else if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))
            cr++;
    }
    free(text);
    return lf && crlf == lf ? "\r\n" : !lf && cr ? "\r" : "\n";
}

static bool has_break(const char *text)
{
    return strpbrk(text, "\r\n") != NULL;
}

static int find_section(const CoreDoc *doc, CoreSectionKind kind, CoreSection *out)
{
    for (uint32_t i = 0, n = core_doc_section_count(doc); i < n; i++)
        if (core_doc_section(doc, i, out) == 0 && out->kind == kind)
            return 0;
    return -1;
}

static void edit(CoreDoc *doc, CoreRange range, const char *text)
{
    core_doc_edit(doc, CORE_ENC_UTF8, range, text, strlen(text));
}

static CoreRange at_end_of(const CoreDoc *doc, uint32_t line)
{
    size_t len;
    core_doc_line(doc, line, &len);
    CorePos end = {line, (uint32_t)len};
    return (CoreRange){end, end};
}

/* Applies `a`'s edits, last first so that each one's positions still hold. */
static void apply_action(CoreDoc *doc, const CoreAction *a)
{
    for (size_t i = a->edit_count; i-- > 0;)
        edit(doc, a->edits[i].range, a->edits[i].text);
}

/* The lines an empty field lists below it (`Blockers:` then `- …`): up to the next field or blank line. */
static uint32_t list_end(const CoreDoc *doc, uint32_t field, uint32_t end)
{
    uint32_t line = field + 1;
    for (CoreEntry e; line < end && core_doc_entry(doc, line, &e) == 0; line++)
        if (e.kind != CORE_ENTRY_DETAIL && e.kind != CORE_ENTRY_TEXT && e.kind != CORE_ENTRY_ITEM)
            break;
    return line;
}

static int set_field(CoreDoc *doc, const char *name, const char *text, char **error)
{
    CoreFieldKind kind = name ? core_field_kind_of(name, strlen(name)) : CORE_FIELD_UNKNOWN;
    if (kind == CORE_FIELD_UNKNOWN)
        return fail(error, core_xasprintf("unknown field \"%s\": Last completed, Next task, Blockers, Current phase or "
                                          "Complexity level", name ? name : ""));
    if (!text || has_break(text))
        return fail(error, core_xasprintf("the value of %s must be one line of text", core_field_name(kind)));
    CoreSection sec;
    if (find_section(doc, CORE_SECTION_SESSION_STATE, &sec) != 0)
        return fail(error, core_xasprintf("the file has no Session State section to hold %s", core_field_name(kind)));
    uint32_t last_field = sec.header_line;
    for (uint32_t line = sec.header_line + 1; line < sec.end_line; line++) {
        CoreEntry e;
        if (core_doc_entry(doc, line, &e) != 0 || e.kind != CORE_ENTRY_FIELD)
            continue;
        bool empty = e.value.end.col == e.value.start.col;
        last_field = (empty ? list_end(doc, line, sec.end_line) : core_doc_item_end(doc, line)) - 1;
        if (e.field != kind)
            continue;
        if (!empty) {
            edit(doc, e.value, text);
            return 0;
        }
        /* An empty value, maybe with a list below it: the list goes, the value takes the key's line. */
        uint32_t end = list_end(doc, line, sec.end_line);
        if (end > line + 1) {
            CoreRange gone = {at_end_of(doc, line).start, at_end_of(doc, end - 1).end};
            edit(doc, gone, "");
        }
        CoreRange tail = at_end_of(doc, line);
        size_t len;
        const char *s = core_doc_line(doc, line, &len);
        char *value = core_xasprintf("%s%s", len && s[len - 1] != ' ' ? " " : "", text);
        edit(doc, tail, value);
        free(value);
        return 0;
    }
    char *added = core_xasprintf("%s%s: %s", line_ending(doc), core_field_name(kind), text);
    edit(doc, at_end_of(doc, last_field), added);
    free(added);
    return 0;
}

/* What starts a new item like `e` (its indent and bullet; a number one higher). Owned. */
static char *item_prefix(const CoreDoc *doc, const CoreEntry *e)
{
    const char *s = core_doc_line(doc, e->line, NULL);
    if (e->bullet == CORE_BULLET_NUMBER || e->bullet == CORE_BULLET_NUMBER_PAREN) {
        unsigned long n = strtoul(s + e->bullet_range.start.col, NULL, 10);
        return core_xasprintf("%.*s%lu%c ", (int)e->bullet_range.start.col, s, n + 1,
                              e->bullet == CORE_BULLET_NUMBER ? '.' : ')');
    }
    return core_xstrndup(s, e->text.start.col);
}

static int add_item(CoreDoc *doc, const char *name, const char *text, char **error)
{
    CoreSectionKind kind = name ? core_section_kind_of(name, strlen(name)) : CORE_SECTION_UNKNOWN;
    if (kind == CORE_SECTION_UNKNOWN || kind == CORE_SECTION_SESSION_STATE)
        return fail(error, core_xasprintf("unknown list section \"%s\": Key Decisions, Files Modified, Files To Modify, "
                                          "Interfaces Defined, Known Issues or Notes", name ? name : ""));
    if (!text || !*text || has_break(text))
        return fail(error, core_xasprintf("the item must be one line of text"));
    CoreSection sec;
    if (find_section(doc, kind, &sec) != 0)
        return fail(error, core_xasprintf("the file has no %s section", core_section_name(kind)));
    int32_t last_item = -1, none = -1, placeholder = -1;
    uint32_t items = 0;
    for (uint32_t line = sec.header_line + 1; line < sec.end_line; line++) {
        CoreEntry e;
        if (core_doc_entry(doc, line, &e) != 0)
            continue;
        if (e.kind == CORE_ENTRY_NONE)
            none = (int32_t)line;
        if (e.kind == CORE_ENTRY_ITEM) {
            items++;
            /* The template's `[List files changed in this session]`: a placeholder standing for the whole list. */
            bool stand_in = e.has_placeholder && core_pos_cmp(e.placeholder.start, e.item.start) == 0 &&
                            core_pos_cmp(e.placeholder.end, e.item.end) == 0;
            if (stand_in)
                placeholder = (int32_t)line;
            else
                last_item = (int32_t)line;
        }
    }
    CoreEntry e;
    if (last_item < 0 && (none >= 0 || (placeholder >= 0 && items == 1))) {
        core_doc_entry(doc, (uint32_t)(none >= 0 ? none : placeholder), &e);
        edit(doc, none >= 0 ? e.text : e.item, text); /* `None` or the stand-in becomes the first item */
        return 0;
    }
    char *prefix = last_item >= 0 && core_doc_entry(doc, (uint32_t)last_item, &e) == 0 ? item_prefix(doc, &e)
                                                                                       : core_xstrndup("", 0);
    char *added = core_xasprintf("%s%s%s", line_ending(doc), prefix, text);
    edit(doc, at_end_of(doc, sec.range.end.line), added);
    free(added);
    free(prefix);
    return 0;
}

static bool is_files(CoreSectionKind kind)
{
    return kind == CORE_SECTION_FILES_MODIFIED || kind == CORE_SECTION_FILES_TO_MODIFY;
}

static bool span_is(const CoreDoc *doc, CoreRange r, const char *text)
{
    const char *s = core_doc_line(doc, r.start.line, NULL);
    size_t n = strlen(text);
    return s && r.end.line == r.start.line && r.end.col - r.start.col == n && memcmp(s + r.start.col, text, n) == 0;
}

static int move_item(CoreDoc *doc, const char *name, const char *text, char **error)
{
    if (!text || !*text)
        return fail(error, core_xasprintf("say which item to move: its path or its words"));
    int32_t found = -1;
    CoreEntry e;
    for (uint32_t line = 0, n = core_doc_line_count(doc); line < n && found < 0; line++)
        if (core_doc_entry(doc, line, &e) == 0 && e.kind == CORE_ENTRY_ITEM && is_files(e.section_kind) &&
            ((e.has_path && span_is(doc, e.path, text)) || span_is(doc, e.body, text) || span_is(doc, e.item, text)))
            found = (int32_t)line;
    if (found < 0)
        return fail(error, core_xasprintf("no item \"%s\" in Files To Modify or Files Modified", text));
    core_doc_entry(doc, (uint32_t)found, &e);
    CoreSectionKind to = e.section_kind == CORE_SECTION_FILES_MODIFIED ? CORE_SECTION_FILES_TO_MODIFY
                                                                       : CORE_SECTION_FILES_MODIFIED;
    if (name) {
        CoreSectionKind asked = core_section_kind_of(name, strlen(name));
        if (!is_files(asked))
            return fail(error, core_xasprintf("items move to Files Modified or Files To Modify, not \"%s\"", name));
        if (asked == e.section_kind)
            return fail(error, core_xasprintf("\"%s\" is already in %s", text, core_section_name(asked)));
        to = asked;
    }
    char *title = core_xasprintf("Move to %s", core_section_name(to));
    CoreActionList list = {0};
    core_actions(doc, (uint32_t)found, (uint32_t)found, NULL, &list);
    const CoreAction *move = NULL;
    for (size_t i = 0; i < list.count && !move; i++)
        if (strcmp(list.items[i].title, title) == 0)
            move = &list.items[i];
    int rc = 0;
    if (move)
        apply_action(doc, move);
    else
        rc = fail(error, core_xasprintf("\"%s\" cannot be moved to %s", text, core_section_name(to)));
    core_action_list_free(&list);
    free(title);
    return rc;
}

static int finish_task(CoreDoc *doc, const char *text, char **error)
{
    if (text && has_break(text))
        return fail(error, core_xasprintf("the next task must be one line of text"));
    CoreActionList list = {0};
    CoreSection sec;
    uint32_t line = find_section(doc, CORE_SECTION_SESSION_STATE, &sec) == 0 ? sec.header_line : 0;
    core_evidence_actions(doc, NULL, line, line, &list); /* a header line selects no item: the done ones move */
    const CoreAction *finish = NULL;
    for (size_t i = 0; i < list.count && !finish; i++)
        if (strcmp(list.items[i].title, "Finish the task") == 0)
            finish = &list.items[i];
    int rc = 0;
    if (finish)
        apply_action(doc, finish);
    else
        rc = fail(error, core_xasprintf("nothing to finish: Session State's Next task is missing, empty or None"));
    core_action_list_free(&list);
    if (rc == 0 && text && *text)
        rc = set_field(doc, core_field_name(CORE_FIELD_NEXT_TASK), text, error);
    return rc;
}

int lsp_write_apply(CoreDoc *doc, LspWriteOp op, const char *name, const char *text, char **error)
{
    *error = NULL;
    switch (op) {
    case LSP_WRITE_SET:
        return set_field(doc, name, text, error);
    case LSP_WRITE_ADD:
        return add_item(doc, name, text, error);
    case LSP_WRITE_MOVE:
        return move_item(doc, name, text, error);
    case LSP_WRITE_FINISH:
        return finish_task(doc, text, error);
    }
    return fail(error, core_xasprintf("unknown change"));
}

size_t lsp_write_error_count(const CoreDoc *doc)
{
    CoreDiagList list;
    core_diagnose(doc, NULL, &list);
    size_t n = 0;
    for (size_t i = 0; i < list.count; i++)
        n += list.items[i].severity == CORE_SEV_ERROR;
    core_diag_list_free(&list);
    return n;
}
