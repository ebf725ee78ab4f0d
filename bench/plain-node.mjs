// The baseline: a WASI program under plain node:wasi, as a user runs it without wrr.
//   node --no-warnings bench/plain-node.mjs [--dir HOST::GUEST]... app.wasm [ARGS...]
import { readFileSync } from 'node:fs'; import { WASI } from 'node:wasi';
const argv = process.argv.slice(2), preopens = {};
while (argv[0] === '--dir') { const [host, guest] = argv[1].split('::'); preopens[guest ?? host] = host; argv.splice(0, 2); }
const wasi = new WASI({ version: 'preview1', args: argv, env: {}, preopens, returnOnExit: true });
const { instance } = await WebAssembly.instantiate(readFileSync(argv[0]), wasi.getImportObject());
process.exitCode = wasi.start(instance);
