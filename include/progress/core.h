/* progress/core.h — the public API of the progress.txt core: documents, positions, edits, and the analyses over them. */
#ifndef PROGRESS_CORE_H
#define PROGRESS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Conventions
 * -----------
 * - Functions return 0 or a negative CORE_E* code; nothing in the core prints, does I/O or keeps globals.
 * - Allocation failure aborts the process (core_xmalloc and friends in progress/alloc.h): a server that
 *   cannot allocate cannot answer correctly, so there is no half-handled ENOMEM path anywhere.
 * - Every position and range in a result is in UTF-8 bytes: `col` is a byte offset into the line's
 *   content (line terminator excluded). Callers convert at one boundary with core_doc_pos_to() /
 *   core_doc_pos_from(), as clangd does. Input edits take positions in any CoreEncoding.
 * - "Borrowed" pointers point into the document and stay valid until the next core_doc_edit() or
 *   core_doc_free(). "Owned" results are released with the matching *_free function.
 */

enum {
    CORE_OK = 0,
    CORE_EINVAL = -22, /* an argument is malformed (e.g. an unknown encoding) */
    CORE_ERANGE = -34, /* a value is out of range and could not be clamped */
    CORE_ENOENT = -2,  /* nothing of the asked kind at the given place */
    CORE_ECANCELED = -125, /* the caller asked to stop (core_diagnose_until) */
};

/* A static English sentence for a CORE_E* code. */
const char *core_strerror(int err);

/* ---------------------------------------------------------------- positions */

typedef enum {
    CORE_ENC_UTF8 = 0,  /* columns count bytes */
    CORE_ENC_UTF16 = 1, /* columns count UTF-16 code units (LSP's default) */
    CORE_ENC_UTF32 = 2, /* columns count code points */
} CoreEncoding;

typedef struct {
    uint32_t line;
    uint32_t col;
} CorePos;

/* -1, 0 or 1 as `a` is before, at or after `b`. */
int core_pos_cmp(CorePos a, CorePos b);

typedef struct {
    CorePos start;
    CorePos end;
} CoreRange;

/* ---------------------------------------------------------------- documents */

typedef struct CoreDoc CoreDoc;

/* Parses `text` (borrowed, `len` bytes, NULs allowed) into a new document. Caller frees with core_doc_free. */
CoreDoc *core_doc_new(const char *text, size_t len);
/*
 * The same, taking `text`: malloc'd, `len` bytes, and from here on the document's (its memory becomes the
 * document's lines, so a large text is never held twice). Caller frees the document with core_doc_free.
 */
CoreDoc *core_doc_new_take(char *text, size_t len);

/* Releases the document and everything borrowed from it. NULL is ignored. */
void core_doc_free(CoreDoc *doc);

/*
 * Replaces `range` (in `enc` units; clamped to the document, and an end before the start is swapped)
 * with `text` (borrowed, `len` bytes), then re-reads only the touched lines and patches the section
 * structure. Returns 0, or CORE_EINVAL for an unknown encoding.
 */
int core_doc_edit(CoreDoc *doc, CoreEncoding enc, CoreRange range, const char *text, size_t len);

/* Number of lines: terminators (\n, \r\n, lone \r) plus one. Never 0. */
uint32_t core_doc_line_count(const CoreDoc *doc);

/* Total length in bytes, terminators included. */
size_t core_doc_length(const CoreDoc *doc);

/* The content of `line` without its terminator (borrowed; not NUL-terminated); NULL past the end. */
const char *core_doc_line(const CoreDoc *doc, uint32_t line, size_t *len);

/* The terminator of `line` ("\n", "\r\n", "\r", or "" for the last line; static); `line` must be in range. */
const char *core_doc_line_eol(const CoreDoc *doc, uint32_t line);

/* The whole text, NUL-terminated (caller frees with free()). `len` may be NULL. */
char *core_doc_text(const CoreDoc *doc, size_t *len);

/*
 * Converts a position in `enc` units to a byte position, clamping a line past the end to the end of
 * the document, a column past the end of its line to the line's end, and a column inside a character
 * to that character's start. Invalid UTF-8: each byte that does not start a valid sequence is one
 * character of width 1 in every encoding (as if it were U+FFFD).
 */
CorePos core_doc_pos_from(const CoreDoc *doc, CoreEncoding enc, CorePos pos);

/* Converts a byte position (clamped as above) to `enc` units. */
CorePos core_doc_pos_to(const CoreDoc *doc, CoreEncoding enc, CorePos pos);

/* ---------------------------------------------------------------- file names */

/*
 * True when `name` (borrowed, `len` bytes; a basename or a path, `/` or `\` separated) names a progress
 * file: its last component is `progress.txt` or ends in `-progress.txt`, `_progress.txt` or `.progress.txt`
 * (`claude-progress.txt`, the log of Anthropic's long-running agent harness, among them). Case-sensitive,
 * like the editors' file globs.
 */
bool core_name_is_progress_file(const char *name, size_t len);

/*
 * True when the last component of `name` (borrowed, `len` bytes; `/` or `\` separated) is an editor's
 * scratch or backup file, never evidence, never offered, never listed: Vim's `.x.swp` (`.swo`, `.swx`) swap
 * files and the `4913` it writes to test a folder; Emacs's `#x#` auto-saves and `.#x` lock links; `x~`
 * backups (Vim, Emacs, gedit); VS Code's `x.vsctmp` atomic-save files; JetBrains' `x___jb_tmp___` and
 * `x___jb_old___` safe-write files; merge tools' `x.orig`; `x.bak`, `x.tmp`; and macOS Finder's `.DS_Store`.
 */
bool core_name_is_scratch(const char *name, size_t len);

/*
 * True when the path `path` (borrowed, `len` bytes, `/` separated, relative to a progress file's folder) is never a
 * change of the code, whatever git says of it: the agents' own configuration (a `.claude/`, `.codex/` or `.cursor/`
 * folder at any depth, Claude Code's `.mcp.json` beside them), an editor's scratch file (core_name_is_scratch) or a
 * progress file. The one home of the rule the stop hook, the briefing and the MCP state count changes by (git's
 * ignore rules keep ignored files out of what they are handed already).
 */
