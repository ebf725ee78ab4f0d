// Drives wrapWasi as a runtime does at start-up and prints, for each
// wrapper kind (named parameters or not), the calls a pending stop lands
// on: never on the reserved directory's files nor before the trace is
// open (a recording reads `recorder` there first), at the program's first
// call after that.
import { LimitStop, TRACE_NAME, wrapWasi } from '%CORE%';

for (const declared of [true, false]) {
  const mem = new WebAssembly.Memory({ initial: 1 });
  const bytes = new Uint8Array(mem.buffer);
  const put = (at, text) => { for (let i = 0; i < text.length; ++i) bytes[at + i] = text.charCodeAt(i); };
  put(200, 'recorder');
  put(300, TRACE_NAME);
  let next = 10;
  const host = {
    fd_prestat_get: (fd, out) => 0,
    fd_fdstat_get: (fd, out) => 0,
    path_open: (fd, dirflags, path, len, oflags, rights, inheriting, fdflags, out) => {
      new DataView(mem.buffer).setUint32(out, next++, true);
      return 0;
    },
    fd_read: (fd, iovs, n, out) => 0,
    fd_write: (fd, iovs, n, out) => 0,
    fd_pwrite: (fd, iovs, n, offset, out) => 0,
  };
  const w = wrapWasi(host, { traceFd: 3, stopRequested: () => 2, declared });
  w.bind({ exports: { memory: mem } });
  const h = w.imports;
  const steps = [
    ['start-up', () => h.fd_prestat_get(3, 0)],
    ['open recorder', () => h.path_open(3, 0, 200, 8, 0, 0n, 0n, 0, 100)],
    ['read recorder', () => h.fd_read(10, 0, 0, 0)],
    ['stdin fdstat', () => h.fd_fdstat_get(0, 0)],
    ['open trace', () => h.path_open(3, 0, 300, TRACE_NAME.length, 9, 0n, 0n, 1, 100)],
    ['write trace', () => h.fd_pwrite(11, 0, 0, 0n, 0)],
    ['program write 1', () => h.fd_write(1, 0, 0, 0)],
    ['program write 2', () => h.fd_write(1, 0, 0, 0)],
  ];
  const stopped = [];
  for (const [what, call] of steps) {
    try { call(); } catch (e) {
      if (!(e instanceof LimitStop)) throw e;
      stopped.push(what);
    }
  }
  console.log(`${declared ? 'named' : 'general'}: stopped at ${stopped.join(', ')}`);
}
