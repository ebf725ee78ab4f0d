#!/usr/bin/env node
// The tiny runner on Node's built-in WASI (node:wasi). Everything
// deterministic lives in the module; this only grants the directories,
// environment and arguments asked for, hands over the trace directory (as
// the last preopen, under the reserved guest path), and lets the module end
// its trace if the program traps or is stopped (runner/core/wrr-core.mjs).
//
//   node wrr-run.mjs [--record DIR [--sync] | --replay DIR] [--trace-fd N] [--control-fd N]
//                    [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--timeout SECONDS]
//                    [--stdin FD] [--stdout FD] [--stderr FD] [--argv0 NAME] [--host HOST.mjs]
//                    app.wasm [ARGS...]
//
// --host HOST.mjs: a host program drives the module (runner/README.md,
// "Host-driven modules"): its imports(importObject, instance) adds the
// non-WASI imports, its async main(instance) calls the exports. A module
// that a host drove replays with no host (wrr_replay_host).
// The program's argv[0] is the module's path unless --argv0 names it.
// --sync records write-through (/.wrr/record-sync): every event reaches the
// trace when its call returns, so a crash no runner sees loses nothing.
// --stdin/--stdout/--stderr give the program other descriptors for its
// stdio (the runner's own messages stay on stderr): a caller can tell the
// output apart, and wrr hands blocking opens of stdio pipes this way.
// --trace-fd N: the trace is this inherited descriptor (record: an empty
// file to write; replay: the trace, read from its start), not DIR/trace.wrr;
// DIR is then only a placeholder (it may hold `recorder`). --control-fd N:
// a pipe on which the caller (wrr) writes a signal number to stop the run
// at the program's next WASI call; SIGINT interrupts wasm that makes none.
// The runner never touches process.stdout/stderr: libuv would make a piped
// stdout non-blocking under the program's feet.
// Exit status: the program's; 134 when it traps; 124 when --timeout stops
// it; 128+N when stopped on signal N; 2 for a usage error, 1 for any other
// error of the runner (one line, `wrr-run: error: ...`).
import { parseArgs, UsageError } from '../core/args.mjs';
import { LimitStop, TRACE_NAME, addReplayStubs, foreignImports, isHostReplay, runProgram, wrapWasi } from '../core/wrr-core.mjs';

// Start-up is part of every run's cost (docs/performance.md, "The `wrr`
// command's fixed cost"). wrr runs this file bundled as CommonJS
// (runner/CMakeLists.txt): an ES module entry costs Node 20 about 10 ms of
// module loader start-up. There these imports are plain require()s; run
// as an ES module, each builds a facade that reads every export (node:fs's
// ReadStream getter loads all of node:stream, ~3.5 ms). What only --host
// needs (core/host.mjs, node:path, node:url) loadHost imports.
import {
  fstatSync, ftruncateSync, readFileSync, readSync, statSync,
  writeFileSync, writeSync,
} from 'node:fs';
import { Script, createContext } from 'node:vm';
import { WASI } from 'node:wasi';

// Past the deadline the program is stopped at its next WASI call; one that
// makes none is interrupted wherever it is this much later.
const HARD_STOP_GRACE_MS = 1000;
// node:wasi's functions that allocate nothing, so V8's fast call into them
// cannot collect garbage (wrapWasi): the module calls them directly.
// test/lit/e2e/node-fast-calls.test checks the list against a program that
// grows its memory while making these calls and the ones that allocate.
const NODE_DIRECT = ['clock_time_get', 'clock_res_get', 'random_get'];

class RunnerError extends Error {
  constructor(message, status = 1) { super(message); this.status = status; }
}

// Replay's held output (bufferOutput), sent before the runner speaks.
let output = null;

function say(line) {
  output?.flush();
  try { writeSync(2, `wrr-run: ${line}\n`); } catch {}
}

function usage(message) {
  throw new RunnerError(message, 2);
}

// --env NAME=VALUE, or NAME: its value here.
function envOption(v, opts) {
  const eq = v.indexOf('=');
  if (eq < 0 && process.env[v] === undefined) usage(`--env ${v}: ${v} is not set here`);
  if (eq < 0) opts.env[v] = process.env[v];
  else opts.env[v.slice(0, eq)] = v.slice(eq + 1);
}

