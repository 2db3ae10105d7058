/* test_workspace_index.c — the path index: normalization, folders derived from files, removal, listing and ranking. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "index/path_index.h"
#include "progress/core.h"

/* Criterion copies parameters into each test's process: strings live inside the struct. */
struct norm_case {
    char in[24];
    int result; /* the cleaned length, or UV_EINVAL */
    char out[24];
};

ParameterizedTestParameters(path_index, normalize)
{
    static struct norm_case cases[] = {
        {"src/a.c", 7, "src/a.c"},
        {"./src/a.c", 7, "src/a.c"},
        {"src//a.c", 7, "src/a.c"},
        {"src/./a.c", 7, "src/a.c"},
        {"src/", 3, "src"},
        {".", 0, ""},
        {"", 0, ""},
        {"a/.../b", 7, "a/.../b"},
        {"..", UV_EINVAL, ""},
        {"../etc/passwd", UV_EINVAL, ""},
        {"src/../../x", UV_EINVAL, ""},
        {"a/..", UV_EINVAL, ""},
        {"/etc/passwd", UV_EINVAL, ""},
        {"a\\b", UV_EINVAL, ""},
        {"a\tb", UV_EINVAL, ""},
    };
    return cr_make_param_array(struct norm_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct norm_case *c, path_index, normalize)
{
    char out[32];
    int n = lsp_path_normalize(c->in, strlen(c->in), out);
    cr_assert_eq(n, c->result, "normalize(\"%s\") = %d, expected %d", c->in, n, c->result);
    if (n >= 0)
        cr_assert_str_eq(out, c->out);
}

struct join_case {
    char dir[16];
    char rel[24];
    int result;
    char out[32];
};

ParameterizedTestParameters(path_index, join)
{
    static struct join_case cases[] = {
        {"a/b", "c.txt", 9, "a/b/c.txt"},
        {"a/b", "../c.txt", 7, "a/c.txt"},
        {"a/b", "../../c", 1, "c"},
        {"a/b", "./x/../y", 5, "a/b/y"},
        {"", "x", 1, "x"},
        {"a/b", "../../../c", UV_EINVAL, ""}, /* climbs above the root */
        {"", "..", UV_EINVAL, ""},
        {"a", "/etc/passwd", UV_EINVAL, ""},
    };
    return cr_make_param_array(struct join_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct join_case *c, path_index, join)
{
    char out[64];
    int n = lsp_path_join(c->dir, strlen(c->dir), c->rel, strlen(c->rel), out);
    cr_assert_eq(n, c->result, "join(\"%s\", \"%s\") = %d, expected %d", c->dir, c->rel, n, c->result);
    if (n >= 0)
        cr_assert_str_eq(out, c->out);
}

static LspPathIndex *idx;

static void add(const char *path)
{
    cr_assert_eq(lsp_path_index_add(idx, path, strlen(path)), 0, "adding %s", path);
}

static LspPathKind kind(const char *path)
{
    return lsp_path_index_kind(idx, path, strlen(path));
}

static void setup(void)
{
    idx = lsp_path_index_new();
}

static void teardown(void)
{
    lsp_path_index_free(idx);
}

TestSuite(path_index, .init = setup, .fini = teardown);

Test(path_index, folders_come_from_files)
{
    add("src/auth/token.py");
    add("src/auth/session.py");
    add("README.md");
    cr_assert_eq(kind("src"), LSP_PATH_DIR);
    cr_assert_eq(kind("src/auth"), LSP_PATH_DIR);
    cr_assert_eq(kind("src/auth/token.py"), LSP_PATH_FILE);
    cr_assert_eq(kind("README.md"), LSP_PATH_FILE);
    cr_assert_eq(kind("src/au"), LSP_PATH_NONE);
    cr_assert_eq(kind(""), LSP_PATH_DIR, "the empty path is the root");
    cr_assert_eq(lsp_path_index_file_count(idx), 3);
    cr_assert_eq(lsp_path_index_dir_count(idx), 2);
}

Test(path_index, adding_twice_changes_nothing)
{
    add("a/b.txt");
    add("a/b.txt");
    cr_assert_eq(lsp_path_index_file_count(idx), 1);
    cr_assert_eq(lsp_path_index_add(idx, "a", 1), UV_EINVAL, "a folder is not a file");
    cr_assert_eq(lsp_path_index_add(idx, "a/b.txt/c", 9), UV_EINVAL, "a file is not a folder");
    cr_assert_eq(lsp_path_index_add(idx, "", 0), UV_EINVAL);
}

Test(path_index, removing_the_last_file_removes_its_folders)
{
    add("a/b/c.txt");
    add("a/d.txt");
    cr_assert_eq(lsp_path_index_remove(idx, "a/b/c.txt", 9), 1);
    cr_assert_eq(kind("a/b"), LSP_PATH_NONE);
    cr_assert_eq(kind("a"), LSP_PATH_DIR, "a/d.txt keeps it");
    cr_assert_eq(lsp_path_index_remove(idx, "a/d.txt", 7), 1);
    cr_assert_eq(kind("a"), LSP_PATH_NONE);
    cr_assert_eq(lsp_path_index_dir_count(idx), 0);
    cr_assert_eq(lsp_path_index_remove(idx, "nothing", 7), 0);
}

Test(path_index, removing_a_folder_removes_everything_under_it)
{
    add("src/a.c");
    add("src/sub/b.c");
    add("src2/c.c");
    cr_assert_eq(lsp_path_index_remove(idx, "src", 3), 2);
    cr_assert_eq(kind("src/sub/b.c"), LSP_PATH_NONE);
    cr_assert_eq(kind("src/sub"), LSP_PATH_NONE);
    cr_assert_eq(kind("src2/c.c"), LSP_PATH_FILE, "a sibling sharing the prefix stays");
}

Test(path_index, many_removals_compact_and_keep_lookups_right)
{
    char path[64];
    for (int i = 0; i < 20000; i++) {
        snprintf(path, sizeof path, "d%d/f%d.txt", i % 97, i);
        add(path);
    }
    for (int i = 0; i < 20000; i += 2) {
        snprintf(path, sizeof path, "d%d/f%d.txt", i % 97, i);
        cr_assert_eq(lsp_path_index_remove(idx, path, strlen(path)), 1);
    }
    cr_assert_eq(lsp_path_index_file_count(idx), 10000);
    for (int i = 0; i < 20000; i++) {
        snprintf(path, sizeof path, "d%d/f%d.txt", i % 97, i);
        cr_assert_eq(kind(path), i % 2 ? LSP_PATH_FILE : LSP_PATH_NONE, "%s", path);
    }
    size_t total;
    LspPathMatch out[4];
    lsp_path_index_complete(idx, "d1/", 3, NULL, 0, out, 4, &total);
    size_t expected = 0;
    for (int i = 1; i < 20000; i += 2)
        expected += i % 97 == 1;
    cr_assert_eq(total, expected, "the folder's files counted after compaction");
}

/* The paths `complete` offers for `token`, best first, joined by spaces (kept by the caller). */
static const char *completions(const char *token, const LspPathRef *listed, size_t listed_count, size_t *total)
{
    static char text[1024];
    LspPathMatch out[16];
    size_t n = lsp_path_index_complete(idx, token, strlen(token), listed, listed_count, out, 16, total);
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s%s", i ? " " : "", lsp_path_index_path(idx, out[i].id, NULL));
    }
    return text;
}

Test(path_index, a_folder_lists_its_entries_then_the_files_below_it)
{
    add("src/z.c");
    add("src/b/x.c");
    add("src/a.c");
    add("src/a/deep/y.c");
    add("top.txt");
    size_t total;
    cr_assert_str_eq(completions("src/", NULL, 0, &total), "src/a src/b src/a.c src/z.c src/b/x.c src/a/deep/y.c",
                     "own folders, own files, then the files below, shallow first; no deeper folder");
    cr_assert_eq(total, 6);
    cr_assert_str_eq(completions("", NULL, 0, &total), "src top.txt", "nothing typed: the root's own entries only");
    cr_assert_str_eq(completions("top.txt/", NULL, 0, &total), "", "a file has no entries");
    cr_assert_eq(total, 0);
}

Test(path_index, a_deep_file_is_offered_in_one_step)
{
    add("src/api/v1/handlers/session_store.py");
    add("src/api/v1/routes.py");
    add("src/sessions.md");
    size_t total;
    cr_assert_str_eq(completions("sess", NULL, 0, &total), "src/sessions.md src/api/v1/handlers/session_store.py",
                     "names matching anywhere, without descending folder by folder");
    cr_assert_str_eq(completions("src/sto", NULL, 0, &total), "src/api/v1/handlers/session_store.py");
}

Test(path_index, a_word_finds_nested_folders_and_a_folder_brings_its_entries)
{
    add("src/auth/session.py");
    add("src/auth/token.py");
    add("src/api/auth.py");
    add("data/storage/blob.py");
    add("lib/only.py");
    size_t total;
    cr_assert_str_eq(completions("auth", NULL, 0, &total), "src/auth src/api/auth.py src/auth/session.py src/auth/token.py",
                     "the nested folder and the file by name, then the folder's own entries");
    cr_assert_eq(total, 4);
    cr_assert_str_eq(completions("storage", NULL, 0, &total), "data/storage data/storage/blob.py");
    cr_assert_str_eq(completions("li", NULL, 0, &total), "lib lib/only.py", "a lone folder is never a sole match");
    cr_assert_str_eq(completions("src/", NULL, 0, &total), "src/api src/auth src/api/auth.py src/auth/token.py src/auth/session.py",
                     "nothing typed after the folder: no entries carried");
}

Test(path_index, changed_files_come_first_and_their_folders_with_them)
{
    add("src/a.c");
    add("src/b.c");
    add("lib/c.c");
    add("zeta/d.c");
    cr_assert_eq(lsp_path_index_set_changed(idx, "src/b.c", 7, true), 0);
    cr_assert_eq(lsp_path_index_set_changed(idx, "zeta/d.c", 8, true), 0);
    cr_assert_eq(lsp_path_index_set_changed(idx, "zeta", 4, true), UV_ENOENT, "only files are marked");
    cr_assert_eq(lsp_path_index_set_changed(idx, "nope.c", 6, true), UV_ENOENT);
    size_t total;
    cr_assert_str_eq(completions("src/", NULL, 0, &total), "src/b.c src/a.c");
    cr_assert_str_eq(completions("", NULL, 0, &total), "src zeta lib", "folders holding changes first");
    cr_assert_str_eq(completions("src/", NULL, 0, &total), "src/b.c src/a.c", "changed files first");
    cr_assert_str_eq(completions("c.c", NULL, 0, &total), "lib/c.c", "a match that is not changed still comes");
    LspPathMatch out[4];
    lsp_path_index_complete(idx, "", 0, NULL, 0, out, 4, NULL);
    cr_assert(lsp_path_index_changed(idx, out[0].id), "src holds a changed file");
    cr_assert(!lsp_path_index_changed(idx, out[2].id), "lib does not");
    lsp_path_index_set_changed(idx, "src/b.c", 7, false);
    cr_assert_str_eq(completions("src/", NULL, 0, &total), "src/a.c src/b.c", "a cleaned file ranks by name again");
    lsp_path_index_remove(idx, "zeta/d.c", 8);
    add("zeta/d.c");
    cr_assert_str_eq(completions("", NULL, 0, &total), "lib src zeta", "a removed file takes its mark with it, its folders too");
    lsp_path_index_set_changed(idx, "lib/c.c", 7, true);
    lsp_path_index_clear_changed(idx);
    cr_assert_str_eq(completions("", NULL, 0, &total), "lib src zeta");
}

Test(path_index, listed_paths_come_last)
{
    add("src/auth/session.py");
    add("src/auth/login.py");
    add("src/auth/logout.py");
    LspPathRef listed[] = {{"src/auth/login.py", 17}, {"./src//auth/session.py", 22}, {"not/there.py", 12}};
    size_t total;
    cr_assert_str_eq(completions("src/auth/", listed, 3, &total), "src/auth/logout.py src/auth/login.py src/auth/session.py");
    cr_assert_eq(total, 3, "listed paths are still there, at the end");
    cr_assert_str_eq(completions("log", listed, 3, &total), "src/auth/logout.py src/auth/login.py");
}

Test(path_index, editors_scratch_files_are_never_offered)
{
    const char *scratch[] = {"#progress.txt#", ".#progress.txt", "progress.txt~", ".progress.txt.swp", "src/.a.c.swo",
                             "src/#a.c#", "README.md.orig", "src/a.c.vsctmp", "src/a.c___jb_tmp___", "4913"};
    for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
        add(scratch[i]);
    add("progress.txt");
    add("src/a.c");
    size_t total;
    cr_assert_str_eq(completions("", NULL, 0, &total), "src progress.txt");
    cr_assert_str_eq(completions("progr", NULL, 0, &total), "progress.txt");
    cr_assert_str_eq(completions("src/", NULL, 0, &total), "src/a.c");
    cr_assert_eq(kind("#progress.txt#"), LSP_PATH_FILE, "still indexed: a link to it resolves");
}

Test(path_index, match_ranks_file_names_and_cuts_to_the_limit)
{
    add("src/auth/token.py");
    add("src/models/token.py");
    add("tests/auth/test_token.py");
    add("docs/tokenizer-notes.md");
    add("src/api/auth.py");
    LspPathMatch out[2];
    size_t matched;
    size_t n = lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, "token", 5, out, 2, &matched);
    cr_assert_eq(n, 2);
    cr_assert_eq(matched, 4, "four paths contain t-o-k-e-n in order");
    cr_assert_geq(out[0].score, out[1].score);
    for (size_t i = 0; i < n; i++) {
        const char *p = lsp_path_index_path(idx, out[i].id, NULL);
        cr_assert(strstr(p, "/token.py") != NULL, "a file named token.py first, got %s", p);
    }
}

