// The trace viewer: summary, timeline, event list, detail, search and the
// comparison of two traces. The page decodes nothing itself: the server
// (runner/host/serve.mjs) runs wrr-trace and a worker (viewer-worker.mjs)
// fetches its answers. The list is virtual (a few dozen rows in the DOM
// whatever the trace's length) and asks for pages of events as they come
// into view; the timeline draws typed arrays of every event's function and
// the clock readings so far on a canvas.

const $ = (id) => document.getElementById(id);
const ROW_H = 20;
const PAGE = 200;
const MAX_PAGES = 200;          // pages of events kept
const MAX_SCROLL_PX = 8_000_000; // browsers cap an element's height (Firefox near 17.9M px)

// Kinds on the timeline, one lane each, and their colours.
export const KINDS = [
  ['clocks', '#3b82f6'], ['random', '#a855f7'], ['input', '#22c55e'], ['output', '#f59e0b'],
  ['files', '#14b8a6'], ['memory', '#ec4899'], ['exit/trap', '#ef4444'], ['other', '#94a3b8'],
];
const KIND = Object.fromEntries(KINDS.map(([k], i) => [k, i]));

export function kindOf(name) {
  if (name.startsWith('clock_') || name === 'poll_oneoff' || name === 'sched_yield') return KIND.clocks;
  if (name === 'random_get') return KIND.random;
  if (['fd_read', 'fd_pread', 'sock_recv', 'args_get', 'args_sizes_get', 'environ_get',
       'environ_sizes_get'].includes(name)) return KIND.input;
  if (['fd_write', 'fd_pwrite', 'sock_send'].includes(name)) return KIND.output;
  if (name.startsWith('fd_') || name.startsWith('path_') || name.startsWith('sock_')) return KIND.files;
  if (name === 'memory.grow') return KIND.memory;
  if (['proc_exit', 'proc_raise', 'proc_raise result', '_start returned', 'trap',
       'stopped by a limit'].includes(name)) return KIND['exit/trap'];
  return KIND.other;
}

// ---- The worker ------------------------------------------------------------

const worker = new Worker(new URL('viewer-worker.mjs', import.meta.url), { type: 'module' });
const pending = new Map();
let seq = 0;
worker.onmessage = ({ data }) => {
  const p = pending.get(data.seq);
  pending.delete(data.seq);
  if (data.error !== undefined) p.fail(new Error(data.error));
  else p.done(data.result);
};
function ask(op, args = {}, transfer = []) {
  return new Promise((done, fail) => {
    pending.set(++seq, { done, fail });
    worker.postMessage({ seq, op, ...args }, transfer);
  });
}

// ---- State -----------------------------------------------------------------

const v = {
  id: null, name: '', summary: null, error: null,
  count: 0, done: false, names: [], readings: { monotonic: 0, realtime: 0 },
  codes: new Uint8Array(0), kinds: new Uint8Array(0), xs: new Float64Array(0),
  mono: new Float64Array(0), real: new Float64Array(0),
  axis: 'index', x0: 0, x1: 1, zoomed: false,
  filter: null, selected: 0,
  pages: new Map(), asked: new Set(),
  other: null, // the second trace { id, name }
  generation: 0,
  timings: {},
};

function setNote(text) {
  $('v-note').textContent = text;
}

function grow(array, need) {
  if (need <= array.length) return array;
  const bigger = new array.constructor(Math.max(need, array.length * 2, 1024));
  bigger.set(array);
  return bigger;
}

// ---- Loading ---------------------------------------------------------------

export async function openFile(file) {
  const bytes = await file.arrayBuffer();
  const { id, name } = await ask('upload', { name: file.name, bytes }, [bytes]);
  await open(id, name);
}

export async function openSecondFile(file) {
  if (!v.id) throw new Error('load a trace first');
  const bytes = await file.arrayBuffer();
  const { id, name } = await ask('upload', { name: file.name, bytes }, [bytes]);
  v.other = { id, name };
  await showDiff();
}

