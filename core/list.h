/* list.h — private: the one way the public result lists (`T *items; size_t count;`: CoreDiagList, CoreOutline, …) are freed. */
#ifndef CORE_LIST_H
#define CORE_LIST_H

#include <stddef.h>
#include <stdlib.h>

/* Releases what one item owns (not the item itself, which lives in its array). */
typedef void CoreItemFree(void *item);

/* Frees an array of `count` items of `size` bytes each: first what each owns, with `item_free` (NULL when the items
 * own nothing), then the array. */
static inline void core_items_free(void *items, size_t count, size_t size, CoreItemFree *item_free)
{
    if (item_free)
        for (size_t i = 0; i < count; i++)
            item_free((char *)items + i * size);
    free(items);
}

/* Frees `list`'s items as core_items_free does and leaves the list empty. A NULL list is ignored, as by every free
 * function. */
#define core_list_free(list, item_free)                                                      \
    do {                                                                                     \
        if (list) {                                                                          \
            core_items_free((list)->items, (list)->count, sizeof *(list)->items, item_free); \
            (list)->items = NULL;                                                            \
            (list)->count = 0;                                                               \
        }                                                                                    \
    } while (0)

#endif
