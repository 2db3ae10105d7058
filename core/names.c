/* names.c — the format's fixed vocabulary: file, section, field, level and diagnostic-code names, with fuzzy lookup. */
#include "names.h"

#include <string.h>

#include "progress/core.h"
#include "progress/log.h"

static const char *const section_names[CORE_SECTION_KIND_COUNT] = {
    NULL, "Session State", "Key Decisions", "Files Modified", "Files To Modify",
    "Interfaces Defined", "Known Issues", "Notes",
};

static const char *const section_purposes[CORE_SECTION_KIND_COUNT] = {
    NULL,
    "Where the work stands: last completed, next task, blockers, current phase and complexity level.",
    "Decisions made and why, so the next session does not reopen them: `- Decision (reason: why)`.",
    "Files changed in this session, one path per line.",
    "Files still needing changes, one path per line with an optional note like `(create)`.",
    "Key interfaces and contracts established, one signature per line: `name(params) -> return`.",
    "Bugs or issues discovered and not yet fixed.",
    "Anything else important for the next session.",
};

static const char *const field_names[CORE_FIELD_KIND_COUNT] = {
    NULL, "Last completed", "Next task", "Blockers", "Current phase", "Complexity level",
};

static const char *const field_purposes[CORE_FIELD_KIND_COUNT] = {
    NULL,
    "The last task or milestone completed.",
    "What to work on next.",
    "What stands in the way: `None`, or a list of blockers.",
    "Where the work is in its plan: `X of Y`, optionally `(label)`.",
    "How big the work is: Trivial, Small, Medium, Large or Huge.",
};

static const char *const level_names[CORE_LEVEL_COUNT] = {
    NULL, "Trivial", "Small", "Medium", "Large", "Huge",
};

static const char *const level_meanings[CORE_LEVEL_COUNT] = {
    NULL,
    "A one-line or one-file change; no plan needed.",
    "A few files, one session; a short plan.",
    "Several files or a new component; a phased plan over a session or two.",
    "Cross-cutting work over several sessions; phases, interfaces and decisions recorded.",
    "A project-sized effort: many sessions, many phases; keep this file strictly up to date.",
};