Test(path_index, match_is_the_true_top_of_all_candidates)
{
    char path[64];
    for (int i = 0; i < 500; i++) {
        snprintf(path, sizeof path, "pkg%d/module_%d/file%d.c", i % 7, i % 13, i);
        add(path);
    }
    enum { LIMIT = 10 };
    LspPathMatch top[LIMIT], all[2048];
    size_t matched;
    size_t n = lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, "mod3f", 5, top, LIMIT, &matched);
    size_t m = lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, "mod3f", 5, all, 2048, NULL);
    cr_assert_eq(m, matched);
    cr_assert_eq(n, LIMIT);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(top[i].id, all[i].id, "rank %zu agrees with the full ranking", i);
    for (size_t i = 1; i < m; i++)
        cr_assert_geq(all[i - 1].score, all[i].score, "sorted best first");
}

/* A broad pattern fills the answer early, so most candidates are only bounded, not scored (path_rank.c's UNSCORED). */
struct top_case {
    LspMatchMode mode;
    char scope[16];
    char pattern[16];
};

ParameterizedTestParameters(path_index, the_top_of_a_broad_match_is_the_full_rankings)
{
    static struct top_case cases[] = {
        {LSP_MATCH_NAME, "", "f"},         {LSP_MATCH_NAME, "", "fi"},     {LSP_MATCH_NAME, "", "file1"},
        {LSP_MATCH_NAME, "", "m"},         {LSP_MATCH_NAME, "pkg3", "f"},  {LSP_MATCH_NAME, "pkg3", "module"},
        {LSP_MATCH_NAME, "pkg3", "c"}, {LSP_MATCH_PATH, "", "p"}, {LSP_MATCH_PATH, "", "pm"},
        {LSP_MATCH_PATH, "", "file"},      {LSP_MATCH_PATH, "pkg1", "c"},
    };
    return cr_make_param_array(struct top_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct top_case *c, path_index, the_top_of_a_broad_match_is_the_full_rankings)
{
    char path[64];
    for (int i = 0; i < 700; i++) {
        snprintf(path, sizeof path, "pkg%d/module_%d/%s%d.c", i % 7, i % 13, i % 3 ? "file" : "File_", i);
        add(path);
    }
    enum { LIMIT = 12, ALL = 2048 };
    LspPathMatch top[LIMIT], again[LIMIT], all[ALL];
    size_t n_top, n_again, n_all, m_top, m_again, m_all;
    const char *scope = c->scope, *pat = c->pattern;
    n_top = lsp_path_index_match(idx, c->mode, scope, strlen(scope), pat, strlen(pat), top, LIMIT, &m_top);
    /* The same pattern again: the remembered matches, some never scored. */
    n_again = lsp_path_index_match(idx, c->mode, scope, strlen(scope), pat, strlen(pat), again, LIMIT, &m_again);
    lsp_path_index_match(idx, c->mode, "", 0, "\x01", 1, all, 1, NULL); /* forget */
    n_all = lsp_path_index_match(idx, c->mode, scope, strlen(scope), pat, strlen(pat), all, ALL, &m_all);
    cr_assert_lt(n_all, (size_t)ALL);
    cr_assert_gt(n_all, (size_t)LIMIT, "a broad pattern: more matches than the answer holds");
    cr_assert_geq(m_top, m_all, "every match counted, scored or not (and some passed over unread)");
    cr_assert_geq(m_again, m_all);
    cr_assert_eq(n_top, (size_t)LIMIT);
    cr_assert_eq(n_again, (size_t)LIMIT);
    for (size_t i = 0; i < LIMIT; i++) {
        cr_assert_eq(top[i].id, all[i].id, "rank %zu: %s, the full ranking has %s", i,
                     lsp_path_index_path(idx, top[i].id, NULL), lsp_path_index_path(idx, all[i].id, NULL));
        cr_assert_eq(top[i].score, all[i].score);
        cr_assert_eq(again[i].id, all[i].id, "rank %zu asked again", i);
        cr_assert_eq(again[i].score, all[i].score);
    }
}

Test(path_index, empty_pattern_matches_everything)
{
    add("a/b.c");
    add("d.c");
    LspPathMatch out[8];
    size_t matched;
    lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, "", 0, out, 8, &matched);
    cr_assert_eq(matched, 3, "two files and one folder");
}

