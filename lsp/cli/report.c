/* report.c — prints checked files' findings in one of check's output formats. */
#include "cli/report.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/json_out.h"
#include "platform/platform.h"
#include "progress/alloc.h"
#include "progress/log.h"

static const char *const format_names[LSP_REPORT_FORMAT_COUNT] = {
    "concise", "full", "json", "json-lines", "github", "sarif", "junit",
};

int lsp_report_format_of(const char *name)
{
    for (int i = 0; i < LSP_REPORT_FORMAT_COUNT; i++)
        if (strcmp(name, format_names[i]) == 0)
            return i;
    return -1;
}

const char *lsp_report_format_names(void)
{
    return "concise, full, json, json-lines, github, sarif or junit";
}

typedef Array(char) Text;

/* A code met in the findings, for SARIF's rule list (in order of first appearance after the core's). */
typedef struct {
    const char *code;
    const char *summary;
    CoreSeverity level;
} Rule;

struct LspReport {
    LspReportFormat format;
    FILE *out;
    LspOut json;           /* json: the array; sarif: the results */
    Array(Rule) rules;     /* sarif */
    Text xml;              /* junit: the test cases */
    uint32_t files, failed_files, findings;
};

/* Where a finding is, as people count: 1-based lines, 1-based columns in code points. */
typedef struct {
    uint32_t line, col, end_line, end_col;
} Place;

static Place place_of(const LspCheckFile *f, const LspFinding *d)
{
    CorePos s = core_doc_pos_to(f->doc, CORE_ENC_UTF32, d->range.start);
    CorePos e = core_doc_pos_to(f->doc, CORE_ENC_UTF32, d->range.end);
    return (Place){s.line + 1, s.col + 1, e.line + 1, e.col + 1};
}

/* The four numbers of `p` as JSON members named by `keys` (line, column, end line, end column; each format has its
   own names), the keys written as lsp_out_key writes them: quoted, with the colon. */
#define PLACE_KEY(name) "\"" name "\":"
static void put_place(LspOut *o, const char *const keys[4], const Place *p)
{
    const uint32_t at[4] = {p->line, p->col, p->end_line, p->end_col};
    for (int i = 0; i < 4; i++) {
        lsp_out_key_literal(o, keys[i], strlen(keys[i]));
        lsp_out_int(o, at[i]);
    }
}

static const char *severity_word(CoreSeverity s)
{
    static const char *const words[] = {"off", "error", "warning", "info", "hint"};
    return (unsigned)s <= CORE_SEV_HINT ? words[s] : "unknown";
}

LspReport *lsp_report_new(LspReportFormat format, FILE *out)
{
    LspReport *r = core_xcalloc(1, sizeof *r);
    r->format = format;
    r->out = out;
    lsp_out_init(&r->json);
    if (format == LSP_REPORT_JSON || format == LSP_REPORT_SARIF)
        lsp_out_arr_begin(&r->json);
    if (format == LSP_REPORT_SARIF) {
        /* Every code the core knows is a rule, so a rule's index does not depend on what was found. */
        for (int c = 0; c < CORE_DIAG_CODE_COUNT; c++)
            array_push(&r->rules, ((Rule){core_diag_code_name((CoreDiagCode)c), core_diag_code_summary((CoreDiagCode)c),
                                          core_diag_code_default_severity((CoreDiagCode)c)}));
    }
    return r;
}

/* ---------------------------------------------------------------- text formats */

/* Writes the `len` bytes of a source line with control characters but tabs shown as spaces. */
static void put_line(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        fputc((unsigned char)s[i] < 0x20 && s[i] != '\t' ? ' ' : s[i], out);
}

