#!/bin/bash
# run.sh — the release targets as users get them (issue 24): scripts/release.sh builds dist/, then
#  - linux-arm64 under qemu-user: the server's LSP tests (tests/lsp/test_*.py, the abuse tests left out as under
#    valgrind) and `check` on the corpus in every output format, the same bytes as linux-x64;
#  - win32-x64 under wine64: tests/platforms/test_windows.py (--version, check in every format, fmt --check, an LSP
#    session, CRLF files and Windows paths);
#  - no dynamic dependency beyond the C library (ldd) and, on Windows, the system DLLs (objdump -p);
#  - each .vsix unpacks to its target's binary (file), the universal one to none; the linux-x64 one in code-server
#    (tests/editors/vscode_browser_test.sh);
#  - the npm tarballs installed into an empty folder with no network: npx progress-ls --version, check, hook, mcp,
#    and the message where no binary fits.
# Usage: tests/platforms/run.sh   (PLATFORMS_SKIP_BUILD=1: test the dist/ already there)
set -u
cd "$(dirname "$0")/../.."
# The npm launcher runs $PROGRESS_LS_BINARY when it is set: the user's own progress-ls would stand in for dist/'s.
unset PROGRESS_LS_BINARY
repo=$PWD
dist=$repo/dist
version=$(sed -n 's/^project(progress-ls VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
work=$(mktemp -d /tmp/platforms-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...: one result line from the command's status
    local what=$1
    shift
    if "$@" >"$work/out" 2>&1; then ok "$what"; else
        bad "$what"
        # What failed first (a long log's last lines need not hold it), then how it ended.
        grep '^FAIL' "$work/out" | head -10 | sed 's/^/     /'
        sed 's/^/     /' "$work/out" | tail -20
    fi
}

scripts/deps.sh build platforms editors
if [ "${PLATFORMS_SKIP_BUILD:-}" != 1 ]; then
    scripts/release.sh >"$work/release.log" 2>&1 || { cat "$work/release.log"; bad "scripts/release.sh"; }
fi
x64=$dist/progress-ls-linux-x64
arm64=$dist/progress-ls-linux-arm64
exe=$dist/progress-ls-win32-x64.exe
qemu=/usr/bin/qemu-aarch64-static
wine=/usr/lib/wine/wine64
for f in "$x64" "$arm64" "$exe"; do
    [ -f "$f" ] || { bad "scripts/release.sh did not write $f"; echo "$passed passed, $failed failed"; exit 1; }
done

echo "-- dynamic dependencies"
for f in "$x64" "$arm64"; do
    file -b "$f" | grep -q 'statically linked' && ok "$(basename "$f") is statically linked" ||
        bad "$(basename "$f"): $(file -b "$f")"
done
ldd "$x64" 2>&1 | grep -q 'not a dynamic executable' && ok "ldd: linux-x64 needs no shared library" ||
    bad "ldd linux-x64: $(ldd "$x64" 2>&1)"
# The DLLs every Windows has (the system's and its C runtime); anything else (libwinpthread, libgcc) would have to
# travel beside the .exe.
dlls=$(objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
others=$(echo "$dlls" | grep -v -x -E 'kernel32\.dll|msvcrt\.dll|ws2_32\.dll|advapi32\.dll|user32\.dll|iphlpapi\.dll|userenv\.dll|psapi\.dll|dbghelp\.dll|ole32\.dll|shell32\.dll|api-ms-win-[a-z0-9-]+\.dll' || true)
[ -n "$dlls" ] && [ -z "$others" ] && ok "objdump -p: the .exe imports system DLLs only ($(echo $dlls))" ||
    bad "the .exe imports $(echo $others)"

echo "-- linux-arm64 under qemu-user"
check "linux-arm64 --version under qemu" sh -c "[ \"\$($qemu $arm64 --version)\" = 'progress-ls $version' ]"
# check on the corpus: the same output, byte for byte, and the same exit status in every format.
same=0
for fmt in concise full github sarif junit json json-lines; do
    (cd tests/corpus && "$x64" check --output-format "$fmt" *.txt >"$work/x64.$fmt" 2>&1; echo "exit $?" >>"$work/x64.$fmt")
    (cd tests/corpus && "$qemu" "$arm64" check --output-format "$fmt" *.txt >"$work/arm64.$fmt" 2>&1
     echo "exit $?" >>"$work/arm64.$fmt")
    if cmp -s "$work/x64.$fmt" "$work/arm64.$fmt"; then same=$((same + 1)); else
        bad "check --output-format $fmt differs between x64 and arm64"; diff "$work/x64.$fmt" "$work/arm64.$fmt" | head
    fi
done
[ "$same" = 7 ] && ok "check on the corpus: arm64 prints what x64 prints in all 7 formats ($(grep -c . "$work/x64.concise") lines)"
# The server's LSP tests, two at a time, against the arm64 binary.
printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" "$arm64" >"$work/arm64-server"
chmod +x "$work/arm64-server"
ls tests/lsp/test_*.py | grep -v test_abuse | xargs -P 2 -I{} sh -c \
    'PROGRESS_LS="$1" CORPUS_DIR="$2" python3 "$3" >"$4/$(basename "$3").log" 2>&1 || echo "$3" >>"$4/lsp-failed"' \
    _ "$work/arm64-server" "$repo/tests/corpus" {} "$work"
count=$(ls tests/lsp/test_*.py | grep -vc test_abuse)
if [ -f "$work/lsp-failed" ]; then
    for t in $(cat "$work/lsp-failed"); do bad "under qemu: $t"; tail -25 "$work/$(basename "$t").log"; done
else
    ok "under qemu: the $count LSP test files pass against linux-arm64 ($(cat "$work"/test_*.log | sed -n 's/^Ran \([0-9]*\) tests.*/\1/p' | paste -sd+ | bc) tests)"
fi

echo "-- win32-x64 under wine64"
check "the Windows tests under wine (tests/platforms/test_windows.py)" env PROGRESS_LS_EXE="$exe" PROGRESS_LS_LINUX="$x64" WINE="$wine" \
    CORPUS_DIR="$repo/tests/corpus" python3 tests/platforms/test_windows.py
cat "$work/out" | grep -E '^(ok|FAIL|Ran)' | sed 's/^/     /' | tail -40

echo "-- .vsix files"
for t in linux-x64 linux-arm64 win32-x64; do
    v=$dist/progress-ls-$t.vsix
    rm -rf "$work/vsix" && mkdir "$work/vsix" && unzip -q "$v" -d "$work/vsix" || { bad "unzip $v"; continue; }
    case $t in
    linux-x64) want='ELF 64-bit LSB executable, x86-64' bin=progress-ls ;;
    linux-arm64) want='ELF 64-bit LSB executable, ARM aarch64' bin=progress-ls ;;
    win32-x64) want='PE32+ executable (console) x86-64' bin=progress-ls.exe ;;
    esac
    desc=$(file -b "$work/vsix/extension/server/$bin" 2>&1)
    case "$desc" in "$want"*) ok "$(basename "$v"): server/$bin is $want" ;; *) bad "$(basename "$v"): $desc" ;; esac
    grep -q "TargetPlatform=\"$t\"" "$work/vsix/extension.vsixmanifest" && ok "$(basename "$v") targets $t" ||
        bad "$(basename "$v") names no $t target"
    cmp -s "$work/vsix/extension/server/$bin" "$dist/progress-ls-$t$([ $t = win32-x64 ] && echo .exe)" &&
        ok "$(basename "$v") carries dist's binary" || bad "$(basename "$v") carries another binary"
