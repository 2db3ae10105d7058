/* model.h — private: what the analyses inside core/ may see of a document beyond the public API. */
#ifndef CORE_MODEL_H
#define CORE_MODEL_H

#include "parse.h"
#include "progress/core.h"
#include "progress/log.h"

/* What the model keeps of `line`'s classification (borrowed, valid until the next edit); `line` must be in range. */
const CoreLineHead *core_doc_line_head(const CoreDoc *doc, uint32_t line);

/* `line`'s whole classification, read again from its bytes into `out`, role included; `line` must be in range. */
void core_doc_line_parse(const CoreDoc *doc, uint32_t line, CoreLineInfo *out);

/* One past block `index`'s descendants; the line count out of range. */
uint32_t core_doc_block_subtree_end(const CoreDoc *doc, uint32_t index);

/* Section `index`'s kind from its header's kept head alone (no parse); `index` must be in range. */
CoreSectionKind core_doc_section_kind(const CoreDoc *doc, uint32_t index);


/* core_doc_block, its parent looked for only when `parent` (a walk back over the blocks before it). */
int core_doc_block_read(const CoreDoc *doc, uint32_t index, bool parent, CoreBlock *out);

/* Whether `line` is code or a mark that is never an item: inside a code block, a fence, a rule, a conflict marker. */
bool core_doc_line_verbatim(const CoreDoc *doc, uint32_t line);

#endif
