/* output.c — one git command run to its end on a private loop, its standard output collected. */
#include "git/output.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "git/process.h"
#include "progress/alloc.h"

typedef struct {
    Array(char) text;
    int status;
    bool done;
} Collect;

static void on_out(void *data, const char *bytes, size_t len)
{
    Collect *c = data;
    array_grow_by(&c->text, (uint32_t)len);
    memcpy(c->text.contents + c->text.size - len, bytes, len);
}

static void on_done(void *data, const LspGitResult *r)
{
    Collect *c = data;
    c->status = r->spawn_error ? r->spawn_error : r->timed_out ? UV_ETIMEDOUT : r->ok ? 0 : UV_EINVAL;
    c->done = true;
}

int lsp_git_output(const char *cwd, const char *const *args, size_t arg_count, uint64_t timeout_ms, char **out,
                   size_t *len)
{
    *out = NULL;
    if (len)
        *len = 0;
    uv_loop_t loop;
    int rc = uv_loop_init(&loop);
    if (rc < 0)
        return rc;
    Collect c = {0};
    LspGitConfig cfg = {
        .loop = &loop,
        .cwd = cwd,
        .args = args,
        .arg_count = arg_count,
        .timeout_ms = timeout_ms,
        .data = &c,
        .out = on_out,
        .done = on_done,
    };
    lsp_git_start(&cfg);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    if (c.status == 0) {
        array_push(&c.text, '\0');
        if (len)
            *len = c.text.size - 1;
        *out = c.text.contents;
        return 0;
    }
    array_delete(&c.text);
    return c.done ? c.status : UV_EINVAL;
}