bool core_name_is_not_code(const char *path, size_t len);

/* ---------------------------------------------------------------- the model */

typedef enum {
    CORE_SECTION_UNKNOWN = 0,
    CORE_SECTION_SESSION_STATE,
    CORE_SECTION_KEY_DECISIONS,
    CORE_SECTION_FILES_MODIFIED,
    CORE_SECTION_FILES_TO_MODIFY,
    CORE_SECTION_INTERFACES,
    CORE_SECTION_KNOWN_ISSUES,
    CORE_SECTION_NOTES,
    CORE_SECTION_KIND_COUNT
} CoreSectionKind;

/* The canonical name ("Files To Modify") of a known kind; NULL for CORE_SECTION_UNKNOWN. */
const char *core_section_name(CoreSectionKind kind);

/* One line of guidance on what a section is for (from the template); NULL for unknown. */
const char *core_section_purpose(CoreSectionKind kind);

/* The kind whose canonical name equals `name` ignoring case and runs of spaces; UNKNOWN otherwise. */
CoreSectionKind core_section_kind_of(const char *name, size_t len);

typedef struct {
    CoreSectionKind kind;
    uint32_t header_line; /* the `=== Name ===` line */
    uint32_t end_line;    /* one past the section's last line (the next header, or the line count) */
    CoreRange header;     /* the header line's content */
    CoreRange name;       /* the name between the === marks, trimmed */
    CoreRange range;      /* header start to the end of the last non-blank line of the body */
} CoreSection;

/* Number of sections (headers) in document order. Lines before the first header belong to none. */
uint32_t core_doc_section_count(const CoreDoc *doc);

/* Fills `out` with section `index`. Returns 0 or CORE_ENOENT. */
int core_doc_section(const CoreDoc *doc, uint32_t index, CoreSection *out);

/* The index of the section containing `line`, or -1 when the line is before the first header. */
int32_t core_doc_section_at(const CoreDoc *doc, uint32_t line);

typedef enum {
    CORE_FIELD_UNKNOWN = 0,
    CORE_FIELD_LAST_COMPLETED,
    CORE_FIELD_NEXT_TASK,
    CORE_FIELD_BLOCKERS,
    CORE_FIELD_CURRENT_PHASE,
    CORE_FIELD_COMPLEXITY,
    CORE_FIELD_KIND_COUNT
} CoreFieldKind;

/* The canonical key ("Current phase") of a known field; NULL for unknown. */
const char *core_field_name(CoreFieldKind kind);
const char *core_field_purpose(CoreFieldKind kind);
CoreFieldKind core_field_kind_of(const char *key, size_t len);

typedef enum {
    CORE_LEVEL_NONE = 0, /* not given or not valid */
    CORE_LEVEL_TRIVIAL,
    CORE_LEVEL_SMALL,
    CORE_LEVEL_MEDIUM,
    CORE_LEVEL_LARGE,
    CORE_LEVEL_HUGE,
    CORE_LEVEL_COUNT
} CoreLevel;

const char *core_level_name(CoreLevel level);    /* "Medium" */
const char *core_level_meaning(CoreLevel level); /* one line for completion and hover */
CoreLevel core_level_of(const char *word, size_t len); /* case-insensitive; CORE_LEVEL_NONE otherwise */

/*
 * The line grammar
 * ----------------
 * Every line is read once, by the core's line parser, as:
 *
 *   indent → [bullet] → [status mark …] → body → [` (annotation)`] → [comment separator → comment]
 *
 * bullets `- ` `* ` `+ ` `• ` `1. ` `1) `; marks `[ ]` `[x]` `[X]` `[-]` `[/]` `[~]`, ✅ ✔ ✓ ☑ 🟢 ❌ ✗ ✘ ☐
 * ⬜ 🔲 🚧 ⏳ 🔄 🟡, and a body wrapped in `~~…~~`; comment separators ` — ` ` – ` ` - `, and in Files
 * sections also `: ` right after the path. docs/format.md gives the grammar in full, with examples.
 * Everything else in the core and in the server reads the spans below and never re-reads the bytes.
 */

typedef enum {
    CORE_BULLET_NONE = 0,
    CORE_BULLET_DASH,         /* `- ` */
    CORE_BULLET_STAR,         /* `* ` */
    CORE_BULLET_PLUS,         /* `+ ` */
    CORE_BULLET_DOT,          /* `• ` (U+2022) */
    CORE_BULLET_NUMBER,       /* `1. ` (up to 9 digits) */
    CORE_BULLET_NUMBER_PAREN, /* `1) ` */
} CoreBullet;

/* What an item's mark says about its work. */
typedef enum {
    CORE_STATUS_NONE = 0,    /* no mark */
    CORE_STATUS_OPEN,        /* `[ ]` ❌ ✗ ✘ ☐ ⬜ 🔲 */
    CORE_STATUS_IN_PROGRESS, /* `[/]` `[~]` 🚧 ⏳ 🔄 🟡 */
    CORE_STATUS_DONE,        /* `[x]` `[X]` ✅ ✔ ✓ ☑ 🟢 */
    CORE_STATUS_DROPPED,     /* `[-]`, or the body struck through `~~…~~` */
    CORE_STATUS_COUNT
} CoreStatus;

