/* hook.h — `progress-ls hook claude|codex|cursor [--stop]`: check what a coding agent wrote, from its hook payload. */
#ifndef LSP_HOOK_H
#define LSP_HOOK_H

/*
 * Runs `hook` with its own argv (argv[0] is "hook"; borrowed), reading the agent's hook payload (JSON) on
 * stdin. After an edit: exit 2 with the concise findings on stderr when an edited progress file has an
 * error-severity finding, else 0. With --stop: exit 2 with the reason when Session State still holds
 * template placeholders (Cursor: a followup_message on stdout and exit 0), unless the agent says this stop
 * already follows one (stop_hook_active, loop_count). A payload it cannot read is one line on stderr and
 * exit 0: a hook never blocks an agent on its own problem. Bad usage (a wrong agent name or option in the
 * hook's configuration) exits 1, which agents show to the user without blocking. Writes no file.
 */
int lsp_hook_main(int argc, char **argv);

#endif
