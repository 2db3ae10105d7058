#!/usr/bin/env node
// package.js — builds the .vsix: `node scripts/package.js` the universal one (progress-ls.vsix, no server:
// progress-ls from PATH or progressLs.path), `node scripts/package.js TARGET` the platform one
// (progress-ls-TARGET.vsix, `vsce package --target TARGET`) carrying server/progress-ls (.exe on Windows).
// PROGRESS_LS_STATIC=/path/to/binary packs that binary (scripts/release.sh passes the one it built for the target);
// without it, linux-x64 on linux-x64 builds build-static/progress-ls, linked fully statically, when missing or older
// than the sources.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const here = path.resolve(__dirname, '..');
const repo = path.resolve(here, '..', '..');
const target = process.argv[2];
const serverDir = path.join(here, 'server');
const vsce = path.join(here, 'node_modules', '.bin', 'vsce');
const TARGETS = ['linux-x64', 'linux-arm64', 'win32-x64', 'darwin-arm64', 'darwin-x64'];

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit' });
}

// The newest modification time under the C sources, to rebuild the static binary only when they changed.
function newestSource() {
  let newest = 0;
  for (const dir of ['core', 'lsp', 'include/progress']) {
    for (const entry of fs.readdirSync(path.join(repo, dir), { recursive: true })) {
      newest = Math.max(newest, fs.statSync(path.join(repo, dir, entry)).mtimeMs);
    }
  }
  return Math.max(newest, fs.statSync(path.join(repo, 'CMakeLists.txt')).mtimeMs);
}

function staticServer() {
  if (process.env.PROGRESS_LS_STATIC) {
    return process.env.PROGRESS_LS_STATIC;
  }
  if (target !== 'linux-x64' || process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`package.js: set PROGRESS_LS_STATIC to the ${target} binary (scripts/release.sh ${target} ` +
      'builds it and the .vsix)');
  }
  const build = path.join(repo, 'build-static');
  const binary = path.join(build, 'progress-ls');
  if (!fs.existsSync(binary) || fs.statSync(binary).mtimeMs < newestSource()) {
    run('cmake', ['-S', repo, '-B', build, '-DCMAKE_BUILD_TYPE=Release', '-DPROGRESS_FULLY_STATIC=ON',
      '-DPROGRESS_TESTS=OFF'], repo);
    run('cmake', ['--build', build, '--target', 'progress-ls', '-j2'], repo);
    run('strip', [binary], repo);
  }
  return binary;
}

// The Marketplace shows the licence file vsce finds beside package.json: the repository's own, copied in for the
// packing only.
const license = path.join(here, 'LICENSE');
fs.rmSync(serverDir, { recursive: true, force: true });
fs.copyFileSync(path.join(repo, 'LICENSE'), license);
process.on('exit', () => fs.rmSync(license, { force: true }));
const common = ['package', '--no-dependencies'];
if (!target) {
  run(vsce, [...common, '-o', 'progress-ls.vsix'], here);
} else if (TARGETS.includes(target)) {
  const exe = target.startsWith('win32-') ? 'progress-ls.exe' : 'progress-ls';
  fs.mkdirSync(serverDir);
  fs.copyFileSync(staticServer(), path.join(serverDir, exe));
  fs.chmodSync(path.join(serverDir, exe), 0o755);
  try {
    run(vsce, [...common, '--target', target, '-o', `progress-ls-${target}.vsix`], here);
  } finally {
    fs.rmSync(serverDir, { recursive: true, force: true });
  }
} else {
  throw new Error(`package.js: unknown target ${target} (${TARGETS.join(', ')})`);
}
