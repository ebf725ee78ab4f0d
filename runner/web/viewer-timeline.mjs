// The trace viewer's timeline: every event on a canvas, one lane per kind,
// over the recording's own clock or event numbers; zoomed with the wheel,
// the buttons or a drag; a click chooses the event there. It draws the
// typed arrays of the viewer's state (viewer.mjs): each event's kind and
// the clock readings so far.

const $ = (id) => document.getElementById(id);
let v = null;       // the viewer's state
let select = null;  // viewer.mjs's select(index)

function grow(array, need) {
  if (need <= array.length) return array;
  const bigger = new array.constructor(Math.max(need, array.length * 2, 1024));
  bigger.set(array);
  return bigger;
}

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

export function lowerBound(array, x) {
  let lo = 0, hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function chooseAxis() {
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

export function setUpTimeline(state, selectEvent) {
  v = state;
  select = selectEvent;
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