Test(path_index, match_within_a_folder_only_ranks_what_is_under_it)
{
    add("src/auth/token.py");
    add("src/authz/token.py");
    add("tests/auth/token_test.py");
    LspPathMatch out[8];
    size_t matched;
    size_t n = lsp_path_index_match(idx, LSP_MATCH_PATH, "src/auth", 8, "tok", 3, out, 8, &matched);
    cr_assert_eq(n, 1);
    cr_assert_eq(matched, 1);
    cr_assert_str_eq(lsp_path_index_path(idx, out[0].id, NULL), "src/auth/token.py");
    cr_assert_eq(lsp_path_index_match(idx, LSP_MATCH_PATH, "src/nothing", 11, "tok", 3, out, 8, &matched), 0);
    cr_assert_eq(matched, 0);
}

Test(path_index, typing_narrows_to_the_same_answers_as_a_fresh_match)
{
    char path[64];
    for (int i = 0; i < 3000; i++) {
        snprintf(path, sizeof path, "lib%d/Handler_%d/item%d.c", i % 11, i % 17, i);
        add(path);
    }
    LspPathIndex *fresh = lsp_path_index_new();
    for (int i = 0; i < 3000; i++) {
        snprintf(path, sizeof path, "lib%d/Handler_%d/item%d.c", i % 11, i % 17, i);
        lsp_path_index_add(fresh, path, strlen(path));
    }
    const char *typed = "hANdler_1/item1";
    enum { LIMIT = 20 };
    for (size_t len = 1; len <= strlen(typed); len++) {
        LspPathMatch a[LIMIT], b[LIMIT];
        size_t ma, mb;
        size_t na = lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, typed, len, a, LIMIT, &ma);
        lsp_path_index_match(fresh, LSP_MATCH_PATH, "", 0, "zzz", 3, b, LIMIT, NULL); /* forget the last pattern */
        size_t nb = lsp_path_index_match(fresh, LSP_MATCH_PATH, "", 0, typed, len, b, LIMIT, &mb);
        cr_assert_eq(ma, mb, "as many matches for \"%.*s\"", (int)len, typed);
        cr_assert_eq(na, nb);
        for (size_t i = 0; i < na; i++)
            cr_assert_str_eq(lsp_path_index_path(idx, a[i].id, NULL), lsp_path_index_path(fresh, b[i].id, NULL));
    }
    size_t before, after;
    LspPathMatch out[LIMIT];
    lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, typed, strlen(typed), out, LIMIT, &before);
    add("lib1/Handler_1/item1_new.c");
    lsp_path_index_match(idx, LSP_MATCH_PATH, "", 0, typed, strlen(typed), out, LIMIT, &after);
    cr_assert_eq(after, before + 1, "a change to the index is never hidden by the remembered matches");
    lsp_path_index_free(fresh);
}

