// reactor.wasm driven by many calls, for the cost of recording a host:
//   HOST_CALLS=N       calls of execute (default 100)
//   HOST_MEMORY=0      the host never touches memory (execute(0, 0), no
//                      note), so wrr never copies or compares it
let exports;
const calls = Number(process.env.HOST_CALLS ?? 100);
const memory = process.env.HOST_MEMORY !== "0";

export function imports(importObject) {
  importObject.env = {
    host_value: (key) => BigInt(exports.square(key)),
    host_note: (len) => {
      if (!memory) return 0;
      const p = exports.alloc(len + 1);
      const bytes = new Uint8Array(exports.memory.buffer, p, len + 1);
      bytes.fill(0x61, 0, len);
      bytes[len] = 0;
      return p;
    },
  };
}

export async function main(instance) {
  exports = instance.exports;
  let sum = 0;
  for (let i = 0; i < calls; ++i) {
    if (!memory) {
      sum += exports.execute(0, 0);
      continue;
    }
    const text = new TextEncoder().encode(`request ${i}`);
    const p = exports.alloc(text.length);
    new Uint8Array(exports.memory.buffer, p, text.length).set(text);
    sum += exports.execute(p, text.length);
    exports.release(p);
  }
  console.error(`host: ${calls} calls, sum ${sum}`);
}