done
unzip -Z1 "$dist/progress-ls-universal.vsix" | grep -q '^extension/server/' && bad "the universal .vsix carries a server" ||
    ok "the universal .vsix carries no server"
unzip -p "$dist/progress-ls-universal.vsix" extension.vsixmanifest | grep -q TargetPlatform &&
    bad "the universal .vsix names a target" || ok "the universal .vsix names no target"
for f in extension/icon.png extension/LICENSE.txt; do
    unzip -Z1 "$dist/progress-ls-universal.vsix" | grep -qx "$f" && ok "the .vsix holds $f" || bad "the .vsix lacks $f"
done
check "the linux-x64 .vsix in code-server (tests/editors/vscode_browser_test.sh)" \
    env VSIX_OUT="$dist/progress-ls-linux-x64.vsix" sh tests/editors/vscode_browser_test.sh

echo "-- npm, from the tarballs, with no network"
proj=$work/npm-project
mkdir -p "$proj" && echo '{"name":"platforms-test","version":"1.0.0","private":true}' >"$proj/package.json"
# An empty cache and --offline: nothing may come from a registry.
npm_offline() { (cd "$proj" && npm --offline --cache "$work/npm-cache" --no-audit --no-fund --loglevel=error "$@"); }
check "npm install --offline progress-ls and @progress-ls/linux-x64 from dist/" \
    npm_offline install "$dist/progress-ls-$version.tgz" "$dist/progress-ls-linux-x64-$version.tgz"
