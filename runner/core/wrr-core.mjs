// The runner core, shared by every engine (Node, browsers, JavaScriptCore).
// Everything deterministic lives in the instrumented module; a runner only
// instantiates it, provides WASI, hands over the trace directory and, when
// the program traps or is stopped, lets the module save the end of its
// trace (its `wrr_trapped` export). This file knows nothing about any
// engine: the caller passes the WASI functions and a way to start.

// Exit statuses of a run, besides the program's own.
export const EXIT_TRAP = 134;
export const EXIT_TIMEOUT = 124;

// WASI errno values the core answers with itself.
const ERRNO_NOTSUP = 58;
const ERRNO_INTR = 27;

const CHECK_EVERY = 16;

// The trace's name in the reserved directory (the runtime's
// `at_trace_name`, rrlib/runtime_layout.def).
export const TRACE_NAME = 'trace.wrr';

// proc_exit unwinds the program with this; the core turns it into a status.
export class ProcExit {
  constructor(code) { this.code = code; }
}

// A limit ended the run (thrown from a WASI call, so never inside the
// runtime's own bookkeeping): reason 'timeout', or 'signal' with the signal
// number the host asked to stop for (0: the host went away).
export class LimitStop {
  constructor(reason, signal = 0) { this.reason = reason; this.signal = signal; }
}

const SIGNAL_NAMES = { 1: 'SIGHUP', 2: 'SIGINT', 15: 'SIGTERM' };
export function signalName(n) { return SIGNAL_NAMES[n] ?? `signal ${n}`; }

// What stops a program on each engine: V8 and JSC trap with RuntimeError
// and overflow the stack with RangeError; Firefox overflows with
// InternalError.
export function isTrap(e) {
  return e instanceof WebAssembly.RuntimeError ||
    (e instanceof Error && (e.name === 'RangeError' || e.name === 'InternalError'));
}

