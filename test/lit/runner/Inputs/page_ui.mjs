// Drives the web page (runner/web/) as a person would, in a real headless
// browser: choose a module and a trace with the file inputs, press Replay,
// read the output; then type arguments and input, press Record, and
// download the trace from the page's link.
//
//   node page_ui.mjs ENGINE MODULE.wasm TRACE OUTDIR
//
// Writes OUTDIR/replay.stdout, replay.stderr, replay.status (from the
// replay), record.stdout, record.status and page.wrr (from the recording).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ENGINES, launch } from '../../../../runner/host/engines.mjs';
import { PAGE, startServer } from '../../../../runner/host/serve.mjs';

const [engineName, modulePath, tracePath, outDir] = process.argv.slice(2);

// Output spans of one stream, as the page shows them.
const output = (page, cls) =>
  page.$$eval(`#output .${cls}`, (spans) => spans.map((s) => s.textContent).join(''));

async function waitFinished(page) {
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Finished'),
                             { timeout: 60000 });
  const status = await page.$eval('#status', (e) => e.textContent);
  return status.match(/exit (\d+)/)[1];
}

const { server, url } = await startServer();
const browser = await launch(engineName, ENGINES[engineName]);
try {
  const page = await browser.newPage();
  await page.goto(url + PAGE);
  await page.waitForSelector('body[data-ready]');

  await (await page.$('#module')).uploadFile(modulePath);
  await (await page.$('#trace')).uploadFile(tracePath);
  await page.click('#replay');
  writeFileSync(join(outDir, 'replay.status'), (await waitFinished(page)) + '\n');
  writeFileSync(join(outDir, 'replay.stdout'), await output(page, 'stdout'));
  writeFileSync(join(outDir, 'replay.stderr'), await output(page, 'stderr'));

  await page.click('#record-options summary');
  await page.type('#args', 'show from the page');
  await page.type('#env', 'WHERE=browser');
  await page.type('#stdin', 'typed in\n');
  await page.click('#record');
  writeFileSync(join(outDir, 'record.status'), (await waitFinished(page)) + '\n');
  writeFileSync(join(outDir, 'record.stdout'), await output(page, 'stdout'));
  const trace = await page.$eval('#download', async (a) => {
    const bytes = new Uint8Array(await (await fetch(a.href)).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return { name: a.download, data: btoa(s) };
  });
  writeFileSync(join(outDir, 'page.wrr'), Buffer.from(trace.data, 'base64'));
  console.log(`downloaded ${trace.name}`);
} finally {
  await browser.close();
  server.close();
}
