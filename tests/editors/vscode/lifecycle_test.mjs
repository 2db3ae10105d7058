// lifecycle_test.mjs — the extension's starts, stops and restarts, with stand-ins for `vscode` and for
// vscode-languageclient that keep the real client's rules (vscode-languageclient 9, lib/common/client.js): a start
// takes a while and a second start() while it runs joins it; stop() throws for a client that is not running yet.
// Restarts asked side by side must leave exactly one server running. Usage: node lifecycle_test.mjs [extension.ts]
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.join(here, '../../../editors/vscode');
const entry = path.resolve(process.argv[2] ?? path.join(extensionDir, 'src/extension.ts'));
// esbuild from the extension's own devDependencies.
const { build } = createRequire(path.join(extensionDir, 'package.json'))('esbuild');

const fakeVscode = `
const f = globalThis.fake;
module.exports = {
  workspace: {
    getConfiguration: () => ({ get: (key, dflt) => (key in f.config ? f.config[key] : dflt) }),
    onDidChangeConfiguration: (fn) => { f.configListeners.push(fn); return { dispose() {} }; },
  },
  commands: { registerCommand: (name, fn) => { f.commands[name] = fn; return { dispose() {} }; } },
  window: {
    createOutputChannel: () => ({ append() {}, appendLine() {} }),
    showErrorMessage: (text) => { f.errors.push(text); return Promise.resolve(undefined); },
  },
};`;

// A server whose command names "hang" never answers initialize: its start never ends.
const fakeClient = `
const f = globalThis.fake;
const State = { Stopped: 1, Running: 2, Starting: 3 };
class LanguageClient {
  constructor(id, name, serverOptions) { this.command = serverOptions.command; this.state = State.Stopped; }
  start() {
    if (this.onStart) return this.onStart;
    this.state = State.Starting;
    f.started++;
    const hangs = this.command.includes('hang');
    this.onStart = new Promise((resolve) => {
      if (!hangs) setTimeout(() => { this.state = State.Running; f.running.add(this); resolve(); }, f.startMs);
    });
    return this.onStart;
  }
  // The server died and the client starts it again by itself (the default error handler's CloseAction.Restart).
  crash() {
    f.running.delete(this);
    this.onStart = undefined;
    this.start();
  }
  async stop() {
    if (this.state !== State.Running) throw new Error("Client is not running and can't be stopped");
    this.state = State.Stopped;
    await new Promise((r) => setTimeout(r, 5));
    f.running.delete(this);
    this.onStart = undefined;
  }
}
module.exports = { LanguageClient, State };`;

const fake = { config: {}, configListeners: [], commands: {}, errors: [], running: new Set(), started: 0, startMs: 80 };
globalThis.fake = fake;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-ls-lifecycle-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const bundled = await build({
  entryPoints: [entry],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  logLevel: 'error',
  plugins: [{
    name: 'fakes',
    setup(b) {
      b.onResolve({ filter: /^(vscode|vscode-languageclient\/node)$/ }, (a) => ({ path: a.path, namespace: 'fake' }));
      b.onLoad({ filter: /.*/, namespace: 'fake' }, (a) => ({
        contents: a.path === 'vscode' ? fakeVscode : fakeClient,
      }));
    },
  }],
});
fs.writeFileSync(path.join(work, 'extension.cjs'), bundled.outputFiles[0].text);
// The carried server the extension looks for, and one that never answers.
fs.mkdirSync(path.join(work, 'server'));
for (const name of ['server/progress-ls', 'hang-server']) {
  fs.writeFileSync(path.join(work, name), '#!/bin/sh\n', { mode: 0o755 });
}
const ext = createRequire(import.meta.url)(path.join(work, 'extension.cjs'));

let failures = 0;
function check(ok, what, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : ': ' + detail}`);
  if (!ok) failures++;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const restartCommand = () => fake.commands['progressLs.restartServer']();
const changePath = (value) => {
  fake.config.path = value;
  for (const fn of fake.configListeners) fn({ affectsConfiguration: (s) => s === 'progressLs.path' });
};

await ext.activate({ extensionPath: work, subscriptions: [] });
check(fake.running.size === 1, 'activate starts one server', `${fake.running.size} running`);

// Restart Server pressed twice, the second while the first restart's server is still starting.
const first = [...fake.running][0];
const a = restartCommand();
await sleep(fake.startMs / 2);
const b = restartCommand();
await Promise.all([a, b]);
check(fake.running.size === 1 && !fake.running.has(first), 'Restart Server twice in a row: one new server runs',
  `${fake.running.size} running, the first ${fake.running.has(first) ? 'among them' : 'gone'}`);

// Restart Server while the client is restarting its crashed server by itself.
const crashed = [...fake.running][0];
crashed.crash();
await restartCommand();
await sleep(fake.startMs * 2);
check(fake.running.size === 1 && !fake.running.has(crashed),
  'Restart Server during the client\'s own restart: one new server runs',
  `${fake.running.size} running, the crashed client's ${fake.running.has(crashed) ? 'among them' : 'gone'}`);

// Two settings changes of progressLs.path in one breath (a save, then another).
const before = fake.started;
changePath('');
changePath('');
await sleep(fake.startMs * 4);
check(fake.running.size === 1, 'two changes of progressLs.path in a row: one server runs',
  `${fake.running.size} running`);
check(fake.started === before + 2, 'each change restarted the server in turn', `${fake.started - before} starts`);

// A program that never answers initialize holds the next restart back for START_WAIT_MS (10 s), once, no longer.
changePath(path.join(work, 'hang-server'));
await sleep(100);
check(fake.running.size === 0, 'progressLs.path to a program that never answers: no server runs',
  `${fake.running.size} running`);
const t0 = Date.now();
changePath('');
while (fake.running.size === 0 && Date.now() - t0 < 30000) await sleep(50);
const waited = Date.now() - t0;
check(fake.running.size === 1 && waited < 15000, 'setting the path back starts the carried server despite the hung one',
  `${fake.running.size} running after ${waited} ms`);

await ext.deactivate();
check(fake.running.size === 0, 'deactivate stops the server', `${fake.running.size} running`);
console.log(`lifecycle: ${failures === 0 ? 'passed' : failures + ' failed'}`);
process.exit(failures === 0 ? 0 : 1);
