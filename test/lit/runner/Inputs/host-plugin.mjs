// The host of host-e2e.test: writes three inputs into the plugin's memory
// and calls execute on each. NESTED=1: host_value calls back into the
// plugin (alloc) and writes memory inside the import; TRAP=1: a last call
// traps; FAIL=1: main throws after its calls; THROW=1: host_value throws on
// its second call; NEVER=1: main never settles; EXIT=1: main calls
// process.exit(3); KILLED=1: after its calls the host waits, then its
// process dies of SIGKILL.
import process from 'node:process';

let plugin;
let calls = 0;
export function imports(importObject, instance) {
  plugin = instance;
  importObject.env = {
    host_value(x) {
      if (process.env.THROW && ++calls === 2) throw new Error('no value today');
      if (process.env.NESTED) {
        const p = plugin.exports.alloc(4);
        new Uint8Array(plugin.exports.memory.buffer, p, 4).set([65, 66, 67, 68]);
      }
      return x * 2;
    },
  };
}

export async function main(instance) {
  const { alloc, execute, memory } = instance.exports;
  for (const input of ['hello', 'world', 'again']) {
    const bytes = new TextEncoder().encode(input);
    const ptr = alloc(bytes.length);
    new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
    console.log('host:', input, '->', execute(ptr, bytes.length));
  }
  if (process.env.TRAP) execute(-16, 100);
  if (process.env.FAIL) throw new Error('the host gave up');
  if (process.env.NEVER) await new Promise(() => {});
  if (process.env.EXIT) process.exit(3);
  if (process.env.KILLED) {
    await new Promise((r) => setTimeout(r, 50));
    process.kill(process.pid, 'SIGKILL');
  }
}