static const struct {
    const char *name;
    CoreSeverity severity;
    const char *summary;
} diag_codes[CORE_DIAG_CODE_COUNT] = {
    [CORE_DIAG_NOT_PROGRESS_FORMAT] = {"not-progress-format", CORE_SEV_HINT,
        "The file has no `=== … ===` section header at all."},
    [CORE_DIAG_TEXT_BEFORE_SECTION] = {"text-before-section", CORE_SEV_WARNING,
        "Non-blank lines come before the first section header."},
    [CORE_DIAG_MALFORMED_HEADER] = {"malformed-header", CORE_SEV_ERROR,
        "A line starts with `==` but is not a `=== Name ===` header."},
    [CORE_DIAG_UNKNOWN_SECTION] = {"unknown-section", CORE_SEV_WARNING,
        "A section header names no known section."},
    [CORE_DIAG_DUPLICATE_SECTION] = {"duplicate-section", CORE_SEV_ERROR,
        "A known section appears a second time."},
    [CORE_DIAG_MISSING_SECTION] = {"missing-section", CORE_SEV_ERROR,
        "There is no Session State section."},
    [CORE_DIAG_MISSING_FIELD] = {"missing-field", CORE_SEV_WARNING,
        "Session State lacks one of its five fields."},
    [CORE_DIAG_UNKNOWN_FIELD] = {"unknown-field", CORE_SEV_WARNING,
        "A Session State key is not one of the five fields."},
    [CORE_DIAG_DUPLICATE_FIELD] = {"duplicate-field", CORE_SEV_ERROR,
        "A field appears twice in one Session State."},
    [CORE_DIAG_NOT_A_FIELD] = {"not-a-field", CORE_SEV_WARNING,
        "A Session State line has no `Key:` and does not continue a field."},
    [CORE_DIAG_EMPTY_FIELD] = {"empty-field", CORE_SEV_INFO,
        "A field has no value and no list after it."},
    [CORE_DIAG_INVALID_LEVEL] = {"invalid-level", CORE_SEV_ERROR,
        "Complexity level is not Trivial, Small, Medium, Large or Huge."},
    [CORE_DIAG_INVALID_PHASE] = {"invalid-phase", CORE_SEV_ERROR,
        "Current phase is not `X of Y`."},
    [CORE_DIAG_PHASE_OUT_OF_RANGE] = {"phase-out-of-range", CORE_SEV_ERROR,
        "Current phase has X below 1 or above Y."},
    [CORE_DIAG_PLACEHOLDER] = {"placeholder", CORE_SEV_WARNING,
        "A template `[…]` placeholder is left in the file."},
    [CORE_DIAG_MODIFIED_AND_TO_MODIFY] = {"modified-and-to-modify", CORE_SEV_WARNING,
        "A path is both in Files To Modify and in Files Modified."},
    [CORE_DIAG_DUPLICATE_ITEM] = {"duplicate-item", CORE_SEV_WARNING,
        "An item repeats an earlier item of the same section."},
    [CORE_DIAG_NONE_WITH_ITEMS] = {"none-with-items", CORE_SEV_WARNING,
        "`None` stands in a section that also has items."},
    [CORE_DIAG_UNBALANCED_SIGNATURE] = {"unbalanced-signature", CORE_SEV_ERROR,
        "An interface signature's brackets do not pair up."},
    [CORE_DIAG_FILE_TOO_LONG] = {"file-too-long", CORE_SEV_WARNING,
        "The file has more lines than the limit."},
    [CORE_DIAG_DONE_IN_TO_MODIFY] = {"done-in-to-modify", CORE_SEV_WARNING,
        "An item marked done (`[x]`, ✅) is still listed in Files To Modify."},
    [CORE_DIAG_OPEN_IN_MODIFIED] = {"open-in-modified", CORE_SEV_HINT,
        "An item marked open or in progress (`[ ]`, ❌, 🚧) is listed in Files Modified."},
    [CORE_DIAG_PHASE_FORM] = {"phase-form", CORE_SEV_HINT,
        "Current phase is understood (`Phase 2 of 4`, `2/4`) but not written `X of Y`."},
    [CORE_DIAG_UNLISTED_CHANGES] = {"unlisted-changes", CORE_SEV_HINT,
        "Files changed since the file was last committed are listed nowhere in it."},
    [CORE_DIAG_UNCHANGED_FILE] = {"unchanged-file", CORE_SEV_HINT,
        "A Files Modified path has not changed in this session, or does not exist."},
    [CORE_DIAG_UNKNOWN_COMMIT] = {"unknown-commit", CORE_SEV_WARNING,
        "A `commit:` reference names no commit git knows, or is not a hash."},
    [CORE_DIAG_PENDING_COMMIT] = {"pending-commit", CORE_SEV_HINT,
        "A `commit:` reference is still `pending` or `TBD`."},
    [CORE_DIAG_STALE_PROGRESS] = {"stale-progress", CORE_SEV_INFO,
        "Commits were made after the last commit of the progress file."},
    [CORE_DIAG_FEATURE_COUNT] = {"feature-count-mismatch", CORE_SEV_WARNING,
        "A count such as `45/200 features passing` disagrees with feature_list.json."},
    [CORE_DIAG_CLAIMS_COMPLETE] = {"claims-complete", CORE_SEV_WARNING,
        "The file says the work is complete while feature_list.json entries still fail."},
    [CORE_DIAG_INVALID_FEATURE_LIST] = {"invalid-feature-list", CORE_SEV_WARNING,
        "feature_list.json is not an array of objects with a true or false `passes`."},
    [CORE_DIAG_INVALID_PRD] = {"invalid-prd", CORE_SEV_WARNING,
        "prd.json is not an object with `userStories`, each with a string `id` and a true or false `passes`."},
    [CORE_DIAG_STORY_WITHOUT_EVIDENCE] = {"story-without-evidence", CORE_SEV_WARNING,
        "A prd.json story has `passes: true`, but no log entry and no commit names its id."},
    [CORE_DIAG_UNKNOWN_STORY] = {"unknown-story", CORE_SEV_WARNING,
        "A log entry names a story id that prd.json does not have."},
    [CORE_DIAG_BRANCH_MISMATCH] = {"branch-mismatch", CORE_SEV_WARNING,
        "prd.json's `branchName` is not the branch checked out."},
    [CORE_DIAG_PATTERNS_NOT_FIRST] = {"patterns-not-first", CORE_SEV_INFO,
        "The `## Codebase Patterns` section is not at the top of the log."},
    [CORE_DIAG_LOG_REWRITTEN] = {"log-rewritten", CORE_SEV_WARNING,
        "A committed line of the append-only log was changed or removed instead of appended after."},
    [CORE_DIAG_GIT_OFF] = {"git-evidence-off", CORE_SEV_INFO,
        "The repository cannot be made safe to run git in (docs/security.md): its git evidence is off."},
    [CORE_DIAG_MERGE_CONFLICT] = {"merge-conflict", CORE_SEV_ERROR,
        "The file holds an unresolved git merge conflict (`<<<<<<<` … `>>>>>>>`)."},
};

