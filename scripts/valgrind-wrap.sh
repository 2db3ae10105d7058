#!/bin/sh
# valgrind-wrap.sh — runs progress-ls under valgrind's memcheck with one log per process (an empty log is a clean
# run). PROGRESS_LS_REAL names the binary, PROGRESS_VALGRIND_LOGS the folder for the logs. valgrind is called by
# its absolute path because some tests start the server with a PATH that holds nothing.
exec /usr/bin/valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    --log-file="$PROGRESS_VALGRIND_LOGS/valgrind.%p.log" "$PROGRESS_LS_REAL" "$@"