// Opens a trace the server holds (uploaded, or named by `wrr-trace view`).
export async function open(id, name) {
  const gen = ++v.generation;
  const t0 = performance.now();
  Object.assign(v, {
    id, name, summary: null, error: null, count: 0, done: false, names: [], filter: null,
    selected: 0, pages: new Map(), asked: new Set(), axis: 'index', zoomed: false, other: null,
    timings: { start: t0 },
  });
  $('viewer').hidden = false;
  $('v-title').textContent = name;
  $('v-summary').textContent = 'Reading the trace…';
  $('v-diff').hidden = true;
  $('v-diff').textContent = '';
  $('v-detail').textContent = 'Choose an event.';
  document.body.dataset.viewer = 'loading';
  setNote('');
  ask('summary', { id }).then((s) => {
    if (gen !== v.generation) return;
    v.summary = s;
    v.timings.summary = performance.now() - t0;
    showSummary();
    chooseAxis();
    drawTimeline();
  }, (e) => {
    if (gen !== v.generation) return;
    v.error = e.message;
    $('v-summary').textContent = e.message;
    $('v-summary').classList.add('error');
    document.body.dataset.viewer = 'error';
  });
  $('v-summary').classList.remove('error');
  await pollTimeline(gen);
}

// Fetches what the server has indexed since last time, until it is done.
async function pollTimeline(gen) {
  for (;;) {
    const t = await ask('timeline', { id: v.id, from: v.count });
    if (gen !== v.generation) return;
    const { head } = t;
    const n = v.count + head.count;
    v.codes = grow(v.codes, n);
    v.mono = grow(v.mono, n);
    v.real = grow(v.real, n);
    v.kinds = grow(v.kinds, n);
    v.codes.set(t.codes, v.count);
    v.mono.set(t.mono, v.count);
    v.real.set(t.real, v.count);
    v.names = head.names;
    v.readings = head.readings;
    const kindOfCode = v.names.map(kindOf);
    for (let i = v.count; i < n; ++i) v.kinds[i] = kindOfCode[v.codes[i]];
    const first = v.count === 0 && n > 0;
    v.count = n;
    v.done = head.done;
    if (head.error) v.error = head.error;
    chooseAxis();
    renderList();
    drawTimeline();
    if (first) {
      v.timings.firstRows = performance.now() - v.timings.start;
      select(1, false);
    }
    setNote(v.error ? `The trace is bad after event #${v.count}: ${v.error}`
                    : v.done ? '' : `Reading… ${v.count.toLocaleString('en')} events so far`);
    if (v.done) {
      v.timings.indexed = performance.now() - v.timings.start;
      if (!v.summary && !v.error) await new Promise((r) => setTimeout(r, 50));
      document.body.dataset.viewer = v.error ? 'error' : 'ready';
      fillFunctions();
      return;
    }
    await new Promise((r) => setTimeout(r, head.count ? 100 : 200));
  }
}

// ---- Summary ---------------------------------------------------------------

function seconds(ns) {
  return ns === undefined ? 'unknown' : (Number(BigInt(ns)) / 1e9).toFixed(9) + ' s';
}

function showSummary() {
  const s = v.summary;
  const box = $('v-summary');
  box.textContent = '';
  const dl = document.createElement('dl');
  const item = (key, value, id) => {
    const dt = document.createElement('dt');
    dt.textContent = key;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (id) dd.id = id;
    dl.append(dt, dd);
  };
  item('module', s.module, 's-module');
  item('recorded', `${s.recorded}${s.recorder ? ' by ' + s.recorder : ''}${s.instrumenter ? ', wrr ' + s.instrumenter : ''}`);
  item('format', `version ${s.version}, ${s.blocks} block${s.blocks === 1 ? '' : 's'}, ${s.form}, ends with ${s.endsWith}`);
  item('events', `${s.events} in ${s.eventBytes} bytes`, 's-events');
  item('run length', s.runLengthNs ? `at least ${seconds(s.runLengthNs)}` : 'unknown', 's-run');
  item('memory', s.memoryGrows ? `${s.memoryGrows} grows, ${s.pagesGranted} pages granted, ${s.memoryRefused} refused`
                               : 'never grown after start-up');
  const table = document.createElement('table');
  table.id = 's-functions';
  table.innerHTML = '<thead><tr><th>event</th><th>count</th><th>errors</th><th>bytes</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const f of s.functions) {
    const tr = document.createElement('tr');
    tr.dataset.name = f.name;
    for (const cell of [f.name, f.count, f.errors, f.bytes]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    const sw = document.createElement('i');
    sw.className = 'swatch';
    sw.style.background = KINDS[kindOf(f.name)][1];
    tr.firstChild.prepend(sw);
    tr.addEventListener('click', () => {
      $('q-function').value = f.name;
      search();
    });
    body.append(tr);
  }
  table.append(body);
  box.append(dl, table);
}

