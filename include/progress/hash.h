/* progress/hash.h — FNV-1a, the one string hash of the program (core and server). */
#ifndef PROGRESS_HASH_H
#define PROGRESS_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 32-bit FNV-1a of `len` bytes of `s` (borrowed): short keys such as URIs and paths, for hash tables. */
static inline uint32_t core_fnv1a(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

#endif