static const struct {
    const char *text;
    CoreStatus status;
    CoreMark done, open; /* the family's mark for done and for open work */
} marks[CORE_MARK_COUNT] = {
    [CORE_MARK_NONE] = {"", CORE_STATUS_NONE, CORE_MARK_NONE, CORE_MARK_NONE},
    [CORE_MARK_BOX_OPEN] = {"[ ]", CORE_STATUS_OPEN, CORE_MARK_BOX_DONE, CORE_MARK_BOX_OPEN},
    [CORE_MARK_BOX_DONE] = {"[x]", CORE_STATUS_DONE, CORE_MARK_BOX_DONE, CORE_MARK_BOX_OPEN},
    [CORE_MARK_BOX_DONE_UPPER] = {"[X]", CORE_STATUS_DONE, CORE_MARK_BOX_DONE_UPPER, CORE_MARK_BOX_OPEN},
    [CORE_MARK_BOX_DROPPED] = {"[-]", CORE_STATUS_DROPPED, CORE_MARK_BOX_DONE, CORE_MARK_BOX_OPEN},
    [CORE_MARK_BOX_SLASH] = {"[/]", CORE_STATUS_IN_PROGRESS, CORE_MARK_BOX_DONE, CORE_MARK_BOX_OPEN},
    [CORE_MARK_BOX_TILDE] = {"[~]", CORE_STATUS_IN_PROGRESS, CORE_MARK_BOX_DONE, CORE_MARK_BOX_OPEN},
    [CORE_MARK_CHECK_GREEN] = {"✅", CORE_STATUS_DONE, CORE_MARK_CHECK_GREEN, CORE_MARK_CROSS_RED},
    [CORE_MARK_CHECK_HEAVY] = {"✔", CORE_STATUS_DONE, CORE_MARK_CHECK_HEAVY, CORE_MARK_BALLOT_X_HEAVY},
    [CORE_MARK_CHECK] = {"✓", CORE_STATUS_DONE, CORE_MARK_CHECK, CORE_MARK_BALLOT_X},
    [CORE_MARK_BALLOT_CHECKED] = {"☑", CORE_STATUS_DONE, CORE_MARK_BALLOT_CHECKED, CORE_MARK_BALLOT_BOX},
    [CORE_MARK_CIRCLE_GREEN] = {"🟢", CORE_STATUS_DONE, CORE_MARK_CIRCLE_GREEN, CORE_MARK_SQUARE_WHITE},
    [CORE_MARK_CROSS_RED] = {"❌", CORE_STATUS_OPEN, CORE_MARK_CHECK_GREEN, CORE_MARK_CROSS_RED},
    [CORE_MARK_BALLOT_X] = {"✗", CORE_STATUS_OPEN, CORE_MARK_CHECK, CORE_MARK_BALLOT_X},
    [CORE_MARK_BALLOT_X_HEAVY] = {"✘", CORE_STATUS_OPEN, CORE_MARK_CHECK_HEAVY, CORE_MARK_BALLOT_X_HEAVY},
    [CORE_MARK_BALLOT_BOX] = {"☐", CORE_STATUS_OPEN, CORE_MARK_BALLOT_CHECKED, CORE_MARK_BALLOT_BOX},
    [CORE_MARK_SQUARE_WHITE] = {"⬜", CORE_STATUS_OPEN, CORE_MARK_CHECK_GREEN, CORE_MARK_SQUARE_WHITE},
    [CORE_MARK_SQUARE_BUTTON] = {"🔲", CORE_STATUS_OPEN, CORE_MARK_CHECK_GREEN, CORE_MARK_SQUARE_BUTTON},
    [CORE_MARK_CONSTRUCTION] = {"🚧", CORE_STATUS_IN_PROGRESS, CORE_MARK_CHECK_GREEN, CORE_MARK_CROSS_RED},
    [CORE_MARK_HOURGLASS] = {"⏳", CORE_STATUS_IN_PROGRESS, CORE_MARK_CHECK_GREEN, CORE_MARK_CROSS_RED},
    [CORE_MARK_ARROWS] = {"🔄", CORE_STATUS_IN_PROGRESS, CORE_MARK_CHECK_GREEN, CORE_MARK_CROSS_RED},
    [CORE_MARK_CIRCLE_YELLOW] = {"🟡", CORE_STATUS_IN_PROGRESS, CORE_MARK_CIRCLE_GREEN, CORE_MARK_SQUARE_WHITE},
    [CORE_MARK_STRIKE] = {"~~", CORE_STATUS_DROPPED, CORE_MARK_NONE, CORE_MARK_NONE},
};

