// tests/bench/peers/bench.mjs — progress-ls side by side with three npm language servers, on twins of one document.
//
// Usage: node bench.mjs --progress-ls BIN [--lines 2000] [--iterations 300] [--diag-iterations 100]
//                       [--startups 5] [--timeout 10] [--budget 60] [--only SERVER]
// Run it through scripts/bench.sh peers, which builds progress-ls, installs the peers (run.sh) and puts the
// table it prints into docs/performance.md.
//
// Each server gets the same workloads over stdio: start-up (spawn → initialize answered, and again without this
// client's own fork: exec → initialize answered), an edit followed
// by documentSymbol, an edit followed by its diagnostics, and its peak RSS (VmHWM) at the end. The Markdown
// peer asks its client to tokenize the document (`markdown/parse`, answered with markdown-it tokens, as VS
// Code does); the time this client spends answering is taken out of that peer's figures.
//
// Nothing waits without a deadline: a request or notification not answered in --timeout seconds, or a
// workload not done in --budget seconds, ends that workload for that server, whose cells then say why
// ("no answer in 10 s"); the other servers and workloads are still measured and the table still printed.

import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir, totalmem, release } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { LspClient, NoAnswer, now } from './client.mjs';
import { progressLines, markdownLines, yamlLines, editLines } from './twins.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const MarkdownIt = require('markdown-it');

function parseArgs(argv) {
    const args = {
        lines: 2000, iterations: 300, diagIterations: 100, startups: 5, timeout: 10, budget: 60,
        progressLs: null, only: null,
    };
    for (let i = 0; i < argv.length; i++) {
        const key = argv[i];
        const value = argv[++i];
        if (key === '--progress-ls') args.progressLs = value;
        else if (key === '--lines') args.lines = Number(value);
        else if (key === '--iterations') args.iterations = Number(value);
        else if (key === '--diag-iterations') args.diagIterations = Number(value);
        else if (key === '--startups') args.startups = Number(value);
        else if (key === '--timeout') args.timeout = Number(value);
        else if (key === '--budget') args.budget = Number(value);
        else if (key === '--only') args.only = value;
        else throw new Error(`unknown option ${key}`);
    }
    if (!args.progressLs && !args.only) throw new Error('--progress-ls BIN is required');
    return args;
}

// VS Code's defaults for the settings the Markdown server reads, with validation on.
const MARKDOWN_SETTINGS = {
    markdown: {
        validate: {
            enabled: true,
            fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
            fragmentLinks: { enabled: 'warning' },
            referenceLinks: { enabled: 'warning' },
            unusedLinkDefinitions: { enabled: 'hint' },
            duplicateLinkDefinitions: { enabled: 'warning' },
            ignoredLinks: [],
        },
        suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'never' } },
        occurrencesHighlight: { enabled: false },
        preferredMdPathExtensionStyle: 'auto',
    },
};

// The YAML server's defaults, with the schema store off: it would otherwise fetch a catalog from the network.
const YAML_SETTINGS = {
    yaml: {
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
        schemas: {},
        schemaStore: { enable: false },
    },
};

