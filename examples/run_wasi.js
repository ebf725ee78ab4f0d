#!/usr/bin/env node
// Runs one example under Node's WASI (preview1), without recording anything.
//   node examples/run_wasi.js [--dir GUEST=HOST]... [--env NAME=VALUE]... PROG.wasm [ARGS...]
// Exits with the program's exit code (a trap exits 1 with Node's stack trace).
'use strict';
const { WASI } = require('node:wasi');
const fs = require('node:fs');
const path = require('node:path');

const preopens = {};
const env = {};
const argv = process.argv.slice(2);
while (argv.length && argv[0].startsWith('--')) {
  const opt = argv.shift();
  const value = argv.shift();
  const eq = value === undefined ? -1 : value.indexOf('=');
  if (eq < 0 || (opt !== '--dir' && opt !== '--env')) {
    console.error(`usage: run_wasi.js [--dir GUEST=HOST]... [--env NAME=VALUE]... PROG.wasm [ARGS...]`);
    process.exit(2);
  }
  const [key, val] = [value.slice(0, eq), value.slice(eq + 1)];
  if (opt === '--dir') preopens[key] = val;
  else env[key] = val;
}
if (!argv.length) {
  console.error('run_wasi.js: no program given');
  process.exit(2);
}
const [prog, ...args] = argv;
const wasi = new WASI({
  version: 'preview1',
  args: [path.basename(prog, '.wasm'), ...args],
  env,
  preopens,
  returnOnExit: true,
});
WebAssembly.instantiate(fs.readFileSync(prog), wasi.getImportObject())
  .then(({ instance }) => process.exit(wasi.start(instance)));