// --restore-env NAME=VALUE, or NAME: unset. wrr starts this runner with
// glibc's malloc on huge pages (runRunner, tools/wrr.cpp) and gives the user's
// own GLIBC_TUNABLES back this way, before any --env reads it, so that a
// host program and the program see what the user had.
function restoreEnv(v) {
  const eq = v.indexOf('=');
  if (eq < 0) delete process.env[v];
  else process.env[v.slice(0, eq)] = v.slice(eq + 1);
}

const OPTIONS = {
  '--restore-env': ['restoreEnv', restoreEnv],
  '--record': ['traceDir', 'mode'],
  '--replay': ['traceDir', 'mode'],
  '--sync': ['sync', 'flag'],
  '--dir': ['dirs', (v, opts) => {
    const [host, guest] = v.split('::');
    opts.dirs.push([guest ?? host, host]);
  }],
  '--env': ['env', envOption],
  '--timeout': ['timeout', 'seconds'],
  '--trace-fd': ['traceFd', 'fd'],
  '--control-fd': ['controlFd', 'fd'],
  '--argv0': ['argv0', 'string'],
  '--stdin': ['stdin', 'fd'],
  '--stdout': ['stdout', 'fd'],
  '--stderr': ['stderr', 'fd'],
  '--host': ['host', 'string'],
};

function parseOptions(argv) {
  return parseArgs(argv, OPTIONS, {
    traceDir: null, dirs: [], env: {}, timeout: 0, stdin: 0, stdout: 1, stderr: 2,
    argv0: null, traceFd: -1, controlFd: -1, sync: false, host: null,
  });
}

function checkDirectories(dirs) {
  for (const dir of dirs) {
    let isDir = false;
    try { isDir = statSync(dir).isDirectory(); } catch {}
    if (!isDir) usage(`'${dir}' is not a directory`);
  }
}

// Runs fn() from a vm script, whose timeout and breakOnSigint interrupt
// wasm that makes no WASI calls. The script runs in this context and
// finds fn under a global name while it runs (a new context cost ~1 ms).
const RUN_GLOBAL = '__wrrRun';
let runScript = null;
function runInVm(fn, options) {
  runScript ??= new Script(`globalThis.${RUN_GLOBAL}()`);
  globalThis[RUN_GLOBAL] = fn;
  try {
    return runScript.runInThisContext(options);
  } finally {
    delete globalThis[RUN_GLOBAL];
  }
}

// _start runs inside a vm script: its timeout (with a time limit) and
// SIGINT (with a control pipe) interrupt wasm that makes no WASI calls;
// the instance stays usable, so the trace can still be ended.
function startInVm(wasi, instance, timeoutMs, breakOnSigint) {
  return inVm(() => wasi.start(instance), timeoutMs, breakOnSigint);
}

// Reads the control pipe from the main thread, between the program's WASI
// calls: the signal number, or -1 at EOF (wrr went away). A worker thread
// would read it without polling but costs ~30 ms of CPU to start, more than
// a short run. The pipe is non-blocking; a read that finds it empty throws
// (about 8 us), so it is read at most every POLL_MS, and the clock is read
// only every `budget` calls: up to MAX_BUDGET while calls come fast, every
// call once they are slow (a sleeping or blocked program), so a stop is
// seen within about POLL_MS of the next call.
const POLL_MS = 5;
const MAX_BUDGET = 16;
function watchControl(fd) {
  const b = Buffer.alloc(1);
  let signal = 0, size = 1, budget = 1, lastCheck = Date.now(), lastPoll = 0;
  const poll = () => {
    try {
      const n = readSync(fd, b, 0, 1, null);
      signal = n ? b[0] : -1;
    } catch (e) {
      if (e.code !== 'EAGAIN') signal = -1;
    }
    return signal;
  };
  const requested = () => {
    if (signal || --budget > 0) return signal;
    const now = Date.now();
    size = now - lastCheck >= 1 ? 1 : Math.min(2 * size, MAX_BUDGET);
    budget = size;
    lastCheck = now;
    if (now - lastPoll < POLL_MS) return 0;
    lastPoll = now;
    return poll();
  };
  // After an interruption (SIGINT), wrr has written the signal already.
  requested.now = () => signal || poll();
  return requested;
}