/* `full`: the line under the finding, and carets under its range (to the line's end when it spans lines). */
static void put_excerpt(FILE *out, const LspCheckFile *f, const LspFinding *d, const Place *p)
{
    size_t len;
    const char *text = core_doc_line(f->doc, d->range.start.line, &len);
    if (!text)
        return;
    char gutter[16];
    int width = snprintf(gutter, sizeof gutter, "%u", p->line);
    fprintf(out, " %s | ", gutter);
    put_line(out, text, len);
    fprintf(out, "\n %*s | ", width, "");
    /* Pad with the line's own tabs so the carets line up whatever the tab width. */
    uint32_t col = 0, start = d->range.start.col, end = d->range.end.line == d->range.start.line ? d->range.end.col
                                                                                                 : (uint32_t)len;
    for (size_t i = 0; i < len && i < start; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            fputc(text[i] == '\t' ? '\t' : ' ', out);
    for (size_t i = start; i < len && i < end; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            col++;
    for (uint32_t i = 0; i < (col ? col : 1); i++)
        fputc('^', out);
    fputc('\n', out);
}

/* GitHub workflow-command escaping: the message escapes %, CR and LF; a property also `:` and `,`. */
static void put_github(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        if (*s == '%')
            fputs("%25", out);
        else if (*s == '\r')
            fputs("%0D", out);
        else if (*s == '\n')
            fputs("%0A", out);
        else if (property && *s == ':')
            fputs("%3A", out);
        else if (property && *s == ',')
            fputs("%2C", out);
        else
            fputc(*s, out);
    }
}

static void put_github_finding(FILE *out, const LspCheckFile *f, const LspFinding *d, const Place *p)
{
    const char *kind = d->severity == CORE_SEV_ERROR ? "error" : d->severity == CORE_SEV_WARNING ? "warning" : "notice";
    fprintf(out, "::%s file=", kind);
    put_github(out, f->shown, true);
    fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", p->line, p->col, p->end_line, p->end_col);
    char title[96];
    snprintf(title, sizeof title, "progress-ls %s", d->code);
    put_github(out, title, true);
    fputs("::", out);
    put_github(out, d->message, false);
    fputc('\n', out);
}

/* ---------------------------------------------------------------- json */

static void json_finding(LspOut *o, const LspCheckFile *f, const LspFinding *d, const Place *p)
{
    lsp_out_obj_begin(o);
    lsp_out_key(o, "file");
    lsp_out_cstr(o, f->shown);
    static const char *const keys[4] = {PLACE_KEY("line"), PLACE_KEY("column"), PLACE_KEY("endLine"),
                                         PLACE_KEY("endColumn")};
    put_place(o, keys, p);
    lsp_out_key(o, "severity");
    lsp_out_cstr(o, severity_word(d->severity));
    lsp_out_key(o, "code");
    lsp_out_cstr(o, d->code);
    lsp_out_key(o, "message");
    lsp_out_cstr(o, d->message);
    lsp_out_key(o, "dialect"); /* what the file was read as (docs/format.md, "Dialects") */
    lsp_out_cstr(o, core_dialect_name(core_doc_dialect(f->doc)));
    lsp_out_obj_end(o);
}

/* Writes what `o` holds and a newline, and empties it. */
static void flush_line(LspReport *r, LspOut *o)
{
    fwrite(o->data, 1, o->len, r->out);
    fputc('\n', r->out);
    lsp_out_truncate(o, 0);
}

/* ---------------------------------------------------------------- sarif */

static uint32_t rule_index(LspReport *r, const LspFinding *d)
{
    for (uint32_t i = 0; i < r->rules.size; i++)
        if (strcmp(r->rules.contents[i].code, d->code) == 0)
            return i;
    array_push(&r->rules, ((Rule){d->code, d->summary, d->severity}));
    return r->rules.size - 1;
}

static const char *sarif_level(CoreSeverity s)
{
    return s == CORE_SEV_ERROR ? "error" : s == CORE_SEV_WARNING ? "warning" : "note";
}

/* A path as a URI reference: unreserved bytes and '/' kept, everything else percent-encoded. */
static void uri_escape(Text *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
            array_push(out, (char)*p);
        } else {
            array_push(out, '%');
            array_push(out, hex[*p >> 4]);
            array_push(out, hex[*p & 15]);
        }
    }
    array_push(out, '\0');
}

/* The file relative to the current directory when it lies below it ("docs/progress.txt"), else NULL. */
static char *relative_to_cwd(const char *path)
{
    if (!lsp_platform_path_is_absolute(path)) {
        while (path[0] == '.' && path[1] == '/')
            path += 2;
        return strncmp(path, "../", 3) == 0 ? NULL : core_xstrndup(path, strlen(path));
    }
    char cwd[PATH_MAX];
    if (!lsp_platform_getcwd(cwd, sizeof cwd))
        return NULL;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/')
        return core_xstrndup(path + n + 1, strlen(path + n + 1));
    return NULL;
}