/* The mark itself, so that an edit can write the same family's mark for another status. */
typedef enum {
    CORE_MARK_NONE = 0,
    CORE_MARK_BOX_OPEN,      /* [ ] */
    CORE_MARK_BOX_DONE,      /* [x] */
    CORE_MARK_BOX_DONE_UPPER,/* [X] */
    CORE_MARK_BOX_DROPPED,   /* [-] */
    CORE_MARK_BOX_SLASH,     /* [/] */
    CORE_MARK_BOX_TILDE,     /* [~] */
    CORE_MARK_CHECK_GREEN,   /* ✅ */
    CORE_MARK_CHECK_HEAVY,   /* ✔ */
    CORE_MARK_CHECK,         /* ✓ */
    CORE_MARK_BALLOT_CHECKED,/* ☑ */
    CORE_MARK_CIRCLE_GREEN,  /* 🟢 */
    CORE_MARK_CROSS_RED,     /* ❌ */
    CORE_MARK_BALLOT_X,      /* ✗ */
    CORE_MARK_BALLOT_X_HEAVY,/* ✘ */
    CORE_MARK_BALLOT_BOX,    /* ☐ */
    CORE_MARK_SQUARE_WHITE,  /* ⬜ */
    CORE_MARK_SQUARE_BUTTON, /* 🔲 */
    CORE_MARK_CONSTRUCTION,  /* 🚧 */
    CORE_MARK_HOURGLASS,     /* ⏳ */
    CORE_MARK_ARROWS,        /* 🔄 */
    CORE_MARK_CIRCLE_YELLOW, /* 🟡 */
    CORE_MARK_STRIKE,        /* ~~…~~ around the body: `mark` is the opening `~~`, `mark_close` the closing one */
    CORE_MARK_COUNT
} CoreMark;

/* The mark's text ("[x]", "✅"; "~~" for STRIKE; "" for NONE), static. */
const char *core_mark_text(CoreMark mark);
CoreStatus core_mark_status(CoreMark mark);
/* The mark of `mark`'s family that says `status` (`[ ]` → `[x]` for DONE, ❌ → ✅, ✅ → ❌ for OPEN); `mark` itself
 * when it already says so, CORE_MARK_NONE for NONE or when the family has no such mark (STRIKE). */
CoreMark core_mark_for(CoreMark mark, CoreStatus status);
/* "open", "in progress", "done", "dropped"; "" for NONE. */
const char *core_status_name(CoreStatus status);

typedef enum {
    CORE_ENTRY_BLANK = 0, /* an empty or all-space line */
    CORE_ENTRY_HEADER,    /* a section header (see core_doc_section) */
    CORE_ENTRY_FIELD,     /* `Key: value` in Session State (also `- Key: value`, `**Key:** value`, `**Key**: value`) */
    CORE_ENTRY_ITEM,      /* a list item in any other section, with or without a bullet */
    CORE_ENTRY_NONE,      /* the word `None` alone (optionally bulleted, optional final '.') */
    CORE_ENTRY_TEXT,      /* anything else, e.g. prose before the first header or a key-less Session State line */
    CORE_ENTRY_GROUP,     /* a group label: a line ending in `:` with no path shape (`Tests:`, `**ONLY modify:**`) */
    CORE_ENTRY_DETAIL,    /* a line indented deeper than the item (or field) above it: part of that item */
} CoreEntryKind;

/*
 * Everything the model knows about one line, interpreted in its section's context. Ranges that do
 * not apply are empty (start == end) and flagged absent by the `has_*` bits. The grammar's spans
 * (indent to comment) are filled for ITEM, DETAIL, GROUP, NONE, FIELD and TEXT lines alike.
 */
typedef struct {
    CoreEntryKind kind;
    uint32_t line;
    int32_t section;         /* index, or -1 before the first header */
    CoreSectionKind section_kind;
    CoreRange content;       /* the line trimmed of surrounding spaces */
    CoreRange text;          /* content minus the bullet: what the item says (marks included) */
    bool has_bullet;         /* any CoreBullet */
    /* the item grammar */
    uint32_t indent;         /* width of the leading white space, a tab counting 4 */
    CoreBullet bullet;
    CoreRange bullet_range;  /* `-`, `1.`, `1)`; empty when none */
    CoreMark mark;           /* the first mark (a line may carry more: `- [x] ✅ a.py` reads as `[x]`) */
    CoreStatus status;
    CoreRange mark_range;    /* the first mark's bytes; STRIKE: the opening `~~` */
    CoreRange mark_close;    /* STRIKE: the closing `~~`; else empty */
    CoreRange item;          /* text minus bullets and marks: what the item says; HEADER (and a malformed
                                one): what lies between the runs of `=` */
    bool header_like;        /* the content starts with `=`: a header, a malformed one, a rule, one being typed */
    bool malformed_header;   /* starts with `==` but is not `=== Name ===`; `text` is the name inside the `=`s */
    bool has_comment;
    CoreRange comment_sep;   /* ` — `, ` – `, ` - ` or `:` (Files items) */
    CoreRange comment;       /* after the separator, trimmed */
    /* fields */
    CoreFieldKind field;
    CoreRange key, value;    /* key without bullet or `**`; value trimmed, may be empty */
    bool has_note;           /* Complexity level: the trailing note after the level word (`Medium (auth is tricky)`) */
    CoreRange note;
    /* items */
    bool has_annotation;
    CoreRange annotation;    /* the trailing `(create)` / `(reason: …)`, parentheses included */
    CoreRange body;          /* text minus marks, annotation and comment, trimmed */
    bool has_path;
    CoreRange path;          /* Files items: the first path, without backticks, quotes, `**`, location, `,` `;` */
    uint32_t path_count;     /* several backticked paths separated by commas: see core_doc_paths */
    bool has_location;
    CoreRange location;      /* `:88`, `:88:4` or `#L12` after the first path, separator included */
    uint32_t loc_line, loc_col; /* the numbers it gives (1-based as written; 0 when absent) */
    /* group labels */
    CoreRange label;         /* GROUP: the label without `:` and `**` */
    /* interface signatures (Interfaces Defined items) */
    bool has_signature;
    CoreRange signature;     /* the whole signature: inside backticks when written in them, keyword included */
    CoreRange sig_name;      /* `generate_token` (after `def `, `fn `, `func `, `function `, `interface `, `type `, `class `) */
    CoreRange sig_params;    /* inside the parentheses; empty if none */
    CoreRange sig_return;    /* after `->` or `:`; empty if none */
    bool sig_unbalanced;     /* (), [], {} or <> do not pair up */
    /* template placeholders and values */
    bool has_placeholder;
    CoreRange placeholder;   /* the first `[...]` placeholder on the line, brackets included (never a mark) */
    bool has_commit;
    CoreRange commit;        /* the first commit hash: 7 to 40 lowercase hex digits, at least one of each kind */
    CoreLevel level;         /* Complexity level field: the level named by the value's first word */
    bool has_phase;          /* Current phase field: `X of Y`, `Phase X of Y`, `X/Y`, each with optional `(label)` */
    bool phase_canonical;    /* written `X of Y [(label)]` as the template has it */
    uint32_t phase_x, phase_y;
    CoreRange phase_label;   /* inside the parentheses; empty if none */
    CoreRange phase_x_range, phase_y_range; /* the two numbers' digits */
} CoreEntry;