// The same for a call into a host-driven module: the outermost call runs
// in vm (one context for the run), with what is left of the time limit.
function vmGuard(deadline, breakOnSigint) {
  if (!deadline && !breakOnSigint) return (fn) => fn();
  const context = createContext({ fn: null });
  const script = new Script('fn()');
  return (fn) => {
    const options = { breakOnSigint };
    if (deadline) options.timeout = Math.max(1, deadline - Date.now() + HARD_STOP_GRACE_MS);
    context.fn = fn;
    try {
      return script.runInContext(context, options);
    } finally {
      context.fn = null;
    }
  };
}

function inVm(fn, timeoutMs, breakOnSigint) {
  if (!timeoutMs && !breakOnSigint) return fn;
  const options = { breakOnSigint };
  if (timeoutMs) options.timeout = timeoutMs + HARD_STOP_GRACE_MS;
  return () => runInVm(fn, options);
}

function vmStopped(stopRequested) {
  return (e) => {
    if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return new LimitStop('timeout');
    if (e && e.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      const signal = stopRequested ? stopRequested.now() : 2;
      return new LimitStop('signal', signal < 0 ? 0 : signal || 2);
    }
    return null;
  };
}

// WASI errno values for the trace descriptor's errors.
const WASI_ERRNO = { EAGAIN: 6, EBADF: 8, EDQUOT: 19, EFAULT: 21, EFBIG: 22, EINTR: 27, EINVAL: 28, EIO: 29, EPIPE: 64,
                     ENOSPC: 51, ESPIPE: 70 };
const errnoOf = (e) => WASI_ERRNO[e?.code] ?? WASI_ERRNO.EIO;

// `wrr replay --stop-at N --inspect`: at event N the runtime opens "break"
// in the reserved directory; an attached debugger pauses here, with the
// program's frames below. The file does not exist, and the replay goes on.
function breakOnStop(wasi, { dirFd, memory }) {
  const s = { ...wasi };
  s.path_open = (fd, dirflags, path, pathLen, oflags, rights, inheriting, fdflags, out) => {
    if (fd === dirFd && Buffer.from(new Uint8Array(memory().buffer, path, pathLen)).toString() === 'break') {
      debugger; // eslint-disable-line no-debugger
      return 44; // ENOENT
    }
    return wasi.path_open(fd, dirflags, path, pathLen, oflags, rights, inheriting, fdflags, out);
  };
  return s;
}

// The regions of an iovec array in `buffer` (a wasm memory's), as views;
// null when the array or a region lies outside it (the host says EFAULT).
// A plain loop: a replay's trace reads are too few for V8 to optimize
// Array.from's callback, which cost them about a fifth more.
function iovecViews(buffer, ptr, n) {
  const v = new DataView(buffer);
  if (ptr + 8 * n > buffer.byteLength) return null;
  const views = new Array(n);
  for (let i = 0; i < n; ++i) {
    const p = v.getUint32(ptr + 8 * i, true), len = v.getUint32(ptr + 8 * i + 4, true);
    if (p + len > buffer.byteLength) return null;
    views[i] = new Uint8Array(buffer, p, len);
  }
  return views;
}

