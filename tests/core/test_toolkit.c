/* test_toolkit.c — the shared helpers of include/progress/: printf into the heap, append bytes, FNV-1a. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "progress/alloc.h"
#include "progress/array.h"
#include "progress/hash.h"

Test(xasprintf, formats_into_a_string_of_the_exact_length)
{
    char *s = core_xasprintf("%s:%d", "line", 42);
    cr_assert_str_eq(s, "line:42");
    free(s);
}

Test(xasprintf, never_truncates_a_long_message)
{
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char *s = core_xasprintf("<%s>", big);
    cr_assert_eq(strlen(s), sizeof big + 1);
    cr_assert_eq(s[0], '<');
    cr_assert_eq(s[sizeof big], '>');
    free(s);
}

Test(xasprintf, an_empty_format_gives_an_empty_string)
{
    char *s = core_xasprintf("%s", "");
    cr_assert_str_eq(s, "");
    free(s);
}

Test(array_extend, appends_bytes_after_the_existing_ones)
{
    Array(char) a = {0};
    array_extend(&a, 3, "abc");
    array_extend(&a, 2, "de");
    cr_assert_eq(a.size, 5);
    cr_assert(memcmp(a.contents, "abcde", 5) == 0);
    array_delete(&a);
}

Test(array_extend, appending_nothing_to_an_empty_array_touches_nothing)
{
    Array(char) a = {0};
    array_extend(&a, 0, NULL);
    cr_assert_null(a.contents);
    cr_assert_eq(a.size, 0);
}

Test(array_extend, copies_whole_elements)
{
    Array(int) a = {0};
    int v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    array_extend(&a, 10, v);
    array_extend(&a, 10, v);
    cr_assert_eq(a.size, 20);
    cr_assert_eq(a.contents[19], 10);
    cr_assert_eq(a.contents[10], 1);
    array_delete(&a);
}

/* Reference values of 32-bit FNV-1a (the test vectors published with the algorithm). */
Test(fnv1a, matches_the_published_vectors)
{
    cr_assert_eq(core_fnv1a("", 0), 0x811c9dc5u);
    cr_assert_eq(core_fnv1a("a", 1), 0xe40c292cu);
    cr_assert_eq(core_fnv1a("foobar", 6), 0xbf9cf968u);
}
