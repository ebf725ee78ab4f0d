// Runs the viewer's event matching (runner/web/event-match.mjs) on events
// as `wrr-trace dump --json --raw` prints them (a file of JSON lines) and
// prints what it finds:
//   node event_match_check.mjs EVENTS.jsonl links FD:TEXT ...
//       for each piece of output (FD, the bytes of TEXT; \n is a newline,
//       \xHH a byte), the event it links to, or "-"
//   node event_match_check.mjs EVENTS.jsonl rows
//       each event's row in the viewer's list
import { readFileSync } from 'node:fs';

import { outputLinker, rowText } from '../../../../runner/web/event-match.mjs';

const [file, cmd, ...rest] = process.argv.slice(2);
const events = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
// TEXT's UTF-8, with \n and \xHH as the bytes they name.
const bytesOf = (s) => {
  const out = [];
  const enc = new TextEncoder();
  for (const part of s.split(/(\\n|\\x[0-9a-fA-F]{2})/)) {
    if (part === '\\n') out.push(10);
    else if (/^\\x/.test(part)) out.push(parseInt(part.slice(2), 16));
    else out.push(...enc.encode(part));
  }
  return new Uint8Array(out);
};
if (cmd === 'links') {
  const link = outputLinker(events.filter((e) => e.event === 'fd_write' && e.errno === 0));
  console.log(rest.map((piece) => {
    const [fd, ...t] = piece.split(':');
    return link(Number(fd), bytesOf(t.join(':'))) ?? '-';
  }).join(' '));
} else if (cmd === 'rows') {
  for (const e of events) console.log(rowText(e));
} else {
  console.error(`event_match_check: unknown command '${cmd}'`);
  process.exit(2);
}
