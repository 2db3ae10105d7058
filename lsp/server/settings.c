/* settings.c — reading user settings into CoreOptions, reporting what could not be applied. */
#include "server/settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"

void lsp_settings_init(LspSettings *s)
{
    core_options_init(&s->core);
    core_format_options_init(&s->format);
}

typedef struct {
    char *text;
    size_t len;
} Problems;

static void problem(Problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(Problems *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = core_xvasprintf(fmt, ap);
    va_end(ap);
    size_t add = strlen(line);
    p->text = core_xrealloc(p->text, p->len + add + 2);
    if (p->len)
        p->text[p->len++] = ' ';
    memcpy(p->text + p->len, line, add + 1);
    p->len += add;
    free(line);
}

static const struct {
    const char *name;
    int severity;
} severities[] = {
    {"off", CORE_SEV_OFF},         {"error", CORE_SEV_ERROR},       {"warning", CORE_SEV_WARNING},
    {"information", CORE_SEV_INFO}, {"info", CORE_SEV_INFO},         {"hint", CORE_SEV_HINT},
    {"default", -1},
};

static void apply_severities(LspSettings *s, const json_t *obj, Problems *p)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        int code = core_diag_code_of(key, strlen(key));
        if (code < 0) {
            problem(p, "settings: severity: unknown diagnostic code \"%s\".", key);
            continue;
        }
        const char *name = json_string_value(v);
        size_t i = 0, n = sizeof severities / sizeof severities[0];
        while (name && i < n && strcmp(name, severities[i].name) != 0)
            i++;
        if (!name || i == n) {
            problem(p, "settings: severity.%s must be one of off, error, warning, information, hint, default.", key);
            continue;
        }
        s->core.severity[code] = (int8_t)severities[i].severity;
    }
}

char *lsp_settings_apply(LspSettings *s, const json_t *obj)
{
    Problems p = {0};
    if (!json_is_object(obj))
        return NULL;
    json_t *max = json_object_get(obj, "maxLines");
    if (max) {
        if (json_is_integer(max) && json_integer_value(max) >= 0 && json_integer_value(max) <= UINT32_MAX)
            s->core.max_lines = (uint32_t)json_integer_value(max);
        else
            problem(&p, "settings: maxLines must be a whole number from 0 (no limit) up.");
    }
    json_t *sev = json_object_get(obj, "severity");
    if (sev) {
        if (json_is_object(sev))
            apply_severities(s, sev, &p);
        else
            problem(&p, "settings: severity must be an object mapping diagnostic codes to severities.");
    }
    json_t *bullet = json_object_get(obj, "bulletStyle");
    if (bullet) {
        int style = json_is_string(bullet) ? core_bullet_style_of(json_string_value(bullet), json_string_length(bullet)) : -1;
        if (style >= 0)
            s->format.bullet = (CoreBulletStyle)style;
        else
            problem(&p, "settings: bulletStyle must be \"majority\", \"-\" or \"*\".");
    }
    return p.text;
}

/* ---------------------------------------------------------------- workspace settings */

void lsp_workspace_settings_init(LspWorkspaceSettings *w)
{
    w->max_completion_items = LSP_DEFAULT_MAX_COMPLETION_ITEMS;
    w->exclude = NULL;
    w->exclude_count = 0;
    w->archive_keep = LSP_DEFAULT_ARCHIVE_KEEP;
    w->archive_file = NULL;
}

void lsp_workspace_settings_destroy(LspWorkspaceSettings *w)
{
    for (size_t i = 0; i < w->exclude_count; i++)
        free(w->exclude[i]);
    free(w->exclude);
    free(w->archive_file);
    lsp_workspace_settings_init(w);
}

/* Whether `name` can name the archive beside the log: one file name, no folder, not `.` or `..`. */
static bool archive_name_ok(const char *name, size_t len)
{
    return len > 0 && len <= 255 && !memchr(name, '/', len) && !memchr(name, '\\', len) && !memchr(name, '\0', len) &&
           strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static void apply_archive(LspWorkspaceSettings *w, const json_t *a, Problems *p)
{
    if (!a)
        return;
    if (!json_is_object(a)) {
        problem(p, "settings: archive must be an object such as {\"keep\": 5, \"file\": \"{name}-archive.txt\"}.");
        return;
    }
    const json_t *keep = json_object_get(a, "keep"), *file = json_object_get(a, "file");
    if (keep) {
        if (json_is_integer(keep) && json_integer_value(keep) >= 1 && json_integer_value(keep) <= 100000)
            w->archive_keep = (uint32_t)json_integer_value(keep);
        else
            problem(p, "settings: archive.keep must be a whole number from 1 to 100000.");
    }
    if (file) {
        if (json_is_string(file) && archive_name_ok(json_string_value(file), json_string_length(file))) {
            free(w->archive_file);
            w->archive_file = core_xstrndup(json_string_value(file), json_string_length(file));
        } else {
            problem(p, "settings: archive.file must be a file name (no folder) such as \"{name}-archive.txt\".");
        }
    }
}

char *lsp_settings_apply_workspace(LspWorkspaceSettings *w, const json_t *obj)
{
    Problems p = {0};
    if (!json_is_object(obj))
        return NULL;
    json_t *max = json_object_get(obj, "maxCompletionItems");
    if (max) {
        if (json_is_integer(max) && json_integer_value(max) >= 1 && json_integer_value(max) <= 100000)
            w->max_completion_items = (uint32_t)json_integer_value(max);
        else
            problem(&p, "settings: maxCompletionItems must be a whole number from 1 to 100000.");
    }
    json_t *ex = json_object_get(obj, "exclude");
    if (ex) {
        size_t i;
        json_t *v;
        bool ok = json_is_array(ex);
        json_array_foreach(ex, i, v) ok = ok && json_is_string(v);
        if (!ok) {
            problem(&p, "settings: exclude must be an array of folder names or paths.");
        } else {
            for (size_t k = 0; k < w->exclude_count; k++)
                free(w->exclude[k]);
            free(w->exclude);
            w->exclude_count = json_array_size(ex);
            w->exclude = core_xcalloc(w->exclude_count + 1, sizeof *w->exclude);
            json_array_foreach(ex, i, v) w->exclude[i] = core_xstrndup(json_string_value(v), json_string_length(v));
        }
    }
    apply_archive(w, json_object_get(obj, "archive"), &p);
    return p.text;
}
