/* session.h — the session-start and pre-compact hooks: the briefing, and the reminder before compaction, in each agent's shape. */
#ifndef LSP_SESSION_H
#define LSP_SESSION_H

#include <jansson.h>

/*
 * SessionStart (Claude Code, Codex: every source — startup, resume, clear, compact; Cursor: sessionStart): prints
 * the briefing of the project's progress file (lsp_prime_briefing on `root`, borrowed) on stdout in the agent's
 * shape — Claude Code and Codex {"hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":…}},
 * Cursor {"additional_context":…}. After a compaction (source "compact") the briefing starts with a line asking the
 * model to bring the file up to date from the summary. No progress file: one line on stderr, nothing on stdout.
 * `agent` is "claude", "codex" or "cursor"; `payload` borrowed. Returns the exit status: always 0.
 */
int lsp_session_start(const char *agent, const json_t *payload, const char *root);

/*
 * PreCompact (Claude Code, Codex; Cursor: preCompact): a one-line reminder to update the progress file, through
 * the one non-blocking channel these events have — {"systemMessage":…} (Claude Code, Codex: shown to the user; no
 * pre-compaction output reaches the model) or {"user_message":…} (Cursor). The model gets it after the compaction
 * from the SessionStart hook (source "compact"). Returns the exit status: always 0.
 */
int lsp_session_pre_compact(const char *agent, const json_t *payload, const char *root);

#endif
