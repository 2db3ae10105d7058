#!/bin/sh
# install_code_server.sh — installs code-server 4.99.4 (VS Code 1.99.3; later ones need node 24) and playwright-core
# from npm into a cache folder, once; prints the folder. Offline-safe for @vscode/ripgrep: its download is replaced
# by a tarball of Debian's rg in the cache it looks in first.
# Needs (Debian): nodejs npm chromium ripgrep build-essential libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
set -eu
CODE_SERVER_VERSION=4.99.4
dir=${CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/progress-ls/code-server-$CODE_SERVER_VERSION}
if [ -x "$dir/node_modules/.bin/code-server" ] && [ -d "$dir/node_modules/playwright-core" ]; then
    echo "$dir"
    exit 0
fi
rg=$(command -v rg) || { echo "install_code_server.sh: needs Debian's ripgrep (apt-get install ripgrep)" >&2; exit 1; }
tmp=$(node -p 'require("os").tmpdir()')
cache="$tmp/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$tarball" ]; then
    mkdir -p "$cache"
    stage=$(mktemp -d)
    cp "$rg" "$stage/rg"
    tar czf "$tarball" -C "$stage" rg
    rm -rf "$stage"
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{ "name": "progress-ls-code-server", "private": true }' >package.json
# As root, code-server's install scripts need these; they also keep npm from asking.
export npm_config_unsafe_perm=true npm_config_yes=true
npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" playwright-core@1.49.1 >&2
[ -x node_modules/.bin/code-server ] || { echo "install_code_server.sh: code-server did not install" >&2; exit 1; }
echo "$dir"
