#!/bin/sh
# vscode_test.sh — the VS Code extension from a clean copy: npm ci, tsc --noEmit, eslint, grammar tests, the
# extension's starts and restarts (vscode/lifecycle_test.mjs), then both .vsix files as a user builds them: `npm run
# package` (the plain one, bundled by esbuild into one file) and `npm run package:linux-x64` (which first builds
# progress-ls linked statically against jansson and libuv, and carries it). Checks their contents and that the
# carried server runs without those libraries. Leaves the linux-x64 .vsix in $VSIX_OUT when set (the browser test
# installs it); prints the sizes and file counts for performance.md.
set -eu
repo=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A clean copy: the tracked layout, without node_modules, the extension's out/ and server/ or an old .vsix; with the C
# sources, which package:linux-x64 builds, and the LICENSE the .vsix carries.
(cd "$repo" && tar cf - --exclude=node_modules --exclude=editors/vscode/out --exclude=editors/vscode/server --exclude='*.vsix' \
    editors/vscode tests/editors/vscode core lsp include CMakeLists.txt LICENSE) | (cd "$work" && tar xf -)
cd "$work/editors/vscode"
step() { echo "-- $*"; }
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
step "npm ci"
npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'nodedir' || true
[ -d node_modules/vscode-languageclient ] || { echo "FAIL npm ci did not install vscode-languageclient"; exit 1; }
step "tsc --noEmit"
npm run --silent typecheck
step "eslint"
npm run --silent lint
step "grammar tests (vscode-tmgrammar-test)"
npm run --silent test:grammar
step "starts, stops and restarts (tests/editors/vscode/lifecycle_test.mjs)"
npm run --silent test:lifecycle

step "npm run package"
npm run --silent package >"$work/package.log" 2>&1 || { cat "$work/package.log"; exit 1; }
[ -f progress-ls.vsix ] || { echo "FAIL no progress-ls.vsix"; exit 1; }
step "npm run package:linux-x64"
npm run --silent package:linux-x64 >"$work/package-x64.log" 2>&1 || { cat "$work/package-x64.log"; exit 1; }
[ -f progress-ls-linux-x64.vsix ] || { echo "FAIL no progress-ls-linux-x64.vsix"; exit 1; }

# The extension's files, in both: one bundled script, no node_modules at all.
for vsix in progress-ls.vsix progress-ls-linux-x64.vsix; do
    unzip -Z1 "$vsix" >"$work/contents.txt"
    for f in extension/package.json extension/out/extension.js extension/syntaxes/progresstxt.tmLanguage.json \
             extension/language-configuration.json extension/readme.md extension/icon.png extension/LICENSE.txt; do
        grep -qx "$f" "$work/contents.txt" && ok "$vsix holds $f" || bad "$vsix lacks $f"
    done
    for pat in '^extension/src/' '^extension/scripts/' '^extension/node_modules/' '^extension/tsconfig.json$' '\.vsix$'; do
        grep -q "$pat" "$work/contents.txt" && bad "$vsix holds $pat" || ok "$vsix leaves out $pat"
    done
    extra=$(grep -v -E '^(\[Content_Types\]\.xml|extension\.vsixmanifest|extension/(package\.json|readme\.md|icon\.png|LICENSE\.txt|language-configuration\.json|out/extension\.js|syntaxes/progresstxt\.tmLanguage\.json|server/progress-ls))$' "$work/contents.txt" || true)
    [ -z "$extra" ] && ok "$vsix holds nothing else" || bad "$vsix also holds: $(echo $extra)"
    scripts=$(grep -c '\.js$' "$work/contents.txt" || true)
    [ "$scripts" -eq 1 ] && ok "$vsix holds one script (esbuild's bundle)" || bad "$vsix holds $scripts scripts"
done
unzip -Z1 progress-ls.vsix | grep -q '^extension/server/' && bad "the plain .vsix carries a server" || ok "the plain .vsix carries no server"
unzip -p progress-ls.vsix extension/package.json | cmp -s - package.json && ok "packaged package.json is the source one" ||
    bad "packaged package.json differs"
unzip -p progress-ls-linux-x64.vsix extension.vsixmanifest | grep -q 'TargetPlatform="linux-x64"' &&
    ok "the platform .vsix targets linux-x64" || bad "the platform .vsix names no linux-x64 target"

# The bundle loads (with a stand-in for the vscode module) and exports activate and deactivate.
unzip -p progress-ls.vsix extension/out/extension.js >"$work/bundle.js"
node -e '
// A stand-in for the vscode module: any property is a class that can be extended, called or constructed.
const stub = new Proxy(function () {}, {
  get: (target, key) => (key === "prototype" ? {} : stub),
  apply: () => stub,
  construct: () => stub,
});
const Module = require("module");
const load = Module._load;
Module._load = function (request, ...rest) { return request === "vscode" ? stub : load.call(this, request, ...rest); };
const ext = require(process.argv[1]);
process.exit(typeof ext.activate === "function" && typeof ext.deactivate === "function" ? 0 : 1);
' "$work/bundle.js" && ok "the bundle loads and exports activate and deactivate" || bad "the bundle does not export activate/deactivate"

# The carried server: executable, linked without libjansson/libuv, runs.
mkdir "$work/x64" && unzip -q -d "$work/x64" progress-ls-linux-x64.vsix extension/server/progress-ls
server=$work/x64/extension/server/progress-ls
[ -f "$server" ] && ok "the platform .vsix carries extension/server/progress-ls" || bad "no extension/server/progress-ls"
if [ -f "$server" ]; then
    chmod +x "$server" 2>/dev/null || true
    if ldd "$server" | grep -Eq 'libjansson|libuv'; then bad "the carried server links libjansson/libuv dynamically: $(ldd "$server" | tr '\n' ' ')"
    else ok "the carried server needs neither libjansson nor libuv at run time"; fi
    version=$("$server" --version 2>&1) && ok "the carried server runs: $version" || bad "the carried server does not run: $version"
fi

for vsix in progress-ls.vsix progress-ls-linux-x64.vsix; do
    echo "size: $vsix $(wc -c <"$vsix") bytes, $(unzip -Z1 "$vsix" | grep -cv '/$') files"
done
if [ -n "${VSIX_OUT:-}" ]; then cp progress-ls-linux-x64.vsix "$VSIX_OUT"; fi
[ "$fail" -eq 0 ]
echo "vscode: typecheck, lint, grammar tests, lifecycle, both .vsix builds and their contents passed"