// Replay: the runtime re-emits the program's output one write at a time (a
// 4 KiB write is a 4 KiB fd_write, each a system call). Unless the
// destination is a terminal, that output is gathered here and goes out in
// writes of up to OUTPUT_BUFFER bytes, as C's stdio buffers output that is
// not a terminal (docs/design.md). Order holds: stdout and stderr share the
// buffer (a write to the other one sends what is held first), and any other
// host call sends it first too. The runtime asks for it at the end of the
// replay with a write of no iovecs, and gets EPIPE there if the reader went
// away meanwhile; `flush` is for the ends the runtime does not see (limits,
// the runner's own messages and errors).
const OUTPUT_BUFFER = 64 * 1024;
// Whether output to this descriptor may be held: files, pipes, sockets and
// Linux's /dev/null, /dev/zero and /dev/full (1:3, 1:5, 1:7). Any other
// character device may be a terminal that someone watches (node:tty's
// isatty would tell, for 5 ms more start-up) or take small writes only
// (/dev/kmsg).
const HELD_DEVICES = new Set([0x103, 0x105, 0x107]);
function mayHold(fd) {
  try {
    const st = fstatSync(fd);
    return !st.isCharacterDevice() || HELD_DEVICES.has(st.rdev);
  } catch {
    return false;
  }
}
// Its callers' addresses are unsigned already (wrapWasi makes them so).
function bufferOutput(wasi, { memory, hostFd, direct }) {
  const held = Buffer.allocUnsafe(OUTPUT_BUFFER);
  let used = 0;
  let to = -1;          // the guest fd of what is held
  const closed = {};    // guest fd -> EPIPE, once its reader went away
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const send = (fd, b) => {
    for (let done = 0; done < b.length;) {
      try {
        done += writeSync(hostFd[fd], b, done, b.length - done);
      } catch (e) {
        if (e.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 10); continue; }
        // Other errors drop the output, as in a plain run.
        if (e.code === 'EPIPE') closed[fd] = WASI_ERRNO.EPIPE;
        return;
      }
    }
  };
  const flush = () => {
    if (!used) return;
    const n = used;
    used = 0;
    send(to, held.subarray(0, n));
  };
  let seen = null, dv = null; // the memory's buffer, and a view of it
  // The last region's view: a program writes from the same buffer again and
  // again (stdio's), and making a view is most of a small write's cost here.
  let lastP = -1, lastLen = -1, last = null;
  const region = (mem, p, len) => {
    if (p !== lastP || len !== lastLen) { lastP = p; lastLen = len; last = new Uint8Array(mem, p, len); }
    return last;
  };
  const s = {};
  for (const [name, fn] of Object.entries(wasi))
    s[name] = direct.includes(name) ? fn : (...args) => { if (used) flush(); return fn(...args); };
  s.fd_write = (fd, iovs, n, out) => {
    // The runtime's request (no iovecs): EPIPE if either reader went away,
    // whichever stream it names.
    if (n === 0) {
      flush();
      if (closed[1] || closed[2]) return WASI_ERRNO.EPIPE;
    }
    if (hostFd[fd] === undefined) {
      if (used) flush();
      return wasi.fd_write(fd, iovs, n, out);
    }
    if (fd !== to) flush();
    if (closed[fd]) return closed[fd];
    to = fd;
    const mem = memory().buffer;
    if (mem !== seen) { seen = mem; dv = new DataView(mem); lastP = -1; }
    // Every region checked before any is held (EFAULT holds nothing), then
    // each copied from the memory: no array of views (the runtime echoes
    // one region a call, 25,600 calls for 100 MiB in 4 KiB writes).
    if (iovs + 8 * n > mem.byteLength || out + 4 > mem.byteLength) return WASI_ERRNO.EFAULT;
    for (let i = 0; i < n; ++i)
      if (dv.getUint32(iovs + 8 * i, true) + dv.getUint32(iovs + 8 * i + 4, true) > mem.byteLength)
        return WASI_ERRNO.EFAULT;
    let total = 0;
    for (let i = 0; i < n; ++i) {
      const p = dv.getUint32(iovs + 8 * i, true), len = dv.getUint32(iovs + 8 * i + 4, true);
      if (used + len > OUTPUT_BUFFER) flush();
      if (len >= OUTPUT_BUFFER) send(fd, new Uint8Array(mem, p, len));
      else { held.set(region(mem, p, len), used); used += len; }
      if (closed[fd]) return closed[fd];
      total += len;
    }
    dv.setUint32(out, total, true);
    return 0;
  };
  return { imports: s, flush };
}

