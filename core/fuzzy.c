/* fuzzy.c — the path matcher: scores a candidate against a typed pattern, allocation-free, for ranking many paths. */
#include <stdbool.h>
#include <stdint.h>

#include "progress/core.h"

/*
 * Scoring follows fzf's v2 algorithm (a Smith-Waterman variant where no pattern character may be
 * skipped): every matched character earns SCORE_MATCH plus a bonus for where it sits; gaps between
 * matches cost an affine penalty; runs of consecutive matches keep the bonus of the run's start.
 * On top of that, for paths: matches inside the file name (after the last '/') earn BONUS_BASENAME,
 * a pattern that is a prefix of the file name earns BONUS_BASENAME_PREFIX, and long candidates lose
 * one point per LENGTH_STEP bytes (at most LENGTH_CAP), so equal matches rank the shorter path first.
 * Leading and trailing unmatched characters cost nothing but that length penalty.
 */
enum {
    SCORE_MATCH = 16,
    GAP_START = -3,
    GAP_EXTENSION = -1,
    BONUS_DELIMITER = 9,   /* a match right after '/' or at the very start */
    BONUS_BOUNDARY = 8,    /* a match after '_', '-', '.', a space or other punctuation, or of punctuation */
    BONUS_CAMEL = 7,       /* an upper-case letter after a lower-case one, a digit after a non-digit */
    BONUS_CONSECUTIVE = 4, /* the least a match right after another match earns */
    FIRST_CHAR_MULTIPLIER = 2,
    BONUS_BASENAME = 2,
    BONUS_BASENAME_PREFIX = 2 * SCORE_MATCH,
    LENGTH_STEP = 8,
    LENGTH_CAP = 32,
    /* Patterns longer than this are scored by one greedy alignment instead of the full search. */
    MAX_PATTERN = 128,
};

#define NEG_INF (INT32_MIN / 4)

typedef enum { CLASS_START, CLASS_LOWER, CLASS_UPPER, CLASS_DIGIT, CLASS_SLASH, CLASS_PUNCT } CharClass;

static inline unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static inline CharClass class_of(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return CLASS_LOWER;
    if (c >= 'A' && c <= 'Z')
        return CLASS_UPPER;
    if (c >= '0' && c <= '9')
        return CLASS_DIGIT;
    if (c == '/' || c == '\\')
        return CLASS_SLASH;
    return c >= 0x80 ? CLASS_LOWER : CLASS_PUNCT; /* non-ASCII bytes count as letters */
}

/* The bonus for matching a character of class `cur` that follows one of class `prev`. */
static inline int32_t bonus_for(CharClass prev, CharClass cur)
{
    if (cur == CLASS_SLASH || cur == CLASS_PUNCT)
        return BONUS_BOUNDARY;
    if (prev == CLASS_START || prev == CLASS_SLASH)
        return BONUS_DELIMITER;
    if (prev == CLASS_PUNCT)
        return BONUS_BOUNDARY;
    if ((prev == CLASS_LOWER && cur == CLASS_UPPER) || (prev != CLASS_DIGIT && cur == CLASS_DIGIT))
        return BONUS_CAMEL;
    return 0;
}

