/* test_names.c — which file names are progress files, and which are editors' scratch files: a row per name shape. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "progress/core.h"

/* Inline arrays, not pointers: Criterion runs each case in a fresh process, where pointers would dangle. */
typedef struct {
    char name[48];
    bool progress;
} NameCase;

ParameterizedTestParameters(names, progress_file)
{
    static NameCase cases[] = {
        {"progress.txt", true},
        {"claude-progress.txt", true},
        {"agent-progress.txt", true},
        {"sprint_progress.txt", true},
        {"notes.progress.txt", true},
        {"-progress.txt", true},
        {"docs/progress.txt", true},
        {"/home/me/repo/claude-progress.txt", true},
        {"a/b/c.progress.txt", true},
        {"C:\\repo\\progress.txt", true},
        {"progress.txt.bak", false},
        {"progress.md", false},
        {"Progress.txt", false},
        {"PROGRESS.TXT", false},
        {"myprogress.txt", false},
        {"progress-notes.txt", false},
        {"progress", false},
        {"rogress.txt", false},
        {"", false},
        {"progress.txt/", false},
        {"progress.txt/notes.txt", false},
        {"claude-progress.txt/x", false},
        {"dir-progress.txt/readme", false},
    };
    return cr_make_param_array(NameCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(NameCase *c, names, progress_file)
{
    cr_assert_eq(core_name_is_progress_file(c->name, strlen(c->name)), c->progress, "\"%s\" should%s be a progress file",
                 c->name, c->progress ? "" : " not");
}

Test(names, reads_only_the_given_length)
{
    static const char buf[] = "progress.txt.bak";
    cr_assert(core_name_is_progress_file(buf, strlen("progress.txt")));
    cr_assert_not(core_name_is_progress_file(buf, strlen(buf)));
    cr_assert_not(core_name_is_progress_file(NULL, 0));
}

typedef struct {
    char name[48];
    bool scratch;
} ScratchCase;

/* Editors' scratch and backup files: never evidence, never offered, never listed. */
ParameterizedTestParameters(names, scratch)
{
    static ScratchCase cases[] = {
        {".progress.txt.swp", true},   /* Vim's swap files */
        {"src/.a.c.swo", true},
        {".a.c.swx", true},
        {"4913", true},                /* Vim's test of a folder's write access */
        {"src/4913", true},
        {"#progress.txt#", true},      /* Emacs's auto-save */
        {".#progress.txt", true},      /* Emacs's lock link */
        {"progress.txt~", true},       /* backups */
        {"src\\a.c~", true},
        {"a.c.vsctmp", true},          /* VS Code's atomic save */
        {"a.c___jb_tmp___", true},     /* JetBrains' safe write */
        {"a.c___jb_old___", true},
        {"README.md.orig", true},      /* a merge tool's backup */
        {"notes.txt.bak", true},
        {"out.tmp", true},
        {"docs/.DS_Store", true},      /* Finder's */
        {"progress.txt", false},
        {"a#b", false},
        {"#", false},
        {"swp", false},
        {".swp", false},
        {".orig", false},
        {"49130", false},
        {"orig/a.c", false},
        {"src/#a/b.c", false},
        {"", false},
    };
    return cr_make_param_array(ScratchCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ScratchCase *c, names, scratch)
{
    cr_assert_eq(core_name_is_scratch(c->name, strlen(c->name)), c->scratch, "\"%s\" should%s be a scratch file",
                 c->name, c->scratch ? "" : " not");
}
