// tests/bench/peers/client.mjs — a minimal LSP client over a child's stdio that timestamps every message on arrival.
//
// A message is stamped when its last byte has been read, before it is parsed, so the client's own JSON
// work is never charged to the server. Requests from the server are answered by `onServerRequest`; the
// time spent answering them is added to `busyNs`, which the benchmark takes out of the server's figures.
// LSP_TRACE=1 in the environment prints each message received to stderr.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const now = () => process.hrtime.bigint();
const LAZY_BYTES = 65536;
const RESPONSE_HEAD = /^\{"jsonrpc":"2\.0","id":(\d+),"result":/;

export class LspClient {
    // Spawns `argv` (an array; no shell). `onServerRequest(method, params)` returns the result to send.
    constructor(argv, { onServerRequest = () => null, cwd } = {}) {
        this.spawnedAt = now();
        this.child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        this.onServerRequest = onServerRequest;
        this.nextId = 1;
        this.pending = new Map();
        this.waiters = [];
        this.busyNs = 0n;
        this.stderr = '';
        this.chunks = [];
        this.buffered = 0;
        this.need = 0; // the body length awaited; 0 while reading a header
        this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
        this.child.stdout.on('data', (chunk) => this.#onData(chunk));
        this.child.stderr.on('data', (chunk) => {
            if (this.stderr.length < 65536) this.stderr += chunk.toString();
        });
        this.child.stdin.on('error', () => {});
    }

    get pid() {
        return this.child.pid;
    }

    // Chunks are only joined once a whole message is there, so a large answer is copied once, not per chunk.
    #onData(chunk) {
        this.chunks.push(chunk);
        this.buffered += chunk.length;
        for (;;) {
            if (this.need === 0) {
                const head = this.chunks.length > 1 ? Buffer.concat(this.chunks) : this.chunks[0];
                this.chunks = [head];
                const headerEnd = head.indexOf('\r\n\r\n');
                if (headerEnd < 0) return;
                const m = /content-length:\s*(\d+)/i.exec(head.subarray(0, headerEnd).toString('latin1'));
                if (!m) throw new Error(`no Content-Length in ${head.subarray(0, headerEnd)}`);
                this.chunks = [head.subarray(headerEnd + 4)];
                this.buffered -= headerEnd + 4;
                this.need = Number(m[1]);
            }
            if (this.buffered < this.need) return;
            const at = now();
            const all = this.chunks.length > 1 ? Buffer.concat(this.chunks) : this.chunks[0];
            const body = all.subarray(0, this.need);
            this.chunks = [all.subarray(this.need)];
            this.buffered -= this.need;
            this.need = 0;
            const lazy = body.length > LAZY_BYTES && RESPONSE_HEAD.exec(body.subarray(0, 64).toString('latin1'));
            if (lazy) this.#onLargeResponse(Number(lazy[1]), body, at);
            else this.#onMessage(JSON.parse(body.toString('utf8')), at);
            if (this.buffered === 0) return;
        }
    }

    // A large answer is parsed only if its result is read: parsing half a megabyte per edit would fill the
    // client's heap and its garbage collections would land in later measurements.
    #onLargeResponse(id, body, at) {
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        p.resolve({ at, get result() { return JSON.parse(body.toString('utf8')).result; } });
    }

    #onMessage(msg, at) {
        if (process.env.LSP_TRACE) process.stderr.write(`<- ${JSON.stringify(msg).slice(0, 300)}\n`);
        if (msg.method !== undefined && msg.id !== undefined) {
            const result = this.onServerRequest(msg.method, msg.params);
            this.#send({ jsonrpc: '2.0', id: msg.id, result: result === undefined ? null : result });
            this.busyNs += now() - at;
            return;
        }
        if (msg.method !== undefined) {
            const i = this.waiters.findIndex((w) => w.method === msg.method && w.match(msg.params));
            if (i >= 0) this.waiters.splice(i, 1)[0].resolve({ params: msg.params, at });
            return;
        }
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve({ result: msg.result, at });
    }

    #send(msg) {
        const body = Buffer.from(JSON.stringify(msg), 'utf8');
        this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
        this.child.stdin.write(body);
    }

    // Sends a request; resolves to { result, at } where `at` is the arrival time of the answer.
    request(method, params) {
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { method, resolve, reject });
            this.#send({ jsonrpc: '2.0', id, method, params });
        });
    }

    notify(method, params) {
        this.#send({ jsonrpc: '2.0', method, params });
    }

    // Resolves to { params, at } on the next notification `method` whose params satisfy `match`.
    waitFor(method, match = () => true) {
        return new Promise((resolve) => this.waiters.push({ method, match, resolve }));
    }

    // Peak resident set size in KiB, read from /proc while the process runs.
    peakRssKiB() {
        const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
        return Number(/VmHWM:\s*(\d+)/.exec(status)[1]);
    }

    async shutdown() {
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
        try {
            await this.request('shutdown', null);
            this.notify('exit', null);
        } catch {
            this.child.kill('SIGKILL');
        }
        await this.exited;
        clearTimeout(timer);
    }
}

export { now };