Test(path_index, name_matching_starts_at_a_word_of_the_file_name)
{
    add("src/auth/token.py");
    add("src/access_token.py");
    add("lib/stock.py");
    add("tokens/readme.md");
    add("src/myToken.ts");
    LspPathMatch out[8];
    size_t matched;
    size_t n = lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, "tok", 3, out, 8, &matched);
    cr_assert_eq(matched, 4, "token.py, access_token.py, myToken.ts and the folder tokens");
    for (size_t i = 0; i < n; i++) {
        const char *p = lsp_path_index_path(idx, out[i].id, NULL);
        cr_assert(strcmp(p, "lib/stock.py") != 0, "\"tok\" inside a word does not count");
        cr_assert(strcmp(p, "tokens/readme.md") != 0, "only the name is matched, not its folders");
    }
    cr_assert_str_eq(lsp_path_index_path(idx, out[0].id, NULL), "tokens", "a name starting with the pattern first");
}

/* Criterion copies parameters into each test's process: strings live inside the struct. */
struct complete_case {
    char token[24];
    char first[32]; /* the expected best completion, "" for none */
    size_t total;
};

ParameterizedTestParameters(path_index, complete)
{
    static struct complete_case cases[] = {
        {"", "docs", 3},                     /* the root's own entries, folders first */
        {"src/", "src/auth", 4},             /* a folder's entries, then the files below it */
        {"./src//", "src/auth", 4},
        {"src/tok", "src/main_token.c", 2},  /* names under src: its own file first, then auth/token.py */
        {"tok", "docs/tokens.md", 3},        /* names anywhere; equal scores: the shorter path */
        {"s/a/tok", "src/auth/token.py", 1}, /* whole paths */
        {"nothing/", "", 0},
        {"../", "", 0},
        {"/etc/", "", 0},
    };
    return cr_make_param_array(struct complete_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct complete_case *c, path_index, complete)
{
    add("src/auth/token.py");
    add("src/main_token.c");
    add("src/README.md");
    add("docs/tokens.md");
    add("Makefile");
    LspPathMatch out[8];
    size_t total;
    size_t n = lsp_path_index_complete(idx, c->token, strlen(c->token), NULL, 0, out, 8, &total);
    cr_assert_eq(total, c->total, "\"%s\": %zu completions, expected %zu", c->token, total, c->total);
    if (c->first[0])
        cr_assert_str_eq(lsp_path_index_path(idx, out[0].id, NULL), c->first, "\"%s\"", c->token);
    else
        cr_assert_eq(n, 0);
}

Test(path_index, paths_added_between_keystrokes_are_matched)
{
    LspPathIndex *fresh = lsp_path_index_new();
    const char *typed = "handler";
    char path[64];
    for (size_t len = 1; len <= strlen(typed); len++) {
        for (int i = 0; i < 50; i++) {
            snprintf(path, sizeof path, "pkg%zu/handler_%d.c", len, i);
            add(path);
            lsp_path_index_add(fresh, path, strlen(path));
        }
        for (int again = 0; again < 2; again++) { /* the same pattern twice: answered from the scores kept */
            LspPathMatch a[16], b[16];
            size_t ma, mb;
            size_t na = lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, typed, len, a, 16, &ma);
            lsp_path_index_match(fresh, LSP_MATCH_NAME, "", 0, "zzz", 3, b, 16, NULL);
            size_t nb = lsp_path_index_match(fresh, LSP_MATCH_NAME, "", 0, typed, len, b, 16, &mb);
            cr_assert_eq(ma, mb, "as many matches for \"%.*s\" as a fresh index finds", (int)len, typed);
            cr_assert_eq(na, nb);
            for (size_t i = 0; i < na; i++) {
                cr_assert_eq(a[i].score, b[i].score);
                cr_assert_str_eq(lsp_path_index_path(idx, a[i].id, NULL), lsp_path_index_path(fresh, b[i].id, NULL));
            }
        }
    }
    lsp_path_index_free(fresh);
}

