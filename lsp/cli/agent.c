/* agent.c — the coding agents progress-ls serves by name. */
#include "cli/agent.h"

#include <string.h>

static const char *const names[AGENT_COUNT] = {"claude", "codex", "cursor"};

const char *lsp_agent_name(Agent agent)
{
    return names[agent];
}

int lsp_agent_of(const char *name)
{
    for (int a = 0; a < AGENT_COUNT; a++)
        if (strcmp(name, names[a]) == 0)
            return a;
    return -1;
}
