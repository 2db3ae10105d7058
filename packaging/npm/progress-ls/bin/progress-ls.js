#!/usr/bin/env node
// progress-ls.js — the `progress-ls` command of the npm package: finds the binary that the platform package for
// this machine carries (an optionalDependency npm installed, or skipped when its os/cpu/libc did not match) and runs
// it with the same arguments, standard streams and exit status. PROGRESS_LS_BINARY names another binary to run.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const key = `${process.platform}-${process.arch}`;
// One package per target; the Linux binaries are linked fully statically, so one package serves glibc and musl.
const SUPPORTED = ['linux-x64', 'linux-arm64', 'win32-x64', 'darwin-arm64', 'darwin-x64'];

function platformBinary() {
  if (process.env.PROGRESS_LS_BINARY) {
    return process.env.PROGRESS_LS_BINARY;
  }
  if (!SUPPORTED.includes(key)) {
    return null;
  }
  const exe = process.platform === 'win32' ? 'progress-ls.exe' : 'progress-ls';
  try {
    return path.join(path.dirname(require.resolve(`@progress-ls/${key}/package.json`)), 'bin', exe);
  } catch {
    return null;
  }
}

const binary = platformBinary();
if (!binary) {
  const why = SUPPORTED.includes(key)
    ? `the package @progress-ls/${key} is not installed (npm leaves optional dependencies out with ` +
      '--omit=optional or --no-optional, and when an install is interrupted): install it again'
    : `no prebuilt binary for ${key} (there are: ${SUPPORTED.join(', ')})`;
  process.stderr.write(`progress-ls: ${why}.\n` +
    'Build it from source (a C11 compiler, CMake, jansson and libuv): see the README, "Install", or set ' +
    'PROGRESS_LS_BINARY to a progress-ls you built.\n');
  process.exit(2);
}

const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (result.error) {
  process.stderr.write(`progress-ls: cannot run ${binary}: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  // Ends the same way the binary did, so a caller sees the signal rather than an exit status.
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 1 : result.status);
