#!/bin/sh
# run.sh — runs every editor integration test in the real editors; prints `editors: N passed, N failed`.
# Usage: tests/editors/run.sh [NAME...]   (names: nvim helix emacs lsp-mode vim vscode vscode-browser; default: all)
# The server is $PROGRESS_LS, else build/progress-ls; never a progress-ls the machine has installed: the editors run
# with that binary first on their PATH, so a configuration that names a bare `progress-ls` starts it. A missing
# editor or tool is a failure that says what to install, never a silent skip; EDITORS_SKIP="vscode-browser ..."
# skips by name, loudly.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PROGRESS_LS=${PROGRESS_LS:-$repo/build/progress-ls}
if [ ! -x "$PROGRESS_LS" ]; then
    echo "run.sh: no progress-ls binary: build it (cmake -S . -B build && cmake --build build) or set PROGRESS_LS" >&2
    echo "editors: 0 passed, 1 failed"
    exit 1
fi
PROGRESS_LS=$(cd "$(dirname "$PROGRESS_LS")" && pwd)/$(basename "$PROGRESS_LS")
export PROGRESS_LS REPO="$repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" && ln -s "$PROGRESS_LS" "$work/bin/progress-ls"
PATH=$work/bin:$PATH
# The vscode test leaves its .vsix here for the browser test, which builds one itself when it is missing.
VSIX_OUT=$work/progress-ls-linux-x64.vsix
export PATH VSIX_OUT
passed=0 failed=0 failed_names=""

# run NAME SECONDS TOOL HINT COMMAND...: one test, bounded in time, counted; TOOL missing fails with HINT.
run() {
    name=$1 secs=$2 tool=$3 hint=$4; shift 4
    case " ${EDITORS_SKIP:-} " in *" $name "*) echo "== $name: SKIPPED (EDITORS_SKIP)"; return;; esac
    echo "== $name"
    if ! command -v "$tool" >/dev/null 2>&1; then
        failed=$((failed + 1)); failed_names="$failed_names $name"
        echo "== $name: FAILED: $tool is not installed ($hint)"
        return
    fi
    start=$(date +%s)
    timeout "$secs" "$@"
    rc=$?
    took=$(( $(date +%s) - start ))
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1)); echo "== $name: passed in $took s"
    else
        failed=$((failed + 1)); failed_names="$failed_names $name"
        [ "$rc" -eq 124 ] && echo "== $name: FAILED: timed out after $secs s" || echo "== $name: FAILED (exit $rc, $took s)"
    fi
}

names=${*:-nvim helix emacs lsp-mode vim vscode vscode-browser}
for n in $names; do
    case $n in
        nvim) run nvim 60 nvim "apt-get install neovim" \
            nvim --headless --clean --cmd "set rtp^=$repo/editors/nvim" -c "luafile $here/nvim_test.lua" ;;
        helix) run helix 30 python3 "apt-get install python3" python3 "$here/test_helix.py" ;;
        emacs) run emacs 120 emacs "apt-get install emacs-nox elpa-eglot" emacs --batch -l "$here/emacs_test.el" ;;
        lsp-mode) run lsp-mode 120 emacs "apt-get install emacs-nox elpa-lsp-mode" \
            emacs --batch -l "$here/lspmode_test.el" ;;
        vim) run vim 120 tmux "apt-get install vim vim-ale tmux" python3 "$here/vim_test.py" ;;
        vscode) run vscode 900 npm "apt-get install npm" sh "$here/vscode_test.sh" ;;
        vscode-browser) run vscode-browser 900 npm "apt-get install npm" sh "$here/vscode_browser_test.sh" ;;
        *) echo "run.sh: unknown test $n (nvim helix emacs lsp-mode vim vscode vscode-browser)" >&2; failed=$((failed + 1)) ;;
    esac
done
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
