#!/usr/bin/env node
// package.js — builds the .vsix: `node scripts/package.js` the plain one (progress-ls.vsix, no server: progress-ls
// from PATH or progressLs.path), `node scripts/package.js linux-x64` the platform one (progress-ls-linux-x64.vsix)
// carrying server/progress-ls, linked statically against jansson and libuv and built first when missing or older
// than the sources. PROGRESS_LS_STATIC=/path/to/binary uses that binary instead of building one.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const here = path.resolve(__dirname, '..');
const repo = path.resolve(here, '..', '..');
const target = process.argv[2];
const serverDir = path.join(here, 'server');
const vsce = path.join(here, 'node_modules', '.bin', 'vsce');

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit' });
}

// The newest modification time under the C sources, to rebuild the static binary only when they changed.
function newestSource() {
  let newest = 0;
  for (const dir of ['core', 'lsp', 'include/progress']) {
    for (const name of fs.readdirSync(path.join(repo, dir))) {
      newest = Math.max(newest, fs.statSync(path.join(repo, dir, name)).mtimeMs);
    }
  }
  return Math.max(newest, fs.statSync(path.join(repo, 'CMakeLists.txt')).mtimeMs);
}

function staticServer() {
  if (process.env.PROGRESS_LS_STATIC) {
    return process.env.PROGRESS_LS_STATIC;
  }
  const build = path.join(repo, 'build-static');
  const binary = path.join(build, 'progress-ls');
  if (!fs.existsSync(binary) || fs.statSync(binary).mtimeMs < newestSource()) {
    run('cmake', ['-S', repo, '-B', build, '-DCMAKE_BUILD_TYPE=Release', '-DPROGRESS_STATIC_DEPS=ON',
      '-DPROGRESS_TESTS=OFF'], repo);
    run('cmake', ['--build', build, '--target', 'progress-ls', '-j2'], repo);
    run('strip', [binary], repo);
  }
  return binary;
}

fs.rmSync(serverDir, { recursive: true, force: true });
const common = ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository'];
if (!target) {
  run(vsce, [...common, '-o', 'progress-ls.vsix'], here);
} else if (target === 'linux-x64') {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`package.js: the linux-x64 server is built on linux-x64, not ${process.platform}-${process.arch}`);
  }
  fs.mkdirSync(serverDir);
  fs.copyFileSync(staticServer(), path.join(serverDir, 'progress-ls'));
  fs.chmodSync(path.join(serverDir, 'progress-ls'), 0o755);
  try {
    run(vsce, [...common, '--target', 'linux-x64', '-o', 'progress-ls-linux-x64.vsix'], here);
  } finally {
    fs.rmSync(serverDir, { recursive: true, force: true });
  }
} else {
  throw new Error(`package.js: unknown target ${target} (linux-x64)`);
}
