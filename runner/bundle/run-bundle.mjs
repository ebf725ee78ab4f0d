// Runs a wrr reproducer (wrr-instrument --embed-trace) on any JavaScript
// engine with WebAssembly: it needs only fd_write and proc_exit.
// Usage: node run-bundle.mjs repro.wasm
import { readFileSync, writeSync } from 'node:fs';
let memory, code = 0;
const fd_write = (fd, iovs, n, nwritten) => {
  const view = new DataView(memory.buffer);
  let total = 0;
  for (let i = 0; i < n; ++i) {
    const ptr = view.getUint32(iovs + 8 * i, true), len = view.getUint32(iovs + 8 * i + 4, true);
    writeSync(fd, new Uint8Array(memory.buffer, ptr, len));
    total += len;
  }
  view.setUint32(nwritten, total, true);
  return 0;
};
const proc_exit = (status) => { code = status; throw 'exit'; };
// (Streaming compilation was measured to use more memory in Node 20.)
const module = await WebAssembly.compile(readFileSync(process.argv[2]));
const imports = { wasi_snapshot_preview1: { fd_write, proc_exit } };
// A bundle of a module a host drove answers its other imports from the
// trace; were it to call one, the stub says so.
for (const i of WebAssembly.Module.imports(module))
  if (i.kind === 'function' && i.module !== 'wasi_snapshot_preview1')
    (imports[i.module] ??= {})[i.name] = () => { throw new Error(`the replay called import ${i.module}.${i.name}`); };
const instance = await WebAssembly.instantiate(module, imports);
memory = instance.exports.memory;
// Its replay driver is _start (or, unbundled, wrr_replay_host).
const start = instance.exports._start ?? instance.exports.wrr_replay_host;
try { start(); } catch (e) {
  if (e !== 'exit') { console.error(`run-bundle: the program trapped: ${e.message}`); try { instance.exports.wrr_trapped(); } catch (f) { if (f !== 'exit') throw f; } code = code || 134; }
}
process.exitCode = code;
