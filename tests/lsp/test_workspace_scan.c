/* test_index/scan.c — the workspace on real folders: git and walk listings, exclusions, events, and the root boundary. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "index/workspace.h"
#include "index/root.h"
#include "index/scan.h"

static char dir[256];
static char logbuf[8192];
static uv_loop_t loop;
static LspWorkspace *ws;

static void on_log(void *data, const char *message)
{
    (void)data;
    strncat(logbuf, message, sizeof logbuf - strlen(logbuf) - 2);
    strcat(logbuf, "\n");
}

static void sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char full[1400];
    snprintf(full, sizeof full, "cd '%s' && { %s ; } >/dev/null 2>&1", dir, cmd);
    cr_assert_eq(system(full), 0, "setup command failed: %s", cmd);
}

/* Creates `rel` under the test folder with its parent folders. */
static void touch(const char *rel)
{
    sh("mkdir -p \"$(dirname '%s')\" && echo x > '%s'", rel, rel);
}

static void setup(void)
{
    strcpy(dir, "/tmp/progress-ws-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    logbuf[0] = '\0';
    uv_loop_init(&loop);
    LspWorkspaceHooks hooks = {.log = on_log};
    ws = lsp_workspace_new(&loop, &hooks);
}

static void teardown(void)
{
    lsp_workspace_close(ws);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&loop), 0, "every handle of the workspace is closed");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", dir, dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(workspace, .init = setup, .fini = teardown);

/* Indexes `dir` as the only root and runs the loop until every scan has ended. */
static int index_dir(void)
{
    int root = lsp_workspace_add_root(ws, dir);
    cr_assert_geq(root, 0, "%s is a folder", dir);
    lsp_workspace_index(ws);
    cr_assert(lsp_workspace_busy(ws), "indexing runs in the background");
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_not(lsp_workspace_busy(ws));
    return root;
}

static LspPathKind kind(int root, const char *path)
{
    return lsp_workspace_lookup(ws, root, path, strlen(path));
}

static void git_init(void)
{
    sh("git init -q . && git config user.email t@example.com && git config user.name t");
}

Test(workspace, git_lists_tracked_and_untracked_files_but_not_ignored_ones)
{
    git_init();
    touch("src/auth/token.py");
    touch("README.md");
    touch("build.log");
    touch("secret/keys.txt");
    sh("printf '*.log\\nsecret/\\n' > .gitignore && git add src README.md .gitignore && git commit -qm init");
    touch("notes/untracked.md");
    int root = index_dir();
    cr_assert_eq(kind(root, "src/auth/token.py"), LSP_PATH_FILE);
    cr_assert_eq(kind(root, "src/auth"), LSP_PATH_DIR);
    cr_assert_eq(kind(root, "notes/untracked.md"), LSP_PATH_FILE, "untracked files are listed");
    cr_assert_eq(kind(root, "build.log"), LSP_PATH_NONE, "ignored by *.log");
    cr_assert_eq(kind(root, "secret/keys.txt"), LSP_PATH_NONE, "ignored folder");
    cr_assert_eq(kind(root, "secret"), LSP_PATH_NONE);
    cr_assert_eq(logbuf[0], '\0', "nothing to complain about: %s", logbuf);
}

Test(workspace, a_repository_config_cannot_make_listing_run_a_program)
{
    git_init();
    touch("a.txt");
    sh("git add a.txt && git commit -qm init");
    /* Plain `git ls-files` runs a configured fsmonitor hook: a cloned repository could run anything. */
    sh("printf '#!/bin/sh\\ntouch \"%s/ran\"\\n' > .git/hook && chmod +x .git/hook && git config core.fsmonitor "
       "\"$PWD/.git/hook\"", dir);
    int root = index_dir();
    cr_assert_eq(kind(root, "a.txt"), LSP_PATH_FILE);
    char marker[512];
    snprintf(marker, sizeof marker, "%s/ran", dir);
    cr_assert_neq(access(marker, F_OK), 0, "the hook did not run");
}

