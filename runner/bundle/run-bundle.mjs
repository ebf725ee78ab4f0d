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
const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]),
  { wasi_snapshot_preview1: { fd_write, proc_exit } });
memory = instance.exports.memory;
try { instance.exports._start(); } catch (e) {
  if (e !== 'exit') { console.error(`run-bundle: the program trapped: ${e.message}`); try { instance.exports.wrr_trapped(); } catch (f) { if (f !== 'exit') throw f; } code = code || 134; }
}
process.exitCode = code;