const char *core_mark_text(CoreMark mark)
{
    return (unsigned)mark < CORE_MARK_COUNT ? marks[mark].text : "";
}

CoreStatus core_mark_status(CoreMark mark)
{
    return (unsigned)mark < CORE_MARK_COUNT ? marks[mark].status : CORE_STATUS_NONE;
}

CoreMark core_mark_for(CoreMark mark, CoreStatus status)
{
    if ((unsigned)mark >= CORE_MARK_COUNT || status == CORE_STATUS_NONE)
        return CORE_MARK_NONE;
    if (marks[mark].status == status)
        return mark;
    switch (status) {
    case CORE_STATUS_DONE: return marks[mark].done;
    case CORE_STATUS_OPEN: return marks[mark].open;
    default: return CORE_MARK_NONE;
    }
}

const char *core_status_name(CoreStatus status)
{
    static const char *const names[CORE_STATUS_COUNT] = {"", "open", "in progress", "done", "dropped"};
    return (unsigned)status < CORE_STATUS_COUNT ? names[status] : "";
}

bool core_name_is_progress_file(const char *name, size_t len)
{
    static const char stem[] = "progress.txt";
    const size_t n = sizeof stem - 1;
    size_t base = len;
    while (base > 0 && name[base - 1] != '/' && name[base - 1] != '\\')
        base--;
    size_t blen = len - base;
    if (blen < n || memcmp(name + len - n, stem, n) != 0)
        return false;
    if (blen == n)
        return true;
    char sep = name[len - n - 1];
    return sep == '-' || sep == '_' || sep == '.';
}

static bool ends_with(const char *s, size_t len, const char *tail)
{
    size_t n = strlen(tail);
    return len >= n && memcmp(s + len - n, tail, n) == 0;
}

bool core_name_is_scratch(const char *name, size_t len)
{
    static const char *const tails[] = {".swp", ".swo", ".swx", ".vsctmp", "___jb_tmp___", "___jb_old___", ".orig",
                                        ".bak", ".tmp"};
    size_t base = len;
    while (base > 0 && name[base - 1] != '/' && name[base - 1] != '\\')
        base--;
    const char *b = name + base;
    size_t n = len - base;
    if (n == 0)
        return false;
    if (b[n - 1] == '~' || (n >= 2 && b[0] == '#' && b[n - 1] == '#') || (n >= 2 && b[0] == '.' && b[1] == '#') ||
        (n == 4 && memcmp(b, "4913", 4) == 0) || (n == 9 && memcmp(b, ".DS_Store", 9) == 0))
        return true;
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++)
        if (n > strlen(tails[i]) && ends_with(b, n, tails[i]))
            return true;
    return false;
}

