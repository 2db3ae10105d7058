/* path_text.c — the text of workspace paths: cleaning and joining. */
#include "index/path_text.h"

#include <stdbool.h>
#include <string.h>
#include <uv.h>

/* Appends the clean segments of `path` to out[0, n); ".." climbs out of `out` when `climb`, else is refused. */
static int clean(const char *path, size_t len, char *out, size_t n, bool climb)
{
    if (len && path[0] == '/')
        return UV_EINVAL;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && path[j] != '/') {
            unsigned char c = (unsigned char)path[j];
            if (c < 0x20 || c == 0x7f || c == '\\')
                return UV_EINVAL;
            j++;
        }
        size_t seg = j - i;
        if (seg == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (!climb || n == 0)
                return UV_EINVAL;
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--;
        } else if (seg && !(seg == 1 && path[i] == '.')) {
            if (n)
                out[n++] = '/';
            memcpy(out + n, path + i, seg);
            n += seg;
        }
        i = j + 1;
    }
    out[n] = '\0';
    return (int)n;
}

int lsp_path_normalize(const char *path, size_t len, char *out)
{
    return clean(path, len, out, 0, false);
}

int lsp_path_join(const char *dir, size_t dir_len, const char *rel, size_t rel_len, char *out)
{
    memcpy(out, dir, dir_len);
    return clean(rel, rel_len, out, dir_len, true);
}
