// The trace viewer's fetching and parsing, off the page's thread. The
// server (runner/host/serve.mjs) answers with what wrr-trace prints; this
// worker only fetches it and parses JSON (keeping nanoseconds, which pass
// 2^53, as strings). Requests: { seq, op, ...args }; replies: { seq,
// result } or { seq, error }.

// JSON.parse, with integers of 16 digits or more (outside strings) kept as
// strings so that no clock reading is rounded.
export function parseExact(text) {
  let out = '', from = 0, inString = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) ++i; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c >= 48 && c <= 57) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) ++j;
      if (j - i >= 16) {
        out += text.slice(from, i) + '"' + text.slice(i, j) + '"';
        from = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(from ? out + text.slice(from) : text);
}

async function get(url) {
  const res = await fetch(url);
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try { message = (await res.json()).error ?? message; } catch {}
    throw new Error(message);
  }
  return res;
}

const ops = {
  async upload({ name, bytes }) {
    const res = await fetch(`/_trace?name=${encodeURIComponent(name)}`, { method: 'POST', body: bytes });
    if (!res.ok) throw new Error(`upload failed: ${res.status}`);
    return res.json();
  },
  async list() {
    return (await get('/_trace/list')).json();
  },
  async summary({ id }) {
    return parseExact(await (await get(`/_trace/${id}/summary`)).text());
  },
  async events({ id, from, count }) {
    return parseExact(await (await get(`/_trace/${id}/events?from=${from}&count=${count}`)).text());
  },
  // New timeline columns from event `from` (0-based): { head, codes, mono, real }.
  async timeline({ id, from }) {
    const buf = await (await get(`/_trace/${id}/timeline?from=${from}`)).arrayBuffer();
    const bytes = new Uint8Array(buf);
    const nl = bytes.indexOf(10);
    const head = JSON.parse(new TextDecoder().decode(bytes.subarray(0, nl)));
    const n = head.count;
    const codesAt = nl + 1;
    const floats = codesAt + n + ((8 - ((codesAt + n) % 8)) % 8);
    return {
      transfer: [buf],
      value: {
        head,
        codes: new Uint8Array(buf, codesAt, n),
        mono: new Float64Array(buf, floats, n),
        real: new Float64Array(buf, floats + 8 * n, n),
      },
    };
  },
  async search({ id, query }) {
    const params = new URLSearchParams(query);
    const found = await (await get(`/_trace/${id}/search?${params}`)).json();
    const indices = Uint32Array.from(found);
    return { transfer: [indices.buffer], value: indices };
  },
  // The matching events themselves (as `events` gives them).
  async matching({ id, query }) {
    const params = new URLSearchParams({ ...query, events: '1' });
    return parseExact(await (await get(`/_trace/${id}/search?${params}`)).text());
  },
  async diff({ a, b }) {
    return (await get(`/_trace/diff?a=${a}&b=${b}`)).json();
  },
};

self.onmessage = async ({ data }) => {
  const { seq, op } = data;
  try {
    const r = await ops[op](data);
    if (r && r.transfer) self.postMessage({ seq, result: r.value }, r.transfer);
    else self.postMessage({ seq, result: r });
  } catch (e) {
    self.postMessage({ seq, error: e instanceof Error ? e.message : String(e) });
  }
};