# A PATH with node, npm and the shell npm runs a package's bin through: the command can only come from node_modules.
mkdir -p "$work/path" && ln -sf "$(command -v node)" "$work/path/node" && ln -sf "$(command -v npx)" "$work/path/npx" &&
    ln -sf "$(command -v npm)" "$work/path/npm" && ln -sf "$(command -v sh)" "$work/path/sh"
npx_() { (cd "$proj" && PATH="$work/path" npx --offline --cache "$work/npm-cache" progress-ls "$@"); }
check "npx progress-ls --version" sh -c "[ \"\$(cd $proj && PATH=$work/path npx --offline --cache $work/npm-cache progress-ls --version)\" = 'progress-ls $version' ]"
cp tests/corpus/bad-fields.txt "$proj/progress.txt"
npx_ check progress.txt >"$work/npx-check" 2>&1
st=$?
[ $st = 1 ] && grep -q '^progress.txt:' "$work/npx-check" && ok "npx progress-ls check: the findings and exit 1" ||
    bad "npx progress-ls check: exit $st: $(head -3 "$work/npx-check")"
npx_ check --output-format sarif progress.txt | python3 -c 'import json,sys; json.load(sys.stdin)' &&
    ok "npx progress-ls check --output-format sarif: JSON through the launcher" || bad "npx check sarif"
payload=$(sed "s|{root}|$proj|g" tests/check/payloads/claude-write.json | python3 -c '
import json, sys
o = json.load(sys.stdin); o["tool_input"]["file_path"] = sys.argv[1]; print(json.dumps(o))' "$proj/progress.txt")
echo "$payload" | npx_ hook claude >"$work/npx-hook" 2>&1
st=$?
[ $st = 2 ] && grep -q 'progress.txt' "$work/npx-hook" && ok "npx progress-ls hook claude: the hook's exit 2 and findings" ||
    bad "npx progress-ls hook claude: exit $st: $(head -3 "$work/npx-hook")"
if "$x64" --help 2>&1 | grep -q '\bmcp\b'; then
    printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' |
        npx_ mcp 2>&1 | head -1 >"$work/npx-mcp"
    grep -q '"serverInfo"' "$work/npx-mcp" && ok "npx progress-ls mcp answers initialize" || bad "npx mcp: $(cat "$work/npx-mcp")"
else
    echo "note this build has no mcp command: npx progress-ls mcp not tested"
fi
# Where no binary fits: the launcher alone (npm leaves the platform package out), a clear message and exit 2.
rm -rf "$proj/node_modules/@progress-ls"
npx_ --version >"$work/npx-none" 2>&1
st=$?
[ $st = 2 ] && grep -q 'is not installed' "$work/npx-none" && ok "no platform package: a clear message and exit 2" ||
    bad "no platform package: exit $st: $(cat "$work/npx-none")"
check "every npm tarball packs its package.json" sh -c "for t in $dist/*-$version.tgz; do tar -xOzf \$t package/package.json >/dev/null || exit 1; done"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