function servers(args) {
    const md = new MarkdownIt();
    return [
        {
            name: 'progress-ls',
            argv: [args.progressLs],
            file: 'progress.txt',
            languageId: 'progresstxt',
            twin: (lines) => lines,
            diagnostics: 'push',
        },
        {
            name: 'vscode-markdown-languageserver',
            short: 'markdown',
            argv: [process.execPath, join(here, 'node_modules/vscode-markdown-languageserver/dist/node/workerMain.js'),
                '--stdio'],
            file: 'progress.md',
            languageId: 'markdown',
            twin: markdownLines,
            diagnostics: 'pull',
            settings: MARKDOWN_SETTINGS,
            answer: (session, method) => {
                if (method === 'markdown/parse') return md.parse(session.lines.join('\n'), {});
                if (method === 'markdown/findMarkdownFilesInWorkspace') return [session.uri];
                if (method === 'markdown/fs/readDirectory') return [];
                return null;
            },
        },
        {
            // A native peer (Rust), shipped on npm as a prebuilt binary; it asks for full document sync, so every
            // didChange it gets carries the whole text, and it only pulls diagnostics.
            name: 'rumdl',
            short: 'rumdl',
            argv: [join(here, 'node_modules/@rumdl/cli-linux-x64/rumdl'), 'server'],
            file: 'progress.md',
            languageId: 'markdown',
            twin: markdownLines,
            diagnostics: 'pull',
            sync: 'full',
        },
        {
            name: 'yaml-language-server',
            short: 'yaml',
            argv: [process.execPath, join(here, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
            file: 'progress.yaml',
            languageId: 'yaml',
            twin: yamlLines,
            diagnostics: 'push',
            settings: YAML_SETTINGS,
            // validationDelayMs in its settings code: a fixed debounce before every validation.
            fixedDelayMs: 200,
        },
    ];
}

// A client that pulls diagnostics only for the server that cannot push them: progress-ls stops pushing when
// the client can pull, and pushing is the path most editors use.
function initializeParams(server, dirUri) {
    return {
        processId: process.pid,
        clientInfo: { name: 'progress-ls peer benchmark' },
        rootUri: dirUri,
        workspaceFolders: [{ uri: dirUri, name: 'bench' }],
        capabilities: {
            general: { positionEncodings: ['utf-16'] },
            workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: {} },
            textDocument: {
                synchronization: { didSave: false },
                documentSymbol: { hierarchicalDocumentSymbolSupport: true },
                publishDiagnostics: { versionSupport: true },
                ...(server.diagnostics === 'pull' ? { diagnostic: {} } : {}),
            },
        },
        initializationOptions: {},
    };
}

// Answers to the requests every server may send its client; `server.answer` handles the rest.
function answerRequest(server, session, method, params) {
    if (method === 'workspace/configuration') {
        return params.items.map((item) => {
            const settings = server.settings ?? {};
            const key = item.section ?? '';
            return key in settings ? settings[key] : null;
        });
    }
    if (method === 'workspace/workspaceFolders') return [{ uri: session.dirUri, name: 'bench' }];
    return server.answer ? server.answer(session, method, params) : null;
}

function countSymbols(list) {
    let n = 0;
    for (const s of list ?? []) n += 1 + countSymbols(s.children);
    return n;
}

class Session {
    constructor(server, dir, lines) {
        this.server = server;
        this.dirUri = pathToFileURL(dir).href;
        this.path = join(dir, server.file);
        this.uri = pathToFileURL(this.path).href;
        this.lines = server.twin(lines);
        this.version = 1;
        writeFileSync(this.path, this.lines.join('\n'));
    }

    start(timeoutMs, argv = this.server.argv) {
        this.client = new LspClient(argv, {
            cwd: dirname(this.path),
            timeoutMs,
            onServerRequest: (method, params) => answerRequest(this.server, this, method, params),
        });
        return this.client;
    }

    async open() {
        const c = this.client;
        await c.request('initialize', initializeParams(this.server, this.dirUri));
        c.notify('initialized', {});
        if (this.server.settings) c.notify('workspace/didChangeConfiguration', { settings: this.server.settings });
        c.notify('textDocument/didOpen', {
            textDocument: { uri: this.uri, languageId: this.server.languageId, version: this.version,
                text: this.lines.join('\n') },
        });
    }

    // Appends to line `line` (or takes the suffix back off) and sends the change; returns the version.
    edit(line, undo) {
        const suffix = ' edited';
        const text = this.lines[line];
        let change;
        if (undo) {
            const start = text.length - suffix.length;
            change = { range: { start: { line, character: start }, end: { line, character: text.length } }, text: '' };
            this.lines[line] = text.slice(0, start);
        } else {
            const end = { line, character: text.length };
            change = { range: { start: end, end }, text: suffix };
            this.lines[line] = text + suffix;
        }
        this.version++;
        if (this.server.sync === 'full') change = { text: this.lines.join('\n') };
        this.client.notify('textDocument/didChange', {
            textDocument: { uri: this.uri, version: this.version }, contentChanges: [change],
        });
        return this.version;
    }

    symbols() {
        return this.client.request('textDocument/documentSymbol', { textDocument: { uri: this.uri } });
    }

    // Resolves to the arrival time of the diagnostics for `version`, pushed or pulled.
    async diagnostics(version) {
        if (this.server.diagnostics === 'pull') {
            const { at } = await this.client.request('textDocument/diagnostic', { textDocument: { uri: this.uri } });
            return at;
        }
        const { at } = await this.pushed;
        this.pushed = null;
        return at;
    }

    // Registers, before an edit is sent, the wait for the push that follows it.
    expectPush(nextVersion) {
        if (this.server.diagnostics === 'push') {
            this.pushed = this.client.waitFor('textDocument/publishDiagnostics',
                (p) => p.uri === this.uri && (p.version === undefined || p.version === nextVersion));
        }
    }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Throws NoAnswer once `deadline` (from now()) has passed, saying how far the workload got.
function checkBudget(deadline, done, total, what, args) {
    if (now() > deadline) throw new NoAnswer(`${done} of ${total} ${what} in ${args.budget} s`);
}

async function measureStartup(server, dir, lines, args) {
    const samples = [];
    const deadline = now() + BigInt(args.budget * 1e9);
    for (let i = 0; i < args.startups; i++) {
        checkBudget(deadline, i, args.startups, 'start-ups', args);
        const session = new Session(server, dir, lines);
        const c = session.start(args.timeout * 1000);
        try {
            const { at } = await c.request('initialize', initializeParams(server, session.dirUri));
            samples.push(Number(at - c.spawnedAt));
        } finally {
            await c.shutdown();
        }
    }
    return samples;
}

// The start-up without this client's own fork: node spawns by forking its whole process (libuv's fork + exec),
// ~10 ms here for any program, the same for every server. A launcher spawned beforehand, untimed, says it is ready
// and waits for one byte; the clock starts when that byte is written, and the launcher execs the server in its
// place. Python, not the shell: rumdl started from dash's exec often never answered (not understood); Python's
// SIGPIPE and SIGXFSZ, which it ignores and an exec would pass on, are set back first.
const EXEC_LAUNCHER = ['python3', '-c', 'import os, signal, sys\n'
    + 'for s in (signal.SIGPIPE, signal.SIGXFSZ): signal.signal(s, signal.SIG_DFL)\n'
    + 'sys.stderr.write("."); sys.stderr.flush(); os.read(0, 1); os.execvp(sys.argv[1], sys.argv[1:])'];

async function measureExecStartup(server, dir, lines, args) {
    const samples = [];
    samples.failed = 0; // start-ups that got no answer, tried again (rumdl's, now and then): said in a note
    const deadline = now() + BigInt(args.budget * 1e9);
    for (let i = 0; samples.length < args.startups; i++) {
        checkBudget(deadline, samples.length, args.startups, 'start-ups', args);
        if (samples.failed > args.startups) throw new NoAnswer(`initialize: ${samples.failed} start-ups not answered`);
        const session = new Session(server, dir, lines);
        const c = session.start(args.timeout * 1000, [...EXEC_LAUNCHER, ...server.argv]);
        try {
            await c.stderrShows('.');
            const t0 = now();
            c.child.stdin.write('\n');
            const { at } = await c.request('initialize', initializeParams(server, session.dirUri), args.timeout * 500);
            samples.push(Number(at - t0));
        } catch (e) {
            if (!(e instanceof NoAnswer)) throw e;
            samples.failed++;
        } finally {
            await c.shutdown();
        }
    }
    return samples;
}

// What this client's spawn costs by itself: spawning a program that does nothing (/bin/true) to its exit.
async function measureSpawnOnly(args) {
    const samples = [];
    for (let i = 0; i < args.startups; i++) {
        const t0 = now();
        const child = spawn('/bin/true', [], { stdio: ['pipe', 'pipe', 'pipe'] });
        await new Promise((resolve) => child.on('exit', resolve));
        samples.push(Number(now() - t0));
    }
    return samples;
}

// One timed edit: `then` sends the follow-up and resolves to its arrival time; `push` waits for pushed diagnostics.
async function timedEdit(session, line, undo, push, then) {
    const c = session.client;
    const busy0 = c.busyNs;
    if (push) session.expectPush(session.version + 1);
    const t0 = now();
    const version = session.edit(line, undo);
    const at = await then(version);
    const busy = c.busyNs - busy0;
    return { ns: Number(at - t0 - busy), busy: Number(busy) };
}

// A workload's samples, or the reason it could not finish (a NoAnswer's message); other errors are bugs here.
async function attempt(work) {
    try {
        return await work();
    } catch (e) {
        if (e instanceof NoAnswer) return e.message;
        throw e;
    }
}

async function measureSession(server, dir, lines, args) {
    const session = new Session(server, dir, lines);
    const c = session.start(args.timeout * 1000);
    const r = { symbolCount: null, symbolSamples: null, parseBusy: [], diagSamples: null, peakRssKiB: null };
    const targets = editLines(lines, 50);
    const opened = await attempt(async () => {
        await session.open();
        const first = await session.symbols();
        r.symbolCount = Array.isArray(first.result) ? countSymbols(first.result) : 0;
        return true;
    });
    if (opened !== true) {
        r.symbolSamples = r.diagSamples = r.symbolCount = opened;
    } else {
        r.symbolSamples = await attempt(async () => {
            const samples = [];
            const warmup = 20;
            const total = args.iterations + warmup;
            const deadline = now() + BigInt(args.budget * 1e9);
            for (let i = 0; i < total; i++) {
                checkBudget(deadline, i, total, 'edits', args);
                const line = targets[Math.floor(i / 2) % targets.length];
                const t = await timedEdit(session, line, i % 2 === 1, false, async () => (await session.symbols()).at);
                if (i >= warmup) {
                    samples.push(t.ns);
                    r.parseBusy.push(t.busy);
                }
            }
            if (session.lines.some((l) => l.endsWith(' edited'))) throw new Error('edit script left an edit behind');
            return samples;
        });
        // Let pushes queued by the loop above arrive before waiting for fresh ones.
        await sleep(500 + (server.fixedDelayMs ?? 0));
        r.diagSamples = await attempt(async () => {
            const samples = [];
            const total = args.diagIterations + 2;
            const deadline = now() + BigInt(args.budget * 1e9);
            for (let i = 0; i < total; i++) {
                checkBudget(deadline, i, total, 'edits', args);
                const line = targets[Math.floor(i / 2) % targets.length];
                const t = await timedEdit(session, line, i % 2 === 1, true, (version) => session.diagnostics(version));
                if (i >= 2) samples.push(t.ns);
            }
            return samples;
        });
    }
    r.peakRssKiB = c.gone ? `gone: ${c.gone}` : c.peakRssKiB();
    await c.shutdown();
    return r;
}

function quantile(samples, q) {
    const s = [...samples].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

function fmtTime(ns) {
    const us = ns / 1000;
    if (us < 999.5) return `${us.toPrecision(3)} µs`; /* 999.7 would print as 1.00e+3 */
    if (us < 999.5e3) return `${(us / 1000).toPrecision(3)} ms`;
    return `${(us / 1e6).toPrecision(3)} s`;
}

function fmtRatio(peer, ours) {
    const r = peer / ours;
    return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(1)}×`;
}

function machine() {
    return `node ${process.version}, Linux ${release()}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

// A row's figure for one server: a number, or the reason it is missing (a string).
function figure(samples, stat) {
    return typeof samples === 'string' || samples === null ? samples ?? 'not measured' : stat(samples);
}

function table(results, args, spawnOnly) {
    const [ours, ...peers] = results;
    const median = (key, less = () => 0) => (r) => figure(r[key], (s) => quantile(s, 0.5) - less(r));
    const p99 = (key) => (r) => figure(r[key], (s) => quantile(s, 0.99));
    const rows = [
        ['start-up: spawn → initialize answered (median)', median('startup'), fmtTime],
        ['start-up less the client\'s fork: exec → initialize answered (median)', median('execStartup'), fmtTime],
        ['edit + documentSymbol (median)', median('symbolSamples'), fmtTime],
        ['edit + documentSymbol (p99)', p99('symbolSamples'), fmtTime],
        ['edit → diagnostics (median)', median('diagSamples'), fmtTime],
        ['edit → diagnostics (p99)', p99('diagSamples'), fmtTime],
        ['edit → diagnostics less the fixed debounce (median)',
            median('diagSamples', (r) => (r.server.fixedDelayMs ?? 0) * 1e6), fmtTime],
        ['peak RSS (VmHWM, with children)', (r) => r.peakRssKiB, (kib) => `${(kib / 1024).toFixed(1)} MiB`],
    ];
    const show = (v, fmt) => (typeof v === 'number' ? fmt(v) : v);
    const ratio = (peer, us) => (typeof peer === 'number' && typeof us === 'number' ? fmtRatio(peer, us) : '—');
    const head = ['', ...results.map((r) => r.server.name), ...peers.map((p) => `${p.server.short} ÷ progress-ls`)];
    const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`];
    for (const [label, get, fmt] of rows) {
        const cells = [label, ...results.map((r) => show(get(r), fmt)), ...peers.map((p) => ratio(get(p), get(ours)))];
        lines.push(`| ${cells.join(' | ')} |`);
    }
    const counts = ['symbols returned', ...results.map((r) => r.symbolCount), ...peers.map(() => '')];
    lines.push(`| ${counts.join(' | ')} |`);
    const mdBusy = peers.find((p) => p.server.name === 'vscode-markdown-languageserver');
    const notes = [
        '',
        `Document: ${args.lines} lines (progress.txt, its Markdown twin and its YAML twin, line for line). `
            + `${args.iterations} timed edits for documentSymbol, ${args.diagIterations} for diagnostics, `
            + `${args.startups} start-ups; each edit appends to or takes back a suffix on an item line.`,
        `Ratios are peer ÷ progress-ls: above 1× progress-ls is faster or smaller. A cell that is not a figure `
            + `says why the workload stopped (no answer within ${args.timeout} s, or not done within `
            + `${args.budget} s).`,
    ];
    notes.push(`Start-up less the client's fork: node spawns by forking its whole process, which took a median `
        + `${fmtTime(quantile(spawnOnly, 0.5))} here for a program that does nothing (/bin/true, spawn to exit); `
        + `that row spawns a launcher first (Python), untimed, which execs the server when the clock starts.`);
    for (const r of results.filter((x) => Array.isArray(x.execStartup) && x.execStartup.failed)) {
        notes.push(`${r.server.name}: ${r.execStartup.failed} start-up(s) through the launcher got no answer within `
            + `${args.timeout / 2} s and were started again (not in the median).`);
    }
    if (mdBusy && mdBusy.parseBusy.length) {
        notes.push(`vscode-markdown-languageserver pulls its diagnostics (textDocument/diagnostic) and asks this `
            + `client for markdown-it tokens on each edit; answering took a median `
            + `${fmtTime(quantile(mdBusy.parseBusy, 0.5))} per edit, already taken out of its figures.`);
    }
    for (const p of peers.filter((r) => r.server.sync === 'full')) {
        notes.push(`${p.server.name} asks for full document sync: each of its didChange notifications carries the `
            + `whole Markdown twin (building it is in its figures, a few hundred microseconds at most); it `
            + `pulls its diagnostics (textDocument/diagnostic).`);
    }
    for (const p of peers.filter((r) => r.server.fixedDelayMs)) {
        notes.push(`${p.server.name} waits a fixed ${p.server.fixedDelayMs} ms (validationDelayMs, not a `
            + `setting) before validating; the "less the fixed debounce" row takes it out.`);
    }
    notes.push(`Peers run on: ${machine()}.`);
    return lines.join('\n') + '\n' + notes.join('\n\n') + '\n';
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const lines = progressLines(args.lines);
    const dir = mkdtempSync(join(tmpdir(), 'progress-peers-'));
    const results = [];
    try {
        for (const server of servers(args).filter((s) => !args.only || s.name === args.only)) {
            process.stderr.write(`${server.name}: start-up…`);
            const startup = await attempt(() => measureStartup(server, dir, lines, args));
            if (typeof startup === 'string') process.stderr.write(` ${startup};`);
            process.stderr.write(' edits…');
            const r = await measureSession(server, dir, lines, args);
            for (const why of [r.symbolSamples, r.diagSamples].filter((v) => typeof v === 'string')) {
                process.stderr.write(` ${why};`);
            }
            // Last, so that a start-up through the launcher that goes wrong cannot touch the other rows.
            process.stderr.write(' start-up by exec…');
            const execStartup = await attempt(() => measureExecStartup(server, dir, lines, args));
            if (typeof execStartup === 'string') process.stderr.write(` ${execStartup};`);
            process.stderr.write(` done${typeof r.symbolCount === 'number' ? ` (${r.symbolCount} symbols)` : ''}\n`);
            results.push({ server, startup, execStartup, ...r });
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    // Exits once the table is out, whatever a killed peer may have left behind.
    const spawnOnly = await measureSpawnOnly(args);
    process.stdout.write(table(results, args, spawnOnly), () => process.exit(0));
}

main().catch((e) => {
    process.stderr.write(`\n${e.stack ?? e}\n`);
    process.exit(1);
});
