#!/usr/bin/env node
// pack.js — the npm packages of a release, as tarballs in DIST: `progress-ls` (the launcher,
// packaging/npm/progress-ls) and one `@progress-ls/<target>` per binary found in DIST (progress-ls-<target>[.exe]),
// each with os, cpu (and libc on Linux) so npm installs only the one that fits. The launcher lists every target
// as an optionalDependency at the same version.
// Usage: node packaging/npm/pack.js VERSION DIST WORKDIR
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [version, dist, work] = process.argv.slice(2).map((a, i) => (i ? path.resolve(a) : a));
if (!version || !dist || !work) {
  process.stderr.write('usage: node packaging/npm/pack.js VERSION DIST WORKDIR\n');
  process.exit(2);
}
const here = __dirname;
const repo = path.resolve(here, '..', '..');
const TARGETS = {
  'linux-x64': { os: 'linux', cpu: 'x64' },
  'linux-arm64': { os: 'linux', cpu: 'arm64' },
  'win32-x64': { os: 'win32', cpu: 'x64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
};
const common = JSON.parse(fs.readFileSync(path.join(here, 'progress-ls', 'package.json'), 'utf8'));

function pack(dir) {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dist], { cwd: dir, encoding: 'utf8' });
  return out.trim().split('\n').pop();
}

fs.rmSync(work, { recursive: true, force: true });
const written = [];
for (const [target, { os, cpu }] of Object.entries(TARGETS)) {
  const exe = os === 'win32' ? 'progress-ls.exe' : 'progress-ls';
  const binary = path.join(dist, `progress-ls-${target}${os === 'win32' ? '.exe' : ''}`);
  if (!fs.existsSync(binary)) {
    continue;
  }
  const dir = path.join(work, target);
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(binary, path.join(dir, 'bin', exe));
  fs.chmodSync(path.join(dir, 'bin', exe), 0o755);
  fs.copyFileSync(path.join(repo, 'LICENSE'), path.join(dir, 'LICENSE'));
  const pkg = {
    name: `@progress-ls/${target}`,
    version,
    description: `The progress-ls binary for ${target}; installed by the progress-ls package.`,
    license: common.license,
    repository: common.repository,
    homepage: common.homepage,
    os: [os],
    cpu: [cpu],
    // Fully static Linux binaries: the same one runs on glibc and on musl (Alpine).
    ...(os === 'linux' ? { libc: ['glibc', 'musl'] } : {}),
    files: ['bin/', 'LICENSE'],
    preferUnplugged: true,
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'README.md'),
    `# @progress-ls/${target}\n\nThe \`progress-ls\` binary for ${target}. Install \`progress-ls\` instead: it ` +
    'depends on this package where it fits the machine.\n');
  written.push(pack(dir));
}

const launcher = path.join(work, 'progress-ls');
fs.cpSync(path.join(here, 'progress-ls'), launcher, { recursive: true });
fs.copyFileSync(path.join(repo, 'LICENSE'), path.join(launcher, 'LICENSE'));
const pkg = { ...common, version, optionalDependencies: {} };
for (const target of Object.keys(TARGETS)) {
  pkg.optionalDependencies[`@progress-ls/${target}`] = version;
}
fs.writeFileSync(path.join(launcher, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
written.push(pack(launcher));
process.stdout.write(written.map((f) => `${f}\n`).join(''));