function fillFunctions() {
  const sel = $('q-function');
  const keep = sel.value;
  sel.textContent = '';
  const any = document.createElement('option');
  any.value = '';
  any.textContent = 'any function';
  sel.append(any);
  for (const name of [...v.names].sort()) {
    const o = document.createElement('option');
    o.value = o.textContent = name;
    sel.append(o);
  }
  sel.value = keep;
}

// ---- The list --------------------------------------------------------------

function rows() {
  return v.filter ? v.filter.length : v.count;
}

function eventAt(row) {
  return v.filter ? v.filter[row] : row + 1;
}

function cached(index) {
  const page = v.pages.get(Math.floor((index - 1) / PAGE));
  if (!page) return null;
  // Most recently used last.
  return page[index - 1 - Math.floor((index - 1) / PAGE) * PAGE] ?? null;
}

function need(index) {
  const p = Math.floor((index - 1) / PAGE);
  if (v.pages.has(p) || v.asked.has(p)) return;
  v.asked.add(p);
  const gen = v.generation;
  ask('events', { id: v.id, from: p * PAGE + 1, count: PAGE }).then((events) => {
    if (gen !== v.generation) return;
    v.asked.delete(p);
    v.pages.set(p, events);
    if (v.pages.size > MAX_PAGES) v.pages.delete(v.pages.keys().next().value);
    renderList();
    if (v.selected && Math.floor((v.selected - 1) / PAGE) === p) showDetail();
  }, () => v.asked.delete(p));
}

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

let rowPool = [];

function listGeometry() {
  const box = $('v-list');
  const n = rows();
  const full = n * ROW_H;
  const spacer = Math.min(full, MAX_SCROLL_PX);
  const viewH = box.clientHeight || 400;
  const visible = Math.ceil(viewH / ROW_H) + 1;
  const scrollable = Math.max(spacer - viewH, 0);
  const lastFirst = Math.max(n - viewH / ROW_H, 0);
  return { box, n, spacer, viewH, visible, scrollable, lastFirst };
}

export function renderList() {
  const g = listGeometry();
  $('v-spacer').style.height = `${g.spacer}px`;
  $('v-count').textContent = v.filter
    ? `${g.n.toLocaleString('en')} of ${v.count.toLocaleString('en')} events match`
    : `${g.n.toLocaleString('en')} events${v.done ? '' : ' so far'}`;
  $('v-count').dataset.rows = g.n;
  const firstF = g.scrollable > 0 ? (g.box.scrollTop / g.scrollable) * g.lastFirst : 0;
  const first = Math.floor(firstF);
  const shift = -(firstF - first) * ROW_H;
  const holder = $('v-rows');
  while (rowPool.length < g.visible) {
    const div = document.createElement('div');
    div.className = 'row';
    div.addEventListener('click', () => select(Number(div.dataset.index), false));
    holder.append(div);
    rowPool.push(div);
  }
  for (let k = 0; k < rowPool.length; ++k) {
    const div = rowPool[k];
    const row = first + k;
    if (k >= g.visible || row >= g.n) {
      div.hidden = true;
      continue;
    }
    const index = eventAt(row);
    div.hidden = false;
    div.style.transform = `translateY(${shift + k * ROW_H}px)`;
    div.dataset.index = index;
    div.classList.toggle('selected', index === v.selected);
    const e = cached(index);
    if (!e) need(index);
    const name = e ? e.event : v.names[v.codes[index - 1]] ?? '';
    div.style.borderLeftColor = KINDS[kindOf(name)][1];
    div.textContent = e ? rowText(e) : `#${index} ${name} …`;
  }
}