/* Interprets `line`. Returns 0, or CORE_ENOENT past the end. */
int core_doc_entry(const CoreDoc *doc, uint32_t line, CoreEntry *out);

/* One path of a Files item. */
typedef struct {
    CoreRange path;
    bool has_location;
    CoreRange location;       /* `:88`, `:88:4`, `#L12`, separator included */
    uint32_t loc_line, loc_col;
} CorePathRef;

/*
 * The paths of the Files item on `line` (``- `a.py`, `b.py:12` — both``): writes up to `max` into `out`
 * (may be NULL when `max` is 0) and returns how many the line has; 0 for a line that is not a Files item.
 */
uint32_t core_doc_paths(const CoreDoc *doc, uint32_t line, CorePathRef *out, uint32_t max);

/* The line of the item (or field) that DETAIL line `line` belongs to; -1 when `line` is not a detail. */
int32_t core_doc_detail_owner(const CoreDoc *doc, uint32_t line);

/* The line of the group label ITEM line `line` is under; -1 when it is in no group (or not an item). */
int32_t core_doc_item_group(const CoreDoc *doc, uint32_t line);

/*
 * One past the last line of the item (or field, or group label) on `line` with its details: blank
 * lines between details count, blank lines after the last one do not. `line` + 1 for a line without details.
 */
uint32_t core_doc_item_end(const CoreDoc *doc, uint32_t line);

/* ---------------------------------------------------------------- options */

typedef enum {
    CORE_SEV_OFF = 0,
    CORE_SEV_ERROR = 1, /* the LSP DiagnosticSeverity values */
    CORE_SEV_WARNING = 2,
    CORE_SEV_INFO = 3,
    CORE_SEV_HINT = 4,
} CoreSeverity;

/* Stable diagnostic codes; core_diag_code_name() gives the text shown to users ("unknown-section"). */
typedef enum {
    CORE_DIAG_NOT_PROGRESS_FORMAT = 0, /* no `=== … ===` header at all: one hint for the whole file */
    CORE_DIAG_TEXT_BEFORE_SECTION,
    CORE_DIAG_MALFORMED_HEADER,
    CORE_DIAG_UNKNOWN_SECTION,
    CORE_DIAG_DUPLICATE_SECTION,
    CORE_DIAG_MISSING_SECTION,
    CORE_DIAG_MISSING_FIELD,
    CORE_DIAG_UNKNOWN_FIELD,
    CORE_DIAG_DUPLICATE_FIELD,
    CORE_DIAG_NOT_A_FIELD,
    CORE_DIAG_EMPTY_FIELD,
    CORE_DIAG_INVALID_LEVEL,
    CORE_DIAG_INVALID_PHASE,
    CORE_DIAG_PHASE_OUT_OF_RANGE,
    CORE_DIAG_PLACEHOLDER,
    CORE_DIAG_MODIFIED_AND_TO_MODIFY,
    CORE_DIAG_DUPLICATE_ITEM,
    CORE_DIAG_NONE_WITH_ITEMS,
    CORE_DIAG_UNBALANCED_SIGNATURE,
    CORE_DIAG_FILE_TOO_LONG,
    CORE_DIAG_DONE_IN_TO_MODIFY,       /* an item marked done still under Files To Modify */
    CORE_DIAG_OPEN_IN_MODIFIED,        /* an item marked open (or in progress) under Files Modified */
    CORE_DIAG_PHASE_FORM,              /* `Phase 2 of 4`, `2/4`: understood, the canonical form is `2 of 4` */
    /* work state: the file against git and the harness (core_evidence_diagnose) */
    CORE_DIAG_UNLISTED_CHANGES,     /* files changed since the file's last commit that it lists nowhere */
    CORE_DIAG_UNCHANGED_FILE,       /* a Files Modified path not changed in this session, or missing */
    CORE_DIAG_UNKNOWN_COMMIT,       /* `commit: <hash>` that git does not know, or not a hash */
    CORE_DIAG_PENDING_COMMIT,       /* `commit: pending` / `TBD` */
    CORE_DIAG_STALE_PROGRESS,       /* code commits after the file's last commit */
    CORE_DIAG_FEATURE_COUNT,        /* `45/200 features passing` against feature_list.json */
    CORE_DIAG_CLAIMS_COMPLETE,      /* "done" while feature_list.json entries still fail */
    CORE_DIAG_INVALID_FEATURE_LIST, /* feature_list.json cannot be read as the harness writes it */
    /* Ralph: the log against prd.json and its own committed text */
    CORE_DIAG_INVALID_PRD,          /* prd.json cannot be read as Ralph writes it */
    CORE_DIAG_STORY_WITHOUT_EVIDENCE, /* a story `passes: true` that no log entry and no commit names */
    CORE_DIAG_UNKNOWN_STORY,        /* an entry names a story id prd.json does not have */
    CORE_DIAG_BRANCH_MISMATCH,      /* prd.json's branchName is not the current branch */
    CORE_DIAG_PATTERNS_NOT_FIRST,   /* `## Codebase Patterns` is not at the top of the log */
    CORE_DIAG_LOG_REWRITTEN,        /* a committed line of the append-only log changed or removed */
    CORE_DIAG_GIT_OFF,              /* the repository cannot be made safe to run git in: no git evidence */
    CORE_DIAG_MERGE_CONFLICT,       /* git's `<<<<<<<` … `>>>>>>>` markers left in the file: one per conflict */
    CORE_DIAG_CODE_COUNT
} CoreDiagCode;

