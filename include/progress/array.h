/* progress/array.h — a tiny typed growable array (tree-sitter's Array(T)), shared by core and server. */
#ifndef PROGRESS_ARRAY_H
#define PROGRESS_ARRAY_H

#include <stdint.h>
#include <string.h>

#include "progress/alloc.h"

/* An array of T: `contents` is owned by the array and freed with array_delete. Zero-initialise to start. */
#define Array(T)           \
    struct {               \
        T *contents;       \
        uint32_t size;     \
        uint32_t capacity; \
    }

#define array_init(a) ((a)->contents = NULL, (a)->size = 0, (a)->capacity = 0)
#define array_delete(a) (free((a)->contents), array_init(a))
#define array_clear(a) ((a)->size = 0)
#define array_get(a, i) (&(a)->contents[i])
#define array_back(a) (&(a)->contents[(a)->size - 1])
#define array_reserve(a, n) \
    array__reserve((void **)&(a)->contents, &(a)->capacity, sizeof(*(a)->contents), (n))
#define array_grow_by(a, n) \
    (array__grow((void **)&(a)->contents, (a)->size, &(a)->capacity, (n), sizeof(*(a)->contents)), (a)->size += (n))
#define array_push(a, el)                                                                         \
    (array__grow((void **)&(a)->contents, (a)->size, &(a)->capacity, 1, sizeof(*(a)->contents)), \
     (a)->contents[(a)->size++] = (el))
/*
 * Appends `count` elements copied from `src` (borrowed). Appending nothing never touches `src` or the
 * contents, which may both still be NULL (memcpy(NULL, …, 0) is undefined: found by fuzz_server).
 */
#define array_extend(a, count, src)                                                                     \
    array__extend((void **)&(a)->contents, &(a)->size, &(a)->capacity, sizeof(*(a)->contents), (count), \
                  (src))
/* Replaces `old_count` elements at `index` with `new_count` uninitialised ones, shifting the rest. */
#define array_splice_gap(a, index, old_count, new_count)                                          \
    array__splice((void **)&(a)->contents, &(a)->size, &(a)->capacity, sizeof(*(a)->contents), \
                  (index), (old_count), (new_count))

static inline void array__reserve(void **contents, uint32_t *capacity, size_t elsize, uint32_t n)
{
    if (n <= *capacity)
        return;
    *contents = core_xrealloc(*contents, (size_t)n * elsize);
    *capacity = n;
}

static inline void array__grow(void **contents, uint32_t size, uint32_t *capacity, uint32_t count,
                               size_t elsize)
{
    uint32_t need = size + count;
    if (need <= *capacity)
        return;
    uint32_t cap = *capacity ? *capacity * 2 : 8;
    if (cap < need)
        cap = need;
    array__reserve(contents, capacity, elsize, cap);
}

static inline void array__extend(void **contents, uint32_t *size, uint32_t *capacity, size_t elsize,
                                 size_t count, const void *src)
{
    if (count == 0)
        return;
    array__grow(contents, *size, capacity, (uint32_t)count, elsize);
    memcpy((char *)*contents + (size_t)*size * elsize, src, count * elsize);
    *size += (uint32_t)count;
}

static inline void array__splice(void **contents, uint32_t *size, uint32_t *capacity, size_t elsize,
                                 uint32_t index, uint32_t old_count, uint32_t new_count)
{
    uint32_t tail = *size - index - old_count;
    if (new_count > old_count)
        array__grow(contents, *size, capacity, new_count - old_count, elsize);
    char *base = (char *)*contents;
    if (tail && new_count != old_count)
        memmove(base + (index + new_count) * elsize, base + (index + old_count) * elsize, tail * elsize);
    *size = *size - old_count + new_count;
}

#endif
