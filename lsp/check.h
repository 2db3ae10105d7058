/* check.h — `progress-ls check`: validate files from the command line, gcc-style output, CI-friendly exit codes. */
#ifndef LSP_CHECK_H
#define LSP_CHECK_H

/*
 * Runs `check` with its own argv (argv[0] is "check"; argv is borrowed):
 *   check [--max-lines N] [--severity CODE=off|error|warning|info|hint]... [--config FILE] FILE...
 * Prints `FILE:LINE:COL: severity: message [code]` to stdout for each finding (1-based line, column in
 * code points), file by file in argument order and by position within a file. Problems with the
 * invocation, a configuration file or an unreadable FILE go to stderr.
 * Returns the exit code: 0 no error-severity finding, 1 at least one, 2 bad usage or an unreadable file.
 */
int lsp_check_main(int argc, char **argv);

#endif
