#!/bin/sh
# vscode_test.sh — the VS Code extension from a clean copy: npm ci, tsc --noEmit, eslint, grammar tests, and a
# .vsix built by `vsce package` (vscode:prepublish compiles) whose contents are checked. Leaves the .vsix in
# $VSIX_OUT when set (the browser test installs it).
set -eu
repo=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A clean copy: the tracked layout, without node_modules, out/ or an old .vsix.
(cd "$repo" && tar cf - --exclude=node_modules --exclude=out --exclude='*.vsix' editors/vscode tests/editors/vscode) |
    (cd "$work" && tar xf -)
cd "$work/editors/vscode"
step() { echo "-- $*"; }
step "npm ci"
npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'nodedir' || true
[ -d node_modules/vscode-languageclient ] || { echo "FAIL npm ci did not install vscode-languageclient"; exit 1; }
step "tsc --noEmit"
npm run --silent typecheck
step "eslint"
npm run --silent lint
step "grammar tests (vscode-tmgrammar-test)"
npm run --silent test:grammar
step "vsce package"
npm run --silent package >package.log 2>&1 || { cat package.log; exit 1; }
[ -f progress-ls.vsix ] || { echo "FAIL no progress-ls.vsix"; exit 1; }
unzip -Z1 progress-ls.vsix >contents.txt
fail=0
for f in extension/package.json extension/out/extension.js extension/syntaxes/progresstxt.tmLanguage.json \
         extension/language-configuration.json extension/readme.md \
         extension/node_modules/vscode-languageclient/package.json \
         extension/node_modules/vscode-languageclient/node.js; do
    if grep -qx "$f" contents.txt; then echo "ok   the .vsix holds $f"; else echo "FAIL the .vsix lacks $f"; fail=1; fi
done
for pat in '^extension/src/' '^extension/tsconfig.json$' '^extension/node_modules/typescript/' \
           '^extension/node_modules/eslint/' '^extension/node_modules/@vscode/vsce/' '\.vsix$'; do
    if grep -q "$pat" contents.txt; then echo "FAIL the .vsix holds $pat"; fail=1; else echo "ok   the .vsix leaves out $pat"; fi
done
# The packaged manifest is the one in the repository, and the compiled entry point exports activate.
unzip -p progress-ls.vsix extension/package.json | cmp -s - package.json && echo "ok   packaged package.json is the source one" ||
    { echo "FAIL packaged package.json differs"; fail=1; }
unzip -p progress-ls.vsix extension/out/extension.js | grep -q 'exports.activate' && echo "ok   out/extension.js exports activate" ||
    { echo "FAIL out/extension.js does not export activate"; fail=1; }
if [ -n "${VSIX_OUT:-}" ]; then cp progress-ls.vsix "$VSIX_OUT"; fi
[ "$fail" -eq 0 ]
echo "vscode: typecheck, lint, grammar tests and .vsix contents passed"
