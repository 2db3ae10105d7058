/* jansson_config.h — jansson 2.14's public configuration, written for the Windows (mingw-w64) build: what
 * jansson's CMake (cmake/jansson_config.h.cmake) generates there. Not part of the upstream source. */
#ifndef JANSSON_CONFIG_H
#define JANSSON_CONFIG_H

#ifndef JANSSON_USING_CMAKE
#define JANSSON_USING_CMAKE
#endif

#define HAVE_STDINT_H 1
#include <stdint.h>

#ifdef __cplusplus
#define JSON_INLINE inline
#else
#define JSON_INLINE inline
#endif

#define json_int_t long long
#define json_strtoint strtoll
#define JSON_INTEGER_FORMAT "lld"

#define JSON_HAVE_LOCALECONV 1
#define JSON_HAVE_ATOMIC_BUILTINS 1
#define JSON_HAVE_SYNC_BUILTINS 1
#define JSON_PARSER_MAX_DEPTH 2048

#endif
