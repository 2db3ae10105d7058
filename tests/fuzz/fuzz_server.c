/* fuzz_server.c — libFuzzer target: a whole server session (framing, JSON-RPC, dispatch, handlers) on arbitrary bytes. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"
#include "server.h"

/*
 * The input is what an editor would write to the server's stdin; it is served from an in-memory file
 * until its end, with the output thrown away, exactly as lsp/main.c serves stdin.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    lsp_log_open("/dev/null", LSP_LOG_ERROR);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int in = memfd_create("fuzz-server-input", MFD_CLOEXEC);
    int out = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (in < 0 || out < 0) {
        perror("fuzz_server: cannot open the input or the output");
        abort();
    }
    for (size_t done = 0; done < size;) {
        ssize_t n = write(in, data + done, size - done);
        if (n <= 0) {
            perror("fuzz_server: cannot write the input");
            abort();
        }
        done += (size_t)n;
    }
    lseek(in, 0, SEEK_SET);
    lsp_server_run(in, out);
    close(in);
    close(out);
    return 0;
}
