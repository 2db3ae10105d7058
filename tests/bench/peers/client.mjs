// tests/bench/peers/client.mjs — a minimal LSP client over a child's stdio that timestamps every message on arrival.
//
// A message is stamped when its last byte has been read, before it is parsed, so the client's own JSON
// work is never charged to the server. The server's stdout is a FIFO read into one reused buffer (net.Socket's
// `onread`): node's usual stdio allocates a fresh 64 KiB chunk per read, and with half a megabyte of answer per
// edit those chunks set off a garbage collection every dozen edits, inside the measurements. Requests from the
// server are answered by `onServerRequest`; the time spent answering them is added to `busyNs`, which the
// benchmark takes out of the server's figures.
// Every wait has a deadline: a server that does not answer rejects the wait with NoAnswer ("no answer in
// 10 s"), and one that exits rejects every wait at once, so a stuck peer never hangs the benchmark.
// LSP_TRACE=1 in the environment prints each message received to stderr.

import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const now = () => process.hrtime.bigint();
const LAZY_BYTES = 65536;
const READ_BYTES = 1 << 20;
const RESPONSE_HEAD = /^\{"jsonrpc":"2\.0","id":(\d+),"result":/;

// A wait that ran past its deadline, or a server that exited while it was awaited.
export class NoAnswer extends Error {}

export class LspClient {
    // Spawns `argv` (an array; no shell). `onServerRequest(method, params)` returns the result to send;
    // `timeoutMs` is the deadline of every request and every awaited notification.
    constructor(argv, { onServerRequest = () => null, cwd, timeoutMs = 10000 } = {}) {
        const dir = mkdtempSync(join(tmpdir(), 'lsp-client-'));
        const fifo = join(dir, 'stdout');
        execFileSync('mkfifo', [fifo]);
        const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
        const writeFd = openSync(fifo, constants.O_WRONLY);
        rmSync(dir, { recursive: true });
        this.spawnedAt = now();
        this.child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['pipe', writeFd, 'pipe'] });
        closeSync(writeFd);
        this.onServerRequest = onServerRequest;
        this.timeoutMs = timeoutMs;
        this.gone = null; // why the server can no longer answer, once it exited
        this.nextId = 1;
        this.pending = new Map();
        this.waiters = [];
        this.busyNs = 0n;
        this.stderr = '';
        this.recv = Buffer.allocUnsafe(READ_BYTES); // bytes read and not yet consumed: recv[0, used)
        this.used = 0;
        this.consumed = 0;
        this.reads = 0; // bumped on every read: a lazy answer's bytes are only valid until the next one
        this.stdout = new net.Socket({
            fd: readFd, readable: true, writable: false,
            onread: { buffer: Buffer.allocUnsafe(READ_BYTES), callback: (n, buf) => this.#onData(buf, n) },
        });
        this.stdout.on('end', () => this.stdout.destroy());
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

    // Appends the `n` bytes read to `recv` and handles every whole message in it.
    #onData(buf, n) {
        this.reads++;
        // What the last read consumed goes only now: a lazy answer may still have been reading it. Nothing
        // consumed (a large answer still arriving) moves nothing.
        if (this.consumed > 0) {
            this.recv.copy(this.recv, 0, this.consumed, this.used);
            this.used -= this.consumed;
            this.consumed = 0;
        }
        if (this.used + n > this.recv.length) {
            const grown = Buffer.allocUnsafe(Math.max(this.recv.length * 2, this.used + n));
            this.recv.copy(grown, 0, 0, this.used);
            this.recv = grown;
        }
        buf.copy(this.recv, this.used, 0, n);
        this.used += n;
        const valid = this.recv.subarray(0, this.used); // past `used` lie stale bytes of earlier reads
        let at0 = 0;
        for (;;) {
            const headerEnd = valid.indexOf('\r\n\r\n', at0);
            if (headerEnd < 0) break;
            const m = /content-length:\s*(\d+)/i.exec(this.recv.toString('latin1', at0, headerEnd));
            if (!m) {
                this.#fail(`sent a header without Content-Length: ${this.recv.toString('latin1', at0, Math.min(headerEnd, at0 + 200))}`);
                this.child.kill('SIGKILL');
                return;
            }
            const start = headerEnd + 4;
            const end = start + Number(m[1]);
            if (end > this.used) break;
            const at = now();
            const lazy = end - start > LAZY_BYTES && RESPONSE_HEAD.exec(this.recv.toString('latin1', start, start + 64));
            if (lazy) {
                this.#onLargeResponse(Number(lazy[1]), start, end, at);
            } else {
                let msg;
                try {
                    msg = JSON.parse(this.recv.toString('utf8', start, end));
                } catch (e) {
                    this.#fail(`sent a message that is not JSON (${e.message})`);
                    this.child.kill('SIGKILL');
                    return;
                }
                this.#onMessage(msg, at);
            }
            at0 = end;
        }
        this.consumed = at0;
    }

    // A large answer is parsed only if its result is read, and only before the next read reuses its bytes:
    // copying or parsing half a megabyte per edit would be the client's work, and its garbage, in the figures.
    #onLargeResponse(id, start, end, at) {
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        const reads = this.reads;
        const client = this;
        p.resolve({
            at,
            get result() {
                if (client.reads !== reads) throw new Error(`the answer to request ${id} was read too late`);
                return JSON.parse(client.recv.toString('utf8', start, end)).result;
            },
        });
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

    // Resolves once the server's stderr has shown `text` (a launcher saying it is ready), or rejects with NoAnswer
    // after `timeoutMs`.
    stderrShows(text, timeoutMs = this.timeoutMs) {
        let check = null;
        return this.#deadline(`stderr "${text}"`, timeoutMs, (resolve) => {
            check = () => {
                if (!this.stderr.includes(text)) return;
                this.child.stderr.off('data', check);
                resolve();
            };
            this.child.stderr.on('data', check);
            check();
        }, () => this.child.stderr.off('data', check));
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