// Serves `trace.wrr` in the reserved directory from an inherited descriptor
// (PLAN contract 3). The runtime's path_open gets a real descriptor on the
// placeholder directory itself, so node:wasi numbers descriptors as usual;
// the calls the runtime makes on it then go to `traceFd`. The runtime reads
// and writes its trace only with fd_pread and fd_pwrite, at offsets it
// keeps, so the program's own fd_read and fd_write (its hot path) reach
// node:wasi with no layer of ours between (docs/performance.md, "The trace
// channel's own functions"); those two and the trace's size and stat
// are all this serves. Anything else on the trace's descriptor reaches
// node:wasi on the directory, which refuses it.
function serveTraceFd(wasi, { dirFd, traceFd, memory }) {
  const open = new Set();
  const view = () => new DataView(memory().buffer);
  const bytes = (ptr, len) => new Uint8Array(memory().buffer, ptr, len);
  const iovecs = (ptr, n) => {
    const views = iovecViews(memory().buffer, ptr, n);
    if (!views) throw Object.assign(new Error('iovec out of bounds'), { code: 'EFAULT' });
    return views;
  };
  const s = { ...wasi };
  s.path_open = (fd, dirflags, path, pathLen, oflags, rights, inheriting, fdflags, out) => {
    if (fd !== dirFd || Buffer.from(bytes(path, pathLen)).toString() !== TRACE_NAME)
      return wasi.path_open(fd, dirflags, path, pathLen, oflags, rights, inheriting, fdflags, out);
    // "." opened read-only as a directory, in place of the name.
    const saved = bytes(path, 1)[0];
    bytes(path, 1)[0] = 0x2e;
    const r = wasi.path_open(fd, 0, path, 1, 2 /* O_DIRECTORY */, 2n /* fd_read */, 0n, 0, out);
    bytes(path, 1)[0] = saved;
    if (r !== 0) return r;
    const opened = view().getUint32(out, true);
    try {
      if (oflags & 8 /* O_TRUNC */) ftruncateSync(traceFd, 0);
    } catch (e) {
      wasi.fd_close(opened);
      return errnoOf(e);
    }
    open.add(opened);
    return 0;
  };
  // fn(...) for a descriptor of the channel, the call as it was for any
  // other; with named parameters, as wrapWasi's wrappers (and so declaring
  // them: wrapWasi's `declared`).
  const on = (name, fn) => {
    const other = wasi[name];
    const failed = (e) => errnoOf(e);
    // A handler that named fewer parameters would drop the others' arguments.
    if (other.length && other.length !== fn.length)
      throw new Error(`serveTraceFd: ${name} takes ${other.length} parameters, its handler ${fn.length}`);
    switch (fn.length) {
      case 2: s[name] = (fd, a) => {
        if (!open.has(fd)) return other(fd, a);
        try { return fn(fd, a); } catch (e) { return failed(e); }
      }; break;
      case 5: s[name] = (fd, a, b, c, d) => {
        if (!open.has(fd)) return other(fd, a, b, c, d);
        try { return fn(fd, a, b, c, d); } catch (e) { return failed(e); }
      }; break;
      default: throw new Error(`serveTraceFd: ${name} takes ${fn.length} parameters`);
    }
  };
  on('fd_pwrite', (fd, iovs, n, offset, out) => {
    const at = Number(offset);
    let total = 0;
    for (const b of iovecs(iovs, n)) {
      let done = 0;
      while (done < b.length) done += writeSync(traceFd, b, done, b.length - done, at + total + done);
      total += done;
    }
    view().setUint32(out, total, true);
    return 0;
  });
  on('fd_pread', (fd, iovs, n, offset, out) => {
    const at = Number(offset);
    const views = iovecs(iovs, n);
    let total = 0;
    for (let i = 0; i < views.length; ++i) {
      const b = views[i];
      const got = readSync(traceFd, b, 0, b.length, at + total);
      total += got;
      if (got < b.length) break;
    }
    view().setUint32(out, total, true);
    return 0;
  });
  on('fd_filestat_set_size', (fd, n) => { ftruncateSync(traceFd, Number(n)); return 0; });
  on('fd_filestat_get', (fd, out) => {
    const st = fstatSync(traceFd, { bigint: true });
    const v = view();
    for (let i = 0; i < 64; i += 8) v.setBigUint64(out + i, 0n, true);
    v.setBigUint64(out, st.dev, true);
    v.setBigUint64(out + 8, st.ino, true);
    v.setUint8(out + 16, 4 /* regular file */);
    v.setBigUint64(out + 24, st.nlink, true);
    v.setBigUint64(out + 32, st.size, true);
    v.setBigUint64(out + 40, st.atimeNs, true);
    v.setBigUint64(out + 48, st.mtimeNs, true);
    v.setBigUint64(out + 56, st.ctimeNs, true);
    return 0;
  });
  s.fd_close = (fd) => {
    open.delete(fd);
    return wasi.fd_close(fd);
  };
  return s;
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const preopens = {};
  for (const [guest, host] of opts.dirs) preopens[guest] = host;
  checkDirectories([...opts.dirs.map(([, host]) => host), opts.traceDir].filter(Boolean));
  if (opts.traceFd >= 0 && !opts.mode) usage('--trace-fd needs --record or --replay');
  if (opts.sync && opts.mode !== 'record') usage('--sync needs --record');
  if (opts.host && opts.mode === 'replay') usage('--host is for recording: a replay needs no host');
  // Reserved, and last: the program counts preopens up to the first gap.
  if (opts.mode) preopens[`/.wrr/${opts.mode}${opts.sync ? '-sync' : ''}`] = opts.traceDir;
  // The trace header says who recorded it.
  if (opts.mode === 'record')
    writeFileSync(`${opts.traceDir}/recorder`, `node ${process.versions.node} wrr-run`.slice(0, 32));
  const stopRequested = opts.controlFd >= 0 ? watchControl(opts.controlFd) : null;
  // SIGINT is wrr's way to interrupt wasm (breakOnSigint); outside _start
  // it must not kill the runner before the trace is ended.
  if (stopRequested) process.on('SIGINT', () => {});
  let bytes;
  try {
    bytes = readFileSync(opts.module);
  } catch (e) {
    usage(`cannot read '${opts.module}': ${e.code ?? e.message}`);
  }
  const wasi = new WASI({
    version: 'preview1',
    args: [opts.argv0 ?? opts.module, ...opts.args],
    env: opts.env,
    preopens,
    stdin: opts.stdin,
    stdout: opts.stdout,
    stderr: opts.stderr,
    returnOnExit: true,
  });
  const imports = wasi.getImportObject();
  const timeoutMs = opts.timeout * 1000;
  const deadline = timeoutMs ? Date.now() + timeoutMs : 0;
  // node:wasi numbers preopens from 3 in the order given.
  const dirFd = opts.mode ? 3 + opts.dirs.length : -1;
  let instance;
  let wasiImports = imports.wasi_snapshot_preview1;
  if (opts.mode === 'replay') wasiImports = breakOnStop(wasiImports, { dirFd, memory: () => instance.exports.memory });
  if (opts.mode === 'replay') {
    const hostFd = {};
    if (mayHold(opts.stdout)) hostFd[1] = opts.stdout;
    if (mayHold(opts.stderr)) hostFd[2] = opts.stderr;
    if (hostFd[1] !== undefined || hostFd[2] !== undefined) {
      output = bufferOutput(wasiImports, { memory: () => instance.exports.memory, hostFd, direct: NODE_DIRECT });
      wasiImports = output.imports;
    }
  }
  if (opts.traceFd >= 0)
    wasiImports = serveTraceFd(wasiImports, { dirFd, traceFd: opts.traceFd, memory: () => instance.exports.memory });
  // node:wasi's functions and the layers above declare their parameters
  // (bufferOutput's pass-throughs declare none and keep the general wrapper).
  const host = wrapWasi(wasiImports, { traceFd: dirFd, deadline, stopRequested, direct: NODE_DIRECT, declared: true });
  imports.wasi_snapshot_preview1 = host.imports;
  // Messages name the module as the user gave it (wrr passes --argv0), not
  // the instrumentation cache's file.
  const shown = opts.argv0 ?? opts.module;
  let module;
  try {
    module = await WebAssembly.compile(bytes);
  } catch (e) {
    throw new RunnerError(`cannot instantiate '${shown}': ${e.message}`);
  }
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const command = exported.has('_start');
  const foreign = foreignImports(module);
  const stopped = vmStopped(stopRequested);
  let session = null;
  let hostMain = null;
  if (opts.host) {
    const { HostSession } = await import('../core/host.mjs');
    session = new HostSession({ host, mode: opts.mode, stopped, guard: vmGuard(deadline, stopRequested !== null) });
    hostMain = await loadHost(opts.host, imports, session, { command, shown });
    const missing = session.wrapImports(module, imports);
    if (missing)
      throw new RunnerError(`'${shown}' imports ${missing}, which the host's imports() does not give`);
  } else if (opts.mode === 'replay') {
    // Whatever a host gave is in the trace.
    addReplayStubs(module, imports);
  } else if (!command && !exported.has('_initialize')) {
    throw new RunnerError(`'${shown}' exports no _start function`);
  } else if (!command) {
    throw new RunnerError(`'${shown}' is a reactor (it exports _initialize, no _start): ` +
                          'give the host program that drives it with --host HOST.mjs');
  } else if (foreign.length) {
    throw new RunnerError(`'${shown}' imports ${foreign.length === 1 ? 'a function' : `${foreign.length} functions`} ` +
                          `from outside WASI (${foreign.slice(0, 3).map((i) => `${i.module}.${i.name}`).join(', ')}` +
                          `${foreign.length > 3 ? ', ...' : ''}): give the host program that provides them with --host HOST.mjs`);
  }
  try {
    instance = await WebAssembly.instantiate(module, imports);
  } catch (e) {
    throw new RunnerError(`cannot instantiate '${shown}': ${e.message}`);
  }
  const replayHost = opts.mode === 'replay' && isHostReplay(instance);
  if (!command && !replayHost && !session)
    throw new RunnerError(`'${shown}' is a reactor (it exports _initialize, no _start) and has no ` +
                          'wrr_replay_host export: instrument it with this wrr');
  if (!(instance.exports.memory instanceof WebAssembly.Memory))
    throw new RunnerError(`'${shown}' exports no memory`);
  host.bind(instance);
  if (session && !command) return runHost(session, instance, wasi, hostMain, { module, shown, opts, stopRequested });
  if (session) session.bind(instance, hasImportedMemory(module));
  let start = startInVm(wasi, instance, timeoutMs, stopRequested !== null);
  if (replayHost) {
    // The module drives itself from the trace; _initialize's effects are
    // in it too. WASI gets the memory without a call.
    wasi.initialize({ exports: { memory: instance.exports.memory } });
    start = inVm(() => instance.exports.wrr_replay_host(), timeoutMs, stopRequested !== null);
  }
  let result;
  try {
    result = runProgram({ instance, host, start, mode: opts.mode, stopped });
  } catch (e) {
    // A host import threw through _start, or a call into the module from
    // the host's import ended the run.
    if (!session) throw e;
    session.failed(e, '_start');
    result = { ...session.ended, hostError: session.hostError };
  }
  return report(result, opts);
}

