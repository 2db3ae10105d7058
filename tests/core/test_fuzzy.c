/* test_fuzzy.c — the path matcher: which candidates match, and which of two ranks first. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "progress/core.h"

static int32_t score(const char *pattern, const char *candidate)
{
    return core_fuzzy_score(pattern, strlen(pattern), candidate, strlen(candidate));
}

/* Inline arrays, not pointers: Criterion runs each case in a fresh process, where pointers would dangle. */
typedef struct {
    char pattern[24];
    char candidate[40];
    bool matches;
} MatchCase;

ParameterizedTestParameters(fuzzy, matching)
{
    static MatchCase cases[] = {
        {"tok", "src/auth/token.py", true},
        {"TOK", "src/auth/token.py", true},
        {"sat", "src/auth/token.py", true},
        {"a/t", "src/auth/token.py", true},
        {"src/auth/token.py", "src/auth/token.py", true},
        {"", "anything", true},
        {"", "", true},
        {"tko", "src/auth/token.py", false},
        {"token.pyc", "src/auth/token.py", false},
        {"x", "", false},
        {"\xc3\xa9t\xc3\xa9", "docs/\xc3\xa9t\xc3\xa9.md", true},
        {"\xc3\x89", "docs/\xc3\xa9t\xc3\xa9.md", false}, /* only ASCII folds */
    };
    return cr_make_param_array(MatchCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(MatchCase *c, fuzzy, matching)
{
    int32_t s = score(c->pattern, c->candidate);
    if (c->matches)
        cr_assert_geq(s, 0, "\"%s\" should match \"%s\"", c->pattern, c->candidate);
    else
        cr_assert_eq(s, -1, "\"%s\" should not match \"%s\" (score %d)", c->pattern, c->candidate, s);
}

typedef struct {
    char pattern[16];
    char better[48];
    char worse[48];
    char why[48];
} RankCase;

ParameterizedTestParameters(fuzzy, ranking)
{
    static RankCase cases[] = {
        {"token", "src/auth/token.py", "src/token/auth.py", "match in the file name"},
        {"tok", "src/auth/token.py", "src/auth/stock.py", "consecutive at a segment start"},
        {"sess", "src/auth/session.py", "tests/auth/test_session.py", "file name prefix, shorter"},
        {"read", "README.md", "src/thread.c", "file name prefix"},
        {"ff", "fuzzy-finder", "fuzzyfinder", "segment starts after '-'"},
        {"fm", "src/FileManager.c", "src/filename.c", "camelCase hump"},
        {"api", "src/api/auth.py", "src/apps/pipeline.py", "consecutive run"},
        {"st", "src/auth/session_token.py", "src/auth/session.py", "start after '_'"},
        {"main", "main.c", "very/long/path/to/some/deep/main.c", "shorter candidate"},
        {"ab", "a_b", "axxxxxxxxb", "short gap at a boundary"},
        {"abc", "xabc", "xaxbxc", "no gaps"},
    };
    return cr_make_param_array(RankCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(RankCase *c, fuzzy, ranking)
{
    int32_t b = score(c->pattern, c->better), w = score(c->pattern, c->worse);
    cr_assert_gt(b, w, "\"%s\": \"%s\" (%d) should rank above \"%s\" (%d): %s", c->pattern, c->better, b, c->worse,
                 w, c->why);
}

Test(fuzzy, empty_pattern_scores_zero)
{
    cr_assert_eq(score("", "src/auth/token.py"), 0);
}

Test(fuzzy, scores_are_never_negative_even_for_huge_gaps)
{
    static char candidate[20001];
    memset(candidate, 'x', sizeof candidate - 1);
    candidate[0] = 'a';
    candidate[sizeof candidate - 2] = 'b';
    cr_assert_geq(score("ab", candidate), 0);
}

Test(fuzzy, long_patterns_are_scored_too)
{
    /* Past the search's fixed rows (128 bytes) the score comes from the leftmost alignment. */
    char candidate[301], pattern[301];
    for (int i = 0; i < 300; i++)
        candidate[i] = (char)('a' + i % 26);
    candidate[300] = '\0';
    memcpy(pattern, candidate, sizeof pattern);
    cr_assert_gt(score(pattern, candidate), 0);
    pattern[150] = '#';
    cr_assert_eq(score(pattern, candidate), -1);
    /* A whole-string match outranks the same pattern spread over a longer string. */
    char spread[602];
    for (int i = 0; i < 300; i++) {
        spread[2 * i] = candidate[i];
        spread[2 * i + 1] = '-';
    }
    spread[600] = '\0';
    cr_assert_gt(score(candidate, candidate), score(candidate, spread));
}

Test(fuzzy, reads_only_the_given_lengths)
{
    /* Neither string needs a NUL: the lengths bound the reads. */
    cr_assert_eq(core_fuzzy_score("tokXXX", 3, "src/token.pyYYY", 12),
                 core_fuzzy_score("tok", 3, "src/token.py", 12));
    cr_assert_eq(core_fuzzy_score("tokXXX", 3, "src/tYYY", 5), -1);
}

/* The bound ranks use to skip the alignment: never below the score, -1 exactly when there is no match. */
Test(fuzzy, the_bound_is_never_below_the_score)
{
    static const char *const candidates[] = {
        "src/auth/token.py", "src/auth/session_token.py", "SessionToken.ts", "a_b", "axxxxxxxxb", "xabc", "xaxbxc",
        "fuzzy-finder", "README.md", "very/long/path/to/some/deep/main.c", "s", "ss/s_s.s", "se/session", "S-E-S",
        "docs/\xc3\xa9t\xc3\xa9.md", "",
    };
    static const char *const patterns[] = {"s", "se", "ses", "sess", "session", "st", "tok", "a", "ab", "abc",
                                          "ff", "read", "main", "s/s", "x", "SE", "ss", "\xc3\xa9", "zz"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        for (size_t j = 0; j < sizeof patterns / sizeof *patterns; j++) {
            const char *c = candidates[i], *p = patterns[j];
            int32_t s = score(p, c), b = core_fuzzy_bound(p, strlen(p), c, strlen(c));
            cr_assert_eq(b == -1, s == -1, "\"%s\" in \"%s\": bound %d, score %d", p, c, b, s);
            cr_assert_geq(b, s, "\"%s\" in \"%s\": bound %d below the score %d", p, c, b, s);
            int32_t by_length = core_fuzzy_bound_of_length(strlen(p), strlen(c));
            cr_assert_geq(by_length, b, "\"%s\" in \"%s\": the lengths' bound %d below the bound %d", p, c, by_length, b);
        }
    /* A name that starts with the pattern at a delimiter, every character in one run: the bound is reached. */
    cr_assert_eq(core_fuzzy_bound("sess", 4, "src/session.py", 14), score("sess", "src/session.py"));
    cr_assert_eq(core_fuzzy_bound("", 0, "x", 1), 0);
}
