/* workstate.c — inlay hints, code lenses and commit hovers: the work state on screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers/workspace.h"
#include "support/position.h"
#include "progress/alloc.h"
#include "evidence/workstate.h"

int lsp_on_inlay_hint(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    CoreRange range;
    int err = lsp_params_doc_range(&s->docs, params, "inlayHint", r, &d, &range);
    if (err)
        return err;
    r->result = json_array();
    if (d->foreign || !lsp_workstate_settings(s)->inlay_hints)
        return 0;
    CoreEvidence ev;
    bool known = lsp_workstate_evidence(s, d, &ev);
    CoreInlayHintList list;
    core_inlay_hints(d->doc, known ? &ev : NULL, range.start.line, range.end.line, &list);
    for (size_t i = 0; i < list.count; i++) {
        CorePos p = core_doc_pos_to(d->doc, s->enc, list.items[i].pos);
        json_t *pos = json_pack("{s:I, s:I}", "line", (json_int_t)p.line, "character", (json_int_t)p.col);
        json_array_append_new(r->result, json_pack("{s:o, s:s, s:b}", "position", pos, "label", list.items[i].label,
                                                   "paddingLeft", 1));
    }
    core_inlay_hint_list_free(&list);
    return 0;
}

int lsp_on_code_lens(LspServer *s, json_t *params, LspReply *r)
{
    LspDoc *d;
    int err = lsp_params_doc(&s->docs, params, r, &d);
    if (err)
        return err;
    r->result = json_array();
    if (d->foreign || !lsp_workstate_settings(s)->code_lens)
        return 0;
    CoreLensList list;
    core_lenses(d->doc, &list);
    for (size_t i = 0; i < list.count; i++) {
        const CoreLens *l = &list.items[i];
        /* A lens without an action is a label: an empty command is shown and does nothing. */
        json_t *command = json_pack("{s:s, s:s}", "title", l->title, "command", l->action ? LSP_COMMAND_APPLY_ACTION : "");
        if (l->action)
            json_object_set_new(command, "arguments", json_pack("[s, I, s]", d->uri, (json_int_t)d->version, l->action));
        json_array_append_new(r->result, json_pack("{s:o, s:o}", "range", lsp_range_json(d->doc, s->enc, l->range),
                                                   "command", command));
    }
    core_lens_list_free(&list);
    return 0;
}

/* A story id of the prd.json beside a Ralph log: its title, whether it passes, its priority. */
static bool story_hover(LspServer *s, LspDoc *d, CorePos pos, bool markdown, json_t **result)
{
    CoreEvidence ev;
    CoreRange range;
    const CoreStory *st = lsp_workstate_settings(s)->stories && lsp_workstate_evidence(s, d, &ev)
                              ? core_evidence_story_at(d->doc, &ev, pos, &range) : NULL;
    if (!st)
        return false;
    char *text = core_xasprintf(markdown ? "**%s** %s\n\n%s · priority %lld · %s" : "%s %s\n\n%s · priority %lld · %s",
                                st->id, st->title ? st->title : "", st->passes ? "passes" : "does not pass yet",
                                (long long)st->priority, ev.prd_path);
    json_t *contents = json_pack("{s:s, s:s}", "kind", markdown ? "markdown" : "plaintext", "value", text);
    free(text);
    *result = json_pack("{s:o, s:o}", "contents", contents, "range", lsp_range_json(d->doc, s->enc, range));
    return true;
}

bool lsp_workstate_hover(LspServer *s, LspDoc *d, CorePos pos, bool markdown, json_t **result)
{
    if (story_hover(s, d, pos, markdown, result))
        return true;
    CoreCommitRef ref;
    if (!lsp_workstate_settings(s)->commits || core_commit_ref_at(d->doc, pos, &ref) < 0 || ref.kind != CORE_COMMIT_HASH)
        return false;
    CoreEvidence ev;
    if (!lsp_workstate_evidence(s, d, &ev) || !ev.git)
        return false;
    const char *word = core_doc_line(d->doc, ref.range.start.line, NULL) + ref.range.start.col;
    const CoreCommit *c = core_evidence_commit(&ev, word, ref.range.end.col - ref.range.start.col);
    if (!c)
        return false;
    char date[64] = "";
    time_t t = (time_t)c->time;
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
    char *text = markdown ? core_xasprintf("**%.12s** %s\n\n%s · %s", c->hash, c->subject, c->author, date)
                          : core_xasprintf("%.12s %s\n\n%s · %s", c->hash, c->subject, c->author, date);
    json_t *contents = json_pack("{s:s, s:s}", "kind", markdown ? "markdown" : "plaintext", "value", text);
    free(text);
    *result = json_pack("{s:o, s:o}", "contents", contents, "range", lsp_range_json(d->doc, s->enc, ref.range));
    return true;
}