const char *core_diag_code_name(CoreDiagCode code);
CoreSeverity core_diag_code_default_severity(CoreDiagCode code);
/* One sentence saying when the code is reported (static; for rule lists such as SARIF's); NULL out of range. */
const char *core_diag_code_summary(CoreDiagCode code);
/* Returns the code named `name` (borrowed, `len` bytes), or -1. */
int core_diag_code_of(const char *name, size_t len);

typedef struct {
    uint32_t max_lines;                         /* "keep it compact": file-too-long past this; 0 = off */
    int8_t severity[CORE_DIAG_CODE_COUNT];      /* -1 = the code's default, else a CoreSeverity (0 = off) */
} CoreOptions;

#define CORE_DEFAULT_MAX_LINES 150

/* Fills `opts` with the defaults. */
void core_options_init(CoreOptions *opts);

/* ---------------------------------------------------------------- diagnostics */

/* A further place a diagnostic involves, possibly in another file of the workspace. */
typedef struct {
    char *path;               /* owned: a file relative to the workspace root; NULL = the document itself */
    char *uri;                /* owned: where `path` is, set by the server (the core leaves it NULL) */
    CoreRange range;          /* bytes in the document; in another file, its line (col 0) */
    char *message;            /* owned */
} CoreRelated;

typedef struct {
    CoreDiagCode code;
    CoreSeverity severity;
    CoreRange range;
    char *message;            /* owned by the list */
    bool has_related;
    CoreRange related;        /* the other place involved (the first copy of a duplicate, …) */
    char *related_message;    /* owned by the list; NULL when !has_related */
    const char *suggestion;   /* static: the closest known section, level or key; NULL if none */
    CoreRelated *more;        /* owned by the list: further related places (after `related`); may be NULL */
    size_t more_count;
} CoreDiag;

typedef struct {
    CoreDiag *items;
    size_t count;
} CoreDiagList;

/* Validates the document. `opts` may be NULL for defaults. Caller frees `out` with core_diag_list_free. */
int core_diagnose(const CoreDoc *doc, const CoreOptions *opts, CoreDiagList *out);
/*
 * core_diagnose that asks `stop(data)` every thousand lines or so and gives up as soon as it says true:
 * CORE_ECANCELED and an empty `out` (nothing to free). The server passes "input is waiting", so that a diagnose
 * pass whose result a newer change would supersede never holds back the next request.
 */
int core_diagnose_until(const CoreDoc *doc, const CoreOptions *opts, bool (*stop)(void *data), void *data,
                        CoreDiagList *out);
/*
 * What core_diagnose_cached keeps of one document's findings between passes: each section's, with the line
 * stamps it was read from, and what each line of the last section read gave. Used with one document only: a
 * document built anew (core_doc_new) needs an empty one.
 */
typedef struct CoreDiagCache CoreDiagCache;
CoreDiagCache *core_diag_cache_new(void);
void core_diag_cache_free(CoreDiagCache *cache);
/* How many lines the last pass with `cache` parsed (the others' findings were kept): what a keystroke cost. */
uint32_t core_diag_cache_lines_read(const CoreDiagCache *cache);
/*
 * core_diagnose_until that reads again only the sections whose lines changed since the last pass with `cache`
 * (borrowed, updated; NULL = none) and takes the others' findings from it: a keystroke reads one section. The
 * same list as core_diagnose. A stopped pass keeps the sections it finished.
 */
int core_diagnose_cached(const CoreDoc *doc, const CoreOptions *opts, CoreDiagCache *cache, bool (*stop)(void *data),
                         void *data, CoreDiagList *out);
void core_diag_list_free(CoreDiagList *list);

/* ---------------------------------------------------------------- outline */

typedef enum {
    CORE_SYMBOL_SECTION,
    CORE_SYMBOL_FIELD,
    CORE_SYMBOL_ITEM,
    CORE_SYMBOL_PATH,
    CORE_SYMBOL_INTERFACE,
    CORE_SYMBOL_GROUP,     /* a group label; its items are its children */
    CORE_SYMBOL_DETAIL,    /* a detail line; a child of its item (or field) */
    CORE_SYMBOL_ENTRY,     /* a log entry (progress/log.h): like a section, nested by level; the newest says so */
} CoreSymbolKind;

typedef struct {
    CoreSymbolKind kind;
    const char *name;      /* borrowed from the document; `name_len` bytes */
    size_t name_len;
    const char *detail;    /* borrowed (value, annotation or signature return); may be NULL */
    size_t detail_len;
    CoreRange range;       /* the whole symbol (a section: header to last non-blank line) */
    CoreRange selection;   /* the part to highlight (the section name, the key, the path …) */
    int32_t parent;        /* index of the parent symbol, -1 for a section */
    uint32_t child_count;  /* direct children; descendants follow their parent directly (pre-order) */
    CoreStatus status;     /* an item's (or path's, interface's) mark */
} CoreSymbol;

typedef struct {
    CoreSymbol *items;
    size_t count;
} CoreOutline;

/*
 * Sections with their fields, groups and items as children; groups with their items; items and fields with
 * their details. In a log (progress/log.h) the sections are its blocks — headings, and entries (CORE_SYMBOL_ENTRY,
 * the newest with the detail "newest entry") — nested by level, a block's range taking in its nested blocks.
 * Caller frees with core_outline_free.
 */
int core_outline(const CoreDoc *doc, CoreOutline *out);
/*
 * The same for sections [first, first + count) only (clamped to the document), e.g. to rebuild the part of
 * an outline whose lines changed: a section's symbols depend on its own lines alone (and, in a log, on which
 * entry is the newest). Every section's symbol is at the top here (parent -1). Same ownership.
 */
int core_outline_sections(const CoreDoc *doc, uint32_t first, uint32_t count, CoreOutline *out);
/* core_outline_sections with the newest entry given (core_doc_newest_entry; -1 for none): for a caller that asks for
 * many sections one by one. */
int core_outline_sections_newest(const CoreDoc *doc, uint32_t first, uint32_t count, int32_t newest, CoreOutline *out);
void core_outline_free(CoreOutline *outline);

/* ---------------------------------------------------------------- completion context */