// Scrolls so that event `index` is in view and selects it.
export function select(index, scroll = true) {
  if (!(index >= 1 && index <= v.count)) return false;
  v.selected = index;
  if (scroll) {
    let row = index - 1;
    if (v.filter) {
      row = lowerBound(v.filter, index);
      if (row >= v.filter.length || v.filter[row] !== index) {
        clearFilter(false);
        row = index - 1;
      }
    }
    const g = listGeometry();
    const target = Math.max(row - 3, 0);
    g.box.scrollTop = g.lastFirst > 0 ? (target / g.lastFirst) * g.scrollable : 0;
  }
  renderList();
  drawTimeline();
  showDetail();
  return true;
}

function lowerBound(array, x) {
  let lo = 0, hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---- Detail ----------------------------------------------------------------

function hexDump(hex) {
  const lines = [];
  const bytes = hex.length / 2;
  const shown = Math.min(bytes, 4096);
  for (let at = 0; at < shown; at += 16) {
    const chunk = hex.slice(at * 2, Math.min(at + 16, shown) * 2);
    const pairs = chunk.match(/../g) ?? [];
    const text = pairs.map((p) => {
      const c = parseInt(p, 16);
      return c >= 32 && c < 127 ? String.fromCharCode(c) : '.';
    }).join('');
    lines.push(`${at.toString(16).padStart(6, '0')}  ${pairs.join(' ').padEnd(47)}  ${text}`);
  }
  if (shown < bytes) lines.push(`… ${bytes - shown} more bytes`);
  return lines.join('\n');
}

function asText(hex) {
  const bytes = new Uint8Array((hex.match(/../g) ?? []).map((p) => parseInt(p, 16)));
  return new TextDecoder().decode(bytes);
}

function showDetail() {
  const box = $('v-detail');
  const e = cached(v.selected);
  if (!e) {
    need(v.selected);
    box.textContent = `#${v.selected} …`;
    return;
  }
  box.textContent = '';
  const h = document.createElement('h3');
  h.textContent = `Event #${e.index}: ${e.event}`;
  const pre = document.createElement('pre');
  pre.className = 'json';
  const { raw, ...decoded } = e;
  pre.textContent = JSON.stringify(decoded, null, 2);
  box.append(h, pre);
  for (const [name, hex] of Object.entries(raw ?? {})) {
    const sec = document.createElement('section');
    sec.className = 'region';
    const title = document.createElement('h4');
    title.textContent = `${name}: ${hex.length / 2} bytes`;
    sec.append(title);
    // Text for what the program reads as text (the decoded result is a
    // string, or a list of them); bytes in hex for everything.
    const r = e.results?.[name];
    if (typeof r === 'string' || (Array.isArray(r) && r.every((x) => typeof x === 'string'))) {
      const text = document.createElement('pre');
      text.className = 'text';
      text.textContent = asText(hex);
      sec.append(text);
    }
    const dump = document.createElement('pre');
    dump.className = 'hex';
    dump.textContent = hexDump(hex);
    sec.append(dump);
    box.append(sec);
  }
}

// ---- Search ----------------------------------------------------------------

export async function search() {
  const query = {};
  if ($('q-function').value) query.function = $('q-function').value;
  if ($('q-fd').value.trim()) query.fd = $('q-fd').value.trim();
  if ($('q-text').value) query.text = $('q-text').value;
  if ($('q-errors').checked) query.errors = '1';
  if (!Object.keys(query).length) return clearFilter();
  setNote('Searching…');
  try {
    v.filter = await ask('search', { id: v.id, query });
    setNote(v.filter.length ? '' : 'No event matches.');
  } catch (e) {
    setNote(e.message);
    return;
  }
  $('v-list').scrollTop = 0;
  renderList();
  drawTimeline();
}

function clearFilter(render = true) {
  v.filter = null;
  setNote('');
  if (render) {
    renderList();
    drawTimeline();
  }
}

// ---- Timeline --------------------------------------------------------------

function chooseAxis() {
  const r = v.readings;
  const axis = r.monotonic || r.realtime ? (r.monotonic >= r.realtime ? 'monotonic' : 'realtime') : 'index';
  const wanted = $('v-axis').value === 'index' ? 'index' : axis;
  if (wanted !== v.axis || v.xs.length < v.count) {
    v.axis = wanted;
    if (!v.zoomed) v.x0 = 0;
  }
  v.xs = grow(v.xs, v.count);
  const start = v.summary ? Number(BigInt(v.summary.startNs)) : 0;
  for (let i = 0; i < v.count; ++i) {
    let x = i + 1;
    if (v.axis === 'monotonic') x = v.mono[i];
    else if (v.axis === 'realtime') x = v.real[i] - start;
    v.xs[i] = Number.isFinite(x) ? Math.max(x, 0) : 0;
  }
  if (!v.zoomed) {
    v.x0 = v.axis === 'index' ? 1 : 0;
    v.x1 = Math.max(v.count ? v.xs[v.count - 1] : 1, v.x0 + 1);
  }
}

function label(x) {
  if (v.axis === 'index') return `#${Math.round(x)}`;
  return `${(x / 1e9).toFixed(x < 1e7 ? 6 : 3)} s`;
}

export function drawTimeline() {
  const canvas = $('v-timeline');
  const dpr = window.devicePixelRatio || 1;
  const W = Math.max(1, Math.floor(canvas.clientWidth * dpr));
  const H = Math.max(1, Math.floor(canvas.clientHeight * dpr));
  if (canvas.width !== W || canvas.height !== H) {
    canvas.width = W;
    canvas.height = H;
  }
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#0f172a';
  ctx.fillRect(0, 0, W, H);
  const lanes = KINDS.length;
  const axisH = 14 * dpr;
  const laneH = (H - axisH) / lanes;
  const counts = new Uint32Array(W * lanes);
  const { x0, x1 } = v;
  const scale = W / (x1 - x0 || 1);
  const xs = v.xs, kinds = v.kinds;
  const n = Math.min(v.count, xs.length);
  for (let i = 0; i < n; ++i) {
    const x = xs[i];
    if (x < x0 || x > x1) continue;
    const col = Math.min(W - 1, ((x - x0) * scale) | 0);
    ++counts[col * lanes + kinds[i]];
  }
  for (let lane = 0; lane < lanes; ++lane) {
    ctx.fillStyle = KINDS[lane][1];
    for (let col = 0; col < W; ++col) {
      const c = counts[col * lanes + lane];
      if (!c) continue;
      ctx.globalAlpha = Math.min(1, 0.35 + Math.log10(c + 1) / 3);
      ctx.fillRect(col, lane * laneH + 1, 1, laneH - 2);
    }
  }
  ctx.globalAlpha = 1;
  // Matches of a search, then the selected event.
  if (v.filter && v.filter.length < 100000) {
    ctx.fillStyle = '#fde047';
    for (const index of v.filter) {
      const x = xs[index - 1];
      if (x >= x0 && x <= x1) ctx.fillRect(Math.min(W - 1, ((x - x0) * scale) | 0), H - axisH - 3 * dpr, 1, 3 * dpr);
    }
  }
  if (v.selected && v.selected <= n) {
    const x = xs[v.selected - 1];
    if (x >= x0 && x <= x1) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(Math.min(W - 2, ((x - x0) * scale) | 0), 0, 2 * dpr, H - axisH);
    }
  }
  ctx.fillStyle = '#cbd5e1';
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.fillText(label(x0), 2, H - 1);
  ctx.textAlign = 'right';
  ctx.fillText(label(x1) + (v.axis === 'index' ? '' : ` (${v.axis} clock)`), W - 2, H - 1);
}

