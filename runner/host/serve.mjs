#!/usr/bin/env node
// Serves the web runner (runner/web/) and what it loads, on the loopback
// interface only:
//   /runner/...                                  runner/
//   /node_modules/@bjorn3/browser_wasi_shim/...  the WASI shim from npm
//   /_run/NAME                                   files a caller hands over
//                                                (engines.mjs: module, trace)
//
//   node serve.mjs [--port N]     prints the page's address, serves until killed
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve as absolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

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

// Starts the server; `files` maps names under /_run/ to bytes. Resolves to
// { server, url } once it listens.
export function startServer({ port = 0, files = new Map() } = {}) {
  const server = createServer(async (req, res) => {
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
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      done({ server, url: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  let port = 8117;
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--port' && i + 1 < args.length && /^\d+$/.test(args[i + 1])) {
      port = Number(args[++i]);
    } else {
      process.stderr.write(`wrr: error: unknown argument '${args[i]}' (serve takes --port N)\n`);
      process.exit(2);
    }
  }
  let url;
  try {
    ({ url } = await startServer({ port }));
  } catch (e) {
    process.stderr.write(`wrr: error: cannot listen on 127.0.0.1:${port}: ${e.code ?? e.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`wrr: serving the web runner at ${url}${PAGE} (Ctrl-C stops)\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === absolute(process.argv[1])) await main();
