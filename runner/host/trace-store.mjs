// The trace viewer's side of the page's server (serve.mjs): it keeps the
// traces the page uploaded (or `wrr-trace view` named) and answers the
// viewer with what `wrr-trace` prints. Nothing here decodes a trace: the
// events are `wrr-trace dump --json --raw` lines, the summary is `stats
// --json`, searches are `search`, comparisons `diff --json`.
//
// Each trace is dumped once, in the background, into a file of JSON lines
// with an index of where each line starts, so a page of events anywhere in
// a million-event trace is one read. While the lines go by, each event's
// function and the clock readings so far are kept for the timeline.
import { spawn } from 'node:child_process';
import { accessSync, constants, closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync,
         statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const repoDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const MAX_PAGE = 2000;
const CHUNK = 8 << 20; // bytes of the dump read at once for a search's events

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// wrr-trace: given, $WRR_TRACE, on PATH, else the newest build in the
// source tree (`wrr serve` starts us without saying where it is).
export function findWrrTrace(given) {
  if (given) return given;
  if (process.env.WRR_TRACE) return process.env.WRR_TRACE;
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    if (dir && executable(join(dir, 'wrr-trace'))) return join(dir, 'wrr-trace');
  let best = null;
  for (const d of readdirSync(repoDir)) {
    const p = join(repoDir, d, 'bin', 'wrr-trace');
    if (d.startsWith('build') && executable(p) && (!best || statSync(p).mtimeMs > statSync(best).mtimeMs))
      best = p;
  }
  return best;
}

// Runs wrr-trace; resolves to { code, stdout, stderr } (stdout a Buffer).
function run(tool, args) {
  return new Promise((done) => {
    if (!tool) {
      done({ code: 1, stdout: Buffer.alloc(0), stderr: 'wrr-trace: not found (put it on PATH or set WRR_TRACE)' });
      return;
    }
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [], err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', (e) => done({ code: 1, stdout: Buffer.alloc(0), stderr: `cannot run ${tool}: ${e.message}` }));
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString().trim() }));
  });
}

function grow(array, need) {
  if (need <= array.length) return array;
  const bigger = new array.constructor(Math.max(need, array.length * 2));
  bigger.set(array);
  return bigger;
}

const EVENT = Buffer.from('"event":"');
const CLOCK = Buffer.from('"clock":"');
const NS = Buffer.from('"ns":');

class Trace {
  constructor(store, id, path, name) {
    this.store = store;
    this.id = id;
    this.path = path;
    this.name = name;
    this.count = 0;         // events indexed so far
    this.done = false;
    this.error = null;
    this.offsets = new Float64Array(1 << 12); // line starts; one more than count
    this.codes = new Uint8Array(1 << 12);     // index into names
    this.mono = new Float64Array(1 << 12);    // last monotonic reading (ns since the first), or NaN
    this.real = new Float64Array(1 << 12);    // last realtime reading (ns), or NaN
    this.readings = { monotonic: 0, realtime: 0 };
    this.names = [];
    this.nameCodes = new Map();
    this.waiters = [];
    this.summary = null;
  }

  getSummary() {
    this.summary ??= run(this.store.tool, ['stats', '--json', this.path]).then((r) => {
      if (r.code !== 0) throw new Error(r.stderr || 'wrr-trace stats failed');
      return JSON.parse(r.stdout.toString());
    });
    return this.summary;
  }