function xAt(clientX) {
  const canvas = $('v-timeline');
  const rect = canvas.getBoundingClientRect();
  return v.x0 + ((clientX - rect.left) / rect.width) * (v.x1 - v.x0);
}

function zoom(factor, around) {
  const span = (v.x1 - v.x0) * factor;
  const min = v.axis === 'index' ? 10 : 1000;
  const full0 = v.axis === 'index' ? 1 : 0;
  const full1 = Math.max(v.count ? v.xs[v.count - 1] : 1, full0 + 1);
  const s = Math.min(Math.max(span, min), full1 - full0);
  const at = (around - v.x0) / (v.x1 - v.x0 || 1);
  v.x0 = Math.max(full0, around - at * s);
  v.x1 = Math.min(full1, v.x0 + s);
  v.x0 = Math.max(full0, v.x1 - s);
  v.zoomed = true;
  drawTimeline();
}

function setUpTimeline() {
  const canvas = $('v-timeline');
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, xAt(e.clientX));
  }, { passive: false });
  let drag = null;
  canvas.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, x0: v.x0, x1: v.x1, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (!drag.moved) return;
    const per = (drag.x1 - drag.x0) / canvas.getBoundingClientRect().width;
    v.x0 = drag.x0 - dx * per;
    v.x1 = drag.x1 - dx * per;
    v.zoomed = true;
    drawTimeline();
  });
  canvas.addEventListener('pointerup', (e) => {
    if (drag && !drag.moved) {
      // A click: the first event at or after that point.
      const x = xAt(e.clientX);
      const i = lowerBound(v.xs.subarray(0, v.count), x);
      select(Math.min(i + 1, v.count));
    }
    drag = null;
  });
  canvas.addEventListener('dblclick', () => {
    v.zoomed = false;
    chooseAxis();
    drawTimeline();
  });
  $('v-zoom-in').addEventListener('click', () => zoom(0.5, (v.x0 + v.x1) / 2));
  $('v-zoom-out').addEventListener('click', () => zoom(2, (v.x0 + v.x1) / 2));
  $('v-zoom-reset').addEventListener('click', () => {
    v.zoomed = false;
    chooseAxis();
    drawTimeline();
  });
  $('v-axis').addEventListener('change', () => {
    v.zoomed = false;
    chooseAxis();
    drawTimeline();
  });
  new ResizeObserver(() => drawTimeline()).observe(canvas);
  const legend = $('v-legend');
  for (const [name, colour] of KINDS) {
    const span = document.createElement('span');
    const sw = document.createElement('i');
    sw.className = 'swatch';
    sw.style.background = colour;
    span.append(sw, name);
    legend.append(span);
  }
}

