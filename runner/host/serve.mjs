#!/usr/bin/env node
// Serves the web runner (runner/web/) and what it loads, on the loopback
// interface only:
//   /runner/...                                  runner/
//   /node_modules/@bjorn3/browser_wasi_shim/...  the WASI shim from npm
//   /_run/NAME                                   files a caller hands over
//                                                (engines.mjs: module, trace)
//   /_trace/...                                  the trace viewer's questions,
//                                                answered by wrr-trace
//                                                (trace-store.mjs)
//
//   node serve.mjs [--port N] [--trace PATH] [--wrr-trace PATH]
//                                 prints the page's address, serves until killed
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve as absolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

import { TraceStore } from './trace-store.mjs';

const runnerDir = dirname(dirname(fileURLToPath(import.meta.url)));
const shimPrefix = '/node_modules/@bjorn3/browser_wasi_shim/';
const shimDir = join(dirname(runnerDir), 'node_modules', '@bjorn3', 'browser_wasi_shim');
export const PAGE = '/runner/web/index.html';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

function contentType(path) {
  const dot = path.lastIndexOf('.');
  return TYPES[dot < 0 ? '' : path.slice(dot)] ?? 'application/octet-stream';
}

// The file under `root` that `rest` names, or null if it leaves `root`.
function under(root, rest) {
  const path = normalize(join(root, decodeURIComponent(rest)));
  return path === root || path.startsWith(root + sep) ? path : null;
}

function resolve(url, files) {
  const path = new URL(url, 'http://x').pathname;
  if (path.startsWith('/_run/')) return { bytes: files.get(path.slice(6)), path };
  if (path.startsWith('/runner/')) return { file: under(runnerDir, path.slice(8)), path };
  if (path.startsWith(shimPrefix)) return { file: under(shimDir, path.slice(shimPrefix.length)), path };
  return { path };
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
}

function readBody(req) {
  return new Promise((done, fail) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

// The viewer's API (runner/web/viewer.mjs):
//   POST /_trace?name=N          upload a trace -> {id, name}
//   GET  /_trace/list            the traces held -> [{id, name, ...}]
//   GET  /_trace/ID/summary      wrr-trace stats --json
//   GET  /_trace/ID/events?from=N&count=K   dump --json --raw lines, as an array
//   GET  /_trace/ID/timeline?from=N         the timeline's columns (binary)
//   GET  /_trace/ID/search?function=&fd=&path=&text=&errors=1[&events=1]
//                                matching event numbers (or the events)
//   GET  /_trace/diff?a=ID&b=ID  wrr-trace diff --json
async function traceApi(req, res, store, url) {
  const q = Object.fromEntries(url.searchParams);
  const parts = url.pathname.split('/').slice(2); // after /_trace
  if (req.method === 'POST' && parts.length === 0) {
    // Only this page may upload (a form on another site could post here).
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host}`) return send(res, 403, '{"error":"forbidden"}');
    const t = store.upload(await readBody(req), q.name);
    return send(res, 200, JSON.stringify({ id: t.id, name: t.name }));
  }
  if (req.method !== 'GET') return send(res, 405, '{"error":"method"}');
  if (parts[0] === 'list')
    return send(res, 200, JSON.stringify([...store.traces.values()].map((t) => t.progress())));
  if (parts[0] === 'diff') {
    const a = store.get(q.a), b = store.get(q.b);
    if (!a || !b) return send(res, 404, '{"error":"no such trace"}');
    return send(res, 200, await store.diff(a, b));
  }
  const t = store.get(parts[0]);
  if (!t) return send(res, 404, '{"error":"no such trace"}');
  switch (parts[1]) {
    case 'summary': return send(res, 200, JSON.stringify(await t.getSummary()));
    case 'progress': return send(res, 200, JSON.stringify(t.progress()));
    case 'events': return send(res, 200, await t.events(Number(q.from ?? 1), Number(q.count ?? 100)));
    case 'timeline': return send(res, 200, t.timeline(Number(q.from ?? 0)), 'application/octet-stream');
    case 'search': return send(res, 200, await t.search(q));
  }
  return send(res, 404, '{"error":"not found"}');
}

// Starts the server; `files` maps names under /_run/ to bytes; `traces`
// are paths the viewer opens (ids t1, t2, ...). Resolves to { server, url,
// store } once it listens.
export function startServer({ port = 0, files = new Map(), traces = [], wrrTrace } = {}) {
  const store = new TraceStore({ wrrTrace });
  for (const path of traces) store.add(path);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/_trace' || url.pathname.startsWith('/_trace/')) {
      try {
        await traceApi(req, res, store, url);
      } catch (e) {
        send(res, 500, JSON.stringify({ error: e.message }));
      }
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (new URL(req.url, 'http://x').pathname === '/') {
      res.writeHead(302, { Location: PAGE }).end();
      return;
    }
    const { file, bytes, path } = resolve(req.url, files);
    let body = bytes;
    if (!body && file) {
      try { body = await readFile(file); } catch {}
    }
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': contentType(path), 'Cache-Control': 'no-store' });
    res.end(body);
  });
  // The temporary copies of the traces go as soon as the server is told to
  // close (callers often exit right after).
  const close = server.close.bind(server);
  server.close = (done) => {
    store.close();
    return close(done);
  };
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      done({ server, store, url: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  let port = 8117;
  const traces = [];
  let wrrTrace;
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--port' && i + 1 < args.length && /^\d+$/.test(args[i + 1])) {
      port = Number(args[++i]);
    } else if (args[i] === '--trace' && i + 1 < args.length) {
      traces.push(args[++i]);
    } else if (args[i] === '--wrr-trace' && i + 1 < args.length) {
      wrrTrace = args[++i];
    } else {
      process.stderr.write(`wrr: error: unknown argument '${args[i]}' (serve takes --port N)\n`);
      process.exit(2);
    }
  }
  let url, server;
  try {
    ({ url, server } = await startServer({ port, traces, wrrTrace }));
  } catch (e) {
    process.stderr.write(`wrr: error: cannot listen on 127.0.0.1:${port}: ${e.code ?? e.message}\n`);
    process.exit(1);
  }
  // Ctrl-C: close, so the temporary copies of the traces go too.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(sig, () => { server.close(); server.closeAllConnections(); process.exit(128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[sig]); });
  if (traces.length)
    process.stdout.write(`wrr-trace: viewing ${traces[0]} at ${url}${PAGE}#trace=t1 (Ctrl-C stops)\n`);
  else
    process.stdout.write(`wrr: serving the web runner at ${url}${PAGE} (Ctrl-C stops)\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === absolute(process.argv[1])) await main();
