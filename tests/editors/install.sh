#!/bin/sh
# install.sh — installs what the editor tests need on Debian 12: the editors from Debian, the build tools code-server's
# native modules need, and code-server + playwright-core from npm (tests/editors/install_code_server.sh). Idempotent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs="neovim emacs-nox elpa-eglot elpa-lsp-mode vim vim-ale tmux nodejs npm chromium ripgrep unzip build-essential python3 \
      libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi
sh "$here/install_code_server.sh" >/dev/null
echo "install.sh: editors and code-server are installed"
