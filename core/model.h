/* model.h — private: what the analyses inside core/ may see of a document beyond the public API. */
#ifndef CORE_MODEL_H
#define CORE_MODEL_H

#include "parse.h"
#include "progress/core.h"

/* What the model keeps of `line`'s classification (borrowed, valid until the next edit); `line` must be in range. */
const CoreLineHead *core_doc_line_head(const CoreDoc *doc, uint32_t line);

/* `line`'s whole classification, read again from its bytes into `out`, role included; `line` must be in range. */
void core_doc_line_parse(const CoreDoc *doc, uint32_t line, CoreLineInfo *out);

#endif