Test(path_index, next_file_visits_each_live_file_once_and_no_folder)
{
    LspPathIndex *idx = lsp_path_index_new();
    const char *files[] = {"progress.txt", "a/b/claude-progress.txt", "a/c.py", "d/e.txt"};
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(lsp_path_index_add(idx, files[i], strlen(files[i])), 0);
    lsp_path_index_remove(idx, "d", 1); /* a folder and its file go */
    uint32_t cursor = 0, id;
    int seen[3] = {0};
    size_t count = 0;
    while (lsp_path_index_next_file(idx, &cursor, &id)) {
        size_t len;
        const char *p = lsp_path_index_path(idx, id, &len);
        cr_assert_eq(lsp_path_index_entry_kind(idx, id), LSP_PATH_FILE, "%s", p);
        for (int k = 0; k < 3; k++)
            if (strcmp(p, files[k]) == 0)
                seen[k]++;
        count++;
    }
    cr_expect_eq(count, 3);
    for (int k = 0; k < 3; k++)
        cr_expect_eq(seen[k], 1, "%s", files[k]);
    cr_expect_not(lsp_path_index_next_file(idx, &cursor, &id)); /* stays at the end */
    lsp_path_index_free(idx);
}

/* Short names that match perfectly fill the answer: a long name is then passed over without its text being read
 * (a perfect match of its length could not enter), and the answer is still the full ranking's top. */
