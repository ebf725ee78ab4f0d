// What the viewer reads from an event as `wrr-trace dump --json --raw`
// prints it, beyond what `wrr-trace search` answers (searches, paths
// included, are the server's `wrr-trace search`): the bytes an fd_write
// wrote (the output pane's links) and the bytes of what a call sent (the
// event's detail). Nothing here decodes a trace; it reads the project's
// JSON.
//
// A format 3 trace's dump gives each call's scalar arguments ("args") and
// what it sent ("sent"): bytes as text (a string, as results are) or as
// {"text": ...}, bytes that are not UTF-8 as {"hex": ...}, iovec lengths as
// a list of numbers. A format 2 trace has neither.

const encoder = new TextEncoder();

export function fromHex(hex) {
  if (typeof hex !== 'string' || hex.length % 2 || !/^[0-9a-f]*$/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; ++i) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

// A sent item's bytes: a string or {"text": s} -> its UTF-8, {"hex": h}
// (bytes that are not UTF-8) -> those bytes; anything else (a list of
// lengths) -> null.
export function bytesOf(value) {
  if (typeof value === 'string') return encoder.encode(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (typeof value.text === 'string') return encoder.encode(value.text);
    if (typeof value.hex === 'string') return fromHex(value.hex);
  }
  return null;
}

// Whether the event carries what the program sent (a format 3 call).
export function holdsSent(e) {
  return 'args' in e || 'sent' in e;
}

// [name, bytes] of the byte items the program sent.
export function sentItems(e) {
  const out = [];
  for (const [name, value] of Object.entries(e.sent ?? {})) {
    const bytes = bytesOf(value);
    if (bytes) out.push([name, bytes]);
  }
  return out;
}

// The written bytes of an fd_write (or fd_pwrite) event of a version 3
// trace: its "data" item, or its one byte item. null when the trace does
// not hold them.
export function writtenBytes(e) {
  const items = sentItems(e);
  const data = items.find(([name]) => name === 'data') ?? (items.length === 1 ? items[0] : null);
  return data ? data[1] : null;
}

// Links the output a replay shows to the events that wrote it. `writes`
// are the trace's successful fd_write events in order. Returns a function
// (fd, bytes) -> event number or null, called for each piece of output in
// order (the page sees one piece per iovec).
//
// Where the trace holds the written bytes (version 3), a piece links to the
// next write on that descriptor whose bytes continue with it: the link is
// by content, and output the trace does not hold (replay --extra-output)
// links to nothing. A trace keeps only the first bytes of a long write
// (docs/trace-format.md): past them, a piece takes the write's length. A version 2 trace keeps neither descriptor nor bytes:
// pieces are matched in order by length against nwritten (a write to a
// file of the right length can take the link).
export function outputLinker(writes) {
  if (writes.some(holdsSent)) return linkByContent(writes);
  return linkByLength(writes);
}

function linkByContent(writes) {
  const queues = new Map(); // fd -> [{ index, data }]
  for (const e of writes) {
    const fd = e.args?.fd;
    const data = writtenBytes(e);
    if (fd === undefined || !data || !data.length) continue;
    if (!queues.has(fd)) queues.set(fd, []);
    const length = Math.max(e.results?.nwritten ?? 0, data.length);
    queues.get(fd).push({ index: e.index, data, length });
  }
  const at = new Map(); // fd -> { next (queue position), off (bytes used of it) }
  return (fd, bytes) => {
    const queue = queues.get(fd);
    if (!queue || !bytes.length) return null;
    const cur = at.get(fd) ?? { next: 0, off: 0 };
    at.set(fd, cur);
    const fits = (w, off) => off + bytes.length <= w.length &&
      bytes.every((b, k) => off + k >= w.data.length || w.data[off + k] === b);
    // The write under way, else the next one that begins with these bytes.
    for (let i = cur.next; i < queue.length; ++i) {
      const off = i === cur.next ? cur.off : 0;
      if (!fits(queue[i], off)) continue;
      cur.next = i;
      cur.off = off + bytes.length;
      if (cur.off === queue[i].length) {
        cur.next = i + 1;
        cur.off = 0;
      }
      return queue[i].index;
    }
    return null;
  };
}

function linkByLength(writes) {
  const list = writes.filter((e) => e.results?.nwritten > 0);
  let next = 0, current = null, left = 0;
  return (fd, bytes) => {
    const length = bytes.length;
    if (current && left >= length) {
      left -= length;
      return current.index;
    }
    while (next < list.length) {
      const e = list[next++];
      if (e.results.nwritten >= length) {
        current = e;
        left = e.results.nwritten - length;
        return e.index;
      }
    }
    current = null;
    return null;
  };
}

// A list row: the event in one line.
function short(value) {
  if (typeof value === 'string') {
    const s = JSON.stringify(value);
    return s.length > 42 ? s.slice(0, 40) + '…"' : s;
  }
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (value && typeof value === 'object') return '{' + Object.entries(value).map(([k, x]) => `${k}=${short(x)}`).join(' ') + '}';
  return String(value);
}

export function rowText(e) {
  let s = `#${e.index} ${e.event}`;
  if (e.event === 'memory.grow') return `${s}(${e.pages} pages) -> ${e.failed ? 'failed' : 'ok'}`;
  if (e.in_call) return `${s} inside ${e.in_call}`;
  // A host-driven module's events: the function, its values, the memory.
  if (e.values) {
    const values = e.values.map((v) => Object.entries(v).map(([t, x]) => `${t} ${x}`).join('')).join(', ');
    const fn = e.export ?? (e.import !== undefined ? `${e.module}.${e.import}` : '');
    return fn ? `${s} ${fn}(${values})` : `${s} (${values})`;
  }
  if ('address' in e) return `${s} at ${e.address}  ${short(e.data)}`;
  const time = e.results?.time;
  if (time?.clock) s += `(${time.clock})`;
  if ('errno' in e) s += ` -> ${e.error ?? e.errno}`;
  if (e.results) {
    const parts = Object.entries(e.results).map(([k, x]) =>
      k === 'time' && x.clock ? `${x.ns} ns` : `${k}=${short(x)}`);
    s += '  ' + parts.join(' ');
  }
  return s;
}
