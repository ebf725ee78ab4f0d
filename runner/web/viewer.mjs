// The trace viewer: summary, timeline, event list, detail, search and the
// comparison of two traces. The page decodes nothing itself: the server
// (runner/host/serve.mjs) runs wrr-trace and a worker (viewer-worker.mjs)
// fetches its answers. The list is virtual (a few dozen rows in the DOM
// whatever the trace's length) and asks for pages of events as they come
// into view; the timeline draws typed arrays of every event's function and
// the clock readings so far on a canvas.

import { bytesOf, fromHex, outputLinker as linkOutput, rowText } from './event-match.mjs';
import { KINDS, chooseAxis, drawTimeline, kindOf, lowerBound, setUpTimeline } from './viewer-timeline.mjs';

const $ = (id) => document.getElementById(id);
const ROW_H = 20;
const PAGE = 200;
const MAX_PAGES = 200;          // pages of events kept
const MAX_SCROLL_PX = 8_000_000; // browsers cap an element's height (Firefox near 17.9M px)

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

// ---- Detail ----------------------------------------------------------------

function hexDump(bytes) {
  const lines = [];
  const shown = Math.min(bytes.length, 4096);
  for (let at = 0; at < shown; at += 16) {
    const chunk = [...bytes.subarray(at, Math.min(at + 16, shown))];
    const pairs = chunk.map((c) => c.toString(16).padStart(2, '0'));
    const text = chunk.map((c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : '.')).join('');
    lines.push(`${at.toString(16).padStart(6, '0')}  ${pairs.join(' ').padEnd(47)}  ${text}`);
  }
  if (shown < bytes.length) lines.push(`… ${bytes.length - shown} more bytes`);
  return lines.join('\n');
}

// A memory region of the event: its bytes as text (when `text`) and hex.
function region(title, bytes, text) {
  const sec = document.createElement('section');
  sec.className = 'region';
  const h = document.createElement('h4');
  h.textContent = `${title}: ${bytes.length} bytes`;
  sec.append(h);
  if (text) {
    const pre = document.createElement('pre');
    pre.className = 'text';
    pre.textContent = new TextDecoder().decode(bytes);
    sec.append(pre);
  }
  const dump = document.createElement('pre');
  dump.className = 'hex';
  dump.textContent = hexDump(bytes);
  sec.append(dump);
  return sec;
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
  // What the program sent (format 3), as the dump gives it: text, or
  // {"hex": ...} for bytes that are not UTF-8 (shown in hex only).
  for (const [name, value] of Object.entries(e.sent ?? {})) {
    const bytes = bytesOf(value);
    if (bytes) box.append(region(`sent ${name}`, bytes, typeof value?.hex !== 'string'));
  }
  // What the host wrote back: text for what the program reads as text (the
  // decoded result is a string, or a list of them).
  for (const [name, hex] of Object.entries(raw ?? {})) {
    const r = e.results?.[name];
    const text = typeof r === 'string' || (Array.isArray(r) && r.every((x) => typeof x === 'string'));
    box.append(region(name, fromHex(hex) ?? new Uint8Array(0), text));
  }
}

// ---- Search ----------------------------------------------------------------

// What a search by descriptor, path or text finds in a trace of format 2,
// which keeps no call arguments (only their digest).
const OLDER = 'recorded by an older wrr (trace format 2): it holds no call arguments, so';
const OLDER_WHAT = {
  fd: 'fd finds only descriptors that calls returned (path_open\'s), not the ones calls were made on',
  path: 'path finds only preopened directory names, not the paths calls were given',
  text: 'text finds only bytes the program read, not what it wrote',
};

export async function search() {
  const query = {};
  if ($('q-function').value) query.function = $('q-function').value;
  if ($('q-fd').value.trim()) query.fd = $('q-fd').value.trim();
  if ($('q-path').value) query.path = $('q-path').value;
  if ($('q-text').value) query.text = $('q-text').value;
  if ($('q-errors').checked) query.errors = '1';
  if (!Object.keys(query).length) return clearFilter();
  setNote('Searching…');
  try {
    v.filter = await ask('search', { id: v.id, query });
  } catch (e) {
    setNote(e.message);
    return;
  }
  const older = v.summary && v.summary.version < 3 ? Object.keys(OLDER_WHAT).filter((k) => k in query) : [];
  const notes = [v.filter.length ? '' : 'No event matches.'];
  if (older.length) notes.push(`This trace was ${OLDER} ${older.map((k) => OLDER_WHAT[k]).join('; ')}.`);
  setNote(notes.filter(Boolean).join(' '));
  $('v-note').dataset.older = older.join(' ');
  $('v-list').scrollTop = 0;
  renderList();
  drawTimeline();
}

function clearFilter(render = true) {
  v.filter = null;
  setNote('');
  $('v-note').dataset.older = '';
  if (render) {
    renderList();
    drawTimeline();
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

// For a replay of the viewed trace: a function from each piece of output
// the page sees (fd, bytes) to the fd_write event that wrote it: by content
// where the trace holds the written bytes (format 3), else in order by
// length (event-match.mjs).
export async function outputLinker() {
  if (!v.id) return () => null;
  const writes = await ask('matching', { id: v.id, query: { function: 'fd_write' } });
  return linkOutput(writes.filter((e) => e.errno === 0));
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
    $('q-path').value = '';
    $('q-text').value = '';
    $('q-errors').checked = false;
    clearFilter();
  });
  for (const id of ['q-fd', 'q-path', 'q-text'])
    $(id).addEventListener('keydown', (e) => { if (e.key === 'Enter') search(); });
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
  setUpTimeline(v, select);
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
