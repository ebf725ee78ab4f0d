#!/usr/bin/env node
// Runs an instrumented module on any engine wrr knows, from Node: node
// (runner/node/wrr-run.mjs), chromium and firefox (the web page,
// runner/web/, driven by puppeteer-core through CDP and WebDriver BiDi) and
// jsc (runner/jsc/wrr-jsc.mjs). `wrr record` and `wrr replay` call this for
// every engine but node, which they run directly.
//
//   node engines.mjs --engine ENGINE (--record DIR | --replay DIR)
//                    [--env NAME[=VALUE]]... [--timeout SECONDS]
//                    [--argv0 NAME] [--host HOST.mjs] app.wasm [ARGS...]
//   node engines.mjs --engine all --replay DIR app.wasm
//
// DIR holds trace.wrr, as for wrr-run.mjs. With one engine the program's
// output goes to stdout and stderr and the exit status is the program's;
// record reads the program's stdin. With `all`, the trace is replayed on
// every installed engine and each prints one line with its exit status and
// output digest (SHA-256 of the program's stdout and stderr); the status is
// 0 when every engine that ran agrees. --host (a host program that drives
// the module, record only) is node's alone; a module a host drove replays
// on every engine with no host.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, fstatSync, mkdtempSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

import { parseArgs, UsageError } from '../core/args.mjs';
import { TRACE_NAME } from '../core/wrr-core.mjs';
import { PAGE, startServer } from './serve.mjs';

const runnerDir = dirname(dirname(fileURLToPath(import.meta.url)));
const EXIT_TIMEOUT = 124;
// Beyond the page's own time limit (which may lose the trace), the host
// gives up on an engine that does not answer.
const HOST_GRACE_MS = 5000;

// Where each engine is; the environment may say otherwise (tests, other
// installs).
export const ENGINES = {
  node: { binary: process.execPath, run: runNode },
  chromium: { binary: process.env.WRR_CHROMIUM ?? '/usr/bin/chromium', package: 'chromium', run: runBrowser },
  firefox: { binary: process.env.WRR_FIREFOX ?? '/usr/bin/firefox-esr', package: 'firefox-esr', run: runBrowser },
  jsc: { binary: process.env.WRR_JSC ?? '/usr/bin/jsc', package: 'libjavascriptcoregtk-4.0-bin', run: runJsc },
};

const OPTIONS = {
  '--engine': ['engine', 'string'],
  '--record': ['traceDir', 'mode'],
  '--replay': ['traceDir', 'mode'],
  // NAME=VALUE, or NAME: its value here (empty if unset).
  '--env': ['env', (v, opts) => opts.env.push(v.includes('=') ? v : `${v}=${process.env[v] ?? ''}`)],
  '--argv0': ['argv0', 'string'],
  '--trace-fd': ['traceFd', 'fd'],
  '--timeout': ['timeout', 'seconds'],
  '--host': ['host', 'string'],
};

function parseOptions(argv) {
  const opts = parseArgs(argv, OPTIONS, {
    engine: 'node', traceDir: null, env: [], timeout: 0, argv0: null, traceFd: -1, host: null,
  });
  if (!opts.mode) throw new UsageError('give --record DIR or --replay DIR');
  if (opts.host && opts.mode !== 'record') throw new UsageError('--host is for recording: a replay needs no host');
  if (opts.host && opts.engine !== 'node')
    throw new UsageError(`--host records on the node engine only, not ${opts.engine} (the trace then replays on every engine)`);
  return opts;
}

// The program's argv[0]: the module's path unless --argv0 names it.
function argv0(opts) {
  return opts.argv0 ?? opts.module;
}

function readStdin() {
  if (process.stdin.isTTY) return new Uint8Array(0);
  try {
    return readFileSync(0);
  } catch {
    return new Uint8Array(0);
  }
}

// The trace: DIR/trace.wrr, or the descriptor wrr handed over (--trace-fd),
// read from its start and written from its start.
function loadTrace(opts) {
  if (opts.traceFd < 0) return readFileSync(join(opts.traceDir, TRACE_NAME));
  const bytes = Buffer.alloc(fstatSync(opts.traceFd).size);
  for (let at = 0; at < bytes.length;) {
    const got = readSync(opts.traceFd, bytes, at, bytes.length - at, at);
    if (!got) return bytes.subarray(0, at);
    at += got;
  }
  return bytes;
}

function saveTrace(opts, bytes) {
  if (opts.traceFd < 0) return writeFileSync(join(opts.traceDir, TRACE_NAME), bytes);
  for (let at = 0; at < bytes.length;) at += writeSync(opts.traceFd, bytes, at, bytes.length - at, at);
}

