// Interrupts a recording inside the runtime, deterministically, the way a
// stack overflow or a runner's stop can:
//   node interrupt.mjs HOW WHERE K TRACEDIR app.wasm
// WHERE: 'trace' (the K-th write to the trace file after its header: a
// flush, an fd_pwrite) or 'stdout' (the K-th write of the program to fd
// 1). HOW: 'trap' throws a RangeError there (as a stack overflow would)
// and calls wrr_trapped once the program has unwound; 'stop' calls
// wrr_stopped from inside the host call, then unwinds. The program's
// environment is this process's FAULT and LINES. Exit status: 134 (trap) or 124 (stop).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [how, where, k, traceDir, module] = process.argv.slice(2);
const env = {};
for (const name of ['FAULT', 'LINES']) if (process.env[name]) env[name] = process.env[name];
const wasi = new WASI({ version: 'preview1', args: [module], env,
                        preopens: { '/.wrr/record': traceDir }, returnOnExit: true });
const host = wasi.getImportObject().wasi_snapshot_preview1;
class Stop {}
let instance, traceFd = -1, count = 0;
const wrapped = {};
for (const [name, fn] of Object.entries(host)) {
  wrapped[name] = (...args) => {
    if (name === 'path_open' && args[0] === 3) {
      const r = fn(...args);
      if (r === 0) traceFd = new DataView(instance.exports.memory.buffer).getUint32(args[8], true);
      return r;
    }
    // The runtime writes its trace with fd_pwrite, the program its output with fd_write.
    if (where === 'trace' ? name === 'fd_pwrite' && args[0] === traceFd
                          : name === 'fd_write' && args[0] === 1) {
      // The trace's header is its first write.
      if (where === 'trace' && traceFd >= 0 && count++ === 0) return fn(...args);
      if (where === 'stdout') ++count;
      if (count === Number(k) + (where === 'trace' ? 1 : 0)) {
        if (how === 'stop') {
          instance.exports.wrr_stopped();
          throw new Stop();
        }
        throw new RangeError('Maximum call stack size exceeded (simulated)');
      }
    }
    return fn(...args);
  };
}
({ instance } = await WebAssembly.instantiate(readFileSync(module),
                                               { wasi_snapshot_preview1: wrapped }));
try {
  wasi.start(instance);
  process.stderr.write('interrupt.mjs: the program ended before the interruption\n');
  process.exitCode = 1;
} catch (e) {
  if (e instanceof Stop) {
    process.exitCode = 124;
  } else if (e instanceof RangeError) {
    instance.exports.wrr_trapped();
    process.exitCode = 134;
  } else {
    throw e;
  }
}