typedef enum {
    CORE_EXPECT_NOTHING = 0,
    CORE_EXPECT_LEVEL,        /* after `Complexity level:` */
    CORE_EXPECT_FIELD_KEY,    /* at the start of a Session State line */
    CORE_EXPECT_SECTION,      /* inside or after `===`, or at a line start where a header may go */
    CORE_EXPECT_PATH,         /* an item in Files Modified / To Modify, or a path-like word elsewhere */
    CORE_EXPECT_ANNOTATION,   /* after a path, at `(` */
    CORE_EXPECT_INTERFACE,    /* a word in prose that could name an interface */
    CORE_EXPECT_NONE_WORD,    /* an empty list line where `None` fits */
} CoreExpectKind;

typedef struct {
    CoreExpectKind kind;
    CoreRange token;          /* what a completion replaces: the word being typed, possibly empty */
    const char *prefix;       /* borrowed: the token's text before the cursor */
    size_t prefix_len;
    uint32_t missing_fields;  /* FIELD_KEY: bit (1u << kind) for each known field not yet present */
    uint32_t missing_sections;/* SECTION: bit (1u << kind) for each known section not yet present */
    CoreSectionKind section_kind;
    bool allow_none;          /* `None` also fits here */
    bool has_colon;           /* FIELD_KEY: the key's `:` already follows the token: complete the key alone */
    bool name_only;           /* SECTION: the token is the name inside a complete `=== … ===`: complete the name alone */
    bool space_before;        /* a field's value typed right after its `:` (`Complexity level:me`): insert a space first */
} CoreExpect;

/* What is expected at byte position `pos`. Returns 0 (kind may be NOTHING). */
int core_expect_at(const CoreDoc *doc, CorePos pos, CoreExpect *out);

/* Known annotations for completion after a path: "(create)", "(delete)", … terminated by NULL. */
const char *const *core_annotations(void);

/* ---------------------------------------------------------------- hover and navigation */

typedef enum {
    CORE_HOVER_NOTHING = 0,
    CORE_HOVER_INTERFACE, /* an interface name, at its definition or a mention */
    CORE_HOVER_LEVEL,
    CORE_HOVER_SECTION,
    CORE_HOVER_FIELD,
    CORE_HOVER_PATH,
    CORE_HOVER_BLOCK,     /* a log's heading or entry title (progress/log.h): `block` */
    CORE_HOVER_DIALECT,   /* the file's first line, where nothing else is: which dialect it is read as */
} CoreHoverKind;

typedef struct {
    CoreHoverKind kind;
    CoreRange range;           /* the word hovered */
    const char *word;          /* borrowed; `word_len` bytes */
    size_t word_len;
    uint32_t def_line;         /* INTERFACE: the Interfaces Defined line */
    const char *signature;     /* INTERFACE: borrowed full signature (the item's body) */
    size_t signature_len;
    CoreLevel level;           /* LEVEL */
    CoreSectionKind section;   /* SECTION */
    CoreFieldKind field;       /* FIELD */
    uint32_t block;            /* BLOCK: the block's index (core_doc_block) */
    bool first_line;           /* on the file's first non-blank line: the hover also says the dialect */
} CoreHover;

/* What is under byte position `pos`. Returns 0 (kind may be NOTHING). */
int core_hover_at(const CoreDoc *doc, CorePos pos, CoreHover *out);

typedef struct {
    CoreRange *items;
    size_t count;
} CoreRangeList;

/*
 * Every whole-word occurrence of interface `name` (borrowed, `len` bytes) in the document, the
 * definition first if there is one. Caller frees with core_range_list_free.
 */
int core_interface_refs(const CoreDoc *doc, const char *name, size_t len, CoreRangeList *out);
/* Releases the list's ranges and empties it. NULL is ignored. */
void core_range_list_free(CoreRangeList *list);

/* True when `name` (borrowed, `len` bytes) can name an interface: identifiers joined by `.` or `::`, as mentions are found. */
bool core_interface_name_valid(const char *name, size_t len);

/* ---------------------------------------------------------------- edits and actions */

typedef struct {
    CoreRange range;  /* bytes, in the document as it is now */
    char *text;       /* owned by the list */
} CoreEdit;

typedef struct {
    char *title;        /* owned */
    bool preferred;
    int32_t diag;       /* for a quick fix: the index in the CoreDiagList it fixes, else -1 */
    CoreEdit *edits;    /* non-overlapping, in document order */
    size_t edit_count;
} CoreAction;

typedef struct {
    CoreAction *items;
    size_t count;
} CoreActionList;

/*
 * The actions for lines [first_line, last_line]: "Move to Files Modified" for the To Modify items
 * they touch (and the reverse), "Move all to Files Modified" from anywhere in Files To Modify, and a
 * quick fix for each diagnostic in `diags` (may be NULL) that touches the lines and has a knowable fix.
 * Caller frees with core_action_list_free.
 */
int core_actions(const CoreDoc *doc, uint32_t first_line, uint32_t last_line, const CoreDiagList *diags,
                 CoreActionList *out);
/* Releases every action, its title and edits, and empties the list. NULL is ignored. */
void core_action_list_free(CoreActionList *list);

/* ---------------------------------------------------------------- keeping a log compact */

/* Lines [first, end). */
typedef struct {
    uint32_t first, end;
} CoreLineSpan;

/* Whole lines moved out of a document: what the archive file gets, and the deletions in the document. */
typedef struct {
    char *text;         /* owned: the lines in document order, each with its terminator (the document's
                           own; the last line, which has none, gets the document's usual one) */
    size_t len;
    CoreEdit *edits;    /* owned: the deletions, in document order, not overlapping */
    size_t edit_count;
    uint32_t lines;     /* how many lines move */
    uint32_t entries;   /* core_archive_entries: how many entries move */
} CoreArchive;

/*
 * Moves the lines of `spans` (borrowed, ascending, not overlapping; ends clamped to the document) out of `doc`:
 * the archive text holds exactly the deleted lines, so the two together lose nothing. Returns 0, or CORE_EINVAL
 * for spans out of order or empty. Caller frees with core_archive_free.
 */