Test(path_index, long_names_passed_over_unread_leave_the_top_as_it_is)
{
    char path[160];
    for (int i = 0; i < 30; i++) { /* first, so that they fill the answer before the long names come */
        snprintf(path, sizeof path, "f%d.c", i);
        add(path);
    }
    for (int i = 0; i < 400; i++) {
        snprintf(path, sizeof path, "deep/folder/%s_%0*d.c", i % 2 ? "notes_for_the_fixture" : "fixture", 40 + i % 50, i);
        add(path);
    }
    enum { LIMIT = 12, ALL = 1024 };
    LspPathMatch top[LIMIT], all[ALL];
    size_t m_top, m_all;
    size_t n_top = lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, "f", 1, top, LIMIT, &m_top);
    lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, "\x01", 1, all, 1, NULL); /* forget */
    size_t n_all = lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, "f", 1, all, ALL, &m_all);
    cr_assert_eq(n_all, m_all, "every name holds an f: all 430 ranked");
    cr_assert_eq(n_top, (size_t)LIMIT);
    for (size_t i = 0; i < LIMIT; i++)
        cr_assert_eq(top[i].id, all[i].id, "rank %zu: %s, the full ranking has %s", i,
                     lsp_path_index_path(idx, top[i].id, NULL), lsp_path_index_path(idx, all[i].id, NULL));
    /* A narrower keystroke still finds a long name the first passed over. */
    lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, "f", 1, top, LIMIT, NULL);
    size_t n = lsp_path_index_match(idx, LSP_MATCH_NAME, "", 0, "fx", 2, top, LIMIT, &m_top);
    cr_assert_eq(n, (size_t)LIMIT, "the long names are still candidates");
    cr_assert_eq(m_top, 400, "only the long names hold an f, then an x");
    cr_assert(strstr(lsp_path_index_path(idx, top[0].id, NULL), "fixture") != NULL);
}
