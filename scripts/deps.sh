#!/bin/sh
# deps.sh — installs, with apt-get, the Debian 12 packages a step needs and the machine lacks, and with npm the
# test tools Debian does not package (Microsoft's SARIF Multitool, pinned in tests/check/sarif/package-lock.json; the
# MCP Inspector's command line, pinned in tests/mcp/package-lock.json; the Claude Code and Codex CLIs the agents'
# end-to-end tests drive, pinned in tests/agents/package-lock.json).
# platforms: the cross compilers (arm64, mingw-w64), the arm64 multiarch libraries, qemu-user and wine for the release
# targets (scripts/release.sh) and their test stage (tests/platforms/run.sh).
# Usage: scripts/deps.sh build|test|editors|platforms ...   (as root, or with sudo available)
set -eu

build="build-essential cmake pkg-config git libjansson-dev libuv1-dev"
test="libcriterion-dev python3 valgrind clang libclang-rt-14-dev pre-commit man-db strace"
platforms="gcc-aarch64-linux-gnu libc6-dev-arm64-cross libjansson-dev:arm64 libuv1-dev:arm64 qemu-user-static
mingw-w64 wine64 file binutils unzip"
editors="neovim emacs-nox elpa-eglot elpa-lsp-mode vim vim-ale tmux chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev"

want=""
for group in "$@"; do
    case "$group" in
    build) want="$want $build" ;;
    test)
        want="$want $build $test"
        command -v npm >/dev/null 2>&1 || want="$want nodejs npm"
        ;;
    editors)
        want="$want $editors"
        # The machines come with node 20 (nodesource); Debian's own nodejs/npm only where there is none.
        command -v npm >/dev/null 2>&1 || want="$want nodejs npm"
        ;;
    platforms)
        want="$want $platforms"
        command -v npm >/dev/null 2>&1 || want="$want nodejs npm"
        ;;
    *) echo "deps.sh: unknown group '$group' (build, test, editors or platforms)" >&2; exit 2 ;;
    esac
done

missing=""
for pkg in $want; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
# The arm64 libraries come from Debian's multiarch archive: the architecture is added once.
case " $* " in
*" platforms "*)
    dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64
    ;;
esac
if [ -n "$missing" ]; then
    echo "deps.sh: installing$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

case " $* " in
*" test "*)
    sarif="$(dirname "$0")/../tests/check/sarif"
    if [ ! -x "$sarif/node_modules/.bin/sarif-multitool" ]; then
        echo "deps.sh: installing the SARIF Multitool (npm)"
        (cd "$sarif" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    mcp="$(dirname "$0")/../tests/mcp"
    if [ ! -x "$mcp/node_modules/.bin/mcp-inspector-cli" ]; then
        echo "deps.sh: installing the MCP Inspector's command line (npm)"
        (cd "$mcp" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    agents="$(dirname "$0")/../tests/agents"
    if [ ! -x "$agents/node_modules/.bin/claude" ]; then
        echo "deps.sh: installing Claude Code and Codex for tests/agents (npm)"
        # Not fatal: without them tests/agents/run.sh skips, saying why.
        (cd "$agents" && npm ci --no-audit --no-fund --loglevel=error) || echo "deps.sh: npm ci in tests/agents failed"
    fi
    ;;
esac
