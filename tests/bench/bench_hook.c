/* bench_hook.c — the PostToolUse hook as Claude Code runs it: `progress-ls hook claude` spawned with a payload on stdin, wall time per run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

extern char **environ;

enum { RUNS = 200 };

/* Runs `bin hook claude` in `dir` with `payload` on stdin (output to /dev/null); the wall time in µs, or -1. */
static double run_once(const char *bin, const char *dir, const char *payload_path)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, payload_path, O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addchdir_np(&fa, dir);
    char *argv[] = {(char *)bin, "hook", "claude", NULL};
    pid_t pid;
    double t0 = bench_now_us();
    int rc = posix_spawn(&pid, bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "bench_hook: cannot run %s: %s\n", bin, strerror(rc));
        exit(2);
    }
    int status;
    waitpid(pid, &status, 0);
    return bench_now_us() - t0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

static int git(const char *dir, const char *cmd)
{
    char *line;
    if (asprintf(&line, "cd '%s' && GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=b "
                        "GIT_COMMITTER_EMAIL=b@b git -c init.defaultBranch=main %s >/dev/null 2>&1", dir, cmd) < 0)
        return -1;
    int rc = system(line);
    free(line);
    return rc;
}

static void measure(const char *label, const char *bin, const char *dir, const char *payload)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/payload.json", dir);
    write_file(path, payload);
    double samples[RUNS];
    for (int i = 0; i < 10; i++) /* warm the page cache */
        run_once(bin, dir, path);
    for (int i = 0; i < RUNS; i++)
        samples[i] = run_once(bin, dir, path);
    qsort(samples, RUNS, sizeof samples[0], bench_cmp_double);
    printf("| %s | %.2f | %.2f | %.2f |\n", label, samples[RUNS / 2] / 1000, samples[RUNS * 9 / 10] / 1000,
           samples[RUNS - 1] / 1000);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_hook PROGRESS_LS\n");
        return 2;
    }
    char *bin = realpath(argv[1], NULL); /* the child runs in the repository */
    if (!bin) {
        perror(argv[1]);
        return 2;
    }
    char dir[] = "/tmp/bench-hook-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char path[4096], *payload;
    snprintf(path, sizeof path, "%s/progress.txt", dir);
    size_t len;
    char *doc = bench_make_doc(200, &len);
    write_file(path, doc);
    free(doc);
    snprintf(path, sizeof path, "%s/app.c", dir);
    write_file(path, "int main(void) { return 0; }\n");
    git(dir, "init -q");
    git(dir, "add -A");
    git(dir, "commit -qm start");

    printf("`progress-ls hook claude` spawned %d times per row with the payload on stdin (after 10 warm-up runs), "
           "in a git repository holding a 200-line progress.txt; wall time from spawn to exit.\n\n", RUNS);
    printf("| PostToolUse payload | median ms | p90 ms | max ms |\n|---|---|---|---|\n");
#define PAYLOAD(tool, input) \
    "{\"hook_event_name\":\"PostToolUse\",\"cwd\":\"%s\",\"tool_name\":\"" tool "\",\"tool_input\":" input "}"
    if (asprintf(&payload, PAYLOAD("Edit", "{\"file_path\":\"%s/app.c\"}"), dir, dir) > 0) {
        measure("Edit of a file that is no progress file (most edits)", bin, dir, payload);
        free(payload);
    }
    if (asprintf(&payload, PAYLOAD("Bash", "{\"command\":\"ls -la\"}"), dir) > 0) {
        measure("Bash without a commit (most commands)", bin, dir, payload);
        free(payload);
    }
    if (asprintf(&payload, PAYLOAD("Edit", "{\"file_path\":\"%s/progress.txt\"}"), dir, dir) > 0) {
        measure("Edit of the 200-line progress.txt (checked)", bin, dir, payload);
        free(payload);
    }
    if (asprintf(&payload, PAYLOAD("Bash", "{\"command\":\"git commit -am x\"}"), dir) > 0) {
        measure("Bash `git commit` whose commit holds the progress file (two git runs)", bin, dir, payload);
        free(payload);
    }
    char *cmd;
    if (asprintf(&cmd, "rm -rf '%s'", dir) > 0) {
        if (system(cmd) != 0)
            fprintf(stderr, "bench_hook: could not remove %s\n", dir);
        free(cmd);
    }
    free(bin);
    return 0;
}
