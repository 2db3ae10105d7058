/* progress/log.h — the dialect model: which kind of progress file a document is, its blocks (headings and log entries), its newest entry and its current state. */
#ifndef PROGRESS_LOG_H
#define PROGRESS_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "progress/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Ownership: everything here is read from a CoreDoc (borrowed) and returned by value; ranges point into the
 * document and hold until the next core_doc_edit(). Nothing is allocated, nothing needs freeing, except the caller's
 * CoreEntryKeys (core_entry_keys_new, freed with core_entry_keys_free).
 *
 * Dialects
 * --------
 * Agents write progress files in four shapes (docs/format.md, "Dialects"). The model recognises the shape from
 * the file's own lines (never its name), keeps that up to date while typing (counts of line shapes, patched with
 * each edit), and reads every dialect into one model:
 *
 * - the **sections** of core_doc_section() are the dialect's blocks: the template's `=== Name ===` headers; in a
 *   log its headings (`## Session 3 — 2026-11-30`), its entry titles (`=== ITERATION 4 ===`, `--- Session 2 ---`,
 *   `[2026-11-30 10:00] …`, `Session 2: …`) and its banners, each running to the next block of any level (its
 *   range too: core_doc_block_range gives the range with the nested blocks);
 * - core_doc_block() adds what a log's block has: its level, its parent block, its title, its date, story id and
 *   number, and whether it is a log entry; blocks nest by level (core_outline nests them the same way);
 * - core_doc_state() is the current state: the template's Session State and Files sections, or in a log the
 *   newest entry's labelled parts, however written (`### Next Steps`, `**Next task:** …`, `NEXT TASK: …`,
 *   `Blockers:` with a list, `Files changed:`), falling back to the whole file when it has no entries.
 *
 * A markdown heading named like a template section (`## Files Modified`, `### Files To Modify`, `## Known Issues`)
 * is a section of that kind (CoreSection.kind), so its items are read as in the template (paths in Files lists).
 * Lines inside a code fence, rule lines (`---`) and git conflict markers are never blocks nor items.
 */

typedef enum {
    CORE_DIALECT_TEMPLATE = 0, /* `=== Session State ===` … (a header naming a template section, or close to one) */
    CORE_DIALECT_MARKDOWN,     /* a session log in markdown headings (`# Progress`, `## Session 3 — 2026-11-30`) */
    CORE_DIALECT_RALPH,        /* Ralph's append-only log: `## Codebase Patterns`, `## <date> - <story id>` entries */
    CORE_DIALECT_PLAIN_LOG,    /* entries titled `=== Session … ===`, `--- Session N ---`, `[date] …`, `Session N: …`;
                                  also a file with no structure at all (empty, or prose alone) */
    CORE_DIALECT_COUNT
} CoreDialect;

/* The dialect `doc` is read as. */
CoreDialect core_doc_dialect(const CoreDoc *doc);
/* A short stable name: "template", "markdown", "ralph", "plain" (static; NULL out of range). */
const char *core_dialect_name(CoreDialect dialect);
/* Words for people: "progress.txt template", "Markdown session log", … (static; NULL out of range). */
const char *core_dialect_title(CoreDialect dialect);

/* What the dialect was recognised from: counts of line shapes outside code fences, kept with each edit. */
typedef struct {
    uint32_t template_headers; /* `=== Name ===` (or malformed) naming a template section, or close to one */
    uint32_t headings;         /* markdown headings `#` … `######` */
    uint32_t titles;           /* plain entry titles, and `=== … ===` lines naming no template section */
    uint32_t ralph;            /* Ralph's own lines (see CORE_DIALECT_RALPH) */
    uint32_t conflicts;        /* `<<<<<<<` conflict openers (inside fences too: git does not know fences) */
} CoreDialectSigns;

void core_doc_dialect_signs(const CoreDoc *doc, CoreDialectSigns *out);

/* What a heading, a field's key or a group label names, in any dialect: the parts of a log entry. */
typedef enum {
    CORE_LABEL_NONE = 0,
    CORE_LABEL_NEXT,            /* Next task, Next steps, Next, Todo, Up next */
    CORE_LABEL_BLOCKERS,        /* Blockers, Blocked, Blocking issues */
    CORE_LABEL_COMPLETED,       /* Last completed, Completed, Done, Accomplished, What was done */
    CORE_LABEL_STATUS,          /* Status, Current status, State, Progress */
    CORE_LABEL_PHASE,           /* Current phase, Phase */
    CORE_LABEL_FILES_MODIFIED,  /* Files modified, Files changed, Modified files, Changed files, Files */
    CORE_LABEL_FILES_TO_MODIFY, /* Files to modify, Files to change */
    CORE_LABEL_DECISIONS,       /* Key decisions, Decisions */
    CORE_LABEL_ISSUES,          /* Known issues, Issues, Problems */
    CORE_LABEL_NOTES,           /* Notes */
    CORE_LABEL_LEARNINGS,       /* Learnings, Learnings for future iterations */
    CORE_LABEL_PATTERNS,        /* Codebase patterns, Patterns */
    CORE_LABEL_COUNT
} CoreLabel;

/* The label `name` (borrowed, `len` bytes; `**`, a final `:` and case ignored) names; CORE_LABEL_NONE otherwise. */
CoreLabel core_label_of(const char *name, size_t len);
/* "next", "blockers", … (static; NULL for NONE). */
const char *core_label_name(CoreLabel label);