/* FNV-1a over the code and the trimmed text of the finding's line: stable when lines move up or down. */
static uint64_t fingerprint(const LspCheckFile *f, const LspFinding *d)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *c = d->code; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    h = (h ^ 0) * 1099511628211ULL;
    size_t len;
    const char *text = core_doc_line(f->doc, d->range.start.line, &len);
    while (text && len && (*text == ' ' || *text == '\t'))
        text++, len--;
    while (text && len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    for (size_t i = 0; text && i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    return h;
}

static void sarif_result(LspReport *r, const LspCheckFile *f, const LspFinding *d, const Place *p, const char *uri,
                         bool relative, uint32_t occurrence)
{
    LspOut *o = &r->json;
    lsp_out_obj_begin(o);
    lsp_out_key(o, "ruleId");
    lsp_out_cstr(o, d->code);
    lsp_out_key(o, "ruleIndex");
    lsp_out_int(o, rule_index(r, d));
    lsp_out_key(o, "level");
    lsp_out_cstr(o, sarif_level(d->severity));
    lsp_out_key(o, "message");
    lsp_out_obj_begin(o);
    lsp_out_key(o, "text");
    lsp_out_cstr(o, d->message);
    lsp_out_obj_end(o);
    lsp_out_key(o, "locations");
    lsp_out_arr_begin(o);
    lsp_out_obj_begin(o);
    lsp_out_key(o, "physicalLocation");
    lsp_out_obj_begin(o);
    lsp_out_key(o, "artifactLocation");
    lsp_out_obj_begin(o);
    lsp_out_key(o, "uri");
    lsp_out_cstr(o, uri);
    if (relative) {
        lsp_out_key(o, "uriBaseId");
        lsp_out_cstr(o, "SRCROOT");
    }
    lsp_out_obj_end(o);
    lsp_out_key(o, "region");
    lsp_out_obj_begin(o);
    static const char *const keys[4] = {PLACE_KEY("startLine"), PLACE_KEY("startColumn"), PLACE_KEY("endLine"),
                                         PLACE_KEY("endColumn")};
    put_place(o, keys, p);
    lsp_out_obj_end(o);
    lsp_out_obj_end(o);
    lsp_out_obj_end(o);
    lsp_out_arr_end(o);
    lsp_out_key(o, "partialFingerprints");
    lsp_out_obj_begin(o);
    char fp[48];
    snprintf(fp, sizeof fp, "%016llx:%u", (unsigned long long)fingerprint(f, d), occurrence);
    lsp_out_key(o, "progressLsLineHash/v1");
    lsp_out_cstr(o, fp);
    lsp_out_obj_end(o);
    lsp_out_obj_end(o);
}

static void sarif_file(LspReport *r, const LspCheckFile *f)
{
    char *rel = strcmp(f->path, "-") == 0 ? NULL : relative_to_cwd(f->path);
    Text uri = {0};
    if (rel) {
        uri_escape(&uri, rel);
    } else {
        char *abs = strcmp(f->path, "-") == 0 ? NULL : lsp_platform_realpath(f->path);
        const char *prefix = abs ? "file://" : "stdin";
        for (const char *c = prefix; *c; c++)
            array_push(&uri, *c);
        char *path = abs ? lsp_platform_uri_path(abs) : NULL;
        if (path)
            uri_escape(&uri, path);
        else
            array_push(&uri, '\0');
        free(path);
        free(abs);
    }
    for (uint32_t i = 0; i < f->findings.size; i++) {
        const LspFinding *d = &f->findings.contents[i];
        Place p = place_of(f, d);
        uint64_t h = fingerprint(f, d);
        uint32_t occurrence = 1;
        for (uint32_t j = 0; j < i; j++)
            occurrence += strcmp(f->findings.contents[j].code, d->code) == 0 && fingerprint(f, &f->findings.contents[j]) == h;
        sarif_result(r, f, d, &p, uri.contents, rel != NULL, occurrence);
    }
    array_delete(&uri);
    free(rel);
}

static void sarif_end(LspReport *r)
{
    lsp_out_arr_end(&r->json);
    LspOut o;
    lsp_out_init(&o);
    lsp_out_obj_begin(&o);
    lsp_out_key(&o, "$schema");
    lsp_out_cstr(&o, "https://json.schemastore.org/sarif-2.1.0.json");
    lsp_out_key(&o, "version");
    lsp_out_cstr(&o, "2.1.0");
    lsp_out_key(&o, "runs");
    lsp_out_arr_begin(&o);
    lsp_out_obj_begin(&o);
    lsp_out_key(&o, "tool");
    lsp_out_obj_begin(&o);
    lsp_out_key(&o, "driver");
    lsp_out_obj_begin(&o);
    lsp_out_key(&o, "name");
    lsp_out_cstr(&o, "progress-ls");
    lsp_out_key(&o, "version");
    lsp_out_cstr(&o, PROGRESS_VERSION);
    lsp_out_key(&o, "rules");
    lsp_out_arr_begin(&o);
    for (uint32_t i = 0; i < r->rules.size; i++) {
        const Rule *rule = &r->rules.contents[i];
        char help[512];
        snprintf(help, sizeof help, "%s See the Diagnostics table of docs/format.md in progress-ls, or `man progress-ls`.",
                 rule->summary ? rule->summary : rule->code);
        lsp_out_obj_begin(&o);
        lsp_out_key(&o, "id");
        lsp_out_cstr(&o, rule->code);
        lsp_out_key(&o, "shortDescription");
        lsp_out_obj_begin(&o);
        lsp_out_key(&o, "text");
        lsp_out_cstr(&o, rule->summary ? rule->summary : rule->code);
        lsp_out_obj_end(&o);
        lsp_out_key(&o, "help");
        lsp_out_obj_begin(&o);
        lsp_out_key(&o, "text");
        lsp_out_cstr(&o, help);
        lsp_out_obj_end(&o);
        lsp_out_key(&o, "defaultConfiguration");
        lsp_out_obj_begin(&o);
        lsp_out_key(&o, "level");
        lsp_out_cstr(&o, sarif_level(rule->level));
        lsp_out_obj_end(&o);
        lsp_out_obj_end(&o);
    }
    lsp_out_arr_end(&o);
    lsp_out_obj_end(&o);
    lsp_out_obj_end(&o);
    /* Relative locations resolve against the directory check ran in, as GitHub code scanning expects. */
    char cwd[PATH_MAX];
    if (lsp_platform_getcwd(cwd, sizeof cwd)) {
        Text uri = {0};
        for (const char *c = "file://"; *c; c++)
            array_push(&uri, *c);
        size_t n = strlen(cwd);
        if (n == 0 || cwd[n - 1] != '/')
            strcat(cwd, "/");
        char *path = lsp_platform_uri_path(cwd);
        uri_escape(&uri, path);
        free(path);
        lsp_out_key(&o, "originalUriBaseIds");
        lsp_out_obj_begin(&o);
        lsp_out_key(&o, "SRCROOT");
        lsp_out_obj_begin(&o);
        lsp_out_key(&o, "uri");
        lsp_out_cstr(&o, uri.contents);
        lsp_out_obj_end(&o);
        lsp_out_obj_end(&o);
        array_delete(&uri);
    }
    lsp_out_key(&o, "columnKind");
    lsp_out_cstr(&o, "unicodeCodePoints");
    lsp_out_key(&o, "results");
    lsp_out_raw(&o, r->json.data, r->json.len);
    lsp_out_obj_end(&o);
    lsp_out_arr_end(&o);
    lsp_out_obj_end(&o);
    fwrite(o.data, 1, o.len, r->out);
    fputc('\n', r->out);
    lsp_out_free(&o);
}

/* ---------------------------------------------------------------- junit */

static void xml_put(Text *x, const char *s)
{
    for (; *s; s++)
        array_push(x, *s);
}

/* XML text or attribute content: markup escaped, characters XML 1.0 forbids and invalid UTF-8 as U+FFFD. */
static void xml_escape(Text *x, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
            xml_put(x, c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : "&apos;");
            p++;
            continue;
        }
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                xml_put(x, "\xEF\xBF\xBD");
            else
                array_push(x, (char)c);
            p++;
            continue;
        }
        /* A well-formed multi-byte sequence is copied; anything else becomes one U+FFFD per byte. */
        int n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        uint32_t cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        int k = 1;
        while (n && k < n && (p[k] & 0xC0) == 0x80)
            cp = (cp << 6) | (p[k++] & 0x3F);
        bool ok = n && k == n && !(n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)) &&
                  !(n == 4 && (cp < 0x10000 || cp > 0x10FFFF));
        if (ok) {
            for (int i = 0; i < n; i++)
                array_push(x, (char)p[i]);
            p += n;
        } else {
            xml_put(x, "\xEF\xBF\xBD");
            p++;
        }
    }
}