bool core_name_is_not_code(const char *path, size_t len)
{
    static const char *const folders[] = {".claude", ".codex", ".cursor"};
    for (size_t start = 0; start < len;) {
        const char *slash = memchr(path + start, '/', len - start);
        if (!slash)
            break;
        size_t n = (size_t)(slash - (path + start));
        for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++)
            if (n == strlen(folders[i]) && memcmp(path + start, folders[i], n) == 0)
                return true;
        start += n + 1;
    }
    if (len == 9 && memcmp(path, ".mcp.json", 9) == 0) /* Claude Code's project MCP servers, beside its folder */
        return true;
    return core_name_is_scratch(path, len) || core_name_is_progress_file(path, len);
}

/* Skips leading and trailing spaces; folds each inner run of spaces to one. Writes at most `cap` bytes. */
static size_t fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    int space = 0;
    for (size_t i = 0; i < len && n < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t') {
            space = n > 0;
            continue;
        }
        if (space && n < cap)
            out[n++] = ' ';
        space = 0;
        if (n < cap)
            out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); /* ASCII only, as the names are */
    }
    return n;
}

int core_names_equal(const char *a, size_t alen, const char *b)
{
    char fa[64], fb[64];
    if (alen > 4 * sizeof fa)
        return 0;
    size_t na = fold(a, alen, fa, sizeof fa);
    size_t nb = fold(b, strlen(b), fb, sizeof fb);
    return na == nb && memcmp(fa, fb, na) == 0;
}

static size_t distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

