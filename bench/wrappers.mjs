// The runner's WASI wrappers alone (docs/performance.md, "The runner's
// wrappers, cold"): wasm calls a wrapped JavaScript fd_read N times, first
// from cold (as a short run's calls mostly are), then warm.
//   node bench/wrappers.mjs [N]     (N cold calls; default 25600)
// Prints ns a call for: no wrapper; the general wrapper (rest array and
// spread) and the named one, each without limits and with a control pipe
// (a stop check that never stops). Each line is its own process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wrapWasi, TRACE_NAME } from '../runner/core/wrr-core.mjs';

// (func (export "run") (param i32) (loop (drop (call $fd_read 0 16 1 32))
//   (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
const MODULE = Uint8Array.from([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 13, 2, 96, 4, 127, 127, 127, 127, 1, 127, 96,
  1, 127, 0, 2, 13, 1, 1, 119, 7, 102, 100, 95, 114, 101, 97, 100, 0, 0, 3, 2,
  1, 1, 7, 7, 1, 3, 114, 117, 110, 0, 1, 10, 27, 1, 25, 0, 3, 64, 65, 0, 65,
  16, 65, 1, 65, 32, 16, 0, 26, 32, 0, 65, 1, 107, 34, 0, 13, 0, 11, 11,
]);

function measure(variant, cold) {
  const host = { fd_read: (fd, iovs, n, out) => 0, path_open: (...args) => 0 };
  let fdRead = host.fd_read;
  if (variant !== 'none') {
    const [kind, limits] = variant.split('/');
    const w = wrapWasi(host, {
      traceFd: 9, declared: kind === 'named',
      stopRequested: limits === 'pipe' ? () => 0 : null,
    });
    // The runtime's trace opened, as in a recording: limits apply from here.
    const memory = new WebAssembly.Memory({ initial: 1 });
    new Uint8Array(memory.buffer).set([...TRACE_NAME].map((c) => c.charCodeAt(0)), 100);
    w.bind({ exports: { memory } });
    w.imports.path_open(9, 0, 100, TRACE_NAME.length, 0, 0n, 0n, 0, 200);
    fdRead = w.imports.fd_read;
  }
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { w: { fd_read: fdRead } });
  const n = cold ? +(process.argv[4] ?? 25600) : 2_000_000;
  if (!cold) exports.run(10_000);
  const t0 = process.hrtime.bigint();
  exports.run(n);
  return Number(process.hrtime.bigint() - t0) / n;
}

if (process.argv[2] === '--one') {
  console.log(measure(process.argv[3], process.argv[5] === 'cold').toFixed(1));
} else {
  const n = process.argv[2] ?? '25600';
  const self = fileURLToPath(import.meta.url);
  for (const variant of ['none', 'general/none', 'general/pipe', 'named/none', 'named/pipe']) {
    const run = (mode) => execFileSync(process.execPath, [self, '--one', variant, n, mode]).toString().trim();
    console.log(`${variant.padEnd(13)} cold ${run('cold').padStart(6)} ns  warm ${run('warm').padStart(5)} ns`);
  }
}
