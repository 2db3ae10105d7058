/* fuzz_server.c — libFuzzer target: a whole server session (framing, JSON-RPC, dispatch, handlers) on arbitrary bytes. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "handlers/handlers.h"
#include "support/log.h"
#include "server/server.h"

/*
 * The input is what an editor would write to the server's stdin; it is served from an in-memory file
 * until its end, exactly as lsp/main.c serves stdin, and what the server wrote is read back from another.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lsp_log_open("/dev/null", LSP_LOG_ERROR);
    return 0;
}

static int memfd_with(const char *name, const uint8_t *data, size_t size)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) {
        perror("fuzz_server: memfd_create");
        abort();
    }
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            perror("fuzz_server: cannot write the input");
            abort();
        }
        done += (size_t)n;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* Whatever it was fed, the server writes only whole frames whose bodies are valid UTF-8 JSON objects. */
static void require_clean_output(int fd)
{
    off_t size = lseek(fd, 0, SEEK_END);
    fuzz_require(size >= 0, "output size");
    if (size == 0)
        return;
    char *out = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
    fuzz_require(out != MAP_FAILED, "output mapped");
    static const char head[] = "Content-Length: ";
    for (size_t at = 0; at < (size_t)size;) {
        fuzz_require((size_t)size - at > sizeof head - 1 && memcmp(out + at, head, sizeof head - 1) == 0,
                     "output frame starts with Content-Length");
        at += sizeof head - 1;
        size_t body = 0;
        while (at < (size_t)size && out[at] >= '0' && out[at] <= '9')
            body = body * 10 + (size_t)(out[at++] - '0');
        fuzz_require((size_t)size - at >= 4 && memcmp(out + at, "\r\n\r\n", 4) == 0, "output header ends");
        at += 4;
        fuzz_require(body <= (size_t)size - at, "output body is whole");
        json_error_t err;
        json_t *msg = json_loadb(out + at, body, 0, &err);
        fuzz_require(json_is_object(msg), "output body is a JSON object (valid UTF-8)");
        json_decref(msg);
        at += body;
    }
    munmap(out, (size_t)size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int in = memfd_with("fuzz-server-input", data, size);
    int out = memfd_create("fuzz-server-output", MFD_CLOEXEC);
    fuzz_require(out >= 0, "output memfd");
    lsp_server_run(in, out, &lsp_methods);
    require_clean_output(out);
    close(in);
    close(out);
    return 0;
}
