/* model.h — private: what the analyses inside core/ may see of a document beyond the public API. */
#ifndef CORE_MODEL_H
#define CORE_MODEL_H

#include "parse.h"
#include "progress/core.h"

/* The parser's classification of `line` (borrowed, valid until the next edit); `line` must be in range. */
const CoreLineInfo *core_doc_line_info(const CoreDoc *doc, uint32_t line);

/* The terminator of `line` ("\n", "\r\n", "\r", or "" for the last line; static); `line` must be in range. */
const char *core_doc_line_eol(const CoreDoc *doc, uint32_t line);

#endif