  // Starts the one dump of the trace (once).
  index() {
    if (this.child || this.done) return;
    const file = join(this.store.dir, `${this.id}.jsonl`);
    this.fd = openSync(file, 'w+');
    let written = 0;
    let pending = Buffer.alloc(0);
    let firstMono = NaN, lastMono = NaN, lastReal = NaN;
    const child = spawn(this.store.tool, ['dump', '--json', '--raw', this.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const err = [];
    child.stderr.on('data', (c) => err.push(c));
    child.stdout.on('data', (chunk) => {
      writeSync(this.fd, chunk, 0, chunk.length, written);
      written += chunk.length;
      const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const base = written - data.length;
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        const n = this.count;
        this.offsets = grow(this.offsets, n + 2);
        this.codes = grow(this.codes, n + 1);
        this.mono = grow(this.mono, n + 1);
        this.real = grow(this.real, n + 1);
        const at = data.indexOf(EVENT, start) + EVENT.length;
        const name = data.toString('latin1', at, data.indexOf(34, at));
        let code = this.nameCodes.get(name);
        if (code === undefined) {
          code = this.names.length;
          this.names.push(name);
          this.nameCodes.set(name, code);
        }
        if (name === 'clock_time_get') {
          const c = data.indexOf(CLOCK, start);
          if (c >= 0 && c < nl) {
            const clock = data.toString('latin1', c + CLOCK.length, c + CLOCK.length + 4);
            const v = data.indexOf(NS, c) + NS.length;
            let e = v;
            while (data[e] >= 48 && data[e] <= 57) ++e;
            const ns = Number(data.toString('latin1', v, e));
            if (clock === 'mono') {
              ++this.readings.monotonic;
              if (Number.isNaN(firstMono)) firstMono = ns;
              lastMono = ns - firstMono;
            } else if (clock === 'real') {
              ++this.readings.realtime;
              lastReal = ns;
            }
          }
        }
        this.codes[n] = code;
        this.mono[n] = lastMono;
        this.real[n] = lastReal;
        this.offsets[n] = base + start;
        this.offsets[n + 1] = base + nl + 1;
        this.count = n + 1;
        start = nl + 1;
      }
      pending = data.subarray(start);
      if (pending.length > (1 << 20)) pending = Buffer.from(pending); // do not pin a chunk
      this.wake();
    });
    child.on('error', (e) => {
      this.error = `cannot run ${this.store.tool}: ${e.message}`;
    });
    child.on('close', (code) => {
      if (code !== 0 && !this.error)
        this.error = Buffer.concat(err).toString().trim() || `wrr-trace dump exited ${code}`;
      this.done = true;
      this.child = null;
      this.wake();
    });
  }

  wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  // Resolves once events up to `last` (1-based) are indexed, or the dump ended.
  until(last) {
    this.index();
    if (this.count >= last || this.done) return Promise.resolve();
    return new Promise((done) => this.waiters.push(done)).then(() => this.until(last));
  }

  progress() {
    this.index();
    return { id: this.id, name: this.name, indexed: this.count, done: this.done, error: this.error };
  }

  // Events from..from+count-1 (1-based) as a JSON array text.
  async events(from, count) {
    count = Math.min(Math.max(count, 0), MAX_PAGE);
    from = Math.max(from, 1);
    await this.until(from + count - 1);
    const first = from - 1, last = Math.min(from - 1 + count, this.count);
    if (first >= last) return '[]';
    const start = this.offsets[first], end = this.offsets[last];
    const buf = Buffer.alloc(end - start);
    readSync(this.fd, buf, 0, buf.length, start);
    return '[' + buf.toString('utf8').trimEnd().replaceAll('\n', ',') + ']';
  }

  // The timeline's columns for events from..count-1 (0-based): a JSON head
  // line, then codes (u8), monotonic and realtime readings (f64 each).
  timeline(from) {
    this.index();
    from = Math.min(Math.max(from, 0), this.count);
    const n = this.count - from;
    const head = Buffer.from(JSON.stringify({ from, count: n, total: this.count, done: this.done,
                                              error: this.error, names: this.names,
                                              readings: this.readings }) + '\n');
    const pad = (8 - ((head.length + n) % 8)) % 8;
    const body = Buffer.alloc(head.length + n + pad + 16 * n);
    head.copy(body, 0);
    body.set(this.codes.subarray(from, from + n), head.length);
    const floats = head.length + n + pad;
    Buffer.from(this.mono.buffer, from * 8, n * 8).copy(body, floats);
    Buffer.from(this.real.buffer, from * 8, n * 8).copy(body, floats + 8 * n);
    return body;
  }

  // Events from..to-1 (0-based) as one Buffer of JSON lines.
  lines(from, to) {
    const start = this.offsets[from], end = this.offsets[to];
    const buf = Buffer.alloc(end - start);
    readSync(this.fd, buf, 0, buf.length, start);
    return buf;
  }

  // The event numbers that match, as a JSON array (or, with `events`, the
  // events themselves): `wrr-trace search` answers every criterion (in a
  // format 3 trace it looks at the descriptors a call was made on, the
  // bytes it sent and the paths it was given, too).
  async search(query) {
    const args = ['search', this.path];
    if (query.function) args.push(`--function=${query.function}`);
    if (query.fd !== undefined && query.fd !== '') {
      if (!/^\d+$/.test(query.fd)) throw new Error(`fd must be a number, not '${query.fd}'`);
      args.push(`--fd=${query.fd}`);
    }
    if (query.text) args.push(`--text=${query.text}`);
    if (query.path) args.push(`--path=${query.path}`);
    if (query.errors) args.push('--errors');
    const r = await run(this.store.tool, args);
    if (r.code !== 0) throw new Error(r.stderr || 'wrr-trace search failed');
    const found = r.stdout.toString().split('\n').filter(Boolean).map(Number);
    if (!query.events) return JSON.stringify(found);
    await this.until(Infinity);
    const lines = [];
    this.eachLine(found, (index, line) => lines.push(line));
    return '[' + lines.join(',') + ']';
  }

  // Calls fn(index, line text) for each event of `indices` (1-based,
  // ascending), reading the dump a few megabytes at a time.
  eachLine(indices, fn) {
    for (let k = 0; k < indices.length;) {
      const first = indices[k] - 1;
      if (first < 0 || first >= this.count) {
        ++k;
        continue;
      }
      let last = first + 1;
      while (last < this.count && this.offsets[last + 1] - this.offsets[first] <= CHUNK) ++last;
      const buf = this.lines(first, last);
      const base = this.offsets[first];
      for (; k < indices.length && indices[k] <= last; ++k) {
        const i = indices[k] - 1;
        fn(i + 1, buf.toString('utf8', this.offsets[i] - base, this.offsets[i + 1] - base - 1));
      }
    }
  }

  close() {
    this.child?.kill();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export class TraceStore {
  constructor({ wrrTrace } = {}) {
    this.tool = findWrrTrace(wrrTrace);
    this.traces = new Map();
    this.next = 1;
    this.dir = null;
  }

  ensureDir() {
    this.dir ??= mkdtempSync(join(tmpdir(), 'wrr-view-'));
    return this.dir;
  }

  add(path, name = basename(path)) {
    this.ensureDir();
    const id = `t${this.next++}`;
    const trace = new Trace(this, id, path, name);
    this.traces.set(id, trace);
    trace.index();
    return trace;
  }

  // A trace the page uploaded: kept in our temporary directory.
  upload(bytes, name) {
    const dir = this.ensureDir();
    const path = join(dir, `upload-${this.next}.trace`);
    writeFileSync(path, bytes);
    return this.add(path, name || 'trace');
  }

  get(id) {
    return this.traces.get(id);
  }

  async diff(a, b) {
    const r = await run(this.tool, ['diff', '--json', a.path, b.path]);
    if (r.code > 1) throw new Error(r.stderr || 'wrr-trace diff failed');
    return r.stdout.toString();
  }

  close() {
    for (const t of this.traces.values()) t.close();
    this.traces.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
