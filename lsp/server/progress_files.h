/* progress_files.h — every progress file of the workspace, open or not: what the workspace-wide features read. */
#ifndef LSP_PROGRESS_FILES_H
#define LSP_PROGRESS_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "server/docs.h"
#include "support/files.h"
#include "progress/array.h"
#include "progress/core.h"
#include "index/workspace.h"

/* A progress file that is not open, as last read from disk. */
typedef struct {
    char *path;          /* owned: absolute, inside its root (root.c checked it) */
    char *target;        /* owned: what was opened: the real path `path`'s links end at, inside the root too */
    char *uri;           /* owned */
    CoreDoc *doc;        /* owned */
    LspFileStamp stamp;  /* the file the text was read from: re-read (and re-checked) when it changes */
    uint64_t generation; /* unique per text across the session (drawn from LspDocs.generation) */
    bool seen;           /* listed by the last lsp_progress_files_list (others are dropped) */
    /* Storage for the diagnostics service (diagnostics.c), valid while diags_valid. */
    bool diags_valid;
    CoreOptions diags_opts; /* the options they were computed with */
    CoreDiagList diags;
} LspDiskFile;

/* One progress file: its text is an open document's or a file read from disk. */
typedef struct {
    const char *uri;     /* borrowed (from `open` or `disk`) */
    const CoreDoc *doc;  /* borrowed */
    LspDoc *open;        /* the open document, or NULL */
    LspDiskFile *disk;   /* the file read from disk, or NULL when open */
} LspProgressFile;

typedef Array(LspProgressFile) LspProgressFileArray;

/* The files read from disk, kept between requests. Zero-initialise; release with lsp_progress_files_destroy. */
typedef struct {
    Array(LspDiskFile *) files;
} LspProgressFiles;

void lsp_progress_files_destroy(LspProgressFiles *pf);

/* Files larger than this are not read (a progress file is meant to stay small). */
#define LSP_PROGRESS_FILE_MAX_BYTES (4u << 20)

/*
 * Lists every progress file (core_name_is_progress_file) of the workspace into `out` (cleared
 * first; entries borrowed until the next call): each one the index of a root of `ws` (may be NULL)
 * holds, its open document from `docs` when the client has it open, else its text from disk, read
 * again only when it changed — then every open document with a progress-file name that no root
 * holds. Unreadable, vanished or oversized files are left out. A file is read only after the root
 * boundary passed it (lsp_workspace_target), through lsp_file_read; one lstat a request then tells whether it is still the
 * same file (device, inode, size, modification time), and anything else sends it through the check again.
 */
void lsp_progress_files_list(LspProgressFiles *pf, const LspWorkspace *ws, LspDocs *docs, LspProgressFileArray *out);

#endif
