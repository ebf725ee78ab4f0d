// The host of host-sync.test: drives Inputs/host-fake-runtime.wat in the
// way HOST_CASE says, and prints what the runner told the module (the
// counters the fake runtime keeps above the program's memory).
import process from 'node:process';

const which = process.env.HOST_CASE;
let depth = 0;

function counters(instance, what) {
  const v = new Uint32Array(instance.exports.memory.buffer, 65536, 64);
  const writes = [];
  for (let i = 0; i < v[0]; ++i) writes.push(`${v[4 + 2 * i]} +${v[5 + 2 * i]}`);
  console.log(`${what}: writes [${writes.join(', ')}] program_bytes ${v[1]} trapped ${v[2]}`);
}

export function imports(importObject, instance) {
  importObject.env = {
    host_value(s) {
      if (which === 'import') new Uint8Array(instance.exports.memory.buffer)[2000] = 5;
      if (which === 'import-throws') throw new Error('no value today');
      if (which === 'nested' && depth++ === 0) {
        new Uint8Array(instance.exports.memory.buffer)[3000] = 7;
        console.log('nested execute ->', instance.exports.execute(3000, 1));
        new Uint8Array(instance.exports.memory.buffer)[3001] = 8;
      }
      return s * 2;
    },
  };
}

export async function main(instance) {
  const { execute, boom } = instance.exports;
  if (which === 'numbers') {
    for (let i = 0; i < 100; ++i) execute(0, 0);
    counters(instance, 'numbers only');
    return;
  }
  const m = new Uint8Array(instance.exports.memory.buffer);
  if (which === 'before') {
    m.set([1, 2, 3], 100);
    m[105] = 4;  // 2 bytes after the last change: one write
    m[130] = 9;  // 24 bytes after: a write of its own
    console.log('execute ->', execute(100, 6));
    await new Promise((resolve) => setTimeout(resolve, 5));
    m[100] = 1;  // the same byte again: nothing changed
    console.log('execute ->', execute(100, 6));
    counters(instance, 'before calls');
  } else if (which === 'import' || which === 'nested') {
    console.log('execute ->', execute(0, 1));
    counters(instance, `inside an import (${which})`);
  } else if (which === 'trap') {
    try { boom(); } catch (e) { console.log('main caught:', e.message); }
    try { execute(0, 1); } catch (e) { console.log('main caught:', e.message); }
    counters(instance, 'after the trap');
  } else if (which === 'import-throws') {
    try { execute(0, 1); } catch (e) { console.log('main caught:', e.message); }
    counters(instance, 'after the import threw');
  } else if (which === 'main-throws') {
    execute(0, 1);
    throw new Error('the host gave up');
  }
}
