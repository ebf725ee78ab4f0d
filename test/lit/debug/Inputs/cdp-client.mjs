// A minimal Chrome DevTools Protocol client for inspect.test:
//   node cdp-client.mjs OUT CMD [ARGS...]
// runs CMD (a `wrr replay --inspect-brk ...`), its stdout to OUT, finds the
// inspector's address in its stderr, attaches over the WebSocket, and
// resumes every pause. For each pause it prints "paused REASON" and, with
// "wasm" when a WebAssembly frame is on the stack; at the end "exit STATUS".
// Its own failures exit 2. `ws` comes with puppeteer-core (package.json).
// With --wasm-frames first, it also prints, for each WebAssembly frame of
// a pause, "frame FUNCTION OFFSET CODE" (hex): the frame's byte offset in
// the module and the module's code-section offset, as V8 reports them.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import WebSocket from 'ws';

const argv = process.argv.slice(2);
const wasmFrames = argv[0] === '--wasm-frames';
if (wasmFrames) argv.shift();
const [out, cmd, ...args] = argv;
const child = spawn(cmd, args, { stdio: ['ignore', openSync(out, 'w'), 'pipe'] });
const fail = (why) => { console.error(`cdp-client: ${why}`); child.kill(); process.exit(2); };
setTimeout(() => fail('no end within 60 s'), 60000).unref();

let stderr = '';
let ws = null;
child.stderr.on('data', (d) => {
  process.stderr.write(d);
  stderr += d;
  const m = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(stderr);
  if (m && !ws) attach(m[1]);
  // Node keeps a finished process alive while a debugger is attached.
  if (ws && /Waiting for the debugger to disconnect/.test(stderr)) ws.close();
});
// 'close', not 'exit': 'exit' can come before the last of the child's
// stderr has been read, and that line (wrr's own) would be lost.
child.on('close', (code) => { console.log(`exit ${code}`); process.exit(0); });

function attach(url) {
  ws = new WebSocket(url);
  let id = 0;
  const send = (method, params = {}) => ws.send(JSON.stringify({ id: ++id, method, params }));
  ws.on('error', (e) => fail(`websocket: ${e.message}`));
  ws.on('open', () => {
    send('Runtime.enable');
    send('Debugger.enable');
    send('Runtime.runIfWaitingForDebugger');
  });
  const language = new Map(); // scriptId -> JavaScript or WebAssembly
  const codeOffset = new Map(); // scriptId -> the code section's offset
  ws.on('message', (data) => {
    const msg = JSON.parse(data);
    if (msg.method === 'Debugger.scriptParsed') {
      language.set(msg.params.scriptId, msg.params.scriptLanguage);
      codeOffset.set(msg.params.scriptId, msg.params.codeOffset);
    }
    if (msg.method !== 'Debugger.paused') return;
    const wasm = msg.params.callFrames.some((f) => language.get(f.location.scriptId) === 'WebAssembly');
    console.log(`paused ${msg.params.reason}${wasm ? ' wasm' : ''}`);
    const hex = (n) => `0x${n.toString(16)}`;
    for (const f of wasmFrames ? msg.params.callFrames : []) {
      const { scriptId, lineNumber, columnNumber } = f.location;
      if (language.get(scriptId) !== 'WebAssembly') continue;
      // V8 puts a wasm script on one line: the column is the module offset.
      if (lineNumber !== 0) fail(`wasm frame on line ${lineNumber}`);
      console.log(`frame ${f.functionName || '?'} ${hex(columnNumber)} ${hex(codeOffset.get(scriptId))}`);
    }
    send('Debugger.resume');
  });
}
