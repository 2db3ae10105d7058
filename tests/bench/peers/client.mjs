// tests/bench/peers/client.mjs — a minimal LSP client over a child's stdio that timestamps every message on arrival.
//
// A message is stamped when its last byte has been read, before it is parsed, so the client's own JSON
// work is never charged to the server. Requests from the server are answered by `onServerRequest`; the
// time spent answering them is added to `busyNs`, which the benchmark takes out of the server's figures.
// Every wait has a deadline: a server that does not answer rejects the wait with NoAnswer ("no answer in
// 10 s"), and one that exits rejects every wait at once, so a stuck peer never hangs the benchmark.
// LSP_TRACE=1 in the environment prints each message received to stderr.

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const now = () => process.hrtime.bigint();
const LAZY_BYTES = 65536;
const RESPONSE_HEAD = /^\{"jsonrpc":"2\.0","id":(\d+),"result":/;

// A wait that ran past its deadline, or a server that exited while it was awaited.
export class NoAnswer extends Error {}

export class LspClient {
    // Spawns `argv` (an array; no shell). `onServerRequest(method, params)` returns the result to send;
    // `timeoutMs` is the deadline of every request and every awaited notification.
    constructor(argv, { onServerRequest = () => null, cwd, timeoutMs = 10000 } = {}) {
        this.spawnedAt = now();
        this.child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        this.onServerRequest = onServerRequest;
        this.timeoutMs = timeoutMs;
        this.gone = null; // why the server can no longer answer, once it exited
        this.nextId = 1;
        this.pending = new Map();
        this.waiters = [];
        this.busyNs = 0n;
        this.stderr = '';
        this.chunks = [];
        this.buffered = 0;
        this.need = 0; // the body length awaited; 0 while reading a header
        this.exited = new Promise((resolve) => {
            this.child.on('exit', (code, signal) => {
                this.#fail(`exited (${signal ?? `status ${code}`})`);
                resolve({ code, signal });
            });
            this.child.on('error', (e) => {
                this.#fail(`could not start: ${e.message}`);
                resolve({ code: null, signal: null });
            });
        });
        this.child.stdout.on('data', (chunk) => this.#onData(chunk));
        this.child.stderr.on('data', (chunk) => {
            if (this.stderr.length < 65536) this.stderr += chunk.toString();
        });
        this.child.stdin.on('error', () => {});
    }

    get pid() {
        return this.child.pid;
    }

    // Rejects every wait once the server is gone; later waits reject at once.
    #fail(why) {
        if (this.gone) return;
        const tail = this.stderr.trim().split('\n').slice(-3).join(' / ');
        this.gone = tail ? `${why}; stderr: ${tail}` : why;
        for (const p of this.pending.values()) p.reject(new NoAnswer(`${p.method}: ${this.gone}`));
        this.pending.clear();
        for (const w of this.waiters.splice(0)) w.reject(new NoAnswer(`${w.method}: ${this.gone}`));
    }

    // A promise for `register(resolve, reject)` that rejects with NoAnswer after `ms`, then calls `drop`.
    #deadline(what, ms, register, drop) {
        return new Promise((resolve, reject) => {
            if (this.gone) {
                reject(new NoAnswer(`${what}: ${this.gone}`));
                return;
            }
            const timer = setTimeout(() => {
                drop();
                reject(new NoAnswer(`${what}: no answer in ${ms / 1000} s`));
            }, ms);
            register((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
        });
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
                if (!m) {
                    this.#fail(`sent a header without Content-Length: ${head.subarray(0, Math.min(headerEnd, 200))}`);
                    this.child.kill('SIGKILL');
                    return;
                }
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
            if (lazy) {
                this.#onLargeResponse(Number(lazy[1]), body, at);
            } else {
                let msg;
                try {
                    msg = JSON.parse(body.toString('utf8'));
                } catch (e) {
                    this.#fail(`sent a message that is not JSON (${e.message})`);
                    this.child.kill('SIGKILL');
                    return;
                }
                this.#onMessage(msg, at);
            }
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
            let result;
            try {
                result = this.onServerRequest(msg.method, msg.params);
            } catch (e) {
                this.#send({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message: e.message } });
                this.busyNs += now() - at;
                return;
            }
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

    // Sends a request; resolves to { result, at } where `at` is the arrival time of the answer, or rejects
    // with NoAnswer after `timeoutMs`.
    request(method, params, timeoutMs = this.timeoutMs) {
        const id = this.nextId++;
        return this.#deadline(method, timeoutMs, (resolve, reject) => {
            this.pending.set(id, { method, resolve, reject });
            this.#send({ jsonrpc: '2.0', id, method, params });
        }, () => this.pending.delete(id));
    }

    notify(method, params) {
        this.#send({ jsonrpc: '2.0', method, params });
    }

    // Resolves to { params, at } on the next notification `method` whose params satisfy `match`, or rejects
    // with NoAnswer after `timeoutMs`.
    waitFor(method, match = () => true, timeoutMs = this.timeoutMs) {
        const waiter = { method, match };
        return this.#deadline(method, timeoutMs, (resolve, reject) => {
            Object.assign(waiter, { resolve, reject });
            this.waiters.push(waiter);
        }, () => {
            const i = this.waiters.indexOf(waiter);
            if (i >= 0) this.waiters.splice(i, 1);
        });
    }

    // Peak resident set size in KiB (VmHWM), read from /proc while the process runs: the server's own plus
    // that of every live descendant (a node server may run workers as child processes).
    peakRssKiB() {
        let total = 0;
        const todo = [this.pid];
        while (todo.length) {
            const pid = todo.pop();
            try {
                total += Number(/VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
                for (const task of readdirSync(`/proc/${pid}/task`)) {
                    const kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
                    if (kids) todo.push(...kids.split(/\s+/).map(Number));
                }
            } catch {
                // A child that exited between the listing and the read no longer holds memory.
            }
        }
        return total;
    }

    // Asks the server to shut down and exit; kills it if it has not exited 5 s later.
    async shutdown() {
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
        try {
            await this.request('shutdown', null, 5000);
            this.notify('exit', null);
        } catch {
            this.child.kill('SIGKILL');
        }
        await this.exited;
        clearTimeout(timer);
    }
}

export { now };