Test(workspace, outside_git_the_walk_skips_vcs_dependency_and_build_folders)
{
    touch("src/main.c");
    touch("node_modules/left-pad/index.js");
    touch("build/out.o");
    touch("target/debug/app");
    touch("pkg/__pycache__/m.pyc");
    touch(".venv/bin/python");
    touch("docs/guide.md");
    int root = index_dir();
    cr_assert_eq(kind(root, "src/main.c"), LSP_PATH_FILE);
    cr_assert_eq(kind(root, "docs/guide.md"), LSP_PATH_FILE);
    const char *skipped[] = {"node_modules", "build", "target", "pkg/__pycache__", ".venv", "pkg"};
    for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
        cr_assert_eq(kind(root, skipped[i]), LSP_PATH_NONE, "%s is skipped", skipped[i]);
    cr_assert_eq(lsp_path_index_file_count(lsp_workspace_paths(ws, root)), 2);
    cr_assert(strstr(logbuf, "walking the folder instead") != NULL, "the fallback is logged: %s", logbuf);
}

Test(workspace, a_failing_git_falls_back_to_the_walk_with_a_log_line)
{
    sh("echo 'gitdir: /nonexistent/repo' > .git");
    touch("a/b.txt");
    int root = index_dir();
    cr_assert_eq(kind(root, "a/b.txt"), LSP_PATH_FILE);
    cr_assert_eq(kind(root, ".git"), LSP_PATH_NONE);
    cr_assert(strstr(logbuf, dir) != NULL && strstr(logbuf, "git ls-files exited with") != NULL,
              "the log says what failed and where: %s", logbuf);
}

Test(workspace, excluded_folders_are_left_out_in_both_modes)
{
    touch("vendor/lib.c");
    touch("src/vendor/inner.c");
    touch("third_party/big/x.c");
    touch("third_party/small/y.c");
    touch("src/keep.c");
    const char *excludes[] = {"**/vendor/**", "third_party/big/"};
    lsp_workspace_set_excludes(ws, excludes, 2);
    int root = index_dir();
    cr_assert_eq(kind(root, "vendor/lib.c"), LSP_PATH_NONE);
    cr_assert_eq(kind(root, "src/vendor/inner.c"), LSP_PATH_NONE, "a bare name matches at any depth");
    cr_assert_eq(kind(root, "third_party/big/x.c"), LSP_PATH_NONE);
    cr_assert_eq(kind(root, "third_party/small/y.c"), LSP_PATH_FILE, "a path matches only itself");
    cr_assert_eq(kind(root, "src/keep.c"), LSP_PATH_FILE);

    git_init();
    lsp_workspace_set_excludes(ws, excludes, 1);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(kind(root, "vendor/lib.c"), LSP_PATH_NONE, "git lists it, the setting drops it");
    cr_assert_eq(kind(root, "third_party/big/x.c"), LSP_PATH_FILE, "no longer excluded: re-indexed");
}

Test(workspace, created_and_deleted_files_follow_change_events)
{
    git_init();
    touch("old.txt");
    sh("echo '*.tmp' > .gitignore");
    int root = index_dir();
    touch("new/fresh.md");
    touch("scratch.tmp");
    char path[512];
    snprintf(path, sizeof path, "%s/new", dir);
    lsp_workspace_file_changed(ws, path, LSP_FILE_CREATED);
    snprintf(path, sizeof path, "%s/scratch.tmp", dir);
    lsp_workspace_file_changed(ws, path, LSP_FILE_CREATED);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(kind(root, "new/fresh.md"), LSP_PATH_FILE, "a created folder is listed with its files");
    cr_assert_eq(kind(root, "scratch.tmp"), LSP_PATH_NONE, "git keeps an ignored file out");

    sh("rm old.txt");
    snprintf(path, sizeof path, "%s/old.txt", dir);
    lsp_workspace_file_changed(ws, path, LSP_FILE_DELETED);
    cr_assert_eq(kind(root, "old.txt"), LSP_PATH_NONE, "deletions apply at once");

    lsp_workspace_file_changed(ws, "/etc/passwd", LSP_FILE_CREATED);
    snprintf(path, sizeof path, "%s/../escape", dir);
    lsp_workspace_file_changed(ws, path, LSP_FILE_CREATED);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(kind(root, "etc/passwd"), LSP_PATH_NONE);
    cr_assert_eq(kind(root, "escape"), LSP_PATH_NONE);
}

Test(workspace, created_files_are_listed_by_the_walk_outside_git)
{
    int root = index_dir();
    touch("later.txt");
    char path[512];
    snprintf(path, sizeof path, "%s/later.txt", dir);
    lsp_workspace_file_changed(ws, path, LSP_FILE_CREATED);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(kind(root, "later.txt"), LSP_PATH_FILE);
}

