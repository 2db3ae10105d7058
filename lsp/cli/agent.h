/* agent.h — the coding agents progress-ls serves by name (`hook AGENT`, `setup AGENT`): one list for every command. */
#ifndef LSP_CLI_AGENT_H
#define LSP_CLI_AGENT_H

typedef enum { AGENT_CLAUDE, AGENT_CODEX, AGENT_CURSOR, AGENT_COUNT } Agent;

/* The agent's name on the command line ("claude", "codex", "cursor"); a static string. */
const char *lsp_agent_name(Agent agent);

/* The agent named `name`, or -1 for none. */
int lsp_agent_of(const char *name);

#endif
