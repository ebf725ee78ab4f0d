// `wrr-trace view TRACE` as a person uses it: start it, open the address it
// prints in a real headless browser, and print what the page shows:
//
//   node view_ui.mjs ENGINE TRACE
//
// prints wrr-trace's line, then "title NAME", "events N" (the list's
// length) and "summary N" (the summary's event count) once the viewer has
// read the whole trace; stops wrr-trace.
import { spawn } from 'node:child_process';

import { ENGINES, launch } from '../../../../runner/host/engines.mjs';

const [engineName, trace] = process.argv.slice(2);
const child = spawn('wrr-trace', ['view', trace, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const line = await new Promise((done, fail) => {
  let text = '';
  child.stdout.on('data', (c) => {
    text += c;
    if (text.includes('\n')) done(text.split('\n')[0]);
  });
  child.on('exit', (code) => fail(new Error(`wrr-trace view exited ${code}: ${text}`)));
});
console.log(line);
const url = line.match(/ at (http:\S+)/)[1];
const browser = await launch(engineName, ENGINES[engineName]);
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-viewer=ready]', { timeout: 60000 });
  await page.waitForSelector('#s-events', { timeout: 60000 });
  const got = await page.evaluate(() => ({
    title: document.getElementById('v-title').textContent,
    events: document.getElementById('v-count').dataset.rows,
    summary: document.getElementById('s-events').textContent.split(' ')[0],
  }));
  console.log(`title ${got.title}\nevents ${got.events}\nsummary ${got.summary}`);
} finally {
  await browser.close();
  child.kill();
}
