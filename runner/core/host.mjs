// Host-driven modules (issue 16): the runner's side of a module that a host
// program drives (a reactor or plugin; the user's HOST.mjs), and of its
// replay, which needs no host. The module records every crossing itself
// (its export wrappers and import thunks, passes/runtime/45_host.wat); the
// runner adds what only JavaScript sees: what the host wrote into linear
// memory while it held control (wrr_host_write), and the end of the run
// (wrr_host_returned, or wrr_trapped/wrr_stopped at once when a call into
// the module stops). Engine-agnostic, like wrr-core.mjs.
// What every run needs of host-driven modules (the replay's stubs, the
// check for non-WASI imports) is in wrr-core.mjs: a run with no host does
// not load this file.
import { ProcExit, endAfterStop, foreignImports, stopOf } from './wrr-core.mjs';

const PAGE = 65536;
// Changed ranges closer than this are sent as one host write: an event
// costs more than a few unchanged bytes.
const MERGE_GAP = 16;

// The host's view of memory, kept in step with the trace. The host sees
// memory only while JavaScript runs: at each transition from the module to
// the host (an export returns, the module calls an import) `take` copies
// [0, wrr_program_bytes()); at each transition back (the host calls an
// export, an import returns) `flush` records each range the host changed
// (wrr_host_write). Pages are compared natively first; only a page that
// differs is scanned, by words. Until the host first reads
// `exports.memory` (`start`) nothing is copied: it cannot have written.
export class MemorySync {
  constructor(compare = defaultCompare) {
    this.compare = compare;
    this.on = false;
    this.exports = null;
    this.snap = null;
    this.n = 0;
    this.writes = 0; // host write events sent, for tests and measurements
  }

  bind(exports) { this.exports = exports; }

  // The host holds memory from now on; the module is not running, so
  // memory is as the module left it.
  start() {
    if (this.on || !this.exports) return;
    this.on = true;
    this.take();
  }

  take() {
    if (!this.on) return;
    const n = this.exports.wrr_program_bytes();
    if (!this.snap || this.snap.length < n) this.snap = new Uint8Array(n);
    this.snap.set(new Uint8Array(this.exports.memory.buffer, 0, n));
    this.n = n;
  }

  flush() {
    if (!this.on || !this.n) return;
    const n = this.n;
    const cur = new Uint8Array(this.exports.memory.buffer, 0, n);
    const old = this.snap;
    const ranges = [];
    const add = (a, b) => {
      const last = ranges[ranges.length - 1];
      if (last && a - last[1] < MERGE_GAP) last[1] = b;
      else ranges.push([a, b]);
    };
    const curWords = new Uint32Array(cur.buffer, 0, n >>> 2);
    const oldWords = new Uint32Array(old.buffer, 0, n >>> 2);
    for (let p = 0; p < n; p += PAGE) {
      const e = Math.min(p + PAGE, n);
      if (this.compare(cur.subarray(p, e), old.subarray(p, e)) === 0) continue;
      for (let w = p >>> 2, we = e >>> 2; w < we; ++w) {
        if (curWords[w] === oldWords[w]) continue;
        let a = w * 4, b = a + 4;
        while (cur[a] === old[a]) ++a;
        while (cur[b - 1] === old[b - 1]) --b;
        add(a, b);
      }
      for (let i = e & ~3; i < e; ++i) if (cur[i] !== old[i]) add(i, i + 1);
    }
    for (const [a, b] of ranges) this.exports.wrr_host_write(a, b - a);
    this.writes += ranges.length;
    this.n = 0;
  }
}

function defaultCompare(a, b) {
  if (globalThis.Buffer) return globalThis.Buffer.compare(a, b);
  for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return 1;
  return 0;
}

// Why the run can go on no more.
class Ended extends Error {}

// One host-driven run: wraps the host's imports and the module's exports,
// and ends the trace exactly once.
//   host     what wrapWasi returned
//   mode     'record' or null
//   stopped(e) as for runProgram
//   guard(fn) runs an outermost call into the module (Node: in vm, so a
//            time limit or SIGINT interrupts wasm that computes)
export class HostSession {
  constructor({ host, mode = 'record', stopped = () => null, guard = (fn) => fn() }) {
    this.host = host;
    this.mode = mode;
    this.stopped = stopped;
    this.guard = guard;
    this.sync = new MemorySync();
    this.instance = null;
    this.depth = 0;      // calls into the module on the stack
    this.idlePending = false; // whenIdle's flush is scheduled
    this.ended = null;   // the run's result once the trace has ended
    this.hostError = null;
    // What the host gets (imports' second argument, main's argument): its
    // exports are filled in once the module is instantiated.
    // A WebAssembly.Instance to `instanceof` (RubyVM's setInstance checks):
    // `exports` is an own property, as the prototype's getter has no setter.
    this.forHost = Object.create(WebAssembly.Instance.prototype,
                                 { exports: { value: {}, enumerable: true } });
    Object.defineProperty(this.forHost, 'memory', { get() { return this.exports.memory; } });
  }

  // Each non-WASI function import of `module`, as the host gave it in
  // `importObject`, wrapped: memory is handed over around the call.
  // Returns the import the host left out, or null.
  wrapImports(module, importObject) {
    for (const { module: from, name } of foreignImports(module)) {
      const fn = importObject[from]?.[name];
      if (!(fn instanceof Function)) return `${from}.${name}`;
      importObject[from][name] = (...args) => this.callHost(`${from}.${name}`, fn, args);
    }
    return null;
  }

