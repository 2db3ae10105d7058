#!/bin/bash
# release.sh — every artefact of a release, into dist/: per target the binary (progress-ls-TARGET, .exe on
# Windows) and its .vsix (progress-ls-TARGET.vsix), the universal .vsix (progress-ls-universal.vsix, no server),
# a .deb per Linux architecture, the npm tarballs (progress-ls and @progress-ls/TARGET), the Homebrew formula when
# the macOS binaries are there, and checksums.txt over all of it. Installs what it needs first.
# Usage: scripts/release.sh [TARGET...]   TARGET: linux-x64 linux-arm64 win32-x64 (on Debian), darwin-arm64 or
#        darwin-x64 (on macOS, the native one); none: every target this machine can build.
#        scripts/release.sh --collect   no build: the formula and checksums.txt over what dist/ already holds
#        (the release workflow's last job, after it gathered every runner's dist/).
# The release workflow (.github/workflows/release.yml) runs exactly this.
set -eu
cd "$(dirname "$0")/.."
repo=$PWD
dist=$repo/dist
version=$(sed -n 's/^project(progress-ls VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
jobs=${JOBS:-2}

case "$(uname -s)" in
Linux) all="linux-x64 linux-arm64 win32-x64" ;;
Darwin) all="darwin-$(uname -m | sed 's/x86_64/x64/')" ;;
*) echo "release.sh: builds on Linux (Debian) or macOS, not $(uname -s)" >&2; exit 2 ;;
esac

collect=0
targets=""
for a in "$@"; do
    case "$a" in
    --collect) collect=1 ;;
    linux-x64 | linux-arm64 | win32-x64 | darwin-arm64 | darwin-x64) targets="$targets $a" ;;
    *) echo "release.sh: unknown target '$a' (linux-x64 linux-arm64 win32-x64 darwin-arm64 darwin-x64, --collect)" >&2
       exit 2 ;;
    esac
done
[ "$collect" = 1 ] || [ -n "$targets" ] || targets=$all
mkdir -p "$dist"

# ---- what the machine needs
if [ -n "$targets" ]; then
    if [ "$(uname -s)" = Linux ]; then
        scripts/deps.sh build platforms
    else
        brew install --quiet cmake pkg-config libuv jansson >/dev/null
    fi
    if [ ! -x editors/vscode/node_modules/.bin/vsce ]; then
        (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi

# ---- binaries
build_target() {
    local target=$1 build=$repo/build-release/$1 exe=""
    local -a opts=(-DCMAKE_BUILD_TYPE=Release -DPROGRESS_TESTS=OFF)
    case "$target" in
    linux-x64) opts+=(-DPROGRESS_FULLY_STATIC=ON) ;;
    linux-arm64) opts+=(-DPROGRESS_FULLY_STATIC=ON -DCMAKE_TOOLCHAIN_FILE="$repo/cmake/aarch64-linux-gnu.cmake") ;;
    win32-x64) opts+=(-DCMAKE_TOOLCHAIN_FILE="$repo/cmake/x86_64-w64-mingw32.cmake"); exe=.exe ;;
    darwin-*)
        # Homebrew's archives of jansson and libuv linked in: nothing but the system's libraries at run time.
        opts+=(-DPROGRESS_STATIC_DEPS=ON -DCMAKE_OSX_DEPLOYMENT_TARGET=11.0) ;;
    esac
    echo "release.sh: $target"
    cmake -S "$repo" -B "$build" "${opts[@]}" >/dev/null
    cmake --build "$build" -j"$jobs" --target progress-ls >/dev/null
    cp "$build/progress-ls$exe" "$dist/progress-ls-$target$exe"
    case "$target" in
    linux-x64) strip "$dist/progress-ls-$target" ;;
    linux-arm64) aarch64-linux-gnu-strip "$dist/progress-ls-$target" ;;
    win32-x64) x86_64-w64-mingw32-strip "$dist/progress-ls-$target.exe" ;;
    darwin-*) strip "$dist/progress-ls-$target" ;;
    esac
    # The .vsix for the target carries that binary.
    (cd editors/vscode && PROGRESS_LS_STATIC="$dist/progress-ls-$target$exe" node scripts/package.js "$target" >/dev/null &&
        mv "progress-ls-$target.vsix" "$dist/")
    # A .deb per Linux architecture: the same static binary, so it depends on nothing.
    case "$target" in
    linux-*)
        (cd "$build" && cpack -G DEB >/dev/null)
        mv "$build"/progress-ls_"$version"_*.deb "$dist/"
        ;;
    esac
}
for t in $targets; do
    build_target "$t"
done

if [ -n "$targets" ]; then
    (cd editors/vscode && node scripts/package.js >/dev/null && mv progress-ls.vsix "$dist/progress-ls-universal.vsix")
    # npm: a package per binary in dist/ (from this run or an earlier one) and the launcher.
    rm -f "$dist"/progress-ls-"$version".tgz "$dist"/progress-ls-*-"$version".tgz
    node packaging/npm/pack.js "$version" "$dist" "$repo/build-release/npm" >/dev/null
fi

# ---- the Homebrew formula, once the macOS and Linux binaries are all in dist/
if [ -f "$dist/progress-ls-darwin-arm64" ] && [ -f "$dist/progress-ls-darwin-x64" ] && [ -f "$dist/progress-ls-linux-arm64" ] &&
    [ -f "$dist/progress-ls-linux-x64" ]; then
    sha() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
    sed -e "s/@VERSION@/$version/g" \
        -e "s/@SHA256_DARWIN_ARM64@/$(sha "$dist/progress-ls-darwin-arm64")/" \
        -e "s/@SHA256_DARWIN_X64@/$(sha "$dist/progress-ls-darwin-x64")/" \
        -e "s/@SHA256_LINUX_ARM64@/$(sha "$dist/progress-ls-linux-arm64")/" \
        -e "s/@SHA256_LINUX_X64@/$(sha "$dist/progress-ls-linux-x64")/" \
        packaging/homebrew/progress-ls.rb.in >"$dist/progress-ls.rb"
fi

# ---- checksums.txt: every artefact but itself
sums=$(mktemp)
(cd "$dist" && find . -maxdepth 1 -type f ! -name checksums.txt | sed 's|^\./||' | LC_ALL=C sort | while read -r f; do
    if command -v sha256sum >/dev/null; then sha256sum "$f"; else shasum -a 256 "$f"; fi
done) >"$sums"
mv "$sums" "$dist/checksums.txt"
chmod 644 "$dist/checksums.txt"
echo "release.sh: dist/ holds $(($(wc -l <"$dist/checksums.txt"))) artefacts (checksums.txt)"