// Wraps the engine's WASI functions for the instrumented module:
//  - every function becomes a plain JS function, except those named in
//    `direct`, which the module gets as the engine gave them. On Node 20 a
//    WASI function called from wasm takes V8's fast path, where a garbage
//    collection must not run; node:wasi's functions that allocate (paths,
//    iovec arrays) report it to V8, which can collect right there and
//    corrupt the heap (nodejs/node#53087, #46777). A JS function takes the
//    slow path, at 55 ns a call. The Node runner passes as `direct` the
//    functions that never allocate, where the fast path is safe
//    (docs/design.md, "Node 20's node:wasi"). Limits are not looked at in
//    those: a program calling nothing else is stopped by the runner's hard
//    stop (wrr's SIGINT, or the vm timeout), a second later;
//  - proc_exit throws ProcExit, so the caller gets the status back;
//  - functions that throw a string instead of answering (the browser
//    shim's sockets and proc_raise) answer ENOTSUP, so recording sees an
//    errno as on any engine;
//  - with a deadline, a program call after it throws LimitStop; so does one
//    after stopRequested() returns a signal number (or -1: the host went
//    away). Limits are looked at every call while calls are slow, and
//    every CHECK_EVERY calls while they come within a millisecond of each
//    other: a check at every call cost a recording of 5 M clock reads 20%
//    of its CPU time (docs/performance.md). Calls on the trace channel
//    (the reserved directory and the files opened in it) are never
//    interrupted, nor any call before the runtime first opened its trace
//    (it is still starting up), so the trace stays whole.
// `traceFd` is the descriptor of the reserved directory (the last preopen).
// `declared`: each of host's functions declares exactly its WASI
// parameters (fn.length), so the wrappers can name them.
export function wrapWasi(host, { traceFd = -1, deadline = 0, now = () => Date.now(),
                                 stopRequested = null, direct = [], declared = false } = {}) {
  const channel = new Set();
  let memory = null;
  let armed = deadline > 0;
  let ready = traceFd < 0;
  const wrapped = {};
  const opened = (ptr) => new DataView(memory.buffer).getUint32(ptr, true);
  const pathAt = (ptr, len) =>
    (ptr + len <= memory.buffer.byteLength ? String.fromCharCode(...new Uint8Array(memory.buffer, ptr, len)) : '');
  // Calls until limits are looked at again: 1 while calls are slow, up to
  // CHECK_EVERY while they come within a millisecond of each other; a call
  // only counts down, the cheapest thing it can do unoptimized.
  let countdown = 1, every = 1, lastCheck = 0;
  const look = (fd, onChannel) => {
    if (!(armed || stopRequested)) { countdown = CHECK_EVERY; return; }
    if (!ready || onChannel(fd)) { countdown = 1; return; }
    const t = now();
    every = t - lastCheck >= 1 ? 1 : Math.min(2 * every, CHECK_EVERY);
    countdown = every;
    lastCheck = t;
    if (armed && t > deadline) throw new LimitStop('timeout');
    const signal = stopRequested ? stopRequested() : 0;
    if (signal) throw new LimitStop('signal', signal < 0 ? 0 : signal);
  };
  // A host call that waited (a read of the terminal) and was cut short
  // by the SIGINT that hard-stops the run: the program would see an
  // EINTR a plain run never shows it. Stop here instead. The stop is
  // looked at now (`now`), not when the spaced-out checks above next
  // would: wrr wrote it before the SIGINT.
  const interrupted = (fd, onChannel) => {
    if (!stopRequested || !ready || onChannel(fd)) return;
    const signal = stopRequested.now ? stopRequested.now() : stopRequested();
    if (signal) throw new LimitStop('signal', signal < 0 ? 0 : signal);
  };
  const failed = (e) => {
    if (e instanceof ProcExit || e instanceof LimitStop) throw e;
    if (typeof e === 'string') return ERRNO_NOTSUP;
    throw e;
  };
  const u = unsigned;
  // The wrapper of fn for its number of parameters (fn.length), or null
  // when it declares none: named parameters instead of a rest array and a
  // spread call. A short run makes most of its calls before V8 optimizes
  // the wrapper, and there the array and the spread cost most of its time
  // (docs/performance.md, "The runner's wrappers, cold"). Only for hosts
  // whose functions declare exactly their WASI parameters (`declared`):
  // node:wasi's do, and one that declared fewer would lose arguments.
  const named = (fn, onChannel) => {
    const end = (r, fd) => { if (r === ERRNO_INTR) interrupted(fd, onChannel); return r; };
    switch (fn.length) {
      case 1: return (a) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a)), a); } catch (e) { return failed(e); } };
      case 2: return (a, b) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a), u(b)), a); } catch (e) { return failed(e); } };
      case 3: return (a, b, c) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a), u(b), u(c)), a); } catch (e) { return failed(e); } };
      case 4: return (a, b, c, d) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a), u(b), u(c), u(d)), a); } catch (e) { return failed(e); } };
      case 5: return (a, b, c, d, e5) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a), u(b), u(c), u(d), u(e5)), a); } catch (e) { return failed(e); } };
      case 6: return (a, b, c, d, e5, f) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a), u(b), u(c), u(d), u(e5), u(f)), a); } catch (e) { return failed(e); } };
      case 7: return (a, b, c, d, e5, f, g) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a), u(b), u(c), u(d), u(e5), u(f), u(g)), a); } catch (e) { return failed(e); } };
      case 8: return (a, b, c, d, e5, f, g, h) => {
        if (--countdown <= 0) look(a, onChannel);
        try { return end(fn(u(a), u(b), u(c), u(d), u(e5), u(f), u(g), u(h)), a); } catch (e) { return failed(e); } };
      default: return null;
    }
  };
  for (const name of Object.keys(host)) {
    const fn = host[name];
    if (direct.includes(name)) {
      wrapped[name] = fn;
      continue;
    }
    // Whether a call with first argument `fd` is on the trace channel.
    const onChannel = name === 'path_open' ? (fd) => fd === traceFd
      : name.startsWith('fd_') ? (fd) => channel.has(fd) : () => false;
    const bookkept = name === 'path_open' || name === 'fd_close';
    wrapped[name] = (declared && !bookkept ? named(fn, onChannel) : null) ??
      ((...args) => {
        if (--countdown <= 0) look(args[0], onChannel);
        for (let i = 0; i < args.length; ++i) {
          const a = args[i];
          if (typeof a === 'number' && a < 0) args[i] = a >>> 0;
        }
        let r;
        try {
          r = fn(...args);
        } catch (e) {
          return failed(e);
        }
        if (r === ERRNO_INTR) interrupted(args[0], onChannel);
        if (name === 'path_open' && args[0] === traceFd && r === 0 && memory) {
          channel.add(opened(args[8]));
          // Limits apply once the trace is open, not at the runtime's other
          // files there (a recording reads `recorder` before it opens the
          // trace): a stop before that would leave no trace.
          if (!ready && pathAt(args[2], args[3]) === TRACE_NAME) ready = true;
        } else if (name === 'fd_close' && channel.has(args[0])) {
          channel.delete(args[0]);
        }
        return r;
      });
  }
  wrapped.proc_exit = (code) => { throw new ProcExit(code); };
  return {
    imports: wrapped,
    // The instance's memory, once there is an instance.
    bind(instance) { memory = instance.exports.memory ?? null; },
    // No more limits: the module is ending its trace.
    disarm() { armed = false; stopRequested = null; },
  };
}

