// WASI for engines without their own (browsers, JavaScriptCore): the
// @bjorn3/browser_wasi_shim from npm, set up the way the instrumented module
// expects. The program gets stdin, stdout, stderr, arguments and
// environment; the reserved trace directory is an in-memory directory,
// placed last, that holds trace.wrr (the trace to replay, or the one being
// recorded) and the "recorder" file naming the engine for the trace header.
//
// The import is relative so the same file loads in a browser (the server
// maps /node_modules/@bjorn3/browser_wasi_shim/ to the package) and in jsc,
// which cannot resolve package names.
import {
  ConsoleStdout, File, OpenFile, PreopenDirectory, WASI,
} from '../../node_modules/@bjorn3/browser_wasi_shim/dist/index.js';

import { TRACE_NAME as TRACE, addReplayStubs, isHostReplay, runProgram, wrapWasi } from './wrr-core.mjs';

function ascii(text) {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f);
}

// Runs an instrumented module on the shim.
//   bytes      the module
//   mode       'record', 'replay' or null (run plainly)
//   trace      for replay, the trace's bytes
//   recorder   for record, who records ("chromium 120 wrr-web")
//   args, env  the program's arguments (args[0] is its name) and NAME=VALUE
//   stdin      bytes the program reads from descriptor 0
//   write(fd, bytes)  receives the program's stdout (1) and stderr (2)
//   timeoutMs  stop the program at its first WASI call after this long
//   now()      milliseconds, for the time limit
// Returns { status, how, message, trace }: trace is the recorded bytes.
export async function runOnShim({
  bytes, mode = null, trace = null, recorder = '', args = ['app.wasm'], env = [],
  stdin = new Uint8Array(0), write, timeoutMs = 0, now = () => Date.now(),
}) {
  const traceFile = new File(mode === 'replay' ? trace : new Uint8Array(0));
  const fds = [
    new OpenFile(new File(stdin)),
    new ConsoleStdout((b) => write(1, b)),
    new ConsoleStdout((b) => write(2, b)),
  ];
  const traceDir = new Map([[TRACE, traceFile]]);
  if (mode === 'record') traceDir.set('recorder', new File(ascii(recorder.slice(0, 32))));
  if (mode) fds.push(new PreopenDirectory(`/.wrr/${mode}`, traceDir));
  const wasi = new WASI(args, env, fds, { debug: false });
  const host = wrapWasi(wasi.wasiImport, {
    traceFd: mode ? fds.length - 1 : -1,
    deadline: timeoutMs ? now() + timeoutMs : 0,
    now,
  });
  const module = await WebAssembly.compile(bytes);
  const imports = { wasi_snapshot_preview1: host.imports };
  // A module a host drove replays with no host: the trace answers its
  // other imports (core/host.mjs).
  if (mode === 'replay') addReplayStubs(module, imports);
  const instance = await WebAssembly.instantiate(module, imports);
  host.bind(instance);
  wasi.inst = instance;
  const replayHost = mode === 'replay' && isHostReplay(instance);
  if (!replayHost && !(instance.exports._start instanceof Function))
    throw new Error(instance.exports._initialize instanceof Function
      ? 'the module is a reactor (it exports _initialize, no _start): record it with a host program on node (wrr record --host)'
      : 'the module exports no _start function');
  const result = runProgram({
    instance,
    host,
    mode,
    // The shim's start() catches its own exit exception only; ours passes.
    // A host-driven module's replay drives itself (wrr_replay_host), with
    // no _initialize: the trace holds what it did.
    start: replayHost ? () => instance.exports.wrr_replay_host() : () => instance.exports._start(),
  });
  // The runtime opens and truncates the file by name: read it back by name.
  result.trace = mode === 'record' ? traceDir.get(TRACE)?.data ?? null : null;
  return result;
}

