// Drives the page's trace viewer (runner/web/viewer.mjs) in a real headless
// browser as a person would: choose a trace, read the summary and the
// list, search, jump to an event, choose a second trace to compare, and
// take a screenshot. Writes what the page shows to OUTDIR for the test to
// compare with wrr-trace's own output:
//
//   node viewer_ui.mjs ENGINE TRACE SEARCH_TEXT JUMP DIFF_A DIFF_B OUTDIR MODULE REPLAY_TRACE \
//        CONTENT_TRACE QUERY...
//
// OUTDIR/summary.txt   "events N", "module HEX", then "NAME COUNT ERRORS BYTES"
//                      per row of the page's table, sorted
// OUTDIR/rows.txt      "listed N" (the list's length), "dom N" (rows in the DOM)
// OUTDIR/search.txt    the events the search lists, one number a line
// OUTDIR/jump.txt      after jumping to event JUMP, the detail's title, then
//                      per memory region its title, the first line of its
//                      text ("text LINE", if shown as text) and of its hex
//                      dump ("hex LINE")
// OUTDIR/diff.txt      DIFF_A dropped on the page, DIFF_B chosen to compare: "at N", then
//                      "#N NAME" of the two sides' rows at that event
// OUTDIR/content.txt  CONTENT_TRACE opened, for each QUERY ("fd=4",
//                      "path=in.txt", "text=Hello", "function=fd_read",
//                      "errors=1"; "&" joins criteria) put in the search fields: "QUERY: [N N ...]", the events
//                      listed, and " older: KEYS" if the page says the trace
//                      is too old to hold what those criteria look for
// OUTDIR/links.txt    after a replay of REPLAY_TRACE (of MODULE, instrumented)
//                      in the page: the events the output's pieces link to,
//                      one a line ("N: TEXT", the JSON of the text of the
//                      pieces linked to it, if the trace holds written bytes),
//                      then "unlinked N"; a click on the first linked piece
//                      must show its event
// OUTDIR/ENGINE.png    a screenshot; exits 1 if the timeline is blank or the
//                      list has no rows (in the page, or the screenshot's
//                      summary, timeline or list areas), or if the timeline's zoom (button,
//                      wheel, "whole trace") does not change its span
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { ENGINES, launch } from '../../../../runner/host/engines.mjs';
import { PAGE, startServer } from '../../../../runner/host/serve.mjs';