function tempDir() {
  return mkdtempSync(join(tmpdir(), 'wrr-engine-'));
}

// ---- node ------------------------------------------------------------------

// wrr-run.mjs with the program's output on descriptors 3 and 4, so the
// runner's own messages (on stderr) stay apart.
function runNode(engine, opts, onOutput) {
  const argv = ['--no-warnings', join(runnerDir, 'node', 'wrr-run.mjs'),
                `--${opts.mode}`, opts.traceDir, '--stdout', '3', '--stderr', '4'];
  for (const e of opts.env) argv.push('--env', e);
  if (opts.timeout) argv.push('--timeout', String(opts.timeout));
  if (opts.argv0) argv.push('--argv0', opts.argv0);
  if (opts.host) argv.push('--host', resolve(opts.host));
  // The host's own prints go to our stdout; the program's to 3 and 4.
  const stdio = ['pipe', opts.host ? 'inherit' : 'ignore', 'pipe', 'pipe', 'pipe'];
  if (opts.traceFd >= 0) {
    stdio.push(opts.traceFd);
    argv.push('--trace-fd', '5');
  }
  argv.push(opts.module, ...opts.args);
  const child = spawn(engine.binary, argv, { stdio });
  child.stdin.end(opts.stdin);
  let message = '';
  child.stdio[2].on('data', (b) => { message += b; });
  child.stdio[3].on('data', (b) => onOutput(1, b));
  child.stdio[4].on('data', (b) => onOutput(2, b));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({
      status: code ?? 128 + 9,
      message: message.trim().replace(/^wrr-run: /gm, '') || (signal ? `killed by ${signal}` : ''),
    }));
  });
}

// ---- jsc -------------------------------------------------------------------

function runJsc(engine, opts, onOutput) {
  const dir = tempDir();
  const config = {
    mode: opts.mode, module: opts.module, args: [argv0(opts), ...opts.args], env: opts.env,
    timeoutMs: opts.timeout * 1000, recorder: `jsc wrr-jsc`,
  };
  const stdio = ['ignore', 'pipe', 'pipe'];
  if (opts.mode === 'replay' && opts.traceFd >= 0) {
    // jsc reads it by name: the inherited descriptor's, never a copy.
    stdio.push(opts.traceFd);
    config.trace = '/dev/fd/3';
  } else if (opts.mode === 'replay') {
    config.trace = join(opts.traceDir, TRACE_NAME);
  } else {
    config.traceOut = join(dir, TRACE_NAME);
  }
  if (opts.stdin.length) {
    config.stdin = join(dir, 'stdin');
    writeFileSync(config.stdin, opts.stdin);
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const child = spawn(engine.binary, ['-m', join(runnerDir, 'jsc', 'wrr-jsc.mjs'), '--', join(dir, 'config.json')],
                      { stdio });
  const timer = opts.timeout ? setTimeout(() => child.kill('SIGKILL'), opts.timeout * 1000 + HOST_GRACE_MS) : null;
  let pending = '';
  let errors = '';
  const result = { status: null, message: '' };
  const line = (text) => {
    const [tag, rest] = [text.slice(0, 1), text.slice(2)];
    if (tag === 'o') onOutput(Number(rest.slice(0, 1)), Buffer.from(rest.slice(2), 'base64'));
    else if (tag === 'm') result.message += (result.message ? '\n' : '') + rest;
    else if (tag === 'x') result.status = Number(rest);
  };
  child.stdout.on('data', (b) => {
    pending += b;
    const lines = pending.split('\n');
    pending = lines.pop();
    lines.forEach(line);
  });
  child.stderr.on('data', (b) => { errors += b; });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (config.traceOut && existsSync(config.traceOut)) saveTrace(opts, readFileSync(config.traceOut));
      rmSync(dir, { recursive: true, force: true });
      if (result.status === null) {
        const killed = signal === 'SIGKILL' && timer;
        result.status = killed ? EXIT_TIMEOUT : 1;
        result.message = killed ? 'stopped: the run exceeded its time limit; its trace is lost'
                                : `jsc ended without a result (status ${code ?? signal}): ${errors.trim()}`;
      }
      resolve(result);
    });
  });
}

// ---- chromium and firefox --------------------------------------------------