static void junit_file(LspReport *r, const LspCheckFile *f)
{
    bool failed = lsp_check_file_has_error(f);
    r->failed_files += failed;
    Text lines = {0};
    uint32_t errors = 0;
    for (uint32_t i = 0; i < f->findings.size; i++) {
        const LspFinding *d = &f->findings.contents[i];
        Place p = place_of(f, d);
        char head[64];
        snprintf(head, sizeof head, ":%u:%u: %s: ", p.line, p.col, severity_word(d->severity));
        xml_escape(&lines, f->shown);
        xml_escape(&lines, head);
        xml_escape(&lines, d->message);
        xml_put(&lines, " [");
        xml_escape(&lines, d->code);
        xml_put(&lines, "]\n");
        errors += d->severity == CORE_SEV_ERROR;
    }
    array_push(&lines, '\0');
    Text *x = &r->xml;
    xml_put(x, "    <testcase classname=\"progress-ls.check\" name=\"");
    xml_escape(x, f->shown);
    xml_put(x, "\" file=\"");
    xml_escape(x, f->shown);
    xml_put(x, "\">\n");
    if (failed) {
        char msg[96];
        snprintf(msg, sizeof msg, "%u error%s, %u finding%s in all", errors, errors == 1 ? "" : "s", f->findings.size,
                 f->findings.size == 1 ? "" : "s");
        xml_put(x, "      <failure type=\"progress-ls\" message=\"");
        xml_put(x, msg);
        xml_put(x, "\">");
        xml_put(x, lines.contents);
        xml_put(x, "</failure>\n");
    } else if (f->findings.size) {
        xml_put(x, "      <system-out>");
        xml_put(x, lines.contents);
        xml_put(x, "</system-out>\n");
    }
    xml_put(x, "    </testcase>\n");
    array_delete(&lines);
}