const [engineName, tracePath, searchText, jump, diffA, diffB, outDir, modulePath, replayTrace, contentTrace, ...queries] =
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
  // By default the timeline runs over the recording's own clock (TRACE
  // reads the monotonic clock most).
  const axis = await page.evaluate(() => window.wrrViewer.state.axis);
  if (axis !== 'monotonic') {
    console.log(`the timeline's axis is ${axis}, not the recording's monotonic clock`);
    failed = true;
  }
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
  const shot = await page.screenshot({ path: join(outDir, `${engineName}.png`) });
  // The screenshot itself: the summary, the timeline and the list each
  // show something (pixels unlike their background) where the page lays
  // them out; a blank page, a missing style sheet or a hidden viewer fail.
  const areas = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const scale = img.width / window.innerWidth;
    const busy = (id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      const x = Math.round(r.left * scale), y = Math.round(r.top * scale);
      const w = Math.min(Math.round(r.width * scale), img.width - x);
      const h = Math.min(Math.round(r.height * scale), img.height - y);
      if (w < 20 || h < 20) return 0;
      const data = ctx.getImageData(x, y, w, h).data;
      const seen = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        seen.set(rgb, (seen.get(rgb) ?? 0) + 1);
      }
      return 1 - Math.max(...seen.values()) / (data.length / 4);
    };
    return { summary: busy('v-summary'), timeline: busy('v-timeline'), list: busy('v-list') };
  }, Buffer.from(shot).toString('base64'));
  for (const [area, share] of Object.entries(areas)) {
    if (share < 0.02) {
      console.log(`the screenshot's ${area} is blank: ${(share * 100).toFixed(2)}% of its pixels differ from its background`);
      failed = true;
    }
  }
  if (pixels.other < pixels.all / 20) {
    console.log(`blank timeline: ${pixels.other} of ${pixels.all} pixels differ from the background`);
    failed = true;
  }
  // Zoom: the button halves the span shown, the wheel narrows it around
  // the pointer, "whole trace" brings it back, and each redraws.
  const span = () => page.evaluate(() => window.wrrViewer.state.x1 - window.wrrViewer.state.x0);
  const picture = () => page.evaluate(() => document.getElementById('v-timeline').toDataURL());
  const whole = await span();
  const wholePicture = await picture();
  await page.click('#v-zoom-in');
  const halved = await span();
  const zoomedPicture = await picture();
  const box = await (await page.$('#v-timeline')).boundingBox();
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
  await page.mouse.wheel({ deltaY: -100 });
  await page.waitForFunction((h) => window.wrrViewer.state.x1 - window.wrrViewer.state.x0 < h, T, halved);
  const wheeled = await span();
  await page.click('#v-zoom-reset');
  const reset = await span();
  if (!(Math.abs(halved - whole / 2) < 1 && wheeled < halved && reset === whole && zoomedPicture !== wholePicture)) {
    console.log(`zoom: span ${whole}, after + ${halved}, after the wheel ${wheeled}, reset ${reset}; ` +
                `redrawn ${zoomedPicture !== wholePicture}`);
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
  const detail = await page.$eval('#v-detail', (box) => {
    const lines = [box.querySelector('h3').textContent];
    for (const sec of box.querySelectorAll('section.region')) {
      lines.push(sec.querySelector('h4').textContent);
      const text = sec.querySelector('pre.text');
      if (text) lines.push(`text ${text.textContent.split('\n')[0]}`);
      lines.push(`hex ${sec.querySelector('pre.hex').textContent.split('\n')[0]}`);
    }
    return lines.join('\n') + '\n';
  });
  const selected = await page.$$eval('#v-rows .row.selected', (r) => r.map((x) => x.dataset.index));
  out('jump.txt', detail);
  if (selected.join() !== jump) {
    console.log(`after the jump to #${jump} the list highlights ${selected.join() || 'nothing'}`);
    failed = true;
  }

  const before = await page.evaluate(() => window.wrrViewer.state.generation);
  // DIFF_A is dropped on the page, as a person drags a file there.
  await page.evaluate((name, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, basename(diffA), readFileSync(diffA).toString('base64'));
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

  const opened = await page.evaluate(() => window.wrrViewer.state.generation);
  await (await page.$('#trace')).uploadFile(contentTrace);
  await page.waitForFunction((g) => window.wrrViewer.state.generation > g &&
                             document.body.dataset.viewer === 'ready' && window.wrrViewer.state.summary, T, opened);
  const content = [];
  for (const q of queries) {
    await page.click('#q-clear');
    await page.waitForFunction(() => !document.getElementById('v-count').textContent.includes('match'), T);
    for (const crit of q.split('&')) {
      const [key, value] = crit.split('=');
      if (key === 'function') await page.select('#q-function', value);
      else if (key === 'errors') await page.click('#q-errors');
      else await page.type(`#q-${key}`, value);
    }
    await page.click('#q-go');
    await page.waitForFunction(() => document.getElementById('v-count').textContent.includes('match'), T);
    await page.waitForFunction(() => [...document.querySelectorAll('#v-rows .row')]
      .filter((r) => !r.hidden).every((r) => !r.textContent.endsWith('…')), T);
    const got = await page.evaluate(() => ({
      rows: [...document.querySelectorAll('#v-rows .row')].filter((r) => !r.hidden).map((r) => r.dataset.index),
      older: document.getElementById('v-note').dataset.older,
    }));
    content.push(`${q}: [${got.rows.join(' ')}]` + (got.older ? ` older: ${got.older}` : ''));
  }
  out('content.txt', content.map((l) => l + '\n').join(''));
  await page.click('#q-clear');

  const generation = await page.evaluate(() => window.wrrViewer.state.generation);
  await (await page.$('#module')).uploadFile(modulePath);
  await (await page.$('#trace')).uploadFile(replayTrace);
  await page.waitForFunction((g) => window.wrrViewer.state.generation > g &&
                             document.body.dataset.viewer === 'ready', T, generation);
  await page.click('#replay');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Finished'), T);
  const links = await page.$$eval('#output span', (spans) => {
    const bytes = window.wrrViewer.state.summary.version >= 3;
    const text = new Map();
    for (const x of spans.filter((x) => x.dataset.event))
      text.set(x.dataset.event, (text.get(x.dataset.event) ?? '') + x.textContent);
    return [...[...text].map(([e, t]) => (bytes ? `${e}: ${JSON.stringify(t)}` : e)),
            `unlinked ${spans.filter((x) => !x.dataset.event).length}`];
  });
  out('links.txt', links.join('\n') + '\n');
  // A click on linked output shows its event.
  const first = await page.$('#output span[data-event]');
  if (first) {
    const n = await first.evaluate((x) => x.dataset.event);
    await first.click();
    await page.waitForFunction((k) => document.querySelector('#v-detail h3')?.textContent.startsWith(`Event #${k}:`),
                               T, n);
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
