// A host with wasm3's preopen quirk (v0.9.0): fd_prestat_get counts the
// name's terminating NUL in its length, and fd_prestat_dir_name writes the
// NUL. Otherwise node:wasi, with the trace directory preopened last.
//   node wasm3-host.mjs record|replay DIR app.rr.wasm [ARGS...]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [mode, dir, module, ...args] = process.argv.slice(2);
const guest = `/.wrr/${mode}`;
const wasi = new WASI({ version: 'preview1', args: [module, ...args], env: {},
                        preopens: { [guest]: dir }, returnOnExit: true });
const imports = wasi.getImportObject();
const host = imports.wasi_snapshot_preview1;
let memory;
const wrapped = {};
for (const [name, fn] of Object.entries(host)) wrapped[name] = (...a) => fn(...a);
wrapped.fd_prestat_get = (fd, out) => {
  const r = host.fd_prestat_get(fd, out);
  if (r === 0) {
    const v = new DataView(memory.buffer);
    v.setUint32(out + 4, v.getUint32(out + 4, true) + 1, true);
  }
  return r;
};
wrapped.fd_prestat_dir_name = (fd, path, len) => {
  const r = host.fd_prestat_dir_name(fd, path, len - 1);
  if (r === 0) new Uint8Array(memory.buffer)[path + len - 1] = 0;
  return r;
};
imports.wasi_snapshot_preview1 = wrapped;
const { instance } = await WebAssembly.instantiate(readFileSync(module), imports);
memory = instance.exports.memory;
process.exitCode = wasi.start(instance);
