/* uri.c — file:// URIs to absolute paths and back (RFC 8089 as editors write it: file:///abs/path, percent-encoded). */
#include "support/uri.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "progress/alloc.h"

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *lsp_uri_to_path(const char *uri)
{
    if (strncmp(uri, "file:", 5) != 0)
        return NULL;
    const char *p = uri + 5;
    if (strncmp(p, "//", 2) == 0) {
        p += 2;
        const char *slash = strchr(p, '/');
        if (!slash)
            return NULL;
        size_t host = (size_t)(slash - p);
        if (host && !(host == 9 && strncmp(p, "localhost", 9) == 0))
            return NULL;
        p = slash;
    }
    if (*p != '/')
        return NULL;
    size_t len = strcspn(p, "?#");
    char *out = core_xmalloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c == '%') {
            int hi = i + 2 < len ? hex(p[i + 1]) : -1, lo = hi >= 0 ? hex(p[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    lsp_platform_path_from_uri(out);
    return out;
}

static bool unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~' || c == '/';
}

char *lsp_uri_from_path(const char *native)
{
    char *path = lsp_platform_uri_path(native);
    size_t len = strlen(path);
    char *out = core_xmalloc(7 + len * 3 + 1);
    memcpy(out, "file://", 7);
    size_t n = 7;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)path[i];
        if (unreserved(c)) {
            out[n++] = (char)c;
        } else {
            snprintf(out + n, 4, "%%%02X", c);
            n += 3;
        }
    }
    out[n] = '\0';
    free(path);
    return out;
}
