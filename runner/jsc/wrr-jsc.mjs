// The runner in the JavaScriptCore shell (jsc, Debian's
// libjavascriptcoregtk-4.0-bin), on the browser WASI shim:
//
//   jsc -m runner/jsc/wrr-jsc.mjs -- CONFIG.json
//
// CONFIG: { mode, module, trace, traceOut, args, env, stdin, timeoutMs,
// recorder } (paths for module, trace, traceOut and stdin). The jsc shell
// can only print text lines and cannot set its exit status, so this speaks
// a line protocol on stdout that runner/host/engines.mjs decodes:
//   o FD BASE64   the program wrote these bytes to FD (1 or 2)
//   m TEXT        a message from the runner
//   x STATUS      the run ended with this exit status
// A recorded trace is written to traceOut.
import './globals.mjs';
import { runOnShim } from '../core/shim-wasi.mjs';

function base64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const config = JSON.parse(read(arguments[0]));
try {
  const result = await runOnShim({
    bytes: read(config.module, 'binary'),
    mode: config.mode,
    trace: config.trace ? read(config.trace, 'binary') : null,
    recorder: config.recorder ?? '',
    args: config.args,
    env: config.env ?? [],
    stdin: config.stdin ? read(config.stdin, 'binary') : new Uint8Array(0),
    write: (fd, bytes) => print(`o ${fd} ${base64(bytes)}`),
    timeoutMs: config.timeoutMs ?? 0,
  });
  if (result.trace) writeFile(config.traceOut, result.trace);
  if (result.message) print(`m ${result.message}`);
  print(`x ${result.status}`);
} catch (e) {
  print(`m ${e instanceof Error ? e.message : String(e)}`);
  print('x 1');
}
