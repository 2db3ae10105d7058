/* corpus_read.h — test helper: the corpus files (tests/corpus, *.txt) listed and read, for properties over all of them. */
#ifndef TESTS_CORPUS_READ_H
#define TESTS_CORPUS_READ_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress/core.h"

static inline int corpus__by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the .txt files of CORPUS_DIR/`sub` ("" or "dialects/") to `names`, named relative to CORPUS_DIR. */
static inline char **corpus__list_dir(const char *sub, char **names, size_t *n, size_t *cap)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, sub);
    DIR *dir = opendir(path);
    cr_assert_not_null(dir, "cannot open %s", path);
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        size_t len = strlen(d->d_name);
        if (len < 5 || strcmp(d->d_name + len - 4, ".txt") != 0)
            continue;
        if (*n + 1 == *cap)
            names = realloc(names, (*cap *= 2) * sizeof *names);
        char *name = malloc(strlen(sub) + len + 1);
        strcpy(name, sub);
        strcat(name, d->d_name);
        names[(*n)++] = name;
    }
    closedir(dir);
    return names;
}

/* The names of the corpus's .txt files (tests/corpus and tests/corpus/dialects), sorted, NULL-terminated (caller frees each and the array). */
static inline char **corpus_list(void)
{
    size_t n = 0, cap = 16;
    char **names = malloc(cap * sizeof *names);
    names = corpus__list_dir("", names, &n, &cap);
    names = corpus__list_dir("dialects/", names, &n, &cap);
    qsort(names, n, sizeof *names, corpus__by_name);
    names[n] = NULL;
    cr_assert_gt(n, 0, "no corpus files in %s", CORPUS_DIR);
    return names;
}

/* The bytes of the file at `path`, NUL-terminated (caller frees); `len` gets their count. */
static inline char *corpus_read_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    *len = fread(buf, 1, (size_t)size, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* The bytes of corpus file `name`, NUL-terminated (caller frees); `len` gets their count. */
static inline char *corpus_read(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, name);
    return corpus_read_path(path, len);
}

static inline void corpus_list_free(char **names)
{
    for (char **p = names; *p; p++)
        free(*p);
    free(names);
}

/* One corpus file as a property sees it: all borrowed for the duration of the call. */
typedef struct {
    const char *name;
    const char *text; /* NUL-terminated; `has_nul` when the file holds NULs of its own */
    size_t len;
    bool has_nul;
    CoreDoc *doc;
} CorpusFile;

/* Calls `check` on every corpus file in name order with `data`. */
static inline void corpus_each(void (*check)(const CorpusFile *file, void *data), void *data)
{
    char **names = corpus_list();
    for (char **name = names; *name; name++) {
        size_t len;
        char *text = corpus_read(*name, &len);
        CorpusFile file = {*name, text, len, strlen(text) != len, core_doc_new(text, len)};
        check(&file, data);
        core_doc_free(file.doc);
        free(text);
    }
    corpus_list_free(names);
}

#endif
