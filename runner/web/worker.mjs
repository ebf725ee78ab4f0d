// Runs one instrumented module in a worker, so the page stays responsive and
// shows output as it comes. Receives { bytes, mode, trace, recorder, args,
// env, stdin, timeoutMs }; posts { type: 'out', fd, bytes } for each write
// of the program, then { type: 'done', status, how, message, trace }.
import { runOnShim } from '../core/shim-wasi.mjs';

self.onmessage = async ({ data }) => {
  let done;
  try {
    const result = await runOnShim({
      ...data,
      write: (fd, bytes) => self.postMessage({ type: 'out', fd, bytes: bytes.slice() }),
      now: () => performance.now(),
    });
    done = { type: 'done', status: result.status, how: result.how, message: result.message,
             trace: result.trace ? result.trace.slice() : null };
  } catch (e) {
    done = { type: 'done', status: 1, how: 'error', message: e instanceof Error ? e.message : String(e),
             trace: null };
  }
  self.postMessage(done);
};
