/* path_text.c — the text of workspace paths: cleaning, joining, and which names are editors' scratch files. */
#include "index/path_text.h"

#include <string.h>
#include <uv.h>

#include "progress/core.h"

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

static bool ends_with(const char *s, size_t len, const char *tail)
{
    size_t n = strlen(tail);
    return len >= n && memcmp(s + len - n, tail, n) == 0;
}

bool lsp_path_is_scratch(const char *name, size_t len)
{
    if (len == 0)
        return false;
    if (name[len - 1] == '~')
        return true;
    if (len >= 2 && name[0] == '#' && name[len - 1] == '#')
        return true;
    if (len >= 2 && name[0] == '.' && name[1] == '#')
        return true;
    return ends_with(name, len, ".swp") || ends_with(name, len, ".swo") || ends_with(name, len, ".swx");
}