static inline int32_t max32(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

/* The score of the leftmost alignment (`p` unfolded), for patterns too long for the search's fixed-size rows. */
static int64_t greedy(const unsigned char *p, size_t m, const unsigned char *c, size_t n, size_t base)
{
    int64_t score = 0;
    int32_t run_bonus = 0;
    size_t i = 0, last = (size_t)-1;
    CharClass prev = CLASS_START;
    for (size_t j = 0; j < n && i < m; j++) {
        CharClass cls = class_of(c[j]);
        if (fold(c[j]) == fold(p[i])) {
            int32_t b = bonus_for(prev, cls);
            if (i == 0) {
                b *= FIRST_CHAR_MULTIPLIER;
                run_bonus = b;
            } else if (last + 1 == j) {
                run_bonus = max32(run_bonus, b);
                b = max32(run_bonus, BONUS_CONSECUTIVE);
            } else {
                score += GAP_START + GAP_EXTENSION * (int64_t)(j - last - 2); /* a gap of j-last-1 */
                run_bonus = b;
            }
            score += SCORE_MATCH + b + (j >= base ? BONUS_BASENAME : 0);
            last = j;
            i++;
        }
        prev = cls;
    }
    return score;
}

/*
 * The best alignment by dynamic programming over the candidate's columns [from, to], keeping one row
 * of cells per pattern character, updated in place from the last character to the first:
 *   D[i] best score with p[i] matched exactly at the current column,
 *   E[i] best score with p[i] matched earlier and the current column a gap,
 *   R[i] the bonus of the first match of the consecutive run ending in D[i].
 */
static int32_t search(const unsigned char *p, size_t m, const unsigned char *c, size_t from, size_t to, size_t base)
{
    int32_t D[MAX_PATTERN], E[MAX_PATTERN], R[MAX_PATTERN];
    for (size_t i = 0; i < m; i++) {
        D[i] = NEG_INF;
        E[i] = NEG_INF;
        R[i] = 0;
    }
    int32_t best = NEG_INF;
    CharClass prev = from ? class_of(c[from - 1]) : CLASS_START;
    for (size_t j = from; j <= to; j++) {
        CharClass cls = class_of(c[j]);
        int32_t bonus = bonus_for(prev, cls);
        int32_t in_base = j >= base ? BONUS_BASENAME : 0;
        unsigned char ch = fold(c[j]);
        size_t top = j - from < m ? j - from : m - 1;
        for (size_t i = top + 1; i-- > 0;) {
            int32_t gap = max32(D[i] + GAP_START, E[i] + GAP_EXTENSION);
            int32_t d = NEG_INF, run = 0;
            if (p[i] == ch) {
                if (i == 0) {
                    run = bonus * FIRST_CHAR_MULTIPLIER;
                    d = SCORE_MATCH + run;
                } else {
                    int32_t consec_run = max32(R[i - 1], bonus);
                    int32_t consec = D[i - 1] + SCORE_MATCH + max32(consec_run, BONUS_CONSECUTIVE);
                    int32_t after_gap = E[i - 1] + SCORE_MATCH + bonus;
                    if (consec >= after_gap) {
                        d = consec;
                        run = consec_run;
                    } else {
                        d = after_gap;
                        run = bonus;
                    }
                }
                d = d < NEG_INF / 2 ? NEG_INF : d + in_base;
            }
            E[i] = max32(gap, NEG_INF);
            D[i] = d;
            R[i] = run;
        }
        if (D[m - 1] > best)
            best = D[m - 1];
        prev = cls;
    }
    return best;
}

/* The most one matched character can earn: a first character's or a run's doubled delimiter bonus, in the name. */
enum { MAX_PER_CHAR = SCORE_MATCH + FIRST_CHAR_MULTIPLIER * BONUS_DELIMITER + BONUS_BASENAME };

/* Where the name of `c` (`n` bytes) starts: after its last '/' or '\\'. */
static size_t name_base(const unsigned char *c, size_t n)
{
    while (n > 0 && c[n - 1] != '/' && c[n - 1] != '\\')
        n--;
    return n;
}

/* Whether `p` (`m` bytes) is a prefix of the name of `c` (`n` bytes), which starts at `base`. */
static bool name_starts_with(const unsigned char *p, size_t m, const unsigned char *c, size_t n, size_t base)
{
    if (n - base < m)
        return false;
    size_t k = 0;
    while (k < m && fold(c[base + k]) == fold(p[k]))
        k++;
    return k == m;
}

/* Whether the pattern's characters all appear in `c` in order (ASCII case folded); `*first` gets where p[0] first matches. */
static bool in_order(const unsigned char *p, size_t m, const unsigned char *c, size_t n, size_t *first)
{
    size_t i = 0;
    for (size_t j = 0; j < n && i < m; j++) {
        if (fold(c[j]) == fold(p[i])) {
            if (i == 0)
                *first = j;
            i++;
        }
    }
    return i == m;
}

/* A score with the length penalty taken off, clamped to [0, INT32_MAX]. */
static int32_t less_length(int64_t score, size_t n)
{
    size_t penalty = n / LENGTH_STEP;
    score -= penalty > LENGTH_CAP ? LENGTH_CAP : (int64_t)penalty;
    if (score < 0)
        return 0;
    return score > INT32_MAX ? INT32_MAX : (int32_t)score;
}

int32_t core_fuzzy_bound_of_length(size_t pattern_len, size_t candidate_len)
{
    return less_length((int64_t)pattern_len * MAX_PER_CHAR + BONUS_BASENAME_PREFIX, candidate_len);
}

int32_t core_fuzzy_bound(const char *pattern, size_t pattern_len, const char *candidate, size_t candidate_len)
{
    const unsigned char *c = (const unsigned char *)candidate, *p = (const unsigned char *)pattern;
    size_t first;
    if (pattern_len == 0)
        return 0;
    if (!in_order(p, pattern_len, c, candidate_len, &first))
        return -1;
    int64_t bound = (int64_t)pattern_len * MAX_PER_CHAR;
    if (name_starts_with(p, pattern_len, c, candidate_len, name_base(c, candidate_len)))
        bound += BONUS_BASENAME_PREFIX;
    return less_length(bound, candidate_len);
}

/*
 * Scores `candidate` against `pattern` (both borrowed, neither needs a NUL): -1 when the pattern's
 * characters do not all appear in order (ASCII case folded), else a score >= 0, higher is better; an
 * empty pattern matches everything with 0. Deterministic, allocation-free, O(length of candidate x
 * length of pattern) only for candidates that match, O(length of candidate) for the rest.
 */
int32_t core_fuzzy_score(const char *pattern, size_t pattern_len, const char *candidate, size_t candidate_len)
{
    const unsigned char *c = (const unsigned char *)candidate;
    const unsigned char *praw = (const unsigned char *)pattern;
    if (pattern_len == 0)
        return 0;

    /* Cheap rejection, and the narrowest window any match can use: from the first place p[0] can
     * match to the last place p[m-1] can, as fzf does. */
    size_t first = 0;
    if (!in_order(praw, pattern_len, c, candidate_len, &first))
        return -1;
    unsigned char last_ch = fold(praw[pattern_len - 1]);
    size_t last = candidate_len - 1;
    while (fold(c[last]) != last_ch)
        last--;

    size_t base = name_base(c, candidate_len);

    int64_t score;
    if (pattern_len <= MAX_PATTERN) {
        unsigned char p[MAX_PATTERN];
        for (size_t k = 0; k < pattern_len; k++)
            p[k] = fold(praw[k]);
        score = search(p, pattern_len, c, first, last, base);
    } else {
        score = greedy(praw, pattern_len, c, candidate_len, base);
    }

    if (name_starts_with(praw, pattern_len, c, candidate_len, base))
        score += BONUS_BASENAME_PREFIX;
    return less_length(score, candidate_len);
}