  callHost(where, fn, args) {
    // Only the module's start function calls in before there is an
    // instance; nothing is set up to record yet, and a replay could not
    // answer it either.
    if (!this.instance)
      throw new Error(`its start function calls the host's import ${where}, ` +
                      'which wrr cannot record (it runs before anything is set up)');
    this.checkOpen();
    this.sync.take();
    let r;
    try {
      r = fn(...args);
    } catch (e) {
      // It unwinds the module's frames: the export call that led here ends
      // the recording (failed).
      if (!this.ended && !(e instanceof Ended)) this.hostError ??= { error: e, where: `import ${where}` };
      throw e;
    }
    // The host called into the module, that call ended the run, and the
    // host went on: the module must not.
    this.checkOpen();
    this.sync.flush();
    return r;
  }

  // The instance's exports for the host: every function but _start and
  // wrr's own goes through `callModule`; memory is handed out by a getter
  // that starts the memory sync.
  bind(instance, hasImportedMemory = false) {
    this.instance = instance;
    this.sync.bind(instance.exports);
    const out = this.forHost.exports;
    const sync = this.sync;
    for (const [name, value] of Object.entries(instance.exports)) {
      if (name.startsWith('wrr_') || name === '_start') continue;
      if (value instanceof WebAssembly.Memory) {
        Object.defineProperty(out, name, { enumerable: true, get() { sync.start(); return value; } });
      } else if (value instanceof Function) {
        out[name] = (...args) => this.callModule(name, value, args);
      } else {
        out[name] = value;
      }
    }
    if (hasImportedMemory) sync.start();
  }

  callModule(name, fn, args) {
    this.checkOpen();
    this.sync.flush();
    const outermost = this.depth++ === 0;
    let r;
    try {
      r = outermost ? this.guard(() => fn(...args)) : fn(...args);
    } catch (e) {
      this.depth--;
      throw this.failed(e, name);
    }
    this.depth--;
    this.sync.take();
    if (outermost) this.whenIdle();
    return r;
  }

  // Once the host yields to its event loop (it waits for something), the
  // module writes out what its log buffer holds: a runner killed while the
  // host waits then loses nothing. One block per wait, not per call.
  whenIdle() {
    if (this.idlePending || this.ended) return;
    this.idlePending = true;
    setImmediate(() => {
      this.idlePending = false;
      if (!this.ended && this.depth === 0) this.instance.exports.wrr_host_idle();
    });
  }

  checkOpen() {
    if (this.ended) throw new Ended(this.ended.how === 'trap'
      ? 'the program trapped; the recording ended there'
      : 'the run has ended; the recording ended there');
  }

  // A call into the module threw: end the trace now, whatever the host
  // does with the error. Returns what to throw to the host.
  failed(e, name) {
    if (e instanceof Ended || this.ended) return e;
    if (e instanceof ProcExit) {
      // The module ended its trace itself (proc_exit).
      this.ended = { status: e.code, how: 'exit', message: '' };
      return new Ended(`the program exited with status ${e.code} in export "${name}"`);
    }
    const stop = stopOf(e, this.stopped);
    if (stop) {
      this.ended = endAfterStop({ instance: this.instance, host: this.host, mode: this.mode }, stop);
      return e;
    }
    // A host import threw through the module: its recording is cut inside
    // that call, so it ends there as at a trap.
    this.ended = endAfterStop({ instance: this.instance, host: this.host, mode: this.mode },
                              stopOf(new WebAssembly.RuntimeError('a host import failed')));
    this.ended = { status: 1, how: 'error', message: '' };
    this.hostError ??= { error: e, where: `export ${name}` };
    return e;
  }

  // Stops a run whose host holds control (a limit or signal outside any
  // call into the module): ends the trace with a stop event. Returns the
  // result, or null if the module is running (it is stopped at its next
  // WASI call instead).
  stopOutside(limit) {
    if (this.ended) return this.ended;
    if (this.depth > 0 || !this.instance) return null;
    this.ended = endAfterStop({ instance: this.instance, host: this.host, mode: this.mode },
                              stopOf(limit));
    return this.ended;
  }

  // The process is leaving while the host's main has not settled (a
  // promise nothing will resolve, or the host's own process.exit): the
  // recording ends here. Between calls, whole, as if main had returned
  // (everything the host did is in it); inside a call (process.exit in an
  // import), as at a trap inside it. Returns the result, or null if the
  // run had already ended.
  abandon() {
    if (this.ended || !this.instance) return null;
    if (this.depth > 0) {
      this.ended = endAfterStop({ instance: this.instance, host: this.host, mode: this.mode },
                                stopOf(new WebAssembly.RuntimeError('the host left')));
    } else {
      this.host.disarm();
      this.instance.exports.wrr_host_returned();
    }
    this.ended = { status: 1, how: 'error', message: '' };
    return this.ended;
  }

  // Runs the host: _initialize (recorded, through its wrapper) if the
  // module has one, then `await main(forHost)`, then wrr_host_returned.
  // Resolves to { status, how, message, hostError }: hostError is the
  // host's own error, { error, where: 'main' | 'import M.N' }, for the
  // runner to report.
  async run(main) {
    const init = this.forHost.exports._initialize;
    let hostError = null;
    try {
      if (init instanceof Function) init();
      await main(this.forHost);
    } catch (e) {
      hostError = { error: e, where: 'main' };
    }
    if (this.ended) return { ...this.ended, hostError: this.hostError };
    // The host's main returned or failed on its own: the recording ends
    // here, whole, and replays.
    this.host.disarm();
    this.instance.exports.wrr_host_returned();
    this.ended = { status: hostError ? 1 : 0, how: hostError ? 'error' : 'exit', message: '' };
    return { ...this.ended, hostError };
  }
}
