#!/bin/sh
# vscode_browser_test.sh — the linux-x64 .vsix in a real VS Code: code-server 4.99.4 on 127.0.0.1, driven in headless
# Chromium by playwright-core; installs only the extension (no progressLs.path, no progress-ls on PATH: the server is
# the one the .vsix carries), opens a sample, reads the diagnostics in the Problems panel, the outline, completion.
# Screenshot: $EDITORS_ARTIFACTS/vscode-problems.png (default: ${TMPDIR:-/tmp}/progress-ls-editors-artifacts).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=${REPO:-$(cd "$here/../.." && pwd)}
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "FAIL no chromium (apt-get install chromium)"; exit 1; }
cs=$(sh "$here/install_code_server.sh")
work=$(mktemp -d)
artifacts=${EDITORS_ARTIFACTS:-${TMPDIR:-/tmp}/progress-ls-editors-artifacts}
mkdir -p "$artifacts"
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

vsix=${VSIX_OUT:-}
if [ -z "$vsix" ] || [ ! -f "$vsix" ]; then
    vsix=$work/progress-ls-linux-x64.vsix
    VSIX_OUT=$vsix sh "$here/vscode_test.sh" >"$work/vsix.log" 2>&1 || { cat "$work/vsix.log"; echo "FAIL building the .vsix"; exit 1; }
fi

ws=$work/workspace
mkdir -p "$ws/.git" "$work/user/User" "$work/extensions"
cp "$repo/tests/editors/samples/progress.txt" "$ws/progress.txt"
for f in src/auth/session.py src/auth/login.py src/api/admin.py docs/operations.md; do
    mkdir -p "$ws/$(dirname "$f")" && : >"$ws/$f"
done
# The settings a user would set: only a line limit the sample passes (proves settings arrive), and the trace of each
# message (shown after a failure); no progressLs.path.
cat >"$work/user/User/settings.json" <<JSON
{
  "progressLs.maxLines": 20,
  "progressLs.trace.server": "messages",
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.tips.enabled": false
}
JSON
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' >"$work/config.yaml"
csbin="$cs/node_modules/.bin/code-server"
common="--config $work/config.yaml --user-data-dir $work/user --extensions-dir $work/extensions"
echo "-- code-server --install-extension"
# shellcheck disable=SC2086
"$csbin" $common --install-extension "$vsix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; echo "FAIL install"; exit 1; }
ls "$work/extensions" | grep -q '^progress-ls.progress-ls-' || { cat "$work/install.log"; echo "FAIL extension not installed"; exit 1; }
echo "ok   the .vsix installs into code-server"
server=$(ls "$work"/extensions/progress-ls.progress-ls-*/server/progress-ls 2>/dev/null | head -1)
[ -x "$server" ] || { echo "FAIL the installed extension has no executable server/progress-ls"; exit 1; }
echo "ok   the installed extension carries server/progress-ls"
# No progress-ls on the PATH code-server and its extension host see: the carried server must be the one that runs.
# The test builds that PATH itself, whatever the machine has installed: a system folder holding a progress-ls (the
# README's `cmake --install` puts one in /usr/local/bin) is replaced by a folder of links to everything else in it.
clean_path=""
for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
    if [ -e "$dir/progress-ls" ]; then
        shadow=$work/path$(echo "$dir" | tr / _)
        mkdir -p "$shadow"
        for f in "$dir"/* "$dir"/.[!.]*; do
            [ -e "$f" ] && [ "$(basename "$f")" != progress-ls ] && ln -s "$f" "$shadow/"
        done
        dir=$shadow
    fi
    clean_path=${clean_path:+$clean_path:}$dir
done
if PATH=$clean_path command -v progress-ls >/dev/null 2>&1; then
    echo "FAIL progress-ls is on $clean_path: the test could not tell the carried server from it"; exit 1
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "-- code-server on 127.0.0.1:$port"
# shellcheck disable=SC2086
PATH=$clean_path "$csbin" $common --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override "$ws" >"$work/code-server.log" 2>&1 &
pid=$!
NODE_PATH="$cs/node_modules" CHROMIUM="$chromium" SERVER_BIN="$server" SETTINGS="$work/user/User/settings.json" URL="http://127.0.0.1:$port/?folder=$ws" \
    SHOT="$artifacts/vscode-problems.png" node "$here/vscode_browser_test.js" 2>&1 | tee "$work/test.out"
grep -q '^vscode in the browser: passed' "$work/test.out" || {
    echo "--- code-server log"; tail -40 "$work/code-server.log"
    find "$work/user/logs" -name '*progress*' -exec sh -c 'echo "--- $1"; tail -40 "$1"' _ {} \; 2>/dev/null
    echo "screenshot: $artifacts/vscode-problems.png"
    # Last, where a caller showing the end of this output sees it: the log before the first failure, the count.
    sed -n '/^--- the extension.s log in the minute before/,$p' "$work/test.out"
    exit 1
}
echo "screenshot: $artifacts/vscode-problems.png"