int core_archive_lines(const CoreDoc *doc, const CoreLineSpan *spans, size_t count, CoreArchive *out);
/*
 * The entries of a log older than its newest `keep` (progress/log.h: each entry with its sub-headings and the
 * lines up to the next entry), as core_archive_lines moves them: above the newest in an append-only log, below it
 * where dates run downward. The template, a log's title and preamble and its blocks that are no entries (Ralph's
 * Codebase Patterns) stay. `out->entries` is 0 when nothing is older. Caller frees with core_archive_free.
 */
int core_archive_entries(const CoreDoc *doc, uint32_t keep, CoreArchive *out);
void core_archive_free(CoreArchive *archive);

/* ---------------------------------------------------------------- fuzzy matching */

/*
 * Scores `candidate` against `pattern` (both borrowed): characters in order, case-insensitive, with
 * bonuses at segment starts (after '/', '_', '-', '.', camelCase) and in the file name. Returns -1
 * when the pattern does not match, else a score where higher is better.
 */
int32_t core_fuzzy_score(const char *pattern, size_t pattern_len, const char *candidate, size_t candidate_len);
/*
 * An upper bound on core_fuzzy_score for the same arguments, at the cost of the match test alone (no alignment):
 * -1 when the pattern does not match, else a value the score never exceeds. Rankers that keep only the best few
 * skip the alignment of a candidate whose bound cannot beat the worst one kept.
 */
int32_t core_fuzzy_bound(const char *pattern, size_t pattern_len, const char *candidate, size_t candidate_len);
/* A bound on core_fuzzy_bound (so on the score) from the two lengths alone: what a candidate of that length could
 * score at best, known without reading it. */
int32_t core_fuzzy_bound_of_length(size_t pattern_len, size_t candidate_len);

/* ---------------------------------------------------------------- work state: the file against its evidence */

/*
 * progress.txt claims what the work is; git and the harness's feature_list.json say what it is. The
 * server reads the evidence (lsp/gitstate.c, lsp/harness.c) into a CoreEvidence and the functions
 * below hold the document against it. They never read anything themselves.
 */

typedef enum {
    CORE_COMMIT_HASH = 0,  /* 7 to 40 hexadecimal digits */
    CORE_COMMIT_PENDING,   /* `pending`, `TBD`, `TODO`, `uncommitted`, `?` … */
    CORE_COMMIT_INVALID,   /* hexadecimal digits, but too few or too many */
} CoreCommitRefKind;

/* The word after `commit:` (case-insensitive, anywhere in a line but a header). */
typedef struct {
    CoreCommitRefKind kind;
    CoreRange range;
} CoreCommitRef;

typedef struct {
    CoreCommitRef *items;
    size_t count;
} CoreCommitRefList;

/* Every commit reference in document order. Caller frees with core_commit_ref_list_free. */
int core_commit_refs(const CoreDoc *doc, CoreCommitRefList *out);
void core_commit_ref_list_free(CoreCommitRefList *list);
/* The reference whose word holds byte position `pos` (end included). Returns 0 or CORE_ENOENT. */
int core_commit_ref_at(const CoreDoc *doc, CorePos pos, CoreCommitRef *out);

/* A commit as git describes it. */
typedef struct {
    const char *hash;     /* 40 lowercase hexadecimal digits */
    const char *author;
    const char *subject;
    int64_t time;         /* committer date, seconds since the epoch */
} CoreCommit;

typedef enum {
    CORE_FEATURES_NONE = 0, /* no feature_list.json in the root */
    CORE_FEATURES_READ,
    CORE_FEATURES_MALFORMED,
} CoreFeatureState;

/* One user story of Ralph's prd.json. */
typedef struct {
    const char *id;       /* "US-001" */
    const char *title;
    int64_t priority;     /* 0 when absent */
    bool passes;
    uint32_t line;        /* 0-based line of the story's id in prd.json */
} CoreStory;

/* What the server knows. Every pointer is borrowed for the call; absent evidence is zero. */
typedef struct {
    /* the parts the user left on */
    bool changed_files, commits, staleness, features;
    bool stories;                  /* prd.json: stories, branch, Codebase Patterns */
    bool append_only;              /* with a prd.json: the committed log changed rather than appended to */
    int64_t now;                   /* seconds since the epoch, for ages */
    /* git: `git` is false outside a repository, without git, or before the first refresh */
    bool git;
    bool shallow;                  /* a shallow clone: old commits are missing, so no hash is called unknown */
    bool has_base;                 /* B, the last commit that touched the progress file */
    int64_t base_time;
    bool has_prev;                 /* P, the commit before B that touched it */
    const char *self;              /* the progress file's path relative to the root (not reported as a change) */
    const char *const *changed;    /* changed since B: committed after it, uncommitted, untracked; sorted */
    size_t changed_count;
    size_t changed_total;          /* how many before the cap (>= changed_count) */
    const char *const *uncommitted; /* those of `changed` git status shows (edited, staged, untracked); sorted */
    size_t uncommitted_count;
    const char *const *session;    /* changed since P (committed or not); sorted */
    size_t session_count;
    bool session_capped;           /* the list was cut short: no path is called unchanged */
    /* Whether the file `path` exists in the root (e.g. the server's file index); NULL when unknown. */
    bool (*exists)(void *data, const char *path, size_t len);
    void *exists_data;
    uint32_t commits_after;        /* commits after B */
    int64_t first_after_time;      /* the oldest of them */
    bool commits_known;            /* references were looked up: those in `queried` and not found are unknown */
    const char *const *queried;    /* the references looked up (lowercase), sorted */
    size_t queried_count;
    const CoreCommit *commit_list; /* those found, sorted by hash */
    size_t commit_count;
    /* feature_list.json */
    CoreFeatureState feature_state;
    const char *feature_path;      /* its path relative to the root */
    uint32_t feature_total, feature_passing;
    const char *feature_error;     /* MALFORMED: what is wrong */
    uint32_t feature_error_line;   /* MALFORMED: where (0-based line in the JSON) */
    /* git, for Ralph's log */
    const char *branch;            /* the current branch; NULL when HEAD is detached or unknown */
    bool subjects_known;           /* the subjects below were read: a story no commit names can be told */
    const char *const *subjects;   /* the subjects of the newest commits (up to a cap), newest first */
    size_t subject_count;
    bool has_head_text;            /* the progress file is in HEAD: `head_text` is HEAD's version of it */
    const char *head_text;
    size_t head_len;
    /* prd.json beside the progress file (Ralph) */
    CoreFeatureState prd_state;
    const char *prd_path;          /* its path relative to the root */
    const char *prd_branch;        /* branchName; NULL when absent */
    const CoreStory *story_list;   /* in the file's order */
    size_t story_count;
    const char *prd_error;         /* MALFORMED: what is wrong */
    uint32_t prd_error_line;       /* MALFORMED: where (0-based line in the JSON) */
    const char *git_off;           /* why git is not run in this repository (then `git` is false), or NULL */
    /* The document's kept entry keys (log.h: core_doc_state_kept), borrowed and updated, so a keystroke finds the
       newest entry without reading every title again; NULL: read from every title. */
    struct CoreEntryKeys *entry_keys;
} CoreEvidence;