int core_names_closest(const char *const *names, int count, const char *word, size_t len)
{
    char fw[64], fn[64];
    size_t nw = fold(word, len, fw, sizeof fw);
    if (nw == 0)
        return -1;
    int best = -1;
    size_t best_d = (size_t)-1;
    for (int i = 0; i < count; i++) {
        if (!names[i])
            continue;
        size_t nn = fold(names[i], strlen(names[i]), fn, sizeof fn);
        size_t d = distance(fw, nw, fn, nn);
        /* A typed prefix ("Med", "Files To") is as good as a small typo. */
        if (nw >= 3 && nw < nn && memcmp(fw, fn, nw) == 0)
            d = 1;
        if (d < best_d && d * 3 <= nn) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

/* Entry `k` of a vocabulary table whose entry 0 is the "unknown" slot; NULL outside it. */
static const char *pick(const char *const *table, int count, int k)
{
    return k > 0 && k < count ? table[k] : NULL;
}

/* The index of the table entry equal to `word` ignoring case and spacing; 0 (unknown) otherwise. */
static int find(const char *const *table, int count, const char *word, size_t len)
{
    for (int k = 1; k < count; k++)
        if (core_names_equal(word, len, table[k]))
            return k;
    return 0;
}

const char *core_section_name(CoreSectionKind kind)
{
    return pick(section_names, CORE_SECTION_KIND_COUNT, (int)kind);
}

const char *core_section_purpose(CoreSectionKind kind)
{
    return pick(section_purposes, CORE_SECTION_KIND_COUNT, (int)kind);
}

/* The section names as fold() writes them: a name is folded once and compared (a log has a `=== … ===` per entry). */
static const char *const folded_sections[CORE_SECTION_KIND_COUNT] = {
    NULL, "session state", "key decisions", "files modified", "files to modify", "interfaces defined", "known issues",
    "notes",
};

static CoreSectionKind section_folded(const char *folded, size_t n)
{
    for (int k = 1; n && k < CORE_SECTION_KIND_COUNT; k++)
        if (folded_sections[k][0] == folded[0] && strlen(folded_sections[k]) == n && memcmp(folded_sections[k], folded, n) == 0)
            return (CoreSectionKind)k;
    return CORE_SECTION_UNKNOWN;
}

CoreSectionKind core_section_kind_of(const char *name, size_t len)
{
    char folded[64];
    return len > 4 * sizeof folded ? CORE_SECTION_UNKNOWN : section_folded(folded, fold(name, len, folded, sizeof folded));
}

const char *core_field_name(CoreFieldKind kind)
{
    return pick(field_names, CORE_FIELD_KIND_COUNT, (int)kind);
}

const char *core_field_purpose(CoreFieldKind kind)
{
    return pick(field_purposes, CORE_FIELD_KIND_COUNT, (int)kind);
}

CoreFieldKind core_field_kind_of(const char *key, size_t len)
{
    return (CoreFieldKind)find(field_names, CORE_FIELD_KIND_COUNT, key, len);
}

const char *core_level_name(CoreLevel level)
{
    return pick(level_names, CORE_LEVEL_COUNT, (int)level);
}

const char *core_level_meaning(CoreLevel level)
{
    return pick(level_meanings, CORE_LEVEL_COUNT, (int)level);
}

CoreLevel core_level_of(const char *word, size_t len)
{
    return (CoreLevel)find(level_names, CORE_LEVEL_COUNT, word, len);
}

/* ---------------------------------------------------------------- the dialects' vocabulary */

static const char *const dialect_names[CORE_DIALECT_COUNT] = {"template", "markdown", "ralph", "plain"};
static const char *const dialect_titles[CORE_DIALECT_COUNT] = {
    "progress.txt template", "Markdown session log", "Ralph progress log", "plain log"};

const char *core_dialect_name(CoreDialect dialect)
{
    return (unsigned)dialect < CORE_DIALECT_COUNT ? dialect_names[dialect] : NULL;
}

const char *core_dialect_title(CoreDialect dialect)
{
    return (unsigned)dialect < CORE_DIALECT_COUNT ? dialect_titles[dialect] : NULL;
}

static const char *const label_names[CORE_LABEL_COUNT] = {
    NULL, "next", "blockers", "completed", "status", "phase", "files modified", "files to modify", "decisions",
    "issues", "notes", "learnings", "patterns",
};

/* Every way a log writes each label, compared ignoring case and runs of spaces. */
#define LABEL(text, label) {text, sizeof text - 1, label}
static const struct {
    const char *text;
    size_t len;
    CoreLabel label;
} label_words[] = {
    LABEL("next task", CORE_LABEL_NEXT), LABEL("next tasks", CORE_LABEL_NEXT), LABEL("next steps", CORE_LABEL_NEXT),
    LABEL("next step", CORE_LABEL_NEXT), LABEL("next", CORE_LABEL_NEXT), LABEL("up next", CORE_LABEL_NEXT),
    LABEL("todo", CORE_LABEL_NEXT), LABEL("to do", CORE_LABEL_NEXT), LABEL("next session", CORE_LABEL_NEXT),
    LABEL("next up", CORE_LABEL_NEXT), LABEL("remaining work", CORE_LABEL_NEXT), LABEL("next actions", CORE_LABEL_NEXT),
    LABEL("blockers", CORE_LABEL_BLOCKERS), LABEL("blocker", CORE_LABEL_BLOCKERS), LABEL("blocked", CORE_LABEL_BLOCKERS),
    LABEL("blocked by", CORE_LABEL_BLOCKERS), LABEL("blocking issues", CORE_LABEL_BLOCKERS),
    LABEL("last completed", CORE_LABEL_COMPLETED), LABEL("completed", CORE_LABEL_COMPLETED), LABEL("done", CORE_LABEL_COMPLETED),
    LABEL("accomplished", CORE_LABEL_COMPLETED), LABEL("what was done", CORE_LABEL_COMPLETED),
    LABEL("completed this session", CORE_LABEL_COMPLETED), LABEL("work completed", CORE_LABEL_COMPLETED),
    LABEL("what was implemented", CORE_LABEL_COMPLETED), LABEL("implemented", CORE_LABEL_COMPLETED),
    LABEL("status", CORE_LABEL_STATUS), LABEL("current status", CORE_LABEL_STATUS), LABEL("state", CORE_LABEL_STATUS),
    LABEL("progress", CORE_LABEL_STATUS), LABEL("overall status", CORE_LABEL_STATUS),
    LABEL("current phase", CORE_LABEL_PHASE), LABEL("phase", CORE_LABEL_PHASE),
    LABEL("files modified", CORE_LABEL_FILES_MODIFIED), LABEL("files changed", CORE_LABEL_FILES_MODIFIED),
    LABEL("modified files", CORE_LABEL_FILES_MODIFIED), LABEL("changed files", CORE_LABEL_FILES_MODIFIED),
    LABEL("files", CORE_LABEL_FILES_MODIFIED), LABEL("files touched", CORE_LABEL_FILES_MODIFIED),
    LABEL("files created", CORE_LABEL_FILES_MODIFIED), LABEL("files updated", CORE_LABEL_FILES_MODIFIED),
    LABEL("files to modify", CORE_LABEL_FILES_TO_MODIFY), LABEL("files to change", CORE_LABEL_FILES_TO_MODIFY),
    LABEL("key decisions", CORE_LABEL_DECISIONS), LABEL("decisions", CORE_LABEL_DECISIONS),
    LABEL("known issues", CORE_LABEL_ISSUES), LABEL("issues", CORE_LABEL_ISSUES), LABEL("problems", CORE_LABEL_ISSUES),
    LABEL("notes", CORE_LABEL_NOTES),
    LABEL("learnings", CORE_LABEL_LEARNINGS), LABEL("learnings for future iterations", CORE_LABEL_LEARNINGS),
    LABEL("codebase patterns", CORE_LABEL_PATTERNS), LABEL("patterns", CORE_LABEL_PATTERNS),
};
#undef LABEL

/* The label of `folded` (`n` bytes, as fold() writes them). */
static CoreLabel label_folded(const char *folded, size_t n)
{
    for (size_t i = 0; n && i < sizeof label_words / sizeof label_words[0]; i++)
        if (label_words[i].text[0] == folded[0] && label_words[i].len == n && memcmp(label_words[i].text, folded, n) == 0)
            return label_words[i].label;
    return CORE_LABEL_NONE;
}

/* `name` without the marks around a label's words (`**Next task:**`, `Next Steps:`), folded into `out`; its length. */
static size_t fold_label(const char *name, size_t len, char *out, size_t cap)
{
    while (len && (name[len - 1] == ':' || name[len - 1] == '*' || name[len - 1] == ' '))
        len--;
    while (len && (name[0] == '*' || name[0] == ' ')) {
        name++;
        len--;
    }
    return len == 0 || len > 40 ? 0 : fold(name, len, out, cap);
}

CoreLabel core_label_of(const char *name, size_t len)
{
    /* folded once, then compared with the table's words (lowercase, single-spaced): a heading is read per keystroke */
    char folded[64];
    return label_folded(folded, fold_label(name, len, folded, sizeof folded));
}

const char *core_label_name(CoreLabel label)
{
    return pick(label_names, CORE_LABEL_COUNT, (int)label);
}

int core_heading_kind_of(const char *name, size_t len, CoreLabel *label)
{
    char folded[64];
    size_t n = fold_label(name, len, folded, sizeof folded);
    *label = label_folded(folded, n);
    CoreSectionKind kind = section_folded(folded, n);
    if (kind != CORE_SECTION_UNKNOWN)
        return (int)kind;
    switch (*label) {
    case CORE_LABEL_FILES_MODIFIED: return CORE_SECTION_FILES_MODIFIED;
    case CORE_LABEL_FILES_TO_MODIFY: return CORE_SECTION_FILES_TO_MODIFY;
    case CORE_LABEL_DECISIONS: return CORE_SECTION_KEY_DECISIONS;
    case CORE_LABEL_ISSUES: return CORE_SECTION_KNOWN_ISSUES;
    default: return CORE_SECTION_UNKNOWN;
    }
}

const char *core_diag_code_name(CoreDiagCode code)
{
    return (unsigned)code < CORE_DIAG_CODE_COUNT ? diag_codes[code].name : NULL;
}

CoreSeverity core_diag_code_default_severity(CoreDiagCode code)
{
    return (unsigned)code < CORE_DIAG_CODE_COUNT ? diag_codes[code].severity : CORE_SEV_OFF;
}

const char *core_diag_code_summary(CoreDiagCode code)
{
    return (unsigned)code < CORE_DIAG_CODE_COUNT ? diag_codes[code].summary : NULL;
}

int core_diag_code_of(const char *name, size_t len)
{
    for (int k = 0; k < CORE_DIAG_CODE_COUNT; k++)
        if (strlen(diag_codes[k].name) == len && memcmp(diag_codes[k].name, name, len) == 0)
            return k;
    return -1;
}

void core_options_init(CoreOptions *opts)
{
    opts->max_lines = CORE_DEFAULT_MAX_LINES;
    memset(opts->severity, -1, sizeof opts->severity);
}
