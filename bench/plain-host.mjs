// Runs a host-driven module WITHOUT wrr, on plain node:wasi, in the shape
// `wrr record --host` gives it: the benchmark's baseline for such modules
// (as plain-node.mjs is for commands), and the host tests' check of their
// programs themselves:
//   node bench/plain-host.mjs MODULE HOST.mjs [--dir HOST::GUEST]... [-- ARGS...]
// HOST's imports(importObject) adds to the WASI import object; the module's
// _initialize runs; HOST's main(instance) gets an object that is an
// instanceof WebAssembly.Instance (RubyVM checks) with the exports.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { WASI } from "node:wasi";

const argv = process.argv.slice(2);
const [modulePath, hostPath] = argv;
const preopens = {};
let args = [modulePath];
for (let i = 2; i < argv.length; ++i) {
  if (argv[i] === "--dir") {
    const [h, g] = argv[++i].split("::");
    preopens[g ?? h] = h;
  } else if (argv[i] === "--") {
    args = args.concat(argv.slice(i + 1));
    break;
  }
}
const wasi = new WASI({ version: "preview1", args, env: {}, preopens, returnOnExit: true });
const importObject = { wasi_snapshot_preview1: wasi.wasiImport };
const host = await import(pathToFileURL(resolve(hostPath)).href);
if (host.imports) await host.imports(importObject);
const module = await WebAssembly.compile(await readFile(modulePath));
const instance = await WebAssembly.instantiate(module, importObject);
wasi.initialize(instance);
const view = Object.create(WebAssembly.Instance.prototype, {
  exports: { value: instance.exports, enumerable: true },
});
await host.main(view);
