#!/bin/bash
# test-packaging.sh — what a user installs: `cmake --install` into a temporary prefix, then the .deb from
# `cpack -G DEB` installed with dpkg -i, run, and removed with dpkg -r. Needs root for dpkg (CI runs as root);
# without it the .deb half says so and fails.
# Usage: scripts/test-packaging.sh [BUILD_DIR]   (default build-pkg; configured and built here)
set -u
cd "$(dirname "$0")/.."
src=$PWD
build=${1:-build-pkg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
    echo "test-packaging: FAIL: $*"
    fails=$((fails + 1))
}
ok() { echo "test-packaging: ok: $*"; }

version=$(sed -n 's/^project(progress-ls VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPROGRESS_TESTS=OFF >/dev/null &&
    cmake --build "$build" -j"$(nproc)" >/dev/null || { echo "test-packaging: the build failed"; exit 1; }

# The man page kept in the repository names this version and renders without warnings.
grep -q "\"progress-ls $version\"" man/progress-ls.1 && ok "man page names version $version" ||
    fail "man/progress-ls.1 does not name version $version"
warnings=$(MANWIDTH=80 man --warnings -l man/progress-ls.1 2>&1 >/dev/null)
[ -z "$warnings" ] && ok "man page renders cleanly" || fail "man page warnings: $warnings"
# Every diagnostic code is documented in it (the SARIF rule list is the core's list of codes).
for code in $(printf '' | "$build/progress-ls" check --output-format sarif - 2>/dev/null |
    python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["runs"][0]["tool"]["driver"]["rules"]))'); do
    grep -q "^\.B $(echo "$code" | sed 's/-/\\\\-/g')\$" man/progress-ls.1 || fail "the man page lacks the code $code"
done

# ---- cmake --install into a temporary prefix
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install"
for f in bin/progress-ls share/man/man1/progress-ls.1 share/doc/progress-ls/format.md share/doc/progress-ls/agents.md; do
    [ -f "$prefix/$f" ] && ok "installed $f" || fail "cmake --install did not put $f in place"
done
[ -x "$prefix/bin/progress-ls" ] && [ "$("$prefix/bin/progress-ls" --version)" = "progress-ls $version" ] &&
    ok "installed binary runs" || fail "the installed binary does not run"
MANPATH=$prefix/share/man man -w progress-ls 2>/dev/null | grep -q "^$prefix/share/man/man1/progress-ls.1" &&
    ok "man finds progress-ls(1) under the prefix" || fail "man does not find progress-ls(1) under the prefix"
"$prefix/bin/progress-ls" check examples/progress.txt >/dev/null; [ $? -eq 0 ] && ok "installed check runs" ||
    fail "installed check on examples/progress.txt"

# ---- the .deb
(cd "$build" && cpack -G DEB >/dev/null) || fail "cpack -G DEB"
deb=$(ls "$build"/progress-ls_"$version"_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ]; then
    fail "no .deb in $build"
else
    ok "built $(basename "$deb")"
    depends=$(dpkg-deb -f "$deb" Depends)
    for lib in libjansson4 libuv1 libc6; do
        case "$depends" in *"$lib"*) ok "Depends names $lib" ;; *) fail "Depends ($depends) lacks $lib" ;; esac
    done
    dpkg-deb -c "$deb" >"$tmp/contents"
    grep -q "\./usr/bin/progress-ls$" "$tmp/contents" && grep -q "\./usr/share/man/man1/progress-ls\.1" "$tmp/contents" &&
        ok "package holds the binary and the man page" || fail "package contents: $(cat "$tmp/contents")"
    if [ "$(id -u)" != 0 ]; then
        fail "dpkg -i needs root (CI runs as root)"
    elif dpkg-query -W -f='${Status}' progress-ls 2>/dev/null | grep -q "install ok installed"; then
        fail "a progress-ls package is already installed here; not touching it"
    else
        # Removed again even when the script is stopped half-way: the machine is left as it was found.
        trap 'dpkg -r progress-ls >/dev/null 2>&1; rm -rf "$tmp"' EXIT
        dpkg -i "$deb" >/dev/null || fail "dpkg -i"
        [ "$(/usr/bin/progress-ls --version)" = "progress-ls $version" ] && ok "dpkg -i: /usr/bin/progress-ls runs" ||
            fail "/usr/bin/progress-ls after dpkg -i"
        /usr/bin/progress-ls check "$src/tests/corpus/bad-fields.txt" >/dev/null; [ $? -eq 1 ] &&
            ok "dpkg -i: check finds the errors" || fail "installed check on bad-fields.txt did not exit 1"
        # -a: a progress-ls the user installed under /usr/local (the README's cmake --install) comes first in man's path.
        man -aw progress-ls 2>/dev/null | grep -q "^/usr/share/man/man1/progress-ls.1" && ok "dpkg -i: man progress-ls" ||
            fail "man -w progress-ls after dpkg -i"
        dpkg -r progress-ls >/dev/null || fail "dpkg -r"
        trap 'rm -rf "$tmp"' EXIT
        [ ! -e /usr/bin/progress-ls ] && [ ! -e /usr/share/man/man1/progress-ls.1.gz ] && [ ! -e /usr/share/man/man1/progress-ls.1 ] &&
            ok "dpkg -r removed everything" || fail "files left after dpkg -r"
        dpkg-query -W -f='${Status}' progress-ls 2>/dev/null | grep -q "install ok installed" && fail "still installed after dpkg -r"
    fi
fi

echo "test-packaging: $fails failure(s)"
[ "$fails" -eq 0 ]