typedef struct {
    uint32_t index;         /* its section index (core_doc_section) */
    uint32_t line;          /* its heading or title line */
    uint32_t end_line;      /* one past its own lines: the next block of any level, or the line count */
    uint32_t subtree_end;   /* one past its descendants: the next block of the same or a higher level */
    uint8_t level;          /* 1 to 6 for a markdown heading; 1 for a template section; 7 for a plain title */
    int32_t parent;         /* the enclosing block's index, -1 at the top */
    CoreRange title;        /* the heading's text without its marks (`#`s, `===`, `---`) */
    CoreSectionKind kind;   /* a template section's kind, or that of a heading named like one */
    CoreLabel label;        /* what the heading names (`### Next Steps`: CORE_LABEL_NEXT) */
    bool is_entry;          /* a log entry: dated, numbered (`Session 12`), naming a story, or a plain title */
    bool has_date;
    CoreRange date;         /* `2026-11-30`, `2026-11-30 10:42`, `2026-11-30T10:42` */
    uint64_t date_key;      /* YYYYMMDDhhmmss, comparable */
    bool has_story;
    CoreRange story;        /* `US-001` */
    uint32_t number;        /* `Session 12`: 12; 0 when none */
} CoreBlock;

/*
 * One past the last descendant of every block at once (`ends`: core_doc_section_count entries), in one walk: what
 * CoreBlock.subtree_end says of each. A CoreSection's range is its own lines; this and core_doc_block_range give the
 * range that takes in the nested blocks (the outline's and folding's).
 */
void core_doc_block_ends(const CoreDoc *doc, uint32_t *ends);
/* Block `index`'s header to the end of the last line before `end_line` (a subtree end) with words; `index` in range. */
CoreRange core_doc_block_range(const CoreDoc *doc, uint32_t index, uint32_t end_line);

/* The first line of block (section) `index` from the kept list alone (no parse); `index` must be in range. */
uint32_t core_doc_block_line(const CoreDoc *doc, uint32_t index);
/* The last line of block `index` up to `end_line` that a range ends on (not blank, nor a log's closing rule), from
   the kept heads alone: with its stamp, whether a kept range still holds without reading the line. */
uint32_t core_doc_block_last_line(const CoreDoc *doc, uint32_t index, uint32_t end_line);

/* Block `index`'s level (CoreBlock.level) alone, without reading its title; 0 out of range. */
uint8_t core_doc_block_level(const CoreDoc *doc, uint32_t index);

/* Fills `out` with block (section) `index`. Returns 0 or CORE_ENOENT. */
int core_doc_block(const CoreDoc *doc, uint32_t index, CoreBlock *out);

/*
 * The newest log entry's block index, or -1 (the template, or a log without entries): the entry with the latest
 * date when entries are dated (among equal dates the last one, or the first where dates run downward), else the
 * highest number (`Session 12`), else the last one (an append-only log).
 */
int32_t core_doc_newest_entry(const CoreDoc *doc);
/*
 * What core_doc_newest_entry_kept keeps between calls: each block's entry key (whether an entry, its date, its
 * number) with the stamp of the block's first line. Used with one document only, while its stamps only grow: a
 * document built anew (core_doc_new) needs an empty one. core_entry_keys_free ignores NULL.
 */
typedef struct CoreEntryKeys CoreEntryKeys;
CoreEntryKeys *core_entry_keys_new(void);
void core_entry_keys_free(CoreEntryKeys *keys);
/*
 * core_doc_newest_entry reading again only the titles whose line changed since the last call with `keys`
 * (borrowed, updated): a keystroke on a heading reads one title, not every entry's. The same answer.
 */
int32_t core_doc_newest_entry_kept(const CoreDoc *doc, CoreEntryKeys *keys);
/* core_doc_newest_entry_kept when only block `index`'s title changed since the last call with `keys` (the same
   blocks, on the same lines): that title is read again and no other block is looked at. */
int32_t core_doc_newest_entry_retitled(const CoreDoc *doc, CoreEntryKeys *keys, uint32_t index);

/* One part of the current state: where it is written and what it says. */
typedef struct {
    bool has;
    CoreRange value;        /* the text: a field's value, or the first item of a labelled list */
    uint32_t first_line;    /* the lines that say it: the field or label line (or heading) … */
    uint32_t end_line;      /* … to one past its list */
} CoreStatePart;

typedef struct {
    CoreDialect dialect;
    int32_t entry;          /* the newest entry's block (core_doc_newest_entry), -1 when read from the whole file */
    uint32_t first_line;    /* the lines the state is read from: Session State, or the newest entry's subtree */
    uint32_t end_line;
    CoreStatePart next;     /* Next task / Next steps */
    CoreStatePart blockers;
    bool blockers_none;     /* Blockers says `None` (or is an empty list) */
    CoreStatePart completed;
    CoreStatePart status;
    CoreStatePart phase;
    CoreStatePart files_modified;  /* the list's lines: read them with core_doc_item_paths */
    CoreStatePart files_to_modify;
} CoreState;

/* The document's current state (see above). Returns 0. */
int core_doc_state(const CoreDoc *doc, CoreState *out);
/* core_doc_state with the newest entry from `keys` (core_doc_newest_entry_kept; borrowed, updated; NULL: as
   core_doc_state). The same answer. */
int core_doc_state_kept(const CoreDoc *doc, CoreEntryKeys *keys, CoreState *out);

/*
 * The paths an item line names in any dialect: in a template Files section as core_doc_paths reads them;
 * elsewhere every backticked token with a path shape, or a first word with one (`src/a.py`, `README.md`).
 * Writes up to `max` into `out` (may be NULL when `max` is 0); returns how many the line has.
 */
uint32_t core_doc_item_paths(const CoreDoc *doc, uint32_t line, CorePathRef *out, uint32_t max);

#ifdef __cplusplus
}
#endif
#endif