// ---- Two traces ------------------------------------------------------------

async function showDiff() {
  const box = $('v-diff');
  box.hidden = false;
  box.textContent = `Comparing with ${v.other.name}…`;
  const d = await ask('diff', { a: v.id, b: v.other.id });
  box.textContent = '';
  const h = document.createElement('p');
  h.id = 'd-verdict';
  box.append(h);
  if (d.same) {
    h.textContent = `${v.name} and ${v.other.name}: the events are the same${d.otherModule ? ' (recorded from different modules)' : ''}.`;
    box.dataset.at = '';
    return;
  }
  box.dataset.at = d.at;
  h.textContent = `${v.name} and ${v.other.name} part at event #${d.at}: ${d.why}${d.otherModule ? ' (recorded from different modules)' : ''}.`;
  const from = Math.max(1, d.at - 3);
  const [a, b] = await Promise.all([ask('events', { id: v.id, from, count: 7 }),
                                    ask('events', { id: v.other.id, from, count: 7 })]);
  const cols = document.createElement('div');
  cols.className = 'diff-cols';
  for (const [side, events, name] of [['a', a, v.name], ['b', b, v.other.name]]) {
    const col = document.createElement('div');
    col.className = `diff-side side-${side}`;
    const t = document.createElement('h4');
    t.textContent = name;
    col.append(t);
    for (const e of events) {
      const r = document.createElement('div');
      r.className = 'row' + (e.index === d.at ? ' parted' : '');
      r.textContent = rowText(e);
      if (side === 'a') r.addEventListener('click', () => select(e.index));
      col.append(r);
    }
    if (events.length < 7 && events.at(-1)?.index !== undefined) {
      const end = document.createElement('div');
      end.className = 'row end';
      end.textContent = '(end of trace)';
      col.append(end);
    }
    cols.append(col);
  }
  box.append(cols);
}