/* The story `id` (borrowed, `len` bytes; exact) names in `ev`'s prd.json, or NULL. */
const CoreStory *core_evidence_story(const CoreEvidence *ev, const char *id, size_t len);
/* The prd.json story whose id is the word at byte position `pos` (end included), with the word's range; or NULL. */
const CoreStory *core_evidence_story_at(const CoreDoc *doc, const CoreEvidence *ev, CorePos pos, CoreRange *range);

/*
 * An append-only log against its committed text: a run of committed lines changed or removed in the working
 * copy. Lines added after the committed ones, or only inserted between them, are no rewrite.
 */
typedef struct {
    uint32_t line;       /* the working copy's first line of the run, or where the removed lines were */
    uint32_t count;      /* the working copy's lines in the run (0: the committed lines were removed) */
    uint32_t old_line;   /* the committed text's first line of the run (0-based) */
    uint32_t old_count;  /* how many committed lines it replaces (at least 1) */
} CoreRewrite;

typedef struct {
    CoreRewrite *items;
    size_t count;
} CoreRewriteList;

/*
 * Where `doc` changed or removed lines of `base` (borrowed, `base_len` bytes: the committed text) instead of
 * appending after them, in document order. The lines are matched as a patience diff does (the lines unique on
 * both sides anchor the rest). Ralph's `## Codebase Patterns` section, kept up to date in place, is left out.
 * Caller frees with core_rewrite_list_free.
 */
int core_log_rewrites(const char *base, size_t base_len, const CoreDoc *doc, CoreRewriteList *out);
void core_rewrite_list_free(CoreRewriteList *list);

/* The commit `ref` (borrowed, `len` hex digits, any case) names in `ev`, or NULL (unknown or ambiguous). */
const CoreCommit *core_evidence_commit(const CoreEvidence *ev, const char *ref, size_t len);

/*
 * Appends to `list` (as filled by core_diagnose) the diagnostics the evidence supports: unlisted
 * changes, unchanged Files Modified paths, unknown and pending commits, staleness, feature counts,
 * completion claims and a malformed feature list. `opts` may be NULL. Returns 0.
 */
int core_evidence_diagnose(const CoreDoc *doc, const CoreEvidence *ev, const CoreOptions *opts, CoreDiagList *list);

/*
 * Whether the code moved on while the progress file did not: commits after B, or changed files other
 * than the progress file itself, and the progress file not edited since B. `commits` and `files` (may be
 * NULL) get how many. False without a B (never committed: nothing to compare with).
 */
bool core_evidence_needs_update(const CoreEvidence *ev, uint32_t *commits, size_t *files);

/* The files changed since B that the document lists nowhere (borrowed from `ev`, in its order); caller frees the array. */
const char **core_evidence_unlisted(const CoreDoc *doc, const CoreEvidence *ev, size_t *count);

typedef struct {
    CorePos pos;    /* where the label goes (after the text it is about) */
    char *label;    /* owned */
} CoreInlayHint;

typedef struct {
    CoreInlayHint *items;
    size_t count;
} CoreInlayHintList;

/*
 * Inlay hints on lines [first_line, last_line]: `50%` after `Current phase: 2 of 4`, `3 open · 2 done`
 * after each Files header, a commit's subject after its reference, the age of the file's last commit
 * after `Last completed`. `ev` may be NULL (no git-based hints). Caller frees with core_inlay_hint_list_free.
 */
int core_inlay_hints(const CoreDoc *doc, const CoreEvidence *ev, uint32_t first_line, uint32_t last_line,
                     CoreInlayHintList *out);
void core_inlay_hint_list_free(CoreInlayHintList *list);

typedef struct {
    CoreRange range;     /* the line it stands above */
    char *title;         /* owned */
    char *action;        /* owned: the title of its code-action twin (core_evidence_actions); NULL for a label */
} CoreLens;

typedef struct {
    CoreLens *items;
    size_t count;
} CoreLensList;

/* Code lenses: "3 to do · move the done ones" on each Files To Modify header. Caller frees with core_lens_list_free. */
int core_lenses(const CoreDoc *doc, CoreLensList *out);
void core_lens_list_free(CoreLensList *list);

/*
 * The work-state actions for lines [first_line, last_line], appended to `out`: "Finish the task" (Next
 * task into Last completed, leaving `Next task:` with no trailing space; the done-marked — or selected —
 * Files To Modify items into Files Modified; Current phase X to X+1 up to Y, its label, which named the
 * phase finished, dropped), "Move the N done files to Files Modified" (the lens's twin) and, with `ev`
 * (may be NULL), "Add the N changed files to Files Modified" (with the mark the list's items carry).
 * Then every action of `out` whose edits repeat an earlier one's is dropped: one action per move. Returns 0.
 */
int core_evidence_actions(const CoreDoc *doc, const CoreEvidence *ev, uint32_t first_line, uint32_t last_line,
                          CoreActionList *out);

#ifdef __cplusplus
}
#endif
#endif
