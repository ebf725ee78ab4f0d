// The web runner's page: drop a module and a trace, watch the replay; or
// record a run here and download its trace. The program runs in a worker
// (worker.mjs) on the browser WASI shim, so output appears as it comes.
//
// window.wrr is the page's programmatic side, used by runner/host/engines.mjs
// to drive the page from puppeteer:
//   wrr.run(options)      one run; see run() below
//   wrr.runForHost(cfg)   the same with URLs in and base64 out

import { openFile, outputLinker, setUpViewer, select as selectEvent } from './viewer.mjs';

// Past the time limit the program stops at its next WASI call; one that
// makes none is ended this much later, and its trace is lost.
const HARD_STOP_GRACE_MS = 1000;

// Which browser records, for the trace header.
function recorderName() {
  const ua = navigator.userAgent;
  const m = ua.match(/Firefox\/(\d+)/) ?? ua.match(/Chrom(?:e|ium)\/(\d+)/);
  const name = ua.includes('Firefox/') ? 'firefox' : ua.includes('Chrom') ? 'chromium' : 'browser';
  return `${name} ${m ? m[1] : ''} wrr-web`.slice(0, 32);
}

// Runs a module in a fresh worker.
//   bytes, mode ('record' | 'replay' | null), trace, args, env, stdin,
//   timeoutMs, recorder, onOutput(fd, bytes)
// Resolves to { status, how, message, trace, stdout, stderr } (bytes).
export function run({ bytes, mode = null, trace = null, args = ['app.wasm'], env = [],
                      stdin = new Uint8Array(0), timeoutMs = 0, recorder = recorderName(),
                      onOutput = () => {} }) {
  const worker = new Worker(new URL('worker.mjs', import.meta.url), { type: 'module' });
  const out = { 1: [], 2: [] };
  return new Promise((resolve) => {
    let timer = null;
    const finish = (result) => {
      clearTimeout(timer);
      worker.terminate();
      resolve({ ...result, stdout: concat(out[1]), stderr: concat(out[2]) });
    };
    if (timeoutMs) {
      timer = setTimeout(() => finish({
        status: 124, how: 'timeout', trace: null,
        message: 'stopped: the run exceeded its time limit and made no WASI call to stop at; its trace is lost',
      }), timeoutMs + HARD_STOP_GRACE_MS);
    }
    worker.onmessage = ({ data }) => {
      if (data.type === 'out') {
        out[data.fd]?.push(data.bytes);
        onOutput(data.fd, data.bytes);
      } else if (data.type === 'done') {
        finish(data);
      }
    };
    worker.onerror = (e) => finish({ status: 1, how: 'error', message: e.message ?? 'the worker failed', trace: null });
    worker.postMessage({ bytes, mode, trace, args, env, stdin, timeoutMs, recorder });
  });
}

function concat(chunks) {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function fetchBytes(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot fetch ${url}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

// For the host: cfg has moduleUrl, traceUrl, stdin (base64) and the rest of
// run()'s options; the result's byte arrays come back as base64.
export async function runForHost(cfg) {
  const result = await run({
    ...cfg,
    bytes: await fetchBytes(cfg.moduleUrl),
    trace: cfg.traceUrl ? await fetchBytes(cfg.traceUrl) : null,
    stdin: fromBase64(cfg.stdin ?? ''),
  });
  return {
    status: result.status, how: result.how, message: result.message,
    stdout: toBase64(result.stdout), stderr: toBase64(result.stderr),
    trace: result.trace ? toBase64(result.trace) : null,
  };
}

window.wrr = { run, runForHost };

// ---- The page ----------------------------------------------------------

const $ = (id) => document.getElementById(id);
const chosen = { module: null, trace: null };
let downloadUrl = null;

function setStatus(text) {
  $('status').textContent = text;
}

function updateButtons() {
  const busy = document.body.classList.contains('busy');
  $('replay').disabled = busy || !chosen.module || !chosen.trace;
  $('record').disabled = busy || !chosen.module;
  $('run').disabled = busy || !chosen.module;
}

function choose(kind, file) {
  chosen[kind] = file;
  if (kind === 'trace' && file)
    openFile(file).catch((e) => setStatus(`Cannot open ${file.name} in the viewer: ${e.message}`));
  const names = [chosen.module?.name, chosen.trace?.name].filter(Boolean).join(' and ');
  setStatus(`Chosen: ${names}.`);
  updateButtons();
}

function appendOutput(text, cls, event = null) {
  const span = document.createElement('span');
  span.className = cls;
  span.textContent = text;
  if (event) {
    // The write came from this event of the viewed trace.
    span.classList.add('linked');
    span.dataset.event = event;
    span.title = `written by event #${event} (fd_write); click to see it`;
    span.addEventListener('click', () => selectEvent(event));
  }
  $('output').append(span);
}

function words(text) {
  return text.split(/\s+/).filter(Boolean);
}

async function start(mode) {
  const decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  $('output').textContent = '';
  $('download').hidden = true;
  document.body.classList.add('busy');
  updateButtons();
  setStatus(`${mode ? mode[0].toUpperCase() + mode.slice(1) + 'ing' : 'Running'} ${chosen.module.name}…`);
  // A replay of the trace in the viewer: each write links to its event.
  const link = mode === 'replay' ? await outputLinker().catch(() => () => null) : () => null;
  const result = await run({
    bytes: new Uint8Array(await chosen.module.arrayBuffer()),
    mode,
    trace: mode === 'replay' ? new Uint8Array(await chosen.trace.arrayBuffer()) : null,
    args: [chosen.module.name, ...words($('args').value)],
    env: $('env').value.split('\n').filter((l) => l.includes('=')),
    stdin: new TextEncoder().encode($('stdin').value),
    timeoutMs: Number($('timeout').value || 0) * 1000,
    onOutput: (fd, bytes) => appendOutput(decoders[fd].decode(bytes, { stream: true }), fd === 2 ? 'stderr' : 'stdout',
                                          link(fd, bytes)),
  });
  if (result.message) appendOutput(`wrr-web: ${result.message}\n`, 'runner');
  if (result.trace) offerTrace(result.trace);
  setStatus(`Finished: exit ${result.status}${result.trace ? `; the trace holds ${result.trace.length} bytes` : ''}.`);
  document.body.classList.remove('busy');
  updateButtons();
}

function offerTrace(bytes) {
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = $('download');
  link.href = downloadUrl;
  link.download = chosen.module.name.replace(/(\.rr)?\.wasm$/, '') + '.wrr';
  link.hidden = false;
}

function setUpPage() {
  $('module').addEventListener('change', (e) => choose('module', e.target.files[0] ?? null));
  $('trace').addEventListener('change', (e) => choose('trace', e.target.files[0] ?? null));
  $('replay').addEventListener('click', () => start('replay'));
  $('record').addEventListener('click', () => start('record'));
  $('run').addEventListener('click', () => start(null));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    for (const file of e.dataTransfer.files)
      choose(file.name.endsWith('.wasm') ? 'module' : 'trace', file);
  });
  setUpViewer();
  document.body.dataset.ready = 'true';
}

setUpPage();
