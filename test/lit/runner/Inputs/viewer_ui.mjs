// Drives the page's trace viewer (runner/web/viewer.mjs) in a real headless
// browser as a person would: choose a trace, read the summary and the
// list, search, jump to an event, choose a second trace to compare, and
// take a screenshot. Writes what the page shows to OUTDIR for the test to
// compare with wrr-trace's own output:
//
//   node viewer_ui.mjs ENGINE TRACE SEARCH_TEXT JUMP DIFF_A DIFF_B OUTDIR MODULE REPLAY_TRACE
//
// OUTDIR/summary.txt   "events N", "module HEX", then "NAME COUNT ERRORS BYTES"
//                      per row of the page's table, sorted
// OUTDIR/rows.txt      "listed N" (the list's length), "dom N" (rows in the DOM)
// OUTDIR/search.txt    the events the search lists, one number a line
// OUTDIR/jump.txt      the detail's title after jumping to event JUMP
// OUTDIR/diff.txt      DIFF_A opened, DIFF_B chosen to compare: "at N", then
//                      "#N NAME" of the two sides' rows at that event
// OUTDIR/links.txt    after a replay of REPLAY_TRACE (of MODULE, instrumented)
//                      in the page: the events the output's pieces link to,
//                      one number a line, then "unlinked N"
// OUTDIR/ENGINE.png    a screenshot; exits 1 if the timeline is blank or the
//                      list has no rows
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ENGINES, launch } from '../../../../runner/host/engines.mjs';
import { PAGE, startServer } from '../../../../runner/host/serve.mjs';

const [engineName, tracePath, searchText, jump, diffA, diffB, outDir, modulePath, replayTrace] =
  process.argv.slice(2);
const out = (name, text) => writeFileSync(join(outDir, name), text);
const T = { timeout: 60000 };

const { server, url } = await startServer();
const browser = await launch(engineName, ENGINES[engineName]);
let failed = false;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1400 });
  await page.goto(url + PAGE);
  await page.waitForSelector('body[data-ready]');

  await (await page.$('#trace')).uploadFile(tracePath);
  await page.waitForSelector('body[data-viewer=ready]', T);
  await page.waitForSelector('#s-functions tbody tr', T);
  const summary = await page.evaluate(() => {
    const lines = [`events ${document.getElementById('s-events').textContent.split(' ')[0]}`,
                   `module ${document.getElementById('s-module').textContent}`];
    const rows = [...document.querySelectorAll('#s-functions tbody tr')].map((tr) =>
      [...tr.cells].map((c) => c.textContent).join(' '));
    return [...lines, ...rows.sort()].join('\n') + '\n';
  });
  out('summary.txt', summary);

  // Every row of the first screen is decoded (not a placeholder).
  await page.waitForFunction(() => [...document.querySelectorAll('#v-rows .row')]
    .filter((r) => !r.hidden).every((r) => !r.textContent.endsWith('…')), T);
  const rows = await page.evaluate(() => ({
    listed: document.getElementById('v-count').dataset.rows,
    dom: [...document.querySelectorAll('#v-rows .row')].filter((r) => !r.hidden).length,
  }));
  out('rows.txt', `listed ${rows.listed}\ndom ${rows.dom}\n`);

  // The screenshot and its checks, before the search narrows the list.
  // On the event-number axis every event has its own place: the clocks'
  // lane alone covers an eighth of the lanes.
  await page.select('#v-axis', 'index');
  const pixels = await page.evaluate(() => {
    const c = document.getElementById('v-timeline');
    // The lanes, without the axis labels below them.
    const lanes = c.height - 14 * (window.devicePixelRatio || 1);
    const data = c.getContext('2d').getImageData(0, 0, c.width, lanes).data;
    // The background is the commonest colour.
    const seen = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      seen.set(rgb, (seen.get(rgb) ?? 0) + 1);
    }
    const background = Math.max(...seen.values());
    return { other: data.length / 4 - background, all: data.length / 4 };
  });
  await page.screenshot({ path: join(outDir, `${engineName}.png`), fullPage: true });
  if (pixels.other < pixels.all / 20) {
    console.log(`blank timeline: ${pixels.other} of ${pixels.all} pixels differ from the background`);
    failed = true;
  }
  if (rows.dom < 5) {
    console.log(`the list shows ${rows.dom} rows`);
    failed = true;
  }

  await page.type('#q-text', searchText);
  await page.click('#q-go');
  await page.waitForFunction(() => document.getElementById('v-count').textContent.includes('match'), T);
  await page.waitForFunction(() => [...document.querySelectorAll('#v-rows .row')]
    .filter((r) => !r.hidden).every((r) => !r.textContent.endsWith('…')), T);
  const found = await page.evaluate(() => [...document.querySelectorAll('#v-rows .row')]
    .filter((r) => !r.hidden).map((r) => r.dataset.index));
  out('search.txt', found.map((n) => n + '\n').join(''));
  await page.click('#q-clear');

  await page.type('#q-jump', jump);
  await page.click('#q-jump-go');
  await page.waitForFunction((n) => document.querySelector('#v-detail h3')?.textContent.startsWith(`Event #${n}:`),
                             T, jump);
  const title = await page.$eval('#v-detail h3', (h) => h.textContent);
  const selected = await page.$$eval('#v-rows .row.selected', (r) => r.map((x) => x.dataset.index));
  out('jump.txt', `${title}\n`);
  if (selected.join() !== jump) {
    console.log(`after the jump to #${jump} the list highlights ${selected.join() || 'nothing'}`);
    failed = true;
  }

  const before = await page.evaluate(() => window.wrrViewer.state.generation);
  await (await page.$('#trace')).uploadFile(diffA);
  await page.waitForFunction((g) => window.wrrViewer.state.generation > g &&
                             document.body.dataset.viewer === 'ready', T, before);
  await (await page.$('#trace2')).uploadFile(diffB);
  await page.waitForSelector('#d-verdict', T);
  await page.waitForFunction(() => !document.getElementById('v-diff').dataset.at ||
                             document.querySelector('.diff-cols'), T);
  const diff = await page.evaluate(() => {
    const box = document.getElementById('v-diff');
    const lines = [`at ${box.dataset.at}`];
    // "#N name" of each side's row there.
    for (const r of box.querySelectorAll('.row.parted'))
      lines.push(r.textContent.split(' ').slice(0, 2).join(' ').replace(/\(.*/, ''));
    return lines.join('\n') + '\n';
  });
  out('diff.txt', diff);

  const generation = await page.evaluate(() => window.wrrViewer.state.generation);
  await (await page.$('#module')).uploadFile(modulePath);
  await (await page.$('#trace')).uploadFile(replayTrace);
  await page.waitForFunction((g) => window.wrrViewer.state.generation > g &&
                             document.body.dataset.viewer === 'ready', T, generation);
  await page.click('#replay');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Finished'), T);
  const links = await page.$$eval('#output span', (spans) => {
    const events = [...new Set(spans.filter((x) => x.dataset.event).map((x) => x.dataset.event))];
    return [...events, `unlinked ${spans.filter((x) => !x.dataset.event).length}`];
  });
  out('links.txt', links.join('\n') + '\n');
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
