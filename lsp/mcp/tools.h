/* tools.h — the MCP server's five tools: state, check, prime (read-only), edit and finish (writes). */
#ifndef LSP_MCP_TOOLS_H
#define LSP_MCP_TOOLS_H

#include <jansson.h>

#include "mcp/kept.h"

/* The `tools` array of tools/list: names, terse schemas, outputSchema, annotations (new reference). */
json_t *lsp_mcp_tools_list(void);

/*
 * Calls tool `name` with `args` (borrowed; NULL = none) for the project of `k` (nothing outside it is read or
 * written; the read-only tools bring the evidence `k` keeps up to date instead of reading it afresh). Returns the CallToolResult's fields (content, structuredContent, isError; new
 * reference), or NULL with a sentence in `*message` (owned) for a protocol error: an unknown tool or arguments that
 * break its inputSchema (JSON-RPC -32602). Problems the model can act on (a stale stamp, no such field, an edit that
 * would add an error) are results with isError: true.
 */
json_t *lsp_mcp_tool_call(LspMcpKept *k, const char *name, const json_t *args, char **message);

#endif