static void junit_end(LspReport *r)
{
    fprintf(r->out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"progress-ls check\" tests=\"%u\" failures=\"%u\" errors=\"0\">\n"
            "  <testsuite name=\"progress-ls check\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"0\">\n",
            r->files, r->failed_files, r->files, r->failed_files);
    fwrite(r->xml.contents, 1, r->xml.size, r->out);
    fputs("  </testsuite>\n</testsuites>\n", r->out);
}

/* ---------------------------------------------------------------- dispatch */

void lsp_report_file(LspReport *r, const LspCheckFile *f)
{
    r->files++;
    r->findings += f->findings.size;
    switch (r->format) {
    case LSP_REPORT_SARIF:
        sarif_file(r, f);
        return;
    case LSP_REPORT_JUNIT:
        junit_file(r, f);
        return;
    default:
        break;
    }
    for (uint32_t i = 0; i < f->findings.size; i++) {
        const LspFinding *d = &f->findings.contents[i];
        Place p = place_of(f, d);
        switch (r->format) {
        case LSP_REPORT_CONCISE:
        case LSP_REPORT_FULL:
            fprintf(r->out, "%s:%u:%u: %s: %s [%s]\n", f->shown, p.line, p.col, severity_word(d->severity), d->message,
                    d->code);
            if (r->format == LSP_REPORT_FULL)
                put_excerpt(r->out, f, d, &p);
            break;
        case LSP_REPORT_GITHUB:
            put_github_finding(r->out, f, d, &p);
            break;
        case LSP_REPORT_JSON:
            json_finding(&r->json, f, d, &p);
            break;
        case LSP_REPORT_JSON_LINES:
            json_finding(&r->json, f, d, &p);
            flush_line(r, &r->json);
            break;
        default:
            break;
        }
    }
}

void lsp_report_end(LspReport *r)
{
    if (!r)
        return;
    if (r->format == LSP_REPORT_JSON) {
        lsp_out_arr_end(&r->json);
        flush_line(r, &r->json);
    } else if (r->format == LSP_REPORT_SARIF) {
        sarif_end(r);
    } else if (r->format == LSP_REPORT_JUNIT) {
        junit_end(r);
    }
    fflush(r->out);
    lsp_out_free(&r->json);
    array_delete(&r->rules);
    array_delete(&r->xml);
    free(r);
}