Test(workspace, paths_never_leave_the_root)
{
    touch("src/x.c");
    touch("real/inside.txt");
    sh("ln -s /etc etc-link && ln -s /etc/hostname host-link && ln -s src/x.c good-link && ln -s ../.. up-link"
       " && ln -s real dir-link");
    int root = index_dir();
    cr_assert_eq(kind(root, "etc-link/passwd"), LSP_PATH_NONE, "a linked folder is not walked");
    cr_assert_eq(kind(root, "dir-link/inside.txt"), LSP_PATH_NONE, "not even one inside the root");
    cr_assert_eq(kind(root, "host-link"), LSP_PATH_FILE, "links are named as files");

    const char *refused[] = {"../x", "/etc/passwd", "src/../../x", "host-link", "etc-link", "up-link", "nothing"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char *abs = lsp_workspace_resolve(ws, root, refused[i], strlen(refused[i]));
        cr_assert_null(abs, "%s must not resolve, got %s", refused[i], abs ? abs : "");
    }
    char *abs = lsp_workspace_resolve(ws, root, "good-link", 9);
    cr_assert_not_null(abs, "a link to a file inside the root is fine");
    free(abs);
    abs = lsp_workspace_resolve(ws, root, "./src//x.c", 10);
    cr_assert_not_null(abs);
    char expected[512];
    snprintf(expected, sizeof expected, "%s/src/x.c", dir);
    cr_assert_str_eq(abs, expected);
    free(abs);

    /* The boundary check on its own: a link on the way stops it before anything outside is touched. */
    cr_assert_eq(lsp_root_lstat_inside(dir, "etc-link/passwd", 15), LSP_PATH_NONE);
    cr_assert_eq(lsp_root_lstat_inside(dir, "src/x.c", 7), LSP_PATH_FILE);
    cr_assert_eq(lsp_root_lstat_inside(dir, "src", 3), LSP_PATH_DIR);
}

Test(workspace, a_missing_workspace_folder_is_logged_and_refused)
{
    cr_assert_lt(lsp_workspace_add_root(ws, "/nonexistent/progress-ls-root"), 0);
    cr_assert(strstr(logbuf, "/nonexistent/progress-ls-root") != NULL, "log: %s", logbuf);
    cr_assert_lt(lsp_workspace_add_root(ws, "relative/root"), 0);
    cr_assert_eq(lsp_workspace_root_count(ws), 0);
    lsp_workspace_index(ws);
    cr_assert_not(lsp_workspace_busy(ws), "nothing to index");
}

/* Runs the index of `dir` in a child that, when this is root (whom permissions do not stop), becomes nobody. */
static void index_unprivileged(void)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        int root = index_dir();
        bool listed = kind(root, "open/a.txt") == LSP_PATH_FILE;
        bool logged = strstr(logbuf, "closed") != NULL && strstr(logbuf, "permission denied") != NULL;
        _exit(listed && logged ? 0 : listed ? 1 : 2);
    }
    int status;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status), "the index survives an unreadable folder");
    cr_assert_neq(WEXITSTATUS(status), 3, "could not become an unprivileged user");
    cr_assert_neq(WEXITSTATUS(status), 2, "the readable folders are listed");
    cr_assert_eq(WEXITSTATUS(status), 0, "the unreadable folder is logged with what went wrong");
}

Test(workspace, an_unreadable_folder_is_logged_and_skipped)
{
    touch("open/a.txt");
    touch("closed/b.txt");
    sh("chmod 755 . && chmod 000 closed");
    index_unprivileged();
}

Test(workspace, single_file_mode_uses_the_file_folder)
{
    touch("sub/progress.txt");
    touch("sub/code.c");
    char file[512];
    snprintf(file, sizeof file, "%s/sub/progress.txt", dir);
    int root = lsp_workspace_root_for_file(ws, file);
    cr_assert_eq(root, 0);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(kind(root, "code.c"), LSP_PATH_FILE);
    const char *rel;
    cr_assert_eq(lsp_workspace_root_of(ws, file, &rel), root);
    cr_assert_str_eq(rel, "progress.txt");
}

Test(workspace, closing_while_indexing_releases_everything)
{
    for (int i = 0; i < 50; i++) {
        char rel[32];
        snprintf(rel, sizeof rel, "d%d/f.txt", i);
        touch(rel);
    }
    lsp_workspace_add_root(ws, dir);
    lsp_workspace_index(ws);
    lsp_workspace_close(ws);
    ws = NULL;
    uv_run(&loop, UV_RUN_DEFAULT);
}
