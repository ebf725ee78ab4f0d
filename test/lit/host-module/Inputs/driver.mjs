// A minimal host for reactor.wat on node:wasi (the real one is wrr-run's
// --host): `record` drives the module as a host program would, `replay`
// gives it no host at all and lets it replay itself (wrr_replay_host),
// `replay-call` calls an export during replay (which the module refuses),
// `bundle` runs a --embed-trace bundle's _start with WASI only.
//   node driver.mjs MODE module.wasm DIR
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [mode, path, dir] = process.argv.slice(2);
const channel = mode === 'record' ? 'record' : 'replay';
const wasi = new WASI({
  version: 'preview1', args: [], env: {}, returnOnExit: false,
  preopens: mode === 'bundle' ? {} : { [`/.wrr/${channel}`]: dir },
});
let x;
const bytes = () => new Uint8Array(x.memory.buffer);
// The host writes memory, then tells the module (a runner diffs memory).
function put(addr, text) {
  const b = new TextEncoder().encode(text);
  bytes().set(b, addr);
  x.wrr_host_write(addr, b.length);
  return b.length;
}
const imports = { wasi_snapshot_preview1: wasi.wasiImport };
if (mode === 'record') {
  imports.env = {
    host_value(n) {
      const sum = x.add(n, 100); // a call back into the module
      put(1024, 'from host\n');
      return BigInt(sum) * 1000n;
    },
    host_scale: (v) => v * 2,
  };
} else if (mode !== 'bundle') {
  const stub = () => { throw new Error('no host during replay'); };
  imports.env = { host_value: stub, host_scale: stub };
}
const { instance } = await WebAssembly.instantiate(readFileSync(path), imports);
x = instance.exports;
if (mode === 'bundle') {
  wasi.start(instance);
} else if (mode === 'record') {
  wasi.initialize(instance); // _initialize, through its wrapper
  const p = x.alloc(32);
  const r = x.execute(p, put(p, 'hello world\n'));
  process.stderr.write(`execute returned ${r}, scale ${x.scale(1.25)}\n`);
  x.wrr_host_returned();
} else {
  // WASI gets the memory without _initialize: the trace re-enacts it.
  wasi.initialize({ exports: { memory: x.memory } });
  if (mode === 'replay-call') x.add(1, 2);
  x.wrr_replay_host();
}
