/* archive.c — the code action "Archive entries older than the newest N": one WorkspaceEdit that creates (or appends to) the archive beside the log and deletes the entries from it. */
#include <stdlib.h>
#include <string.h>

#include "handlers/workspace.h"
#include "progress/alloc.h"
#include "server/workspace_state.h"
#include "support/files.h"
#include "support/position.h"
#include "support/uri.h"

#define KIND_MOVE "refactor.move"

/* The archive's path beside `path` (borrowed): the setting's name with `{name}` as the log's name without its extension. */
static char *archive_path(const LspWorkspaceSettings *set, const char *path)
{
    const char *pattern = set->archive_file ? set->archive_file : LSP_DEFAULT_ARCHIVE_FILE;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    Array(char) out = {0};
    array_extend(&out, (uint32_t)(base - path), path);
    for (const char *p = pattern; *p; p++) {
        if (strncmp(p, "{name}", 6) == 0) {
            array_extend(&out, (uint32_t)stem, base);
            p += 5;
        } else {
            array_push(&out, *p);
        }
    }
    array_push(&out, '\0');
    return out.contents;
}

/*
 * Where the entries go in the archive: after its text, which is the open document's when the editor has it open,
 * else the file's. A missing file is created; one that cannot be read as a regular file (a link, a folder) gets
 * no action. *sep is the line break that must come first when the text does not end with one.
 */
static bool archive_end(LspServer *s, const char *uri, const char *path, const char *eol, json_t **pos,
                        const char **sep)
{
    *sep = "";
    CoreDoc *own = NULL;
    const CoreDoc *doc;
    LspDoc *open = lsp_docs_get(&s->docs, uri);
    if (open) {
        doc = open->doc;
    } else {
        char *text;
        size_t len;
        int rc = lsp_file_read(path, LSP_FILE_CAP, &text, &len, NULL);
        if (rc == UV_ENOENT) {
            *pos = json_pack("{s:i, s:i}", "line", 0, "character", 0);
            return true;
        }
        if (rc < 0)
            return false;
        doc = own = core_doc_new_take(text, len);
    }
    uint32_t last = core_doc_line_count(doc) - 1;
    size_t len;
    core_doc_line(doc, last, &len);
    *sep = len > 0 ? eol : "";
    CorePos end = core_doc_pos_to(doc, s->enc, (CorePos){last, (uint32_t)len});
    *pos = json_pack("{s:i, s:i}", "line", end.line, "character", end.col);
    core_doc_free(own);
    return true;
}

json_t *lsp_archive_action(LspServer *s, const LspDoc *d)
{
    LspWorkspaceState *w = s->workspace;
    char *path = NULL;
    if (!w || !w->create_files || lsp_workspace_doc_root(s, d->uri, &path) < 0) {
        free(path);
        return NULL;
    }
    uint32_t keep = w->settings.archive_keep;
    CoreArchive a;
    core_archive_entries(d->doc, keep, &a);
    char *target = archive_path(&w->settings, path);
    char *uri = lsp_uri_from_path(target);
    json_t *pos = NULL;
    const char *sep;
    json_t *action = NULL;
    const char *eol = a.text && strstr(a.text, "\r\n") ? "\r\n" : "\n";
    if (a.entries && strcmp(target, path) != 0 && archive_end(s, uri, target, eol, &pos, &sep)) {
        json_t *deletions = json_array();
        for (size_t i = 0; i < a.edit_count; i++)
            json_array_append_new(deletions, json_pack("{s:o, s:s}", "range",
                                                       lsp_range_json(d->doc, s->enc, a.edits[i].range), "newText", ""));
        char *added = core_xasprintf("%s%s", sep, a.text);
        json_t *changes = json_pack(
            "[{s:s, s:s, s:{s:b}}, {s:{s:s, s:n}, s:[{s:{s:O, s:o}, s:s}]}, {s:{s:s, s:i}, s:o}]",
            "kind", "create", "uri", uri, "options", "ignoreIfExists", 1,
            "textDocument", "uri", uri, "version", "edits", "range", "start", pos, "end", pos, "newText", added,
            "textDocument", "uri", d->uri, "version", (int)d->version, "edits", deletions);
        free(added);
        char *title = core_xasprintf("Archive entries older than the newest %u", keep);
        action = json_pack("{s:s, s:s, s:{s:o}}", "title", title, "kind", KIND_MOVE, "edit", "documentChanges",
                           changes);
        free(title);
    } else if (pos) {
        json_decref(pos);
    }
    core_archive_free(&a);
    free(uri);
    free(target);
    free(path);
    return action;
}