function report(result, opts) {
  output?.flush();
  if (result.how === 'timeout')
    result.message += ` (${opts.timeout} s)`;
  if (result.hostError) {
    const { error, where } = result.hostError;
    say(`error: the host's ${where} failed: ${oneLine(error)}` +
        (where === 'main' ? '' : ' (the recording ends there, as at a trap)'));
  } else if (result.message) {
    say(result.message);
  }
  return result.status;
}

function oneLine(e) {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

function hasImportedMemory(module) {
  return WebAssembly.Module.imports(module).some((i) => i.kind === 'memory');
}

// Loads HOST.mjs and lets it add imports. Returns its main (or null for a
// command, which wrr starts itself).
async function loadHost(file, imports, session, { command, shown }) {
  const [{ resolve }, { pathToFileURL }] = await Promise.all([import('node:path'), import('node:url')]);
  const path = resolve(file);
  try {
    statSync(path);
  } catch (e) {
    usage(`cannot read the host '${file}': ${e.code ?? e.message}`);
  }
  let hostModule;
  try {
    hostModule = await import(pathToFileURL(path).href);
  } catch (e) {
    throw new RunnerError(`cannot load the host '${file}': ${e?.name ?? 'Error'}: ${oneLine(e)}`);
  }
  const { imports: addImports, main } = hostModule;
  if (addImports !== undefined && !(addImports instanceof Function))
    throw new RunnerError(`the host '${file}' exports imports, but not as a function`);
  if (command && main !== undefined)
    throw new RunnerError(`'${shown}' is a command (it exports _start), which wrr starts itself: ` +
                          `the host '${file}' may give imports() but no main`);
  if (!command && !(main instanceof Function))
    throw new RunnerError(`the host '${file}' exports no main function: give async main(instance), ` +
                          `which drives '${shown}'`);
  if (addImports) {
    const wasi = { ...imports.wasi_snapshot_preview1 };
    try {
      await addImports(imports, session.forHost);
    } catch (e) {
      throw new RunnerError(`the host's imports() failed: ${oneLine(e)}`);
    }
    // WASI is wrr's: it serves the trace channel and the limits.
    for (const [name, fn] of Object.entries(imports.wasi_snapshot_preview1 ?? {}))
      if (wasi[name] !== fn)
        throw new RunnerError(`the host's imports() changed wasi_snapshot_preview1.${name}: WASI is wrr's own`);
    imports.wasi_snapshot_preview1 = wasi;
  }
  return main ?? null;
}

// The host drives a reactor: _initialize, main, wrr_host_returned
// (core/host.mjs). A limit or signal while the host holds control ends the
// trace there.
async function runHost(session, instance, wasi, main, { module, opts, stopRequested }) {
  wasi.initialize({ exports: { memory: instance.exports.memory } });
  for (const name of ['wrr_host_returned', 'wrr_program_bytes', 'wrr_host_write', 'wrr_host_idle'])
    if (!(instance.exports[name] instanceof Function))
      throw new RunnerError(`'${opts.argv0 ?? opts.module}' has no ${name} export: instrument it with this wrr`);
  session.bind(instance, hasImportedMemory(module));
  const finish = (limit) => {
    const r = session.stopOutside(limit);
    if (r) process.exit(report(r, opts));
  };
  if (opts.timeout)
    setTimeout(() => finish(new LimitStop('timeout')), opts.timeout * 1000 + HARD_STOP_GRACE_MS).unref();
  if (stopRequested)
    process.on('SIGINT', () => {
      const signal = stopRequested.now();
      finish(new LimitStop('signal', signal < 0 ? 0 : signal || 2));
    });
  // Node leaves when nothing is left to wait for, even with main still
  // pending; the host may also call process.exit. Either way the
  // recording is ended before the process goes.
  // Ahead of the top-level beforeExit, which knows no session.
  process.prependListener('beforeExit', () => {
    if (session.abandon()) {
      say("error: the host's main never settled (nothing was left to wait for); the recording ends there");
      process.exit(1);
    }
    // The run had ended (a trap, proc_exit, a limit) and main then waited
    // on nothing: the run ends as it did.
    if (session.ended) process.exit(report({ ...session.ended, hostError: session.hostError }, opts));
  });
  process.on('exit', (code) => {
    if (session.abandon())
      say(`error: the host ended the process (status ${code}) before its main settled; the recording ends there`);
  });
  return report(await session.run(main), opts);
}

// No top-level await: the bundle is CommonJS. Node would end a module
// whose top-level await never settles with status 13; here an event loop
// that runs dry before main settles (a host whose load or imports() waits
// on nothing) is an error of the runner's.
// (beforeExit: a process.exit of the host's own is not this.)
let settled = false;
process.on('beforeExit', () => {
  if (settled) return;
  say('error: the run never settled (nothing was left to wait for)');
  process.exit(1);
});
main().catch((e) => {
  // One line, never a stack trace.
  say(`error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  return e instanceof RunnerError || e instanceof UsageError ? e.status : 1;
}).then((status) => {
  settled = true;
  output?.flush();
  process.exit(status);
});
