/* names.h — private: fuzzy lookup of the format's fixed vocabulary (sections, keys, levels). */
#ifndef CORE_NAMES_H
#define CORE_NAMES_H

#include <stddef.h>

#include "progress/log.h"

/*
 * Index of the entry of `names` (`count` NUL-terminated strings, NULL entries skipped) closest to `word`
 * (borrowed, `len` bytes) by case-insensitive edit distance, ignoring runs of spaces; -1 when even the
 * closest is further than a third of its length (so "Key Decisons" finds "Key Decisions" but "Foo" finds nothing).
 */
int core_names_closest(const char *const *names, int count, const char *word, size_t len);

/* True when `a` (`alen` bytes) equals the NUL-terminated `b` ignoring ASCII case and runs of spaces. */
int core_names_equal(const char *a, size_t alen, const char *b);

/*
 * The section kind a markdown heading's title names: a template section's name or a usual synonym (`Files Changed`);
 * *label gets the label it names (core_label_of), from the same one reading of the words.
 */
int core_heading_kind_of(const char *name, size_t len, CoreLabel *label);

#endif
