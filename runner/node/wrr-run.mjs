#!/usr/bin/env node
// The tiny runner: hosts an instrumented module on Node's built-in WASI.
// Everything deterministic lives in the module; this only grants the
// directories, environment and arguments asked for, hands over the trace
// directory (as the last preopen, under the reserved guest path), and ends
// the trace if the program traps.
//
//   node wrr-run.mjs [--record DIR | --replay DIR] [--dir HOST[::GUEST]]...
//                    [--env NAME=VALUE]... app.wasm [ARGS...]
//
// Exit status: the program's; 134 when it traps; 2 for a usage error.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';

const EXIT_TRAP = 134;

class ProcExit {
  constructor(code) { this.code = code; }
}

function usage(message) {
  process.stderr.write(`wrr-run: error: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { mode: null, traceDir: null, dirs: [], env: {}, module: null, args: [] };
  let i = 0;
  for (; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--record' || a === '--replay') {
      if (opts.mode) usage('give only one of --record and --replay');
      opts.mode = a.slice(2);
      opts.traceDir = value();
    } else if (a === '--dir') {
      const [host, guest] = value().split('::');
      opts.dirs.push([guest ?? host, host]);
    } else if (a === '--env') {
      const v = value();
      const eq = v.indexOf('=');
      if (eq < 0) opts.env[v] = process.env[v] ?? '';
      else opts.env[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (a === '--') {
      ++i;
      break;
    } else if (a.startsWith('-')) {
      usage(`unknown option ${a}`);
    } else {
      break;
    }
  }
  if (i >= argv.length) usage('no module given');
  opts.module = argv[i];
  opts.args = argv.slice(i + 1);
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const preopens = {};
  for (const [guest, host] of opts.dirs) preopens[guest] = host;
  for (const dir of [...opts.dirs.map(([, host]) => host), opts.traceDir].filter(Boolean)) {
    let isDir = false;
    try { isDir = statSync(dir).isDirectory(); } catch {}
    if (!isDir) usage(`'${dir}' is not a directory`);
  }
  // Reserved, and last: the program counts preopens up to the first gap.
  if (opts.mode) preopens[`/.wrr/${opts.mode}`] = opts.traceDir;
  // The trace header says who recorded it.
  if (opts.mode === 'record')
    writeFileSync(`${opts.traceDir}/recorder`, `node ${process.versions.node} wrr-run`.slice(0, 32));
  let bytes;
  try {
    bytes = readFileSync(opts.module);
  } catch (e) {
    usage(`cannot read '${opts.module}': ${e.code ?? e.message}`);
  }
  const wasi = new WASI({
    version: 'preview1',
    args: [opts.module, ...opts.args],
    env: opts.env,
    preopens,
    returnOnExit: true,
  });
  const imports = wasi.getImportObject();
  const host = imports.wasi_snapshot_preview1;
  // Node 20's node:wasi "fast calls" keep a pointer to memory from before a
  // memory.grow and then read or write freed memory (nodejs/node#53087; seen
  // here as a segfault). A plain JS wrapper takes the slow path, which looks
  // the memory up on every call.
  for (const name of Object.keys(host)) {
    const fn = host[name];
    host[name] = (...args) => fn(...args);
  }
  host.proc_exit = (code) => { throw new ProcExit(code); };
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiate(bytes, imports));
  } catch (e) {
    usage(`cannot instantiate '${opts.module}': ${e.message}`);
  }
  const run = (fn) => {
    try {
      fn();
      return 0;
    } catch (e) {
      if (e instanceof ProcExit) return e.code;
      throw e;
    }
  };
  try {
    return run(() => wasi.start(instance));
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    process.stderr.write(`wrr-run: the program trapped: ${e.message}\n`);
    // Save what the log buffer still holds, or, in replay, check that the
    // recording ended the same way.
    const trapped = instance.exports.wrr_trapped;
    if (trapped) {
      const code = run(trapped);
      if (code) return code;
    }
    return EXIT_TRAP;
  }
}

process.exitCode = await main();
