/* server.h — `progress-ls mcp`: the Model Context Protocol server on stdio (revisions 2026-07-28 and 2025-11-25). */
#ifndef LSP_MCP_SERVER_H
#define LSP_MCP_SERVER_H

/*
 * Runs `mcp` with its own argv (argv[0] is "mcp"; borrowed): reads one JSON-RPC message per line on stdin and
 * answers each on stdout, one line each, until stdin ends (exit 0). The project is the git repository holding the
 * current folder (or the folder itself outside one); nothing outside it is read or written. `mcp --help` says more.
 */
int lsp_mcp_main(int argc, char **argv);

#endif
