#!/usr/bin/env node
// The tiny runner on Node's built-in WASI (node:wasi). Everything
// deterministic lives in the module; this only grants the directories,
// environment and arguments asked for, hands over the trace directory (as
// the last preopen, under the reserved guest path), and lets the module end
// its trace if the program traps or is stopped (runner/core/wrr-core.mjs).
//
//   node wrr-run.mjs [--record DIR | --replay DIR] [--dir HOST[::GUEST]]...
//                    [--env NAME[=VALUE]]... [--timeout SECONDS]
//                    [--stdout FD] [--stderr FD] [--argv0 NAME] app.wasm [ARGS...]
//
// The program's argv[0] is the module's path unless --argv0 names it.
// --stdout/--stderr give the program other descriptors for its output (the
// runner's own messages stay on stderr), so a caller can tell them apart.
// Exit status: the program's; 134 when it traps; 124 when --timeout stops
// it; 2 for a usage error.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';
import vm from 'node:vm';

import { LimitStop, runProgram, wrapWasi } from '../core/wrr-core.mjs';

// Past the deadline the program is stopped at its next WASI call; one that
// makes none is interrupted wherever it is this much later.
const HARD_STOP_GRACE_MS = 1000;

function usage(message) {
  process.stderr.write(`wrr-run: error: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { mode: null, traceDir: null, dirs: [], env: {}, timeout: 0,
                 stdout: 1, stderr: 2, argv0: null, module: null, args: [] };
  let i = 0;
  for (; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    const fd = () => {
      const v = value();
      if (!/^\d+$/.test(v)) usage(`${a} needs a descriptor number, not '${v}'`);
      return Number(v);
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
    } else if (a === '--timeout') {
      const v = value();
      opts.timeout = Number(v);
      if (!(opts.timeout > 0)) usage(`--timeout needs a positive number of seconds, not '${v}'`);
    } else if (a === '--argv0') {
      opts.argv0 = value();
    } else if (a === '--stdout') {
      opts.stdout = fd();
    } else if (a === '--stderr') {
      opts.stderr = fd();
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

function checkDirectories(dirs) {
  for (const dir of dirs) {
    let isDir = false;
    try { isDir = statSync(dir).isDirectory(); } catch {}
    if (!isDir) usage(`'${dir}' is not a directory`);
  }
}

// With a time limit, _start runs inside a vm script whose timeout
// interrupts wasm that makes no WASI calls; the instance stays usable, so
// the trace can still be ended.
function startWithLimit(wasi, instance, timeoutMs) {
  if (!timeoutMs) return () => wasi.start(instance);
  return () => vm.runInNewContext('start()', { start: () => wasi.start(instance) },
                                  { timeout: timeoutMs + HARD_STOP_GRACE_MS });
}

function vmTimeout(e) {
  return e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? new LimitStop('timeout') : null;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const preopens = {};
  for (const [guest, host] of opts.dirs) preopens[guest] = host;
  checkDirectories([...opts.dirs.map(([, host]) => host), opts.traceDir].filter(Boolean));
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
    args: [opts.argv0 ?? opts.module, ...opts.args],
    env: opts.env,
    preopens,
    stdout: opts.stdout,
    stderr: opts.stderr,
    returnOnExit: true,
  });
  const imports = wasi.getImportObject();
  const timeoutMs = opts.timeout * 1000;
  // node:wasi numbers preopens from 3 in the order given.
  const host = wrapWasi(imports.wasi_snapshot_preview1, {
    traceFd: opts.mode ? 3 + opts.dirs.length : -1,
    deadline: timeoutMs ? Date.now() + timeoutMs : 0,
  });
  imports.wasi_snapshot_preview1 = host.imports;
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiate(bytes, imports));
  } catch (e) {
    usage(`cannot instantiate '${opts.module}': ${e.message}`);
  }
  host.bind(instance);
  const result = runProgram({
    instance,
    host,
    start: startWithLimit(wasi, instance, timeoutMs),
    mode: opts.mode,
    stopped: vmTimeout,
  });
  if (result.how === 'timeout')
    result.message += ` (${opts.timeout} s)`;
  if (result.message)
    process.stderr.write(`wrr-run: ${result.message}\n`);
  return result.status;
}

process.exitCode = await main();
