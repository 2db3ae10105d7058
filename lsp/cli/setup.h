/* setup.h — `progress-ls setup claude|codex|cursor`: merges progress-ls's hooks, MCP entry and paragraph into an agent's own files. */
#ifndef LSP_SETUP_H
#define LSP_SETUP_H

/*
 * Runs `setup` with its own argv (argv[0] is "setup"; borrowed):
 *   setup claude|codex|cursor [--user] [--check|--remove] [--agents-md]
 * Merges (or with --remove takes out, or with --check only looks for) progress-ls's hooks and MCP server entry
 * in the agent's configuration files — the project's (the current folder's repository top, else the current
 * folder) or with --user the user's — and with --agents-md a marked paragraph in CLAUDE.md or AGENTS.md. Never
 * touches another entry; a file it cannot parse is reported with its line and column and left as it is.
 * Returns the exit code: 0 done (or nothing missing), 1 --check found something missing, 2 bad usage or a file
 * that cannot be read, parsed or written.
 */
int lsp_setup_main(int argc, char **argv);

#endif