// WASI's i32 arguments are unsigned (addresses, sizes, fds, flags); wasm
// hands JS a signed i32, negative from 2 GiB on, which node:wasi called
// from JavaScript does not take as an address. i64s come as BigInts.
const unsigned = (a) => (typeof a === 'number' ? a >>> 0 : a);

// Calls fn; a ProcExit becomes its code, a return 0.
function callForStatus(fn) {
  try {
    fn();
    return 0;
  } catch (e) {
    if (e instanceof ProcExit) return e.code;
    throw e;
  }
}

function describe(e) {
  return e instanceof Error ? e.message : String(e);
}

// What a stop of the program means for the run: `caught` is what its
// call threw. Returns { result, limit } for a trap or a limit (result as
// runProgram's, limit the LimitStop or null), or null when it is neither
// (a ProcExit or a host's own error: the caller decides).
//   stopped(e) for an engine-specific interruption (Node's vm timeout):
//              returns a LimitStop for it, or null
export function stopOf(caught, stopped = () => null) {
  const limit = caught instanceof LimitStop ? caught : stopped(caught);
  if (!limit && !isTrap(caught)) return null;
  const result = !limit
    ? { status: EXIT_TRAP, how: 'trap', message: `the program trapped: ${describe(caught)}` }
    : limit.reason === 'timeout'
      ? { status: EXIT_TIMEOUT, how: 'timeout', message: 'stopped: the run exceeded its time limit' }
      : limit.signal
        ? { status: 128 + limit.signal, how: 'signal', message: `stopped on ${signalName(limit.signal)}` }
        : { status: 128 + 1, how: 'signal', message: 'stopped: wrr went away' };
  return { result, limit };
}

// Ends the trace after a stop (stopOf): a recording saves what its buffer
// still holds and a trap or stop event; a replay checks that the recording
// ended with the same trap. A replay stopped by a limit has nothing to save
// or check. A recording stopped by a limit ends with a stop event
// (wrr_stopped), so its replay stops at the same point.
export function endAfterStop({ instance, host, mode }, { result, limit }) {
  const end = limit ? instance.exports.wrr_stopped : instance.exports.wrr_trapped;
  host.disarm();
  if (end && !(limit && mode === 'replay')) {
    const code = callForStatus(end);
    if (code) result.status = code;
  }
  return result;
}

// Runs the instrumented program and ends it cleanly whatever happens.
//   host     what wrapWasi returned
//   start()  runs _start (the engine's WASI start, or the export itself)
//   mode     'record', 'replay' or null
//   stopped(e) for an engine-specific interruption (see stopOf)
// Returns { status, how: 'exit'|'trap'|'timeout'|'signal', message }:
// message is what the runner should say (for a trap or a limit), without a
// prefix.
export function runProgram({ instance, host, start, mode = null, stopped = () => null }) {
  let caught;
  try {
    return { status: callForStatus(start), how: 'exit', message: '' };
  } catch (e) {
    caught = e;
  }
  const stop = stopOf(caught, stopped);
  if (!stop) throw caught;
  return endAfterStop({ instance, host, mode }, stop);
}

// What the runners need of host-driven modules (core/host.mjs) in every
// run, host or none.
const WASI_MODULES = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);

// The module's function imports from outside WASI: { module, name }.
export function foreignImports(module) {
  return WebAssembly.Module.imports(module)
    .filter((i) => i.kind === 'function' && !WASI_MODULES.has(i.module));
}

// Replay of a host-driven module: the module answers its non-WASI imports
// from the trace and never calls them; each gets a stub that says so if it
// is called after all.
export function addReplayStubs(module, importObject) {
  for (const { module: from, name } of foreignImports(module)) {
    const ns = (importObject[from] ??= {});
    ns[name] = () => {
      throw new Error(`the replay called import ${from}.${name}, which the trace answers`);
    };
  }
}

// A module that a host drove, replayed: wrr_replay_host drives it from the
// trace (no _start to run, no _initialize to call: the trace holds it).
export function isHostReplay(instance) {
  return !(instance.exports._start instanceof Function) &&
    instance.exports.wrr_replay_host instanceof Function;
}
