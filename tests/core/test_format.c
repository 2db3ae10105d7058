/* test_format.c — the formatter: canonical layout by example, Enter in lists, and its promises over every file. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_read.h"
#include "edits_apply.h"
#include "model_meaning.h"
#include "progress/core.h"
#include "progress/format.h"

/* `text` formatted over lines [first, last] with `opts` (NULL: defaults); caller frees. */
static char *format_lines(const char *text, size_t len, const CoreFormatOptions *opts, uint32_t first, uint32_t last)
{
    CoreDoc *doc = core_doc_new(text, len);
    CoreEditList edits;
    cr_assert_eq(core_format(doc, opts, first, last, &edits), 0);
    char *out = edits_apply(text, len, edits.items, edits.count, NULL);
    cr_assert_not_null(out, "the edits are in order, in range and do not overlap");
    core_edit_list_free(&edits);
    core_doc_free(doc);
    return out;
}

static char *format_text(const char *text)
{
    return format_lines(text, strlen(text), NULL, 0, UINT32_MAX);
}

/* Inline arrays, not pointers: Criterion runs each case in a fresh process, where pointers would dangle. */
typedef struct {
    char name[48];
    char before[240];
    char after[240];
} FormatCase;

ParameterizedTestParameters(format, canonical)
{
    static FormatCase cases[] = {
        {"already canonical", "=== Notes ===\n- a\n- b\n", "=== Notes ===\n- a\n- b\n"},
        {"header spacing", "===Notes===\n- a\n", "=== Notes ===\n- a\n"},
        {"header spelling", "==== files  modified =====\nsrc/a.c\n", "=== Files Modified ===\nsrc/a.c\n"},
        {"unknown header keeps its name", "=== Notes ===\n===  Scratch  pad ===\nx\n", "=== Notes ===\n\n=== Scratch  pad ===\nx\n"},
        {"indented header", "  === Notes ===\n- a\n", "=== Notes ===\n- a\n"},
        {"blank line inserted between sections", "=== Notes ===\n- a\n=== Known Issues ===\nNone\n",
         "=== Notes ===\n- a\n\n=== Known Issues ===\nNone\n"},
        {"blank runs collapse", "=== Notes ===\n- a\n\n\n\n- b\n\n\n\n=== Known Issues ===\nNone\n",
         "=== Notes ===\n- a\n\n- b\n\n=== Known Issues ===\nNone\n"},
        {"no blank after a header", "=== Notes ===\n\n\n- a\n", "=== Notes ===\n- a\n"},
        {"no blank at the start", "\n\n=== Notes ===\n- a\n", "=== Notes ===\n- a\n"},
        {"no blank at the end", "=== Notes ===\n- a\n\n\n\n", "=== Notes ===\n- a\n"},
        {"final newline added", "=== Notes ===\n- a", "=== Notes ===\n- a\n"},
        {"spaces on the last line", "=== Notes ===\n- a\n   ", "=== Notes ===\n- a\n"},
        {"trailing spaces", "=== Notes ===   \n- a  \t\n", "=== Notes ===\n- a\n"},
        {"one space after a bullet", "=== Notes ===\n-   a\n-\tb\n", "=== Notes ===\n- a\n- b\n"},
        {"majority bullet", "=== Notes ===\n* a\n- b\n* c\n", "=== Notes ===\n* a\n* b\n* c\n"},
        {"tie: the first bullet", "=== Notes ===\n* a\n- b\n", "=== Notes ===\n* a\n* b\n"},
        {"tie: the bullet the rest of the file uses", "=== Key Decisions ===\n- k\n- l\n\n=== Notes ===\n* a\n- b\n",
         "=== Key Decisions ===\n- k\n- l\n\n=== Notes ===\n- a\n- b\n"},
        {"tie in the file too: the first used", "=== Key Decisions ===\n* k\n- l\n\n=== Notes ===\n- a\n* b\n",
         "=== Key Decisions ===\n* k\n* l\n\n=== Notes ===\n- a\n- b\n"},
        {"bullets per section", "=== Notes ===\n* a\n\n=== Known Issues ===\n- b\n",
         "=== Notes ===\n* a\n\n=== Known Issues ===\n- b\n"},
        {"indentation kept", "=== Notes ===\n- a\n    * detail  \n", "=== Notes ===\n- a\n    - detail\n"},
        {"bare bullet", "=== Notes ===\n- a\n*   \n", "=== Notes ===\n- a\n-\n"},
        {"field colon spacing", "=== Session State ===\nNext task :   write it\nBlockers:None\n",
         "=== Session State ===\nNext task: write it\nBlockers: None\n"},
        {"empty field", "=== Session State ===\nNext task:   \n", "=== Session State ===\nNext task:\n"},
        {"value kept word for word", "=== Session State ===\nComplexity level:  medum  \n",
         "=== Session State ===\nComplexity level: medum\n"},
        {"a rewrite that would mean more stays", "=== Session State ===\nComplexity level:(Medium)\n",
         "=== Session State ===\nComplexity level:(Medium)\n"},
        {"colons outside Session State are words", "=== Notes ===\n- Key :  value\n", "=== Notes ===\n- Key :  value\n"},
        {"text before the first header", "Scratch notes   \n\n\n=== Notes ===\n- a\n",
         "Scratch notes\n\n=== Notes ===\n- a\n"},
        {"malformed header left as it is", "=== Notes ===\n- a\n== Known Issues\nNone\n",
         "=== Notes ===\n- a\n== Known Issues\nNone\n"},
        {"CRLF kept", "=== Notes ===\r\n- a  \r\n=== Known Issues ===\r\nNone\r\n",
         "=== Notes ===\r\n- a\r\n\r\n=== Known Issues ===\r\nNone\r\n"},
        {"plus and dot bullets count too", "=== Notes ===\n+ a\n+ b\n\xE2\x80\xA2 c\n- d\n",
         "=== Notes ===\n+ a\n+ b\n+ c\n+ d\n"},
        {"numbers keep their number", "=== Notes ===\n1.   a\n2)\tb\n7. c\n", "=== Notes ===\n1. a\n2) b\n7. c\n"},
        {"marks kept", "=== Notes ===\n*   [ ] a\n- [x]  b  \n-  \xE2\x9C\x85 c\n",
         "=== Notes ===\n- [ ] a\n- [x]  b\n- \xE2\x9C\x85 c\n"},
        {"bulleted field", "=== Session State ===\n-  Next task :  y\n", "=== Session State ===\n- Next task: y\n"},
        {"bold field left as written", "=== Session State ===\n**Next task:**   y  \n",
         "=== Session State ===\n**Next task:**   y\n"},
        {"group label and details", "=== Files Modified ===\nTests:  \n*  `a.c:12` \xE2\x80\x94 why\n    -   detail\n",
         "=== Files Modified ===\nTests:\n* `a.c:12` \xE2\x80\x94 why\n    * detail\n"},
        {"not progress format: untouched", "# Title\n\n\n*  a   \n", "# Title\n\n\n*  a   \n"},
        {"empty document", "", ""},
        /* fuzz_format: emptying this blank line would join the lone CR above and its LF into one CRLF */
        {"spaces kept on a blank line after a lone CR", "=== Notes ===\n- a\r \n=== Known Issues ===\nNone\n",
         "=== Notes ===\n- a\r \n=== Known Issues ===\nNone\n"},
        /* fuzz_format: the first blank lines of a run stay, so none after a lone CR is dropped into a CRLF */
        {"blank lines after a lone CR", "=== Notes ===\n- a\r\r \n\n=== Known Issues ===\nNone\n",
         "=== Notes ===\n- a\r\r=== Known Issues ===\nNone\n"},
    };
    return cr_make_param_array(FormatCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(FormatCase *c, format, canonical)
{
    char *out = format_text(c->before);
    cr_expect_str_eq(out, c->after, "%s", c->name);
    char *again = format_text(out);
    cr_expect_str_eq(again, out, "%s: formatting twice changes nothing more", c->name);
    free(again);
    free(out);
}

Test(format, bullet_setting_overrides_the_majority)
{
    CoreFormatOptions opts;
    core_format_options_init(&opts);
    opts.bullet = CORE_BULLET_STYLE_STAR;
    const char *text = "=== Notes ===\n- a\n- b\n";
    char *out = format_lines(text, strlen(text), &opts, 0, UINT32_MAX);
    cr_expect_str_eq(out, "=== Notes ===\n* a\n* b\n");
    free(out);
    cr_expect_eq(core_bullet_style_of("star", 4), CORE_BULLET_STYLE_STAR);
    cr_expect_eq(core_bullet_style_of("-", 1), CORE_BULLET_STYLE_DASH);
    cr_expect_eq(core_bullet_style_of("majority", 8), CORE_BULLET_STYLE_MAJORITY);
    cr_expect_eq(core_bullet_style_of("+", 1), CORE_BULLET_STYLE_PLUS);
    cr_expect_eq(core_bullet_style_of("1.", 2), -1);
}

Test(format, client_options_keep_what_they_ask_for)
{
    CoreFormatOptions opts;
    core_format_options_init(&opts);
    opts.keep_trailing_spaces = true;
    opts.keep_final_blank_lines = true;
    opts.no_final_newline = true;
    const char *text = "=== Notes ===  \n-  a  \n\n\n";
    char *out = format_lines(text, strlen(text), &opts, 0, UINT32_MAX);
    cr_expect_str_eq(out, "=== Notes ===  \n- a  \n\n\n");
    free(out);
    const char *no_eol = "=== Notes ===\n- a";
    out = format_lines(no_eol, strlen(no_eol), &opts, 0, UINT32_MAX);
    cr_expect_str_eq(out, no_eol);
    free(out);
}

Test(format, range_touches_only_its_lines)
{
    const char *text = "===notes===\n*  a  \n- b\n- c\n\n\n\n===known issues===\nNone  \n";
    /* Lines 1..2 only: the bullets there follow the section's majority (`-`), nothing else moves. */
    char *out = format_lines(text, strlen(text), NULL, 1, 2);
    cr_expect_str_eq(out, "===notes===\n- a\n- b\n- c\n\n\n\n===known issues===\nNone  \n");
    free(out);
    /* Lines 4..7: two of the three blank lines go and the header is spelled out. */
    out = format_lines(text, strlen(text), NULL, 4, 7);
    cr_expect_str_eq(out, "===notes===\n*  a  \n- b\n- c\n\n=== Known Issues ===\nNone  \n");
    free(out);
    /* A range past the end is clamped; a reversed one is empty. */
    out = format_lines(text, strlen(text), NULL, 8, 900);
    cr_expect_str_eq(out, "===notes===\n*  a  \n- b\n- c\n\n\n\n===known issues===\nNone\n");
    free(out);
    out = format_lines(text, strlen(text), NULL, 5, 2);
    cr_expect_str_eq(out, text);
    free(out);
}

/* ---------------------------------------------------------------- Enter in a list */

typedef struct {
    char name[48];
    char before[160]; /* the text right after Enter, `|` marking where the cursor is */
    char after[160];
} EnterCase;

ParameterizedTestParameters(format, on_enter)
{
    static EnterCase cases[] = {
        {"dash", "=== Notes ===\n- a\n|\n", "=== Notes ===\n- a\n- \n"},
        {"star", "=== Notes ===\n* a\n|\n", "=== Notes ===\n* a\n* \n"},
        {"indented, editor indent replaced", "=== Notes ===\n- a\n  - b\n  |\n", "=== Notes ===\n- a\n  - b\n  - \n"},
        {"split an item", "=== Notes ===\n- a\n|b\n", "=== Notes ===\n- a\n- b\n"},
        {"bare bullet ends the list", "=== Notes ===\n- a\n- \n|\n", "=== Notes ===\n- a\n\n\n"},
        {"editor already continued", "=== Notes ===\n- a\n- |\n", "=== Notes ===\n- a\n- \n"},
        {"not after an item", "=== Notes ===\nplain\n|\n", "=== Notes ===\nplain\n\n"},
        {"number goes up", "=== Notes ===\n9. a\n|\n", "=== Notes ===\n9. a\n10. \n"},
        {"number with a parenthesis", "=== Notes ===\n1) a\n|\n", "=== Notes ===\n1) a\n2) \n"},
        {"checklist goes on open", "=== Notes ===\n- [x] a\n|\n", "=== Notes ===\n- [x] a\n- [ ] \n"},
        {"plus bullet", "=== Notes ===\n+ a\n|\n", "=== Notes ===\n+ a\n+ \n"},
        {"an emoji mark stays with its item", "=== Notes ===\n- \xE2\x9C\x85 a\n|\n", "=== Notes ===\n- \xE2\x9C\x85 a\n- \n"},
        {"bare bullet and box end the list", "=== Notes ===\n- a\n- [ ]\n|\n", "=== Notes ===\n- a\n\n\n"},
        {"not progress format", "- a\n|\n", "- a\n\n"},
        {"first line", "|=== Notes ===\n", "=== Notes ===\n"},
    };
    return cr_make_param_array(EnterCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(EnterCase *c, format, on_enter)
{
    char text[160];
    const char *bar = strchr(c->before, '|');
    size_t at = (size_t)(bar - c->before);
    memcpy(text, c->before, at);
    strcpy(text + at, bar + 1);
    CorePos pos = {0, 0};
    for (size_t i = 0; i < at; i++)
        pos = text[i] == '\n' ? (CorePos){pos.line + 1, 0} : (CorePos){pos.line, pos.col + 1};
    CoreDoc *doc = core_doc_new(text, strlen(text));
    CoreEditList edits;
    cr_assert_eq(core_format_on_enter(doc, pos, &edits), 0);
    char *out = edits_apply(text, strlen(text), edits.items, edits.count, NULL);
    cr_assert_not_null(out);
    cr_expect_str_eq(out, c->after, "%s", c->name);
    free(out);
    core_edit_list_free(&edits);
    core_doc_free(doc);
}

/* ---------------------------------------------------------------- promises over every file */

/* Formatting `text` is lossless (the meaning stays) and idempotent; the formatted text is returned (caller frees). */
static char *check_promises(const char *name, const char *text, size_t len)
{
    CoreDoc *doc = core_doc_new(text, len);
    CoreEditList edits;
    cr_assert_eq(core_format(doc, NULL, 0, UINT32_MAX, &edits), 0);
    size_t out_len;
    char *out = edits_apply(text, len, edits.items, edits.count, &out_len);
    cr_assert_not_null(out, "%s: edits in order and in range", name);
    CoreDoc *formatted = core_doc_new(out, out_len);
    char *m1 = model_meaning(doc), *m2 = model_meaning(formatted);
    cr_assert_str_eq(m2, m1, "%s: the model of fmt(x) equals the model of x", name);
    CoreEditList again;
    core_format(formatted, NULL, 0, UINT32_MAX, &again);
    cr_assert_eq(again.count, 0, "%s: fmt(fmt(x)) == fmt(x), yet %zu more edits, the first at line %u", name,
                 again.count, again.count ? again.items[0].range.start.line : 0);
    if (core_doc_section_count(doc) == 0)
        cr_assert(out_len == len && memcmp(out, text, len) == 0, "%s: not progress format, untouched", name);
    free(m1);
    free(m2);
    core_edit_list_free(&again);
    core_edit_list_free(&edits);
    core_doc_free(formatted);
    core_doc_free(doc);
    return out;
}

static void corpus_promises(const CorpusFile *file, void *data)
{
    (void)data;
    free(check_promises(file->name, file->text, file->len));
}

Test(format, corpus_lossless_and_idempotent)
{
    corpus_each(corpus_promises, NULL);
    /* tests/corpus/real: files in the shapes agents and people write them. */
    DIR *dir = opendir(CORPUS_DIR "/real");
    cr_assert_not_null(dir);
    struct dirent *d;
    int n = 0;
    while ((d = readdir(dir)) != NULL) {
        size_t nl = strlen(d->d_name);
        if (nl < 5 || strcmp(d->d_name + nl - 4, ".txt") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/real/%s", CORPUS_DIR, d->d_name);
        size_t len;
        char *text = corpus_read_path(path, &len);
        free(check_promises(d->d_name, text, len));
        free(text);
        n++;
    }
    closedir(dir);
    cr_assert_gt(n, 0, "no files in tests/corpus/real");
}

/* Pieces real files are made of, layout variations included: random files are drawn from these. */
static const char *const pieces[] = {
    "=== Session State ===", "===session state===", "  ====  Notes ==", "=== Notes ===", "=== Files Modified ===",
    "=== Files To Modify ===", "=== Interfaces Defined ===", "=== Known Issues ===", "=== Scratch ===", "== Notes",
    "", "", "", "   ", "\t", "- a note", "*  another note  ", "-\tthird", "-", "* ", "  - detail", "    * deeper",
    "Last completed: x", "Next task :  y ", "Blockers:None", "Current phase: 2 of 4 (Build)", "Complexity level:Large",
    "Complexity level:(Medium)", "Key:(x)", "src/a.c (create)", "- src/b.c  (reason: f(x))", "None", "- None.",
    "gen(a: int) -> str", "* gen2(b): [type]", "[placeholder text]", "prose: with a colon", "x = (1)", "é ü 漢字",
    "- ✅ done", "- [ ] open", "- [x] closed", "1. first", "2) second", "+ plus", "• dot", "`src/c.c` — comment",
    "**Blockers:** x", "**Next task**:  y", "- Next task:z", "  1.  nested", "- [ ]", "~~struck~~", "- ~~gone~~ x",
    "`src/a.c:12` — c", "`a.c`, `b.c` - both", "Tests:", "**ONLY modify:**", "src/d.c: why", "- [X]  ❌ two marks",
    "   * deeper (create)", "def gen(a) -> b", "Phase 2/4 - build", "Complexity level: Medium (tricky)",
};

static char *random_file(uint32_t *seed, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    uint32_t count = (*seed >> 4) % 40;
    static const char *const eols[] = {"\n", "\n", "\n", "\r\n", "\r"};
    bool crlf = (*seed & 7) == 0;
    for (uint32_t i = 0; i < count; i++) {
        *seed = *seed * 1103515245u + 12345u;
        const char *p = pieces[(*seed >> 8) % (sizeof pieces / sizeof pieces[0])];
        const char *eol = crlf ? "\r\n" : eols[(*seed >> 20) % 3];
        if (i + 1 == count && (*seed & 0x100))
            eol = "";
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", p, eol);
    }
    *len = n;
    return buf;
}

Test(format, random_files_lossless_and_idempotent)
{
    uint32_t seed = 20261202;
    for (int i = 0; i < 3000; i++) {
        size_t len;
        char *text = random_file(&seed, &len);
        char name[32];
        snprintf(name, sizeof name, "random file %d", i);
        free(check_promises(name, text, len));
        free(text);
    }
}

/* Every input that once broke fuzz_format (its crash-… seeds) keeps the promises: a bullet tie broken by the rest of
 * the file once changed on the second pass, since the file's raw counts move as the first pass converts groups; an
 * unclosed fence running to the empty end once gained a line at every pass. */
Test(format, fuzz_crash_seeds_lossless_and_idempotent)
{
    const char *seeds = CORPUS_DIR "/../fuzz/corpus/format";
    DIR *dir = opendir(seeds);
    cr_assert_not_null(dir);
    struct dirent *d;
    int n = 0;
    while ((d = readdir(dir)) != NULL) {
        if (strncmp(d->d_name, "crash-", 6) != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", seeds, d->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "%s", path);
        char text[65536];
        size_t len = fread(text, 1, sizeof text, f);
        fclose(f);
        /* As fuzz_format reads a seed: its first four bytes choose the edit, the rest is the document. */
        size_t skip = len < 4 ? len : 4;
        free(check_promises(d->d_name, text + skip, len - skip));
        n++;
    }
    closedir(dir);
    cr_assert_geq(n, 5, "the crash seeds are there (%d)", n);
}