// ---- Output linked to events -----------------------------------------------

// For a replay of the viewed trace: a function from each write the page
// sees (its length) to the fd_write event that made it. The trace keeps no
// call arguments, so writes are matched in order by their length: each
// fd_write event's nwritten bytes come back as one or more writes (one per
// iovec); an fd_write to a file makes none, and is skipped when its length
// cannot be the write seen (a file write of the same length can take the
// link).
export async function outputLinker() {
  if (!v.id) return () => null;
  const indices = await ask('search', { id: v.id, query: { function: 'fd_write' } });
  const writes = [];
  for (let i = 0; i < indices.length; i += PAGE) {
    // Runs of consecutive events come in one page each.
    const ask1 = [];
    for (const index of indices.subarray(i, i + PAGE)) {
      const p = Math.floor((index - 1) / PAGE);
      if (!ask1.includes(p)) ask1.push(p);
    }
    for (const p of ask1) {
      const events = await ask('events', { id: v.id, from: p * PAGE + 1, count: PAGE });
      for (const e of events)
        if (e.event === 'fd_write' && e.errno === 0 && e.results?.nwritten > 0) writes.push(e);
    }
  }
  const unique = [...new Map(writes.map((e) => [e.index, e])).values()].sort((x, y) => x.index - y.index);
  let next = 0, current = null, left = 0;
  return (length) => {
    if (current && left >= length) {
      left -= length;
      return current.index;
    }
    while (next < unique.length) {
      const e = unique[next++];
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

export function viewedName() {
  return v.name;
}

// ---- Set-up ----------------------------------------------------------------

export function setUpViewer() {
  $('v-list').addEventListener('scroll', () => renderList(), { passive: true });
  new ResizeObserver(() => renderList()).observe($('v-list'));
  $('q-go').addEventListener('click', () => search());
  $('q-clear').addEventListener('click', () => {
    $('q-function').value = '';
    $('q-fd').value = '';
    $('q-text').value = '';
    $('q-errors').checked = false;
    clearFilter();
  });
  $('q-text').addEventListener('keydown', (e) => { if (e.key === 'Enter') search(); });
  const jump = () => {
    const n = Number($('q-jump').value);
    if (!select(n)) setNote(`No event #${$('q-jump').value} (the trace has ${v.count}).`);
  };
  $('q-jump-go').addEventListener('click', jump);
  $('q-jump').addEventListener('keydown', (e) => { if (e.key === 'Enter') jump(); });
  $('trace2').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (f) openSecondFile(f).catch((err) => setNote(err.message));
  });
  document.addEventListener('keydown', (e) => {
    if (e.target.closest('input, textarea, select') || !v.id) return;
    if (e.key === 'ArrowDown' || e.key === 'j') select(Math.min(v.selected + 1, v.count));
    else if (e.key === 'ArrowUp' || e.key === 'k') select(Math.max(v.selected - 1, 1));
    else return;
    e.preventDefault();
  });
  setUpTimeline();
  // `wrr-trace view` names its trace in the address: #trace=t1.
  const m = location.hash.match(/trace=(\w+)/);
  if (m) {
    ask('list').then((list) => {
      const t = list.find((x) => x.id === m[1]);
      if (t) open(t.id, t.name);
    });
  }
  window.wrrViewer = { state: v, select, search, open, openFile };
}
