/* fmt.h — `progress-ls fmt`: canonical layout from the command line, in place, as a check, or as a filter. */
#ifndef LSP_FMT_H
#define LSP_FMT_H

/*
 * Runs `fmt` with its own argv (argv[0] is "fmt"; argv is borrowed):
 *   fmt [--check] [--bullet majority|-|*] FILE...   or   fmt [--bullet ...] -
 * Rewrites each FILE in place (only when it changes); with --check changes nothing and prints what
 * would change to stdout; `-` formats stdin to stdout. Returns the exit code: 0 done or nothing to
 * change, 1 --check found something to change, 2 bad usage or a file that cannot be read or written.
 */
int lsp_fmt_main(int argc, char **argv);

#endif