export async function launch(name, engine) {
  const { default: puppeteer } = await import('puppeteer-core');
  if (name === 'firefox')
    return puppeteer.launch({ browser: 'firefox', executablePath: engine.binary, headless: true, protocolTimeout: 0 });
  // Root in a container: no sandbox; no network, so nothing in the
  // background; a fresh profile every time (puppeteer makes one).
  return puppeteer.launch({
    browser: 'chrome',
    executablePath: engine.binary,
    headless: true,
    protocolTimeout: 0,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

async function runBrowser(engine, opts, onOutput) {
  const files = new Map([['module.wasm', readFileSync(opts.module)]]);
  if (opts.mode === 'replay') files.set(TRACE_NAME, loadTrace(opts));
  const { server, url } = await startServer({ files });
  let browser;
  try {
    browser = await launch(engine.name, engine);
    const page = await browser.newPage();
    await page.goto(url + PAGE);
    await page.waitForFunction(() => window.wrr !== undefined);
    const cfg = {
      mode: opts.mode,
      moduleUrl: '/_run/module.wasm',
      traceUrl: opts.mode === 'replay' ? `/_run/${TRACE_NAME}` : null,
      args: [argv0(opts), ...opts.args],
      env: opts.env,
      stdin: Buffer.from(opts.stdin).toString('base64'),
      timeoutMs: opts.timeout * 1000,
    };
    const result = await page.evaluate((c) => window.wrr.runForHost(c), cfg);
    onOutput(1, Buffer.from(result.stdout, 'base64'));
    onOutput(2, Buffer.from(result.stderr, 'base64'));
    if (result.trace) saveTrace(opts, Buffer.from(result.trace, 'base64'));
    return { status: result.status, message: result.message };
  } finally {
    await browser?.close();
    server.close();
  }
}

// ---- running ---------------------------------------------------------------

function installed(name) {
  const engine = ENGINES[name];
  return name === 'node' || existsSync(engine.binary);
}

// Runs on one engine; resolves to { status, message, stdout, stderr }.
export async function runOn(name, opts, onOutput = () => {}) {
  const engine = { ...ENGINES[name], name };
  const out = { 1: [], 2: [] };
  const result = await engine.run(engine, opts, (fd, bytes) => {
    out[fd]?.push(Buffer.from(bytes));
    onOutput(fd, bytes);
  });
  return { ...result, stdout: Buffer.concat(out[1]), stderr: Buffer.concat(out[2]) };
}

// The output digest `all` prints: SHA-256 over stdout's length, stdout and
// stderr, so moving bytes between the two changes it.
export function outputDigest(stdout, stderr) {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(stdout.length));
  return createHash('sha256').update(len).update(stdout).update(stderr).digest('hex');
}

async function replayOnAll(opts) {
  const seen = new Set();
  for (const name of Object.keys(ENGINES)) {
    if (!installed(name)) {
      process.stdout.write(`${name.padEnd(9)} not installed (${ENGINES[name].binary})\n`);
      continue;
    }
    const r = await runOn(name, opts);
    const digest = outputDigest(r.stdout, r.stderr);
    seen.add(`${r.status} ${digest}`);
    const note = r.message ? `  (${r.message.split('\n')[0]})` : '';
    process.stdout.write(`${name.padEnd(9)} exit ${String(r.status).padEnd(3)} output sha256:${digest}${note}\n`);
  }
  if (seen.size === 1) return 0;
  process.stderr.write('wrr: the engines disagree: their exit statuses or outputs differ\n');
  return 1;
}

async function main() {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`wrr: error: ${e.message}\n`);
    return 2;
  }
  if (opts.engine !== 'all' && !ENGINES[opts.engine]) {
    process.stderr.write(`wrr: error: unknown engine '${opts.engine}' (choose ${Object.keys(ENGINES).join(', ')} or all)\n`);
    return 2;
  }
  opts.stdin = opts.mode === 'record' ? readStdin() : new Uint8Array(0);
  if (opts.engine === 'all') {
    if (opts.mode !== 'replay') {
      process.stderr.write('wrr: error: --engine all only replays\n');
      return 2;
    }
    return replayOnAll(opts);
  }
  if (!installed(opts.engine)) {
    const e = ENGINES[opts.engine];
    process.stderr.write(`wrr: error: engine '${opts.engine}' is not installed (no ${e.binary}; Debian package ${e.package})\n`);
    return 2;
  }
  const r = await runOn(opts.engine, opts, (fd, bytes) => (fd === 1 ? process.stdout : process.stderr).write(bytes));
  if (r.message) process.stderr.write(`${r.message.split('\n').map((l) => `wrr-run: ${l}\n`).join('')}`);
  return r.status;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
